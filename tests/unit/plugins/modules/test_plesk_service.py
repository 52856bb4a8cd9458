# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.hosting.panels.plugins.modules import plesk_service
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    SERVICES_STATE_REQUEST,
    services_state,
    srv_man,
    srv_man_request,
    system_error,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

PASSWORD = 'Plesk-Pa55word'
CONNECTION = {'host': 'plesk.example.com', 'password': PASSWORD}
ALL_RUNNING = dict(web='running', smtp='running', fail2ban='running', postgresql='stopped', tomcat='none')


def run(args, **kwargs):
    return run_module(plesk_service, dict(CONNECTION, **args), **kwargs)


def test_check_mode_reports_the_change_and_sends_no_srv_man(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING), packet=SERVICES_STATE_REQUEST))
    result = run({'name': ['web', 'fail2ban'], 'state': 'stopped'}, check_mode=True)
    assert result['changed'] is True
    assert [(s['id'], s['state_before'], s['state_after'], s['changed']) for s in result['services']] == [
        ('web', 'running', 'stopped', True), ('fail2ban', 'running', 'stopped', True)]
    assert [sent.operations for sent in wire.sent] == [[('server', 'get')]]


def test_stopping_sends_one_packet_for_every_service_that_differs(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)),
                plesk(srv_man('web', 'fail2ban'), packet=srv_man_request(('web', 'stop'), ('fail2ban', 'stop'))))
    result = run({'name': ['web', 'fail2ban'], 'state': 'stopped'})
    assert result['changed'] is True and not result.failed
    assert [s['state_after'] for s in result['services']] == ['stopped', 'stopped']
    assert result['services'][0]['title'] == 'Web Server (Apache)'


def test_only_services_not_yet_in_the_state_are_acted_on(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)),
                plesk(srv_man('postgresql'), packet=srv_man_request(('postgresql', 'start'))))
    result = run({'name': ['web', 'postgresql', 'smtp'], 'state': 'started'})
    assert result['changed'] is True
    assert [(s['id'], s['changed']) for s in result['services']] == [('web', False), ('postgresql', True), ('smtp', False)]


def test_nothing_is_sent_when_every_service_is_already_in_the_state(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run({'name': ['web', 'smtp'], 'state': 'started'})
    assert result['changed'] is False
    assert len(wire.sent) == 1


def test_restarted_always_acts_and_the_diff_says_so(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)),
                plesk(srv_man('web'), packet=srv_man_request(('web', 'restart'))))
    result = run({'name': 'web', 'state': 'restarted'}, diff=True)
    assert result['changed'] is True
    assert result['diff'] == {'before': {'web': 'running'}, 'after': {'web': 'running (restarted)'}}


def test_diff_is_returned_only_in_diff_mode(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)), plesk(services_state(**ALL_RUNNING)))
    assert 'diff' not in run({'name': 'web', 'state': 'stopped'}, check_mode=True)
    result = run({'name': 'web', 'state': 'stopped'}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'web': 'running'}, 'after': {'web': 'stopped'}}


