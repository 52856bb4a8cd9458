# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import http.server
import socket
import ssl
import threading

import pytest

from ansible_collections.hosting.panels.plugins.module_utils import _http
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelHttpError, PanelProtocolError, PanelTransportError
from ansible_collections.hosting.panels.plugins.module_utils._http import ConnectFailed, HttpClient
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange

URL = 'https://panel.example.com:8443'


def refused():
    return ConnectFailed(ConnectionRefusedError(111, 'Connection refused'))


def reset():
    return ConnectionResetError(104, 'Connection reset by peer')


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch):
    for name in ('https_proxy', 'http_proxy', 'all_proxy', 'no_proxy'):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def test_post_returns_the_answer_and_verifies_tls_by_default(wire):
    wire.expect(Exchange(status=200, body=b'answer', path='/api'))
    client = HttpClient(URL, timeout=12)
    response = client.post('/api', b'data', headers={'X-Test': '1'})
    assert (response.status, response.body) == (200, b'answer')
    sent = wire.sent[0]
    assert sent.verify is True and sent.timeout == 12 and sent.url == 'https://panel.example.com:8443/api'
    assert sent.headers['X-Test'] == '1' and 'hosting.panels' in sent.headers['User-Agent']
    assert client.host == 'panel.example.com:8443'


def test_a_form_is_sent_urlencoded(wire):
    wire.expect(Exchange())
    HttpClient(URL).post('/api', {'module': 'mailserver', 'note': 'a b&c'})
    assert wire.sent[0].headers['Content-Type'] == 'application/x-www-form-urlencoded'
    assert wire.sent[0].form == {'module': 'mailserver', 'note': 'a b&c'}


@pytest.mark.parametrize('validate_certs, ca_path, expected', [
    (True, '/etc/panel-ca.pem', '/etc/panel-ca.pem'),
    (False, '/etc/panel-ca.pem', False),
    (False, None, False),
])
def test_certificate_checks_follow_the_options(wire, validate_certs, ca_path, expected):
    wire.expect(Exchange())
    HttpClient(URL, validate_certs=validate_certs, ca_path=ca_path).post('/', b'')
    assert wire.sent[0].verify == expected


def test_one_connection_serves_every_request_of_a_run(wire):
    wire.expect(Exchange(), Exchange(), Exchange())
    client = HttpClient(URL)
    for dummy in range(3):
        client.post('/', b'', read_only=True)
    assert len(wire.sent) == 3 and len(wire.sessions) == 1


def test_a_connection_the_panel_closed_is_replaced_before_the_next_request(wire):
    wire.expect(Exchange(), Exchange())
    client = HttpClient(URL)
    client.post('/', b'', read_only=True)
    wire.sessions[0].closed = True
    client.post('/', b'change', read_only=False)
    assert len(wire.sessions) == 2 and len(wire.sent) == 2


def test_redirects_are_refused_and_never_followed(wire):
    wire.expect(Exchange(status=302, headers={'Location': 'https://login.example.com/'}))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL).post('/', b'change', read_only=False)
    assert caught.value.status == 302
    assert 'https://login.example.com/' in caught.value.message and 'not followed' in caught.value.message
    assert len(wire.sent) == 1


@pytest.mark.parametrize('location, told', [
    ('https://admin:Pa55@plesk.example.com:8443/login_up.php?token=abc123#top',
     'redirect to https://plesk.example.com:8443/login_up.php (its query and fragment left out) not followed'),
    ('/login_up.php?success_redirect_url=%2Fenterprise', 'redirect to /login_up.php (its query left out) not followed'),
    ('https://[2001:db8::1]/', 'redirect to https://[2001:db8::1]/ not followed'),
    ('https://plesk.example.com:99999/', 'redirect to an address that cannot be read not followed'),
    (None, 'redirect to an unnamed location not followed'),
    # Another host, named without a scheme: the host stays, so that the error does not read as the panel's own page.
    ('//login.example.net/sso?next=abc123', 'redirect to //login.example.net/sso (its query left out) not followed'),
    ('/login_up.php;jsessionid=abc123', 'redirect to /login_up.php (its path parameters left out) not followed'),
    ('#top', 'redirect to the same address (its fragment left out) not followed'),
    ('?token=abc123', 'redirect to the same address (its query left out) not followed'),
    # A scheme without a host: what follows it could be anything, a user part too.
    ('admin:Pa55@plesk.example.com/login', 'redirect to an address that cannot be read not followed'),
    ('mailto:root@example.com', 'redirect to an address that cannot be read not followed'),
    ('plesk.example.com:8443/login', 'redirect to an address that cannot be read not followed'),
    ('https://plesk.example.com/' + 'a' * 300 + '?token=abc123',
     'redirect to https://plesk.example.com/%s... (its query left out) not followed' % ('a' * 149)),
])
def test_a_redirect_is_named_without_its_user_part_or_query(wire, location, told):
    wire.expect(Exchange(status=302, headers={} if location is None else {'Location': location}))
    with pytest.raises(PanelHttpError) as caught:
        HttpClient(URL).post('/', b'change', read_only=False)
    assert told in caught.value.message
    for secret in ('Pa55', 'abc123', 'success_redirect_url', 'jsessionid', 'next=', 'root@'):
        assert secret not in str(vars(caught.value))


