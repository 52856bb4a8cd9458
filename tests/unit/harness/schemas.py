# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the shared test data is: the official Plesk schemas and the seed pages.

Neither is part of the project.  They are read from ``$PLESK_XSD_DIR`` / ``$PANELS_SEEDS_DIR``,
else from ``tests/output/test-settings.json`` (which ``tools/ansible_test.py`` writes, because
ansible-test passes no custom environment variables), else from ``../shared/plesk-xsd`` and
``../shared/seeds`` beside the checkout.  Tests skip, saying why, when they are absent.
"""

from __future__ import annotations

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def _find(variable, setting, default, marker, what):
    candidates = []
    if os.environ.get(variable):
        candidates.append(os.environ[variable])
    settings = os.path.join(ROOT, 'tests', 'output', 'test-settings.json')
    if os.path.exists(settings):
        with open(settings, encoding='utf-8') as handle:
            configured = json.load(handle).get(setting)
        if configured:
            candidates.append(configured)
    candidates.append(os.path.join(os.path.dirname(ROOT), 'shared', default))
    for directory in candidates:
        if marker(directory):
            return directory, None
    return None, '%s not found in %s; set %s to their folder to run this check' % (
        what, ', '.join(candidates), variable)


def schema_dir():
    """``(directory or None, why it is missing)``."""
    return _find('PLESK_XSD_DIR', 'plesk_xsd_dir', 'plesk-xsd',
                 lambda directory: os.path.isfile(os.path.join(directory, 'agent_input.xsd')),
                 'the official Plesk XML API schemas (agent_input.xsd, agent_output.xsd) were')


def seeds_dir():
    """``(directory or None, why it is missing)``."""
    return _find('PANELS_SEEDS_DIR', 'seeds_dir', 'seeds',
                 lambda directory: os.path.isdir(directory) and any(name.endswith('.txt') for name in os.listdir(directory)),
                 'the seed pages (the original API documentation) were')
