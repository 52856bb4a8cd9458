# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.hosting.panels.plugins.modules import plesk_mailbox
from ansible_collections.hosting.panels.tests.emulator.state import Store
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    error_result,
    lookup,
    lookup_request,
    ok_result,
    request,
    system_error,
)
from ansible_collections.hosting.panels.tests.unit.harness.mail_answers import (
    account,
    accounts,
    create_request,
    created,
    remove_request,
    removed,
    settings_request,
    update_request,
    updated,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
SECRET = 'Mailb0x-Secret!'
OTHER_SECRET = 'An0ther-Secret?'
GIB = 1024 ** 3
MIB = 1024 ** 2
# What Ansible writes instead of a no_log value that reached a result.


def run(args, **kwargs):
    return run_module(plesk_mailbox, dict(CONNECTION, **args), **kwargs)


def example_org(*names, existing=(), missing='error'):
    """Both read packets of accounts on example.org (id 11) named by address."""
    return (plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
            plesk(answer(accounts(names, existing, missing)), packet=request(settings_request(11, *names))))


def by_id(site_id, name, *names, existing=(), missing='error'):
    """The one read packet of accounts named with ``site_id``."""
    return plesk(answer(lookup(site_id, site_id, name), accounts(names, existing, missing)),
                 packet=request(lookup_request('id', site_id), settings_request(site_id, *names)))


def entries(result, *fields):
    return [tuple(entry[field] for field in fields) for entry in result['mailboxes']]


def test_creates_accounts_on_two_sites_with_two_reads_and_one_write_and_never_shows_the_password(wire):
    wire.expect(
        plesk(answer(lookup('example.org', 11), lookup('example.com', 1, kind='webspace')),
              packet=request(lookup_request('name', 'example.org'), lookup_request('name', 'example.com'))),
        plesk(answer(accounts(['info']), accounts(['sales'])),
              packet=request(settings_request(11, 'info'), settings_request(1, 'sales'))),
        plesk(answer(created('info'), created('sales', 8)), packet=request(
            create_request(11, 'info', '<mailbox><enabled>true</enabled><quota>%d</quota></mailbox>'
                                       '<forwarding><enabled>true</enabled><address>boss@example.net</address></forwarding>'
                                       '<alias>contact</alias><password><value>%s</value><type>plain</type></password>'
                                       '<description>Front desk</description>' % (GIB, SECRET)),
            create_request(1, 'sales', '<mailbox><enabled>false</enabled></mailbox>'
                                       '<password><value>%s</value><type>plain</type></password>' % OTHER_SECRET))))
    result = run({'mailboxes': [
        {'address': 'info@example.org', 'password': SECRET, 'quota': '1G', 'aliases': ['contact'],
         'forwarding': {'addresses': ['boss@example.net']}, 'description': 'Front desk'},
        {'address': 'sales@example.com', 'password': OTHER_SECRET, 'mailbox': False}]})
    assert result['changed'] is True and not result.failed
    assert entries(result, 'address', 'site_id', 'changed', 'password_changed', 'settings_before') == [
        ('info@example.org', 11, True, True, None), ('sales@example.com', 1, True, True, None)]
    assert result['mailboxes'][0]['settings_after'] == {
        'mailbox': True, 'quota': GIB, 'forwarding': {'enabled': True, 'addresses': ['boss@example.net']},
        'aliases': ['contact'], 'description': 'Front desk'}
    assert result['mailboxes'][1]['settings_after']['quota'] is None
    assert_no_secret(result, SECRET, OTHER_SECRET)


def test_accounts_already_as_wanted_are_left_alone_with_no_write(wire):
    wire.expect(*example_org('info', existing={'info': account(
        'info', quota=512 * MIB, forwarding=(True, ['Boss@Example.net']), aliases=['Contact'], description='Desk')}))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET, 'quota': '512M',
                                 'forwarding': {'enabled': True, 'addresses': ['boss@example.net']},
                                 'aliases': ['contact'], 'description': 'Desk', 'mailbox': True}]})
    assert result['changed'] is False and len(wire.sent) == 2
    assert result['mailboxes'][0]['settings_after'] == result['mailboxes'][0]['settings_before']
    assert 'changed_mailboxes' not in result
    assert result['mailboxes'][0]['password_changed'] is False


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_an_account_that_does_not_exist_is_created_whichever_way_plesk_answers_the_missing_name(wire, missing):
    wire.expect(*example_org('info', missing=missing),
                plesk(answer(created('info')), packet=request(create_request(11, 'info'))))
    assert run({'mailboxes': [{'address': 'info@example.org'}]})['changed'] is True


def test_check_mode_reports_the_change_and_sends_no_write(wire):
    wire.expect(*example_org('info'))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET, 'quota': '2G'}]}, check_mode=True)
    assert result['changed'] is True and len(wire.sent) == 2
    assert entries(result, 'changed', 'password_changed') == [(True, True)]
    assert result['mailboxes'][0]['settings_after']['quota'] == 2 * GIB


def test_diff_maps_each_address_to_its_settings_and_never_shows_the_password(wire):
    wire.expect(*example_org('info', 'old', existing={'old': account('old')}))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET},
                                {'address': 'old@example.org', 'state': 'absent'}]}, check_mode=True, diff=True)
    assert result['diff']['before'] == {
        'info@example.org': {'state': 'absent'},
        'old@example.org': {'state': 'present', 'mailbox': True, 'quota': -1, 'aliases': [], 'description': '',
                            'forwarding': {'enabled': False, 'addresses': []}}}
    assert result['diff']['after']['info@example.org']['password_changed'] is True
    assert result['diff']['after']['old@example.org'] == {'state': 'absent'}
    assert_no_secret(result, SECRET)


def test_no_diff_without_diff_mode(wire):
    wire.expect(*example_org('info'))
    assert 'diff' not in run({'mailboxes': [{'address': 'info@example.org'}]}, check_mode=True)


def test_changed_settings_go_in_one_update_set_a_mailbox_switch_last_and_unmentioned_ones_stay(wire):
    before = account('info', quota=512 * MIB, forwarding=(True, ['boss@example.net']), aliases=['contact'],
                     description='Desk')
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<description>Front desk</description>'))),
                # Alone, with the quota of its <mailbox>: a server that refuses the switch keeps nothing else out.
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<mailbox><enabled>false</enabled><quota>%d</quota></mailbox>' % GIB))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'mailbox': False, 'quota': '1G',
                                 'description': 'Front desk'}]})
    assert result['mailboxes'][0]['settings_after'] == {
        'mailbox': False, 'quota': GIB, 'forwarding': {'enabled': True, 'addresses': ['boss@example.net']},
        'aliases': ['contact'], 'description': 'Front desk'}