def test_proxy_variables_are_honoured(wire, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.com:3128')
    wire.expect(Exchange())
    HttpClient(URL).post('/', b'')
    assert wire.sent[0].proxies.get('https') == 'http://proxy.example.com:3128'


@pytest.mark.parametrize('no_proxy', ['localhost,panel.example.com', 'localhost,.example.com', 'example.com', '*'])
def test_no_proxy_names_hosts_reached_directly(wire, monkeypatch, no_proxy):
    monkeypatch.setenv('https_proxy', 'proxy.example.com:3128')
    monkeypatch.setenv('no_proxy', no_proxy)
    wire.expect(Exchange())
    HttpClient(URL).post('/', b'')
    assert wire.sent[0].proxies == {}


def test_a_proxy_tunnels_https_with_its_credentials_and_takes_plain_http_as_absolute_urls(monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', 'http://user:p%40ss@proxy.example.com:3128')
    tunnel = _http.new_connection('https', 'panel.example.com', 8443, 5, True, 'http://user:p%40ss@proxy.example.com:3128')
    assert (tunnel.host, tunnel.port) == ('proxy.example.com', 3128)
    assert tunnel._tunnel_host == 'panel.example.com' and tunnel._tunnel_port == 8443
    assert tunnel._tunnel_headers['Proxy-Authorization'] == 'Basic dXNlcjpwQHNz'
    plain = _http.new_connection('http', 'panel.example.com', 8880, 5, True, 'http://user:p%40ss@proxy.example.com:3128')
    assert (plain.host, plain.port) == ('proxy.example.com', 3128)
    assert plain.proxy_headers == {'Proxy-Authorization': 'Basic dXNlcjpwQHNz'}


def test_certificate_options_become_the_tls_context(tmp_path):
    trustme = pytest.importorskip('trustme')
    ca_file = tmp_path / 'ca.pem'
    trustme.CA().cert_pem.write_to_path(str(ca_file))
    with_ca = _http.new_connection('https', 'panel.example.com', 8443, 5, str(ca_file))._context
    assert with_ca.verify_mode == ssl.CERT_REQUIRED and with_ca.check_hostname
    assert len(with_ca.get_ca_certs()) == 1
    unchecked = _http.new_connection('https', 'panel.example.com', 8443, 5, False)._context
    assert unchecked.verify_mode == ssl.CERT_NONE and not unchecked.check_hostname


@pytest.mark.parametrize('content', [None, b'not a certificate'])
def test_an_unusable_ca_file_is_named_and_nothing_is_sent(tmp_path, content, monkeypatch):
    # The real new_connection: the TLS settings fail before any connection is tried, and are not retried.
    ca_file = tmp_path / 'panel-ca.pem'
    if content is not None:
        ca_file.write_bytes(content)
    monkeypatch.setattr(_http.socket, 'create_connection', lambda *args: pytest.fail('a connection was tried'))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, ca_path=str(ca_file), backoff=0).post('/', b'read', read_only=True)
    assert 'panel.example.com:8443: the CA file given in ca_path (%s) cannot be used: ' % ca_file in caught.value.message
    assert 'tried' not in caught.value.message and not caught.value.may_have_applied


@pytest.mark.parametrize('proxy', ['http://user:Pr0xyPw@proxy.example.com:99999', 'http://user:Pr0xyPw@proxy.example.com:x'])
def test_a_proxy_variable_with_a_bad_port_is_a_clear_error_without_its_password(monkeypatch, proxy):
    monkeypatch.setenv('https_proxy', proxy)
    monkeypatch.setattr(_http.socket, 'create_connection', lambda *args: pytest.fail('a connection was tried'))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, backoff=0).post('/', b'write')
    message = caught.value.message
    assert 'proxy set by the environment' in message and 'Pr0xyPw' not in message and 'proxy.example.com' not in message
    assert not caught.value.may_have_applied


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
                Exchange(status=429, headers={'Retry-After': '\xb2'}), Exchange(body=b'ok'))
    assert HttpClient(URL, backoff=0.5).post('/', b'read', read_only=True).body == b'ok'
    # A Retry-After that is not plain digits is no request: the backoff's own pause stands.
    assert pauses == [3, 10, 2.0]


