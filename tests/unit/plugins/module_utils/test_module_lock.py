# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lock that keeps parallel runs of one module on shared objects apart (``one_at_a_time``).

Each run is a real PanelModule in this process; a file lock held through one open file conflicts with
one taken through another, so runs in one process meet as runs in separate processes do.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile

import pytest

from ansible_collections.hosting.panels.plugins.module_utils._module import one_at_a_time, plesk_module
from ansible_collections.hosting.panels.tests.unit.harness.modules import _module_args

fcntl = pytest.importorskip('fcntl')

NAME = 'hosting.panels.plesk_mail_service'
SHORT_WAIT = 0.2


@pytest.fixture(autouse=True)
def own_temporary_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


@pytest.fixture
def start_run():
    """Start a run; its module arguments stay in place until the test ends, as a module's stay until it exits."""
    with contextlib.ExitStack() as runs:
        def start(name=NAME, host='panel.example.com', check_mode=False):
            args = dict(host=host, password='secret', _ansible_module_name=name, _ansible_check_mode=check_mode)
            runs.enter_context(_module_args(args))
            return plesk_module(argument_spec=dict(), supports_check_mode=True)
        yield start


def lock(run, *objects):
    """Take the run's lock with a short wait; return the failure the run printed, or None if it got the lock."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            one_at_a_time(run, *objects, wait=SHORT_WAIT)
        except SystemExit:
            return json.loads(output.getvalue().strip().splitlines()[-1])
    return None


def finish(run):
    with contextlib.redirect_stdout(io.StringIO()):
        with pytest.raises(SystemExit):
            run.exit_json(changed=False)


def test_a_run_waits_for_a_run_whose_list_only_overlaps_its_own(start_run):
    assert lock(start_run(), 'a.example', 'b.example') is None
    failure = lock(start_run(), 'b.example', 'c.example')
    assert failure['failed'] is True
    assert failure['msg'] == ('Another run of %s on some of the same objects of panel.example.com:8443 has held its '
                              'lock for %s seconds; nothing was changed' % (NAME, SHORT_WAIT))


def test_the_next_run_goes_on_once_the_first_has_ended(start_run):
    first = start_run()
    assert lock(first, 'a.example', 'b.example') is None
    finish(first)
    assert lock(start_run(), 'b.example', 'a.example') is None


def test_a_run_that_gave_up_holds_nothing(start_run):
    holder = start_run()
    assert lock(holder, 'shared.example') is None
    names = ['other%02d.example' % number for number in range(40)]
    assert lock(start_run(), 'shared.example', *names) is not None
    finish(holder)
    # Had the run that gave up kept any of the locks it took before it gave up, this would wait.
    assert lock(start_run(), 'shared.example', *names) is None


def test_runs_on_different_objects_mostly_go_in_parallel(start_run):
    assert lock(start_run(), 'a.example') is None
    others = ['site%02d.example' % number for number in range(10)]
    waited = [name for name in others if lock(start_run(), name) is not None]
    # Objects share a lock only when they share a bucket: most of ten other objects do not wait.
    assert len(waited) < 5, waited


def test_other_modules_panels_and_check_mode_do_not_wait(start_run):
    assert lock(start_run(), 'a.example') is None
    assert lock(start_run(name='hosting.panels.plesk_mailbox'), 'a.example') is None
    assert lock(start_run(host='other.example.com'), 'a.example') is None
    # Check mode changes nothing, so it waits for nobody.
    assert lock(start_run(check_mode=True), 'a.example') is None


def test_a_run_over_thousands_of_objects_is_kept_apart_from_any_run_on_one_of_them(start_run):
    assert lock(start_run(), *['site%05d.example' % number for number in range(5000)]) is None
    assert lock(start_run(), 'site04999.example') is not None
