# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.hosting.panels.plugins.modules import plesk_mailbox_rename
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    done,
    error_result,
    lookup,
    lookup_request,
    mailboxes_request,
    named_mailboxes,
    rename_request,
    request,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
SEED_RENAMES = [{'site_id': 11, 'name': 'admin', 'new_name': 'administrator'},
                {'site_id': 11, 'name': 'common', 'new_name': 'main'}]
SEED_NAMES = ('admin', 'administrator', 'common', 'main')
SEED_READ = request(lookup_request('id', 11), mailboxes_request(11, *SEED_NAMES))

# The seed page's request for two renames, without its version attribute (the module pins none).
SEED_WRITE = ('<packet><mail><rename><site-id>11</site-id><name>admin</name><new-name>administrator</new-name></rename>'
              '<rename><site-id>11</site-id><name>common</name><new-name>main</new-name></rename></mail></packet>')


def run(args, **kwargs):
    return run_module(plesk_mailbox_rename, dict(CONNECTION, **args), **kwargs)


def site_11(*existing, asked=SEED_NAMES, missing='error'):
    return answer(lookup(11, 11, 'example.org'), named_mailboxes(asked, existing, missing))


def statuses(result):
    return [(entry['site'], entry['site_id'], entry['name'], entry['new_name'], entry['status'], entry['changed'])
            for entry in result['renames']]


def test_the_seed_sample_renames_both_accounts_with_one_read_and_the_documented_write(wire):
    wire.expect(plesk(site_11('admin', 'common'), packet=SEED_READ),
                plesk(answer(done('mail', 'rename'), done('mail', 'rename')), packet=SEED_WRITE))
    result = run({'renames': SEED_RENAMES})
    assert result['changed'] is True and not result.failed
    assert statuses(result) == [('example.org', 11, 'admin', 'administrator', 'renamed', True),
                                ('example.org', 11, 'common', 'main', 'renamed', True)]


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_renames_already_done_send_nothing_whichever_way_plesk_answers_missing_names(wire, missing):
    wire.expect(plesk(site_11('administrator', 'main', missing=missing), packet=SEED_READ))
    result = run({'renames': SEED_RENAMES})
    assert result['changed'] is False and not result.failed
    assert [entry['status'] for entry in result['renames']] == ['already_renamed', 'already_renamed']
    assert len(wire.sent) == 1


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_only_the_renames_not_yet_done_are_sent(wire, missing):
    wire.expect(plesk(site_11('admin', 'main', missing=missing)),
                plesk(answer(done('mail', 'rename')), packet=request(rename_request(11, 'admin', 'administrator'))))
    result = run({'renames': SEED_RENAMES})
    assert [(entry['status'], entry['changed']) for entry in result['renames']] == [('renamed', True),
                                                                                    ('already_renamed', False)]


def test_one_rename_by_domain_name_resolves_the_site_first(wire):
    wire.expect(plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
                plesk(answer(named_mailboxes(['info', 'contact'], ['info'])),
                      packet=request(mailboxes_request(11, 'info', 'contact'))),
                plesk(answer(done('mail', 'rename')), packet=request(rename_request(11, 'info', 'contact'))))
    result = run({'site': 'example.org', 'name': 'info', 'new_name': 'contact'})
    assert statuses(result) == [('example.org', 11, 'info', 'contact', 'renamed', True)]


def test_renames_on_several_sites_read_every_site_in_one_packet(wire):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), lookup(1, 1, 'example.com', 'webspace'),
                             named_mailboxes(['admin', 'administrator'], ['admin']),
                             named_mailboxes(['sales', 'admin'], ['sales'])),
                      packet=request(lookup_request('id', 11), lookup_request('id', 1),
                                     mailboxes_request(11, 'admin', 'administrator'),
                                     mailboxes_request(1, 'sales', 'admin'))),
                plesk(answer(done('mail', 'rename'), done('mail', 'rename')),
                      packet=request(rename_request(11, 'admin', 'administrator'), rename_request(1, 'sales', 'admin'))))
    result = run({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': 'administrator'},
                              {'site_id': 1, 'name': 'sales', 'new_name': 'admin'}]})
    assert [entry['site'] for entry in result['renames']] == ['example.org', 'example.com']


def test_names_are_compared_without_case_and_the_old_name_is_sent_as_plesk_spells_it(wire):
    wire.expect(plesk(site_11('Admin', asked=('ADMIN', 'administrator'))),
                plesk(answer(done('mail', 'rename')), packet=request(rename_request(11, 'Admin', 'administrator'))))
    result = run({'site_id': 11, 'name': 'ADMIN', 'new_name': 'administrator'}, diff=True)
    assert statuses(result) == [('example.org', 11, 'ADMIN', 'administrator', 'renamed', True)]
    assert result['diff'] == {'before': {'example.org': ['Admin']}, 'after': {'example.org': ['administrator']}}


def test_the_diff_shows_a_rename_already_done_as_plesk_spells_the_new_name(wire):
    wire.expect(plesk(site_11('Administrator', asked=('admin', 'administrator'))))
    result = run({'site_id': 11, 'name': 'admin', 'new_name': 'administrator'}, diff=True)
    assert result['changed'] is False and result['renames'][0]['status'] == 'already_renamed'
    assert result['diff'] == {'before': {'example.org': ['Administrator']}, 'after': {'example.org': ['Administrator']}}


def test_check_mode_reports_the_renames_and_sends_no_write(wire):
    wire.expect(plesk(site_11('admin', 'common'), packet=SEED_READ))
    result = run({'renames': SEED_RENAMES}, check_mode=True)
    assert result['changed'] is True and [entry['status'] for entry in result['renames']] == ['renamed', 'renamed']
    assert len(wire.sent) == 1


def test_diff_shows_the_names_before_and_after_only_in_diff_mode(wire):
    wire.expect(plesk(site_11('admin', 'main')), plesk(site_11('admin', 'main')))
    assert 'diff' not in run({'renames': SEED_RENAMES}, check_mode=True)
    result = run({'renames': SEED_RENAMES}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'example.org': ['admin', 'main']},
                              'after': {'example.org': ['administrator', 'main']}}


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_a_conflict_or_a_name_found_nowhere_fails_before_any_rename(wire, missing):
    asked = ('admin', 'administrator', 'ghost', 'phantom', 'common', 'main')
    wire.expect(plesk(site_11('admin', 'administrator', asked=asked, missing=missing)))
    result = run({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': 'administrator'},
                              {'site_id': 11, 'name': 'ghost', 'new_name': 'phantom'},
                              {'site_id': 11, 'name': 'common', 'new_name': 'main'}]})
    assert result.failed and result['changed'] is False and len(wire.sent) == 1
    assert ("renames[0]: cannot rename 'admin' to 'administrator' on example.org (id 11), both exist" in result['msg'])
    assert "renames[1]: neither 'ghost' nor 'phantom' exists on example.org (id 11)" in result['msg']
    assert [entry['status'] for entry in result['renames']] == ['conflict', 'not_found', 'not_found']


def test_a_rename_that_could_be_done_is_skipped_when_another_cannot(wire):
    wire.expect(plesk(site_11('admin', 'common', 'main')))
    result = run({'renames': SEED_RENAMES})
    assert result.failed and len(wire.sent) == 1
    assert [(entry['status'], entry['changed']) for entry in result['renames']] == [('skipped', False),
                                                                                    ('conflict', False)]


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_a_site_without_mailboxes_finds_nothing_whichever_way_plesk_answers(wire, missing):
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), named_mailboxes(['admin', 'root'], missing=missing))))
    result = run({'site_id': 2, 'name': 'admin', 'new_name': 'root'})
    assert result.failed and "the rename: neither 'admin' nor 'root' exists on example.net (id 2)" in result['msg']


def test_an_unknown_site_fails_before_any_rename(wire):
    wire.expect(plesk(answer(lookup(99), named_mailboxes(['admin', 'root']))))
    result = run({'site_id': 99, 'name': 'admin', 'new_name': 'root'})
    assert result.failed and 'Unknown Plesk site id 99' in result['msg'] and len(wire.sent) == 1


def test_a_get_info_error_other_than_not_found_fails_naming_the_site(wire):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), ('mail', 'get_info', error_result(1006, 'Permission denied')),
                             named_mailboxes(['root']))))
    result = run({'site_id': 11, 'name': 'admin', 'new_name': 'root'})
    assert result.failed and 'get_info failed for example.org (id 11): [1006] Permission denied' in result['msg']


def test_a_failed_rename_fails_the_task_and_the_result_still_lists_what_changed(wire):
    wire.expect(plesk(site_11('admin', 'common')),
                plesk(answer(done('mail', 'rename'), done('mail', 'rename', (1019, "Invalid value of new-name: 'main'")))))
    result = run({'renames': SEED_RENAMES})
    assert result.failed and result['changed'] is True
    assert "mail rename failed for 'common' on example.org (id 11): [1019]" in result['msg']
    assert statuses(result) == [('example.org', 11, 'admin', 'administrator', 'renamed', True),
                                ('example.org', 11, 'common', 'main', 'failed', False)]
    assert result['renames'][1]['error'] == {'code': 1019, 'text': "Invalid value of new-name: 'main'"}


