# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.modules import plesk_mailbox_info
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    LISTING_REQUEST,
    answer,
    error_result,
    listing,
    lookup,
    lookup_request,
    request,
)
from ansible_collections.hosting.panels.tests.unit.harness.mail_answers import (
    EVERYTHING,
    account,
    accounts,
    every_account,
    settings_request,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
GIB = 1024 ** 3


def run(args, **kwargs):
    return run_module(plesk_mailbox_info, dict(CONNECTION, **args), **kwargs)


def test_every_account_of_every_site_in_two_packets_with_usage(wire):
    info = account('info', 5, quota=GIB, usage=1024, forwarding=(True, ['boss@example.net']), aliases=['contact'],
                   description='Front desk')
    wire.expect(plesk(answer(listing(sites=[(11, 'example.org')], webspaces=[(1, 'example.com')])),
                      packet=request(LISTING_REQUEST)),
                plesk(answer(every_account(), every_account(info, account('relay', 6, mailbox=False))),
                      packet=request(settings_request(1, datasets=EVERYTHING), settings_request(11, datasets=EVERYTHING))))
    result = run({})
    assert result['changed'] is False and result['missing'] == []
    assert result['mailboxes'] == [
        {'address': 'info@example.org', 'site': 'example.org', 'site_id': 11, 'name': 'info', 'mailbox': True,
         'quota': GIB, 'usage': 1024, 'forwarding': {'enabled': True, 'addresses': ['boss@example.net']},
         'aliases': ['contact'], 'description': 'Front desk'},
        {'address': 'relay@example.org', 'site': 'example.org', 'site_id': 11, 'name': 'relay', 'mailbox': False,
         'quota': -1, 'usage': None, 'forwarding': {'enabled': False, 'addresses': []}, 'aliases': [],
         'description': ''}]


@pytest.mark.parametrize('missing', ['omit', 'error'])
def test_addresses_are_read_one_get_info_each_and_missing_ones_listed(wire, missing):
    wire.expect(plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
                plesk(answer(accounts(['info', 'nobody'], {'info': account('Info')}, missing)),
                      packet=request(settings_request(11, 'info', 'nobody', datasets=EVERYTHING))))
    result = run({'address': ['info@example.org', 'nobody@example.org']})
    assert [entry['address'] for entry in result['mailboxes']] == ['Info@example.org']
    assert result['missing'] == ['nobody@example.org']


@pytest.mark.parametrize('asked', [False, True])
def test_autoresponders_are_read_and_returned_only_when_asked_for(wire, asked):
    info = account('info').replace('</mailname>', '<autoresponder><enabled>true</enabled><subject>Away</subject>'
                                                  '</autoresponder></mailname>')
    datasets = EVERYTHING + (('autoresponder',) if asked else ())
    wire.expect(plesk(answer(lookup('example.org', 11)), packet=request(lookup_request('name', 'example.org'))),
                plesk(answer(accounts(['info', 'relay'], {'info': info, 'relay': account('relay')})),
                      packet=request(settings_request(11, 'info', 'relay', datasets=datasets))))
    result = run({'address': ['info@example.org', 'relay@example.org'], 'autoresponder': asked})
    if asked:
        # The relay's answer has no autoresponder: not said, so null.
        assert [entry['autoresponder'] for entry in result['mailboxes']] == [
            {'enabled': True, 'subject': 'Away', 'text': '', 'forward': ''}, None]
    else:
        assert all('autoresponder' not in entry for entry in result['mailboxes'])


def test_a_site_read_whole_wins_over_addresses_on_it(wire):
    wire.expect(plesk(answer(lookup('example.org', 11), lookup('EXAMPLE.org', 11))),
                plesk(answer(every_account(account('info'), account('sales', 2))),
                      packet=request(settings_request(11, datasets=EVERYTHING))))
    result = run({'site': ['example.org'], 'address': ['sales@EXAMPLE.org', 'ghost@EXAMPLE.org']})
    assert [entry['name'] for entry in result['mailboxes']] == ['info', 'sales']
    assert result['missing'] == ['ghost@EXAMPLE.org']


NO_MAIL_SERVICE = 'There is no DSMail service for domain with id = 12'


@pytest.mark.parametrize('code', [1023, 1013])
def test_a_site_plesk_refuses_to_read_is_reported_and_its_addresses_are_not_called_missing(wire, code):
    wire.expect(plesk(answer(lookup('example.org', 11), lookup('sub.example.org', 12))),
                plesk(answer(accounts(['info'], {'info': account('info')}),
                             ('mail', 'get_info', error_result(code, NO_MAIL_SERVICE))),
                      packet=request(settings_request(11, 'info', datasets=EVERYTHING),
                                     settings_request(12, 'info', datasets=EVERYTHING))))
    result = run({'address': ['info@example.org', 'info@sub.example.org']})
    assert not result.failed and [entry['address'] for entry in result['mailboxes']] == ['info@example.org']
    # Under 1013, the code of a missing object, too: the refusal names the mail service, not the account.
    assert result['missing'] == []
    assert result['unreadable'] == [{'site': 'sub.example.org', 'site_id': 12, 'operation': 'get_info', 'code': code,
                                     'text': NO_MAIL_SERVICE}]
    assert ('Plesk mail get_info failed for sub.example.org (id 12): [%d] %s; the accounts it refused are not '
            'reported' % (code, NO_MAIL_SERVICE)) in str(result['warnings'])


def test_the_accounts_read_on_a_site_despite_a_refusal_are_reported(wire):
    wire.expect(plesk(answer(lookup('sub.example.org', 12))),
                plesk(answer(accounts(['info'], {'info': account('info')}),
                             ('mail', 'get_info', error_result(1023, NO_MAIL_SERVICE))),
                      packet=request(settings_request(12, 'info', 'other', datasets=EVERYTHING))))
    result = run({'address': ['info@sub.example.org', 'other@sub.example.org']})
    assert not result.failed and [entry['address'] for entry in result['mailboxes']] == ['info@sub.example.org']
    assert result['missing'] == [] and [entry['site_id'] for entry in result['unreadable']] == [12]


def test_a_permission_denied_fails_the_read_as_it_concerns_the_login(wire):
    wire.expect(plesk(answer(lookup('sub.example.org', 12))),
                plesk(answer(('mail', 'get_info', error_result(1006, 'Permission denied')))))
    result = run({'site': ['sub.example.org']})
    assert result.failed and '[1006] Permission denied' in result['msg'] and 'unreadable' not in result


def test_sites_by_id_are_read_in_one_packet(wire):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), every_account()),
                      packet=request(lookup_request('id', 11), settings_request(11, datasets=EVERYTHING))))
    assert run({'site_id': [11]})['mailboxes'] == []


def test_what_plesk_leaves_out_is_reported_as_unknown(wire):
    bare = account('info', mailbox=None, forwarding=None)
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), every_account(bare))))
    entry, = run({'site_id': [11]})['mailboxes']
    assert (entry['mailbox'], entry['quota'], entry['usage'], entry['forwarding']) == (
        None, None, None, {'enabled': False, 'addresses': []})


@pytest.mark.parametrize('args, words', [
    ({'address': ['info']}, "address must contain addresses such as info@example.com, got 'info'"),
    ({'address': ['a b@example.org']}, "address must contain addresses such as info@example.com, got 'a b@example.org'"),
    ({'address': ['@example.org']}, "got '@example.org'"),
    ({'address': ['info@' + 'a' * 250 + '.com']}, 'address has a domain that must be a domain name of at most 253 characters'),
    ({'address': []}, 'address must not be an empty list'),
    ({'site_id': [0]}, 'site_id must contain positive ids'),
])
def test_bad_input_fails_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg'] and wire.sent == []


def test_an_unknown_domain_fails_naming_it(wire):
    wire.expect(plesk(answer(lookup('nope.example'))))
    result = run({'address': ['info@nope.example']})
    assert result.failed and "Unknown Plesk site 'nope.example'" in result['msg']
