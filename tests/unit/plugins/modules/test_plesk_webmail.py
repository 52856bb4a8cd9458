# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.hosting.panels.plugins.modules import plesk_webmail
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    WEBMAIL_READ_REQUEST,
    answer,
    request,
    system_error,
    webmail_done,
    webmail_lists,
    webmail_request,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
HORDE_URL = 'http://webmail.example.com/horde'
HORDE = ('Horde', HORDE_URL, True)

# The seed page's request that removes Horde.
SEED_UNREGISTER = '<packet><webmail><unregister><filter><name>Horde</name></filter></unregister></webmail></packet>'

REJECTED_WEBMAIL = ("Parser error: Request is invalid. Error in line 1: Element 'webmail': This element is not "
                    'expected. Expected is one of ( request-settings, server, customer, webspace, mail, site ).')


def run(args, **kwargs):
    return run_module(plesk_webmail, dict(CONNECTION, **args), **kwargs)


def registered(*services):
    return plesk(answer(webmail_lists(*services)), packet=request(WEBMAIL_READ_REQUEST))


def test_the_seed_sample_unregisters_horde(wire):
    wire.expect(registered(HORDE),
                plesk(answer(webmail_done('unregister', 'Horde')), packet=SEED_UNREGISTER))
    result = run({'name': 'Horde', 'state': 'absent'})
    assert result['changed'] is True and not result.failed
    assert result['webmail'] == {'before': {'name': 'Horde', 'url': HORDE_URL, 'enabled': True}, 'after': None}


def test_absent_when_not_registered_sends_nothing(wire):
    wire.expect(registered(('Roundcube', 'https://rc.example.com', True)))
    result = run({'name': 'Horde', 'state': 'absent'})
    assert result['changed'] is False and result['webmail'] == {'before': None, 'after': None}
    assert len(wire.sent) == 1


@pytest.mark.parametrize('enabled, status', [(True, 'enabled'), (False, 'disabled'), (None, 'enabled')])
def test_registering_sends_the_url_and_the_status(wire, enabled, status):
    wire.expect(registered(HORDE),
                plesk(answer(webmail_done('register', 'Roundcube', 'https://rc.example.com', enabled)),
                      packet=request(webmail_request('register', 'Roundcube', 'https://rc.example.com', status))))
    result = run(dict({'name': 'Roundcube', 'url': 'https://rc.example.com'},
                      **({} if enabled is None else {'enabled': enabled})))
    assert result['changed'] is True
    assert result['webmail']['after'] == {'name': 'Roundcube', 'url': 'https://rc.example.com',
                                          'enabled': enabled is not False}


def test_registering_without_url_fails_naming_url_before_any_write(wire):
    wire.expect(registered(HORDE))
    result = run({'name': 'Roundcube'})
    assert result.failed and "url is required to register the webmail service 'Roundcube'" in result['msg']
    assert len(wire.sent) == 1


def test_a_new_url_unregisters_and_registers_again_in_one_packet(wire):
    wire.expect(registered(HORDE),
                plesk(answer(webmail_done('unregister', 'Horde'),
                             webmail_done('register', 'Horde', 'https://horde.example.com', True)),
                      packet=request(webmail_request('unregister', 'Horde'),
                                     webmail_request('register', 'Horde', 'https://horde.example.com', 'enabled'))))
    result = run({'name': 'horde', 'url': 'https://horde.example.com'})
    assert result['changed'] is True
    assert result['webmail']['after'] == {'name': 'Horde', 'url': 'https://horde.example.com', 'enabled': True}
    assert wire.sent[1].body.count(b'<webmail>') == 2


def test_a_disabled_service_stays_disabled_when_the_task_does_not_say_also_when_it_moves(wire):
    wire.expect(registered(('Horde', HORDE_URL, False)),
                plesk(answer(webmail_done('unregister', 'Horde'),
                             webmail_done('register', 'Horde', 'https://horde.example.com', False)),
                      packet=request(webmail_request('unregister', 'Horde'),
                                     webmail_request('register', 'Horde', 'https://horde.example.com', 'disabled'))))
    result = run({'name': 'Horde', 'url': 'https://horde.example.com'})
    assert result['changed'] is True
    assert result['webmail']['after'] == {'name': 'Horde', 'url': 'https://horde.example.com', 'enabled': False}


