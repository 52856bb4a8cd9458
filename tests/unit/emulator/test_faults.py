# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Injected faults and latency: for every fault kind, what the client sees and whether the panel handled
the request (its state changed or not).  Both panels run on loopback; the waits of delays are recorded
instead of slept, except where a test measures that a wait happens."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time

import pytest
import requests
from lxml import etree
from werkzeug.test import Client

from ansible_collections.hosting.panels.tests.emulator import cli, control
from ansible_collections.hosting.panels.tests.emulator.brainycp import BrainycpEmulator
from ansible_collections.hosting.panels.tests.emulator.faults import BRAINYCP_DOCUMENTED_ERRORS, KINDS, Faults
from ansible_collections.hosting.panels.tests.emulator.server import InFlight, PanelApp, RequestLog, serve
from ansible_collections.hosting.panels.tests.emulator.state import DEFAULT_SEED, Store

AGENT = '/enterprise/control/agent.php'
API = '/api/api.php'
AUTH = {'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': 'changeme', 'Content-Type': 'text/xml'}
# Root's credentials, asking for English texts as the modules do (the panel's default is Russian).
ROOT = {'username': 'root', 'password': 'changeme', 'language': 'en'}
SERVICES = '<packet><server><get><services_state/></get></server></packet>'
STOP_WEB = '<packet><server><srv_man><id>web</id><operation>stop</operation></srv_man></server></packet>'
DISABLE_NET = '<packet><mail><disable><site-id>2</site-id></disable></mail></packet>'
QUEUE = [message['id'] for message in DEFAULT_SEED['brainycp']['mailserver']['queue']]
FROZEN = [message['id'] for message in DEFAULT_SEED['brainycp']['mailserver']['queue'] if message['frozen']]
NOT_AVAILABLE = 'Unfortunately, the module is not available to you.'


class Sleeper:
    """Stands in for ``time.sleep``: records each wait and, while ``gate`` is set, holds it there."""

    def __init__(self):
        self.waits = []
        self.gate = None

    def __call__(self, seconds):
        self.waits.append(round(seconds, 6))
        if self.gate is not None:
            assert self.gate.wait(10), 'the test never opened the gate'


class Emulator:
    """Both panels on loopback ports, sharing a store, the faults and a request log."""

    def __init__(self, log_path, sleep=None, ssl_context=None, ca_file=None):
        self.store = Store()
        self.verify = ca_file or True
        self.sleeper = sleep if sleep is not None else Sleeper()
        self.faults = Faults(sleep=self.sleeper)
        self.log_path = log_path
        in_flight = InFlight()
        self.servers = {panel: serve(PanelApp(panel, self.store, RequestLog(str(log_path)), faults=self.faults,
                                              in_flight=in_flight),
                                     '127.0.0.1', 0, ssl_context=ssl_context, quiet=True)
                        for panel in ('plesk', 'brainycp')}
        scheme = 'https' if ssl_context else 'http'
        self.port = {panel: server.server_port for panel, server in self.servers.items()}
        self.url = {panel: '%s://127.0.0.1:%d' % (scheme, port) for panel, port in self.port.items()}

    def stop(self):
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def set_faults(self, *specs):
        answer = requests.put(self.url['brainycp'] + '/__emulator__/faults', json={'faults': list(specs)}, timeout=10,
                              verify=self.verify)
        assert answer.status_code == 200, answer.text
        return answer.json()['faults']

    def admin(self, method, endpoint, **kwargs):
        return requests.request(method, self.url['plesk'] + '/__emulator__/' + endpoint, timeout=10, **kwargs)

    def plesk(self, body, headers=None, **kwargs):
        kwargs.setdefault('timeout', 10)
        return requests.post(self.url['plesk'] + AGENT, data=body, headers=headers or AUTH, verify=self.verify, **kwargs)

    def brainycp(self, operation, credentials=None, timeout=10, stream=False, **params):
        return requests.post(self.url['brainycp'] + API, timeout=timeout, stream=stream, verify=self.verify,
                             data=dict(credentials or ROOT, mailserver='mailserver', **{operation: operation}, **params))

    def raw(self, panel, body, headers):
        """``(response, connection)`` over http.client, which shows a broken-off body as it is."""
        connection = http.client.HTTPConnection('127.0.0.1', self.port[panel], timeout=10)
        connection.request('POST', AGENT if panel == 'plesk' else API, body=body, headers=headers)
        return connection

    def log(self):
        return [json.loads(line) for line in self.log_path.read_text().splitlines()]

    # -- the state -----------------------------------------------------------------------------

    def service(self, service_id):
        return next(item['state'] for item in self.store.snapshot()['plesk']['services'] if item['id'] == service_id)

    def mail_service(self, site_id):
        return next(site['mail_service'] for site in self.store.snapshot()['plesk']['sites'] if site['id'] == site_id)

    def protocol_version(self):
        """The version the server names in answers to packets that pin none."""
        return self.store.snapshot()['plesk']['protocol_version']

    def queue(self):
        return [message['id'] for message in self.store.snapshot()['brainycp']['mailserver']['queue']]

    def stats(self):
        return self.admin('GET', 'stats').json()


@pytest.fixture(scope='module')
def shared(tmp_path_factory):
    emulator = Emulator(tmp_path_factory.mktemp('faults') / 'requests.jsonl')
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def emulator(shared):
    """The shared emulator, reset: default state, no faults, no latency, no waits, an empty request log."""
    assert shared.admin('POST', 'reset').status_code == 200
    shared.sleeper.waits.clear()
    shared.sleeper.gate = None
    shared.log_path.write_text('')
    return shared


def hold_a_write_its_client_gave_up_on(emulator, panel):
    """A write (``written``) whose client timed out, held in flight before its handler runs until the test
    opens ``emulator.sleeper.gate``, as a slow answer does."""
    emulator.set_faults({'panel': panel, 'kind': 'slow_answer', 'seconds': 30})
    emulator.sleeper.gate = threading.Event()
    with pytest.raises(requests.exceptions.ReadTimeout):
        written(emulator, panel, timeout=0.3)
    deadline = time.monotonic() + 10
    while not emulator.sleeper.waits and time.monotonic() < deadline:
        time.sleep(0.01)
    assert emulator.sleeper.waits, 'the request never reached the gate'