def test_a_rename_onto_an_alias_fails_when_sent_and_the_other_renames_are_made(wire):
    # Aliases are not read first (documented): the panel refuses the rename, as the emulator plays it.
    store = fresh({'plesk': {'sites': [{'id': 11, 'name': 'example.org', 'mailboxes': [
        'admin', 'sales', {'name': 'common', 'aliases': ['all']}]}]}})
    wire.expect(plesk('', respond=answers_of(store)), plesk('', respond=answers_of(store)))
    result = run({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': 'all'},
                              {'site_id': 11, 'name': 'sales', 'new_name': 'shop'}]})
    assert result.failed and result['changed'] is True
    assert "mail rename failed for 'admin' on example.org (id 11): [1007]" in result['msg']
    assert statuses(result) == [('example.org', 11, 'admin', 'all', 'failed', False),
                                ('example.org', 11, 'sales', 'shop', 'renamed', True)]
    assert sorted(box['name'] for box in store.snapshot()['plesk']['sites'][0]['mailboxes']) == ['admin', 'common',
                                                                                                 'shop']


def test_renames_of_one_site_given_by_name_and_by_id_that_collide_fail_after_reading_before_writing(wire):
    wire.expect(plesk(answer(lookup('example.org', 11))),
                plesk(answer(named_mailboxes(['admin', 'main', 'common'], ['admin', 'common'])),
                      packet=request(mailboxes_request(11, 'admin', 'main', 'common'))))
    result = run({'renames': [{'site': 'example.org', 'name': 'admin', 'new_name': 'main'},
                              {'site_id': 11, 'name': 'common', 'new_name': 'Main'}]})
    assert result.failed and len(wire.sent) == 2
    assert "renames[0] and renames[1] both rename to 'Main' on example.org (id 11)" in result['msg']


@pytest.mark.parametrize('renames, words', [
    ([{'site_id': 11, 'name': 'a', 'new_name': 'x'}, {'site_id': 11, 'name': 'b', 'new_name': 'X'}],
     "renames[0] and renames[1] both rename to 'X' on site id 11"),
    ([{'site_id': 11, 'name': 'a', 'new_name': 'b'}, {'site_id': 11, 'name': 'b', 'new_name': 'c'}],
     "renames[0] renames to 'b', which renames[1] renames on site id 11"),
    ([{'site': 'example.org', 'name': 'a', 'new_name': 'b'}, {'site': 'EXAMPLE.org', 'name': 'b', 'new_name': 'a'}],
     "renames[0] renames to 'b', which renames[1] renames on EXAMPLE.org"),
    ([{'site_id': 11, 'name': 'a', 'new_name': 'b'}, {'site_id': 11, 'name': 'A', 'new_name': 'c'}],
     "renames[0] and renames[1] both rename 'A' on site id 11"),
])
def test_renames_that_chain_or_collide_fail_as_bad_input_before_any_request(wire, renames, words):
    result = run({'renames': renames})
    assert result.failed and words in result['msg'] and wire.sent == []


def test_renames_of_different_sites_do_not_collide(wire):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), lookup(2, 2, 'example.net'),
                             named_mailboxes(['admin', 'x'], ['admin']), named_mailboxes(['admin', 'x'], ['admin']))),
                plesk(answer(done('mail', 'rename'), done('mail', 'rename'))))
    result = run({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': 'x'},
                              {'site_id': 2, 'name': 'admin', 'new_name': 'x'}]})
    assert not result.failed and result['changed'] is True


