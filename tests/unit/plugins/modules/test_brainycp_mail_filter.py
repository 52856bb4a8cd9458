# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_filter
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import (
    operation_of,
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
BOTH = ['clamav', 'spamassassin']


def run(args, **kwargs):
    return run_module(brainycp_mail_filter, dict(CONNECTION, **args), **kwargs)


def commands(wire):
    return [(operation_of(sent), sent.form['command']) for sent in wire.sent]


def entries(result):
    return [(entry['name'], entry['enabled_before'], entry['enabled_after'], entry['changed'])
            for entry in result['filters']]


def test_only_the_filters_in_another_state_are_switched(wire):
    wire.expect(brainycp(status(True), form=operation('clamav', command='status')),
                brainycp(status(False), form=operation('spamassassin', command='status')),
                brainycp(status(True), form=operation('spamassassin', command='on')))
    result = run({'name': BOTH, 'state': 'enabled'})
    assert not result.failed and result['changed'] is True
    assert entries(result) == [('clamav', True, True, False), ('spamassassin', False, True, True)]


def test_state_defaults_to_enabled(wire):
    wire.expect(brainycp(status(False)), brainycp(status(True), form=operation('clamav', command='on')))
    assert entries(run({'name': 'clamav'})) == [('clamav', False, True, True)]


def test_disabling(wire):
    wire.expect(brainycp(status(True)), brainycp(status(True)),
                brainycp(status(False)), brainycp(status(False)))
    result = run({'name': BOTH, 'state': 'disabled'})
    assert commands(wire) == [('clamav', 'status'), ('spamassassin', 'status'), ('clamav', 'off'),
                              ('spamassassin', 'off')]
    assert entries(result) == [('clamav', True, False, True), ('spamassassin', True, False, True)]


def test_nothing_is_sent_when_every_filter_is_already_in_the_state(wire):
    wire.expect(brainycp(status(False)), brainycp(status(False)))
    result = run({'name': BOTH, 'state': 'disabled'})
    assert result['changed'] is False
    assert commands(wire) == [('clamav', 'status'), ('spamassassin', 'status')]


def test_check_mode_reports_the_change_and_sends_no_switch(wire):
    wire.expect(brainycp(status(True)), brainycp(status(False)))
    result = run({'name': BOTH, 'state': 'disabled'}, check_mode=True)
    assert result['changed'] is True
    assert entries(result) == [('clamav', True, False, True), ('spamassassin', False, False, False)]
    assert commands(wire) == [('clamav', 'status'), ('spamassassin', 'status')]


def test_the_diff_is_returned_only_in_diff_mode(wire):
    wire.expect(brainycp(status(True)), brainycp(status(False)), brainycp(status(True)), brainycp(status(False)))
    assert 'diff' not in run({'name': BOTH}, check_mode=True)
    result = run({'name': BOTH}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'clamav': True, 'spamassassin': False},
                              'after': {'clamav': True, 'spamassassin': True}}


def test_names_are_read_once_in_the_order_given(wire):
    wire.expect(brainycp(status(True), form=operation('spamassassin')), brainycp(status(True), form=operation('clamav')))
    result = run({'name': ['spamassassin', 'clamav', 'spamassassin']})
    assert [entry['name'] for entry in result['filters']] == ['spamassassin', 'clamav']


@pytest.mark.parametrize('detail, expected', [
    ({'status': 'Disabled'}, False), ('off', False), (0, False), ('0', False), (False, False), ('Enabled', True),
])
def test_status_shapes_are_understood(wire, detail, expected):
    wire.expect(brainycp(answer(0, 'Command completed', detail)))
    result = run({'name': 'clamav'}, check_mode=True)
    assert result['filters'][0]['enabled_before'] is expected


def test_an_unknown_status_fails_with_the_raw_value_before_any_switch(wire):
    wire.expect(brainycp(answer(0, 'Command completed', ['clamd: unknown'])))
    result = run({'name': 'clamav'})
    assert result.failed and result['changed'] is False
    assert result['msg'] == ("brainy.example.com:8000: Reading the mail filters failed: BrainyCP mailserver/clamav "
                             "answered a status that is neither enabled nor disabled: ['clamd: unknown']")
    assert len(wire.sent) == 1


def console(text):
    return brainycp(json.dumps({'error': 0, 'mess': 'Command completed', 'detail': text}))


def test_a_switch_answered_with_console_output_is_settled_by_reading_the_status_back(wire):
    wire.expect(brainycp(status(False)), console('Starting clamd: [ OK ]'), brainycp(status(True)))
    result = run({'name': 'clamav'})
    assert not result.failed and entries(result) == [('clamav', False, True, True)]
    assert commands(wire) == [('clamav', 'status'), ('clamav', 'on'), ('clamav', 'status')]
    assert not result.get('warnings')


