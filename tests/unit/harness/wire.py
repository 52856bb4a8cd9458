# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fake wire under the one HTTP seam.

The collection's ``HttpClient`` and everything above it run unchanged; only the bytes on the
wire come from a script of expected exchanges.  Each exchange checks the request it receives
and answers it, or raises a transport exception.  Every request is recorded, so tests can
assert what was (and was not) sent, and Plesk packets can be checked against the official schema.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import requests
import urllib3
from lxml import etree
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.hosting.panels.plugins.module_utils import _http

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

    def __init__(self, prepared, timeout, verify, proxies):
        self.method = prepared.method
        self.url = prepared.url
        self.path = requests.utils.urlparse(prepared.url).path
        # The Plesk client sends credentials as UTF-8 bytes; tests compare text.
        self.headers = {name: value.decode('utf-8') if isinstance(value, bytes) else value
                        for name, value in prepared.headers.items()}
        body = prepared.body or b''
        self.body = body.encode('utf-8') if isinstance(body, str) else body
        self.timeout = timeout
        self.verify = verify
        self.proxies = proxies

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
                 operations=None, form=None, check=None, cut_after=None):
        self.status = status
        # Break the answer off after this many bytes of the body, as a dropped connection does.
        self.cut_after = cut_after
        self.body = body.encode('utf-8') if isinstance(body, str) else body
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


class BrokenBody:
    """A raw answer stream that delivers some bytes, then breaks off like a dropped connection."""

    def __init__(self, received):
        self.received = received

    def stream(self, chunk_size, decode_content=True):
        if self.received:
            yield self.received
        raise urllib3.exceptions.ProtocolError('Connection broken: IncompleteRead(%d bytes read, more expected)'
                                               % len(self.received))

    def close(self):
        pass


class FakeWire(BaseAdapter):
    """A requests transport adapter that plays a script of exchanges, in order."""

    def __init__(self):
        super().__init__()
        self.script = []
        self.sent = []
        self.sessions = []

    def expect(self, *exchanges):
        self.script.extend(exchanges)
        return self

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        sent = Sent(request, timeout, verify, proxies)
        self.sent.append(sent)
        assert self.script, 'unexpected request %s %s:\n%s' % (sent.method, sent.url, sent.body[:500])
        exchange = self.script.pop(0)
        exchange.verify(sent)
        if exchange.raises is not None:
            raise exchange.raises
        response = requests.Response()
        response.status_code = exchange.status
        response.headers = CaseInsensitiveDict(exchange.headers)
        if exchange.cut_after is None:
            response._content = exchange.body
            response._content_consumed = True  # read as a whole, also by iter_content
        else:
            response.raw = BrokenBody(exchange.body[:exchange.cut_after])
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    def assert_done(self):
        assert not self.script, '%d expected request(s) never came' % len(self.script)

    def plesk_packets(self):
        return [sent for sent in self.sent if sent.path == PLESK_PATH]


def install(monkeypatch, wire):
    """Make the seam hand out sessions whose every request reaches ``wire``."""
    def new_session():
        session = requests.Session()
        session.mount('http://', wire)
        session.mount('https://', wire)
        wire.sessions.append(session)
        return session

    monkeypatch.setattr(_http, 'new_requests_session', new_session)
    monkeypatch.setattr(_http.time, 'sleep', lambda seconds: None)