def admin_call_while_held(emulator, panel, method, endpoint, **options):
    """Make the admin call while the held write is in flight, then let the write go: whether the call was still
    waiting half a second later, whether the write had been applied by then, and the call's answer."""
    answers = []
    calling = threading.Thread(target=lambda: answers.append(emulator.admin(method, endpoint, **options)))
    calling.start()
    calling.join(0.5)
    waited, applied_meanwhile = calling.is_alive(), applied(emulator, panel)
    emulator.sleeper.gate.set()
    calling.join(10)
    return waited, applied_meanwhile, answers[0]


def written(emulator, panel, **kwargs):
    """A request that asks for a change: Plesk stops the web service, BrainyCP deletes the frozen messages."""
    if panel == 'plesk':
        return emulator.plesk(STOP_WEB, **kwargs)
    return emulator.brainycp('delete_frozen_msg', **kwargs)


def applied(emulator, panel):
    """Whether the change of ``written`` happened."""
    if panel == 'plesk':
        return emulator.service('web') == 'stopped'
    return emulator.queue() == [message for message in QUEUE if message not in FROZEN]


def raw_write(emulator, panel):
    if panel == 'plesk':
        return emulator.raw('plesk', STOP_WEB, dict(AUTH))
    body = 'username=root&password=changeme&mailserver=mailserver&delete_frozen_msg=delete_frozen_msg'
    return emulator.raw('brainycp', body, {'Content-Type': 'application/x-www-form-urlencoded'})


PANELS = ['plesk', 'brainycp']
# How each panel may frame an answer's body (the Plesk behaviour answer_framing).
FRAMINGS = [('plesk', 'chunked'), ('plesk', 'length'), ('brainycp', 'length')]


def frame(emulator, panel, framing):
    if panel == 'plesk':
        assert emulator.admin('PUT', 'state', json={'plesk': {'answer_framing': framing}}).status_code == 200


# -- the admin API ---------------------------------------------------------------------------------

def test_faults_are_listed_with_defaults_remaining_counts_and_hits_and_stop_after_times(emulator):
    listed = emulator.set_faults({'panel': 'plesk', 'kind': 'http_status', 'status': 503, 'times': 2})
    assert listed == [{'panel': 'plesk', 'kind': 'http_status', 'times': 2, 'status': 503, 'remaining': 2, 'hits': 0}]
    assert [emulator.plesk(SERVICES).status_code for dummy in range(3)] == [503, 503, 200]
    assert emulator.admin('GET', 'faults').json() == {
        'faults': [dict(listed[0], remaining=0, hits=2)], 'latency': {'plesk': 0, 'brainycp': 0}}
    stats = emulator.stats()
    assert stats['faults'] == {'plesk': {'http_status': 2}, 'brainycp': {}}
    # The panel counts what it handled: the two refused requests never reached it.
    assert stats['plesk']['requests'] == 1


def test_delete_clears_the_faults_and_reset_also_clears_their_counts(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'empty_body'})
    assert emulator.brainycp('list_msg').content == b''
    assert emulator.admin('DELETE', 'faults').json()['faults'] == []
    assert emulator.brainycp('list_msg').json()['error'] == 0
    assert emulator.stats()['faults'] == {'plesk': {}, 'brainycp': {'empty_body': 1}}
    emulator.set_faults({'panel': 'brainycp', 'kind': 'empty_body'})
    emulator.admin('POST', 'reset')
    assert emulator.admin('GET', 'faults').json()['faults'] == []
    assert emulator.stats()['faults'] == {'plesk': {}, 'brainycp': {}}
    assert emulator.brainycp('list_msg').json()['error'] == 0


@pytest.mark.parametrize('body, words', [
    ([], 'faults: expected {"faults": [...]}'),
    ({'faults': [{'panel': 'plesk'}]}, 'faults[0].kind: expected one of bad_gateway_after_apply'),
    ({'faults': [{'panel': 'cpanel', 'kind': 'empty_body'}]}, 'faults[0].panel: expected one of "plesk", "brainycp"'),
    ({'faults': [{'panel': 'plesk', 'kind': 'empty_body'}, {'panel': 'brainycp', 'kind': 'xml_external_entity'}]},
     'faults[1].kind: xml_external_entity is a fault of plesk only'),
    ({'faults': [{'panel': 'plesk', 'kind': 'http_status'}]}, 'faults[0].status: required by a http_status fault'),
    ({'faults': [{'panel': 'plesk', 'kind': 'http_status', 'status': 200}]},
     'faults[0].status: expected an integer from 400 to 599, got 200'),
    ({'faults': [{'panel': 'plesk', 'kind': 'empty_body', 'times': 0}]}, 'faults[0].times: expected an integer'),
    ({'faults': [{'panel': 'plesk', 'kind': 'empty_body', 'operation': 'mail.explode'}]},
     'faults[0].operation: expected one of "mail.'),
    ({'faults': [{'panel': 'brainycp', 'kind': 'empty_body', 'operation': 'count_messages'}]},
     'faults[0].operation: expected one of "list_msg"'),
    ({'faults': [{'panel': 'plesk', 'kind': 'empty_body', 'writes_only': 'yes'}]},
     'faults[0].writes_only: expected true or false'),
    ({'faults': [{'panel': 'plesk', 'kind': 'latency', 'ms': 5, 'seconds': 1}]},
     'faults[0]: unknown keys seconds (a latency fault of plesk takes panel, kind, times, operation, writes_only, ms)'),
    ({'faults': [{'panel': 'brainycp', 'kind': 'missing_payload', 'mode': 'empty'}]}, 'faults[0]: unknown keys mode'),
    ({'faults': [{'panel': 'plesk', 'kind': 'plesk_system_error', 'code': 1234}]},
     'faults[0].text: required for code 1234'),
    ({'faults': [{'panel': 'brainycp', 'kind': 'brainycp_error', 'code': 101}]},
     'faults[0].operation: required for error 101'),
    ({'faults': [{'panel': 'brainycp', 'kind': 'brainycp_error', 'code': 101, 'operation': 'list_msg'}]},
     'faults[0].code: list_msg does not document error 101'),
])
def test_a_bad_spec_is_refused_naming_the_field_and_the_faults_stay(emulator, body, words):
    emulator.set_faults({'panel': 'plesk', 'kind': 'empty_body'})
    refused = emulator.admin('PUT', 'faults', json=body)
    assert refused.status_code == 400 and words in refused.json()['error'], refused.json()
    assert [fault['kind'] for fault in emulator.admin('GET', 'faults').json()['faults']] == ['empty_body']


