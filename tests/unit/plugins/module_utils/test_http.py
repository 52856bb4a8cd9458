# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelHttpError, PanelTransportError
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange

URL = 'https://panel.example.com:8443'


def refused():
    reason = urllib3.exceptions.NewConnectionError(object(), 'Failed to establish a new connection: [Errno 111] Connection refused')
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/x', reason))


def reset():
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        'Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')))


@pytest.fixture(autouse=True)
def no_ca_bundle_variables(monkeypatch):
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)


def test_post_returns_the_answer_and_verifies_tls_by_default(wire):
    wire.expect(Exchange(status=200, body=b'answer', path='/api'))
    client = HttpClient(URL, timeout=12)
    response = client.post('/api', b'data', headers={'X-Test': '1'})
    assert (response.status, response.body) == (200, b'answer')
    sent = wire.sent[0]
    assert sent.verify is True and sent.timeout == 12
    assert sent.headers['X-Test'] == '1' and 'hosting.panels' in sent.headers['User-Agent']
    assert client.host == 'panel.example.com:8443'


@pytest.mark.parametrize('validate_certs, ca_path, expected', [
    (True, '/etc/panel-ca.pem', '/etc/panel-ca.pem'),
    (False, '/etc/panel-ca.pem', False),
    (False, None, False),
])
def test_certificate_checks_follow_the_options(wire, validate_certs, ca_path, expected):
    wire.expect(Exchange())
    HttpClient(URL, validate_certs=validate_certs, ca_path=ca_path).post('/', b'')
    assert wire.sent[0].verify == expected


@pytest.mark.parametrize('validate_certs, ca_path, expected', [
    (False, None, False),
    (True, '/etc/panel-ca.pem', '/etc/panel-ca.pem'),
])
def test_a_ca_bundle_variable_does_not_override_the_options(wire, monkeypatch, validate_certs, ca_path, expected):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt')
    wire.expect(Exchange())
    HttpClient(URL, validate_certs=validate_certs, ca_path=ca_path).post('/', b'')
    assert wire.sent[0].verify == expected


def test_one_session_serves_every_request_of_a_run(wire):
    wire.expect(Exchange(), Exchange(), Exchange())
    client = HttpClient(URL)
    for dummy in range(3):
        client.post('/', b'', read_only=True)
    assert len(wire.sent) == 3 and len(wire.sessions) == 1


def test_redirects_are_refused_and_never_followed(wire):
    wire.expect(Exchange(status=302, headers={'Location': 'https://login.example.com/'}))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL).post('/', b'change', read_only=False)
    assert caught.value.status == 302
    assert 'https://login.example.com/' in caught.value.message and 'not followed' in caught.value.message
    assert len(wire.sent) == 1


def test_proxy_variables_are_honoured(wire, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.com:3128')
    monkeypatch.delenv('NO_PROXY', raising=False)
    monkeypatch.delenv('no_proxy', raising=False)
    wire.expect(Exchange())
    HttpClient(URL).post('/', b'')
    assert wire.sent[0].proxies.get('https') == 'http://proxy.example.com:3128'


def test_reads_are_retried_after_gateway_errors_and_connection_failures(wire):
    wire.expect(Exchange(status=503), Exchange(raises=refused()), Exchange(status=200, body=b'ok'))
    assert HttpClient(URL).post('/', b'read', read_only=True).body == b'ok'
    assert len(wire.sent) == 3


def test_reads_give_up_after_four_attempts_by_default_naming_host_cause_and_attempts(wire):
    wire.expect(*[Exchange(raises=refused()) for dummy in range(4)])
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, panel='plesk').post('/', b'read', read_only=True)
    error = caught.value
    assert error.host == 'panel.example.com:8443' and error.panel == 'plesk'
    assert 'Connection refused' in error.message and 'object at 0x' not in error.message
    assert '(tried 4 times)' in error.message and 'may have applied' not in error.message


@pytest.mark.parametrize('attempts', [1, 2])
def test_the_number_of_attempts_at_a_read_is_bounded_as_asked(wire, attempts):
    wire.expect(*[Exchange(raises=refused()) for dummy in range(attempts)])
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, read_attempts=attempts).post('/', b'read', read_only=True)
    assert len(wire.sent) == attempts
    assert ('(tried %d times)' % attempts in caught.value.message) is (attempts > 1)


def test_backoff_doubles_between_attempts(wire, monkeypatch):
    pauses = []
    monkeypatch.setattr('ansible_collections.hosting.panels.plugins.module_utils._http.time.sleep', pauses.append)
    wire.expect(*[Exchange(status=503) for dummy in range(3)], Exchange(body=b'ok'))
    HttpClient(URL, backoff=0.5).post('/', b'read', read_only=True)
    assert pauses == [0.5, 1.0, 2.0]


def test_a_rate_limited_read_waits_as_long_as_the_panel_asks_within_a_bound(wire, monkeypatch):
    pauses = []
    monkeypatch.setattr('ansible_collections.hosting.panels.plugins.module_utils._http.time.sleep', pauses.append)
    wire.expect(Exchange(status=429, headers={'Retry-After': '3'}), Exchange(status=429, headers={'Retry-After': '3600'}),
                Exchange(body=b'ok'))
    assert HttpClient(URL, backoff=0.5).post('/', b'read', read_only=True).body == b'ok'
    assert pauses == [3, 10]


def test_an_answer_cut_short_is_read_again_for_a_read(wire):
    wire.expect(Exchange(body=b'<packet><server>', cut_after=8), Exchange(body=b'complete'))
    assert HttpClient(URL).post('/', b'read', read_only=True).body == b'complete'


def test_an_answer_to_a_write_cut_short_says_so_and_that_the_change_may_have_applied(wire):
    wire.expect(Exchange(body=b'<packet><mail><enable>', cut_after=10))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'write', read_only=False)
    error = caught.value
    assert error.may_have_applied and len(wire.sent) == 1
    assert 'the answer was cut short after 10 bytes' in error.message and 'could not be sent' not in error.message
    assert 'may have applied this change' in error.message


@pytest.mark.parametrize('read_only', [True, False])
def test_an_answer_larger_than_the_bound_is_refused_unread(wire, read_only):
    wire.expect(Exchange(body=b'x' * 2000))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL, max_body=1000).post('/', b'', read_only=read_only)
    assert 'larger than 1000 bytes' in caught.value.message
    assert caught.value.may_have_applied is not read_only


def test_a_write_is_sent_once_even_on_a_gateway_error_which_may_have_applied_it(wire):
    wire.expect(Exchange(status=503, body=b'busy'))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL).post('/', b'write', read_only=False)
    assert caught.value.status == 503 and caught.value.may_have_applied
    assert 'gateway error' in caught.value.message and 'may have applied' in caught.value.message
    assert len(wire.sent) == 1


def test_a_read_still_failing_with_a_gateway_error_says_how_often_it_was_tried(wire):
    wire.expect(Exchange(status=502), Exchange(status=503), Exchange(status=504))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL, read_attempts=3).post('/', b'read', read_only=True)
    assert caught.value.status == 504 and not caught.value.may_have_applied
    assert 'gateway timeout' in caught.value.message and '(tried 3 times)' in caught.value.message


@pytest.mark.parametrize('failure', [
    requests.exceptions.InvalidHeader("Invalid leading whitespace, reserved character(s), or return character(s) in "
                                      "header value: 'SECRET-VALUE\\n'"),
    requests.exceptions.InvalidURL('Invalid URL with SECRET-VALUE'),
])
def test_request_errors_that_may_quote_headers_are_reported_by_type_only(wire, failure):
    wire.expect(Exchange(raises=failure))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'read', read_only=True)
    assert type(failure).__name__ in caught.value.message and 'SECRET-VALUE' not in caught.value.message


def test_a_refused_write_is_known_not_to_have_arrived(wire):
    wire.expect(Exchange(raises=refused()))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'write', read_only=False)
    assert 'may have applied' not in caught.value.message


@pytest.mark.parametrize('failure', [requests.exceptions.ReadTimeout('read timed out'), reset()])
def test_a_write_broken_off_midway_says_the_change_may_have_happened(wire, failure):
    wire.expect(Exchange(raises=failure))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, timeout=7).post('/', b'write', read_only=False)
    assert 'may have applied this change' in caught.value.message
    assert len(wire.sent) == 1


def test_a_timeout_names_the_limit(wire):
    wire.expect(*[Exchange(raises=requests.exceptions.ReadTimeout('x')) for dummy in range(4)])
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, timeout=7).post('/', b'read', read_only=True)
    assert 'no answer within 7 seconds' in caught.value.message


def test_certificate_failures_are_not_retried_and_point_at_ca_path(wire):
    failure = requests.exceptions.SSLError(urllib3.exceptions.MaxRetryError(None, '/', urllib3.exceptions.SSLError(
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate')))
    wire.expect(Exchange(raises=failure))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'read', read_only=True)
    assert 'CERTIFICATE_VERIFY_FAILED' in caught.value.message and 'ca_path' in caught.value.message
    assert len(wire.sent) == 1
