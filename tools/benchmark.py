#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make bench``: round trips and time of converging many sites, against the emulator.

For N sites (``--sites``, default 200) it turns the mail service off with
``hosting.panels.plesk_mail_service`` by id and by name, runs the same task again, and, as a
baseline, does what a playbook of ``uri`` tasks does: one request per site to read and one per
site to write.  It prints the Plesk packets each run took (from the emulator's counters) and its
wall time.  This is a measurement, not a test: it never fails on timing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo import ansible_environment  # noqa: E402 pylint: disable=wrong-import-position,import-error
from emulator import control  # noqa: E402 pylint: disable=wrong-import-position,import-error


def admin(ready, path, method='GET', body=None):
    response = requests.request(method, '%s/__emulator__/%s' % (ready['plesk']['url'], path),
                                data=json.dumps(body) if body is not None else None,
                                verify=ready['ca_file'], timeout=60)
    response.raise_for_status()
    return response.json()


def seed(ready, count):
    sites = [{'id': 1000 + index, 'name': 'site%04d.example' % index, 'kind': 'site', 'webspace_id': 1,
              'mail_service': True} for index in range(count)]
    sites.insert(0, {'id': 1, 'name': 'example.com', 'kind': 'webspace'})
    admin(ready, 'state', 'PUT', {'plesk': {'sites': sites}})
    return sites[1:]


def measured(ready, label, action):
    before = admin(ready, 'stats')['plesk']
    started = time.monotonic()
    action()
    seconds = time.monotonic() - started
    after = admin(ready, 'stats')['plesk']
    return (label, after['read_packets'] - before['read_packets'], after['write_packets'] - before['write_packets'],
            seconds)


def run_module(env, arguments):
    ansible = os.path.join(os.path.dirname(sys.executable), 'ansible')
    subprocess.run([ansible, 'localhost', '-m', 'hosting.panels.plesk_mail_service', '-a', json.dumps(arguments)],
                   env=env, check=True, stdout=subprocess.DEVNULL)


def one_request_per_site(ready, sites):
    """The baseline: a read and a write packet per site, as a loop of uri tasks sends them."""
    session = requests.Session()
    url = ready['plesk']['url'] + '/enterprise/control/agent.php'
    headers = {'HTTP_AUTH_LOGIN': control.PLESK_LOGIN, 'HTTP_AUTH_PASSWD': control.PLESK_PASSWORD,
               'Content-Type': 'text/xml'}
    for site in sites:
        for packet in ('<packet><mail><get_prefs><filter><site-id>%d</site-id></filter></get_prefs></mail></packet>',
                       '<packet><mail><enable><site-id>%d</site-id></enable></mail></packet>'):
            session.post(url, data=(packet % site['id']).encode(), headers=headers, verify=ready['ca_file'],
                         timeout=60).raise_for_status()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sites', type=int, default=200)
    args = parser.parse_args()

    with control.running('--request-log', os.devnull) as ready:
        env = ansible_environment(ready)
        sites = seed(ready, args.sites)
        ids = [site['id'] for site in sites]
        names = [site['name'] for site in sites]
        rows = [
            measured(ready, 'plesk_mail_service, by id, changes', lambda: run_module(env, {'site_id': ids, 'state': 'disabled'})),
            measured(ready, 'plesk_mail_service, by id, no change', lambda: run_module(env, {'site_id': ids, 'state': 'disabled'})),
            measured(ready, 'plesk_mail_service, by name, changes', lambda: run_module(env, {'site': names, 'state': 'enabled'})),
            measured(ready, 'plesk_mail_service, by name, no change', lambda: run_module(env, {'site': names, 'state': 'enabled'})),
            measured(ready, 'baseline: one read and one write request per site', lambda: one_request_per_site(ready, sites)),
        ]
        print('\n%d sites; Plesk emulator over HTTPS on loopback; the module runs include ansible start-up\n' % args.sites)
        print('%-52s %12s %13s %9s' % ('run', 'read packets', 'write packets', 'seconds'))
        for label, reads, writes, seconds in rows:
            print('%-52s %12d %13d %9.2f' % (label, reads, writes, seconds))
    return 0


if __name__ == '__main__':
    sys.exit(main())
