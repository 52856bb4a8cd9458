# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fake wire under the one HTTP seam.

The collection's ``HttpClient`` and everything above it run unchanged; only the bytes on the
wire come from a script of expected exchanges.  Each exchange checks the request it receives
and answers it, or raises a transport exception.  Every request is recorded, so tests can
assert what was (and was not) sent, and Plesk packets can be checked against the official schema.

The seam is ``_http.new_connection``: the wire hands out fake connections.  An exchange's
``raises`` is what the connection raises: ``_http.ConnectFailed(cause)`` when connecting fails,
any other exception (``socket.timeout``, ``ConnectionResetError`` ...) once the request is out.
The failures of ``requests`` that older tests name (``requests.exceptions.ReadTimeout`` ...) are
translated into what the standard library raises in the same situation.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from ansible_collections.hosting.panels.plugins.module_utils import _http

try:
    import requests
except ImportError:  # only for translating the failures older tests name
    requests = None

PLESK_PATH = '/enterprise/control/agent.php'
BRAINYCP_PATH = '/api/api.php'


def canonical_xml(data):
    """``data`` (bytes or str) parsed without blank text and serialized canonically, for comparing."""
    if isinstance(data, str):
        data = data.encode('utf-8')
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    return etree.tostring(etree.fromstring(data, parser), method='c14n')


class Sent:
    """One request that reached the fake wire."""

    def __init__(self, connection, method, url, body, headers):
        self.method = method
        host = '[%s]' % connection.host if ':' in connection.host else connection.host
        self.url = url if '://' in url else '%s://%s:%d%s' % (connection.scheme, host, connection.port, url)
        self.path = urlsplit(self.url).path
        # The Plesk client sends credentials as UTF-8 bytes; tests compare text.
        self.headers = {name: value.decode('utf-8') if isinstance(value, bytes) else value
                        for name, value in (headers or {}).items()}
        body = body or b''
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        self.timeout = connection.timeout
        self.verify = connection.verify
        self.proxies = {connection.scheme: connection.proxy} if connection.proxy else {}

    @property
    def form(self):
        return dict(parse_qsl(self.body.decode('utf-8'), keep_blank_values=True))

    @property
    def operations(self):
        """``(operator, operation)`` pairs of a Plesk packet."""
        root = etree.fromstring(self.body)
        return [(operator.tag, operation.tag) for operator in root for operation in operator]


class Exchange:
    """What the next request must look like, and how the wire answers it."""

    def __init__(self, status=200, body=b'', headers=None, raises=None, path=None, packet=None,
                 operations=None, form=None, check=None, cut_after=None, respond=None):
        self.status = status
        # Break the answer off after this many bytes of the body, as a dropped connection does.
        self.cut_after = cut_after
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        # A function of the request (a ``Sent``) that returns the body, for answers that depend on how
        # the client packed its requests.
        self.respond = respond
        self.headers = headers or {}
        self.raises = raises
        self.path = path
        self.packet = packet
        self.operations = operations
        self.form = form
        self.check = check

    def verify(self, sent):
        if self.path is not None:
            assert sent.path == self.path, 'expected a request to %s, got %s' % (self.path, sent.path)
        if self.packet is not None:
            assert canonical_xml(sent.body) == canonical_xml(self.packet), (
                'unexpected packet:\n%s\nexpected:\n%s' % (sent.body.decode(), self.packet))
        if self.operations is not None:
            assert sent.operations == self.operations, 'expected operations %s, got %s' % (
                self.operations, sent.operations)
        if self.form is not None:
            form = sent.form
            for key, value in self.form.items():
                assert form.get(key) == value, 'form field %s: expected %r, got %r' % (key, value, form.get(key))
        if self.check is not None:
            # A check may assert, or return False to fail.
            assert self.check(sent) is not False, 'the request failed its check:\n%s' % sent.body[:500]


def plesk(answer, **expect):
    """An exchange with Plesk: the request goes to agent.php, the answer is XML."""
    return Exchange(body=answer, path=PLESK_PATH, headers={'Content-Type': 'text/xml;charset=UTF-8'}, **expect)


def brainycp(answer, status=200, **expect):
    """An exchange with BrainyCP: the request goes to /api/api.php, the answer is JSON text."""
    return Exchange(status=status, body=answer, path=BRAINYCP_PATH, **expect)


