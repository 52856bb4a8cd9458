# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the collection tarball leaves out of tools/: every developer tool, and not tools/capture.py, which the
troubleshooting guide has users run on an installed collection."""

from __future__ import annotations

import fnmatch
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GALAXY = os.path.join(ROOT, 'galaxy.yml')
SHIPPED_TOOLS = {'tools/capture.py'}


@pytest.mark.skipif(not os.path.isfile(GALAXY), reason='galaxy.yml is only in a checkout, not in an installed collection')
def test_build_ignore_leaves_out_every_tool_but_the_capture_checker():
    with open(GALAXY, encoding='utf-8') as handle:
        ignored = yaml.safe_load(handle)['build_ignore']
    for entry in sorted(os.listdir(os.path.join(ROOT, 'tools'))):
        if entry == '__pycache__':
            continue
        path = 'tools/' + entry
        left_out = any(fnmatch.fnmatch(path, pattern) for pattern in ignored)
        assert left_out != (path in SHIPPED_TOOLS), '%s is %s' % (path, 'left out' if left_out else 'shipped')