def test_exact_forwarding_and_aliases_are_added_and_removed_freeing_names_first_and_addresses_last(wire):
    before = account('info', forwarding=(True, ['a@example.net', 'b@example.net']), aliases=['x', 'y'])
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('remove', 'info'), updated('add', 'info'), updated('add', 'info')),
                      packet=request(update_request('remove', 11, 'info', '<alias>x</alias>'),
                                     update_request('add', 11, 'info', '<forwarding><address>c@example.net</address>'
                                                                       '</forwarding>'),
                                     update_request('add', 11, 'info', '<alias>z</alias>'))),
                # The old address goes once the new one is in.
                plesk(answer(updated('remove', 'info')), packet=request(
                    update_request('remove', 11, 'info', '<forwarding><address>a@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'aliases': ['y', 'z'],
                                 'forwarding': {'addresses': ['b@example.net', 'c@example.net']}}]})
    after = result['mailboxes'][0]['settings_after']
    assert after['forwarding'] == {'enabled': True, 'addresses': ['b@example.net', 'c@example.net']}
    assert after['aliases'] == ['y', 'z']


def test_appended_forwarding_and_aliases_only_add(wire):
    before = account('info', forwarding=(True, ['a@example.net']), aliases=['x'])
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('add', 'info'), updated('add', 'info')), packet=request(
                    update_request('add', 11, 'info', '<forwarding><address>c@example.net</address></forwarding>'),
                    update_request('add', 11, 'info', '<alias>Z</alias>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'aliases': ['Z', 'x'], 'append_aliases': True,
                                 'forwarding': {'addresses': ['c@example.net'], 'append': True}}]})
    assert result['mailboxes'][0]['settings_after']['forwarding']['addresses'] == ['a@example.net', 'c@example.net']


def test_switching_forwarding_on_sends_the_whole_list_with_set_whatever_set_does_with_it(wire):
    before = account('info', forwarding=(False, ['a@example.net']))
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<forwarding><enabled>true</enabled><address>a@example.net</address>'
                                       '<address>b@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {
        'addresses': ['b@example.net', 'a@example.net']}}]})
    assert result['mailboxes'][0]['settings_after']['forwarding'] == {
        'enabled': True, 'addresses': ['a@example.net', 'b@example.net']}


def test_switching_forwarding_off_keeps_the_addresses_unless_told_otherwise(wire):
    before = account('info', forwarding=(True, ['a@example.net']))
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<forwarding><enabled>false</enabled><address>a@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {'enabled': False}}]})
    assert not result.failed and result['changed'] is True


def test_switching_forwarding_back_on_keeps_the_accounts_addresses(wire):
    before = account('info', forwarding=(False, ['a@example.net', 'b@example.net']))
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<forwarding><enabled>true</enabled><address>a@example.net</address>'
                                       '<address>b@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {'enabled': True}}]})
    assert not result.failed and result['changed'] is True
    assert result['mailboxes'][0]['settings_after']['forwarding'] == {
        'enabled': True, 'addresses': ['a@example.net', 'b@example.net']}


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_mailbox_and_quota_plesk_did_not_report_are_left_alone_with_a_warning(wire, check_mode):
    # The schema lets get_info leave <mailbox> out (the emulator's get_info_no_mailbox: omitted): compared with
    # nothing, the switch would go out again on every run.
    before = account('info', mailbox=None, description='Desk')
    wire.expect(*example_org('info', existing={'info': before}))
    result = run({'mailboxes': [{'address': 'info@example.org', 'mailbox': False, 'quota': '1G',
                                 'description': 'Desk'}]}, check_mode=check_mode)
    assert not result.failed and result['changed'] is False and len(wire.sent) == 2
    assert len(result['warnings']) == 1 and ('Plesk did not report the mailbox and quota of info@example.org (its '
                                             'mail get_info answer has no <mailbox>), so the task does not change '
                                             'them') in str(result['warnings'])


@pytest.mark.parametrize('no_mailbox, changed', [('described', True), ('omitted', False)])
def test_a_mailbox_plesk_describes_is_switched_and_one_it_leaves_out_is_not(wire, no_mailbox, changed):
    store = fresh({'plesk': {'get_info_no_mailbox': no_mailbox, 'sites': [
        {'id': 11, 'name': 'example.org', 'kind': 'site', 'mail_service': True,
         'mailboxes': [{'name': 'relay', 'mailbox': False}]}]}})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(1 + changed)])
    result = run({'mailboxes': [{'site_id': 11, 'name': 'relay', 'mailbox': True}]})
    assert not result.failed and result['changed'] is changed
    assert result['mailboxes'][0]['settings_before']['mailbox'] is (None if no_mailbox == 'omitted' else False)
    assert ('relay@example.org' in str(result.get('warnings'))) is not changed
    assert store.data['plesk']['sites'][0]['mailboxes'][0]['mailbox'] is changed


@pytest.mark.parametrize('existing, first, words', [
    ({}, {'aliases': ['Sales']}, 'mailboxes[0] (as an alias) and mailboxes[1] (as its name) would both hold '
                                 'sales@example.org'),
    # An alias the account has and keeps (append_aliases) counts as one asked for.
    ({'info': account('info', aliases=['sales'])}, {'aliases': ['x'], 'append_aliases': True},
     'mailboxes[0] (as an alias) and mailboxes[1] (as its name) would both hold sales@example.org'),
], ids=['asked', 'kept'])
@pytest.mark.parametrize('check_mode', [False, True])
def test_two_accounts_holding_one_name_fail_after_the_read_and_before_any_write(
        wire, existing, first, words, check_mode):
    # Plesk would refuse the second only after making the first.
    wire.expect(*example_org('info', 'sales', existing=existing))
    result = run({'mailboxes': [dict(first, address='info@example.org'), {'address': 'sales@example.org'}]},
                 check_mode=check_mode)
    assert result.failed and result['changed'] is False and len(wire.sent) == 2
    assert result['msg'] == words + '; nothing was changed'
    assert [entry['changed'] for entry in result['mailboxes']] == [False, False]


