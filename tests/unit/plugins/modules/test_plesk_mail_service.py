# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
from lxml import etree

from ansible_collections.hosting.panels.plugins.modules import plesk_mail_service
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    done,
    error_result,
    lookup,
    lookup_request,
    prefs,
    prefs_error,
    prefs_request,
    request,
    switch_request,
    system_error,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

PASSWORD = 'Plesk-Pa55word'
CONNECTION = {'host': 'plesk.example.com', 'password': PASSWORD}


def run(args, **kwargs):
    return run_module(plesk_mail_service, dict(CONNECTION, **args), **kwargs)


def read_by_id(*sites):
    """The one read packet for sites given by id, and its answer: ``(id, name, kind, mail_service)``."""
    sent = request([lookup_request('id', site[0]) for site in sites], [prefs_request(site[0]) for site in sites])
    answered = answer([lookup(site[0], site[0], site[1], site[2]) for site in sites],
                      [prefs(site[0], site[3]) for site in sites])
    return plesk(answered, packet=sent)


def summary(result):
    return [(site['name'], site['id'], site['mail_service_before'], site['mail_service_after'], site['changed'])
            for site in result['sites']]


def test_enabling_several_sites_by_id_is_one_read_and_one_write_packet(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
                plesk(answer(done('mail', 'enable'), done('mail', 'enable')),
                      packet=request(switch_request(1, True), switch_request(2, True))))
    result = run({'site_id': [1, 2], 'state': 'enabled'})
    assert result['changed'] is True and not result.failed
    assert summary(result) == [('example.com', 1, False, True, True), ('example.net', 2, False, True, True)]
    assert len(wire.sent) == 2


def test_only_the_sites_that_differ_are_switched(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', True),
                           (11, 'example.org', 'site', False)),
                plesk(answer(done('mail', 'disable'), done('mail', 'disable')),
                      packet=request(switch_request(1, False), switch_request(2, False))))
    result = run({'site_id': [1, 2, 11], 'state': 'disabled'})
    assert [(site['id'], site['changed']) for site in result['sites']] == [(1, True), (2, True), (11, False)]


def test_a_write_answered_with_another_success_status_by_a_proxy_is_read(wire):
    answered = plesk(answer(done('mail', 'disable')), packet=request(switch_request(2, False)))
    answered.status = 202
    wire.expect(read_by_id((2, 'example.net', 'site', True)), answered)
    result = run({'site_id': [2], 'state': 'disabled'})
    assert not result.failed and result['changed'] is True and result['sites'][0]['mail_service_after'] is False


def test_a_write_answered_with_no_content_by_a_proxy_may_have_applied(wire):
    # Without the answer, only the state read back tells: here it shows the change made.
    emptied = plesk('', packet=request(switch_request(2, False)))
    emptied.status = 204
    wire.expect(read_by_id((2, 'example.net', 'site', True)), emptied, read_by_id((2, 'example.net', 'site', False)))
    result = run({'site_id': [2], 'state': 'disabled'})
    assert not result.failed and result['changed'] is True
    assert 'Plesk, or a proxy in front of it, answered HTTP 204 without the answer' in str(result['warnings'])


def test_nothing_is_sent_when_every_site_is_already_in_the_state(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', True)))
    result = run({'site_id': [1, 2]})
    assert result['changed'] is False and not result.failed
    assert summary(result) == [('example.com', 1, True, True, False), ('example.net', 2, True, True, False)]
    assert len(wire.sent) == 1


def test_check_mode_reports_the_change_and_sends_no_write(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)))
    result = run({'site_id': [1, 2], 'state': 'disabled'}, check_mode=True)
    assert result['changed'] is True
    assert summary(result) == [('example.com', 1, True, False, True), ('example.net', 2, False, False, False)]
    assert [sent.operations for sent in wire.sent] == [
        [('site', 'get'), ('webspace', 'get'), ('mail', 'get_prefs')]]


def test_names_are_resolved_in_one_packet_falling_back_to_webspace_for_a_main_domain(wire):
    wire.expect(
        plesk(answer(lookup('example.com', 1, kind='webspace'), lookup('example.net', 2)),
              packet=request(lookup_request('name', 'example.com'), lookup_request('name', 'example.net'))),
        plesk(answer(prefs(1, False), prefs(2, True)), packet=request(prefs_request(1), prefs_request(2))),
        plesk(answer(done('mail', 'enable')), packet=request(switch_request(1, True))))
    result = run({'site': ['example.com', 'example.net']})
    assert summary(result) == [('example.com', 1, False, True, True), ('example.net', 2, True, True, False)]


