#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run ansible-test on this checkout, wherever it is cloned.

ansible-test wants the collection at ``.../ansible_collections/hosting/panels``.  This copies
the checkout's files (tracked and untracked, not ignored) into such a tree in a temporary
folder, runs ansible-test there, and brings ``tests/output`` back.  It also:

- gives ansible-test a home folder of its own per virtualenv, ``tests/output/.home/<virtualenv>`` (see
  ``test_home``), so that nothing it or Ansible keeps under ``~`` lands in the user's home or is shared
  with another clone, or with a run on another ansible-core in the same clone;
- writes a stand-in for ansible-test's pip bootstrap script where its download is blocked
  (it bootstraps pip with ``ensurepip`` and installs what ansible-test asked for);
- tells the tests where the shared test data is (``PLESK_XSD_DIR``, default
  ``../shared/plesk-xsd``; ``PANELS_SEEDS_DIR``, default ``../shared/seeds``) through
  ``tests/output/test-settings.json``, because ansible-test passes no custom environment
  variables to the tests.

Usage: ``python tools/ansible_test.py {sanity,units,integration} [ansible-test options]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = os.path.join('tests', 'output', 'test-settings.json')

GET_PIP_STANDIN = '''"""Stand-in for get-pip.py, written by hosting.panels' tools/ansible_test.py.

The real script is downloaded from a host this machine cannot reach.  This one bootstraps pip
with ensurepip (in a subprocess, so pip keeps reading the machine's pip configuration) and then
installs what ansible-test asked for.
"""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
arguments = [argument for argument in sys.argv[1:] if argument not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + arguments)
'''


def ansible_core_version():
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    return tuple(int(part) for part in __version__.split('.')[:2])


def pip_bootstrap_version(core):
    if core < (2, 18):
        return '23_1_2'
    if core < (2, 20):
        return '24_2'
    return '25_2'


def test_home():
    """The home folder ansible-test runs with: ``tests/output/.home/<virtualenv>`` in the checkout.

    ansible-test keeps its pip bootstrap script (``~/.ansible/test/cache``), its sanity virtualenvs
    (``~/.ansible/test/venv``, reused from run to run) and an SSH key under ``~/.ansible/test``, and
    Ansible its temporary files under ``~/.ansible/tmp``; none of that has an option of its own.  In a
    home of the checkout's own they stay out of the user's home, two clones testing at the same time
    never build the same virtualenv at once, a ``~/.ansible.cfg`` of the user's does not change the
    tests, and ``make clean`` removes them.  One home per virtualenv (``.venv``, ``.venv-core2.16``...)
    because ``.ci/run`` tests two ansible-core releases of one checkout at the same time.
    """
    return os.path.join(ROOT, 'tests', 'output', '.home', os.path.basename(os.path.normpath(sys.prefix)))


def pip_settings():
    """pip finds its user configuration and its cache through HOME: keep the user's own."""
    settings = {}
    if 'PIP_CONFIG_FILE' not in os.environ:
        config_home = os.environ.get('XDG_CONFIG_HOME') or os.path.expanduser('~/.config')
        for candidate in (os.path.join(config_home, 'pip', 'pip.conf'), os.path.expanduser('~/.pip/pip.conf'),
                          os.path.expanduser('~/Library/Application Support/pip/pip.conf')):
            if os.path.isfile(candidate):
                settings['PIP_CONFIG_FILE'] = candidate
                break
    if 'PIP_CACHE_DIR' not in os.environ and 'PIP_NO_CACHE_DIR' not in os.environ:
        found = subprocess.run([sys.executable, '-m', 'pip', 'cache', 'dir'], capture_output=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            settings['PIP_CACHE_DIR'] = found.stdout.decode('utf-8').strip()
    return settings


def ensure_pip_standin(home):
    path = os.path.join(home, '.ansible', 'test', 'cache', 'get_pip_%s.py' % pip_bootstrap_version(ansible_core_version()))
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(GET_PIP_STANDIN)
        print('tools/ansible_test.py: wrote a pip bootstrap stand-in to %s' % os.path.relpath(path, ROOT))


def checkout_files():
    """The checkout's files: tracked and untracked, but not ignored, and not deleted."""
    if os.path.isdir(os.path.join(ROOT, '.git')):
        listed = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'],
                                cwd=ROOT, check=True, capture_output=True).stdout.decode('utf-8')
        return sorted(path for path in set(listed.split('\0')) if path and os.path.lexists(os.path.join(ROOT, path)))
    skipped = {'.git', '.venv', os.path.join('tests', 'output')}
    files = []
    for directory, folders, names in os.walk(ROOT):
        relative = os.path.relpath(directory, ROOT)
        folders[:] = [name for name in folders if os.path.normpath(os.path.join(relative, name)) not in skipped
                      and not name.startswith('.venv') and name != '__pycache__']
        files.extend(os.path.normpath(os.path.join(relative, name)) for name in names)
    return sorted(files)


