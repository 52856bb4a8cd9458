# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start an emulator process for a test or a demo, wait until it listens, and stop it.

Used by ``tools/demo.py`` and by the integration targets (through
``tests/integration/targets/setup_emulator/emulator_tool.py``), so both run the emulator the
same way: both panels on free loopback ports, over HTTPS with a fresh CA, with a request log,
schema checks when the official schemas are at hand, and a lifetime limit as a safety net.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from .profiles import DEFAULT_PROFILE

EMULATOR_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(EMULATOR_DIR))

# Accounts of the default seed; tests and the demo log in with them.
PLESK_LOGIN, PLESK_PASSWORD = 'admin', 'changeme'
PLESK_SECRET_KEY = 'c0ffee00-0000-4000-8000-000000000001'
BRAINYCP_USERNAME, BRAINYCP_PASSWORD = 'root', 'changeme'


class EmulatorFailed(RuntimeError):
    pass


def schema_dir():
    """The official Plesk schemas' folder, when known: $PLESK_XSD_DIR, the test settings, or ../shared."""
    candidates = [os.environ.get('PLESK_XSD_DIR')]
    settings = os.path.join(ROOT, 'tests', 'output', 'test-settings.json')
    if os.path.exists(settings):
        with open(settings, encoding='utf-8') as handle:
            candidates.append(json.load(handle).get('plesk_xsd_dir'))
    candidates.append(os.path.join(os.path.dirname(ROOT), 'shared', 'plesk-xsd'))
    return next((path for path in candidates if path and os.path.isfile(os.path.join(path, 'agent_input.xsd'))), None)


def start(workdir, *options, profile=DEFAULT_PROFILE, python=None, lifetime=900, timeout=30, schemas=True):
    """Start the emulator with its files in ``workdir``, playing ``profile``; return ``(pid, ready)`` once it
    listens.  ``schemas=False`` leaves the official schemas out even when they are at hand (the benchmark
    measures the modules, not the validation)."""
    os.makedirs(workdir, exist_ok=True)
    ready_file = os.path.join(workdir, 'ready.json')
    if os.path.exists(ready_file):
        os.remove(ready_file)
    command = [python or sys.executable, EMULATOR_DIR, '--plesk-port', '0', '--brainycp-port', '0', '--tls',
               '--ca-file', os.path.join(workdir, 'ca.pem'), '--ready-file', ready_file,
               '--request-log', os.path.join(workdir, 'requests.jsonl'), '--max-lifetime', str(lifetime), '--quiet',
               '--profile', profile]
    schemas = schema_dir() if schemas else None
    if schemas:
        command += ['--schema-dir', schemas]
    command += list(options)
    # The schemas were looked for above; a PLESK_XSD_DIR naming a missing folder must not stop the emulator.
    env = {name: value for name, value in os.environ.items() if name != 'PLESK_XSD_DIR'}
    with open(os.path.join(workdir, 'emulator.log'), 'ab') as log:
        # A session of its own: the emulator outlives this call and is stopped by its pid.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    while not os.path.exists(ready_file):
        if process.poll() is not None:
            raise EmulatorFailed('the emulator exited with status %s; see %s'
                                 % (process.returncode, os.path.join(workdir, 'emulator.log')))
        if time.monotonic() > deadline:
            stop(process.pid)
            raise EmulatorFailed('the emulator did not listen within %s seconds' % timeout)
        time.sleep(0.05)
    with open(ready_file, encoding='utf-8') as handle:
        return process.pid, json.load(handle)


def stop(pid, timeout=10):
    """Stop the emulator ``pid`` (politely, then firmly)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, dummy = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child: poll for its end instead
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            finished = 0
        if finished:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def running(*options, profile=DEFAULT_PROFILE, **settings):
    """An emulator for the length of a ``with`` block, in a temporary folder removed afterwards; ``settings``
    go to :func:`start`."""
    workdir = tempfile.mkdtemp(prefix='hosting-panels-emulator-')
    try:
        pid, ready = start(workdir, *options, profile=profile, **settings)
        try:
            yield ready
        finally:
            stop(pid)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def connection_variables(ready):
    """Environment variables that point every module of the collection at the emulator."""
    plesk, brainycp = ready.get('plesk'), ready.get('brainycp')
    variables = {}
    if plesk:
        variables.update(PLESK_HOST=plesk['host'], PLESK_PORT=str(plesk['port']), PLESK_SCHEME=plesk['scheme'],
                         PLESK_LOGIN=PLESK_LOGIN, PLESK_PASSWORD=PLESK_PASSWORD)
        if ready.get('ca_file'):
            variables['PLESK_CA_PATH'] = ready['ca_file']
    if brainycp:
        variables.update(BRAINYCP_HOST=brainycp['host'], BRAINYCP_PORT=str(brainycp['port']),
                         BRAINYCP_SCHEME=brainycp['scheme'], BRAINYCP_USERNAME=BRAINYCP_USERNAME,
                         BRAINYCP_PASSWORD=BRAINYCP_PASSWORD)
        if ready.get('ca_file'):
            variables['BRAINYCP_CA_PATH'] = ready['ca_file']
    return variables
