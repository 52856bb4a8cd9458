# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Emulator helper for the integration targets (called by emulator.sh).

  start WORKDIR [emulator options]   start the emulator, print its pid once it listens
  vars WORKDIR                       print Ansible variables (JSON) pointing at it
  env WORKDIR                        print shell exports of the PLESK_* / BRAINYCP_* variables
  check-log WORKDIR [--styles S1,S2]
                                     validate every logged Plesk request and answer against the
                                     official schemas (skipped, saying why, when they are absent);
                                     count the BrainyCP request styles and fail on any but S1, S2 ...
                                     (default: the documented style, constant+username)
  root WORKDIR                       print the collection root (tools/, tests/live ...)
"""

from __future__ import annotations

import json
import os
import shlex
import sys


def collection_root():
    """ansible-test copies targets below the collection: walk up to the folder with the emulator.  A checkout has
    galaxy.yml there, an installed collection MANIFEST.json instead."""
    directory = os.path.dirname(os.path.abspath(__file__))
    while directory != os.path.dirname(directory):
        marked = any(os.path.isfile(os.path.join(directory, marker)) for marker in ('galaxy.yml', 'MANIFEST.json'))
        if marked and os.path.isdir(os.path.join(directory, 'tests', 'emulator')):
            return directory
        directory = os.path.dirname(directory)
    raise SystemExit('emulator_tool: cannot find the collection root above %s' % __file__)


sys.path.insert(0, os.path.join(collection_root(), 'tests'))
from emulator import control  # noqa: E402 pylint: disable=wrong-import-position,import-error


def ready(workdir):
    with open(os.path.join(workdir, 'ready.json'), encoding='utf-8') as handle:
        return json.load(handle)


def ansible_variables(workdir):
    info = ready(workdir)
    variables = {'emulator_ca_path': info['ca_file'], 'emulator_workdir': workdir}
    for panel in ('plesk', 'brainycp'):
        variables.update({
            '%s_host' % panel: info[panel]['host'],
            '%s_port' % panel: info[panel]['port'],
            '%s_admin_url' % panel: info[panel]['url'] + '/__emulator__',
        })
    return variables


TARGET_LIFETIME = 7200
DOCUMENTED_STYLE = 'constant+username'
# What the modules send as User-Agent (plugins/module_utils/_http.py), told apart from a test's own uri tasks.
USER_AGENT = 'hosting.panels'


def check_styles(entries, allowed):
    """Count the BrainyCP request styles; problems for any style not ``allowed``."""
    styles = {}
    for entry in entries:
        if entry['panel'] == 'brainycp':
            styles[entry['style']] = styles.get(entry['style'], 0) + 1
    if styles:
        print('check-log: BrainyCP request styles: %s' % ', '.join('%s %d' % item for item in sorted(styles.items())))
    return ['BrainyCP requests in the style %s, which this test does not allow: %d' % (style, count)
            for style, count in styles.items() if style not in allowed]


def check_content_types(entries):
    """Problems for any Plesk packet of the modules (not of a test's own uri task) sent with another Content-Type
    than the documented text/xml, which a Plesk or a proxy comparing it exactly would refuse."""
    ours = [entry for entry in entries
            if entry['panel'] == 'plesk' and (entry.get('user_agent') or '').startswith(USER_AGENT)]
    wrong = sorted({entry.get('content_type') or 'none' for entry in ours} - {'text/xml'})
    if ours and not wrong:
        print('check-log: %d Plesk packets of the modules, all with Content-Type text/xml' % len(ours))
    return ['Plesk packets of the modules with Content-Type %s, not text/xml' % ', '.join(wrong)] if wrong else []


def check_log(workdir, allowed_styles=(DOCUMENTED_STYLE,)):
    from emulator.schema import PleskSchemas  # pylint: disable=import-error,import-outside-toplevel
    from lxml import etree  # pylint: disable=import-outside-toplevel

    with open(os.path.join(workdir, 'requests.jsonl'), encoding='utf-8') as handle:
        entries = [json.loads(line) for line in handle if line.strip()]
    style_problems = check_styles(entries, allowed_styles) + check_content_types(entries)
    if style_problems:
        print('\n'.join(style_problems))
        return 1
    directory = control.schema_dir()
    if directory is None:
        print('check-log: SKIPPED: the official Plesk schemas were not found (set PLESK_XSD_DIR, or put '
              '../shared/plesk-xsd beside the checkout)')
        return 0
    schemas = PleskSchemas(directory)
    problems, checked, faulted = [], 0, 0
    for number, entry in enumerate(entries, 1):
        if entry['panel'] != 'plesk':
            continue
        if entry['status'] == 413:  # refused for its size (max_request_size) before anything read it
            continue
        checked += 1
        request_problem = schemas.request_problem(etree.fromstring(entry['request'].encode('utf-8')))
        if entry.get('faults'):
            # An injected fault answered in the panel's place, or cut its answer: only the request is Plesk's.
            faulted += 1
            answer_problem = None
        elif entry['status'] != 200:
            problems.append('request %d: HTTP %s: %s' % (number, entry['status'], entry['response']))
            continue
        else:
            answer_problem = schemas.response_problem(etree.fromstring(entry['response'].encode('utf-8')))
        for kind, problem in (('request', request_problem), ('answer', answer_problem)):
            if problem:
                problems.append('%s %d violates the schema: %s\n%s' % (kind, number, problem, entry[kind if kind == 'request' else 'response']))
    if problems:
        print('\n'.join(problems))
        return 1
    print('check-log: %d Plesk requests valid against agent_input.xsd, their answers against agent_output.xsd%s'
          % (checked, ' (but the %d that injected faults answered or cut)' % faulted if faulted else ''))
    return 0


def main(argv):
    command, workdir, options = argv[0], argv[1], argv[2:]
    if command == 'start':
        # The emulator stops with the target's script (emulator.sh gives --stop-with); the lifetime is only a
        # last resort, longer than any target runs on a loaded machine (the whole fault matrix takes minutes).
        pid, dummy = control.start(workdir, *options, lifetime=TARGET_LIFETIME)
        print(pid)
    elif command == 'vars':
        print(json.dumps(ansible_variables(workdir), indent=2))
    elif command == 'env':
        for name, value in sorted(control.connection_variables(ready(workdir)).items()):
            print('export %s=%s' % (name, shlex.quote(value)))
    elif command == 'check-log':
        styles = options[options.index('--styles') + 1].split(',') if '--styles' in options else [DOCUMENTED_STYLE]
        return check_log(workdir, styles)
    elif command == 'root':
        print(collection_root())
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
