#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make demo``: start the panel emulator, run the hosting.panels.demo playbook twice, stop the emulator.

The playbook is ``playbooks/demo.yml``, shipped in the collection.  The first run changes things
and reports ``changed``; the second finds nothing to do and reports only ``ok``; then, pointed at a Plesk
and at a BrainyCP that are not the emulator, each play must stop at its guard before any module runs.  The demo fails if any
expectation is not met.

With ``--installed``, the collection is first built with ``ansible-galaxy collection build`` and
installed into a temporary collections folder, and the demo runs from there: this checks what
users of the tarball get, rather than the checkout.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from emulator import control  # noqa: E402 pylint: disable=wrong-import-position,import-error

# The collection's own demo playbook; ``hosting.panels.demo`` runs it from wherever the collection is.
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'demo.yml')
RECAP = re.compile(r'^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.MULTILINE)


def collections_path():
    """A collections folder in the virtualenv where hosting.panels is this checkout."""
    base = os.path.join(sys.prefix, 'collections')
    link = os.path.join(base, 'ansible_collections', 'hosting', 'panels')
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if os.path.realpath(link) != ROOT:
        if os.path.islink(link):
            os.remove(link)
        os.symlink(ROOT, link)
    return base


def installed_collections_path(workdir):
    """Build the collection tarball and install it into a collections folder under ``workdir``."""
    galaxy = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
    subprocess.run([galaxy, 'collection', 'build', '--output-path', workdir, ROOT], check=True)
    tarball = next(os.path.join(workdir, name) for name in os.listdir(workdir) if name.endswith('.tar.gz'))
    base = os.path.join(workdir, 'collections')
    subprocess.run([galaxy, 'collection', 'install', '--offline', '-p', base, tarball], check=True,
                   env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=base))
    return base


def ansible_environment(ready, collections=None):
    """The environment for Ansible commands aimed at the emulator that ``ready`` describes."""
    env = dict(os.environ)
    env.update(control.connection_variables(ready))
    env.update(ANSIBLE_COLLECTIONS_PATH=collections or collections_path(), ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_DEPRECATION_WARNINGS='false')
    return env


def run_playbook(env, label):
    print('\n==> %s' % label, flush=True)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), 'hosting.panels.demo']
    process = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             check=False)
    output = process.stdout.decode('utf-8', errors='replace')
    sys.stdout.write(output)
    recap = RECAP.search(output)
    if process.returncode != 0 or recap is None:
        raise SystemExit('demo: %s failed (exit status %d)' % (label, process.returncode))
    return dict(zip(('ok', 'changed', 'unreachable', 'failed'), (int(value) for value in recap.groups())))


def refuses_elsewhere(env):
    """The demo's guards: pointed at a panel that is not the emulator, each play stops before any module runs."""
    closed = closed_port()
    for panel, variable, done in (('Plesk', 'PLESK', 0), ('BrainyCP', 'BRAINYCP', 1)):
        print('\n==> pointed at a %s that is not the emulator (127.0.0.1:%d, where nothing listens): the demo must '
              'refuse it' % (panel, closed), flush=True)
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), 'hosting.panels.demo']
        process = subprocess.run(command, env=dict(env, **{variable + '_HOST': '127.0.0.1', variable + '_PORT': str(closed)}),
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        output = process.stdout.decode('utf-8', errors='replace')
        recap = RECAP.search(output)
        # The plays before it find the converged emulator: they change nothing either.
        if process.returncode == 0 or recap is None or recap.group(2) != '0' or recap.group(4) != '1' \
                or '%s_HOST and %s_PORT name 127.0.0.1:%d, which is not the hosting.panels emulator' % (
                    variable, variable, closed) not in output:
            sys.stdout.write(output)
            raise SystemExit('demo: pointed at another %s, the demo did not stop at its guard' % panel)
        after = ' (the Plesk play ran first, changing nothing)' if done else ''
        print('    refused, before any %s module ran%s' % (panel, after), flush=True)


def closed_port():
    """A loopback port nothing listens on (one just freed), where a connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--installed', action='store_true',
                        help='run the demo from the built and installed collection tarball')
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='hosting-panels-demo-') as workdir:
        collections = None
        if options.installed:
            print('==> building the collection and installing the tarball into a temporary folder', flush=True)
            collections = installed_collections_path(workdir)
        print('==> starting the panel emulator (Plesk and BrainyCP on free loopback ports, HTTPS)', flush=True)
        with control.running() as ready:
            print('    Plesk at %s, BrainyCP at %s (CA: %s)'
                  % (ready['plesk']['url'], ready['brainycp']['url'], ready['ca_file']))
            env = ansible_environment(ready, collections)
            first = run_playbook(env, 'first run of hosting.panels.demo (%s): the emulator starts from its default '
                                 'state' % os.path.relpath(PLAYBOOK, ROOT))
            second = run_playbook(env, 'second run: the same playbook again, expecting no change')
            refuses_elsewhere(env)
            print('\n==> stopping the emulator', flush=True)
    if first['changed'] == 0:
        raise SystemExit('demo: the first run changed nothing; expected changes')
    if second['changed'] != 0:
        raise SystemExit('demo: the second run changed %d task(s); expected none' % second['changed'])
    print('\nDemo passed: the first run changed %d task(s), the second run changed none (ok=%d).'
          % (first['changed'], second['ok']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
