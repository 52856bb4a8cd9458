# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lock that keeps parallel runs of one module on shared objects apart (``one_at_a_time``).

Each run is a real PanelModule in this process; a file lock held through one open file conflicts with
one taken through another, so runs in one process meet as runs in separate processes do.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import tempfile
import threading
import time

import pytest

from ansible_collections.hosting.panels.plugins.module_utils import _module
from ansible_collections.hosting.panels.plugins.module_utils._module import lock_bucket, one_at_a_time, plesk_module
from ansible_collections.hosting.panels.plugins.modules import plesk_mail_service, plesk_mailbox, plesk_mailbox_rename
from ansible_collections.hosting.panels.tests.unit.harness.answers import answer, done, lookup, named_mailboxes, prefs
from ansible_collections.hosting.panels.tests.unit.harness.mail_answers import accounts, created
from ansible_collections.hosting.panels.tests.unit.harness.modules import _module_args, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

fcntl = pytest.importorskip('fcntl')

NAME = 'hosting.panels.plesk_mail_service'
SHORT_WAIT = 0.2
# Where a run must get its lock: long, so that a loaded machine cannot make it fail; it is waited out only when broken.
LONG_WAIT = 60


@pytest.fixture(autouse=True)
def own_temporary_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))


@pytest.fixture(autouse=True)
def no_warnings_of_earlier_tests():
    # Ansible keeps a run's warnings in the process, where a real run ends.
    from ansible.module_utils.common import warnings
    for name in ('_global_warnings', '_global_deprecations'):
        kept = getattr(warnings, name, None)
        if kept is not None:
            kept.clear()


@pytest.fixture
def start_run():
    """Start a run; its module arguments stay in place until the test ends, as a module's stay until it exits."""
    started = []
    with contextlib.ExitStack() as runs:
        def start(name=NAME, host='panel.example.com', check_mode=False):
            args = dict(host=host, password='secret', _ansible_module_name=name, _ansible_check_mode=check_mode)
            runs.enter_context(_module_args(args))
            started.append(plesk_module(argument_spec=dict(), supports_check_mode=True))
            return started[-1]
        yield start
    # A real run lets its locks go when its process ends.
    for run in started:
        run._release()


