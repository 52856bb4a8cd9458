# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make test``'s summary (tools/run_tests.py): CI shows only the end of its log, so a failed part's summary
line must carry what the part printed about its failure, and nothing of the failures negative tests expect."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_TESTS = os.path.join(ROOT, 'tools', 'run_tests.py')
pytestmark = pytest.mark.skipif(not os.path.isfile(RUN_TESTS),
                                reason='tools/run_tests.py is only in a checkout, not in an installed collection')

# What each part of the fake make prints, and its exit status.
PARTS = {
    'units': (['tests/unit/test_a.py ...F', 'E       AssertionError: assert 1 == 2',
               'FAILED tests/unit/test_a.py::test_one - AssertionError: assert 1 == 2', '1 failed, 3 passed',
               'make[1]: *** [Makefile:70: units] Error 1'] + ['more output'] * 20, 2),
    'integration': (['TASK [Bad input]', 'fatal: [testhost]: FAILED! => {"msg": "expected"}', '...ignoring',
                     'TASK [Rescued]', 'fatal: [testhost]: FAILED! => {"msg": "rescued"}', '',
                     'TASK [Rescue it]', 'ok: [testhost]',
                     'TASK [The change]', 'fatal: [testhost]: FAILED! => {"msg": "the real failure"}',
                     '+ expect_recap failed=1', 'FAULT MATRIX CASE FAILED: plesk_service / http_500',
                     'PLAY RECAP', 'testhost : ok=3 changed=0 unreachable=0 failed=1 skipped=0 rescued=1 ignored=1',
                     'FATAL: Command "./runme.sh" returned exit status 2.'], 2),
    'sanity': (['fatal: [testhost]: FAILED! => {"msg": "expected"}', '...ignoring', 'all good'], 0),
}


def run(tmp_path, *parts):
    fake_make = tmp_path / 'make'
    fake_make.write_text(textwrap.dedent('''\
        #!%s
        import json, sys
        lines, status = json.loads(%r)[sys.argv[-1]]
        print('\\n'.join(lines))
        sys.exit(status)
        ''') % (sys.executable, json.dumps(PARTS)))
    fake_make.chmod(0o755)
    done = subprocess.run([sys.executable, RUN_TESTS, '--make', str(fake_make)]
                          + list(parts), capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout.split('==== make test: one line per part ====')[1]


def test_a_failed_part_s_summary_names_its_failures_and_not_the_failures_its_negative_tests_expect(tmp_path):
    status, summary = run(tmp_path, 'sanity', 'units', 'integration')
    assert status == 1
    lines = summary.splitlines()
    assert lines[1].startswith('sanity:      passed in ') and 'what it printed' not in summary.split('units:')[0]
    units = summary.split('units:')[1].split('integration:')[0]
    assert 'FAILED (exit status 2)' in units
    assert 'E       AssertionError: assert 1 == 2' in units and 'FAILED tests/unit/test_a.py::test_one' in units
    assert 'make[1]: *** [Makefile:70: units] Error 1' in units.split('its last')[0]
    integration = summary.split('integration:')[1]
    clues = integration.split('its last')[0]
    assert 'the real failure' in clues and 'failed=1 skipped' in clues and 'FATAL: Command "./runme.sh"' in clues
    assert 'FAULT MATRIX CASE FAILED: plesk_service / http_500' in clues
    assert '"expected"' not in clues and '"rescued"' not in clues and 'expect_recap' not in clues
    assert summary.rstrip().endswith('test: 1 passed, 2 failed')
