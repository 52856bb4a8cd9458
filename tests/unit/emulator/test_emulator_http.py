# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator over real HTTP(S) on loopback: headers, admin endpoints, request log, TLS."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests

from ansible_collections.hosting.panels.tests.emulator.server import InFlight, PanelApp, RequestLog, _forget_the_timeout, serve
from ansible_collections.hosting.panels.tests.emulator.state import Store

SERVICES = b'<packet><server><get><services_state/></get></server></packet>'
STOP_WEB = b'<packet><server><srv_man><id>web</id><operation>stop</operation></srv_man></server></packet>'
AUTH = {'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': 'changeme', 'Content-Type': 'text/xml'}


@pytest.fixture
def running(tmp_path):
    """Both panels on free loopback ports, stopped after the test."""
    store = Store()
    log = RequestLog(str(tmp_path / 'requests.jsonl'))
    servers = {panel: serve(PanelApp(panel, store, log), '127.0.0.1', 0, quiet=True) for panel in ('plesk', 'brainycp')}
    urls = {panel: 'http://127.0.0.1:%d' % server.server_port for panel, server in servers.items()}
    try:
        yield urls, tmp_path / 'requests.jsonl'
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def post_plesk(url, body, headers=None, **kwargs):
    return requests.post(url + '/enterprise/control/agent.php', data=body, headers=headers or AUTH, timeout=10, **kwargs)


def test_headers_with_underscores_reach_the_emulator(running):
    urls, dummy = running
    answer = post_plesk(urls['plesk'], SERVICES)
    assert answer.status_code == 200 and answer.headers['Content-Type'].startswith('text/xml')
    assert b'<services_state>' in answer.content and b'<system>' not in answer.content


def test_admin_endpoints_read_replace_reset_and_count(running):
    urls, dummy = running
    base = urls['brainycp'] + '/__emulator__/'
    post_plesk(urls['plesk'], STOP_WEB)
    state = requests.get(base + 'state', timeout=10).json()
    assert next(s for s in state['plesk']['services'] if s['id'] == 'web')['state'] == 'stopped'
    stats = requests.get(base + 'stats', timeout=10).json()
    assert stats['plesk']['write_packets'] == 1 and stats['plesk']['operations'] == {'server.srv_man': 1}

    state['plesk']['services'] = [{'id': 'web', 'title': 'Web', 'state': 'none'}]
    assert requests.put(base + 'state', data=json.dumps(state), timeout=10).status_code == 200
    assert b'<state>none</state>' in post_plesk(urls['plesk'], SERVICES).content

    refused = requests.put(base + 'state', data=json.dumps({'plesk': {'services': [{'id': 'x', 'state': 'up'}]}}), timeout=10)
    assert refused.status_code == 400 and 'plesk.services[0].state' in refused.json()['error']

    reset = requests.post(base + 'reset', timeout=10).json()
    assert next(s for s in reset['plesk']['services'] if s['id'] == 'web')['state'] == 'running'
    assert requests.get(base + 'stats', timeout=10).json()['plesk']['packets'] == 0
    assert requests.get(base + 'nothing', timeout=10).status_code == 404


def test_the_request_log_has_one_line_per_request_and_no_brainycp_password(running):
    urls, log = running
    post_plesk(urls['plesk'], SERVICES)
    requests.post(urls['brainycp'] + '/api/api.php', timeout=10,
                  data={'mailserver': 'mailserver', 'count_msg': 'count_msg', 'username': 'root', 'password': 'changeme'})
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(entry['panel'], entry['status']) for entry in entries] == [('plesk', 200), ('brainycp', 200)]
    assert entries[0]['request'] == SERVICES.decode() and '<services_state>' in entries[0]['response']
    assert 'changeme' not in entries[1]['request'] and 'password=%2A%2A%2A%2A%2A%2A%2A%2A' in entries[1]['request']
    assert json.loads(entries[1]['response'])['error'] == 0


