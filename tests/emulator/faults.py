# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Injected faults: what a slow network, a proxy or a half-broken panel does to an API request.

Faults are data, a list of specs set with ``PUT /__emulator__/faults``.  They wrap the call of
the protocol handler that the HTTP layer (``server.py``) makes, and act in one of five ways:

- delay the request, then let the handler run (``latency``, ``slow_answer``);
- refuse it before the handler runs, which leaves the state untouched;
- let the handler run (the state changes as it says), then sabotage its answer: close the
  connection, cut the body short, replace it with a 502;
- answer in the handler's place with a crafted answer (state untouched); a crafted answer
  never reports a success, so the emulator does not lie about its state;
- reshape the handler's answer, or rewrite the request before it (one operation of a Plesk
  packet fails: it is taken out, the rest runs, an error result takes its place in the answer).
  What the answer says happened is what happened to the state.

Nothing here branches inside the panels' operations: a fault sees an ``ApiCall`` (the request
as the HTTP layer read it) and a ``panel`` object with ``handle(call)``, ``dry_run(call)`` and
``store``, and returns an ``Outcome`` that the HTTP layer sends.
"""

from __future__ import annotations

import copy
import functools
import json
import socket
import threading
import time

from lxml import etree
from werkzeug.http import HTTP_STATUS_CODES, http_date
from werkzeug.wrappers import Response

from .brainycp import DOCUMENTED_MESSAGE_KEY, NOT_AVAILABLE, OPERATIONS, Answer, BrainycpEmulator, answer_language, asks_for_change
from .plesk import XML_DECLARATION as PLESK_XML_DECLARATION
from .plesk import parser as plesk_parser
from .plesk import serialize as serialize_plesk
from .plesk_operations import HANDLERS, WRITES

PANELS = ('plesk', 'brainycp')
CONTENT_TYPES = {'plesk': 'text/xml;charset=UTF-8', 'brainycp': 'application/json; charset=utf-8'}
HTML = 'text/html; charset=UTF-8'

PLESK_OPERATIONS = sorted('%s.%s' % key for key in HANDLERS)
BRAINYCP_MODULE = 'mailserver'
# BrainyCP calls that change the state; the filters only with these commands.

# Texts of the Plesk error codes (research note plesk-protocol.md, error table and captures).
PLESK_ERROR_TEXTS = {
    1001: 'Authentication failed - wrong password.',
    1006: 'Permission denied.',
    1007: 'Inserted data already exists.',
    1013: 'Object does not exist.',
    1014: 'Parser error: Request is invalid.',
    1019: 'Invalid value.',
    1023: 'Operation failed.',
    1026: 'Component not installed.',
    1029: 'Authentication method is not specified',
    11003: 'Secret key validation failed',
}
# The errors "API: Mail" documents per operation; error 400 holds for every operation.
BRAINYCP_DOCUMENTED_ERRORS = {
    ('list_msg', 100): 'The mail queue list is empty',
    ('delete_all_msg', 100): 'The mail server does not support forced deletion',
    ('controll_msg', 100): 'Invalid value command',
    ('controll_msg', 101): 'Missing message id',
    ('controll_msg', 102): 'The server for sending letters is missing or incorrectly specified',
    ('delete_frozen_msg', 100): 'The mail server does not support deleting frozen messages',
    ('clamav', 100): 'Invalid command',
    ('spamassassin', 100): 'Invalid command',
}
BRAINYCP_NOT_AVAILABLE = 400

# What PHP prints when a script dies before it answers.
PHP_FATAL = {
    'plesk': '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate '
             '20480 bytes) in <b>/usr/local/psa/admin/plib/api-common/ApiRequest.php</b> on line <b>117</b><br />\n',
    'brainycp': '<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function json_encode() in '
                '<b>/usr/local/brainycp/api/api.php</b>:42\nStack trace:\n#0 {main}\n  thrown in '
                '<b>/usr/local/brainycp/api/api.php</b> on line <b>42</b><br />\n',
}
MAINTENANCE_PAGE = ('<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n'
                    '<body><h1>Service temporarily unavailable</h1>\n<p>The panel is being updated. '
                    'Please try again in a few minutes.</p></body></html>\n')
STREAM_CHUNK = 64 * 1024
# Elements of an ok Plesk result that echo the request rather than carry its data.
PLESK_ECHOES = ('status', 'filter-id', 'site-id')
PLESK_IDS = ('id', 'site-id', 'webspace-id')


class FaultSpecError(ValueError):
    """A fault spec or a latency setting is not usable; the message names the field."""


# -- the request and the answer as the HTTP layer passes them ------------------------------------

class ApiCall:
    """One API request as the HTTP layer read it: Plesk's packet and headers, or BrainyCP's parameters."""

    def __init__(self, panel, method, path, body=b'', headers=None, remote_addr=None, params=(), mimetype=None):
        self.panel = panel
        self.method = method
        self.path = path
        self.body = body
        self.headers = headers or {}
        self.remote_addr = remote_addr
        self.params = list(params)
        self.mimetype = mimetype

    @functools.cached_property
    def requested(self):
        """The operations the request asks for, and whether it asks for a change; read only when a fault
        could care."""
        return _requested(self)

    @property
    def operations(self):
        return self.requested[0]

    @property
    def writes(self):
        return self.requested[1]

    def with_body(self, body):
        """The same request with another Plesk packet."""
        return ApiCall(self.panel, self.method, self.path, body, self.headers, self.remote_addr)


class PanelAnswer:
    """An HTTP answer: ``body`` is bytes, or an iterable of bytes that is streamed (``length``, if known, is
    announced in Content-Length).  A ``chunked`` answer of bytes goes in chunks, without Content-Length."""

    def __init__(self, status, body, content_type, headers=None, length=None, chunked=False):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.length = length
        self.chunked = chunked

    @property
    def streamed(self):
        return not isinstance(self.body, bytes)

    def with_body(self, body):
        """The same answer, framed the same way, with another body."""
        return PanelAnswer(self.status, body, self.content_type, self.headers, chunked=self.chunked)


# Beside an API answer, what sw-cp-server (the nginx in front of Plesk) sent in a recorded 1.6.9.1 exchange
# (lexicon cassettes): no-cache headers and a locale cookie, which a client should neither need nor keep.
PLESK_ANSWER_HEADERS = {
    'Cache-Control': 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
    'Pragma': 'no-cache',
    'Expires': 'Mon, 26 Jul 1990 05:00:00 GMT',
    'P3P': 'CP="NON COR CURa ADMa OUR NOR UNI COM NAV STA"',
}
LOCALE_COOKIE = 'locale=en-US; expires=%s; Max-Age=31536000; path=/; secure; HttpOnly'


def plesk_answer(body, store):
    """Plesk's answer ``body`` as sw-cp-server sends it, framed as the store's answer_framing says."""
    with store.lock:
        chunked = store.data['plesk']['answer_framing'] == 'chunked'
    headers = dict(PLESK_ANSWER_HEADERS, **{'Set-Cookie': LOCALE_COOKIE % http_date(time.time() + 31536000)})
    return PanelAnswer(200, body, CONTENT_TYPES['plesk'], headers, chunked=chunked)


class Outcome:
    """What the client gets: an answer, or none (``answer`` None: the connection is closed unanswered);
    with ``cut_at``, the connection closes after that many bytes of the body.  ``info`` is the
    handler's (None when it did not run); ``faults`` names the faults that acted."""

    def __init__(self, answer, info=None, cut_at=None):
        self.answer = answer
        self.info = info
        self.cut_at = cut_at
        self.faults = []

    @property
    def status(self):
        return None if self.answer is None else self.answer.status

    def logged_response(self):
        """The body as the client received it, for the request log."""
        if self.answer is None:
            return None
        if self.answer.streamed:
            return '[%s bytes streamed, not logged]' % (self.answer.length if self.answer.length is not None
                                                        else 'unannounced')
        body = self.answer.body if self.cut_at is None else self.answer.body[:self.cut_at]
        return body.decode('utf-8', errors='replace')

    def __call__(self, environ, start_response):
        """Send it, as a WSGI application."""
        answer = self.answer
        if answer is None:
            _close(environ)
            raise ConnectionAbortedError('fault: connection closed before an answer')
        if self.cut_at is not None:
            # A chunked answer is cut after its first chunk, the part sent; any other announces its whole length.
            headers = [('Content-Type', answer.content_type)]
            if not answer.chunked:
                headers.append(('Content-Length', str(len(answer.body))))
            start_response('%d %s' % (answer.status, HTTP_STATUS_CODES.get(answer.status, 'Unknown')),
                           headers + list(answer.headers.items()))
            return _cut(answer.body[:self.cut_at], environ)
        if answer.streamed or answer.chunked:
            # Without Content-Length, werkzeug sends the body in chunks.
            body = iter((answer.body,)) if not answer.streamed else answer.body
            response = Response(body, status=answer.status, headers=answer.headers,
                                content_type=answer.content_type, direct_passthrough=True)
            if answer.length is not None:
                response.headers['Content-Length'] = str(answer.length)
        else:
            response = Response(answer.body, status=answer.status, headers=answer.headers,
                                content_type=answer.content_type)
        return response(environ, start_response)