def test_an_unknown_service_fails_before_any_change_naming_it_and_the_known_ones(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run({'name': ['web', 'mysql'], 'state': 'stopped'})
    assert result.failed and result['changed'] is False
    assert "'mysql'" in result['msg'] and 'web, smtp, fail2ban, postgresql, tomcat' in result['msg']
    assert result['error']['missing'] == ['mysql']
    assert len(wire.sent) == 1


def test_a_service_in_state_none_fails_as_not_installed(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run({'name': 'tomcat', 'state': 'started'})
    assert result.failed and 'not installed' in result['msg'] and "'tomcat'" in result['msg']
    assert len(wire.sent) == 1


def test_a_per_service_error_fails_with_the_panels_code_and_still_reports_what_changed(wire):
    wire.expect(plesk(services_state(web='stopped', fail2ban='stopped')),
                plesk(srv_man('web', (1013, "Service 'fail2ban' does not exist"))))
    result = run({'name': ['web', 'fail2ban'], 'state': 'started'})
    assert result.failed and result['changed'] is True
    assert '1013' in result['msg'] and "Service 'fail2ban' does not exist" in result['msg']
    web, fail2ban = result['services']
    assert (web['changed'], web['state_after']) == (True, 'running')
    assert (fail2ban['changed'], fail2ban['state_after']) == (False, 'stopped')
    assert fail2ban['error'] == {'code': 1013, 'text': "Service 'fail2ban' does not exist"}
    assert result['error']['code'] == 1013


def test_bad_credentials_fail_clearly_without_leaking_the_password(wire):
    wire.expect(plesk(system_error(1001, 'Authentication failed - wrong password.')))
    result = run({'name': 'web', 'state': 'stopped'})
    assert result.failed and '1001' in result['msg'] and 'check login and password' in result['msg']
    assert result['error']['type'] == 'PleskAuthError'
    assert_no_secret(result, PASSWORD)


def test_secret_key_from_the_environment_is_sent_as_key(wire, monkeypatch):
    monkeypatch.setenv('PLESK_HOST', 'plesk.example.com')
    monkeypatch.setenv('PLESK_SECRET_KEY', 'secret-key-1')
    monkeypatch.delenv('PLESK_PASSWORD', raising=False)
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run_module(plesk_service, {'name': 'web'})
    assert result['changed'] is False
    assert wire.sent[0].headers['KEY'] == 'secret-key-1' and 'secret-key-1' not in result.text


def test_connection_options_come_from_environment_variables(wire, monkeypatch):
    for name, value in dict(PLESK_HOST='10.0.0.5', PLESK_PORT='8880', PLESK_SCHEME='http', PLESK_LOGIN='robot',
                            PLESK_PASSWORD='env-pass', PLESK_TIMEOUT='9', PLESK_VALIDATE_CERTS='false').items():
        monkeypatch.setenv(name, value)
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run_module(plesk_service, {'name': 'web'})
    sent = wire.sent[0]
    assert not result.failed
    assert sent.url == 'http://10.0.0.5:8880/enterprise/control/agent.php'
    assert (sent.headers['HTTP_AUTH_LOGIN'], sent.headers['HTTP_AUTH_PASSWD'], sent.timeout) == ('robot', 'env-pass', 9)


def test_password_and_secret_key_are_mutually_exclusive(wire):
    result = run({'name': 'web', 'secret_key': 'k'})
    assert result.failed and 'mutually exclusive' in result['msg'] and wire.sent == []


@pytest.mark.parametrize('args, words', [
    ({'name': ['web', '']}, "name must not be empty, got ''"),
    ({'name': []}, 'name must not be an empty list'),
    ({'name': ['web\nsmtp']}, "name must not contain line breaks or other control characters, got 'web\\nsmtp'"),
    ({'name': 'web', 'port': 70000}, 'port must be between 1 and 65535, got 70000'),
    ({'name': 'web', 'host': 'https://plesk.example.com'}, "got 'https://plesk.example.com'"),
    ({'name': 'web', 'host': 'plesk.example.com:8443'}, "got 'plesk.example.com:8443'"),
    ({'name': 'web', 'host': 'p' * 64 + '.example.com'}, "host '%s.example.com' cannot be looked up: each "
     "dot-separated part must have 1 to 63 characters" % ('p' * 64)),
    ({'name': 'web', 'host': 'plesk..example.com'}, 'each dot-separated part must have 1 to 63 characters'),
    ({'name': 'web', 'host': 'plesk example.com'}, "host 'plesk example.com' cannot be looked up: it contains a blank"),
    # Not a NUL: ansible-core 2.21 fails a task with one in any argument before the module runs.
    ({'name': 'web', 'host': 'plesk\x07.example.com'}, 'it contains a blank or a control character'),
    ({'name': 'web', 'host': '\u00fc' * 64 + '.de'}, 'it is not a valid internationalized domain name'),
    ({'name': 'web', 'timeout': 0}, 'timeout must be a positive number of seconds, got 0'),
    ({'name': 'web', 'state': 'reloaded'}, 'value of state must be one of: started, stopped, restarted, got: reloaded'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []


@pytest.mark.parametrize('host', ['plesk.example.com.', 'b\u00fccher.example', '192.0.2.7', 'fe80::1%eth0'])
def test_host_names_dns_can_carry_are_taken(wire, host):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    assert not run({'name': 'web', 'host': host}).failed and len(wire.sent) == 1


def test_ipv6_hosts_are_bracketed(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    run({'name': 'web', 'host': '2001:db8::5'})
    assert wire.sent[0].url.startswith('https://[2001:db8::5]:8443/')


def test_a_pinned_api_version_is_sent(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING), check=lambda sent: b'version="1.6.3.0"' in sent.body))
    assert not run({'name': 'web', 'api_version': '1.6.3.0'}).failed


# -- credentials from the task and the environment ---------------------------------------------

def test_a_secret_key_in_the_task_wins_over_a_password_in_the_environment(wire, monkeypatch):
    # AWX credentials arrive as PLESK_* variables; a task must still be able to use its own key.
    monkeypatch.setenv('PLESK_PASSWORD', 'from-awx')
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'secret_key': 'task-key', 'name': 'web'})
    assert not result.failed
    assert wire.sent[0].headers['KEY'] == 'task-key' and 'HTTP_AUTH_PASSWD' not in wire.sent[0].headers


def test_a_password_in_the_task_wins_over_a_secret_key_in_the_environment(wire, monkeypatch):
    monkeypatch.setenv('PLESK_SECRET_KEY', 'from-awx')
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    assert not run({'name': 'web'}).failed
    assert wire.sent[0].headers['HTTP_AUTH_PASSWD'] == PASSWORD and 'KEY' not in wire.sent[0].headers


def test_both_secret_variables_without_either_option_fail_naming_them(wire, monkeypatch):
    monkeypatch.setenv('PLESK_PASSWORD', 'a')
    monkeypatch.setenv('PLESK_SECRET_KEY', 'b')
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'name': 'web'})
    assert result.failed and 'both PLESK_PASSWORD and PLESK_SECRET_KEY are set' in result['msg']
    assert wire.sent == []