def test_only_put_get_and_delete(emulator):
    assert emulator.admin('POST', 'faults', json={'faults': []}).status_code == 405
    assert emulator.admin('DELETE', 'latency').status_code == 405


# -- matching --------------------------------------------------------------------------------------

def test_a_fault_for_an_operation_leaves_packets_without_it_alone(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'http_status', 'status': 500, 'operation': 'server.srv_man'})
    assert emulator.plesk(SERVICES).status_code == 200
    mixed = '<packet><server><get><services_state/></get><srv_man><id>web</id><operation>stop</operation></srv_man>' \
            '</server></packet>'
    assert emulator.plesk(mixed).status_code == 500
    assert emulator.service('web') == 'running'


@pytest.mark.parametrize('panel, request_kwargs, hit', [
    ('plesk', {'body': SERVICES}, False),
    ('plesk', {'body': '<packet><mail><get_prefs><filter/></get_prefs><enable><site-id>1</site-id></enable></mail>'
                       '</packet>'}, True),
    ('plesk', {'body': '<packet><webmail><unregister><filter><name>Nope</name></filter></unregister></webmail>'
                       '</packet>'}, True),
    ('brainycp', {'operation': 'list_msg'}, False),
    ('brainycp', {'operation': 'count_msg'}, False),
    ('brainycp', {'operation': 'clamav', 'command': 'status'}, False),
    ('brainycp', {'operation': 'spamassassin', 'command': 'on'}, True),
    ('brainycp', {'operation': 'clamav', 'command': 'off'}, True),
    ('brainycp', {'operation': 'controll_msg', 'id': QUEUE[0], 'command': 'reship'}, True),
    ('brainycp', {'operation': 'delete_all_msg'}, True),
])
def test_writes_only_matches_requests_that_ask_for_a_change(emulator, panel, request_kwargs, hit):
    emulator.set_faults({'panel': panel, 'kind': 'http_status', 'status': 503, 'writes_only': True})
    before = emulator.store.snapshot()
    if panel == 'plesk':
        answer = emulator.plesk(request_kwargs['body'])
    else:
        answer = emulator.brainycp(**request_kwargs)
    assert answer.status_code == (503 if hit else 200)
    if hit:
        assert emulator.store.snapshot() == before


def test_brainycp_operations_may_be_named_as_the_stats_name_them_and_faults_keep_to_their_panel(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'brainycp_not_perm2', 'operation': 'mailserver.count_msg'})
    assert emulator.admin('GET', 'faults').json()['faults'][0]['operation'] == 'count_msg'
    assert emulator.brainycp('count_msg').json() == {'code': 1, 'message': 'Not perm2'}
    assert emulator.brainycp('list_msg').json()['error'] == 0
    assert emulator.plesk(SERVICES).status_code == 200


def test_the_first_matching_fault_acts_and_every_matching_delay_adds_its_wait(emulator):
    listed = emulator.set_faults(
        {'panel': 'plesk', 'kind': 'latency', 'ms': 30},
        {'panel': 'plesk', 'kind': 'http_status', 'status': 502, 'times': 1},
        {'panel': 'plesk', 'kind': 'http_status', 'status': 504},
        {'panel': 'plesk', 'kind': 'slow_answer', 'seconds': 2},
    )
    assert len(listed) == 4
    assert [emulator.plesk(SERVICES).status_code for dummy in range(2)] == [502, 504]
    assert emulator.sleeper.waits == [2.03, 2.03]
    assert [fault['hits'] for fault in emulator.admin('GET', 'faults').json()['faults']] == [2, 1, 1, 2]
    assert [entry['faults'] for entry in emulator.log()] == [['latency', 'slow_answer', 'http_status']] * 2


# -- latency ---------------------------------------------------------------------------------------

def test_latency_per_panel_through_the_admin_api_and_back_to_the_command_line_value_on_reset(emulator):
    assert emulator.admin('PUT', 'latency', json={'plesk': 20}).json() == {'plesk': 20, 'brainycp': 0}
    emulator.plesk(SERVICES)
    emulator.brainycp('count_msg')
    assert emulator.sleeper.waits == [0.02]
    assert emulator.admin('PUT', 'latency', json={'brainycp': 7.5}).json() == {'plesk': 20, 'brainycp': 7.5}
    emulator.brainycp('count_msg')
    assert emulator.sleeper.waits == [0.02, 0.0075]
    emulator.admin('POST', 'reset')
    assert emulator.admin('GET', 'latency').json() == {'plesk': 0, 'brainycp': 0}
    # Admin requests never wait.
    assert emulator.sleeper.waits == [0.02, 0.0075]


@pytest.mark.parametrize('body, words', [
    ({'plesk': -1}, 'latency.plesk: expected a number from 0 to 600000'),
    ({'cpanel': 5}, 'latency: expected a mapping of plesk and/or brainycp'),
    ({}, 'latency: expected a mapping'),
    ({'plesk': '20'}, 'latency.plesk: expected a number'),
])
def test_a_bad_latency_is_refused(emulator, body, words):
    refused = emulator.admin('PUT', 'latency', json=body)
    assert refused.status_code == 400 and words in refused.json()['error']


def test_latency_really_waits_and_reset_keeps_the_command_line_latency():
    faults = Faults(latency={'plesk': 60, 'brainycp': 0})
    client = Client(PanelApp('plesk', Store(), RequestLog(None), faults=faults))
    started = time.monotonic()
    assert client.post(AGENT, data=SERVICES, headers=AUTH).status_code == 200
    assert time.monotonic() - started >= 0.06
    faults.set_latency({'plesk': 0})
    assert client.put('/__emulator__/latency', json={'brainycp': 5}).json == {'plesk': 0, 'brainycp': 5}
    assert client.post('/__emulator__/reset').status_code == 200
    assert client.get('/__emulator__/latency').json == {'plesk': 60, 'brainycp': 0}