@pytest.mark.parametrize('args, words', [
    ({'site': 'a' * 250 + '.com', 'name': 'a', 'new_name': 'b'}, 'site must be a domain name of at most 253 characters'),
    ({'renames': [{'site_id': 11, 'site': 'example.org', 'name': 'a', 'new_name': 'b'}]},
     "renames[0]: give site or site_id, not both, got site='example.org' and site_id=11"),
    ({'renames': [{'site_id': 11, 'name': 'a', 'new_name': 'b'}, {'name': 'a', 'new_name': 'b'}]},
     'renames[1]: give site or site_id'),
    ({'renames': [{'site': ' ', 'name': 'a', 'new_name': 'b'}]}, "renames[0].site must not be empty, got ' '"),
    ({'renames': [{'site_id': 0, 'name': 'a', 'new_name': 'b'}]}, 'renames[0].site_id must be a positive id, got 0'),
    ({'renames': [{'site_id': 11, 'name': '', 'new_name': 'b'}]}, "renames[0].name must not be empty, got ''"),
    ({'renames': [{'site_id': 11, 'name': 'a'}]}, 'renames[0].new_name is required'),
    ({'renames': [{'site_id': 11, 'name': 'a@example.org', 'new_name': 'b'}]},
     "renames[0].name must be the mail name without @ and domain, got 'a@example.org'"),
    ({'renames': [{'site_id': 11, 'name': 'a', 'new_name': 'b'}, {'site_id': 11, 'name': 'Admin', 'new_name': 'admin'}]},
     "renames[1]: name and new_name are the same mail name (Plesk ignores case), got 'Admin' and 'admin'"),
    ({'renames': []}, 'renames must not be an empty list'),
    ({'site_id': 11, 'name': 'admin', 'new_name': 'bad name'},
     "new_name has characters Plesk refuses in a mail name (it takes letters, digits and !#$%&'*+/=?^_`{|}~-, "
     "with single dots between them), got 'bad name'"),
    ({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': '.x'}]}, "renames[0].new_name has characters"),
    ({'renames': [{'site_id': 11, 'name': 'admin', 'new_name': '\u00fcn\u00ef'}]}, "renames[0].new_name has characters"),
    ({'site_id': 11, 'name': 'ad\nmin', 'new_name': 'boss'}, "name must not contain line breaks or other control characters, got 'ad\\nmin'"),
    ({'site_id': 11}, 'give name and new_name with site or site_id, or a list of renames'),
    ({'site_id': 11, 'name': 'a', 'new_name': 'a'}, "the rename: name and new_name are the same mail name"),
    ({'site_id': 11, 'site': 'example.org', 'name': 'a', 'new_name': 'b'}, 'the rename: give site or site_id, not both'),
    ({'name': 'a', 'new_name': 'b'}, 'the rename: give site or site_id'),
    ({'site_id': 11, 'name': 'a'}, 'new_name is required'),
    ({'site_id': -1, 'name': 'a', 'new_name': 'b'}, 'site_id must be a positive id, got -1'),
    ({'site_id': 11, 'name': 'a', 'new_name': 'b', 'renames': SEED_RENAMES}, 'mutually exclusive'),
])
def test_bad_input_fails_naming_the_item_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg'], result['msg']
    assert wire.sent == []


def test_every_bad_field_is_named_at_once(wire):
    result = run({'renames': [{'site_id': 0, 'name': '', 'new_name': 'b'}, {'site': 'x', 'name': 'a'}]})
    assert result.failed and wire.sent == []
    assert result['msg'] == ("renames[0].site_id must be a positive id, got 0; renames[0].name must not be empty, "
                             "got ''; renames[1].new_name is required")


REFUSED = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
    None, '/', urllib3.exceptions.NewConnectionError(object(), 'Connection refused')))
LOST = requests.exceptions.ReadTimeout('read timeout')
READ_BACK = request(lookup_request('id', 11), mailboxes_request(11, *SEED_NAMES))


def test_a_write_that_never_left_renames_nothing_and_says_so(wire):
    wire.expect(plesk(site_11('admin', 'common'), packet=SEED_READ), Exchange(raises=REFUSED))
    result = run({'renames': SEED_RENAMES})
    assert result.failed and result['changed'] is False
    assert [entry['status'] for entry in result['renames']] == ['skipped', 'skipped']


def test_a_write_broken_off_is_settled_by_reading_the_names_back(wire):
    wire.expect(plesk(site_11('admin', 'common'), packet=SEED_READ), Exchange(raises=LOST),
                plesk(site_11('administrator', 'common'), packet=READ_BACK))
    result = run({'renames': SEED_RENAMES})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert [(entry['status'], entry['changed']) for entry in result['renames']] == [('renamed', True),
                                                                                    ('unknown', None)]
    assert "changes made: 'admin' on example.org" in result['msg']
    assert "changes not made yet (the panel may still be making them): 'common' on example.org" in result['msg']


def test_a_write_broken_off_whose_names_cannot_be_read_back_is_unknown(wire):
    wire.expect(plesk(site_11('admin', 'common'), packet=SEED_READ), Exchange(raises=LOST),
                *[Exchange(raises=LOST) for dummy in range(4)])
    result = run({'renames': SEED_RENAMES})
    assert result.failed and result['changed'] is True
    assert [(entry['status'], entry['changed']) for entry in result['renames']] == [('unknown', None),
                                                                                    ('unknown', None)]