def test_a_site_named_by_name_and_by_id_is_handled_once_and_not_looked_up_again(wire):
    # The name goes in lower case, as Plesk keeps domain names: a server that matches them exactly finds it too.
    wire.expect(
        plesk(answer(lookup('example.net', 2)), packet=request(lookup_request('name', 'example.net'))),
        plesk(answer(lookup(11, 11, 'example.org'), prefs(2, True), prefs(11, True)),
              packet=request(lookup_request('id', 11), prefs_request(2), prefs_request(11))),
        plesk(answer(done('mail', 'disable'), done('mail', 'disable')),
              packet=request(switch_request(2, False), switch_request(11, False))))
    result = run({'site': ['EXAMPLE.net'], 'site_id': [2, 11, 11], 'state': 'disabled'})
    assert [(site['name'], site['id']) for site in result['sites']] == [('example.net', 2), ('example.org', 11)]


def test_an_unknown_name_fails_before_anything_else_is_read(wire):
    wire.expect(plesk(answer(lookup('example.com', 1, kind='webspace'), lookup('example.invalid'))))
    result = run({'site': ['example.com', 'example.invalid']})
    assert result.failed and result['changed'] is False
    assert "Unknown Plesk site 'example.invalid'" in result['msg']
    assert result['error']['missing'] == ['example.invalid']
    assert len(wire.sent) == 1


def test_an_unknown_id_fails_before_any_change(wire):
    wire.expect(plesk(answer(lookup(1, 1, 'example.com', 'webspace'), lookup(99), prefs(1, False),
                             prefs_error(1013, 'Domain does not exist'))))
    result = run({'site_id': [1, 99]})
    assert result.failed and result['changed'] is False
    assert 'Unknown Plesk site id 99' in result['msg'] and result['error']['type'] == 'PanelNotFoundError'
    assert len(wire.sent) == 1


def test_a_lookup_error_other_than_not_found_fails_with_the_panels_code(wire):
    wire.expect(plesk(answer(('site', 'get', error_result(1006, 'Permission denied')),
                             ('webspace', 'get', error_result(1013, 'Webspace does not exist')))))
    result = run({'site': ['example.net']})
    assert result.failed and '[1006] Permission denied' in result['msg'] and 'example.net' in result['msg']
    assert len(wire.sent) == 1


def test_an_unreported_mail_state_fails_without_guessing_or_writing(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', None), (2, 'example.net', 'site', False)))
    result = run({'site_id': [1, 2]})
    assert result.failed and 'did not report whether mail is enabled on example.com (id 1)' in result['msg']
    assert len(wire.sent) == 1


@pytest.mark.parametrize('variant', ['omitted', 'none'])
@pytest.mark.parametrize('check_mode', [True, False])
def test_a_server_that_does_not_say_mail_is_off_gets_no_write(wire, variant, check_mode):
    # Two ways the emulator can play a server leaving mailservice out for a site with mail off (P10).
    store = fresh({'plesk': {'prefs_mail_off': variant, 'sites': [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True},
        {'id': 2, 'name': 'example.net', 'kind': 'site', 'webspace_id': 1, 'mail_service': False}]}})
    wire.expect(plesk('', respond=answers_of(store)))
    result = run({'site_id': [1, 2], 'state': 'enabled'}, check_mode=check_mode)
    assert result.failed and result['changed'] is False
    assert 'did not report whether mail is enabled on example.net (id 2)' in result['msg']
    assert len(wire.sent) == 1 and b'<get_prefs>' in wire.sent[0].body  # the read, and no write after it


def test_a_site_named_in_capitals_is_found_by_a_server_that_matches_names_exactly(wire):
    store = fresh({'plesk': {'name_lookup': 'exact'}})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(3)])
    result = run({'site': ['EXAMPLE.net', 'Example.Org '], 'state': 'disabled'})
    assert not result.failed and result['changed'] is True
    assert [(site['name'], site['id']) for site in result['sites']] == [('example.net', 2), ('example.org', 11)]
    assert not any(site['mail_service'] for site in store.snapshot()['plesk']['sites'] if site['id'] in (2, 11))