def test_concurrent_requests_wait_at_the_same_time_without_holding_the_state_lock(tmp_path):
    # Both requests must be inside their wait at once to pass the barrier; a wait under the state
    # lock (or any other shared lock) would keep the second one out and break the barrier.
    barrier = threading.Barrier(2, timeout=5)
    emulator = Emulator(tmp_path / 'requests.jsonl', sleep=lambda seconds: barrier.wait())
    try:
        emulator.admin('PUT', 'latency', json={'plesk': 50, 'brainycp': 50})
        answers = {}

        def call(panel):
            answers[panel] = emulator.plesk(STOP_WEB) if panel == 'plesk' else emulator.brainycp('delete_all_msg')

        threads = [threading.Thread(target=call, args=(panel,)) for panel in PANELS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not barrier.broken
        assert answers['plesk'].status_code == 200 and answers['brainycp'].json()['error'] == 0
        assert emulator.service('web') == 'stopped' and emulator.queue() == []
    finally:
        emulator.stop()


def test_the_command_line_latency():
    assert cli.parse_args(['--latency', '25']).latency == 25
    assert cli.parse_args([]).latency == 0
    with pytest.raises(SystemExit):
        cli.parse_args(['--latency', '-1'])


def test_an_emulator_started_with_latency_comes_back_to_it_on_reset(tmp_path, monkeypatch):
    monkeypatch.setenv('PLESK_XSD_DIR', str(tmp_path / 'missing'))
    pid, ready = control.start(str(tmp_path / 'work'), '--latency', '30', lifetime=60)
    try:
        url, ca = ready['brainycp']['url'] + '/__emulator__/', ready['ca_file']
        assert requests.get(url + 'latency', verify=ca, timeout=10).json() == {'plesk': 30, 'brainycp': 30}
        requests.put(url + 'latency', json={'plesk': 0}, verify=ca, timeout=10)
        requests.post(url + 'reset', verify=ca, timeout=10)
        assert requests.get(url + 'latency', verify=ca, timeout=10).json() == {'plesk': 30, 'brainycp': 30}
    finally:
        control.stop(pid)


# -- delays ----------------------------------------------------------------------------------------

def test_latency_fault_on_the_next_write_only(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'latency', 'ms': 250, 'writes_only': True, 'times': 1})
    emulator.brainycp('list_msg')
    emulator.brainycp('delete_frozen_msg')
    emulator.brainycp('delete_all_msg')
    assert emulator.sleeper.waits == [0.25] and emulator.queue() == []


@pytest.mark.parametrize('panel', PANELS)
def test_a_slow_answer_still_applies_the_change_after_the_client_gave_up(emulator, panel):
    hold_a_write_its_client_gave_up_on(emulator, panel)
    assert not applied(emulator, panel)
    emulator.sleeper.gate.set()
    deadline = time.monotonic() + 10
    while not applied(emulator, panel) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert applied(emulator, panel)
    assert emulator.sleeper.waits == [30]


@pytest.mark.parametrize('panel', PANELS)
@pytest.mark.parametrize('method, endpoint, options', [
    ('GET', 'case', {'params': {'faults': '[]'}}), ('POST', 'reset', {}), ('PUT', 'state', {'json': DEFAULT_SEED})])
def test_the_state_is_set_anew_only_after_a_request_a_client_gave_up_on(emulator, panel, method, endpoint, options):
    # Otherwise a fault matrix case's module that timed out would change the state of the next case.
    hold_a_write_its_client_gave_up_on(emulator, panel)
    waited, applied_meanwhile, answer = admin_call_while_held(emulator, panel, method, endpoint, **options)
    assert waited and not applied_meanwhile
    assert answer.status_code == 200, answer.text
    assert not applied(emulator, panel)


@pytest.mark.parametrize('panel', PANELS)
def test_the_state_is_read_only_after_a_request_a_client_gave_up_on(emulator, panel):
    # Otherwise a fault matrix case would judge the state before its module's late write, and the write would
    # land in the next case.
    hold_a_write_its_client_gave_up_on(emulator, panel)
    waited, applied_meanwhile, answer = admin_call_while_held(emulator, panel, 'GET', 'state')
    assert waited and not applied_meanwhile
    assert answer.status_code == 200, answer.text
    assert answer.json() == emulator.store.snapshot() and applied(emulator, panel)


@pytest.mark.parametrize('method, path, use', [('GET', '/__emulator__/case', 'set'), ('GET', '/__emulator__/state', 'read')])
def test_the_state_is_not_set_or_read_while_a_request_is_still_answered_after_the_wait(method, path, use):
    app = PanelApp('plesk', Store(), RequestLog(None), in_flight=InFlight(idle_wait=0.1))
    with app.in_flight.request():
        answer = Client(app).open(path, method=method)
        # What does not touch the state answers at once.
        assert Client(app).get('/__emulator__/stats').status_code == 200
    assert answer.status_code == 409
    assert answer.get_json() == {'error': 'a panel request was still being answered after 0.1 seconds; the state '
                                          '%s now could yet be changed by it' % use}
    assert Client(app).open(path, method=method).status_code == 200


# -- the connection --------------------------------------------------------------------------------

@pytest.mark.parametrize('panel', PANELS)
@pytest.mark.parametrize('kind, handled', [('close_before_apply', False), ('close_after_apply', True)])
def test_the_connection_closes_without_an_answer(emulator, panel, kind, handled):
    emulator.set_faults({'panel': panel, 'kind': kind})
    connection = raw_write(emulator, panel)
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()
    assert applied(emulator, panel) is handled
    assert emulator.stats()[panel]['requests'] == (1 if handled else 0)
    entry = emulator.log()[-1]
    assert (entry['status'], entry['response'], entry['faults']) == (None, None, [kind])
    assert bool(entry['operations']) is handled


