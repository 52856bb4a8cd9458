# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.modules import plesk_mail_info
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    LISTING_REQUEST,
    answer,
    error_result,
    listing,
    lookup,
    lookup_request,
    mailboxes,
    mailboxes_request,
    prefs,
    prefs_error,
    prefs_request,
    request,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}


def run(args, **kwargs):
    return run_module(plesk_mail_info, dict(CONNECTION, **args), **kwargs)


def test_without_a_filter_every_site_and_webspace_is_read_in_two_packets(wire):
    wire.expect(
        plesk(answer(listing(sites=[(11, 'example.org'), (2, 'example.net')], webspaces=[(1, 'example.com')])),
              packet=request(LISTING_REQUEST)),
        plesk(answer(prefs(1, True), prefs(2, False, 'none', greylisting=None, unknown_names='<reject/>', dkim_signing=False),
                     prefs(11, True, 'roundcube', greylisting=False, unknown_names='<forward>pm@example.org</forward>',
                           dkim_signing=True),
                     mailboxes(), mailboxes(), mailboxes('admin', 'common')),
              packet=request(prefs_request(1), prefs_request(2), prefs_request(11),
                             mailboxes_request(1), mailboxes_request(2), mailboxes_request(11))))
    result = run({})
    assert result['changed'] is False and not result.failed
    assert result['sites'] == [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True, 'webmail': 'horde', 'dkim_signing': None,
         'greylisting': True, 'nonexistent_user': None, 'mailboxes': []},
        # Greylisting left out, as a live Obsidian server's answer has it.
        {'id': 2, 'name': 'example.net', 'kind': 'site', 'mail_service': False, 'webmail': 'none', 'dkim_signing': False,
         'greylisting': None, 'nonexistent_user': {'action': 'reject', 'text': None, 'address': None}, 'mailboxes': []},
        {'id': 11, 'name': 'example.org', 'kind': 'site', 'mail_service': True, 'webmail': 'roundcube', 'dkim_signing': True,
         'greylisting': False,
         'nonexistent_user': {'action': 'forward', 'text': None, 'address': 'pm@example.org'},
         'mailboxes': ['admin', 'common']},
    ]


def test_a_panel_without_sites_needs_one_packet(wire):
    wire.expect(plesk(answer(listing())))
    assert run({})['sites'] == []
    assert len(wire.sent) == 1


def test_sites_given_by_id_are_read_in_one_packet(wire):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), prefs(11, True), mailboxes('admin')),
                      packet=request(lookup_request('id', 11), prefs_request(11), mailboxes_request(11))))
    result = run({'site_id': [11]})
    assert [(site['name'], site['kind'], site['mailboxes']) for site in result['sites']] == [('example.org', 'site', ['admin'])]


def test_sites_given_by_name_and_id_are_resolved_first_then_read_together(wire):
    wire.expect(
        plesk(answer(lookup('example.com', 1, kind='webspace')), packet=request(lookup_request('name', 'example.com'))),
        plesk(answer(lookup(2, 2, 'example.net'), prefs(1), prefs(2), mailboxes(), mailboxes()),
              packet=request(lookup_request('id', 2), prefs_request(1), prefs_request(2),
                             mailboxes_request(1), mailboxes_request(2))))
    result = run({'site': ['example.com'], 'site_id': [2, 1]})
    assert [(site['id'], site['name'], site['kind']) for site in result['sites']] == [
        (1, 'example.com', 'webspace'), (2, 'example.net', 'site')]


def test_sites_a_get_prefs_of_several_leaves_unsettled_are_read_again_one_by_one(wire):
    # Plesk answered only the first site asked (emulator variant first_only): both are asked again alone.
    wire.expect(
        plesk(answer(lookup(1, 1, 'example.com', 'webspace'), lookup(2, 2, 'example.net'),
                     ('mail', 'get_prefs', prefs(1, True).result), mailboxes(), mailboxes('info')),
              packet=request(lookup_request('id', 1), lookup_request('id', 2), prefs_request(1), prefs_request(2),
                             mailboxes_request(1), mailboxes_request(2))),
        plesk(answer([prefs(1, True)], [prefs(2, False, 'none')]), packet=request([prefs_request(1)], [prefs_request(2)])))
    result = run({'site_id': [1, 2]})
    assert [(site['id'], site['mail_service'], site['webmail'], site['mailboxes']) for site in result['sites']] == [
        (1, True, 'horde', []), (2, False, 'none', ['info'])]