def test_a_get_prefs_error_fails_naming_the_site(wire):
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), ('mail', 'get_prefs', error_result(1023, 'Operation failed')))))
    result = run({'site_id': [2]})
    assert result.failed and 'get_prefs failed for example.net (id 2): [1023] Operation failed' in result['msg']
    assert len(wire.sent) == 1


def test_a_per_site_error_fails_with_the_panels_code_and_still_reports_what_changed(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
                plesk(answer(done('mail', 'enable'), done('mail', 'enable', (1023, 'Operation failed')))))
    result = run({'site_id': [1, 2]})
    assert result.failed and result['changed'] is True
    assert 'mail enable failed for example.net (id 2): [1023] Operation failed' in result['msg']
    assert summary(result) == [('example.com', 1, False, True, True), ('example.net', 2, False, False, False)]
    assert result['sites'][1]['error'] == {'code': 1023, 'text': 'Operation failed'}
    assert 'error' not in result['sites'][0] and result['error']['code'] == 1023


def test_diff_maps_each_site_to_its_mail_service_only_in_diff_mode(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)),
                read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)))
    assert 'diff' not in run({'site_id': [1, 2]}, check_mode=True)
    result = run({'site_id': [1, 2]}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'example.com': True, 'example.net': False},
                              'after': {'example.com': True, 'example.net': True}}


def test_bad_credentials_fail_without_leaking_the_password(wire):
    wire.expect(plesk(system_error(1001, 'Authentication failed - wrong password.')))
    result = run({'site_id': [1]})
    assert result.failed and '1001' in result['msg']
    assert_no_secret(result, PASSWORD)