@pytest.mark.parametrize('existing, words', [
    ({}, 'the new account info@example.org has none to keep'),
    ({'info': account('info')}, 'the account info@example.org has none to keep'),
])
@pytest.mark.parametrize('check_mode', [False, True])
def test_forwarding_on_without_addresses_to_keep_fails_after_the_read_and_before_any_write(
        wire, existing, words, check_mode):
    wire.expect(*example_org('info', existing=existing))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {'enabled': True}, 'quota': '1G'}]},
                 check_mode=check_mode)
    assert result.failed and result['changed'] is False and len(wire.sent) == 2
    assert result['msg'] == ('mailboxes[0].forwarding: forwarding that is on needs at least one address in '
                             'forwarding.addresses, and %s; nothing was changed' % words)
    entry = result['mailboxes'][0]
    assert entry['changed'] is False and entry['settings_after'] == entry['settings_before']


def test_switching_forwarding_off_with_no_addresses_removes_them_after_the_set(wire):
    before = account('info', forwarding=(True, ['a@example.net']))
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info')), packet=request(
                    update_request('set', 11, 'info', '<forwarding><enabled>false</enabled></forwarding>'))),
                plesk(answer(updated('remove', 'info')), packet=request(
                    update_request('remove', 11, 'info', '<forwarding><address>a@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {'addresses': []}}]})
    assert result['mailboxes'][0]['settings_after']['forwarding'] == {'enabled': False, 'addresses': []}


@pytest.mark.parametrize('refused', ['add', 'set'])
def test_old_addresses_stay_when_the_new_ones_are_refused(wire, refused):
    # Plesk runs the rest of a packet past a refused operation: the old address must not go without the new.
    on = refused == 'add'
    before = account('info', forwarding=(on, ['a@example.net']))
    new = ('<forwarding><address>b@example.net</address></forwarding>' if on else
           '<forwarding><enabled>true</enabled><address>b@example.net</address></forwarding>')
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated(refused, 'info', failure=(1019, 'Invalid value.'))),
                      packet=request(update_request(refused, 11, 'info', new))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {
        'enabled': True, 'addresses': ['b@example.net']}}]})
    assert result['failed'] is True
    entry = result['mailboxes'][0]
    assert entry['settings_after'] == entry['settings_before'] and entry['changed'] is False
    assert entry['error'] == {'code': 1019, 'text': 'Invalid value.'}


@pytest.mark.parametrize('update_password, sent', [('always', True), ('on_create', False)])
def test_a_password_is_sent_to_an_existing_account_only_with_update_password_always(wire, update_password, sent):
    wire.expect(*example_org('info', existing={'info': account('info')}))
    if sent:
        wire.expect(plesk(answer(updated('set', 'info')), packet=request(update_request(
            'set', 11, 'info', '<password><value>%s</value><type>plain</type></password>' % SECRET))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET}],
                  'update_password': update_password})
    assert result['changed'] is sent and entries(result, 'password_changed') == [(sent,)]
    assert_no_secret(result, SECRET)


def test_update_password_of_an_entry_wins_over_the_tasks(wire):
    wire.expect(*example_org('info', existing={'info': account('info')}),
                plesk(answer(updated('set', 'info'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET, 'update_password': 'always'}]})
    assert result['mailboxes'][0]['password_changed'] is True


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_absent_accounts_are_removed_and_missing_ones_left_alone(wire, missing):
    wire.expect(*example_org('old', 'gone', existing={'Old': account('Old')}, missing=missing),
                plesk(answer(removed('Old')), packet=request(remove_request(11, 'Old'))))
    result = run({'state': 'absent', 'mailboxes': [{'address': 'old@example.org'}, {'address': 'gone@example.org'}]})
    assert entries(result, 'changed', 'settings_after') == [(True, None), (False, None)]


def test_names_are_compared_without_case_and_sent_as_plesk_spells_them(wire):
    wire.expect(*example_org('INFO', existing={'info': account('Info', quota=GIB)}),
                plesk(answer(updated('set', 'Info')), packet=request(update_request(
                    'set', 11, 'Info', '<mailbox><quota>%d</quota></mailbox>' % (2 * GIB)))))
    result = run({'mailboxes': [{'address': 'INFO@example.org', 'quota': '2g'}]})
    assert result['mailboxes'][0]['address'] == 'INFO@example.org'


def test_names_and_aliases_move_between_accounts_in_one_packet_because_removals_go_first(wire):
    existing = {'a': account('a', aliases=['sales']), 'b': account('b', 2), 'c': account('c', 3)}
    wire.expect(*example_org('b', 'a', 'c', existing=existing),
                plesk(answer(removed('c'), updated('remove', 'a'), updated('add', 'b')), packet=request(
                    remove_request(11, 'c'),
                    update_request('remove', 11, 'a', '<alias>sales</alias>'),
                    update_request('add', 11, 'b', '<alias>sales</alias><alias>c</alias>'))))
    result = run({'mailboxes': [{'address': 'b@example.org', 'aliases': ['sales', 'c'], 'append_aliases': True},
                                {'address': 'a@example.org', 'aliases': []},
                                {'address': 'c@example.org', 'state': 'absent'}]})
    assert entries(result, 'name', 'changed') == [('b', True), ('a', True), ('c', True)]


def test_accounts_named_by_site_id_are_read_in_one_packet(wire):
    wire.expect(by_id(11, 'example.org', 'info'),
                plesk(answer(created('info')), packet=request(create_request(11, 'info'))))
    result = run({'mailboxes': [{'site_id': 11, 'name': 'info'}]})
    assert entries(result, 'address', 'site') == [('info@example.org', 'example.org')]
    assert len(wire.sent) == 2


def test_refusals_are_reported_per_account_and_the_others_still_change(wire):
    wire.expect(*example_org('a', 'b', 'c', existing={'c': account('c')}),
                plesk(answer(removed('c'), created('a', failure=(1023, 'There is no DSMail service for domain with id = 11')),
                             created('b', 9))))
    result = run({'mailboxes': [{'address': 'a@example.org'}, {'address': 'b@example.org'},
                                {'address': 'c@example.org', 'state': 'absent'}]})
    assert result.failed and result['changed'] is True
    assert ('Plesk mail create failed for a@example.org (example.org (id 11)): [1023] There is no DSMail service '
            'for domain with id = 11') in result['msg']
    assert entries(result, 'name', 'changed') == [('a', False), ('b', True), ('c', True)]
    assert result['mailboxes'][0]['settings_after'] is None and result['mailboxes'][2]['settings_after'] is None
    assert result['mailboxes'][0]['error'] == {'code': 1023, 'text': 'There is no DSMail service for domain with id = 11'}
    assert 'error' not in result['mailboxes'][1]