def lock(run, *objects):
    """Take the run's lock with a short wait; return the failure the run printed, or None if it went on."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            one_at_a_time(run, *objects, wait=SHORT_WAIT)
        except SystemExit:
            return json.loads(output.getvalue().strip().splitlines()[-1])
    return None


def locked(run, *objects):
    """Whether the run took its lock at once (not failed, and not gone on without one)."""
    return lock(run, *objects) is None and len(run.held_locks) > 0


def finish(run):
    with contextlib.redirect_stdout(io.StringIO()):
        with pytest.raises(SystemExit):
            run.exit_json(changed=False)


def test_a_run_waits_for_a_run_whose_list_only_overlaps_its_own(start_run):
    assert locked(start_run(), 'a.example', 'b.example')
    failure = lock(start_run(), 'b.example', 'c.example')
    assert failure['failed'] is True
    assert failure['msg'] == ('Waited %s seconds for other runs of %s on some of the same objects of '
                              'panel.example.com:8443, or on objects that share their locks; nothing was changed'
                              % (SHORT_WAIT, NAME))


def test_the_next_run_goes_on_once_the_first_has_ended(start_run):
    first = start_run()
    assert locked(first, 'a.example', 'b.example')
    finish(first)
    assert first.held_locks == ()
    assert locked(start_run(), 'b.example', 'a.example')


def test_a_run_that_locks_again_lets_its_first_locks_go_rather_than_wait_for_them(start_run):
    # flock conflicts between two open files of one process: kept, the first locks would stop the second call.
    run = start_run()
    assert locked(run, 'a.example')
    assert locked(run, 'a.example', 'b.example')


def test_a_run_that_gave_up_holds_nothing(start_run):
    # The run that gives up takes the buckets below the shared object's first, and must let them go.
    shared = max(('shared%02d.example' % number for number in range(10)), key=lock_bucket)
    others = ['other%02d.example' % number for number in range(40)]
    assert any(lock_bucket(name) < lock_bucket(shared) for name in others)
    holder = start_run()
    assert locked(holder, shared)
    quitter = start_run()
    assert lock(quitter, shared, *others) is not None
    assert quitter.held_locks == ()
    finish(holder)
    assert locked(start_run(), shared, *others)


def test_runs_on_objects_in_other_buckets_go_in_parallel(start_run):
    assert locked(start_run(), 'a.example')
    others = [name for name in ('site%02d.example' % number for number in range(10))
              if lock_bucket(name) != lock_bucket('a.example')]
    assert len(others) >= 5
    for name in others:
        run = start_run()
        assert locked(run, name), name
        finish(run)


def test_names_that_differ_only_in_case_or_in_the_prefix_of_the_module_share_a_lock(start_run):
    assert locked(start_run(), 'Shop.Example')
    assert lock(start_run(), 'shop.example') is not None
    assert lock(start_run(name='plesk_mail_service'), 'SHOP.example') is not None


def test_other_modules_panels_check_mode_and_empty_lists_do_not_wait(start_run):
    assert locked(start_run(), 'a.example')
    assert locked(start_run(name='hosting.panels.plesk_mailbox'), 'a.example')
    assert locked(start_run(host='other.example.com'), 'a.example')
    # Check mode changes nothing, so it waits for nobody; nor does a run with nothing to change.
    check_run = start_run(check_mode=True)
    assert lock(check_run, 'a.example') is None and check_run.held_locks == ()
    empty_run = start_run()
    assert lock(empty_run) is None and empty_run.held_locks == ()


def test_a_run_over_thousands_of_objects_is_kept_apart_from_any_run_on_one_of_them(start_run):
    assert locked(start_run(), *['site%05d.example' % number for number in range(5000)])
    assert lock(start_run(), 'site04999.example') is not None


def test_runs_that_share_the_panel_s_lock_do_not_pass_a_run_that_waits_for_it_alone(start_run, tmp_path):
    first = start_run()
    assert locked(first, 'a.example')
    large, outcome = start_run(), []
    waiting = threading.Thread(target=lambda: outcome.append(lock_for(large, LONG_WAIT)))
    waiting.start()
    gate = _held_gate(lock_folder(tmp_path))
    # Without the gate, this run would share the panel's lock with the first at once, and so would every run
    # after it, however long the large run had waited.
    assert lock(start_run(), 'b.example') is not None
    finish(first)
    waiting.join()
    assert outcome == [None] and len(large.held_locks) == 1
    assert gate


def lock_for(run, wait):
    """Lock 5,000 objects from a thread: None once locked, or the failure the run printed."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            one_at_a_time(run, *['site%05d.example' % number for number in range(5000)], wait=wait)
        except SystemExit:
            return output.getvalue()
    return None


def _held_gate(folder, wait=LONG_WAIT):
    """The panel's gate file once another run holds it."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for gate in folder.glob('*.gate'):
            with open(gate, 'w') as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return gate
        time.sleep(0.01)
    raise AssertionError('no run took the gate')


# Each Plesk module that names a site by domain or by id: its arguments naming example.org (id 11) by domain; the
# object a run naming the same site by id locks, and the one it would be as named by domain; the answers to the
# module's read of the state and to its write.
BY_DOMAIN = {
    'plesk_mail_service': (plesk_mail_service, {'site': ['Example.org'], 'state': 'disabled'}, 11, 'example.org',
                           answer(prefs(11, True)), answer(done('mail', 'disable'))),
    'plesk_mailbox': (plesk_mailbox, {'mailboxes': [{'address': 'info@Example.org'}]}, (11, 'info'),
                      ('example.org', 'info'), answer(accounts(['info'])), answer(created('info'))),
    'plesk_mailbox_rename': (plesk_mailbox_rename, {'site': 'Example.org', 'name': 'Info', 'new_name': 'desk'},
                             (11, 'info'), ('example.org', 'info'),
                             answer(named_mailboxes(['Info', 'desk'], ['info'])), answer(done('mail', 'rename'))),
}


def release_later(holder, released):
    """A timer that lets ``holder``'s locks go 0.3 s after it starts, noting when in ``released``."""
    return threading.Timer(0.3, lambda: (released.append(time.monotonic()), holder._release()))