@pytest.mark.parametrize('panel, framing', FRAMINGS)
@pytest.mark.parametrize('keep', [None, 0, 10])
def test_cut_after_apply_sends_part_of_the_body_and_closes(emulator, panel, framing, keep):
    frame(emulator, panel, framing)
    spec = {'panel': panel, 'kind': 'cut_after_apply', 'times': 1}
    if keep is not None:
        spec['keep'] = keep
    emulator.set_faults(spec)
    connection = raw_write(emulator, panel)
    response = connection.getresponse()
    announced = response.getheader('Content-Length')
    assert (announced is None) == (response.getheader('Transfer-Encoding') == 'chunked') == (framing == 'chunked')
    with pytest.raises(http.client.IncompleteRead) as broken:
        response.read()
    connection.close()
    sent = broken.value.partial
    assert applied(emulator, panel)
    entry = emulator.log()[-1]
    assert entry['response'] == sent.decode() and entry['faults'] == ['cut_after_apply']
    if announced is not None:
        whole = int(announced)
    else:
        # The same packet again, answered whole: its change is made already, and Plesk answers it alike.
        again = written(emulator, panel).content
        assert again.startswith(sent)
        whole = len(again)
    assert len(sent) == (whole // 2 if keep is None else keep)


@pytest.mark.parametrize('panel', PANELS)
def test_bad_gateway_after_apply(emulator, panel):
    emulator.set_faults({'panel': panel, 'kind': 'bad_gateway_after_apply'})
    answer = written(emulator, panel)
    assert answer.status_code == 502 and answer.headers['Content-Type'].startswith('text/html')
    assert b'<h1>502 Bad Gateway</h1>' in answer.content
    assert applied(emulator, panel)


def test_the_connection_faults_over_tls(tmp_path):
    from ansible_collections.hosting.panels.tests.emulator.tls import server_tls
    context, ca_pem = server_tls('127.0.0.1')
    (tmp_path / 'ca.pem').write_bytes(ca_pem)
    emulator = Emulator(tmp_path / 'requests.jsonl', ssl_context=context, ca_file=str(tmp_path / 'ca.pem'))
    try:
        emulator.set_faults({'panel': 'plesk', 'kind': 'close_before_apply', 'times': 1},
                            {'panel': 'plesk', 'kind': 'cut_after_apply', 'times': 1})
        with pytest.raises(requests.exceptions.ConnectionError):
            emulator.plesk(STOP_WEB)
        assert emulator.service('web') == 'running'
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            emulator.plesk(STOP_WEB)
        assert emulator.service('web') == 'stopped'
    finally:
        emulator.stop()


# -- answers in the panel's place ------------------------------------------------------------------

@pytest.mark.parametrize('panel', PANELS)
@pytest.mark.parametrize('status', [500, 502, 503, 504, 401, 403])
def test_http_errors_never_reach_the_panel(emulator, panel, status):
    emulator.set_faults({'panel': panel, 'kind': 'http_status', 'status': status})
    answer = written(emulator, panel)
    assert answer.status_code == status and answer.headers['Content-Type'].startswith('text/html')
    assert ('<h1>%d ' % status).encode() in answer.content
    assert ('WWW-Authenticate' in answer.headers) is (status == 401)
    assert not applied(emulator, panel)
    assert emulator.stats()[panel]['requests'] == 0


@pytest.mark.parametrize('panel, content_type', [('plesk', 'text/xml'), ('brainycp', 'application/json')])
def test_an_empty_body(emulator, panel, content_type):
    emulator.set_faults({'panel': panel, 'kind': 'empty_body'})
    answer = written(emulator, panel)
    assert (answer.status_code, answer.content, answer.headers['Content-Length']) == (200, b'', '0')
    assert answer.headers['Content-Type'].startswith(content_type)
    assert not applied(emulator, panel)


@pytest.mark.parametrize('panel', PANELS)
def test_an_html_page_with_status_200(emulator, panel):
    emulator.set_faults({'panel': panel, 'kind': 'html_page'})
    answer = written(emulator, panel)
    assert answer.status_code == 200 and answer.headers['Content-Type'].startswith('text/html')
    assert answer.text.startswith('<!DOCTYPE html>') and 'temporarily unavailable' in answer.text
    assert not applied(emulator, panel)


@pytest.mark.parametrize('panel, framing', FRAMINGS)
@pytest.mark.parametrize('keep', [None, 25])
def test_a_truncated_body_is_the_start_of_what_the_panel_would_have_answered(emulator, panel, framing, keep):
    frame(emulator, panel, framing)
    spec = {'panel': panel, 'kind': 'truncated_body', 'times': 1}
    if keep is not None:
        spec['keep'] = keep
    emulator.set_faults(spec)
    truncated = written(emulator, panel)
    assert not applied(emulator, panel)
    complete = written(emulator, panel)
    assert applied(emulator, panel)
    assert truncated.status_code == 200
    # Framed as the panel frames its answers: requests reads a chunked body to its last chunk.
    if framing == 'chunked':
        assert truncated.headers['Transfer-Encoding'] == 'chunked' and 'Content-Length' not in truncated.headers
    else:
        assert int(truncated.headers['Content-Length']) == len(truncated.content)
    assert complete.content.startswith(truncated.content)
    assert len(truncated.content) == (len(complete.content) // 2 if keep is None else keep)
    # Not counted by the panel, and it did not count the dry run either.
    assert emulator.stats()[panel]['requests'] == 1


def test_unparsable_answers(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'unparsable'}, {'panel': 'brainycp', 'kind': 'unparsable'})
    plesk, brainycp = written(emulator, 'plesk'), written(emulator, 'brainycp')
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(plesk.content)
    with pytest.raises(ValueError):
        json.loads(brainycp.content)
    assert 'Fatal error' in plesk.text and 'Fatal error' in brainycp.text
    assert not applied(emulator, 'plesk') and not applied(emulator, 'brainycp')
    emulator.set_faults({'panel': 'brainycp', 'kind': 'unparsable', 'body': '{"error": 0, "mess": '})
    assert emulator.brainycp('list_msg').content == b'{"error": 0, "mess": '


def test_deep_nesting(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'deep_nesting'},
                        {'panel': 'brainycp', 'kind': 'deep_nesting', 'depth': 5})
    plesk = written(emulator, 'plesk').content
    assert plesk.count(b'<data>') == 10000 and plesk.count(b'</data>') == 10000
    with pytest.raises(etree.XMLSyntaxError):  # libxml2 refuses more than 256 levels unless told otherwise
        etree.fromstring(plesk)
    assert json.loads(written(emulator, 'brainycp').content) == {'detail': [[[[[]]]]]}
    assert not applied(emulator, 'plesk') and not applied(emulator, 'brainycp')
    emulator.set_faults({'panel': 'brainycp', 'kind': 'deep_nesting'})
    with pytest.raises(RecursionError):
        json.loads(written(emulator, 'brainycp').content)


@pytest.mark.parametrize('panel, head', [('plesk', '<?xml version="1.0" encoding="UTF-8"?>\n<packet version="%s">'
                                                   '<output>xxx'),
                                         ('brainycp', '{"detail": "xxx')])
def test_a_huge_body_of_50_mib_is_streamed(emulator, panel, head):
    head = (head % emulator.protocol_version() if panel == 'plesk' else head).encode()
    emulator.set_faults({'panel': panel, 'kind': 'huge_body'})
    answer = written(emulator, panel, stream=True)
    assert int(answer.headers['Content-Length']) == 50 * 1024 * 1024
    total, first = 0, b''
    for chunk in answer.iter_content(1024 * 1024):
        first = first or chunk
        total += len(chunk)
    assert total == 50 * 1024 * 1024 and first.startswith(head)
    assert not applied(emulator, 'plesk') and not applied(emulator, 'brainycp')
    assert emulator.log()[-1]['response'] == '[52428800 bytes streamed, not logged]'