@pytest.mark.parametrize('check_mode', [False, True], ids=['change', 'check-mode'])
def test_report_changes_returns_only_the_addresses_changed_in_the_order_given(wire, check_mode):
    wire.expect(*example_org('old', 'gone', 'new', existing={'old': account('old')}),
                *([] if check_mode else [plesk(answer(removed('old'), created('new', 9)), packet=request(
                    remove_request(11, 'old'), create_request(11, 'new')))]))
    result = run({'mailboxes': [{'address': 'old@example.org', 'state': 'absent'},
                                {'address': 'gone@example.org', 'state': 'absent'}, {'address': 'new@example.org'}],
                  'report': 'changes'}, check_mode=check_mode)
    assert not result.failed and result['changed'] is True
    assert result['changed_mailboxes'] == ['old@example.org', 'new@example.org']
    assert 'mailboxes' not in result
    assert len(wire.sent) == (2 if check_mode else 3)


def test_report_changes_with_nothing_to_change_returns_no_address_and_the_whole_diff(wire):
    wire.expect(*example_org('info', existing={'info': account('info', quota=GIB)}))
    result = run({'mailboxes': [{'address': 'info@example.org', 'quota': '1G'}], 'report': 'changes'}, diff=True)
    assert result['changed'] is False and result['changed_mailboxes'] == [] and 'mailboxes' not in result
    assert list(result['diff']['before']) == list(result['diff']['after']) == ['info@example.org']
    assert len(wire.sent) == 2


def test_report_changes_still_returns_every_account_when_the_task_fails(wire):
    wire.expect(*example_org('a', 'b'),
                plesk(answer(created('a', failure=(1023, 'There is no DSMail service for domain with id = 11')),
                             created('b', 9))))
    result = run({'mailboxes': [{'address': 'a@example.org'}, {'address': 'b@example.org'}], 'report': 'changes'})
    assert result.failed and result['changed'] is True and 'changed_mailboxes' not in result
    assert entries(result, 'name', 'changed') == [('a', False), ('b', True)]


def test_an_unknown_report_fails_naming_the_value_before_any_request(wire):
    result = run({'mailboxes': [{'address': 'info@example.org'}], 'report': 'everything'})
    assert result.failed and 'value of report must be one of: mailboxes, changes, got: everything' in result['msg']
    assert wire.sent == []


def test_a_refused_operation_of_an_account_keeps_what_its_other_operations_did(wire):
    wire.expect(*example_org('info', existing={'info': account('info', aliases=['old'])}),
                plesk(answer(updated('remove', 'info'), updated('set', 'info', failure=(1024, 'Limit reached')))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'aliases': [], 'quota': 'unlimited',
                                 'description': 'x'}]})
    assert result.failed and result['changed'] is True
    entry = result['mailboxes'][0]
    assert entry['changed'] is True and entry['error'] == {'code': 1024, 'text': 'Limit reached'}
    assert entry['settings_after']['aliases'] == [] and entry['settings_after']['description'] == ''


REFUSED = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
    None, '/', urllib3.exceptions.NewConnectionError(object(), 'Connection refused')))
LOST = requests.exceptions.ReadTimeout('read timeout')
# Reading back after a broken-off write names the sites by id: one packet.
READ_BACK = request(lookup_request('id', 11), settings_request(11, 'info'))


def read_back(*existing):
    return plesk(answer(lookup(11, 11, 'example.org'), accounts(['info'], dict(existing))), packet=READ_BACK)


def test_a_write_that_never_left_changes_nothing_and_says_so(wire):
    wire.expect(*example_org('info'), Exchange(raises=REFUSED))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET}]})
    assert result.failed and result['changed'] is False and 'may_have_applied' not in result['error']
    assert entries(result, 'changed', 'password_changed', 'settings_after') == [(False, False, None)]


def test_a_write_broken_off_that_the_read_back_shows_made_goes_on_with_a_warning(wire):
    wire.expect(*example_org('info'), Exchange(raises=LOST), read_back(('info', account('info', quota=GIB))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET, 'quota': '1G'}]})
    assert not result.failed and result['changed'] is True
    assert 'state read back shows every change made' in str(result['warnings'])
    assert entries(result, 'changed', 'password_changed') == [(True, True)]
    assert result['mailboxes'][0]['settings_after']['quota'] == GIB
    assert_no_secret(result, SECRET)


def test_a_write_broken_off_that_the_read_back_shows_not_made_yet_is_unknown(wire):
    wire.expect(*example_org('info'), Exchange(raises=LOST), read_back())
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET}]})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert ('the state read back shows these changes not made yet (the panel may still be making them): '
            'info@example.org' in result['msg'])
    assert entries(result, 'changed', 'password_changed', 'settings_after') == [(None, None, None)]


def test_a_write_broken_off_half_made_reports_what_was_read(wire):
    before = account('info', aliases=['old'])
    wire.expect(*example_org('info', existing={'info': before}), Exchange(raises=LOST),
                read_back(('info', account('info', aliases=[]))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'aliases': [], 'description': 'Desk'}]})
    assert result.failed and result['changed'] is True
    entry = result['mailboxes'][0]
    # What the read-back showed; whether the rest is still coming is unknown.
    assert (entry['changed'], entry['settings_after']['aliases'], entry['settings_after']['description']) == (
        None, [], '')


@pytest.mark.parametrize('second', ['refused', 'lost'])
def test_a_second_packet_that_fails_keeps_what_the_first_made(wire, second):
    before = account('info', forwarding=(True, ['a@example.net']))
    both = {'enabled': True, 'addresses': ['a@example.net', 'b@example.net']}
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('add', 'info')), packet=request(
                    update_request('add', 11, 'info', '<forwarding><address>b@example.net</address></forwarding>'))))
    removal = request(update_request('remove', 11, 'info', '<forwarding><address>a@example.net</address></forwarding>'))
    if second == 'refused':
        # Refused whole: none of it ran, and the first packet's answer says what that one did.
        wire.expect(plesk(system_error(1014, 'Parser error: Request is invalid.'), packet=removal))
    else:
        # Lost: only reading the account back tells.
        wire.expect(Exchange(raises=LOST), read_back(('info', account('info', forwarding=(True, both['addresses'])))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'forwarding': {'addresses': ['b@example.net']}}]})
    assert result.failed and result['changed'] is True
    entry = result['mailboxes'][0]
    assert entry['settings_after']['forwarding'] == both
    if second == 'refused':
        assert 'may_have_applied' not in result['error'] and entry['changed'] is True
        assert entry['error'] == {'code': 1014, 'text': 'Parser error: Request is invalid.'}
    else:
        assert result['error']['may_have_applied'] is True
        assert 'the earlier ones, with 1 operations, were applied' in result['msg']


