# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP seam of the collection.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Both panel clients talk through :class:`HttpClient`, which owns one ``requests.Session``
for the whole module run (connection reuse), never follows redirects, and turns every
transport failure into a typed error naming the host and the cause.  Unit tests fake the
wire by replacing :func:`new_requests_session`, and nothing else.
"""

from __future__ import annotations

import re
import time
import traceback
from urllib.parse import urlencode

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.hosting.panels.plugins.module_utils._capture import mask_form
from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    MAY_HAVE_APPLIED,
    PanelHttpError,
    PanelTransportError,
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


_OBJECT_REPR = re.compile(r'<[^<>]+ object at 0x[0-9a-f]+>:\s*')


def new_requests_session():
    """Create the session every request of a module run goes through.

    Proxy variables (``HTTPS_PROXY``, ``NO_PROXY`` ...) are honoured by requests itself.
    """
    return requests.Session()


class HttpResponse:
    """The parts of an HTTP answer the clients look at."""

    def __init__(self, status, body):
        self.status = status
        self.body = body


class HttpClient:
    """POSTs to one panel over one session.

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
        self._session = new_requests_session()
        self._session.headers['User-Agent'] = USER_AGENT
        # Passed with each request: requests lets REQUESTS_CA_BUNDLE override a session-level setting.
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)

    def post(self, path, data, headers=None, read_only=False):
        """POST ``data`` to ``path``; return an :class:`HttpResponse` with any non-3xx status."""
        attempts = self.read_attempts if read_only else 1
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= attempts
            tried = ' (tried %d times)' % attempt if attempt > 1 else ''
            started = time.monotonic()
            try:
                response = self._session.post(self.base_url + path, data=data, headers=headers, verify=self._verify,
                                              timeout=self.timeout, allow_redirects=False, stream=True)
            except requests.exceptions.RequestException as exc:
                self._record(path, data, headers, started, error='%s: %s' % (type(exc).__name__, self._describe(exc)))
                if last or not self._worth_retrying(exc):
                    applied = not read_only and _may_have_arrived(exc)
                    cause = self._describe(exc) + tried + (MAY_HAVE_APPLIED if applied else '')
                    raise PanelTransportError(self.host, cause, panel=self.panel, may_have_applied=applied) from None
                self._pause(attempt)
                continue
            try:
                body = self._read(response)
            except _CutShort as cut:
                self._record(path, data, headers, started, response=response, body=cut.received,
                             error='CutShort: %s' % cut.cause)
                if not last:
                    self._pause(attempt)
                    continue
                raise PanelTransportError(self.host, cut.cause + tried + ('' if read_only else MAY_HAVE_APPLIED),
                                          panel=self.panel, may_have_applied=not read_only) from None
            status = response.status_code
            self._record(path, data, headers, started, response=response, body=body)
            if status in RETRY_STATUSES:
                if not last:
                    self._pause(attempt, response.headers.get('Retry-After'))
                    continue
                reason = RETRY_STATUSES[status]
                reason += tried if read_only else MAY_HAVE_APPLIED
                raise PanelHttpError(self.host, status, reason, panel=self.panel,
                                     may_have_applied=not read_only and status != 429)
            if 300 <= status < 400:
                raise PanelHttpError(
                    self.host, status, 'redirect to %s not followed; point the module at the final address'
                    % (response.headers.get('Location') or 'an unnamed location'), panel=self.panel)
            if len(body) > self.max_body:
                raise PanelHttpError(
                    self.host, status, 'the answer is larger than %d bytes, more than any answer of the API; not read%s'
                    % (self.max_body, '' if read_only else MAY_HAVE_APPLIED), panel=self.panel,
                    may_have_applied=not read_only)
            return HttpResponse(status, body)

    def _read(self, response):
        """The body, at most one byte more than ``max_body``; :class:`_CutShort` when the answer breaks off."""
        received = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                received.append(chunk)
                size += len(chunk)
                if size > self.max_body:
                    break
        except requests.exceptions.RequestException as exc:
            received = b''.join(received)
            raise _CutShort('the answer was cut short after %d bytes (%s)' % (len(received), _innermost(exc)),
                            received) from None
        finally:
            response.close()
        return b''.join(received)

    def _record(self, path, data, headers, started, response=None, body=None, error=None):
        if self.capture is None:
            return
        request = urlencode(mask_form(data)) if isinstance(data, dict) else data
        self.capture.exchange(
            'POST', self.base_url + path, dict(headers or {}), request, duration=time.monotonic() - started,
            status=None if response is None else response.status_code,
            response_headers=None if response is None else dict(response.headers),
            response=body, error=error)

    def close(self):
        """Release the session's connections (a module's process ending does the same)."""
        self._session.close()

    def _pause(self, attempt, retry_after=None):
        pause = self.backoff * (2 ** (attempt - 1))
        if retry_after and retry_after.strip().isdigit():
            pause = max(pause, min(int(retry_after), MAX_RETRY_AFTER))
        time.sleep(pause)

    @staticmethod
    def _worth_retrying(exc):
        # A certificate problem will not go away by asking again.
        return not isinstance(exc, requests.exceptions.SSLError) and isinstance(
            exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))

    def _describe(self, exc):
        if isinstance(exc, requests.exceptions.SSLError):
            return ('TLS failed: %s. Trust the panel certificate with ca_path, or set validate_certs '
                    'to false for a self-signed certificate' % _innermost(exc))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return 'connection timed out after %s seconds' % self.timeout
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return 'no answer within %s seconds (raise the timeout option for a slow panel)' % self.timeout
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'connection failed: %s' % _innermost(exc)
        # Other request errors (InvalidHeader, InvalidURL ...) can quote header values, credentials among them.
        return 'the request could not be sent (%s)' % type(exc).__name__


class _CutShort(Exception):
    """The answer broke off while it was read."""

    def __init__(self, cause, received):
        super().__init__(cause)
        self.cause = cause
        self.received = received


def _may_have_arrived(exc):
    """False when the request provably never reached the panel (no connection, TLS refused)."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return False
    chain = _chain(exc)
    return not any(type(link).__name__ in ('NewConnectionError', 'NameResolutionError', 'ConnectTimeoutError')
                   or isinstance(link, ConnectionRefusedError) for link in chain)


def _chain(exc):
    """``exc`` and the exceptions nested in it, outermost first."""
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
    """The most specific reason in a requests/urllib3 exception chain, without object reprs."""
    current = _chain(exc)[-1]
    return _OBJECT_REPR.sub('', str(current) or type(current).__name__)