@pytest.mark.parametrize('current, wanted, operation', [(True, False, 'disable'), (False, True, 'enable')])
def test_a_different_status_is_switched_by_name_as_plesk_spells_it(wire, current, wanted, operation):
    wire.expect(registered(('Horde', HORDE_URL, current)),
                plesk(answer(webmail_done(operation, 'Horde', HORDE_URL, wanted)),
                      packet=request(webmail_request(operation, 'Horde'))))
    result = run({'name': 'HORDE', 'enabled': wanted})
    assert result['changed'] is True and result['webmail']['after']['enabled'] is wanted


@pytest.mark.parametrize('enabled, args', [
    (True, {'name': 'Horde'}), (True, {'name': 'horde', 'url': HORDE_URL, 'enabled': True}),
    (False, {'name': 'Horde'}), (False, {'name': 'Horde', 'url': HORDE_URL}),
])
def test_nothing_is_sent_when_nothing_differs(wire, enabled, args):
    wire.expect(registered(('Horde', HORDE_URL, enabled)))
    result = run(args)
    assert result['changed'] is False and not result.failed
    assert result['webmail']['before'] == result['webmail']['after'] == {'name': 'Horde', 'url': HORDE_URL,
                                                                         'enabled': enabled}
    assert len(wire.sent) == 1


def test_check_mode_reports_the_change_and_sends_no_write(wire):
    wire.expect(registered(HORDE))
    result = run({'name': 'Horde', 'url': 'https://horde.example.com', 'enabled': False}, check_mode=True)
    assert result['changed'] is True
    assert result['webmail']['after'] == {'name': 'Horde', 'url': 'https://horde.example.com', 'enabled': False}
    assert [sent.operations for sent in wire.sent] == [[('webmail', 'get-supported'), ('webmail', 'get-available')]]


def test_diff_maps_the_name_to_url_and_status_only_in_diff_mode(wire):
    wire.expect(registered(HORDE), registered(HORDE))
    assert 'diff' not in run({'name': 'Horde', 'state': 'absent'}, check_mode=True)
    result = run({'name': 'Horde', 'state': 'absent'}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'Horde': {'url': HORDE_URL, 'enabled': True}}, 'after': {}}


# The same refusal as a German-speaking Obsidian server words it: only the element name is not translated.
REJECTED_IN_GERMAN = 'Parserfehler: Die Anfrage ist ungültig. Fehler in Zeile 1: Element nicht erwartet.'


@pytest.mark.parametrize('args', [{'name': 'Horde', 'state': 'absent'}, {'name': 'Horde'}])
@pytest.mark.parametrize('text', [REJECTED_WEBMAIL, REJECTED_IN_GERMAN], ids=['english', 'german'])
def test_an_obsidian_server_fails_naming_its_protocol_and_what_to_use_having_changed_nothing(wire, args, text):
    wire.expect(plesk(system_error(1014, text, version='1.6.9.1')))
    result = run(args)
    assert result.failed and result['changed'] is False
    assert result['msg'].startswith('Reading the webmail services failed: plesk.example.com:8443 announced XML API '
                                    'protocol 1.6.9.1, which has no webmail operator (the newest protocol with it is '
                                    '1.6.9.0). Plesk ran nothing.')
    assert 'Manage webmail services in the Plesk interface instead' in result['msg']
    assert 'api_version: 1.6.9.0' in result['msg'] and 'Parser' not in result['msg']
    assert result['error'] == {'type': 'PleskUnsupportedError', 'panel': 'plesk', 'code': 1014, 'text': text,
                               'message': result['msg'][len('Reading the webmail services failed: '):]}
    assert len(wire.sent) == 1