@pytest.mark.parametrize('args, words', [
    ({}, 'one of the following is required: site, site_id, sites'),
    ({'site': [], 'site_id': [1]}, 'site must not be an empty list'),
    ({'site_id': []}, 'site_id must not be an empty list'),
    ({'site': ['example.com', ' ']}, "site must not be empty, got ' '"),
    ({'site': ['a' * 250 + '.com']}, 'site must be a domain name of at most 253 characters'),
    ({'site': ['bad\x01.com']}, "site must not contain line breaks or other control characters, got 'bad\\x01.com'"),
    ({'site_id': [1, 0]}, 'site_id must contain positive ids, got [1, 0]'),
    ({'site_id': [-3]}, 'site_id must contain positive ids, got [-3]'),
    ({'site_id': ['one']}, "Elements value for option 'site_id' is of type"),
    ({'site_id': [1], 'state': 'on'}, 'value of state must be one of: enabled, disabled, got: on'),
    ({'site_id': [1], 'report': 'everything'}, 'value of report must be one of: sites, changes, got: everything'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []


# -- sites, each with its own state ---------------------------------------------------------------

def test_enabling_one_site_and_disabling_another_is_one_write_packet(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', True)),
                plesk(answer(done('mail', 'enable'), done('mail', 'disable')),
                      packet=request(switch_request(1, True), switch_request(2, False))))
    result = run({'sites': [{'site_id': 1, 'state': 'enabled'}, {'site_id': 2, 'state': 'disabled'}]}, diff=True)
    assert result['changed'] is True
    assert summary(result) == [('example.com', 1, False, True, True), ('example.net', 2, True, False, True)]
    assert result['diff'] == {'before': {'example.com': False, 'example.net': True},
                              'after': {'example.com': True, 'example.net': False}}


def test_sites_without_their_own_state_take_the_state_option(wire):
    wire.expect(plesk(answer(lookup('shop.example', 5, 'shop.example'), lookup('parked.example', 6, 'parked.example')),
                      packet=request(lookup_request('name', 'shop.example'), lookup_request('name', 'parked.example'))),
                plesk(answer(prefs(5, True), prefs(6, True)), packet=request(prefs_request(5), prefs_request(6))),
                plesk(answer(done('mail', 'disable')), packet=request(switch_request(6, False))))
    result = run({'sites': [{'site': 'shop.example', 'state': 'enabled'}, {'site': ' parked.example '}],
                  'state': 'disabled'})
    assert summary(result) == [('shop.example', 5, True, True, False), ('parked.example', 6, True, False, True)]


@pytest.mark.parametrize('report, key', [('sites', 'sites'), ('changes', 'changed_sites')])
def test_sites_by_id_and_by_name_come_back_in_the_order_given(wire, report, key):
    # The panel is read by name first; the result follows the task.
    store = fresh()
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(3)])
    result = run({'sites': [{'site_id': 2, 'state': 'disabled'}, {'site': 'example.com', 'state': 'disabled'}],
                  'report': report})
    assert not result.failed and result['changed'] is True
    names = result[key] if report == 'changes' else [entry['name'] for entry in result[key]]
    assert names == ['example.net', 'example.com']


def test_one_site_asked_for_in_both_states_fails_before_any_change(wire):
    wire.expect(plesk(answer(lookup('example.com', 1, 'example.com', 'webspace')),
                      packet=request(lookup_request('name', 'example.com'))),
                plesk(answer(prefs(1, True)), packet=request(prefs_request(1))))
    result = run({'sites': [{'site': 'example.com', 'state': 'enabled'}, {'site_id': 1, 'state': 'disabled'}]})
    assert result.failed and not result.get('changed')
    assert "example.com (id 1) is named twice, as 'example.com' and 1, with different states" in result['msg']
    assert len(wire.sent) == 2


@pytest.mark.parametrize('args, words', [
    ({'sites': []}, 'sites must not be an empty list'),
    ({'sites': [{'site': 'a\nb.example'}]}, "sites[0].site must not contain line breaks or other control characters"),
    ({'sites': [{'site': 'a' * 250 + '.com'}]}, 'sites[0].site must be a domain name of at most 253 characters'),
    ({'sites': [{'site': 'a.example', 'site_id': 3}]}, "sites[0]: give exactly one of site and site_id, got site='a.example', site_id=3"),
    ({'sites': [{'state': 'enabled'}]}, 'sites[0]: give exactly one of site and site_id'),
    ({'sites': [{'site': 'a.example'}, {'site': '  '}]}, "sites[1].site must not be empty, got '  '"),
    ({'sites': [{'site_id': 0}]}, 'sites[0].site_id must be a positive id, got 0'),
    ({'sites': [{'site_id': 1}], 'site': ['a.example']}, 'mutually exclusive'),
    ({'sites': [{'site_id': 1, 'state': 'on'}]}, 'value of state must be one of: enabled, disabled, got: on'),
])
def test_bad_sites_fail_naming_the_item_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []


@pytest.mark.parametrize('check_mode', [False, True])
def test_report_changes_returns_only_the_names_switched_in_the_order_given(wire, check_mode):
    wire.expect(read_by_id((11, 'example.org', 'site', False), (2, 'example.net', 'site', True),
                           (1, 'example.com', 'webspace', False)),
                *([] if check_mode else [plesk(answer(done('mail', 'enable'), done('mail', 'enable')),
                                               packet=request(switch_request(11, True), switch_request(1, True)))]))
    result = run({'site_id': [11, 2, 1], 'report': 'changes'}, check_mode=check_mode)
    assert not result.failed and result['changed'] is True
    assert result['changed_sites'] == ['example.org', 'example.com'] and 'sites' not in result
    assert len(wire.sent) == (1 if check_mode else 2)


def test_report_changes_with_nothing_to_change_returns_no_names(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True)))
    result = run({'site_id': [1], 'report': 'changes'}, diff=True)
    assert result['changed'] is False and result['changed_sites'] == [] and 'sites' not in result
    assert result['diff'] == {'before': {'example.com': True}, 'after': {'example.com': True}}


def test_report_changes_still_returns_every_site_when_the_task_fails(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
                plesk(answer(done('mail', 'enable'), done('mail', 'enable', (1023, 'Operation failed')))))
    result = run({'site_id': [1, 2], 'report': 'changes'})
    assert result.failed and result['changed'] is True and 'changed_sites' not in result
    assert summary(result) == [('example.com', 1, False, True, True), ('example.net', 2, False, False, False)]
    assert result['sites'][1]['error'] == {'code': 1023, 'text': 'Operation failed'}


LOST = requests.exceptions.ReadTimeout('read timeout')


@pytest.mark.parametrize('now, outcome', [(False, 'made'), (True, 'not made')])
def test_a_write_broken_off_after_sending_is_settled_by_reading_the_state_back(wire, now, outcome):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)),
                Exchange(raises=LOST), read_by_id((1, 'example.com', 'webspace', now)))
    result = run({'site_id': [1, 2], 'state': 'disabled'})
    if outcome == 'made':
        assert not result.failed and result['changed'] is True
        assert summary(result) == [('example.com', 1, True, False, True), ('example.net', 2, False, False, False)]
        assert 'the state read back shows every change made' in str(result['warnings'])
    else:
        assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
        assert summary(result) == [('example.com', 1, True, None, None), ('example.net', 2, False, False, False)]
        assert ('the state read back shows these changes not made yet (the panel may still be making them): '
                'example.com (id 1)' in result['msg'])
        assert 'may have applied this change' in result['msg']