def build_tree(destination):
    for relative in checkout_files():
        source, target = os.path.join(ROOT, relative), os.path.join(destination, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def shared_data(variable, default):
    """A folder of shared test data: from ``variable``, else ``../shared/<default>`` beside the checkout."""
    return os.path.abspath(os.environ.get(variable) or os.path.join(os.path.dirname(ROOT), 'shared', default))


def base_interpreter_dir():
    """The folder of the real interpreter behind this virtualenv, so ansible-test finds pythonX.Y there."""
    return os.path.dirname(os.path.realpath(getattr(sys, '_base_executable', sys.executable)))


def main(argv):
    if not argv or argv[0] not in ('sanity', 'units', 'integration'):
        sys.stderr.write(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    python = '%d.%d' % sys.version_info[:2]
    home = test_home()
    ensure_pip_standin(home)

    workspace = tempfile.mkdtemp(prefix='hosting-panels-')
    tree = os.path.join(workspace, 'ansible_collections', 'hosting', 'panels')
    try:
        build_tree(tree)
        os.makedirs(os.path.join(tree, 'tests', 'output'), exist_ok=True)
        with open(os.path.join(tree, SETTINGS), 'w', encoding='utf-8') as handle:
            json.dump({'plesk_xsd_dir': shared_data('PLESK_XSD_DIR', 'plesk-xsd'),
                       'seeds_dir': shared_data('PANELS_SEEDS_DIR', 'seeds'),
                       # full, or sample: every fault against four modules (the fault_matrix target).
                       'fault_matrix': os.environ.get('FAULT_MATRIX', 'full')}, handle)

        if command == 'integration':
            # The modules and the emulator run in this virtualenv, which has what they need.
            arguments = ['integration', '--python-interpreter', sys.executable, '--color', 'no'] + extra
        else:
            # The virtualenv's Python unless the caller names another (e.g. 3.9 for module compile checks).
            pinned = [] if '--python' in extra else ['--python', python]
            arguments = [command, '--venv'] + pinned + ['--color', 'no'] + extra
        env = dict(os.environ)
        env.update(pip_settings())
        env['HOME'] = home
        env['PATH'] = os.pathsep.join([os.path.dirname(sys.executable), base_interpreter_dir(), env.get('PATH', '')])
        ansible_test = os.path.join(os.path.dirname(sys.executable), 'ansible-test')
        print('tools/ansible_test.py: ansible-test %s  (in %s)' % (' '.join(arguments), tree), flush=True)
        status = subprocess.call([ansible_test] + arguments, cwd=tree, env=env)

        output = os.path.join(tree, 'tests', 'output')
        keep = os.path.join(ROOT, 'tests', 'output')
        for name in os.listdir(output):
            if name.startswith('.tmp'):
                continue
            source = os.path.join(output, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(keep, name), dirs_exist_ok=True)
        return status
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