def test_an_older_protocol_that_refuses_the_webmail_element_fails_naming_that_protocol(wire):
    wire.expect(plesk(system_error(1014, REJECTED_WEBMAIL, version='1.6.9.0')))
    result = run({'name': 'Horde', 'api_version': '1.6.9.0'})
    assert result.failed and result['changed'] is False and result['error']['type'] == 'PleskUnsupportedError'
    assert result['msg'].startswith('Reading the webmail services failed: plesk.example.com:8443 refused the webmail '
                                    'operator under XML API protocol 1.6.9.0: this Plesk has no webmail operator.')
    assert wire.sent[0].body.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<packet version=\"1.6.9.0\">")


def test_a_parser_error_about_another_element_under_a_pinned_protocol_is_reported_as_it_is(wire):
    # A server may name its own newest protocol in the answer to a pinned packet: that says nothing about webmail.
    text = ("Parser error: Request is invalid. Error in line 1: Element 'url': [facet 'minLength'] The value has a "
            "length of '0'; this underruns the allowed minimum length of '1'.")
    wire.expect(plesk(system_error(1014, text, version='1.6.9.1')))
    result = run({'name': 'Horde', 'api_version': '1.6.9.0'})
    assert result.failed and result['changed'] is False
    assert result['error']['type'] == 'PleskApiError' and result['error']['code'] == 1014
    assert "Element 'url'" in result['msg'] and 'no webmail operator' not in result['msg']


def test_a_refusal_of_the_webmail_element_under_a_pin_names_the_pinned_protocol(wire):
    # The answer names the server's newest protocol; the packet went under the pinned one.
    wire.expect(plesk(system_error(1014, REJECTED_WEBMAIL, version='1.6.9.1')))
    result = run({'name': 'Horde', 'api_version': '1.6.9.0'})
    assert result.failed and result['error']['type'] == 'PleskUnsupportedError'
    assert 'refused the webmail operator under XML API protocol 1.6.9.0:' in result['msg']


def test_a_pinned_protocol_without_the_operator_fails_naming_the_pin(wire):
    wire.expect(plesk(system_error(1014, REJECTED_IN_GERMAN, version='1.6.9.1')))
    result = run({'name': 'Horde', 'api_version': '1.6.9.1'})
    assert result.failed and result['error']['type'] == 'PleskUnsupportedError'
    assert result['msg'].startswith('Reading the webmail services failed: plesk.example.com:8443 was asked for XML '
                                    'API protocol 1.6.9.1 (api_version), which has no webmail operator')


def test_a_pinned_protocol_that_still_has_the_operator_works(wire):
    wire.expect(plesk(answer(webmail_lists(('Horde', HORDE_URL, True))).replace('1.6.7.0', '1.6.9.0')))
    result = run({'name': 'Horde', 'api_version': '1.6.9.0'})
    assert not result.failed and result['changed'] is False


@pytest.mark.parametrize('version', ['1.6.\u00b2', '1.6.' + '9' * 5000], ids=['superscript', 'thousands-of-digits'])
def test_a_protocol_version_that_is_not_plain_digits_is_no_version(wire, version):
    wire.expect(plesk(system_error(1014, "Parser error: Request is invalid. Error in line 1: Element 'status'", version=version)))
    result = run({'name': 'Horde'})
    assert result.failed and result['error']['type'] == 'PleskApiError' and "Element 'status'" in result['msg']


def test_other_parser_errors_are_reported_as_they_are(wire):
    wire.expect(plesk(system_error(1014, "Parser error: Request is invalid. Error in line 1: Element 'status'")))
    result = run({'name': 'Horde'})
    assert result.failed and result['error']['type'] == 'PleskApiError' and "Element 'status'" in result['msg']


