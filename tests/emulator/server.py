# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP(S) serving of the emulated panels, their admin endpoints and the request log."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import threading
import time
from urllib.parse import urlencode

from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .brainycp import API_PATH, BrainycpEmulator, masked, request_style
from .faults import CONTENT_TYPES, ApiCall, Faults, PanelAnswer, plesk_answer
from .plesk import AGENT_PATH, PleskEmulator, RequestTooLarge
from .schema import SchemaViolation
from .state import SeedError, Store

ADMIN_PREFIX = '/__emulator__/'


def _nginx_error_page(status):
    return ('<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n'
            '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' % (status, status)).encode('ascii')


# What the nginx in front of Plesk (sw-cp-server) answers to a body over its client_max_body_size.
TOO_LARGE_PAGE = _nginx_error_page('413 Request Entity Too Large')
# What that nginx answers to a client that stalls inside its request for longer than its client_body_timeout.
TIMED_OUT_PAGE = _nginx_error_page('408 Request Time-out')
SECRET_IN_QUERY = re.compile(r'([?&](?:pass|password)=)[^&\s]*', re.IGNORECASE)
# A mailbox password in a Plesk packet: <password><value>...</value> or <password>...</password>.
PASSWORD_ELEMENT = re.compile(r'(<password>(?:\s*<value>)?)[^<]*(<)')
# Seconds a connection may wait for its client's next bytes (or for it to take ours) before the emulator drops
# it, as nginx in front of a panel drops a client that stalls.  Shorter than InFlight's wait, so that a client
# stalled inside its request delays a reset rather than making it fail.
SOCKET_TIMEOUT = 10.0
# The Server header of each panel's port; BrainyCP's is not known, so werkzeug's own stays.
SERVER_NAMES = {'plesk': 'sw-cp-server'}


class RawHeadersRequestHandler(WSGIRequestHandler):
    """Keeps every request header: Plesk's ``HTTP_AUTH_LOGIN`` and ``HTTP_AUTH_PASSWD`` contain
    underscores, and WSGI servers drop such headers from the environ."""

    def setup(self):
        super().setup()  # applies the timeout that serve() gives the handler to the connection
        # An answer goes out as several writes (status line and headers, then the body); without this, Nagle's
        # algorithm holds the body back until the client acknowledges the headers, some milliseconds per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        # The TLS handshake happens here, in the connection's own thread and under its timeout, rather than
        # when the connection is accepted, where a client that never finished it would stop the whole port.
        if isinstance(self.connection, ssl.SSLSocket):
            try:
                self.connection.do_handshake()
            except OSError:
                return  # a client that is not speaking TLS, or gave up or stalled in its handshake
        super().handle()

    def make_environ(self):
        environ = super().make_environ()
        environ['emulator.headers'] = {key.lower(): value for key, value in self.headers.items()}
        # Faults that close the connection without an answer need the socket; a body that timed out, its reader.
        environ['emulator.socket'] = self.connection
        environ['emulator.reader'] = self.rfile
        return environ

    def log_request(self, code='-', size='-'):
        if self.server.quiet:
            return
        # BrainyCP accepts credentials in the query string of a GET; the access log must not show them.
        self.path = SECRET_IN_QUERY.sub(r'\1********', self.path)
        self.requestline = SECRET_IN_QUERY.sub(r'\1********', self.requestline)
        super().log_request(code, size)