class FakeWire:
    """Plays a script of exchanges, in order, on the connections it hands out."""

    def __init__(self):
        self.script = []
        self.sent = []
        # The connections handed out; one HttpClient keeps one for all its requests.
        self.sessions = []

    def expect(self, *exchanges):
        self.script.extend(exchanges)
        return self

    def connection(self, scheme, host, port, timeout, verify, proxy=None):
        connection = FakeConnection(self, scheme, host, port, timeout, verify, proxy)
        self.sessions.append(connection)
        return connection

    def assert_done(self):
        assert not self.script, '%d expected request(s) never came' % len(self.script)

    def plesk_packets(self):
        return [sent for sent in self.sent if sent.path == PLESK_PATH]


class FakeConnection:
    """What ``_http.new_connection`` returns, with the answers coming from the wire's script."""

    def __init__(self, wire, scheme, host, port, timeout, verify, proxy):
        self.wire = wire
        self.scheme, self.host, self.port = scheme, host, port
        self.timeout, self.verify, self.proxy = timeout, verify, proxy
        self.proxy_headers = {}
        self.closed = False
        self._answer = None

    def usable(self):
        return not self.closed

    def request(self, method, url, body=None, headers=None):
        sent = Sent(self, method, url, body, headers)
        self.wire.sent.append(sent)
        assert self.wire.script, 'unexpected request %s %s:\n%s' % (sent.method, sent.url, sent.body[:500])
        exchange = self.wire.script.pop(0)
        exchange.verify(sent)
        self._answer = exchange, sent
        if exchange.raises is not None:
            phase, failure = low_level(exchange.raises)
            if phase in ('connect', 'send'):
                raise failure

    def getresponse(self):
        (exchange, sent), self._answer = self._answer, None
        if exchange.raises is not None:
            raise low_level(exchange.raises)[1]
        return FakeResponse(exchange, sent)

    def close(self):
        self.closed = True


class FakeResponse:
    """An answer read as ``_http`` reads one: in pieces, breaking off where ``cut_after`` says."""

    def __init__(self, exchange, sent):
        self.status = exchange.status
        self._headers = dict(exchange.headers)
        body = exchange.body if exchange.respond is None else exchange.respond(sent)
        self._body = body.encode('utf-8') if isinstance(body, str) else body
        self._cut_after = exchange.cut_after
        self._position = 0

    def getheaders(self):
        return list(self._headers.items())

    def read(self, amount=None):
        end = len(self._body) if amount is None else self._position + amount
        if self._cut_after is not None and end > self._cut_after:
            if self._position >= self._cut_after:
                raise _http.IncompleteRead(b'', len(self._body) - self._position)
            end = self._cut_after
        piece = self._body[self._position:end]
        self._position += len(piece)
        return piece


def low_level(failure):
    """``(phase, exception)``: when and what the standard library raises for ``failure``."""
    if isinstance(failure, _http.ConnectFailed):
        return 'connect', failure
    if isinstance(failure, ValueError):  # header values are checked before anything is sent
        return 'send', failure
    if requests is None or not isinstance(failure, requests.exceptions.RequestException):
        return 'answer', failure
    text = _innermost(failure)
    errors = requests.exceptions
    if isinstance(failure, errors.ConnectTimeout):
        return 'connect', _http.ConnectFailed(socket.timeout('timed out'))
    if isinstance(failure, errors.SSLError):
        return 'connect', _http.ConnectFailed(ssl.SSLError(1, text))
    if isinstance(failure, errors.ReadTimeout):
        return 'answer', socket.timeout('The read operation timed out')
    if isinstance(failure, errors.ChunkedEncodingError):
        return 'answer', _http.IncompleteRead(b'')
    if isinstance(failure, (errors.InvalidHeader, errors.InvalidURL)):
        return 'send', ValueError(str(failure))
    if isinstance(failure, errors.ConnectionError) and any(
            type(link).__name__ in ('NewConnectionError', 'NameResolutionError', 'ConnectTimeoutError')
            or isinstance(link, ConnectionRefusedError) for link in _chain(failure)):
        return 'connect', _http.ConnectFailed(ConnectionRefusedError(111, text))
    return 'answer', ConnectionResetError(104, text)


def _chain(exc):
    links = [exc]
    while True:
        current = links[-1]
        nested = getattr(current, 'reason', None)
        if not isinstance(nested, BaseException) and current.args and isinstance(current.args[0], BaseException):
            nested = current.args[0]
        if not isinstance(nested, BaseException) or any(nested is link for link in links):
            return links
        links.append(nested)


def _innermost(exc):
    innermost = _chain(exc)[-1]
    return str(innermost.args[-1] if innermost.args else innermost) or type(innermost).__name__


def install(monkeypatch, wire):
    """Make the seam hand out connections whose every request reaches ``wire``."""
    monkeypatch.setattr(_http, 'new_connection', wire.connection)
    monkeypatch.setattr(_http.time, 'sleep', lambda seconds: None)
