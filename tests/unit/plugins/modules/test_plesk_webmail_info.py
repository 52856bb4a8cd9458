# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.modules import plesk_webmail_info
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    WEBMAIL_READ_REQUEST,
    answer,
    ok_result,
    request,
    system_error,
    webmail_lists,
    webmail_service,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
SERVICES = (('Horde', 'http://webmail.example.com/horde', True), ('Roundcube', 'https://rc.example.com', False))


def run(args, **kwargs):
    return run_module(plesk_webmail_info, dict(CONNECTION, **args), **kwargs)


def test_every_service_is_read_in_one_packet_and_merged(wire):
    wire.expect(plesk(answer(webmail_lists(*SERVICES)), packet=request(WEBMAIL_READ_REQUEST)))
    result = run({})
    assert result['changed'] is False
    assert result['webmail'] == [{'name': 'Horde', 'url': 'http://webmail.example.com/horde', 'enabled': True},
                                 {'name': 'Roundcube', 'url': 'https://rc.example.com', 'enabled': False}]


def test_a_service_without_a_status_is_enabled_when_it_is_available(wire):
    wire.expect(plesk(answer(('webmail', 'get-supported', ok_result(webmail_service('Horde', 'http://h'))),
                             ('webmail', 'get-available', ok_result(webmail_service('Horde') + webmail_service('Atmail'))))))
    result = run({})
    assert result['webmail'] == [{'name': 'Horde', 'url': 'http://h', 'enabled': True},
                                 {'name': 'Atmail', 'url': None, 'enabled': True}]


def test_a_supported_service_without_a_status_that_is_not_available_is_disabled(wire):
    wire.expect(plesk(answer(('webmail', 'get-supported', ok_result(webmail_service('Horde', 'http://h'))),
                             ('webmail', 'get-available', ok_result()))))
    assert run({})['webmail'] == [{'name': 'Horde', 'url': 'http://h', 'enabled': False}]


def test_names_pick_services_in_the_order_named_without_case(wire):
    wire.expect(plesk(answer(webmail_lists(*SERVICES))))
    result = run({'name': ['roundcube', 'Horde', 'ROUNDCUBE']})
    assert [service['name'] for service in result['webmail']] == ['Roundcube', 'Horde']


def test_an_unknown_name_fails_naming_the_known_ones(wire):
    wire.expect(plesk(answer(webmail_lists(*SERVICES))))
    result = run({'name': ['Atmail']})
    assert result.failed and "Unknown webmail service 'Atmail'; the panel has: Horde, Roundcube" in result['msg']


def test_a_plesk_without_the_webmail_operator_fails_naming_its_protocol(wire):
    wire.expect(plesk(system_error(1014, "Parser error: Request is invalid. Error in line 1: Element 'webmail': "
                                         'This element is not expected.', version='1.6.9.1')))
    result = run({})
    assert result.failed and 'announced XML API protocol 1.6.9.1, which has no webmail operator' in result['msg']
    assert result['error']['type'] == 'PleskUnsupportedError' and result['error']['code'] == 1014


def test_an_empty_name_fails_before_any_request(wire):
    result = run({'name': ['Horde', '']})
    assert result.failed and "name must not be empty, got ''" in result['msg']
    assert wire.sent == []