def test_a_switch_answered_with_console_output_that_the_status_shows_not_done_fails_saying_it_may_still_happen(wire):
    # A service that fails to start shows only in the console output, under error 0.
    wire.expect(brainycp(status(False)), console('Starting clamd: [FAILED]'), brainycp(status(False)))
    result = run({'name': 'clamav'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert result['msg'] == ('brainy.example.com:8000: Switching the mail filters failed: BrainyCP accepted turning '
                             'clamav on, but its status read back shows it disabled; the panel may have applied this '
                             'change and still be at it, so read its state before trying again')
    assert entries(result) == [('clamav', False, None, None)]


def test_a_switch_answered_with_console_output_whose_status_cannot_be_read_back_is_unknown(wire):
    wire.expect(brainycp(status(False)), console('Starting clamd'), brainycp(not_available()))
    result = run({'name': 'clamav'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert result['msg'].startswith('brainy.example.com:8000: Switching the mail filters failed: BrainyCP accepted '
                                    'turning clamav on without reporting its status, and reading the status back '
                                    'failed (')
    assert result['msg'].endswith('so whether it was switched is unknown; the panel may have applied this change, so '
                                  'read its state before trying again')
    assert entries(result) == [('clamav', False, None, None)]


def test_a_switch_the_panel_accepts_but_reports_as_not_done_fails_saying_it_may_still_happen(wire):
    wire.expect(brainycp(status(False)), brainycp(status(False)))
    result = run({'name': 'clamav'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert result['msg'] == ('brainy.example.com:8000: Switching the mail filters failed: BrainyCP accepted turning '
                             'clamav on, but reports it disabled; the panel may have applied this change and still '
                             'be at it, so read its state before trying again')
    assert entries(result) == [('clamav', False, None, None)]


@pytest.mark.parametrize('read_back, outcome', [(True, 'done'), (False, 'not done')])
def test_a_switch_whose_answer_is_lost_is_settled_by_reading_the_status_back(wire, read_back, outcome):
    lost = requests.exceptions.ConnectionError('connection reset by peer')
    wire.expect(brainycp(status(False)), brainycp(status(False)),
                brainycp('', raises=lost), brainycp(status(read_back)),
                *([brainycp(status(True))] if read_back else []))
    result = run({'name': BOTH})
    if outcome == 'done':
        assert not result.failed and result['changed'] is True
        assert entries(result) == [('clamav', False, True, True), ('spamassassin', False, True, True)]
        assert 'the status read back shows it enabled' in str(result['warnings'])
    else:
        assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
        assert 'the status read back shows clamav still disabled, but the panel may still switch it' in result['msg']
        assert entries(result) == [('clamav', False, None, None), ('spamassassin', False, False, False)]


def test_a_lost_switch_whose_status_cannot_be_read_back_is_unknown(wire):
    lost = requests.exceptions.ConnectionError('connection reset by peer')
    wire.expect(brainycp(status(False)), brainycp('', raises=lost),
                *[brainycp('', raises=lost) for dummy in range(4)])
    result = run({'name': 'clamav'})
    assert result.failed and result['changed'] is True
    assert entries(result) == [('clamav', False, None, None)]
    assert 'may have applied this change' in result['msg'] and 'whether it was switched is unknown' in result['msg']


def test_a_failure_after_a_switch_reports_it_and_changed(wire):
    wire.expect(brainycp(status(False)), brainycp(status(False)),
                brainycp(status(True)), brainycp(answer(100, 'Invalid command')))
    result = run({'name': BOTH}, diff=True)
    assert result.failed and result['changed'] is True
    assert '[100] Invalid command' in result['msg'] and result['error']['operation'] == 'spamassassin'
    assert entries(result) == [('clamav', False, True, True), ('spamassassin', False, False, False)]
    assert result['diff'] == {'before': {'clamav': False, 'spamassassin': False},
                              'after': {'clamav': True, 'spamassassin': False}}


def test_a_module_that_is_not_available_fails_with_the_panels_text(wire):
    wire.expect(brainycp(not_available()))
    result = run({'name': BOTH})
    assert result.failed and result['changed'] is False and NOT_AVAILABLE in result['msg']
    assert result['error']['code'] == 400 and result['filters'] == []


def test_a_rejected_login_fails_without_leaking_the_password(wire):
    wire.expect(brainycp(login_failure()))
    result = run({'name': 'clamav'})
    assert result.failed and result['error']['type'] == 'BrainycpAuthError'
    assert_no_secret(result, PASSWORD)


@pytest.mark.parametrize('args, words', [
    ({}, 'missing required arguments: name'),
    ({'name': []}, 'name must not be an empty list'),
    ({'name': ['clamav', 'dspam']}, 'dspam'),
    ({'name': 'clamav', 'state': 'on'}, 'value of state must be one of: enabled, disabled, got: on'),
    ({'name': 'clamav', 'timeout': -1}, 'timeout must be a positive number of seconds, got -1'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []
