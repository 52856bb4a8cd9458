#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make test-live``: the read-only tests against a real panel, and writes only where you name the object.

The panel is the one the PLESK_* and BRAINYCP_* variables name (the same variables the modules read):
PLESK_HOST with PLESK_PASSWORD or PLESK_SECRET_KEY (PLESK_LOGIN, PLESK_PORT, PLESK_CA_PATH ... as usual),
and/or BRAINYCP_HOST with BRAINYCP_USERNAME and BRAINYCP_PASSWORD.  Without them it says so and exits 0.

Writes happen only on objects you name:
  LIVE_WRITE_SITE=example.com          Plesk: switch that site's mail service, then switch it back; where its
                                       mail is on, change what becomes of mail to unknown names, then change it back
  LIVE_WRITE_SERVICE=fail2ban          Plesk: restart that service
  LIVE_WRITE_MAILBOX=example.com:info  Plesk: rename that mailbox to info-hp-test and back
  LIVE_WRITE_FILTER=spamassassin       BrainyCP: switch that filter, then switch it back
  LIVE_WRITE_MESSAGE=1YlG2A-000Hzk-En  BrainyCP: remove that queued message

Every exchange is captured (passwords and keys masked) into tests/output/live/capture-<time>.jsonl, the
file to send along with a report; ``python tools/capture.py import`` turns it into a regression test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo import collections_path  # noqa: E402 pylint: disable=wrong-import-position,import-error

PANELS = {
    'plesk': (('PLESK_HOST',), ('PLESK_PASSWORD', 'PLESK_SECRET_KEY')),
    'brainycp': (('BRAINYCP_HOST', 'BRAINYCP_USERNAME', 'BRAINYCP_PASSWORD'), ()),
}
WRITES = ('LIVE_WRITE_SITE', 'LIVE_WRITE_SERVICE', 'LIVE_WRITE_MAILBOX', 'LIVE_WRITE_FILTER', 'LIVE_WRITE_MESSAGE')


def named_panels(environ):
    """The panels the environment names completely."""
    panels = []
    for panel, (required, one_of) in PANELS.items():
        if all(environ.get(name) for name in required) and (not one_of or any(environ.get(name) for name in one_of)):
            panels.append(panel)
    return panels


def main(environ=None):
    environ = dict(os.environ if environ is None else environ)
    panels = named_panels(environ)
    if not panels:
        print('make test-live: no panel is named, so there is nothing to test. Set PLESK_HOST and PLESK_PASSWORD '
              '(or PLESK_SECRET_KEY), and/or BRAINYCP_HOST, BRAINYCP_USERNAME and BRAINYCP_PASSWORD; see '
              '"python tools/live.py --help" or README.md.')
        return 0
    writes = [name for name in WRITES if environ.get(name)]
    print('make test-live: read-only tests against %s; writes only on %s'
          % (' and '.join(panels), ', '.join('%s=%s' % (name, environ[name]) for name in writes) or 'nothing'))
    output = os.path.join(ROOT, 'tests', 'output', 'live')
    os.makedirs(output, exist_ok=True)
    capture = environ.get('HOSTING_PANELS_CAPTURE') or os.path.join(
        output, 'capture-%s.jsonl' % time.strftime('%Y%m%d-%H%M%S'))
    environ.update(HOSTING_PANELS_CAPTURE=capture, ANSIBLE_COLLECTIONS_PATH=collections_path(),
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    status = 0
    for panel in panels:
        print('\n=== %s ===' % panel, flush=True)
        status = subprocess.call([playbook, os.path.join(ROOT, 'tests', 'live', panel + '.yml')], env=environ) or status
    print('\nmake test-live: %s. The exchanges are in %s (secrets masked); attach it to a report, or turn it into a '
          'regression test with: python tools/capture.py import %s NAME'
          % ('passed' if status == 0 else 'FAILED', capture, capture))
    return status


if __name__ == '__main__':
    if '--help' in sys.argv[1:] or '-h' in sys.argv[1:]:
        print(__doc__)
        sys.exit(0)
    sys.exit(main())
