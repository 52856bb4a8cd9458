# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP seam of the collection.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Both panel clients talk through :class:`HttpClient`, which keeps one connection for the whole
module run (connection reuse), never follows redirects, and turns every transport failure into a
typed error naming the host and the cause.  It speaks HTTP/1.1 itself over ``socket`` and ``ssl``:
``requests``, and then ``http.client`` with the ``email`` package it loads, cost a module run more to
import than everything else it does (``make bench`` shows the breakdown), while the clients need only
one POST at a time and its answer.  Unit tests fake the wire by replacing :func:`new_connection`, and
nothing else.
"""

from __future__ import annotations

import itertools
import os
import re
import select
import socket
import ssl
import time
from urllib.parse import urlencode, urlsplit

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    MAY_HAVE_APPLIED,
    PanelHttpError,
    PanelProtocolError,
    PanelTransportError,
    plain_number,
    quoted,
)

USER_AGENT = 'hosting.panels (Ansible collection)'

# Answers worth asking again for, with what they mean; only reads are asked again.
RETRY_STATUSES = {
    429: 'the panel, or a proxy in front of it, asks to slow down (rate limit)',
    502: 'the panel, or a proxy in front of it, is unavailable (gateway error)',
    503: 'the panel, or a proxy in front of it, is unavailable (gateway error)',
    504: 'the panel, or a proxy in front of it, did not answer in time (gateway timeout)',
}

# No answer of either API comes near this; a larger one is refused, unread beyond it.
MAX_BODY = 64 * 1024 * 1024
CHUNK = 64 * 1024
# The longest wait a Retry-After header may ask for before a read is tried again.
MAX_RETRY_AFTER = 10

FORM_TYPE = 'application/x-www-form-urlencoded'


class ConnectFailed(Exception):
    """The connection (TCP, a proxy's tunnel, TLS) could not be set up: no request left this host."""

    def __init__(self, cause):
        super().__init__(str(cause))
        self.cause = cause


class HttpProtocolError(Exception):
    """The other end answered something that is not HTTP as this client reads it."""


class IncompleteRead(HttpProtocolError):
    """The connection ended inside an answer's body; ``partial`` is what came of it in the last read."""

    def __init__(self, partial, expected=None):
        super().__init__('%d bytes read%s' % (len(partial), ', %d more expected' % expected if expected else ''))
        self.partial = partial
        self.expected = expected


class RemoteDisconnected(ConnectionResetError):
    """The connection ended where an answer should have begun."""


# Bounds on an answer's head: a line, and the number of header lines.
MAX_LINE = 64 * 1024
MAX_HEADERS = 100
MAX_INTERIM_ANSWERS = 10
# A header value that would end the header line, or the head, early.
_BREAKS_A_HEADER = re.compile(b'[\r\n\0]')
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class _Connection:
    """One HTTP/1.1 connection, over TLS when ``context`` is an SSL context, kept open between requests.

    ``authority`` is the Host header: the panel's, also when ``host`` and ``port`` are a proxy's.
    """

    def __init__(self, host, port, timeout, authority, context=None):
        self.host, self.port, self.timeout = host, port, timeout
        self.authority = authority
        self._context = context
        # Headers a plain-HTTP proxy wants on every request (_http_proxy).
        self.proxy_headers = {}
        self.sock = None
        self._reader = None

    def connect(self):
        try:
            sock = socket.create_connection((self.host, self.port), self.timeout)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._before_tls(sock)
                if self._context is not None:
                    sock = self._context.wrap_socket(sock, server_hostname=self._tls_name())
            except BaseException:
                sock.close()
                raise
        except (OSError, HttpProtocolError) as exc:
            raise ConnectFailed(exc) from exc
        self.sock = sock
        self._reader = sock.makefile('rb')

    def _before_tls(self, sock):
        """What a connection does on the new socket before TLS; a proxy's tunnel opens here (_http_proxy)."""

    def _tls_name(self):
        """The name the certificate must carry: the host connected to, or the panel behind a tunnel."""
        return self.host

    def usable(self):
        """False when an idle kept-alive connection was closed by the panel (it reads as ready)."""
        if self.sock is None:
            return True  # not connected yet: the next request connects
        try:
            readable = select.select([self.sock], [], [], 0)[0]
        except (OSError, ValueError):
            return False
        return not readable

    def request(self, method, url, body=None, headers=None):
        """Send one request; a header value that cannot be sent raises ValueError before anything is sent."""
        body = body or b''
        head = [('%s %s HTTP/1.1' % (method, url)).encode('ascii')]
        names = {name.lower() for name in headers or {}}
        defaults = (('Host', self.authority), ('Accept-Encoding', 'identity'))
        head += [_header_line(name, value) for name, value in defaults if name.lower() not in names]
        head += [_header_line(name, value) for name, value in (headers or {}).items()]
        head.append(b'Content-Length: %d' % len(body))
        message = b'\r\n'.join(head) + b'\r\n\r\n' + body
        if self.sock is None:
            self.connect()
        self.sock.sendall(message)

    def getresponse(self):
        """The answer's status and headers; its body is read with the answer's ``read``.

        Interim answers (1xx) are skipped, a bounded number of them: a panel that sent them without end
        would otherwise hold the module for ever, each one arriving within the timeout.
        """
        for dummy in range(MAX_INTERIM_ANSWERS + 1):
            status, dummy, headers, version = _read_head(self._reader)
            if not 100 <= status < 200:
                return _Response(self, status, headers, version)
        raise HttpProtocolError('the answer began with more than %d interim (1xx) answers' % MAX_INTERIM_ANSWERS)

    def close(self):
        reader, sock, self._reader, self.sock = self._reader, self.sock, None, None
        if reader is not None:
            reader.close()
        if sock is not None:
            sock.close()


class _Response:
    """An answer being read: by ``Content-Length``, in chunks, or up to the end of the connection."""

    def __init__(self, connection, status, headers, version):
        self.status = status
        self._connection = connection
        self._reader = connection._reader  # pylint: disable=protected-access
        self._headers = headers
        by_name = {name.lower(): value for name, value in headers}
        tokens = by_name.get('connection', '').lower()
        self._will_close = 'close' in tokens or (version == 'HTTP/1.0' and 'keep-alive' not in tokens)
        self._chunked = 'chunked' in by_name.get('transfer-encoding', '').lower()
        self._chunk_left = None
        # The bytes of the body still to come, when the answer says; None: up to the end (or the last chunk).
        self._left = None
        declared = by_name.get('content-length')
        if status in (204, 304):
            self._left = 0
        elif not self._chunked and declared is not None:
            self._left = plain_number(declared)
            if self._left is None:
                raise HttpProtocolError('the answer has a Content-Length that is not a number: %s' % quoted(declared, 40))
        elif not self._chunked:
            self._will_close = True
        self._done = False
        if self._left == 0:
            self._finish()

    def getheaders(self):
        return list(self._headers)

    def read(self, amount):
        """Up to ``amount`` bytes of the body; b'' at its end.  :class:`IncompleteRead` when it breaks off."""
        if self._done:
            return b''
        if self._chunked:
            return self._read_chunks(amount)
        if self._left is None:
            piece = self._reader.read(amount)
            if not piece:
                self._finish()
            return piece
        wanted = min(amount, self._left)
        piece = self._reader.read(wanted)
        self._left -= len(piece)
        if len(piece) < wanted:
            raise IncompleteRead(piece, self._left)
        if not self._left:
            self._finish()
        return piece

    def _read_chunks(self, amount):
        received = []
        while amount > 0:
            if self._chunk_left is None:
                size = self._chunk_size(received)
                if size == 0:
                    self._skip_trailer()
                    self._finish()
                    break
                self._chunk_left = size
            wanted = min(amount, self._chunk_left)
            piece = self._reader.read(wanted)
            received.append(piece)
            if len(piece) < wanted:
                raise IncompleteRead(b''.join(received), self._chunk_left - len(piece))
            amount -= len(piece)
            self._chunk_left -= len(piece)
            if not self._chunk_left:
                if self._reader.readline(MAX_LINE) not in (b'\r\n', b'\n'):
                    raise IncompleteRead(b''.join(received))
                self._chunk_left = None
        return b''.join(received)

    def _chunk_size(self, received):
        line = self._reader.readline(MAX_LINE + 1)
        if not line:
            raise IncompleteRead(b''.join(received))
        size = line.split(b';', 1)[0].strip()
        # 16 hex digits are 16 EiB: a longer size is no chunk this client could read, and thousands of digits
        # would make a number too long for a message.
        if len(line) > MAX_LINE or not size or len(size) > 16 or size.strip(b'0123456789abcdefABCDEF'):
            raise HttpProtocolError('the answer has a chunk whose size is not a hexadecimal number of at most 16 '
                                    'digits')
        return int(size, 16)

    def _skip_trailer(self):
        for dummy in range(MAX_HEADERS + 1):
            if self._reader.readline(MAX_LINE) in (b'\r\n', b'\n', b''):
                return
        raise HttpProtocolError('the answer has more than %d trailer lines' % MAX_HEADERS)

    def _finish(self):
        self._done = True
        if self._will_close:
            self._connection.close()  # the next request connects again


def _read_head(reader):
    """``(status, reason, headers, version)`` of the answer that comes next on ``reader``."""
    line = reader.readline(MAX_LINE + 1)
    if not line:
        raise RemoteDisconnected('Remote end closed connection without response')
    parts = line.decode('iso-8859-1').rstrip('\r\n').split(None, 2)
    status = plain_number(parts[1]) if len(parts) >= 2 and len(parts[1]) == 3 else None
    if len(line) > MAX_LINE or status is None or not parts[0].startswith('HTTP/'):
        raise HttpProtocolError('the answer does not begin with an HTTP status line: %s' % quoted(line, 60))
    headers = []
    # Folded lines count too: a header continued for ever would grow without bound.
    for lines in itertools.count():
        line = reader.readline(MAX_LINE + 1)
        if line in (b'\r\n', b'\n', b''):
            break
        if len(line) > MAX_LINE or lines >= MAX_HEADERS:
            raise HttpProtocolError('the answer has a header line longer than %d bytes, or more than %d headers'
                                    % (MAX_LINE, MAX_HEADERS))
        text = line.decode('iso-8859-1').rstrip('\r\n')
        if text[:1] in (' ', '\t') and headers:  # a folded line continues the header before it
            headers[-1] = (headers[-1][0], headers[-1][1] + ' ' + text.strip())
            continue
        name, colon, value = text.partition(':')
        if not colon:
            raise HttpProtocolError('the answer has a header line without a colon: %s' % quoted(text, 60))
        headers.append((name.strip(), value.strip()))
    return status, parts[2] if len(parts) > 2 else '', headers, parts[0]


def _header_line(name, value):
    """``name: value`` as bytes; a value given as text must be Latin-1, as HTTP has it."""
    if not _TOKEN.match(name):
        raise ValueError('header name %r cannot be sent' % name)
    value = value if isinstance(value, bytes) else str(value).encode('latin-1')
    if _BREAKS_A_HEADER.search(value):
        raise ValueError('the value of header %s has a line break or a NUL, and cannot be sent' % name)
    return name.encode('ascii') + b': ' + value


def _bracketed(host):
    return '[%s]' % host if ':' in host and not host.startswith('[') else host


def new_connection(scheme, host, port, timeout, verify, proxy=None):
    """A connection to ``host``:``port``, through ``proxy`` (an ``http://`` URL) when one is given.

    ``verify`` is True (the system's CAs), a CA file, or False (no certificate check).  The object
    has ``request``, ``getresponse``, ``close`` and ``usable``; failing to connect raises
    :class:`ConnectFailed`.  This is the one function unit tests replace.
    """
    authority = _bracketed(host) + ('' if port == {'http': 80, 'https': 443}.get(scheme) else ':%d' % port)
    context = None
    if scheme == 'https' and verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif scheme == 'https':
        context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
    if proxy:
        # Compiled only by the runs that go through a proxy (a task compiles its module_utils every time).
        from ansible_collections.hosting.panels.plugins.module_utils import _http_proxy  # pylint: disable=import-outside-toplevel
        return _http_proxy.proxied_connection(proxy, host, port, timeout, authority, context)
    return _Connection(host, port, timeout, authority, context=context)


def proxy_for(scheme, host):
    """The proxy URL the ``*_proxy`` and ``no_proxy`` variables give for ``host``, or None."""
    wanted = (scheme + '_proxy', 'all_proxy')
    if not any(name.lower() in wanted for name in os.environ):
        return None
    from ansible_collections.hosting.panels.plugins.module_utils import _http_proxy  # pylint: disable=import-outside-toplevel
    return _http_proxy.proxy_from_environment(scheme, host)


class HttpResponse:
    """The parts of an HTTP answer the clients look at."""

    def __init__(self, status, body, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


class _CutShort(Exception):
    """The answer broke off while it was read; ``received`` is an :class:`HttpResponse` of what came."""

    def __init__(self, cause, received):
        super().__init__(cause)
        self.cause = cause
        self.received = received


class _Failure(Exception):
    """A transport failure, classified: ``kind`` names it as captures record it."""

    def __init__(self, kind, reason, arrived):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        # False when the request provably never reached the panel.
        self.arrived = arrived


class HttpClient:
    """POSTs to one panel over one connection.

    ``read_only`` requests are retried with exponential backoff after a connection failure, an
    answer cut short, a gateway error or a rate limit; a write is sent exactly once, because the
    panel may have acted before the exchange broke.  Answers are read up to ``max_body`` bytes.
    """

    def __init__(self, base_url, validate_certs=True, ca_path=None, timeout=30, panel=None,
                 read_attempts=4, backoff=0.5, capture=None, max_body=MAX_BODY):
        self.base_url = base_url.rstrip('/')
        # A _capture.Capture that records every exchange, or None.
        self.capture = capture
        self.host = re.sub(r'^[a-z]+://', '', self.base_url).split('/', 1)[0]
        self.timeout = timeout
        self.panel = panel
        self.read_attempts = max(1, read_attempts)
        self.backoff = backoff
        self.max_body = max_body
        parts = urlsplit(self.base_url)
        self._scheme, self._hostname = parts.scheme, parts.hostname
        self._port = parts.port or (443 if parts.scheme == 'https' else 80)
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self._proxy = proxy_for(self._scheme, self._hostname)
        self._connection = None

    def post(self, path, data, headers=None, read_only=False):
        """POST ``data`` (bytes, or a dict sent as a form) to ``path``; return an :class:`HttpResponse`
        with any non-3xx status."""
        attempts = self.read_attempts if read_only else 1
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= attempts
            tried = ' (tried %d times)' % attempt if attempt > 1 else ''
            started = time.monotonic()
            try:
                response = self._exchange(path, data, headers)
            except _Failure as failure:
                self._record(path, data, headers, started, error='%s: %s' % (failure.kind, failure.reason))
                if last or failure.kind not in ('ConnectTimeout', 'ReadTimeout', 'ConnectionError'):
                    applied = not read_only and failure.arrived
                    cause = failure.reason + tried + (MAY_HAVE_APPLIED if applied else '')
                    raise PanelTransportError(self.host, cause, panel=self.panel, may_have_applied=applied) from None
                self._pause(attempt)
                continue
            except _CutShort as cut:
                self._record(path, data, headers, started, response=cut.received, error='CutShort: %s' % cut.cause)
                if not last:
                    self._pause(attempt)
                    continue
                raise PanelTransportError(self.host, cut.cause + tried + ('' if read_only else MAY_HAVE_APPLIED),
                                          panel=self.panel, may_have_applied=not read_only) from None
            status = response.status
            self._record(path, data, headers, started, response=response)
            if status in RETRY_STATUSES:
                if not last:
                    self._pause(attempt, _header(response.headers, 'Retry-After'))
                    continue
                # A rate limit turns the request away before the panel acts on it; a gateway error may come
                # after the panel acted.
                applied = not read_only and status != 429
                reason = RETRY_STATUSES[status] + tried + (MAY_HAVE_APPLIED if applied else '')
                raise PanelHttpError(self.host, status, reason, panel=self.panel, may_have_applied=applied)
            if 300 <= status < 400:
                raise PanelHttpError(
                    self.host, status, 'redirect to %s not followed; point the module at the final address'
                    % _where_to(_header(response.headers, 'Location')), panel=self.panel)
            if len(response.body) > self.max_body:
                # An answer, but not one to read: a protocol error, as the modules document it, not an HTTP one.
                raise PanelProtocolError(
                    '%s answered with more than %d bytes, more than any answer of the API; not read%s'
                    % (self.host, self.max_body, '' if read_only else MAY_HAVE_APPLIED), panel=self.panel,
                    may_have_applied=not read_only)
            return response

    def _exchange(self, path, data, headers):
        """One request and its answer; failures raise a classified :class:`_Failure`."""
        all_headers = {'User-Agent': USER_AGENT, 'Accept': '*/*'}
        body = data
        if isinstance(data, dict):
            body = urlencode(data, doseq=True).encode('ascii')
            all_headers['Content-Type'] = FORM_TYPE
        all_headers.update(headers or {})
        connection = self._connection
        if connection is None or not connection.usable():
            self.close()
            try:
                connection = self._connection = new_connection(self._scheme, self._hostname, self._port, self.timeout,
                                                               self._verify, self._proxy)
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                raise _Failure('InvalidSettings', self._setup_problem(exc), False) from None
        url = path
        if self._proxy and self._scheme == 'http':
            url = self.base_url + path  # a plain-HTTP proxy takes the absolute URL
            all_headers.update(connection.proxy_headers)
        try:
            connection.request('POST', url, body=body, headers=all_headers)
        except ValueError as exc:
            # Header values are checked before anything is sent; the message may quote a credential.
            self.close()
            raise _Failure('InvalidRequest', 'the request could not be sent (%s)' % type(exc).__name__, False) from None
        except Exception as exc:  # pylint: disable=broad-except
            # Classified, then raised as a typed failure; anything unexpected is raised as it is.
            self.close()
            raise self._classified(exc) from None
        try:
            answer = connection.getresponse()
        except Exception as exc:  # pylint: disable=broad-except
            self.close()
            raise self._classified(exc, sent=True) from None
        return HttpResponse(answer.status, self._read(answer), dict(answer.getheaders()))

    def _setup_problem(self, exc):
        """Why no connection could be set up, before anything was sent: the CA file or the proxy setting."""
        if isinstance(exc, OSError) and isinstance(self._verify, str):
            return 'the CA file given in ca_path (%s) cannot be used: %s' % (self._verify, _reason(exc))
        if self._proxy:
            # The proxy URL is not quoted: it may carry the proxy's password.
            return ('the proxy set by the environment (https_proxy, http_proxy or all_proxy) is not a usable '
                    'http:// URL (%s)' % type(exc).__name__)
        return 'no connection could be set up (%s)' % _reason(exc)

    def _read(self, answer):
        """The body, at most one byte more than ``max_body``; :class:`_CutShort` when the answer breaks off."""
        received = []
        size = 0
        try:
            while size <= self.max_body:
                chunk = answer.read(CHUNK)
                if not chunk:
                    break
                received.append(chunk)
                size += len(chunk)
        except (OSError, HttpProtocolError) as exc:
            self.close()
            received = b''.join(received) + getattr(exc, 'partial', b'')
            raise _CutShort('the answer was cut short after %d bytes (%s)' % (len(received), _reason(exc)),
                            HttpResponse(answer.status, received, dict(answer.getheaders()))) from None
        if size > self.max_body:
            self.close()  # the rest of the answer is still on the way: this connection cannot serve another
        return b''.join(received)

    def _classified(self, exc, sent=False):
        if isinstance(exc, ConnectFailed):
            cause = exc.cause
            if isinstance(cause, socket.timeout):
                return _Failure('ConnectTimeout', 'connection timed out after %s seconds' % self.timeout, False)
            if isinstance(cause, ssl.SSLError):
                return _Failure('SSLError', 'TLS failed: %s. Trust the panel certificate with ca_path, or set '
                                'validate_certs to false for a self-signed certificate' % _reason(cause), False)
            return _Failure('ConnectionError', 'connection failed: %s' % _reason(cause), False)
        if isinstance(exc, socket.timeout):
            return _Failure('ReadTimeout', 'no answer within %s seconds (raise the timeout option for a slow panel)'
                            % self.timeout, True)
        if isinstance(exc, (OSError, HttpProtocolError)):
            what = 'the connection broke off while reading the answer' if sent else 'connection failed'
            return _Failure('ConnectionError', '%s: %s' % (what, _reason(exc)), True)
        raise exc

    def _record(self, path, data, headers, started, response=None, error=None):
        if self.capture is None:
            return
        from ansible_collections.hosting.panels.plugins.module_utils._capture import mask_form  # pylint: disable=import-outside-toplevel
        request = urlencode(mask_form(data)) if isinstance(data, dict) else data
        self.capture.exchange(
            'POST', self.base_url + path, dict(headers or {}), request, duration=time.monotonic() - started,
            status=None if response is None else response.status,
            response_headers=None if response is None else dict(response.headers),
            response=None if response is None else response.body, error=error)

    def close(self):
        """Release the connection (a module's process ending does the same)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _pause(self, attempt, retry_after=None):
        pause = self.backoff * (2 ** (attempt - 1))
        digits = (retry_after or '').strip()
        if digits.isascii() and digits.isdigit():
            # However many digits: more than the cap has ask for longer than the cap.
            significant = digits.lstrip('0')
            asked = MAX_RETRY_AFTER if len(significant) > len(str(MAX_RETRY_AFTER)) else int(significant or '0')
            pause = max(pause, min(asked, MAX_RETRY_AFTER))
        time.sleep(pause)


def _header(headers, name):
    return next((value for key, value in headers.items() if key.lower() == name.lower()), None)


def _where_to(location):
    """A redirect's ``Location`` as an error may tell it: the host and the path, without a user part, path
    parameters, query or fragment, where a login page may carry what was sent, or a session token, that the error
    must not hold."""
    if not location or not location.strip():
        return 'an unnamed location'
    unreadable = 'an address that cannot be read'
    try:
        parts = urlsplit(location.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return unreadable
    if parts.netloc:
        if not host:
            return unreadable
        address = '%s//%s%s' % (parts.scheme + ':' if parts.scheme else '', '[%s]' % host if ':' in host else host,
                                ':%d' % port if port else '')
    elif parts.scheme:
        # No host after a scheme: mailto:..., or a host and port taken for a scheme; its path may be anything.
        return unreadable
    else:
        address = ''
    path, parameters = parts.path.split(';', 1)[0], ';' in parts.path
    if len(path) > LOCATION_PATH_SHOWN:
        path = path[:LOCATION_PATH_SHOWN] + '...'
    left_out = [what for what, there in (('path parameters', parameters), ('query', parts.query),
                                         ('fragment', parts.fragment)) if there]
    where = address + path or 'the same address'
    if left_out:
        where += ' (its %s left out)' % ' and '.join(left_out)
    return where


# The longest path of a redirect's Location an error shows: enough to recognise a login page.
LOCATION_PATH_SHOWN = 150


def _reason(exc):
    """What went wrong, in the words of the innermost error, never an object's repr."""
    if isinstance(exc, ssl.SSLError):
        text = exc.strerror or str(exc)
    elif isinstance(exc, IncompleteRead):
        text = 'the connection closed %s' % ('with %d bytes still to come' % exc.expected if exc.expected else 'early')
    else:
        text = str(exc) or type(exc).__name__
    return re.sub(r'<[^<>]+ object at 0x[0-9a-f]+>:\s*', '', text)