def test_a_password_alone_cannot_be_read_back_so_its_change_is_unknown(wire):
    wire.expect(*example_org('info', existing={'info': account('info')}), Exchange(raises=LOST),
                read_back(('info', account('info'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET, 'update_password': 'always'}]})
    assert result.failed and result['changed'] is True
    assert "may or may not have happened: info@example.org" in result['msg']
    assert entries(result, 'changed', 'password_changed') == [(None, None)]
    assert result['mailboxes'][0]['settings_after'] == result['mailboxes'][0]['settings_before']
    assert_no_secret(result, SECRET)


def test_a_write_broken_off_whose_accounts_cannot_be_read_back_is_unknown(wire):
    wire.expect(*example_org('info'), Exchange(raises=LOST), *[Exchange(raises=LOST) for dummy in range(4)])
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET}]})
    assert result.failed and result['changed'] is True
    assert 'reading the state back failed too' in result['msg']
    assert entries(result, 'changed', 'password_changed', 'settings_after') == [(None, None, None)]
    assert_no_secret(result, SECRET)


def test_an_update_answered_without_its_set_element_is_read_all_the_same(wire):
    wire.expect(*example_org('info', existing={'info': account('info')}),
                plesk(answer(('mail', 'update', error_result(1019, 'Invalid value')))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'quota': '1G'}]})
    assert result.failed and result['changed'] is False
    assert result['mailboxes'][0]['error'] == {'code': 1019, 'text': 'Invalid value'}


def test_an_answer_with_the_wrong_number_of_results_may_have_applied_and_is_read_back(wire):
    wire.expect(*example_org('info', existing={'info': account('info')}),
                plesk(answer(('mail', 'update', '<set>%s%s</set>' % (ok_result(), ok_result())))),
                read_back(('info', account('info'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'quota': '1G'}]})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert "Plesk answered mail update set of 'info' with 2 results, expected one" in result['msg']


def test_an_unknown_site_fails_before_any_write(wire):
    wire.expect(plesk(answer(lookup('nope.example'))))
    result = run({'mailboxes': [{'address': 'info@nope.example'}]})
    assert result.failed and "Unknown Plesk site 'nope.example'" in result['msg'] and len(wire.sent) == 1


def test_a_get_info_error_other_than_not_found_fails_naming_the_site(wire):
    wire.expect(plesk(answer(lookup('example.org', 11))),
                plesk(answer(('mail', 'get_info', error_result(1006, 'Permission denied')))))
    result = run({'mailboxes': [{'address': 'info@example.org'}]})
    assert result.failed and 'get_info failed for example.org (id 11): [1006] Permission denied' in result['msg']


def test_one_account_named_twice_alike_is_handled_once(wire):
    wire.expect(*example_org('info'), plesk(answer(created('info')), packet=request(create_request(11, 'info'))))
    result = run({'mailboxes': [{'address': 'info@example.org'}, {'site': 'Example.org', 'name': 'INFO'}]})
    assert len(result['mailboxes']) == 1


def test_one_account_named_by_domain_and_by_id_with_other_settings_fails_after_reading_before_any_write(wire):
    wire.expect(plesk(answer(lookup('example.org', 11))),
                plesk(answer(accounts(['info'])), packet=request(settings_request(11, 'info'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET},
                                {'site_id': 11, 'name': 'info', 'password': OTHER_SECRET}]})
    assert result.failed and len(wire.sent) == 2
    assert ('mailboxes[0] and mailboxes[1] both name info@example.org, with different settings (password)'
            in result['msg'])
    assert_no_secret(result, SECRET, OTHER_SECRET)


@pytest.mark.parametrize('mailboxes, words', [
    ([{'address': 'info'}], "mailboxes[0].address must be name@domain, got 'info'"),
    ([{'address': 'info@'}], "mailboxes[0].address must be name@domain, got 'info@'"),
    ([{'address': 'info@exa mple.org'}], "mailboxes[0].address must be name@domain, got 'info@exa mple.org'"),
    ([{'address': 'a@b@example.org'}], "mailboxes[0].address must be name@domain, got 'a@b@example.org'"),
    ([{'address': 'in fo@example.org'}], "mailboxes[0].address has characters Plesk refuses in a mail name"),
    ([{'address': 'info..desk@example.org'}], "has characters Plesk refuses in a mail name"),
    ([{'site': 'example.org', 'name': 'info(desk)'}], "mailboxes[0].name has characters Plesk refuses"),
    ([{'site': 'example.org', 'name': 'info@example.org'}],
     "mailboxes[0].name must be the mail name without @ and domain, got 'info@example.org'"),
    ([{'address': 'info@example.org', 'quota': '512'}],
     "mailboxes[0].quota must be a size with a unit, such as 512M, 1G or 1.5G"),
    ([{'address': 'info@example.org', 'quota': 'lots'}], "got 'lots'"),
    ([{'address': 'info@example.org', 'quota': '0M'}], 'mailboxes[0].quota must be more than 0 bytes'),
    ([{'address': 'info@example.org', 'quota': '9000000T'}],
     "mailboxes[0].quota must be less than 8 EiB (at most 9223372036854775807 bytes), the largest quota Plesk takes, "
     "got '9000000T'"),
    ([{'address': 'info@example.org', 'forwarding': {'enabled': True, 'addresses': []}}],
     'mailboxes[0].forwarding: forwarding that is on needs at least one address in forwarding.addresses, got []'),
    ([{'address': 'info@example.org', 'forwarding': {'addresses': ['boss']}}],
     "mailboxes[0].forwarding.addresses[0] must be an address, name@domain, got 'boss'"),
    ([{'address': 'info@example.org', 'aliases': ['sales@example.org']}],
     "mailboxes[0].aliases[0] must be the alias without @ and domain"),
    ([{'address': 'info@example.org', 'aliases': ['Info']}], "mailboxes[0].aliases[0] is the mail name itself"),
    ([{'address': 'info@example.org', 'aliases': ['a b']}], "mailboxes[0].aliases[0] has characters Plesk refuses"),
    ([{'address': 'info@example.org', 'password': ''}], 'mailboxes[0].password must not be empty'),
    ([{'address': 'info@example.org', 'description': 'bell\x07'}],
     'mailboxes[0].description must not contain control characters'),
    ([{'address': 'info@example.org', 'site': 'example.org'}],
     'mailboxes[0]: give address, or name with site or site_id, not both'),
    ([{'name': 'info'}], 'mailboxes[0]: give address, or name with one of site and site_id'),
    ([{'site': 'example.org', 'site_id': 11, 'name': 'info'}], 'give address, or name with one of site and site_id'),
    ([{'site_id': 0, 'name': 'info'}], 'mailboxes[0].site_id must be a positive id, got 0'),
    ([{'site': 'a' * 250 + '.com', 'name': 'info'}], 'mailboxes[0].site must be a domain name of at most 253 characters'),
    ([{'address': 'info@' + 'a' * 250 + '.com'}],
     'mailboxes[0].address has a domain that must be a domain name of at most 253 characters'),
    ([{'address': 'info@example.org', 'quota': '1G'}, {'address': 'INFO@example.org', 'quota': '2G'}],
     'mailboxes[0] and mailboxes[1] both name INFO@example.org, with different settings (quota); nothing was changed'),
    ([{'address': 'info@example.org'}, {'site': 'example.org', 'name': 'info', 'state': 'absent'}],
     'with different settings (state)'),
    ([], 'mailboxes must not be an empty list'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, mailboxes, words):
    result = run({'mailboxes': mailboxes})
    assert result.failed and words in result['msg'], result['msg']
    assert wire.sent == []


def test_a_bad_password_is_named_but_never_shown(wire):
    result = run({'mailboxes': [{'address': 'info@example.org', 'password': 'line\nbreak' + SECRET}]})
    assert result.failed and wire.sent == []
    assert 'mailboxes[0].password must not contain line breaks or other control characters (the value is not shown)' \
        in result['msg']
    assert_no_secret(result, SECRET)


def test_every_bad_field_is_named_at_once(wire):
    result = run({'mailboxes': [{'address': 'info', 'quota': '5'}, {'site_id': 11, 'name': 'a',
                                                                    'forwarding': {'enabled': True, 'addresses': []}}]})
    assert result.failed and wire.sent == []
    assert result['msg'] == (
        "mailboxes[0].address must be name@domain, got 'info'; mailboxes[0].quota must be a size with a unit, such "
        "as 512M, 1G or 1.5G (K, M, G, T: powers of 1024; B: bytes), or unlimited, got '5'; mailboxes[1].forwarding: "
        "forwarding that is on needs at least one address in forwarding.addresses, got []")


def test_a_capture_of_the_run_holds_no_mailbox_password(wire, tmp_path, monkeypatch):
    capture = tmp_path / 'capture.jsonl'
    monkeypatch.setenv('HOSTING_PANELS_CAPTURE', str(capture))
    wire.expect(*example_org('info'), plesk(answer(created('info'))))
    run({'mailboxes': [{'address': 'info@example.org', 'password': SECRET}]})
    text = capture.read_text()
    assert '<create>' in text and SECRET not in text


@pytest.mark.parametrize('code', [1023, 1013])
def test_an_account_of_a_site_whose_mail_service_plesk_refuses_to_read_is_not_taken_for_absent(wire, code):
    # Refused under 1013 (the emulator's mail_off_code), the code of a missing mail name: still no answer about it.
    seed = Store().snapshot()
    seed['plesk'].update(get_info_mail_off='refused', mail_off_code=code)
    next(site for site in seed['plesk']['sites'] if site['id'] == 11)['mail_service'] = False
    store = fresh(seed)
    wire.expect(plesk('', respond=answers_of(store)), plesk('', respond=answers_of(store)))
    result = run({'mailboxes': [{'address': 'ghost@example.org', 'state': 'absent'}]})
    assert result.failed and result['changed'] is False and result['error']['code'] == code
    assert 'There is no DSMail service for domain with id = 11' in result['msg']
    assert len(wire.sent) == 2


def test_a_server_refusing_to_switch_an_existing_mailbox_takes_the_rest_and_says_why(wire):
    # A live Obsidian may refuse <mailbox><enabled> in an update (a public client's notes; the emulator's
    # update_set_mailbox_enabled: refused), as a parser error for the whole packet: the switch goes last and alone.
    store = fresh({'plesk': {'update_set_mailbox_enabled': 'refused'}})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(3)])
    result = run({'mailboxes': [{'site_id': 11, 'name': 'admin', 'mailbox': False},
                                {'site_id': 11, 'name': 'common', 'quota': '1G'}]})
    assert result.failed and result['changed'] is True and result['error']['code'] == 1014
    assert 'may_have_applied' not in result['error']
    assert "Element 'enabled': This element is not expected." in result['msg']
    assert 'this Plesk does not switch mailboxes through its XML API' in result['msg']
    assert 'Plesk refused this later packet of the write, for admin@example.org, whole' in result['msg']
    admin, common = result['mailboxes']
    assert (admin['changed'], admin['settings_after'], admin['error']['code']) == (False, admin['settings_before'], 1014)
    assert common['changed'] is True and common['settings_after']['quota'] == GIB and 'error' not in common
    boxes = dict((box['name'], box) for box in store.data['plesk']['sites'][2]['mailboxes'])
    assert boxes['common']['quota'] == GIB and boxes['admin']['mailbox'] is True


def test_a_refused_mailbox_switch_after_a_split_write_keeps_what_the_first_packets_made(wire):
    store = fresh({'plesk': {'update_set_mailbox_enabled': 'refused'}})
    # One read, three packets of creations (max_packet_size), then the switch alone.
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(5)])
    new = [{'site_id': 11, 'name': 'new%02d' % index} for index in range(12)]
    result = run({'max_packet_size': 1200, 'mailboxes': new + [{'site_id': 11, 'name': 'admin', 'mailbox': False}]})
    assert result.failed and result['changed'] is True and 'may_have_applied' not in result['error']
    assert 'this Plesk does not switch mailboxes through its XML API' in result['msg']
    # What the first packets made is reported as made, from their answers.
    made = [entry['address'] for entry in result['mailboxes'] if entry['changed']]
    stored = [box['name'] for box in store.data['plesk']['sites'][2]['mailboxes']]
    assert len(made) == 12 and all(address.split('@')[0] in stored for address in made)


def one_site(*mailboxes, **behaviours):
    return fresh({'plesk': dict(behaviours, sites=[
        {'id': 11, 'name': 'example.org', 'kind': 'site', 'mail_service': True, 'mailboxes': list(mailboxes)}])})


def stored(store, name):
    return next(box for box in store.data['plesk']['sites'][0]['mailboxes'] if box['name'] == name)


@pytest.mark.parametrize('switch, packets', [('refused', 2), ('accepted', 4)])
def test_a_mailbox_switched_on_goes_before_the_forwarding_it_replaces(wire, switch, packets):
    # Forwarding off first, then a refused switch, would leave the account delivering nowhere.
    store = one_site({'name': 'relay', 'mailbox': False, 'forwarding': {'enabled': True, 'addresses': ['a@example.net']}},
                     update_set_mailbox_enabled=switch)
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(packets)])
    result = run({'mailboxes': [{'site_id': 11, 'name': 'relay', 'mailbox': True,
                                 'forwarding': {'enabled': False, 'addresses': []}}]})
    box, entry = stored(store, 'relay'), result['mailboxes'][0]
    assert entry['settings_after']['mailbox'] is box['mailbox'] is (switch == 'accepted')
    assert entry['settings_after']['forwarding'] == box['forwarding'] == (
        {'enabled': False, 'addresses': []} if switch == 'accepted' else {'enabled': True, 'addresses': ['a@example.net']})
    assert result.failed is (switch == 'refused') and result['changed'] is (switch == 'accepted')


def test_a_mailbox_is_not_switched_off_when_the_forwarding_it_gives_way_to_was_refused(wire):
    before = account('info', forwarding=(False, ['a@example.net']))
    wire.expect(*example_org('info', existing={'info': before}),
                plesk(answer(updated('set', 'info', failure=(1019, 'Invalid value.'))), packet=request(update_request(
                    'set', 11, 'info', '<forwarding><enabled>true</enabled><address>a@example.net</address></forwarding>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'mailbox': False, 'forwarding': {'enabled': True}}]})
    entry = result['mailboxes'][0]
    assert result.failed and result['changed'] is False and entry['settings_after'] == entry['settings_before']
    assert len(wire.sent) == 3


def test_a_later_packet_lost_keeps_the_refusals_of_the_earlier_ones_and_says_what_was_not_sent(wire):
    store = one_site({'name': 'admin', 'forwarding': {'enabled': True, 'addresses': ['a@example.net']}},
                     {'name': 'common'}, {'name': 'other', 'aliases': ['taken']})
    # The read, the first packet (common's alias refused), the removal lost, the read back.
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(2)], Exchange(raises=LOST),
                plesk('', respond=answers_of(store)))
    result = run({'mailboxes': [{'site_id': 11, 'name': 'admin', 'forwarding': {'addresses': ['b@example.net']},
                                 'mailbox': False},
                                {'site_id': 11, 'name': 'common', 'aliases': ['taken'], 'append_aliases': True}]})
    assert result.failed and result['error']['may_have_applied'] is True
    assert 'this was a later packet of the write, for admin@example.org' in result['msg']
    assert '[1007]' in result['msg'] and '1 operations of later packets were not sent' in result['msg']
    admin, common = result['mailboxes']
    # Refused, as the first packet's answer said: not read back, not unknown.
    assert (common['changed'], common['error']['code']) == (False, 1007)
    assert admin['changed'] is None and admin['settings_after']['forwarding']['addresses'] == ['a@example.net', 'b@example.net']


def test_a_later_packet_that_cannot_be_sent_is_not_called_refused(wire):
    store = one_site({'name': 'admin'}, {'name': 'common'})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(2)], Exchange(raises=REFUSED))
    result = run({'mailboxes': [{'site_id': 11, 'name': 'admin', 'mailbox': False},
                                {'site_id': 11, 'name': 'common', 'quota': '1G'}]})
    assert result.failed and result['changed'] is True and 'may_have_applied' not in result['error']
    assert 'Plesk ran nothing of this later packet of the write, for admin@example.org' in result['msg']
    assert 'refused this later packet' not in result['msg']
    assert [entry['changed'] for entry in result['mailboxes']] == [False, True] and stored(store, 'admin')['mailbox']


def test_a_mailbox_switched_on_takes_the_quota_asked_for_even_when_plesk_reported_none(wire):
    # The schema makes <quota> optional in <mailbox>: what a mailbox that is off has is no reason to leave it out.
    xml = '<mailname><id>1</id><name>info</name><mailbox><enabled>false</enabled></mailbox></mailname>'
    wire.expect(*example_org('info', existing={'info': xml}),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<mailbox><enabled>true</enabled><quota>%d</quota></mailbox>' % GIB))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'mailbox': True, 'quota': '1G'}]})
    assert not result.failed and result['changed'] is True and not result.get('warnings')
    assert result['mailboxes'][0]['settings_after']['quota'] == GIB


def test_a_quota_plesk_did_not_report_in_a_mailbox_it_did_is_left_alone_and_named(wire):
    xml = '<mailname><id>1</id><name>info</name><mailbox><enabled>true</enabled></mailbox></mailname>'
    wire.expect(*example_org('info', existing={'info': xml}))
    result = run({'mailboxes': [{'address': 'info@example.org', 'quota': '1G'}]})
    assert not result.failed and result['changed'] is False
    assert ('Plesk did not report the quota of info@example.org (its mail get_info answer has no <quota> in '
            '<mailbox>), so the task does not change it') in str(result['warnings'])


@pytest.mark.parametrize('text, switch', [
    ("Parser error: Request is invalid. Error in line 1: Element 'enabled': This element is not expected.", False),
    ("Parser error: Request is invalid. Error in line 1: Element 'quota': This element is not expected.", True),
])
def test_the_mailbox_switch_hint_is_given_only_for_a_refused_enabled_where_a_mailbox_is_switched(wire, text, switch):
    item = {'site_id': 11, 'name': 'common'}
    item.update({'mailbox': False} if switch else {'description': 'Everyone'})
    wire.expect(by_id(11, 'example.org', 'common', existing={'common': account('common')}),
                plesk(system_error(1014, text)))
    result = run({'mailboxes': [item]})
    assert result.failed and result['error']['code'] == 1014 and text in result['msg']
    assert 'does not switch mailboxes' not in result['msg']


# -- autoresponders ------------------------------------------------------------------------------

AWAY = {'enabled': True, 'subject': 'Away until Monday', 'text': 'We answer on Monday.\n'}


def test_an_autoresponder_is_set_in_check_mode_for_real_and_then_left_alone_against_the_emulator(wire):
    store = one_site({'name': 'info', 'autoresponder': {'subject': 'Old', 'forward': 'boss@example.net'}})
    # A read in check mode, a read and a write, a read.
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(4)])
    task = {'mailboxes': [{'site_id': 11, 'name': 'info', 'autoresponder': AWAY}]}
    checked = run(task, check_mode=True, diff=True)
    assert checked['changed'] is True and stored(store, 'info')['autoresponder']['enabled'] is False
    made = run(task)
    # Only the parts given change; the forward address stays.
    expected = dict(AWAY, forward='boss@example.net')
    assert made['changed'] is True and stored(store, 'info')['autoresponder'] == expected
    assert made['mailboxes'][0]['settings_after']['autoresponder'] == expected == checked['mailboxes'][0][
        'settings_after']['autoresponder']
    assert checked['diff']['before']['info@example.org']['autoresponder']['subject'] == 'Old'
    again = run(task)
    assert again['changed'] is False and len(wire.sent) == 4


def test_an_autoresponder_sends_only_the_parts_that_differ_and_reads_them_only_when_given(wire):
    before = account('info').replace('</mailname>', '<autoresponder><enabled>false</enabled><subject>Away</subject>'
                                                    '</autoresponder></mailname>')
    wire.expect(plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
                plesk(answer(accounts(['info'], {'info': before})), packet=request(
                    settings_request(11, 'info', datasets=('mailbox', 'forwarding', 'aliases', 'autoresponder')))),
                plesk(answer(updated('set', 'info')), packet=request(update_request(
                    'set', 11, 'info', '<autoresponder><enabled>true</enabled><forward>boss@example.net</forward>'
                                       '</autoresponder>'))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'autoresponder': {
        'enabled': True, 'subject': 'Away', 'forward': 'boss@example.net'}}]})
    assert result['changed'] is True and result['mailboxes'][0]['settings_after']['autoresponder'] == {
        'enabled': True, 'subject': 'Away', 'text': '', 'forward': 'boss@example.net'}


def test_a_new_account_gets_its_autoresponder_at_creation_and_unknown_parts_are_null(wire):
    store = one_site()
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(2)])
    result = run({'mailboxes': [{'site_id': 11, 'name': 'away', 'autoresponder': {'enabled': True, 'text': 'Gone'}}]})
    assert result['changed'] is True and stored(store, 'away')['autoresponder']['text'] == 'Gone'
    assert result['mailboxes'][0]['settings_after']['autoresponder'] == {
        'enabled': True, 'subject': None, 'text': 'Gone', 'forward': None}


def test_a_task_without_autoresponders_neither_reads_nor_returns_them(wire):
    wire.expect(*example_org('info', existing={'info': account('info')}))
    result = run({'mailboxes': [{'address': 'info@example.org'}]})
    assert 'autoresponder' not in result['mailboxes'][0]['settings_before']


def test_an_autoresponder_plesk_did_not_answer_is_left_alone_with_a_warning(wire):
    wire.expect(plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
                plesk(answer(accounts(['info'], {'info': account('info')})), packet=request(
                    settings_request(11, 'info', datasets=('mailbox', 'forwarding', 'aliases', 'autoresponder')))))
    result = run({'mailboxes': [{'address': 'info@example.org', 'autoresponder': {'enabled': False}}]})
    assert not result.failed and result['changed'] is False
    assert ('Plesk did not report the autoresponder of info@example.org (its mail get_info answer has no '
            '<autoresponder>), so the task does not change it') in str(result['warnings'])


@pytest.mark.parametrize('autoresponder, words', [
    ({'forward': 'nobody'}, "mailboxes[0].autoresponder.forward must be an address, name@domain, or empty for none, "
                            "got 'nobody'"),
    ({'subject': 'a\x01b'}, 'mailboxes[0].autoresponder.subject must be one line without control characters'),
    # The subject becomes a header of the reply: a line break would start another.
    ({'subject': 'Away\nBcc: x@example.net'}, 'mailboxes[0].autoresponder.subject must be one line'),
    ({'text': 'a\x01b'}, 'mailboxes[0].autoresponder.text must not contain control characters'),
    ({}, 'mailboxes[0].autoresponder must give at least one of enabled, subject, text and forward'),
])
def test_a_bad_autoresponder_fails_before_any_request(wire, autoresponder, words):
    result = run({'mailboxes': [{'address': 'info@example.org', 'autoresponder': autoresponder}]})
    assert result.failed and words in result['msg'] and not wire.sent


def test_an_empty_forward_removes_the_autoresponders_forward_address(wire):
    store = one_site({'name': 'info', 'autoresponder': {'enabled': True, 'forward': 'Boss@example.net'}})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(4)])
    # The same address in other case is no change, as for forwarding addresses.
    same = run({'mailboxes': [{'site_id': 11, 'name': 'info', 'autoresponder': {'forward': 'boss@EXAMPLE.net'}}]})
    assert not same.failed and same['changed'] is False
    removed = run({'mailboxes': [{'site_id': 11, 'name': 'info', 'autoresponder': {'forward': ''}}]})
    assert removed['changed'] is True and stored(store, 'info')['autoresponder']['forward'] == ''
    assert run({'mailboxes': [{'site_id': 11, 'name': 'info', 'autoresponder': {'forward': ' '}}]})['changed'] is False


def test_a_lost_answer_is_read_back_with_the_autoresponders_the_first_read_had(wire):
    # info's autoresponder is as asked already; admin changes its description only, and the answer is lost.
    store = one_site({'name': 'info', 'autoresponder': {'enabled': True}}, {'name': 'admin'})
    wire.expect(plesk('', respond=answers_of(store)), plesk('', respond=answers_of(store), cut_after=0),
                plesk('', respond=answers_of(store)))
    result = run({'mailboxes': [{'site_id': 11, 'name': 'info', 'autoresponder': {'enabled': True}},
                                {'site_id': 11, 'name': 'admin', 'description': 'Desk'}]})
    assert not result.failed and result['changed'] is True and result['mailboxes'][1]['changed'] is True
    assert b'<autoresponder/>' in wire.sent[-1].body
    assert 'state read back shows every change made' in str(result['warnings'])


def test_every_setting_plesk_did_not_report_is_named():
    # An answer of <mailname><id>1</id><name>info</name></mailname>, with the autoresponder dataset asked for.
    before = {'name': 'info', 'mailbox': None, 'quota': None, 'forwarding': {'enabled': False, 'addresses': []},
              'aliases': [], 'description': ''}
    wanted = {'state': 'present', 'mailbox': None, 'quota': GIB, 'autoresponder': {'enabled': True}}
    assert plesk_mailbox.unreported_settings(before, wanted) == [(['quota'], '<mailbox>'),
                                                                 (['autoresponder'], '<autoresponder>')]