def read_state(state, state_read):
    """Answers the module's read of the state with ``state``, noting when in ``state_read``."""
    def respond(sent):
        state_read.append(time.monotonic())
        return state
    return respond


@pytest.mark.parametrize('name', sorted(BY_DOMAIN))
def test_a_run_naming_a_site_by_domain_waits_to_read_its_state_for_a_run_that_names_it_by_id(start_run, wire, name):
    module, args, by_id, by_domain, state, write = BY_DOMAIN[name]
    # Otherwise a lock keyed by the name the task gives would meet the other run in their bucket too.
    assert lock_bucket(by_id) != lock_bucket(by_domain)
    holder = start_run(name='hosting.panels.' + name, host='plesk.example.com')
    assert locked(holder, by_id)
    released, state_read = [], []
    timer = release_later(holder, released)

    def found_then_release_later(sent):
        timer.start()
        return answer(lookup('Example.org', 11, 'example.org'))
    wire.expect(plesk('', respond=found_then_release_later), plesk('', respond=read_state(state, state_read)), plesk(write))
    result = run_module(module, dict(args, host='plesk.example.com', password='secret'))
    timer.join()
    assert result['changed'] is True and not result.failed
    assert state_read[0] >= released[0]


def test_a_rename_waits_for_a_run_on_the_name_it_renames_to(start_run, wire):
    holder = start_run(name='hosting.panels.plesk_mailbox_rename', host='plesk.example.com')
    assert locked(holder, (11, 'desk'))
    released, state_read = [], []
    timer = release_later(holder, released)
    state = answer(lookup(11, 11, 'example.org'), named_mailboxes(['info', 'desk'], ['info']))
    wire.expect(plesk('', respond=read_state(state, state_read)), plesk(answer(done('mail', 'rename'))))
    timer.start()
    result = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': 'secret', 'site_id': 11,
                                               'name': 'info', 'new_name': 'Desk'})
    timer.join()
    assert result['changed'] is True and not result.failed
    assert state_read[0] >= released[0]


def lock_folder(tmp_path):
    return tmp_path / ('hosting-panels-locks-%d' % os.geteuid())


def test_a_mailbox_change_waits_for_a_rename_onto_one_of_its_aliases(start_run, wire):
    holder = start_run(name='hosting.panels.plesk_mailbox_rename', host='plesk.example.com')
    assert locked(holder, (11, 'desk'))
    released, state_read = [], []
    timer = release_later(holder, released)
    state = answer(lookup(11, 11, 'example.org'), accounts(['info']))
    wire.expect(plesk('', respond=read_state(state, state_read)), plesk(answer(created('info'))))
    timer.start()
    result = run_module(plesk_mailbox, {'host': 'plesk.example.com', 'password': 'secret',
                                        'mailboxes': [{'site_id': 11, 'name': 'info', 'aliases': ['Desk']}]})
    timer.join()
    assert result['changed'] is True and not result.failed
    assert state_read[0] >= released[0]


def test_a_folder_that_cannot_hold_locks_warns_and_goes_on(start_run, tmp_path):
    lock_folder(tmp_path).write_text('a file where the folder should be')
    run = start_run()
    assert lock(run, 'a.example', 'b.example') is None
    assert run.held_locks == ()
    assert any('Could not take the lock' in warning and 'may each report the same change' in warning
               for warning in _module_warnings())


