#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn a capture (``HOSTING_PANELS_CAPTURE=<file>``) into a regression test.

  python tools/capture.py check FILE
      List lines that look like they carry a secret in the clear, and the module runs in FILE.
  python tools/capture.py import FILE NAME [--note TEXT] [--keep-hosts]
      Copy FILE to tests/unit/captures/NAME.jsonl for the unit tests to replay: host names become
      plesk.example.com / brainycp.example.com (unless --keep-hosts), a note line says where the
      capture comes from, and the import is refused while check finds a secret.

Every module run in tests/unit/captures/ is replayed by tests/unit/plugins/test_captures.py: the
recorded answers are fed back, each request must be the recorded one, and the result must be the
recorded result.  See docs/docsite/rst/guide_troubleshooting.rst (or README.md, "Captures").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPTURES = os.path.join(ROOT, 'tests', 'unit', 'captures')
PLACEHOLDER_HOSTS = {'plesk': 'plesk.example.com', 'brainycp': 'brainycp.example.com'}


def capture_module():
    """The collection's _capture module, loaded from its file: it needs nothing but the standard library."""
    spec = importlib.util.spec_from_file_location(
        'hosting_panels_capture', os.path.join(ROOT, 'plugins', 'module_utils', '_capture.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def secrets_left(path):
    with open(path, encoding='utf-8') as handle:
        return capture_module().unmasked_secrets(handle)


def runs(path):
    found = {}
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            record = json.loads(line)
            if record.get('kind') == 'task':
                found[record['run']] = record['module']
    return found


def redacted(line, hosts):
    """A capture line with each panel's real host name replaced by a placeholder, wherever it occurs
    (URL, arguments, messages)."""
    record = json.loads(line)
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    for host, placeholder in hosts.items():
        text = text.replace(host, placeholder)
    return text


def hosts_of(lines):
    """``{real host: placeholder}`` from the task lines."""
    hosts = {}
    for line in lines:
        record = json.loads(line)
        host = (record.get('args') or {}).get('host') if record.get('kind') == 'task' else None
        if host and record.get('panel') in PLACEHOLDER_HOSTS:
            hosts[host] = PLACEHOLDER_HOSTS[record['panel']]
    return hosts


def check(path):
    problems = secrets_left(path)
    for problem in problems:
        print('secret? %s' % problem)
    for run, module in runs(path).items():
        print('run %s: %s' % (run[:8], module))
    return 1 if problems else 0


def import_capture(path, name, note, keep_hosts):
    if not re.match(r'^[a-z0-9][a-z0-9_-]*$', name):
        sys.exit('capture.py: NAME must be lowercase letters, digits, - and _, got %r' % name)
    problems = secrets_left(path)
    if problems:
        sys.exit('capture.py: refusing to import %s, it may hold secrets:\n  %s' % (path, '\n  '.join(problems)))
    os.makedirs(CAPTURES, exist_ok=True)
    target = os.path.join(CAPTURES, name + '.jsonl')
    with open(path, encoding='utf-8') as source:
        lines = [line for line in source if line.strip()]
    hosts = {} if keep_hosts else hosts_of(lines)
    with open(target, 'w', encoding='utf-8') as handle:
        handle.write(json.dumps({'kind': 'note', 'text': note}) + '\n')
        for line in lines:
            handle.write(redacted(line, hosts) + '\n')
    count = len(runs(target))
    print('wrote %s with %d module run(s); make units replays them' % (os.path.relpath(target, ROOT), count))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    checking = commands.add_parser('check')
    checking.add_argument('file')
    importing = commands.add_parser('import')
    importing.add_argument('file')
    importing.add_argument('name')
    importing.add_argument('--note', default='capture contributed by a user; describe the panel version here')
    importing.add_argument('--keep-hosts', action='store_true')
    args = parser.parse_args(argv)
    if args.command == 'check':
        return check(args.file)
    return import_capture(args.file, args.name, args.note, args.keep_hosts)


if __name__ == '__main__':
    sys.exit(main())