def test_a_huge_body_is_produced_in_small_chunks_and_may_come_without_its_length():
    faults = Faults()
    faults.replace({'faults': [{'panel': 'plesk', 'kind': 'huge_body', 'bytes': 1000000, 'announce_length': False}]})
    client = Client(PanelApp('plesk', Store(), RequestLog(None), faults=faults))
    answer = client.post(AGENT, data=SERVICES, headers=AUTH, buffered=False)
    assert 'Content-Length' not in answer.headers
    sizes = [len(chunk) for chunk in answer.response]
    assert sum(sizes) == 1000000 and max(sizes) <= 64 * 1024


def test_xml_entity_expansion_declares_the_billion_laughs(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'xml_entity_expansion'})
    body = written(emulator, 'plesk').text
    assert body.count('<!ENTITY lol') == 10 and '<!ENTITY lol0 "lol">' in body
    assert '<!ENTITY lol9 "%s">' % ('&lol8;' * 10) in body and '<errtext>&lol9;</errtext>' in body
    # A parser that does not resolve entities either refuses it (libxml2 2.11 and later count the
    # amplification) or keeps the reference; it never expands it.
    try:
        safe = etree.fromstring(body.encode(), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        assert 'amplification' in str(exc)
    else:
        assert 'lollol' not in etree.tostring(safe).decode()
    assert not applied(emulator, 'plesk')


@pytest.mark.parametrize('url', [None, 'http://198.51.100.7/evil.dtd'])
def test_an_external_entity_is_declared_but_nothing_is_read(emulator, url):
    spec = {'panel': 'plesk', 'kind': 'xml_external_entity'}
    if url:
        spec['url'] = url
    emulator.set_faults(spec)
    body = written(emulator, 'plesk').text
    assert '<!ENTITY xxe SYSTEM "%s">' % (url or 'file:///etc/passwd') in body
    assert '<errtext>&xxe;</errtext>' in body and 'root:' not in body
    safe = etree.fromstring(body.encode(), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert 'root:' not in etree.tostring(safe).decode()
    assert not applied(emulator, 'plesk')


@pytest.mark.parametrize('shape, body', [(None, b'[]'), ('array', b'[]'), ('string', b'"Array"')])
def test_json_that_is_not_an_object(emulator, shape, body):
    spec = {'panel': 'brainycp', 'kind': 'json_not_object'}
    if shape:
        spec['type'] = shape
    emulator.set_faults(spec)
    answer = written(emulator, 'brainycp')
    assert answer.content == body and answer.headers['Content-Type'].startswith('application/json')
    assert not applied(emulator, 'brainycp')


# -- Plesk errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize('code, text', [
    (1001, 'Authentication failed - wrong password.'),
    (1006, 'Permission denied.'),
    (1014, 'Parser error: Request is invalid.'),
    (1029, 'Authentication method is not specified'),
    (11003, 'Secret key validation failed'),
])
def test_plesk_system_errors(emulator, code, text):
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_system_error', 'code': code})
    response = emulator.plesk(STOP_WEB.replace('<packet>', '<packet version="1.6.3.0">'))
    # Sent as Plesk sends its own answers.
    assert response.headers['Transfer-Encoding'] == 'chunked' and response.headers['Server'] == 'sw-cp-server'
    assert response.headers['Set-Cookie'].startswith('locale=')
    answer = etree.fromstring(response.content)
    assert answer.get('version') == '1.6.3.0'
    assert (answer.findtext('system/status'), answer.findtext('system/errcode'), answer.findtext('system/errtext')) == (
        'error', str(code), text)
    assert not applied(emulator, 'plesk')
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_system_error', 'code': 1005, 'text': 'Not supported.'})
    answer = etree.fromstring(emulator.plesk(SERVICES).content)
    assert answer.get('version') == emulator.protocol_version() and answer.findtext('system/errtext') == 'Not supported.'


def results(answer):
    """``[(operator.operation, status, errcode)]`` of an answer, in order."""
    document = etree.fromstring(answer.content)
    return [('%s.%s' % (operator.tag, operation.tag), result.findtext('status'), result.findtext('errcode'))
            for operator in document for operation in operator for result in operation.iterfind('result')]


BATCH = ('<packet><mail><disable><site-id>2</site-id></disable><disable><site-id>11</site-id></disable></mail>'
         '<server><srv_man><id>web</id><operation>stop</operation></srv_man></server>'
         '<mail><disable><site-id>1</site-id></disable></mail></packet>')


def test_one_operation_fails_in_a_batch_and_the_rest_is_applied(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_operation_error', 'operation': 'server.srv_man',
                         'code': 1026, 'text': 'Service web is not installed'})
    answer = emulator.plesk(BATCH)
    assert results(answer) == [('mail.disable', 'ok', None), ('mail.disable', 'ok', None),
                               ('server.srv_man', 'error', '1026'), ('mail.disable', 'ok', None)]
    assert etree.fromstring(answer.content).findtext('server/srv_man/result/errtext') == 'Service web is not installed'
    assert emulator.service('web') == 'running'
    assert [emulator.mail_service(site) for site in (1, 2, 11)] == [False, False, False]
    assert emulator.stats()['plesk']['operations'] == {'mail.disable': 3}
    assert emulator.log()[-1]['request'] == BATCH and emulator.log()[-1]['operations'] == ['mail.disable'] * 3


@pytest.mark.parametrize('spec, expected, failed_sites', [
    ({'nth': 2}, [('mail.disable', 'ok', None), ('mail.disable', 'error', '1023'), ('server.srv_man', 'ok', None),
                  ('mail.disable', 'ok', None)], {11}),
    ({'operation': 'mail.disable', 'nth': 3, 'code': 1013},
     [('mail.disable', 'ok', None), ('mail.disable', 'ok', None), ('server.srv_man', 'ok', None),
      ('mail.disable', 'error', '1013')], {1}),
    ({'operation': 'mail.disable'}, [('mail.disable', 'error', '1023'), ('mail.disable', 'error', '1023'),
                                     ('server.srv_man', 'ok', None), ('mail.disable', 'error', '1023')], {1, 2, 11}),
])
def test_the_failing_operations_by_name_and_position(emulator, spec, expected, failed_sites):
    emulator.set_faults(dict({'panel': 'plesk', 'kind': 'plesk_operation_error'}, **spec))
    assert results(emulator.plesk(BATCH)) == expected
    # BATCH disables mail on sites 2, 11, then 1: a site whose operation failed keeps its mail service.
    assert {site for site in (1, 2, 11) if emulator.mail_service(site)} == failed_sites
    assert emulator.service('web') == 'stopped'


