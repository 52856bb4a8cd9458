# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's admin state for the roles target (called by runme.sh).

  put VARS FILE [PROFILE]
                      replace the state of both panels with the JSON document in FILE, played by
                      the Plesk profile PROFILE when given
  save VARS FILE      write the current state to FILE
  unchanged VARS FILE fail, showing the first difference, unless the state equals the one saved in FILE
  writes VARS FILE    write the count of write requests of both panels to FILE
  no-writes VARS FILE fail unless the count of write requests is still the one saved in FILE: nothing was sent
                      that could change a panel, whatever the state (a converged state hides a repeated change)

VARS is the JSON file of Ansible variables that setup_emulator writes (admin URLs, CA file).
"""

from __future__ import annotations

import json
import ssl
import sys
import urllib.request


def admin(variables, method='GET', body=None, endpoint='state'):
    """One admin request to the emulator (both panels share one state); the answer's JSON."""
    context = ssl.create_default_context(cafile=variables['emulator_ca_path'])
    request = urllib.request.Request(variables['plesk_admin_url'] + '/' + endpoint, method=method, data=body,
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, context=context, timeout=30) as answer:
        return json.load(answer)


def first_difference(expected, actual, path='state'):
    """Where two JSON documents first differ, as 'path: expected ..., got ...'; None when they are equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [key for key in actual if key not in expected]:
            found = first_difference(expected.get(key), actual.get(key), '%s.%s' % (path, key))
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (left, right) in enumerate(zip(expected, actual)):
            found = first_difference(left, right, '%s[%d]' % (path, index))
            if found:
                return found
        return None
    if expected != actual:
        return '%s: expected %s, got %s' % (path, json.dumps(expected), json.dumps(actual))
    return None


def writes(variables):
    stats = admin(variables, endpoint='stats')
    return {'plesk': stats['plesk']['write_packets'], 'brainycp': stats['brainycp']['write_calls']}


def main(argv):
    commands = ('put', 'save', 'unchanged', 'writes', 'no-writes')
    if len(argv) not in (3, 4) or argv[0] not in commands or (len(argv) == 4 and argv[0] != 'put'):
        sys.stderr.write(__doc__)
        return 2
    command, variables_file, document_file = argv[:3]
    with open(variables_file, encoding='utf-8') as handle:
        variables = json.load(handle)
    if command == 'put':
        with open(document_file, encoding='utf-8') as handle:
            document = json.load(handle)
        if len(argv) == 4:
            document['profile'] = argv[3]
        played = admin(variables, 'PUT', json.dumps(document).encode('utf-8')).get('profile')
        if played != document.get('profile', played):
            print('admin.py: the emulator plays the profile %s, not %s' % (played, document['profile']))
            return 1
    elif command in ('save', 'writes'):
        with open(document_file, 'w', encoding='utf-8') as handle:
            json.dump(admin(variables) if command == 'save' else writes(variables), handle, indent=2)
    elif command == 'no-writes':
        with open(document_file, encoding='utf-8') as handle:
            saved = json.load(handle)
        if writes(variables) != saved:
            print('admin.py: write requests were sent: %s, against %s before' % (writes(variables), saved))
            return 1
        print('admin.py: no write request was sent')
    else:
        with open(document_file, encoding='utf-8') as handle:
            difference = first_difference(json.load(handle), admin(variables))
        if difference:
            print('admin.py: the emulator state changed: %s' % difference)
            return 1
        print('admin.py: the emulator state is unchanged')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