def test_the_access_log_masks_passwords_in_query_strings(tmp_path, caplog):
    server = serve(PanelApp('brainycp', Store(), RequestLog(None)), '127.0.0.1', 0, quiet=False)
    try:
        with caplog.at_level('INFO', logger='werkzeug'):
            answer = requests.get('http://127.0.0.1:%d/api/api.php?mailserver=1&count_msg=1&login=root&pass=changeme'
                                  '&Password=changeme' % server.server_port, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert answer.json()['error'] == 0
    logged = '\n'.join(record.getMessage() for record in caplog.records)
    assert 'GET /api/api.php?mailserver=1&count_msg=1&login=root&pass=********&Password=********' in logged
    assert 'changeme' not in logged


def test_wrong_paths_and_methods(running):
    urls, dummy = running
    assert requests.get(urls['plesk'] + '/enterprise/control/agent.php', timeout=10).status_code == 405
    assert requests.post(urls['plesk'] + '/other', timeout=10).status_code == 404
    assert requests.get(urls['brainycp'] + '/other', timeout=10).status_code == 404


def test_tls_with_the_generated_ca(tmp_path):
    from ansible_collections.hosting.panels.tests.emulator.tls import server_tls
    context, ca_pem = server_tls('127.0.0.1')
    ca_file = tmp_path / 'ca.pem'
    ca_file.write_bytes(ca_pem)
    server = serve(PanelApp('plesk', Store(), RequestLog(None), ca_pem=ca_pem), '127.0.0.1', 0, ssl_context=context, quiet=True)
    url = 'https://127.0.0.1:%d' % server.server_port
    try:
        assert b'<services_state>' in post_plesk(url, SERVICES, verify=str(ca_file)).content
        with pytest.raises(requests.exceptions.SSLError):
            post_plesk(url, SERVICES, verify=True)
        assert requests.get(url + '/__emulator__/ca.pem', verify=str(ca_file), timeout=10).content == ca_pem
    finally:
        server.shutdown()
        server.server_close()


def test_a_client_stalled_in_its_tls_handshake_does_not_stop_the_port(tmp_path):
    from ansible_collections.hosting.panels.tests.emulator.tls import server_tls
    context, ca_pem = server_tls('127.0.0.1')
    ca_file = tmp_path / 'ca.pem'
    ca_file.write_bytes(ca_pem)
    server = serve(PanelApp('plesk', Store(), RequestLog(None)), '127.0.0.1', 0, ssl_context=context, quiet=True)
    url = 'https://127.0.0.1:%d' % server.server_port
    try:
        with socket.create_connection(('127.0.0.1', server.server_port), timeout=10):
            # Connected, and never says a word: the handshake waits in this connection's own thread.
            time.sleep(0.2)
            assert b'<services_state>' in post_plesk(url, SERVICES, verify=str(ca_file)).content
        with socket.create_connection(('127.0.0.1', server.server_port), timeout=10) as plain:
            plain.sendall(b'POST /enterprise/control/agent.php HTTP/1.1\r\nHost: x\r\n\r\n')
            assert plain.recv(100) == b''  # not TLS: closed without an answer
        assert b'<services_state>' in post_plesk(url, SERVICES, verify=str(ca_file)).content
    finally:
        server.shutdown()
        server.server_close()


STALLED_REQUESTS = {
    'plesk': b'POST /enterprise/control/agent.php HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n'
             b'Content-Length: 100\r\n\r\n<packet>',
    'plesk, chunked': b'POST /enterprise/control/agent.php HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n'
                      b'Transfer-Encoding: chunked\r\n\r\n8\r\n<packet>\r\n',
    'plesk, admin': b'PUT /__emulator__/state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                    b'Content-Length: 100\r\n\r\n{"plesk": ',
    'brainycp': b'POST /api/api.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n'
                b'Content-Length: 100\r\n\r\nusername=root&',
}


def assert_no_traceback(caplog, capfd):
    """Neither werkzeug's log nor socketserver's report on standard error shows a traceback."""
    logged = '\n'.join(record.getMessage() for record in caplog.records)
    printed = capfd.readouterr().err
    for text in (logged, printed):
        assert 'Traceback' not in text and 'Error on request' not in text and 'Exception occurred' not in text, text


@pytest.mark.parametrize('case', sorted(STALLED_REQUESTS))
def test_a_client_stalled_inside_its_request_body_gets_408_and_holds_up_no_reset(case, tmp_path, caplog, capfd):
    # A stalled panel request counts as in flight until it is dropped; an admin request never does, and gets the
    # 408 all the same.
    panel = case.split(',')[0]
    log = tmp_path / 'requests.jsonl'
    app = PanelApp(panel, Store(), RequestLog(str(log)), in_flight=InFlight(idle_wait=5))
    server = serve(app, '127.0.0.1', 0, quiet=True, socket_timeout=0.5)
    url = 'http://127.0.0.1:%d' % server.server_port
    try:
        with socket.create_connection(('127.0.0.1', server.server_port), timeout=10) as stalled:
            stalled.sendall(STALLED_REQUESTS[case])
            time.sleep(0.2)
            started = time.monotonic()
            reset = requests.post(url + '/__emulator__/reset', timeout=10)
            assert reset.status_code == 200, reset.text
            assert time.monotonic() - started < 4
            assert stalled.recv(100).startswith(b'HTTP/1.1 408 ')  # as nginx answers it
        # Closed at once, as a client does after such an answer, while the emulator still reads what is left.
        time.sleep(0.3)
        assert not log.exists() or log.read_text(encoding='utf-8') == ''  # the panel never saw the request
    finally:
        server.shutdown()
        server.server_close()
    assert_no_traceback(caplog, capfd)


def test_a_body_can_be_read_again_after_its_timeout_is_forgotten():
    # What lets werkzeug read the rest of a timed-out body after the 408 without a traceback, whatever the timing.
    ours, theirs = socket.socketpair()
    with ours, theirs, ours.makefile('rb') as reader:
        ours.settimeout(0.1)
        with pytest.raises(TimeoutError):
            reader.read1(10)
        with pytest.raises(OSError, match='timed out object'):
            reader.read1(10)
        _forget_the_timeout({'emulator.reader': reader})
        theirs.sendall(b'rest')
        assert reader.read1(10) == b'rest'


def test_a_client_stalled_before_its_body_is_dropped(caplog, capfd):
    server = serve(PanelApp('plesk', Store(), RequestLog(None)), '127.0.0.1', 0, quiet=True, socket_timeout=0.5)
    try:
        with socket.create_connection(('127.0.0.1', server.server_port), timeout=10) as stalled:
            stalled.sendall(b'POST /enterprise/control/agent.php HTTP/1.1\r\nHost: x\r\n')
            assert stalled.recv(100) == b''  # after half a second, without an answer
        assert b'<services_state>' in post_plesk('http://127.0.0.1:%d' % server.server_port, SERVICES).content
    finally:
        server.shutdown()
        server.server_close()
    assert_no_traceback(caplog, capfd)


def test_a_packet_over_max_request_size_gets_the_web_servers_413_and_runs_nothing(running):
    urls, log = running
    base = urls['plesk'] + '/__emulator__/'
    requests.put(base + 'state', data=json.dumps({'plesk': {'max_request_size': len(STOP_WEB) - 1}}), timeout=10)
    refused = post_plesk(urls['plesk'], STOP_WEB)
    assert refused.status_code == 413 and b'413 Request Entity Too Large' in refused.content
    state = requests.get(base + 'state', timeout=10).json()
    assert next(s for s in state['plesk']['services'] if s['id'] == 'web')['state'] == 'running'
    stats = requests.get(base + 'stats', timeout=10).json()['plesk']
    assert (stats['requests'], stats['packets']) == (1, 0)
    assert json.loads(log.read_text(encoding='utf-8').splitlines()[-1])['status'] == 413