def test_without_any_password_or_key_the_task_fails_before_any_request(wire):
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'name': 'web'})
    assert result.failed and 'one of password or secret_key is required' in result['msg']
    assert wire.sent == []


@pytest.mark.parametrize('option, value', [
    ('secret_key', 'UNIQUE-SECRET-123\n'),
    ('password', 'UNIQUE-SECRET-123\r\nX-Injected: 1'),
    ('password', ' UNIQUE-SECRET-123'),
])
def test_a_secret_that_cannot_be_a_header_fails_without_showing_it(wire, option, value):
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'name': 'web', option: value})
    assert result.failed and '%s cannot be sent in an HTTP header' % option in result['msg']
    # Masking would hide the exact value, not a quoted or cut one: check the distinctive part.
    assert 'UNIQUE-SECRET-123' not in result.text
    assert wire.sent == []


@pytest.mark.parametrize('option', ['login', 'password', 'secret_key'])
def test_an_empty_login_or_secret_fails_naming_it_before_any_request(wire, option):
    args = {'host': 'plesk.example.com', 'name': 'web', option: ''}
    if option == 'login':
        args['password'] = 'Plesk-Pa55word'
    result = run_module(plesk_service, args)
    assert result.failed and result['msg'] == "%s must not be empty, got ''" % option
    assert wire.sent == []


