# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the emulator seed and the inventory of the concurrency target: ``python seed.py SEED INVENTORY``.

Twenty hosts (all local), each with its own site (ids 101 to 120, mail on) and its own service
(svc01 to svc20, running); five of them also converge site 200 and the service ``web`` together, and
four converge lists of two sites that overlap in one (ids 301 to 305, mail on), the odd ones naming the sites
by domain, the even ones by id.
"""

from __future__ import annotations

import json
import sys

HOSTS = 20
# Forks whose lists of sites overlap: fork N converges overlapN and overlapN+1.
OVERLAPPING = 4


def main(seed_path, inventory_path):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'},
             {'id': 200, 'name': 'shared.example', 'kind': 'site', 'webspace_id': 1, 'mail_service': True}]
    sites += [{'id': 100 + n, 'name': 'fork%02d.example' % n, 'kind': 'site', 'webspace_id': 1, 'mail_service': True}
              for n in range(1, HOSTS + 1)]
    sites += [{'id': 300 + n, 'name': 'overlap%d.example' % n, 'kind': 'site', 'webspace_id': 1, 'mail_service': True}
              for n in range(1, OVERLAPPING + 2)]
    services = [{'id': 'web', 'title': 'Web Server', 'state': 'running'}]
    services += [{'id': 'svc%02d' % n, 'title': 'Service %d' % n, 'state': 'running'} for n in range(1, HOSTS + 1)]
    with open(seed_path, 'w', encoding='utf-8') as handle:
        json.dump({'plesk': {'sites': sites, 'services': services}}, handle)
    with open(inventory_path, 'w', encoding='utf-8') as handle:
        handle.write('[forks]\n')
        for n in range(1, HOSTS + 1):
            handle.write('fork%02d ansible_connection=local own_site=fork%02d.example own_service=svc%02d\n' % (n, n, n))
        handle.write('\n[same]\n' + ''.join('fork%02d\n' % n for n in range(1, 6)))
        overlapping = [('fork%02d overlapping_sites=\'["overlap%d.example", "overlap%d.example"]\'\n' % (n, n, n + 1))
                       if n % 2 else ('fork%02d overlapping_site_ids=\'[%d, %d]\'\n' % (n, 300 + n, 301 + n))
                       for n in range(1, OVERLAPPING + 1)]
        handle.write('\n[overlapping]\n' + ''.join(overlapping))
        handle.write('\n[all:vars]\nansible_python_interpreter=%s\n' % sys.executable)
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