@pytest.mark.parametrize('retry_after, pause', [('0007', 7), ('000', 0.5), ('9' * 19, 10), ('1' + '0' * 5000, 10)])
def test_a_retry_after_of_any_number_of_digits_waits_within_the_bound(wire, monkeypatch, retry_after, pause):
    pauses = []
    monkeypatch.setattr('ansible_collections.hosting.panels.plugins.module_utils._http.time.sleep', pauses.append)
    wire.expect(Exchange(status=429, headers={'Retry-After': retry_after}), Exchange(body=b'ok'))
    assert HttpClient(URL, backoff=0.5).post('/', b'read', read_only=True).body == b'ok'
    assert pauses == [pause]


def test_an_answer_cut_short_is_read_again_for_a_read(wire):
    wire.expect(Exchange(body=b'<packet><server>', cut_after=8), Exchange(body=b'complete'))
    assert HttpClient(URL).post('/', b'read', read_only=True).body == b'complete'
    assert len(wire.sessions) == 2  # the broken connection is not used again


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
    wire.expect(Exchange(body=b'x' * 200000))
    with pytest.raises(PanelProtocolError) as caught:
        HttpClient(URL, max_body=1000).post('/', b'', read_only=read_only)
    assert 'answered with more than 1000 bytes' in caught.value.message
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


def test_a_header_value_http_refuses_is_reported_by_type_only_and_never_sent_again(wire):
    # A header value with a line break, quoted in the message as a library might quote it.
    wire.expect(Exchange(raises=ValueError("Invalid header value b'SECRET-VALUE\\n'")))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'write', read_only=False)
    assert 'ValueError' in caught.value.message and 'SECRET-VALUE' not in caught.value.message
    assert not caught.value.may_have_applied and len(wire.sent) == 1


def test_a_refused_write_is_known_not_to_have_arrived(wire):
    wire.expect(Exchange(raises=refused()))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'write', read_only=False)
    assert 'may have applied' not in caught.value.message and not caught.value.may_have_applied


@pytest.mark.parametrize('failure', [socket.timeout('timed out'), reset(), _http.RemoteDisconnected('closed'),
                                     _http.IncompleteRead(b'<packet>')])
def test_a_write_broken_off_midway_says_the_change_may_have_happened(wire, failure):
    wire.expect(Exchange(raises=failure))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, timeout=7).post('/', b'write', read_only=False)
    assert 'may have applied this change' in caught.value.message and caught.value.may_have_applied
    assert len(wire.sent) == 1


def test_timeouts_name_the_limit_and_say_whether_the_connection_was_made(wire):
    wire.expect(*[Exchange(raises=socket.timeout('x'))] * 4)
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, timeout=7).post('/', b'read', read_only=True)
    assert 'no answer within 7 seconds' in caught.value.message
    wire.expect(Exchange(raises=ConnectFailed(socket.timeout('timed out'))))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL, timeout=7).post('/', b'write', read_only=False)
    assert 'connection timed out after 7 seconds' in caught.value.message and not caught.value.may_have_applied


