# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Starting and stopping an emulator process, as make demo and the integration targets do."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import requests

from ansible_collections.hosting.panels.tests.emulator import control


def test_start_serves_both_panels_over_https_and_stop_ends_it(tmp_path, monkeypatch):
    # A clone without ../shared: the variable may name a folder that does not exist.
    monkeypatch.setenv('PLESK_XSD_DIR', str(tmp_path / 'missing'))
    pid, ready = control.start(str(tmp_path / 'work'), lifetime=60)
    try:
        for panel in ('plesk', 'brainycp'):
            state = requests.get(ready[panel]['url'] + '/__emulator__/state', verify=ready['ca_file'], timeout=10)
            assert state.status_code == 200 and set(state.json()) == {'profile', 'plesk', 'brainycp'}
            assert state.json()['profile'] == 'obsidian'
        variables = control.connection_variables(ready)
        assert variables['PLESK_PORT'] == str(ready['plesk']['port']) and variables['PLESK_CA_PATH'] == ready['ca_file']
        assert variables['BRAINYCP_HOST'] == '127.0.0.1' and variables['BRAINYCP_SCHEME'] == 'https'
    finally:
        control.stop(pid)
    try:
        os.kill(pid, 0)
        still_running = True
    except ProcessLookupError:
        still_running = False
    assert not still_running


def test_an_emulator_started_with_a_process_stops_when_that_process_has_ended(tmp_path):
    starter = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])
    pid, ready = control.start(str(tmp_path / 'work'), '--stop-with', str(starter.pid), lifetime=60)
    try:
        assert requests.get(ready['plesk']['url'] + '/__emulator__/state', verify=ready['ca_file'], timeout=10).ok
        starter.kill()
        starter.wait()
        deadline = time.monotonic() + 20
        while _running(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(pid)
        assert 'process %d (--stop-with) has ended, stopping' % starter.pid in (tmp_path / 'work' / 'emulator.log').read_text()
    finally:
        control.stop(pid)


def _running(pid):
    """Whether ``pid``, a child of this process once started by control.start, still runs (reaping it if not)."""
    try:
        finished, dummy = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return not finished


def test_start_plays_the_profile_it_is_given(tmp_path):
    pid, ready = control.start(str(tmp_path / 'work'), profile='onyx', lifetime=60)
    try:
        state = requests.get(ready['plesk']['url'] + '/__emulator__/state', verify=ready['ca_file'], timeout=10)
        assert state.json()['profile'] == 'onyx'
    finally:
        control.stop(pid)


def test_a_failing_start_says_where_the_log_is(tmp_path):
    try:
        control.start(str(tmp_path), '--state', str(tmp_path / 'no-such-seed.yml'), lifetime=30)
    except control.EmulatorFailed as exc:
        assert 'emulator.log' in str(exc)
        assert 'no-such-seed.yml' in (tmp_path / 'emulator.log').read_text()
    else:
        raise AssertionError('the emulator started with a missing seed file')


def test_a_second_start_on_a_busy_port_leaves_the_running_emulators_ca_file_alone(tmp_path):
    pid, ready = control.start(str(tmp_path / 'first'), lifetime=60)
    ca_file = ready['ca_file']
    with open(ca_file, 'rb') as handle:
        first_ca = handle.read()
    try:
        # The README's second shell, by mistake: the same --ca-file, a port that is taken.
        second = subprocess.run([sys.executable, control.EMULATOR_DIR, '--plesk-port', str(ready['plesk']['port']),
                                 '--tls', '--ca-file', ca_file, '--max-lifetime', '30', '--quiet'],
                                capture_output=True, timeout=60, check=False)
        assert second.returncode != 0
        with open(ca_file, 'rb') as handle:
            assert handle.read() == first_ca
        assert sorted(os.listdir(os.path.dirname(ca_file))) == ['ca.pem', 'emulator.log', 'ready.json', 'requests.jsonl']
        assert ('cannot listen on 127.0.0.1 port %d for plesk' % ready['plesk']['port']) in second.stderr.decode()
        # The first emulator still answers, and its CA file still verifies it.
        state = requests.get(ready['plesk']['url'] + '/__emulator__/state', verify=ca_file, timeout=10)
        assert state.status_code == 200
    finally:
        control.stop(pid)