def test_when_every_operation_fails_nothing_runs_but_the_checkups_still_answer(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_operation_error', 'code': 1013})
    assert results(emulator.plesk(DISABLE_NET)) == [('mail.disable', 'error', '1013')]
    assert emulator.mail_service(2) is True
    refused = etree.fromstring(emulator.plesk(DISABLE_NET, headers=dict(AUTH, HTTP_AUTH_PASSWD='wrong')).content)
    assert refused.findtext('system/errcode') == '1001'
    assert emulator.stats()['plesk']['requests'] == 0


def test_an_operation_error_needs_its_operation_in_the_packet(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_operation_error', 'nth': 2},
                        {'panel': 'plesk', 'kind': 'plesk_operation_error', 'operation': 'mail.rename'})
    assert results(emulator.plesk(DISABLE_NET)) == [('mail.disable', 'ok', None)]
    assert emulator.plesk('not xml').status_code == 200
    assert [fault['hits'] for fault in emulator.admin('GET', 'faults').json()['faults']] == [0, 0]


def test_a_checkup_error_of_the_rest_of_the_packet_is_answered_as_is(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'plesk_operation_error', 'nth': 1})
    answer = etree.fromstring(emulator.plesk(BATCH.replace('<packet>', '<packet version="9.9">')).content)
    assert answer.findtext('system/errcode') == '1005'
    assert emulator.service('web') == 'running'


@pytest.mark.parametrize('kind, spec', [
    ('plesk_operation_error', {'nth': 2}),
    ('plesk_operation_error', {'operation': 'mail.disable'}),
    ('plesk_system_error', {'code': 1006}),
])
def test_injected_plesk_errors_are_valid_answers(plesk_schemas, kind, spec):
    faults = Faults()
    faults.replace({'faults': [dict({'panel': 'plesk', 'kind': kind}, **spec)]})
    client = Client(PanelApp('plesk', Store(), RequestLog(None), schemas=plesk_schemas, faults=faults))
    answer = client.post(AGENT, data=BATCH, environ_overrides={'emulator.headers': {
        'http_auth_login': 'admin', 'http_auth_passwd': 'changeme'}})
    document = etree.fromstring(answer.data)
    assert document.find('.//errcode') is not None
    assert plesk_schemas.response_problem(document) is None


# -- the panel's answer, reshaped ------------------------------------------------------------------

READS = ('<packet><server><get><services_state/></get></server><mail><get_prefs><filter><site-id>2</site-id>'
         '</filter></get_prefs><disable><site-id>2</site-id></disable></mail><site><get><filter><name>example.net'
         '</name></filter><dataset><gen_info/></dataset></get></site></packet>')


def test_missing_payload_in_plesk_results(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'missing_payload'})
    answer = etree.fromstring(emulator.plesk(READS).content)
    assert answer.find('server/get/result/services_state') is None
    assert answer.find('mail/get_prefs/result/prefs') is None and answer.findtext('mail/get_prefs/result/site-id') == '2'
    assert answer.find('site/get/result/data') is None and answer.find('site/get/result/id') is None
    assert [status.text for status in answer.iter('status')] == ['ok'] * 4
    assert emulator.mail_service(2) is False  # the handler ran


def test_missing_payload_emptied_for_one_operation_only(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'missing_payload', 'mode': 'empty', 'operation': 'server.get'})
    answer = etree.fromstring(emulator.plesk(READS).content)
    assert answer.find('server/get/result/services_state') is not None
    assert answer.find('server/get/result/services_state/srv') is None
    assert answer.findtext('mail/get_prefs/result/prefs/mailservice') == 'true'


def test_missing_detail_in_brainycp_answers(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'missing_payload'})
    assert emulator.brainycp('list_msg').json() == {'error': 0, 'mess': 'Mail queue list'}
    assert written(emulator, 'brainycp').json() == {'error': 0, 'message': 'Request completed'}
    assert applied(emulator, 'brainycp')


def test_wrong_types_in_plesk_results(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'wrong_type'})
    answer = etree.fromstring(emulator.plesk(READS).content)
    assert answer.findtext('mail/get_prefs/result/site-id') == 'not-a-number'
    assert answer.findtext('site/get/result/id') == 'not-a-number'
    assert answer.findtext('site/get/result/data/gen_info/webspace-id') == 'not-a-number'
    assert answer.findtext('server/get/result/services_state/srv/id') == 'web'  # not a number to begin with
    assert emulator.mail_service(2) is False
    emulator.set_faults({'panel': 'plesk', 'kind': 'wrong_type', 'value': '1e3'})
    assert etree.fromstring(emulator.plesk(READS).content).findtext('site/get/result/id') == '1e3'


@pytest.mark.parametrize('spec, expected', [
    ({}, {'error': 0, 'message': 'Request completed', 'detail': 1}),
    ({'field': 'error'}, {'error': 'none', 'message': 'Request completed', 'detail': [
        'Message %s has been removed' % message for message in FROZEN]}),
    ({'field': 'detail', 'value': 'Message removed'}, {'error': 0, 'message': 'Request completed',
                                                       'detail': 'Message removed'}),
])
def test_wrong_types_in_brainycp_answers(emulator, spec, expected):
    emulator.set_faults(dict({'panel': 'brainycp', 'kind': 'wrong_type'}, **spec))
    assert written(emulator, 'brainycp').json() == expected
    assert applied(emulator, 'brainycp')


def test_unknown_fields(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'unknown_fields'}, {'panel': 'brainycp', 'kind': 'unknown_fields'})
    answer = etree.fromstring(emulator.plesk(READS).content)
    assert answer.findtext('mail/disable/result/unexpected') == 'added by the hosting.panels emulator'
    services = answer.findall('server/get/result/services_state/srv')
    assert len(services) > 1 and len(answer.findall('server/get/result/services_state/srv/unexpected')) == len(services)
    assert answer.find('site/get/result/data/gen_info/unexpected') is not None
    assert emulator.mail_service(2) is False
    listing = emulator.brainycp('list_msg').json()
    assert listing['unexpected'] == 'added by the hosting.panels emulator'
    assert [message['unexpected'] for message in listing['detail']] == ['added by the hosting.panels emulator'] * 4