def test_an_empty_login_is_taken_with_a_secret_key_which_sends_no_login(wire, monkeypatch):
    monkeypatch.setenv('PLESK_LOGIN', '')
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'name': 'web', 'secret_key': 'c0ffee-key'})
    assert not result.failed and 'HTTP_AUTH_LOGIN' not in wire.sent[0].headers


def test_a_secret_from_a_variable_that_is_not_utf_8_fails_without_showing_it(wire, monkeypatch):
    # Python reads bytes that are not UTF-8 in the environment as surrogates.
    monkeypatch.setenv('PLESK_PASSWORD', 'UNIQUE-SECRET-\udcff')
    result = run_module(plesk_service, {'host': 'plesk.example.com', 'name': 'web'})
    assert result.failed and 'password cannot be sent in an HTTP header' in result['msg']
    assert 'UNIQUE-SECRET' not in result.text and wire.sent == []


def test_a_login_that_cannot_be_a_header_fails_naming_it(wire):
    result = run({'name': 'web', 'login': 'admin\t'})
    assert result.failed and 'login cannot be sent in an HTTP header' in result['msg']
    assert wire.sent == []


def test_a_password_beyond_latin_1_is_sent_as_utf_8(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)))
    assert not run({'name': 'web', 'password': 'Sup3r€Sécret'}).failed
    assert wire.sent[0].headers['HTTP_AUTH_PASSWD'] == 'Sup3r€Sécret'


# -- a write that breaks off -------------------------------------------------------------------

def test_a_write_broken_off_after_sending_is_settled_by_reading_the_states_back(wire):
    web_stopped = dict(ALL_RUNNING)
    web_stopped['web'] = 'stopped'
    wire.expect(plesk(services_state(**ALL_RUNNING)), Exchange(raises=requests.exceptions.ReadTimeout('read timeout')),
                plesk(services_state(**web_stopped)))
    result = run({'name': ['web', 'smtp'], 'state': 'stopped'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert 'may have applied this change' in result['msg']
    assert 'the state read back shows these changes made: web' in result['msg']
    assert 'the state read back shows these changes not made yet (the panel may still be making them): smtp' in result['msg']
    assert [(s['id'], s['state_after'], s['changed']) for s in result['services']] == [
        ('web', 'stopped', True), ('smtp', None, None)]


def test_a_restart_broken_off_is_unknown_whatever_the_read_back_shows(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)), Exchange(raises=requests.exceptions.ReadTimeout('read timeout')),
                plesk(services_state(**ALL_RUNNING)))
    result = run({'name': ['web'], 'state': 'restarted'})
    assert result.failed and result['changed'] is True
    assert [(s['id'], s['state_after'], s['changed']) for s in result['services']] == [('web', None, None)]
    assert 'may or may not have happened: web' in result['msg']


def test_a_write_that_never_left_reports_no_change(wire):
    refused = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, '/', urllib3.exceptions.NewConnectionError(object(), 'Connection refused')))
    wire.expect(plesk(services_state(**ALL_RUNNING)), Exchange(raises=refused))
    result = run({'name': ['web', 'smtp'], 'state': 'stopped'})
    assert result.failed and result['changed'] is False and 'may_have_applied' not in result['error']
    assert [(s['id'], s['state_after'], s['changed']) for s in result['services']] == [
        ('web', 'running', False), ('smtp', 'running', False)]


def test_a_gateway_error_on_a_write_is_not_retried_and_may_have_applied(wire):
    wire.expect(plesk(services_state(**ALL_RUNNING)), Exchange(status=504, body=b'Gateway Timeout'),
                plesk(services_state(**ALL_RUNNING)))
    result = run({'name': 'web', 'state': 'stopped'})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert 'HTTP 504' in result['msg'] and 'gateway timeout' in result['msg'] and 'may have applied' in result['msg']
    assert 'these changes not made yet (the panel may still be making them): web' in result['msg']
    assert [sent.operations for sent in wire.sent].count([('server', 'srv_man')]) == 1