def test_an_unreported_mail_state_is_null(wire):
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), prefs(2, None), mailboxes())))
    assert run({'site_id': [2]})['sites'][0]['mail_service'] is None


NO_MAIL_SERVICE = 'There is no DSMail service for domain with id = 2'


def test_a_site_plesk_refuses_to_read_is_null_and_reported_while_the_others_are_read(wire):
    # The refusal names no site, so the get_prefs of both is asked again one by one.
    wire.expect(
        plesk(answer(listing(sites=[(2, 'sub.example.com')], webspaces=[(1, 'example.com')]))),
        plesk(answer(prefs(1, True), prefs_error(1023, NO_MAIL_SERVICE), mailboxes('info'),
                     ('mail', 'get_info', error_result(1023, NO_MAIL_SERVICE))),
              packet=request(prefs_request(1), prefs_request(2), mailboxes_request(1), mailboxes_request(2))),
        plesk(answer([prefs(1, True)], [prefs_error(1023, NO_MAIL_SERVICE)]),
              packet=request([prefs_request(1)], [prefs_request(2)])))
    result = run({})
    assert not result.failed and result['changed'] is False
    assert result['sites'] == [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True, 'webmail': 'horde',
         'dkim_signing': None, 'greylisting': True, 'nonexistent_user': None, 'mailboxes': ['info']},
        {'id': 2, 'name': 'sub.example.com', 'kind': 'site', 'mail_service': None, 'webmail': None, 'dkim_signing': None,
         'greylisting': None, 'nonexistent_user': None, 'mailboxes': None}]
    assert result['unreadable'] == [dict(zip(('site', 'site_id', 'operation', 'code', 'text'), entry)) for entry in [
        ('sub.example.com', 2, 'get_info', 1023, NO_MAIL_SERVICE),
        ('sub.example.com', 2, 'get_prefs', 1023, NO_MAIL_SERVICE)]]
    assert len(result['warnings']) == 2
    for operation in ('get_info', 'get_prefs'):
        assert ('Plesk mail %s failed for sub.example.com (id 2): [1023] %s; reported as unknown (null)'
                % (operation, NO_MAIL_SERVICE)) in str(result['warnings'])


def test_a_permission_denied_fails_the_read_as_it_concerns_the_login(wire):
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), prefs_error(1006, 'Permission denied'), mailboxes())))
    result = run({'site_id': [2]})
    assert result.failed and 'mail get_prefs failed for example.net (id 2): [1006] Permission denied' in result['msg']


def test_an_unknown_site_fails_naming_it(wire):
    wire.expect(plesk(answer(lookup('example.invalid'))))
    result = run({'site': ['example.invalid']})
    assert result.failed and "Unknown Plesk site 'example.invalid'" in result['msg']


def test_a_listing_error_fails_with_the_panels_code(wire):
    wire.expect(plesk(answer(('site', 'get', error_result(1006, 'Permission denied')), ('webspace', 'get', ''))))
    result = run({})
    assert result.failed and 'site get failed: [1006] Permission denied' in result['msg']


@pytest.mark.parametrize('args, words', [
    ({'site': ['']}, "site must not be empty, got ''"),
    # 254 characters: no domain name is longer than 253.
    ({'site': ['a' * 250 + '.com']}, "site must be a domain name of at most 253 characters, got 'aaaa"),
    ({'site': []}, 'site must not be an empty list; leave the option out instead'),
    ({'site_id': [0]}, 'site_id must contain positive ids, got [0]'),
])
def test_bad_input_fails_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg'] and wire.sent == []