@pytest.mark.parametrize('make, why', [
    # Another user could put links in a folder others may write to, or hold its locks.
    (lambda folder, elsewhere: (folder.mkdir(), folder.chmod(0o777)), 'is not a folder of this user alone'),
    (lambda folder, elsewhere: (folder.mkdir(mode=0o700), folder.chmod(0o750)), 'is not a folder of this user alone'),
    (lambda folder, elsewhere: folder.symlink_to(elsewhere, target_is_directory=True), 'Could not take the lock'),
])
def test_a_lock_folder_that_is_not_the_users_alone_is_not_used(start_run, tmp_path, make, why):
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir(mode=0o700)
    make(lock_folder(tmp_path), elsewhere)
    run = start_run()
    assert lock(run, 'a.example') is None and run.held_locks == ()
    assert any(why in warning for warning in _module_warnings()), _module_warnings()
    assert not list(elsewhere.iterdir())


def test_a_lock_folder_owned_by_another_user_is_not_used(start_run, tmp_path, monkeypatch):
    # The folder is made by this test's user; the run is told it runs as another, whose folder the name is.
    other_user = os.geteuid() + 4242
    monkeypatch.setattr(os, 'geteuid', lambda: other_user)
    lock_folder(tmp_path).mkdir(mode=0o700)
    run = start_run()
    assert lock(run, 'a.example') is None and run.held_locks == ()
    assert any('is not a folder of this user alone' in warning for warning in _module_warnings())


def test_a_link_in_the_lock_folder_is_not_followed(start_run, tmp_path):
    first = start_run()
    assert locked(first, 'a.example')
    finish(first)
    victim = tmp_path / 'victim'
    for lock_file in lock_folder(tmp_path).iterdir():
        lock_file.unlink()
        lock_file.symlink_to(victim)
    run = start_run()
    assert lock(run, 'a.example') is None and run.held_locks == ()
    assert not victim.exists()


def test_the_lock_folder_is_the_users_own(start_run, tmp_path):
    assert locked(start_run(), 'a.example')
    folder = lock_folder(tmp_path)
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700 and folder.stat().st_uid == os.geteuid()


def test_a_panel_host_spelled_in_other_case_or_with_a_final_dot_shares_the_lock(start_run):
    assert locked(start_run(host='panel.example.com'), 'a.example')
    assert lock(start_run(host='Panel.Example.COM'), 'a.example') is not None
    assert lock(start_run(host='panel.example.com.'), 'a.example') is not None


def test_mailbox_changes_and_renames_share_their_locks(start_run):
    assert locked(start_run(name='hosting.panels.plesk_mailbox_rename'), (11, 'info'))
    failure = lock(start_run(name='hosting.panels.plesk_mailbox'), (11, 'Info'))
    assert 'for other runs of plesk_mailbox or plesk_mailbox_rename on some of the same objects' in failure['msg']
    assert locked(start_run(name='hosting.panels.plesk_mail_service'), (11, 'info'))


def test_runs_on_twenty_different_objects_each_usually_go_in_parallel(start_run):
    # With 64 buckets nearly every such pair met in one; now about one in ten does.
    runs = [['site%02d-%02d.example' % (run, number) for number in range(20)] for run in range(10)]
    apart = [names for names in runs[1:] if not {lock_bucket(name) for name in names} & {lock_bucket(name) for name in runs[0]}]
    assert len(apart) >= 6
    assert locked(start_run(), *runs[0])
    for names in apart:
        run = start_run()
        assert locked(run, *names)
        finish(run)


def test_a_run_over_many_objects_holds_one_file_and_waits_for_a_run_on_one_of_them(start_run):
    small = start_run()
    assert locked(small, 'site04999.example')
    assert lock(start_run(), *['site%05d.example' % number for number in range(5000)]) is not None
    finish(small)
    large = start_run()
    assert locked(large, *['site%05d.example' % number for number in range(5000)])
    assert len(large.held_locks) == 1


def test_a_lock_error_other_than_held_warns_and_goes_on_without_waiting(start_run, monkeypatch):
    def no_locks(handle, operation):
        raise OSError(errno.ENOLCK, 'No locks available')
    monkeypatch.setattr(_module.fcntl, 'flock', no_locks)
    run = start_run()
    assert lock(run, 'a.example') is None
    assert run.held_locks == ()
    assert any('No locks available' in warning for warning in _module_warnings())


def _module_warnings():
    from ansible.module_utils.common import warnings
    return [str(warning) for warning in warnings.get_warning_messages()]
