# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Look for secrets in files: ``python scan.py SECRETS.json FILE...``.

Each secret is looked for as it is, URL-encoded (form bodies, query strings) and JSON-escaped. Prints
the files it was searched in and exits 1, naming the secret's key and the file (never the secret), when
one is found.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote, quote_plus


def forms(secret):
    return {secret, quote(secret, safe=''), quote_plus(secret), json.dumps(secret)[1:-1]}


def main(argv):
    with open(argv[0], encoding='utf-8') as handle:
        secrets = json.load(handle)
    found = []
    for path in argv[1:]:
        with open(path, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        for key, secret in secrets.items():
            if any(form in text for form in forms(secret)):
                found.append('%s: the secret %s' % (path, key))
        print('scan: %s (%d bytes) searched for %d secrets' % (path, len(text), len(secrets)))
    for line in found:
        print('SECRET FOUND: ' + line)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