def test_php_output_follows_the_answer_and_changes_nothing_else(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'php_output', 'text': 'PHP Notice: x'})
    answer = etree.fromstring(emulator.plesk(READS).content)
    assert [child.tag for child in answer][-1] == 'output' and answer.findtext('output') == 'PHP Notice: x'
    assert answer.findtext('mail/disable/result/status') == 'ok' and emulator.mail_service(2) is False
    refused = etree.fromstring(emulator.plesk(READS, headers=dict(AUTH, HTTP_AUTH_PASSWD='wrong')).content)
    assert [child.tag for child in refused] == ['system', 'output']


def test_a_reshape_leaves_errors_and_checkup_errors_alone(emulator):
    emulator.set_faults({'panel': 'plesk', 'kind': 'missing_payload'})
    refused = etree.fromstring(emulator.plesk(READS, headers=dict(AUTH, HTTP_AUTH_PASSWD='wrong')).content)
    assert refused.findtext('system/errcode') == '1001'
    missing = etree.fromstring(emulator.plesk('<packet><site><get><filter><name>nowhere.test</name></filter>'
                                              '<dataset/></get></site></packet>').content)
    assert missing.findtext('site/get/result/filter-id') == 'nowhere.test'
    assert missing.findtext('site/get/result/errtext') == 'Site does not exist'


# -- BrainyCP errors -------------------------------------------------------------------------------

def test_not_perm2(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'brainycp_not_perm2'})
    answer = written(emulator, 'brainycp')
    assert (answer.status_code, answer.json()) == (200, {'code': 1, 'message': 'Not perm2'})
    assert not applied(emulator, 'brainycp')


# How to make the emulator itself give each documented error: (state, parameters).
PROVOKED = {
    ('list_msg', 100): ({'queue': []}, {}),
    ('delete_all_msg', 100): ({'forced_delete': False}, {'dellete_forse': '1'}),
    ('controll_msg', 100): ({}, {'id': QUEUE[0], 'command': 'freeze'}),
    ('controll_msg', 101): ({}, {'command': 'delete'}),
    ('controll_msg', 102): ({'outgoing_server': False}, {'id': QUEUE[0], 'command': 'reship'}),
    ('delete_frozen_msg', 100): ({'frozen_delete': False}, {}),
    ('clamav', 100): ({}, {'command': 'restart'}),
    ('spamassassin', 100): ({}, {'command': 'restart'}),
}


def test_every_documented_error_can_be_provoked():
    assert set(PROVOKED) == set(BRAINYCP_DOCUMENTED_ERRORS)


@pytest.mark.parametrize('answers, language', [({}, 'en'), ({'numbers': 'str', 'message_key': 'message'}, 'en'),
                                               ({}, 'ru')])
@pytest.mark.parametrize('operation, code', sorted(BRAINYCP_DOCUMENTED_ERRORS))
def test_a_documented_error_is_what_the_panel_itself_answers(emulator, operation, code, answers, language):
    mailserver, params = PROVOKED[(operation, code)]
    status, dummy, real, dummy = BrainycpEmulator(Store({'brainycp': {'mailserver': mailserver, 'answers': answers}})
                                                  ).handle(dict(ROOT, mailserver='mailserver', **{operation: operation},
                                                                **dict(params, language=language)))
    emulator.store.replace({'brainycp': {'answers': answers}})
    emulator.set_faults({'panel': 'brainycp', 'kind': 'brainycp_error', 'operation': operation, 'code': code})
    before = emulator.store.snapshot()
    injected = emulator.brainycp(operation, id=QUEUE[0], command='on', language=language)
    assert injected.json() == json.loads(real) and json.loads(real)['error'] in (code, str(code))
    assert emulator.store.snapshot() == before


@pytest.mark.parametrize('operation', ['list_msg', 'delete_all_msg', 'controll_msg', 'delete_frozen_msg', 'count_msg',
                                       'clamav', 'spamassassin'])
def test_error_400_is_what_a_user_without_the_module_gets(emulator, operation):
    seed = {'brainycp': {'users': [{'username': 'root', 'password': 'changeme', 'modules': []}]}}
    status, dummy, real, dummy = BrainycpEmulator(Store(seed)).handle(
        dict(ROOT, mailserver='mailserver', **{operation: operation}))
    emulator.set_faults({'panel': 'brainycp', 'kind': 'brainycp_error', 'code': 400})
    before = emulator.store.snapshot()
    assert emulator.brainycp(operation, command='on', id=QUEUE[0]).json() == json.loads(real)
    assert NOT_AVAILABLE in real.decode() and emulator.store.snapshot() == before


def test_an_undocumented_brainycp_error_with_its_own_text(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'brainycp_error', 'code': 1003,
                         'text': 'You do not have administrator rights'})
    assert emulator.brainycp('list_msg').json() == {'error': 1003, 'mess': 'You do not have administrator rights'}
    assert emulator.brainycp('delete_all_msg').json() == {'error': 1003,
                                                          'message': 'You do not have administrator rights'}
    assert emulator.queue() == QUEUE


# -- the request log -------------------------------------------------------------------------------

def test_faulted_requests_are_logged_without_passwords(emulator):
    emulator.set_faults({'panel': 'brainycp', 'kind': 'close_before_apply', 'times': 1},
                        {'panel': 'brainycp', 'kind': 'truncated_body', 'times': 1},
                        {'panel': 'brainycp', 'kind': 'brainycp_not_perm2', 'times': 1})
    query = '?login=root&pass=changeme'
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(emulator.url['brainycp'] + API + query + '&mailserver=1&list_msg=1', timeout=10)
    requests.post(emulator.url['brainycp'] + API + query, data={'password': 'changeme', 'mailserver': '1',
                                                                'list_msg': '1'}, timeout=10)
    requests.post(emulator.url['brainycp'] + API, timeout=10,
                  files={'username': (None, 'root'), 'password': (None, 'changeme'), 'mailserver': (None, '1')})
    logged = emulator.log_path.read_text()
    assert 'changeme' not in logged
    assert [entry['faults'] for entry in emulator.log()] == [['close_before_apply'], ['truncated_body'],
                                                             ['brainycp_not_perm2']]


def test_every_kind_is_documented_and_tested():
    readme = open(os.path.join(os.path.dirname(control.__file__), 'README.md'), encoding='utf-8').read()
    source = open(__file__, encoding='utf-8').read()
    for name in KINDS:
        assert '| `%s` |' % name in readme, name
        assert "'%s'" % name in source, name
