# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_filter_info
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import (
    NOT_AVAILABLE,
    answer,
    login_failure,
    not_available,
    operation,
    status,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp

PASSWORD = 'Br4iny-Pa55word'
CONNECTION = {'host': 'brainy.example.com', 'username': 'root', 'password': PASSWORD}


def run(args, **kwargs):
    return run_module(brainycp_mail_filter_info, dict(CONNECTION, **args), **kwargs)


def test_both_filters_are_read_by_default_clamav_first(wire):
    wire.expect(brainycp(status(True), form=operation('clamav', command='status')),
                brainycp(status(False), form=operation('spamassassin', command='status')))
    result = run({})
    assert not result.failed and result['changed'] is False
    assert result['filters'] == [{'name': 'clamav', 'enabled': True}, {'name': 'spamassassin', 'enabled': False}]


def test_only_the_named_filters_are_read_in_order(wire):
    wire.expect(brainycp(status(True), form=operation('spamassassin', command='status')))
    result = run({'name': ['spamassassin', 'spamassassin']}, check_mode=True)
    assert result['filters'] == [{'name': 'spamassassin', 'enabled': True}]


@pytest.mark.parametrize('detail, expected', [
    ({'status': 'Enabled'}, True), (['Disabled'], False), ('on', True), (1, True), ('false', False),
])
def test_status_shapes_are_understood(wire, detail, expected):
    wire.expect(brainycp(answer(0, 'Command completed', detail)))
    assert run({'name': 'clamav'})['filters'][0]['enabled'] is expected


def test_an_unknown_status_fails_with_the_raw_value(wire):
    wire.expect(brainycp(answer(0, 'Command completed', 'maybe')))
    result = run({'name': 'clamav'})
    assert result.failed and result['error']['type'] == 'PanelProtocolError'
    assert result['msg'].endswith("neither enabled nor disabled: 'maybe'")


def test_a_module_that_is_not_available_fails_with_the_panels_code_and_text(wire):
    wire.expect(brainycp(status(True)), brainycp(not_available()))
    result = run({})
    assert result.failed and '[400] %s' % NOT_AVAILABLE in result['msg']
    assert result['error']['operation'] == 'spamassassin'


def test_a_rejected_login_fails_without_leaking_the_password(wire):
    wire.expect(brainycp(login_failure()))
    result = run({})
    assert result.failed and result['error']['type'] == 'BrainycpAuthError'
    assert_no_secret(result, PASSWORD)


@pytest.mark.parametrize('args, words', [
    ({'name': ['amavis']}, 'amavis'),
    ({'name': []}, 'name must not be an empty list; leave the option out instead'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []
