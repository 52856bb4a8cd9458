# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The guides show the files of docs/docsite/extra/ whole, as they are.

The files are what the tests check (the credential types in test_awx_credential_types.py, the
playbooks in the integration target docs_playbooks); a guide's copy must not drift from them.
"""

from __future__ import annotations

import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DOCSITE = os.path.join(ROOT, 'docs', 'docsite')

SHOWN = [
    ('extra/awx-credential-type-plesk.yml', 'rst/guide_awx.rst'),
    ('extra/awx-credential-type-brainycp.yml', 'rst/guide_awx.rst'),
    ('extra/playbooks/first.yml', 'rst/guide_getting_started.rst'),
    ('extra/playbooks/emulator-test.yml', 'rst/guide_emulator.rst'),
]


def read(path):
    with open(os.path.join(DOCSITE, path), encoding='utf-8') as handle:
        return handle.read()


@pytest.mark.parametrize('extra, guide', SHOWN)
def test_the_guide_shows_the_file_as_it_is(extra, guide):
    shown = '\n'.join(('  ' + line).rstrip() for line in read(extra).splitlines())
    assert shown in read(guide), '%s does not show %s as it is' % (guide, extra)


def test_every_file_of_extra_parses_and_is_shown_in_a_guide():
    found = []
    for folder, dummy, files in os.walk(os.path.join(DOCSITE, 'extra')):
        for name in files:
            path = os.path.relpath(os.path.join(folder, name), DOCSITE)
            yaml.safe_load(read(path))
            found.append(path)
    assert sorted(found) == sorted(extra for extra, dummy in SHOWN)