def test_a_write_broken_off_whose_state_cannot_be_read_back_marks_the_sites_unknown(wire):
    wire.expect(read_by_id((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)),
                Exchange(raises=LOST), *[Exchange(raises=LOST) for dummy in range(4)])
    result = run({'site_id': [1, 2], 'state': 'disabled'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert summary(result) == [('example.com', 1, True, None, None), ('example.net', 2, False, False, False)]
    assert 'reading the state back failed too' in result['msg'] and '(tried 4 times)' in result['msg']
    assert result['msg'].startswith('Sending the changes failed: Cannot talk to plesk.example.com:8443: ')


# -- many sites ----------------------------------------------------------------------------------

MANY = 10000


def many(count=MANY):
    """``(id, name, kind, mail_service)`` of ``count`` sites, every third with mail off."""
    return [(1000 + index, 'site%05d.example' % index, 'site', index % 3 != 0) for index in range(count)]


def test_ten_thousand_sites_by_id_are_one_read_and_one_write_packet(wire):
    sites = many()
    off = [site for site in sites if not site[3]]
    wire.expect(read_by_id(*sites),
                plesk(answer([done('mail', 'enable')] * len(off)),
                      packet=request([switch_request(site[0], True) for site in off])))
    result = run({'site_id': [site[0] for site in sites], 'state': 'enabled'})
    assert not result.failed and len(wire.sent) == 2
    assert [entry['changed'] for entry in result['sites']] == [not site[3] for site in sites]
    assert [entry['name'] for entry in result['sites']] == [site[1] for site in sites]


def test_ten_thousand_sites_by_name_take_one_more_packet_to_find_them(wire):
    sites = many()
    wire.expect(plesk(answer([lookup(site[1], site[0]) for site in sites]),
                      packet=request([lookup_request('name', site[1]) for site in sites])),
                plesk(answer([prefs(site[0], site[3]) for site in sites]),
                      packet=request([prefs_request(site[0]) for site in sites])),
                plesk(answer([done('mail', 'disable')] * sum(site[3] for site in sites))))
    result = run({'site': [site[1] for site in sites], 'state': 'disabled'})
    assert not result.failed and len(wire.sent) == 3
    assert [operations[0] for operations in (sent.operations for sent in wire.sent)] == [
        ('site', 'get'), ('mail', 'get_prefs'), ('mail', 'disable')]


def test_packets_over_max_packet_size_are_split_and_the_result_is_the_same(wire):
    sites = {site[0]: site for site in many(60)}

    def read(sent):
        """Answers to whichever lookups and get_prefs a part of the read packet holds."""
        answered = []
        for operator in etree.fromstring(sent.body):
            for operation in operator:
                site_ids = [int(criterion.text) for criterion in operation.find('filter')]
                if operation.tag == 'get_prefs':
                    answered.append(('mail', 'get_prefs', ''.join(prefs(site_id, sites[site_id][3]).result
                                                                  for site_id in site_ids)))
                else:
                    answered.append((operator.tag, 'get', ''.join(lookup(site_id, site_id, sites[site_id][1]).results[
                        operator.tag] for site_id in site_ids)))
        return answer(answered)
    # 60 sites by id: a site get, a webspace get and a get_prefs of 60 ids each, 3 KB, sent as two packets of
    # at most 2,048 bytes (each operation's filter split to fit).
    wire.expect(*[plesk('', respond=read) for dummy in range(2)])
    wire.expect(plesk(answer([done('mail', 'enable')] * 20)))
    result = run({'site_id': list(sites), 'max_packet_size': 2048})
    assert not result.failed and len(wire.sent) == 3 and all(len(sent.body) <= 2048 for sent in wire.sent)
    assert [entry['id'] for entry in result['sites'] if entry['changed']] == [
        site_id for site_id, site in sites.items() if not site[3]]
    assert [entry['name'] for entry in result['sites']] == [site[1] for site in sites.values()]


def test_a_max_packet_size_too_small_for_any_operation_fails_before_any_request(wire):
    result = run({'site_id': [1], 'max_packet_size': 100})
    assert result.failed and 'max_packet_size must be at least 1024' in result['msg'] and not wire.sent