def test_certificate_failures_are_not_retried_and_point_at_ca_path(wire):
    failure = ConnectFailed(ssl.SSLCertVerificationError(
        1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)'))
    wire.expect(Exchange(raises=failure))
    with pytest.raises(PanelTransportError) as caught:
        HttpClient(URL).post('/', b'read', read_only=True)
    assert 'CERTIFICATE_VERIFY_FAILED' in caught.value.message and 'ca_path' in caught.value.message
    assert len(wire.sent) == 1


# -- the real connection, on loopback ---------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_POST(self):  # pylint: disable=invalid-name
        body = self.rfile.read(int(self.headers['Content-Length']))
        self.server.seen.append((self.client_address[1], self.headers.get('Content-Type'), body))
        if body == b'slow':
            self.server.release.wait(10)
        answer = b'got ' + body
        self.send_response(200)
        self.send_header('Content-Length', str(len(answer)))
        if body == b'bye':
            self.send_header('Connection', 'close')
            self.close_connection = True
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@pytest.fixture
def loopback():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    server.seen, server.release = [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def test_over_loopback_one_connection_is_kept_and_a_closed_one_replaced(loopback):
    client = HttpClient('http://127.0.0.1:%d' % loopback.server_address[1], timeout=5)
    assert client.post('/', b'one', read_only=True).body == b'got one'
    assert client.post('/', {'two': '2'}, read_only=True).body == b'got two=2'
    assert client.post('/', b'bye').body == b'got bye'
    assert client.post('/', b'three').body == b'got three'
    ports = [port for port, dummy, dummy in loopback.seen]
    assert ports[0] == ports[1] == ports[2] != ports[3]
    assert loopback.seen[1][1] == 'application/x-www-form-urlencoded'
    client.close()


def test_over_loopback_a_closed_port_is_a_connection_that_never_happened():
    # Bound and not listening, the port refuses connections, and no other process can take it meanwhile.
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        with pytest.raises(PanelTransportError) as caught:
            HttpClient('http://127.0.0.1:%d' % port, read_attempts=1).post('/', b'write', read_only=False)
    assert 'connection failed' in caught.value.message and not caught.value.may_have_applied


def test_over_loopback_a_slow_answer_is_a_read_timeout_after_the_request_arrived(loopback):
    client = HttpClient('http://127.0.0.1:%d' % loopback.server_address[1], timeout=0.3)
    with pytest.raises(PanelTransportError) as caught:
        client.post('/', b'slow', read_only=False)
    assert 'no answer within 0.3 seconds' in caught.value.message and caught.value.may_have_applied


# -- HTTP as panels and proxies answer it, byte by byte ------------------------------------------------------

class _Scripted:
    """A loopback server that answers each connection with the next raw answer of its script, then closes it.

    ``heads`` keeps the request heads it got (the body is read by its Content-Length).
    """

    def __init__(self, answers):
        self.answers = list(answers)
        self.heads = []
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(4)
        self.listener.settimeout(5)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        for answer in self.answers:
            try:
                sock, dummy = self.listener.accept()
            except OSError:
                return
            with sock:
                sock.settimeout(5)
                reader = sock.makefile('rb')
                for step in answer if isinstance(answer, list) else [answer]:
                    head = b''
                    while not head.endswith(b'\r\n\r\n'):
                        line = reader.readline()
                        if not line:
                            break
                        head += line
                    self.heads.append(head)
                    length = [int(line.split(b':')[1]) for line in head.split(b'\r\n')
                              if line.lower().startswith(b'content-length:')]
                    reader.read(length[0] if length else 0)
                    sock.sendall(step)

    def close(self):
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def scripted():
    servers = []

    def start(*answers):
        servers.append(_Scripted(answers))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def test_a_chunked_answer_is_joined_and_the_connection_kept(scripted):
    server = scripted([b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
                       b'4;ext=1\r\n<pac\r\n3\r\nket\r\n0\r\nX-Trailer: 1\r\n\r\n',
                       b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'])
    client = HttpClient('http://127.0.0.1:%d' % server.port, timeout=5)
    assert client.post('/', b'one', read_only=True).body == b'<packet'
    assert client.post('/', b'two', read_only=True).body == b'ok'
    assert len(server.heads) == 2  # both on the one connection
    assert server.heads[0].startswith(b'POST / HTTP/1.1\r\n')
    assert b'\r\nHost: 127.0.0.1:%d\r\n' % server.port in server.heads[0]
    client.close()


def test_an_answer_without_a_length_is_read_to_the_end_of_the_connection(scripted):
    server = scripted(b'HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<packet/>')
    response = HttpClient('http://127.0.0.1:%d' % server.port, timeout=5).post('/', b'read', read_only=True)
    assert response.body == b'<packet/>' and response.headers['Content-Type'] == 'text/xml'


@pytest.mark.parametrize('answer', [
    b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<packet>',
    b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n<packet>',
], ids=['content-length', 'chunked'])
def test_a_body_cut_short_is_a_write_that_may_have_applied_with_what_came(scripted, answer):
    server = scripted(answer)
    with pytest.raises(PanelTransportError) as caught:
        HttpClient('http://127.0.0.1:%d' % server.port, timeout=5).post('/', b'write', read_only=False)
    assert 'cut short after 8 bytes' in caught.value.message and caught.value.may_have_applied


@pytest.mark.parametrize('answer, words', [
    (b'', 'Remote end closed connection without response'),
    (b'<html>not http</html>\r\n', 'does not begin with an HTTP status line'),
    (b'HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n', 'Content-Length that is not a number'),
    # A superscript two (Latin-1 0xB2) passes str.isdigit, and 5,000 digits pass it too; int() raises on both.
    (b'HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\n\r\n', 'Content-Length that is not a number'),
    (b'HTTP/1.1 200 OK\r\nContent-Length: ' + b'9' * 5000 + b'\r\n\r\n', 'Content-Length that is not a number'),
    (b'HTTP/1.1 2\xb20 OK\r\nContent-Length: 2\r\n\r\nok', 'does not begin with an HTTP status line'),
    (b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'not a hexadecimal number'),
    # Thousands of hex digits: the cut-short body's message would hold a number int() cannot write.
    (b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + b'f' * 3600 + b'\r\nab', 'not a hexadecimal number'),
    (b'HTTP/1.1 200 OK\r\n' + b'X-Many: 1\r\n' * 101 + b'\r\n', 'more than 100 headers'),
    (b'HTTP/1.1 200 OK\r\nX-Long: 1\r\n' + b' more\r\n' * 101 + b'\r\n', 'more than 100 headers'),
], ids=['nothing', 'not-http', 'bad-length', 'superscript-length', 'huge-length', 'superscript-status', 'bad-chunk',
        'huge-chunk', 'header-flood', 'folded-flood'])
def test_an_answer_that_is_not_http_fails_a_write_as_possibly_applied(scripted, answer, words):
    server = scripted(answer)
    with pytest.raises(PanelTransportError) as caught:
        HttpClient('http://127.0.0.1:%d' % server.port, timeout=5).post('/', b'write', read_only=False)
    assert words in caught.value.message and caught.value.may_have_applied


def test_interim_answers_are_skipped_but_not_without_end(scripted):
    server = scripted(b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
                      b'HTTP/1.1 100 Continue\r\n\r\n' * 11)
    client = HttpClient('http://127.0.0.1:%d' % server.port, timeout=5, read_attempts=1)
    assert client.post('/', b'read', read_only=True).body == b'ok'
    client.close()
    with pytest.raises(PanelTransportError) as caught:
        client.post('/', b'write', read_only=False)
    assert 'more than 10 interim (1xx) answers' in caught.value.message and caught.value.may_have_applied


def test_a_header_value_with_a_line_break_is_refused_before_connecting():
    connection = _http.new_connection('http', '127.0.0.1', 9, 5, True)  # nothing listens: nothing may be tried
    with pytest.raises(ValueError) as caught:
        connection.request('POST', '/', b'', {'KEY': b'SECRET\r\nX-Injected: 1'})
    assert 'SECRET' not in str(caught.value) and connection.sock is None
    with pytest.raises(ValueError):
        connection.request('POST', '/', b'', {'Bad Name': 'x'})


def test_https_goes_through_a_proxy_tunnel_with_its_credentials(scripted):
    proxy = scripted([b'HTTP/1.1 200 Connection established\r\n\r\n'])
    connection = _http.new_connection('https', 'panel.example.com', 8443, 5, False,
                                      'http://user:p%%40ss@127.0.0.1:%d' % proxy.port)
    with pytest.raises(ConnectFailed):
        connection.connect()  # the proxy closes where TLS should begin
    assert proxy.heads[0].startswith(b'CONNECT panel.example.com:8443 HTTP/1.1\r\n')
    assert b'\r\nProxy-Authorization: Basic dXNlcjpwQHNz\r\n' in proxy.heads[0]


def test_a_proxy_refusing_the_tunnel_is_a_connection_that_never_happened(scripted):
    proxy = scripted(b'HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n')
    with pytest.raises(ConnectFailed) as caught:
        _http.new_connection('https', 'panel.example.com', 8443, 5, True, 'http://127.0.0.1:%d' % proxy.port).connect()
    assert '407 Proxy Authentication Required' in str(caught.value)