class RequestLog:
    """JSON lines, one per panel request; secrets (BrainyCP password fields, Plesk mailbox passwords) are masked
    before they are written; Plesk's credentials travel in headers, which are not logged."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        if path:
            open(path, 'a', encoding='utf-8').close()

    def write(self, **entry):
        if not self.path:
            return
        entry['time'] = round(time.time(), 3)
        with self.lock, open(self.path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + '\n')


class InFlight:
    """The panel requests being answered on the ports that share it.  An admin call that sets or reads the
    state (a reset, a new case, a state put, a state get) waits until none is: a request that a client gave up
    on (a timeout, a slow answer) still changes the state when its handler runs, so it must neither change the
    state set for what comes next nor change the state after a test has judged it."""

    def __init__(self, idle_wait=20.0):
        self.idle_wait = idle_wait
        self._count = 0
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def request(self):
        with self._changed:
            self._count += 1
        try:
            yield
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def wait_until_idle(self):
        """True once no request is in flight, False if one still is after ``idle_wait`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, self.idle_wait)


# The admin calls that set the state, or read it for a test to judge, once no panel request is in flight:
# what each does with the state.
SETTLED_STATE_CALLS = {('state', 'PUT'): 'set', ('reset', 'POST'): 'set', ('case', 'GET'): 'set',
                       ('state', 'GET'): 'read'}


class PanelApp:
    """The WSGI application of one panel's port: the panel's API, wrapped in the injected faults, plus the
    admin endpoints.  Both ports share the store, the faults and the requests in flight."""

    def __init__(self, panel, store, request_log, schemas=None, ca_pem=None, faults=None, in_flight=None):
        self.panel = panel
        self.store = store
        self.request_log = request_log
        self.schemas = schemas
        self.ca_pem = ca_pem
        self.faults = faults if faults is not None else Faults()
        self.in_flight = in_flight if in_flight is not None else InFlight()
        self.plesk = PleskEmulator(store, schemas) if panel == 'plesk' else None
        self.brainycp = BrainycpEmulator(store) if panel == 'brainycp' else None

    def __call__(self, environ, start_response):
        try:
            response = self._respond(Request(environ))
        except (ClientDisconnected, TimeoutError):
            # The client stalled (SOCKET_TIMEOUT) or left inside its request body: nothing saw the request.
            _forget_the_timeout(environ)
            response = Response(TIMED_OUT_PAGE, status=408, mimetype='text/html')
        return response(environ, start_response)

    def _respond(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        if request.path != (AGENT_PATH if self.panel == 'plesk' else API_PATH):
            return Response('Not Found', status=404, mimetype='text/plain')
        if self.panel == 'plesk' and request.method != 'POST':
            return Response('The XML API takes POST requests', status=405, mimetype='text/plain')
        with self.in_flight.request():
            call = self._call(request)
            response = self.faults.answer(call, self)
            self._log(call, response)
        return response

    # -- panels --------------------------------------------------------------------------------

    def _call(self, request):
        if self.panel == 'plesk':
            return ApiCall('plesk', request.method, request.path, body=request.get_data(),
                           headers=request.environ.get('emulator.headers', {}), remote_addr=request.remote_addr)
        pairs = list(request.args.items(multi=True)) + list(request.form.items(multi=True))
        return ApiCall('brainycp', request.method, request.path, params=pairs, mimetype=request.mimetype or None)

    def handle(self, call):
        """The panel's answer to ``call``, its state changed and counted: ``(PanelAnswer, info)``."""
        started = time.perf_counter()
        answer, info = self._protocol(call, self.plesk, self.brainycp)
        if info is not None:
            self._count(info)
        # How long the panel itself took, for make bench to tell the panel's time from the module's.
        self.store.count(self.panel, 'handling_seconds', amount=time.perf_counter() - started)
        return answer, info

    def dry_run(self, call):
        """What the panel would answer to ``call``, from a copy of the state: nothing changes or is counted."""
        scratch = Store(self.store.snapshot())
        answer, dummy = self._protocol(call, PleskEmulator(scratch, self.schemas), BrainycpEmulator(scratch))
        return answer

    def _protocol(self, call, plesk, brainycp):
        if self.panel == 'plesk':
            try:
                body, info = plesk.handle(call.body, call.headers, call.remote_addr)
            except SchemaViolation as exc:
                return PanelAnswer(500, str(exc).encode('utf-8'), 'text/plain; charset=utf-8'), None
            except RequestTooLarge:
                # Counted as a request that ran nothing.
                return PanelAnswer(413, TOO_LARGE_PAGE, 'text/html'), {'operations': [], 'writes': False}
            return plesk_answer(body, plesk.store), info
        status, headers, body, info = brainycp.handle(dict(call.params))
        return PanelAnswer(status, body, CONTENT_TYPES['brainycp'] if status == 200 else 'text/html', headers), info

    def _log(self, call, outcome):
        entry = {'panel': self.panel, 'method': call.method, 'path': call.path, 'status': outcome.status}
        if self.panel == 'plesk':
            entry.update(content_type=call.headers.get('content-type'), user_agent=call.headers.get('user-agent'),
                         request=PASSWORD_ELEMENT.sub(r'\1********\2', call.body.decode('utf-8', errors='replace')))
        else:
            entry.update(content_type=call.mimetype, style=request_style(dict(call.params)),
                         request=urlencode(masked(call.params)))
        entry.update(response=outcome.logged_response(),
                     operations=outcome.info['operations'] if outcome.info is not None else [])
        if outcome.faults:
            entry['faults'] = outcome.faults
        self.request_log.write(**entry)

    def _count(self, info):
        kind = 'packets' if self.panel == 'plesk' else 'calls'
        self.store.count(self.panel, 'requests')
        if info['operations']:
            self.store.count(self.panel, kind, info['operations'])
            self.store.count(self.panel, ('write_' if info['writes'] else 'read_') + kind)

    # -- admin ---------------------------------------------------------------------------------

    def _admin(self, request):
        endpoint = request.path[len(ADMIN_PREFIX):]
        use = SETTLED_STATE_CALLS.get((endpoint, request.method))
        if use and not self.in_flight.wait_until_idle():
            return _json_response({'error': 'a panel request was still being answered after %g seconds; the state '
                                   '%s now could yet be changed by it' % (self.in_flight.idle_wait, use)}, status=409)
        if endpoint == 'state' and request.method == 'GET':
            return _json_response(self.store.snapshot())
        if endpoint == 'state' and request.method == 'PUT':
            try:
                document = json.loads(request.get_data() or b'null')
                self.store.replace(document)
            except (ValueError, SeedError) as exc:
                return _json_response({'error': str(exc)}, status=400)
            return _json_response(self.store.snapshot())
        if endpoint == 'reset' and request.method == 'POST':
            try:
                options = json.loads(request.get_data() or b'{}')
                if not isinstance(options, dict) or set(options) - {'profile'}:
                    raise SeedError('reset: expected {} or {"profile": NAME}, got %s' % json.dumps(options))
                self.store.reset(options.get('profile'))
            except (ValueError, SeedError) as exc:
                return _json_response({'error': str(exc)}, status=400)
            self.faults.reset()
            return _json_response(self.store.snapshot())
        if endpoint == 'case' and request.method == 'GET':
            return self._case(request)
        if endpoint == 'stats' and request.method == 'GET':
            with self.store.lock:
                return _json_response(dict(self.store.stats, faults=self.faults.stats()))
        if endpoint in ('faults', 'latency'):
            status, document = self.faults.admin(endpoint, request.method, request.get_data())
            return _json_response(document, status=status)
        if endpoint == 'ca.pem' and request.method == 'GET' and self.ca_pem:
            return Response(self.ca_pem, mimetype='application/x-pem-file')
        return _json_response({'error': 'unknown admin endpoint %s %s' % (request.method, request.path)}, status=404)

    def _case(self, request):
        """Reset to the seed under ``profile`` and inject ``faults`` (JSON), in one GET.

        A GET, so that a playbook looping over many cases can prepare each with the url lookup, which
        runs in the controller instead of starting a module for every case.
        """
        try:
            faults = json.loads(request.args.get('faults') or '[]')
            self.store.reset(request.args.get('profile') or None)
        except (ValueError, SeedError) as exc:
            return _json_response({'error': str(exc)}, status=400)
        self.faults.reset()
        status, document = self.faults.admin('faults', 'PUT', json.dumps({'faults': faults}).encode('utf-8'))
        return _json_response(document, status=status)


def _forget_the_timeout(environ):
    """Let the request body be read again after a timeout: CPython's socket reader refuses every read after one,
    and werkzeug reads what is left of the body after the answer, which would log a traceback."""
    reader = getattr(environ.get('emulator.reader'), 'raw', None)
    if hasattr(reader, '_timeout_occurred'):
        reader._timeout_occurred = False  # pylint: disable=protected-access


def _json_response(document, status=200):
    return Response(json.dumps(document, indent=2), status=status, mimetype='application/json')


def serve(app, host, port, ssl_context=None, quiet=False, socket_timeout=SOCKET_TIMEOUT):
    """Bind ``app`` and serve it from a daemon thread; return the server (``server_port`` is bound)."""
    attributes = {'timeout': socket_timeout}
    if app.panel in SERVER_NAMES:
        attributes['version_string'] = lambda handler: SERVER_NAMES[app.panel]
    handler = type('RequestHandler', (RawHeadersRequestHandler,), attributes)
    server = make_server(host, port, app, threaded=True, request_handler=handler, ssl_context=ssl_context)
    if ssl_context is not None:
        server.socket.do_handshake_on_connect = False  # see RawHeadersRequestHandler.handle
    server.quiet = quiet
    thread = threading.Thread(target=server.serve_forever, name='emulator-%s' % app.panel, daemon=True)
    thread.start()
    return server