def test_a_failed_register_after_an_unregister_reports_the_service_as_gone(wire):
    wire.expect(registered(HORDE),
                plesk(answer(webmail_done('unregister', 'Horde'),
                             webmail_done('register', 'Horde', failure=(1019, 'Invalid value of url')))))
    result = run({'name': 'Horde', 'url': 'https://elsewhere.example.com/horde'})
    assert result.failed and result['changed'] is True
    assert 'webmail register failed for Horde: [1019] Invalid value of url' in result['msg']
    assert result['webmail'] == {'before': {'name': 'Horde', 'url': HORDE_URL, 'enabled': True}, 'after': None}


def test_a_failed_disable_leaves_the_service_as_it_was(wire):
    wire.expect(registered(HORDE),
                plesk(answer(webmail_done('disable', 'Horde', failure=(1050, 'Webmail not installed')))))
    result = run({'name': 'Horde', 'enabled': False})
    assert result.failed and result['changed'] is False and result['error']['code'] == 1050
    assert result['webmail']['after'] == result['webmail']['before']


@pytest.mark.parametrize('args, words', [
    ({'name': ' '}, "name must not be empty, got ' '"),
    ({'name': 'Horde', 'url': ''}, "url must not be empty, got ''"),
    ({'name': 'Horde', 'url': 'not a url'}, "url must be an http or https address with a host, such as "
                                            "https://webmail.example.com/horde, got 'not a url'"),
    ({'name': 'Horde', 'url': 'ftp://webmail.example.com/'}, "url must be an http or https address"),
    ({'name': 'Horde', 'url': 'https:///horde'}, "got 'https:///horde'"),
    ({'name': 'Horde', 'url': 'https://web mail.example.com/'}, "url must be an http or https address"),
    ({'name': 'Horde', 'url': 'http://[::1'}, "got 'http://[::1'"),
    ({'name': 'Horde', 'state': 'gone'}, 'value of state must be one of: present, absent, got: gone'),
    ({}, 'missing required arguments: name'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg'] and wire.sent == []


def test_a_service_whose_url_plesk_does_not_report_is_never_moved(wire):
    # Moving is unregister + register: with the current address unknown, every run would move it.
    wire.expect(registered(('Horde', None, True)))
    result = run({'name': 'Horde', 'url': 'https://new.example.com/'})
    assert result['changed'] is False and not result.failed
    # Strings up to ansible-core 2.18, structured events from 2.19 on.
    assert "did not report the URL of the webmail service 'Horde'" in str(result.get('warnings'))
    assert len(wire.sent) == 1


@pytest.mark.parametrize('read_back, failed, unknown', [
    ([], False, None),
    ([HORDE], True, True),
], ids=['read-back-shows-it-done', 'read-back-shows-it-not-done'])
def test_a_write_broken_off_is_settled_by_reading_the_services_back(wire, read_back, failed, unknown):
    wire.expect(registered(HORDE), Exchange(raises=requests.exceptions.ReadTimeout('read timeout')),
                registered(*read_back))
    result = run({'name': 'Horde', 'state': 'absent'})
    assert result.failed is failed and result['changed'] is True and result['webmail']['after'] is None
    # Shown done, it is gone; not shown done, it may still go: unknown, not "still registered".
    assert result['webmail'].get('unknown') is unknown
    if failed:
        assert 'may have applied this change' in result['msg']


def test_a_write_broken_off_whose_services_cannot_be_read_back_is_unknown(wire):
    lost = requests.exceptions.ReadTimeout('read timeout')
    wire.expect(registered(HORDE), Exchange(raises=lost), *[Exchange(raises=lost) for dummy in range(4)])
    result = run({'name': 'Horde', 'state': 'absent'})
    assert result.failed and result['changed'] is True
    assert result['webmail']['after'] is None and result['webmail']['unknown'] is True


def test_a_write_that_never_left_leaves_the_service_as_it_was(wire):
    refused = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, '/', urllib3.exceptions.NewConnectionError(object(), 'Connection refused')))
    wire.expect(registered(HORDE), Exchange(raises=refused))
    result = run({'name': 'Horde', 'state': 'absent'})
    assert result.failed and result['changed'] is False and result['webmail']['after']['name'] == 'Horde'