def _close(environ):
    """Close the client's connection without a word.  shutdown, not close: the server still reads from
    and then closes the socket itself."""
    connection = environ.get('emulator.socket')
    if connection is not None:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _cut(sent, environ):
    yield sent
    _close(environ)
    raise ConnectionAbortedError('fault: connection cut mid-body')


def _requested(call):
    """The operations a request asks for and whether it asks for a change, before anything runs."""
    if call.panel == 'plesk':
        packet = _plesk_packet(call.body)
        names = [] if packet is None else [name for name, dummy, dummy in _plesk_operations(packet)]
        return names, any(name in WRITES for name in names)
    # The operation as BrainycpEmulator.handle picks it.
    params = dict(call.params)
    operation = next((name for name in OPERATIONS if name in params), None)
    if operation is None and params.get('subdo') in OPERATIONS:
        operation = params['subdo']
    if operation is None:
        return [], False
    return [operation], asks_for_change(operation, params)


def _plesk_packet(body):
    try:
        packet = etree.fromstring(body, plesk_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    return packet if packet.tag == 'packet' else None


def _plesk_operations(packet):
    """``(operator.operation, operator element, operation element)`` in document order."""
    for operator in packet:
        if not isinstance(operator.tag, str) or operator.tag == 'request-settings':
            continue
        for operation in operator:
            if isinstance(operation.tag, str):
                yield '%s.%s' % (operator.tag, operation.tag), operator, operation


# -- checking specs ------------------------------------------------------------------------------

def _integer(minimum, maximum):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise FaultSpecError('%s: expected an integer from %d to %d, got %s'
                                 % (where, minimum, maximum, json.dumps(value)))
        return value
    return check


def _number(minimum, maximum):
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not minimum <= value <= maximum:
            raise FaultSpecError('%s: expected a number from %s to %s, got %s'
                                 % (where, minimum, maximum, json.dumps(value)))
        return value
    return check


def _choice(*choices):
    def check(value, where):
        if value not in choices:
            raise FaultSpecError('%s: expected one of %s, got %s' % (where, ', '.join(map(json.dumps, choices)),
                                                                     json.dumps(value)))
        return value
    return check


def _boolean(value, where):
    if not isinstance(value, bool):
        raise FaultSpecError('%s: expected true or false, got %s' % (where, json.dumps(value)))
    return value


def _text(value, where):
    if not isinstance(value, str) or not value:
        raise FaultSpecError('%s: expected a non-empty string, got %s' % (where, json.dumps(value)))
    return value


def _scalar(value, where):
    if isinstance(value, (list, dict)):
        raise FaultSpecError('%s: expected a string, number, boolean or null, got %s' % (where, json.dumps(value)))
    return value


REQUIRED = object()


class Param:
    """A parameter of a fault kind: its check, its default (``REQUIRED``: none) and the panels it is for."""

    def __init__(self, check, default=None, panels=PANELS):
        self.check = check
        self.default = default
        self.panels = panels


class Kind:
    """A fault kind: its name, the panels it is for, its parameters, and what it does.

    ``act(fault, call, panel)`` returns the ``Outcome``; a delay has none, but ``delay(params)``, the seconds
    it waits.  ``validate(fault, where)`` checks the parameters together; ``applies(fault, call)`` says
    whether a request that matches the common keys gives the fault something to act on.
    """

    def __init__(self, name, act, panels, params, delay=None, validate=None, applies=None):
        self.name = name
        self.act = act
        self.panels = panels
        self.params = params
        self.delay = delay
        self.validate = validate
        self.applies = applies


KINDS = {}
COMMON_FIELDS = ('panel', 'kind', 'times', 'operation', 'writes_only')


def kind(name, panels=PANELS, validate=None, applies=None, **params):
    def register(act):
        KINDS[name] = Kind(name, act, panels, params, validate=validate, applies=applies)
        return act
    return register


class Fault:
    """One fault spec, checked, with its remaining count and its hits."""

    def __init__(self, document, where):
        if not isinstance(document, dict):
            raise FaultSpecError('%s: expected a mapping with at least panel and kind' % where)
        self.panel = _choice(*PANELS)(document.get('panel'), where + '.panel')
        name = document.get('kind')
        if name not in KINDS:
            raise FaultSpecError('%s.kind: expected one of %s, got %s' % (where, ', '.join(sorted(KINDS)),
                                                                          json.dumps(name)))
        self.kind = KINDS[name]
        if self.panel not in self.kind.panels:
            raise FaultSpecError('%s.kind: %s is a fault of %s only' % (where, name, ' and '.join(self.kind.panels)))
        params = {key: param for key, param in self.kind.params.items() if self.panel in param.panels}
        unknown = sorted(set(document) - set(COMMON_FIELDS) - set(params))
        if unknown:
            raise FaultSpecError('%s: unknown keys %s (a %s fault of %s takes %s)' % (
                where, ', '.join(unknown), name, self.panel, ', '.join(list(COMMON_FIELDS) + sorted(params))))
        times = document.get('times')
        self.times = None if times is None else _integer(1, 10 ** 9)(times, where + '.times')
        self.remaining = self.times
        self.hits = 0
        self.operation = self._operation(document.get('operation'), where + '.operation')
        self.writes_only = _boolean(document.get('writes_only', False), where + '.writes_only')
        self.params = {}
        for key, param in params.items():
            if document.get(key) is not None:
                self.params[key] = param.check(document[key], '%s.%s' % (where, key))
            elif param.default is REQUIRED:
                raise FaultSpecError('%s.%s: required by a %s fault' % (where, key, name))
            else:
                self.params[key] = param.default
        if self.kind.validate is not None:
            self.kind.validate(self, where)

    def _operation(self, value, where):
        if value is None:
            return None
        if self.panel == 'plesk':
            return _choice(*PLESK_OPERATIONS)(value, where)
        # ``mailserver.list_msg`` as the stats name it, or plain ``list_msg``.
        bare = value[len(BRAINYCP_MODULE) + 1:] if isinstance(value, str) and value.startswith(
            BRAINYCP_MODULE + '.') else value
        return _choice(*OPERATIONS)(bare, where)

    @property
    def delay(self):
        """Seconds this fault waits, or None when it is not a delay."""
        return None if self.kind.delay is None else self.kind.delay(self.params)

    def matches(self, call):
        if call.panel != self.panel or self.remaining == 0:
            return False
        if self.operation is not None and self.operation not in call.operations:
            return False
        if self.writes_only and not call.writes:
            return False
        return self.kind.applies is None or self.kind.applies(self, call)

    def describe(self):
        document = {'panel': self.panel, 'kind': self.kind.name, 'times': self.times}
        if self.operation is not None:
            document['operation'] = self.operation
        if self.writes_only:
            document['writes_only'] = True
        document.update(self.params)
        document.update(remaining=self.remaining, hits=self.hits)
        return document


# -- the registry --------------------------------------------------------------------------------

class Faults:
    """The faults and the latency of both panels; one object serves both ports.

    ``latency`` (ms per panel, from the command line) is what ``reset`` returns to.  ``sleep`` waits
    outside any lock, so concurrent requests wait at the same time; tests may pass their own.
    """

    def __init__(self, latency=None, sleep=time.sleep):
        self.lock = threading.Lock()
        self.sleep = sleep
        self.base_latency = dict.fromkeys(PANELS, 0)
        self.base_latency.update(latency or {})
        self.reset()

    def reset(self):
        with self.lock:
            self.faults = []
            self.latency = dict(self.base_latency)
            self.hit_counts = {panel: {} for panel in PANELS}

    def replace(self, document):
        specs = document.get('faults') if isinstance(document, dict) and set(document) == {'faults'} else None
        if not isinstance(specs, list):
            raise FaultSpecError('faults: expected {"faults": [...]}, a list of fault specs')
        faults = [Fault(spec, 'faults[%d]' % index) for index, spec in enumerate(specs)]
        with self.lock:
            self.faults = faults

    def clear(self):
        with self.lock:
            self.faults = []

    def set_latency(self, document):
        if not isinstance(document, dict) or not document or set(document) - set(PANELS):
            raise FaultSpecError('latency: expected a mapping of plesk and/or brainycp to milliseconds, got %s'
                                 % json.dumps(document))
        checked = {panel: _number(0, 600000)(value, 'latency.' + panel) for panel, value in document.items()}
        with self.lock:
            self.latency.update(checked)

    def listing(self):
        with self.lock:
            return {'faults': [fault.describe() for fault in self.faults], 'latency': dict(self.latency)}

    def stats(self):
        with self.lock:
            return copy.deepcopy(self.hit_counts)

    def admin(self, endpoint, method, body):
        """The admin endpoints ``faults`` and ``latency``: ``(HTTP status, JSON document)``."""
        try:
            if method == 'PUT' and endpoint == 'faults':
                self.replace(json.loads(body or b'null'))
            elif method == 'DELETE' and endpoint == 'faults':
                self.clear()
            elif method == 'PUT' and endpoint == 'latency':
                self.set_latency(json.loads(body or b'null'))
            elif method != 'GET':
                return 405, {'error': '%s /__emulator__/%s: use GET or PUT%s' % (
                    method, endpoint, ' or DELETE' if endpoint == 'faults' else '')}
        except (ValueError, FaultSpecError) as exc:
            return 400, {'error': str(exc)}
        listing = self.listing()
        return 200, listing if endpoint == 'faults' else listing['latency']

    def _select(self, call):
        """The delaying faults and the first other fault that match ``call``; each of them is counted."""
        with self.lock:
            delays, chosen = [], None
            for fault in self.faults:
                if (chosen is not None and fault.delay is None) or not fault.matches(call):
                    continue
                if fault.delay is not None:
                    delays.append(fault)
                else:
                    chosen = fault
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                counts = self.hit_counts[call.panel]
                counts[fault.kind.name] = counts.get(fault.kind.name, 0) + 1
            return delays, chosen, self.latency[call.panel]

    def answer(self, call, panel):
        """Answer ``call`` through the faults that match it; ``panel`` runs the protocol handler."""
        delays, chosen, latency = self._select(call)
        wait = latency / 1000.0 + sum(fault.delay for fault in delays)
        if wait:
            self.sleep(wait)
        if chosen is None:
            outcome = Outcome(*panel.handle(call))
        else:
            outcome = chosen.kind.act(chosen, call, panel)
        outcome.faults = [fault.kind.name for fault in delays + ([chosen] if chosen else [])]
        return outcome


# -- delays --------------------------------------------------------------------------------------

def _delay(name, unit, seconds_per_unit, maximum):
    KINDS[name] = Kind(name, None, PANELS, {unit: Param(_number(0, maximum), REQUIRED)},
                       delay=lambda params: params[unit] * seconds_per_unit)


# An extra wait before the handler runs.
_delay('latency', 'ms', 0.001, 600000)
# An answer slower than the client's timeout: the handler still runs once the wait is over, like a slow
# panel that finishes its work after the client gave up.
_delay('slow_answer', 'seconds', 1.0, 600)


# -- the connection ------------------------------------------------------------------------------

@kind('close_before_apply')
def _close_before_apply(fault, call, panel):
    return Outcome(None)


@kind('close_after_apply')
def _close_after_apply(fault, call, panel):
    dummy, info = panel.handle(call)
    return Outcome(None, info)


@kind('cut_after_apply', keep=Param(_integer(0, 2 ** 31)))
def _cut_after_apply(fault, call, panel):
    answer, info = panel.handle(call)
    return Outcome(answer, info, cut_at=_kept(fault, answer.body))


@kind('bad_gateway_after_apply')
def _bad_gateway_after_apply(fault, call, panel):
    dummy, info = panel.handle(call)
    return Outcome(_error_page(502), info)


def _kept(fault, body):
    """How many bytes of ``body`` a cut keeps: ``keep``, or half; always at least one byte short."""
    keep = fault.params['keep'] if fault.params['keep'] is not None else len(body) // 2
    return max(0, min(keep, len(body) - 1))


def _error_page(status):
    reason = HTTP_STATUS_CODES.get(status, 'Error')
    body = ('<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n'
            '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' % (status, reason, status, reason))
    headers = {'WWW-Authenticate': 'Basic realm="Restricted"'} if status == 401 else {}
    return PanelAnswer(status, body.encode('ascii'), HTML, headers)


# -- answers in the handler's place --------------------------------------------------------------

@kind('http_status', status=Param(_integer(400, 599), REQUIRED))
def _http_status(fault, call, panel):
    return Outcome(_error_page(fault.params['status']))


@kind('empty_body')
def _empty_body(fault, call, panel):
    return Outcome(PanelAnswer(200, b'', CONTENT_TYPES[call.panel]))


@kind('html_page')
def _html_page(fault, call, panel):
    return Outcome(PanelAnswer(200, MAINTENANCE_PAGE.encode('ascii'), HTML))


@kind('truncated_body', keep=Param(_integer(0, 2 ** 31)))
def _truncated_body(fault, call, panel):
    # The start of what the panel would have answered, from a run on a copy of the state.
    answer = panel.dry_run(call)
    return Outcome(answer.with_body(answer.body[:_kept(fault, answer.body)]))


@kind('unparsable', body=Param(_text))
def _unparsable(fault, call, panel):
    body = fault.params['body'] if fault.params['body'] is not None else PHP_FATAL[call.panel]
    return Outcome(PanelAnswer(200, body.encode('utf-8'), CONTENT_TYPES[call.panel]))


@kind('deep_nesting', depth=Param(_integer(1, 10 ** 6), 10000))
def _deep_nesting(fault, call, panel):
    depth = fault.params['depth']
    if call.panel == 'plesk':
        body = '%s<packet version="%s">%s%s</packet>' % (
            XML_DECLARATION, _plesk_version(call, panel.store), '<data>' * depth, '</data>' * depth)
    else:
        body = '{"detail": %s%s}' % ('[' * depth, ']' * depth)
    return Outcome(PanelAnswer(200, body.encode('ascii'), CONTENT_TYPES[call.panel]))


@kind('huge_body', bytes=Param(_integer(1, 2 ** 34), 50 * 1024 * 1024), announce_length=Param(_boolean, True))
def _huge_body(fault, call, panel):
    if call.panel == 'plesk':
        head = '%s<packet version="%s"><output>' % (XML_DECLARATION, _plesk_version(call, panel.store))
        tail = '</output></packet>\n'
    else:
        head, tail = '{"detail": "', '"}'
    head, tail = head.encode('ascii'), tail.encode('ascii')
    size = max(fault.params['bytes'], len(head) + len(tail))
    return Outcome(PanelAnswer(200, _padded(head, size - len(head) - len(tail), tail), CONTENT_TYPES[call.panel],
                               length=size if fault.params['announce_length'] else None))


def _padded(head, padding, tail):
    """``head``, ``padding`` bytes of filler and ``tail``, in chunks: never all of it in memory."""
    yield head
    chunk = b'x' * STREAM_CHUNK
    while padding > 0:
        yield chunk[:padding] if padding < STREAM_CHUNK else chunk
        padding -= STREAM_CHUNK
    yield tail


XML_DECLARATION = PLESK_XML_DECLARATION.decode('ascii')
LAUGHS = ''.join('  <!ENTITY lol%d "%s">\n' % (level, '&lol%d;' % (level - 1) * 10 if level else 'lol')
                 for level in range(10))


@kind('xml_entity_expansion', panels=('plesk',))
def _xml_entity_expansion(fault, call, panel):
    body = '%s<!DOCTYPE packet [\n%s]>\n%s' % (XML_DECLARATION, LAUGHS, _system_error_text(call, panel, '&lol9;'))
    return Outcome(PanelAnswer(200, body.encode('ascii'), CONTENT_TYPES['plesk']))


@kind('xml_external_entity', panels=('plesk',), url=Param(_text, 'file:///etc/passwd'))
def _xml_external_entity(fault, call, panel):
    body = '%s<!DOCTYPE packet [\n  <!ENTITY xxe SYSTEM "%s">\n]>\n%s' % (
        XML_DECLARATION, fault.params['url'].replace('"', '%22'), _system_error_text(call, panel, '&xxe;'))
    return Outcome(PanelAnswer(200, body.encode('utf-8'), CONTENT_TYPES['plesk']))


def _system_error_text(call, panel, errtext):
    """A ``<system>`` error whose text is an entity reference (kept as written, so lxml does not escape it)."""
    return ('<packet version="%s"><system><status>error</status><errcode>1023</errcode><errtext>%s</errtext>'
            '</system></packet>\n' % (_plesk_version(call, panel.store), errtext))


@kind('json_not_object', panels=('brainycp',), type=Param(_choice('array', 'string'), 'array'))
def _json_not_object(fault, call, panel):
    # What PHP's json_encode gives for an empty array, and what echo prints for an array.
    body = b'[]' if fault.params['type'] == 'array' else b'"Array"'
    return Outcome(PanelAnswer(200, body, CONTENT_TYPES['brainycp']))


# -- the handler's answer, reshaped --------------------------------------------------------------

def _reshaped(fault, call, panel, plesk_change, brainycp_change):
    """Run the handler, then change its answer's shape (not what it says about success): each ok result of
    the operations the fault names in a Plesk answer, or the JSON object of a BrainyCP answer."""
    def change_results(fault, document):
        for name, dummy, operation in _plesk_operations(document):
            if fault.operation is None or name == fault.operation:
                for result in operation.iterfind('result'):
                    if result.findtext('status') == 'ok':
                        plesk_change(fault, result)
    return _answer_changed(fault, call, panel, change_results, brainycp_change)


def _answer_changed(fault, call, panel, plesk_change, brainycp_change):
    """Run the handler, then ``plesk_change(fault, packet)`` or ``brainycp_change(fault, json_object)`` on
    its answer, which is passed on as it was where it is no packet or object (an error page, say)."""
    answer, info = panel.handle(call)
    if answer.status != 200:
        return Outcome(answer, info)
    if call.panel == 'plesk':
        document = _plesk_packet(answer.body)
        if document is None:
            return Outcome(answer, info)
        plesk_change(fault, document)
        body = serialize_plesk(document)
    else:
        try:
            document = json.loads(answer.body)
        except ValueError:
            return Outcome(answer, info)
        if not isinstance(document, dict):
            return Outcome(answer, info)
        brainycp_change(fault, document)
        body = _json(document)
    return Outcome(answer.with_body(body), info)


def _without_payload(fault, result):
    for child in list(result):
        if child.tag in PLESK_ECHOES:
            continue
        if fault.params['mode'] == 'absent':
            result.remove(child)
        else:
            for grandchild in list(child):
                child.remove(grandchild)
            child.text = None


def _without_detail(fault, document):
    document.pop('detail', None)


@kind('missing_payload', mode=Param(_choice('absent', 'empty'), 'absent', panels=('plesk',)))
def _missing_payload(fault, call, panel):
    return _reshaped(fault, call, panel, _without_payload, _without_detail)


def _ids_of_wrong_type(fault, result):
    value = 'not-a-number' if fault.params['value'] is None else str(fault.params['value'])
    for element in result.iter(*PLESK_IDS):
        if (element.text or '').strip().isdigit():
            element.text = value


def _field_of_wrong_type(fault, document):
    field, value = fault.params['field'], fault.params['value']
    if field in document:
        document[field] = BRAINYCP_WRONG_TYPES[field] if value is None else value


# What a field of the wrong type holds unless the fault says: a number for the list, a word for the code.
BRAINYCP_WRONG_TYPES = {'detail': 1, 'error': 'none'}


@kind('wrong_type', field=Param(_choice(*BRAINYCP_WRONG_TYPES), 'detail', panels=('brainycp',)),
      value=Param(_scalar))
def _wrong_type(fault, call, panel):
    return _reshaped(fault, call, panel, _ids_of_wrong_type, _field_of_wrong_type)


UNKNOWN_FIELD = 'unexpected'
UNKNOWN_TEXT = 'added by the hosting.panels emulator'


def _with_unknown_elements(fault, result):
    for container in [result] + [element for element in result.iterdescendants() if len(element)]:
        etree.SubElement(container, UNKNOWN_FIELD).text = UNKNOWN_TEXT


def _with_unknown_keys(fault, document):
    document[UNKNOWN_FIELD] = UNKNOWN_TEXT
    detail = document.get('detail')
    entries = detail.values() if isinstance(detail, dict) else detail if isinstance(detail, list) else ()
    for entry in entries:
        if isinstance(entry, dict):
            entry[UNKNOWN_FIELD] = UNKNOWN_TEXT


@kind('unknown_fields')
def _unknown_fields(fault, call, panel):
    return _reshaped(fault, call, panel, _with_unknown_elements, _with_unknown_keys)


# What PHP prints beside an answer when a notice or warning is shown, which Plesk passes on in <output>.
PHP_WARNING = 'PHP Warning:  a warning printed beside the answer (played by the hosting.panels emulator)'


def _with_output(fault, packet):
    etree.SubElement(packet, 'output').text = fault.params['text']


@kind('php_output', panels=('plesk',), text=Param(_text, PHP_WARNING))
def _php_output(fault, call, panel):
    """The handler's answer, with what PHP printed in an ``<output>`` after everything else in the packet,
    where the schema puts it (``garbageOutput``): a valid answer that a client reads past."""
    return _answer_changed(fault, call, panel, _with_output, None)


# -- Plesk errors --------------------------------------------------------------------------------

def _needs_text(fault, where):
    if fault.params['text'] is None:
        if fault.params['code'] not in PLESK_ERROR_TEXTS:
            raise FaultSpecError('%s.text: required for code %d (known texts: %s)' % (
                where, fault.params['code'], ', '.join(map(str, sorted(PLESK_ERROR_TEXTS)))))
        fault.params['text'] = PLESK_ERROR_TEXTS[fault.params['code']]


@kind('plesk_system_error', panels=('plesk',), validate=_needs_text,
      code=Param(_integer(1, 99999), REQUIRED), text=Param(_text))
def _plesk_system_error(fault, call, panel):
    answer = etree.Element('packet', version=_plesk_version(call, panel.store))
    answer.append(_error_result('system', fault.params['code'], fault.params['text']))
    return Outcome(plesk_answer(serialize_plesk(answer), panel.store))


@kind('plesk_operation_error', panels=('plesk',), validate=_needs_text,
      applies=lambda fault, call: bool(_failing_positions(fault, call.body)),
      code=Param(_integer(1, 99999), 1023), text=Param(_text), nth=Param(_integer(1, 10 ** 6)))
def _plesk_operation_error(fault, call, panel):
    failing = _failing_positions(fault, call.body)
    packet = _plesk_packet(call.body)
    for position, (dummy, operator, operation) in enumerate(list(_plesk_operations(packet))):
        if position in failing:
            operator.remove(operation)
    for operator in list(packet):
        if isinstance(operator.tag, str) and operator.tag != 'request-settings' and len(operator) == 0:
            packet.remove(operator)
    error = _error_result('result', fault.params['code'], fault.params['text'])
    if not any(True for dummy in _plesk_operations(packet)):
        # Every operation fails, so nothing may run; the checkups (login, version) still answer first.
        return Outcome(_spliced(panel.dry_run(call), call.body, failing, error))
    answer, info = panel.handle(call.with_body(serialize_plesk(packet)))
    return Outcome(_spliced(answer, call.body, failing, error), info)


def _failing_positions(fault, body):
    """Where, in document order, the operations are that a ``plesk_operation_error`` fails: those it names
    (every one when it names none), or only the n-th of them."""
    packet = _plesk_packet(body)
    if packet is None:
        return set()
    candidates = [position for position, (name, dummy, dummy) in enumerate(_plesk_operations(packet))
                  if fault.operation is None or name == fault.operation]
    nth = fault.params['nth']
    return set(candidates if nth is None else candidates[nth - 1:nth])


def _spliced(answer, original_body, failing, error):
    """The handler's answer to the packet without the failing operations, with ``error`` in the place of each
    failing operation, in the order of the original packet."""
    document = _plesk_packet(answer.body) if answer.status == 200 else None
    if document is None or document.find('system') is not None:
        return answer  # a checkup error (or an emulator failure) concerns the packet as a whole
    answered = iter([child for child in document if isinstance(child.tag, str)])
    result = etree.Element('packet', dict(document.attrib))
    position = 0
    for operator in _plesk_packet(original_body):
        if not isinstance(operator.tag, str) or operator.tag == 'request-settings':
            continue
        operations = [operation for operation in operator if isinstance(operation.tag, str)]
        positions = range(position, position + len(operations))
        position += len(operations)
        # The handler saw this operator only if some of its operations were left in the packet.
        answered_operations = iter(list(next(answered))) if set(positions) - failing else iter(())
        target = etree.SubElement(result, operator.tag)
        for index, operation in zip(positions, operations):
            if index in failing:
                etree.SubElement(target, operation.tag).append(copy.deepcopy(error))
            else:
                target.append(next(answered_operations))
    return answer.with_body(serialize_plesk(result))


def _error_result(tag, code, text):
    result = etree.Element(tag)
    etree.SubElement(result, 'status').text = 'error'
    etree.SubElement(result, 'errcode').text = str(code)
    etree.SubElement(result, 'errtext').text = text
    return result


def _plesk_version(call, store):
    """The version a crafted answer names: the request's, else the server's."""
    packet = _plesk_packet(call.body)
    if packet is not None and packet.get('version'):
        return packet.get('version')
    with store.lock:
        return store.data['plesk']['protocol_version']


# -- BrainyCP errors -----------------------------------------------------------------------------

@kind('brainycp_not_perm2', panels=('brainycp',))
def _brainycp_not_perm2(fault, call, panel):
    return Outcome(PanelAnswer(200, _json({'code': 1, 'message': 'Not perm2'}), CONTENT_TYPES['brainycp']))


def _documented(fault, where):
    """Without a text, the error must be documented for the operation; its text is then the documented one."""
    code = fault.params['code']
    if fault.params['text'] is not None:
        return
    if code == BRAINYCP_NOT_AVAILABLE:
        fault.params['text'] = NOT_AVAILABLE
        return
    documented = ', '.join('%s %d' % pair for pair in sorted(BRAINYCP_DOCUMENTED_ERRORS))
    if fault.operation is None:
        raise FaultSpecError('%s.operation: required for error %d, which only some operations document (%s)'
                             % (where, code, documented))
    if (fault.operation, code) not in BRAINYCP_DOCUMENTED_ERRORS:
        raise FaultSpecError('%s.code: %s does not document error %d (documented: %s, and 400 for every '
                             'operation); give text for an undocumented one' % (where, fault.operation, code,
                                                                                documented))
    fault.params['text'] = BRAINYCP_DOCUMENTED_ERRORS[(fault.operation, code)]


@kind('brainycp_error', panels=('brainycp',), validate=_documented,
      code=Param(_integer(1, 99999), REQUIRED), text=Param(_text))
def _brainycp_error(fault, call, panel):
    operation = call.operations[0] if call.operations else None
    with panel.store.lock:
        brainy = panel.store.data['brainycp']
        answers = dict(brainy['answers'])
        language = answer_language(brainy, dict(call.params))
    if answers['message_key'] == 'documented':
        answers['message_key'] = DOCUMENTED_MESSAGE_KEY.get(operation, 'mess')
    body = BrainycpEmulator._shape(answers, Answer(operation, fault.params['code'], fault.params['text']), language)
    return Outcome(PanelAnswer(200, _json(body), CONTENT_TYPES['brainycp']))


def _json(document):
    return json.dumps(document, ensure_ascii=False).encode('utf-8')
