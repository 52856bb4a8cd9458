# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every fault against every module, on the fake wire: each run ends in a clear failure or in a success that
matches what the panel holds.

Each module has a scenario: the answers to its reads, the answer to its write, and the answers a read-back
gives when the write happened or did not.  Each fault replaces one exchange - any of the reads, the write, or
the read-back of a write whose answer was lost - and the result is checked against what the panel holds in that
case:

- a fault during the reads fails the task before any write, changing nothing, whichever read it hits
  (tolerable faults, such as unknown fields, let it succeed);
- a fault that stops a write before it reaches the panel fails the task, changing nothing;
- a fault after the write may have reached the panel is settled by the read-back: the task succeeds when
  the change shows as made; otherwise it fails, with ``changed`` true, saying the change may have applied
  (a change not made yet when read back may still be under way);
- the panel's own refusals fail the task with its code and text, changing nothing;
- a fault during the read-back of a write whose answer was lost (a read timeout) leaves the change unknown: the
  task fails with ``changed`` true, saying that the change may have applied and that reading it back failed too
  (tolerable faults let the read-back show the change made).

A summary of the cases that ran is printed by ``test_the_matrix_covers_every_module_and_fault``.
"""

from __future__ import annotations

import importlib
import json
import os
import re

import pytest
import requests
import urllib3
from lxml import etree

from ansible_collections.hosting.panels.tests.unit.harness import answers as plesk_answers
from ansible_collections.hosting.panels.tests.unit.harness import brainycp_answers as brainy
from ansible_collections.hosting.panels.tests.unit.harness import mail_answers as mail
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange

# Every module of the collection; each needs a scenario below.
MODULES = tuple(sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), 'plugins', 'modules'))
    if name.endswith('.py') and not name.startswith('_')))
PASSWORD = 'Matrix-Pa55word'
PLESK = {'host': 'plesk.example.com', 'password': PASSWORD, 'retries': 0}
BRAINYCP = {'host': 'brainy.example.com', 'username': 'root', 'password': PASSWORD, 'retries': 0}
ENDPOINTS = {'plesk': 'plesk.example.com:8443', 'brainycp': 'brainy.example.com:8000'}


def site(site_id, name, kind, mail_service):
    return ([plesk_answers.lookup(site_id, site_id, name, kind)], [plesk_answers.prefs(site_id, mail_service)])


def greylisting_of(site_id, greylisting):
    return ([plesk_answers.lookup(site_id, site_id, 'example.net', 'site')],
            [plesk_answers.prefs(site_id, True, greylisting=greylisting)])


class Scenario:
    """What one module sends and what the panel answers; ``write`` None for a read-only module."""

    def __init__(self, module, panel, args, reads, write=None, applied=None, not_applied=None, extra_reads=(),
                 reads_back=False, reads_back_unreported=False, unconfirmed=None, reports_refused_reads=()):
        self.module = module
        self.panel = panel
        self.args = dict(PLESK if panel == 'plesk' else BRAINYCP, **args)
        self.reads = reads
        self.write = write
        # The read-back after the write: the answers when it happened, and when it did not.
        self.applied = applied
        self.not_applied = not_applied
        # Reads a module makes after a successful write whatever happens (brainycp_mail_queue's read-back).
        self.extra_reads = extra_reads
        # Whether the module reads the state back after every write the panel says it made, not only after an
        # uncertain one.
        self.reads_back = reads_back
        # Whether it reads the state back after a write the panel says it made without reporting the new state
        # (brainycp_mail_filter: console output instead of a status).
        self.reads_back_unreported = reads_back_unreported
        # When such a read-back shows the change not made: words of the message, and the task's ``changed``.
        self.unconfirmed = unconfirmed
        # The reads (positions) whose refused operations an info module reports in ``unreadable``, with a
        # warning, reading the rest, rather than failing.
        self.reports_refused_reads = reports_refused_reads

    def reads_back_after(self, fault):
        """Whether a write hit by ``fault`` is followed by a read of the state."""
        arrives = fault.arrives(self.panel)
        return arrives == MAY_HAVE_ARRIVED or arrives == TOLERATED and (
            self.reads_back or self.reads_back_unreported and fault.drops_payload)


def plesk_packet(*operations):
    return plesk_answers.answer(*operations)


SERVICES = {'web': 'running', 'smtp': 'running'}
WEB_STOPPED = {'web': 'stopped', 'smtp': 'running'}
QUEUE_WITHOUT_BOUNCE = [brainy.NEWSLETTER, brainy.BILLING, brainy.ROOT_NEW_ID]

SCENARIOS = {
    'plesk_service': Scenario(
        'plesk_service', 'plesk', {'name': ['web'], 'state': 'stopped'},
        reads=[plesk_answers.services_state(**SERVICES)], write=plesk_answers.srv_man('web'),
        applied=[plesk_answers.services_state(**WEB_STOPPED)], not_applied=[plesk_answers.services_state(**SERVICES)]),
    'plesk_service_info': Scenario('plesk_service_info', 'plesk', {}, reads=[plesk_answers.services_state(**SERVICES)]),
    'plesk_mail_service': Scenario(
        'plesk_mail_service', 'plesk', {'site_id': [2], 'state': 'disabled'},
        reads=[plesk_packet(*site(2, 'example.net', 'site', True))],
        write=plesk_packet(plesk_answers.done('mail', 'disable')),
        applied=[plesk_packet(*site(2, 'example.net', 'site', False))],
        not_applied=[plesk_packet(*site(2, 'example.net', 'site', True))]),
    'plesk_mail_settings': Scenario(
        'plesk_mail_settings', 'plesk', {'site_id': [2], 'greylisting': False},
        reads=[plesk_packet(*greylisting_of(2, True))],
        write=plesk_packet(plesk_answers.done('mail', 'set_prefs')),
        applied=[plesk_packet(*greylisting_of(2, False))],
        not_applied=[plesk_packet(*greylisting_of(2, True))]),
    'plesk_mail_info': Scenario(
        'plesk_mail_info', 'plesk', {'site_id': [11]},
        reads=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'), plesk_answers.prefs(11),
                            plesk_answers.mailboxes('admin'))]),
    'plesk_mailbox_rename': Scenario(
        'plesk_mailbox_rename', 'plesk', {'site_id': 11, 'name': 'admin', 'new_name': 'boss'},
        reads=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'),
                            plesk_answers.named_mailboxes(['admin', 'boss'], ['admin']))],
        write=plesk_packet(plesk_answers.done('mail', 'rename')),
        applied=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'),
                              plesk_answers.named_mailboxes(['admin', 'boss'], ['boss']))],
        not_applied=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'),
                                  plesk_answers.named_mailboxes(['admin', 'boss'], ['admin']))]),
    'plesk_webmail': Scenario(
        'plesk_webmail', 'plesk', {'name': 'Horde', 'state': 'absent'},
        reads=[plesk_packet(*plesk_answers.webmail_lists(('Horde', 'http://h.example.com', True)))],
        write=plesk_packet(plesk_answers.webmail_done('unregister', 'Horde')),
        applied=[plesk_packet(*plesk_answers.webmail_lists())],
        not_applied=[plesk_packet(*plesk_answers.webmail_lists(('Horde', 'http://h.example.com', True)))]),
    'plesk_webmail_info': Scenario(
        'plesk_webmail_info', 'plesk', {},
        reads=[plesk_packet(*plesk_answers.webmail_lists(('Horde', 'http://h.example.com', True)))]),
    'plesk_mailbox': Scenario(
        'plesk_mailbox', 'plesk', {'mailboxes': [{'address': 'info@example.org', 'quota': '1G'}]},
        reads=[plesk_packet(plesk_answers.lookup('example.org', 11)),
               plesk_packet(mail.accounts(['info'], {'info': mail.account('info')}))],
        write=plesk_packet(mail.updated('set', 'info')),
        applied=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'),
                              mail.accounts(['info'], {'info': mail.account('info', quota=1024 ** 3)}))],
        not_applied=[plesk_packet(plesk_answers.lookup(11, 11, 'example.org'),
                                  mail.accounts(['info'], {'info': mail.account('info')}))]),
    'plesk_mailbox_info': Scenario(
        'plesk_mailbox_info', 'plesk', {'address': ['info@example.org']},
        reads=[plesk_packet(plesk_answers.lookup('example.org', 11)),
               plesk_packet(mail.accounts(['info'], {'info': mail.account('info')}))], reports_refused_reads=(1,)),
    'brainycp_mail_filter': Scenario(
        'brainycp_mail_filter', 'brainycp', {'name': ['spamassassin'], 'state': 'enabled'},
        reads=[brainy.status(False)], write=brainy.status(True),
        applied=[brainy.status(True)], not_applied=[brainy.status(False)], reads_back_unreported=True,
        unconfirmed=('its status read back shows it disabled', True)),
    'brainycp_mail_filter_info': Scenario(
        'brainycp_mail_filter_info', 'brainycp', {}, reads=[brainy.status(True), brainy.status(False)]),
    'brainycp_mail_queue': Scenario(
        'brainycp_mail_queue', 'brainycp', {'id': [brainy.BOUNCE['id']]},
        reads=[brainy.queue_list(*brainy.QUEUE)], write=brainy.removed(brainy.BOUNCE['id']),
        applied=[brainy.queue_list(*QUEUE_WITHOUT_BOUNCE)], not_applied=[brainy.queue_list(*brainy.QUEUE)],
        extra_reads=[brainy.queue_list(*QUEUE_WITHOUT_BOUNCE)], reads_back=True, unconfirmed=('still queued', False)),
    'brainycp_mail_queue_info': Scenario('brainycp_mail_queue_info', 'brainycp', {},
                                         reads=[brainy.queue_list(*brainy.QUEUE)]),
}

# -- faults -----------------------------------------------------------------------------------------
#
# Each fault turns the answer an exchange would have given into what the client sees instead.  Its
# ``arrives`` says whether a write hit by it may have reached the panel (None: the fault is the panel
# refusing it, certainly not applied; 'tolerated': the client must read past it).

NEVER_ARRIVED, MAY_HAVE_ARRIVED, REFUSED, TOLERATED = 'never arrived', 'may have arrived', 'refused', 'tolerated'


def refused_connection():
    reason = urllib3.exceptions.NewConnectionError(object(), 'Failed to establish a new connection: [Errno 111] '
                                                             'Connection refused')
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/', reason))


def reset_connection():
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        'Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')))


def body(status=200):
    def make(panel, answer):
        return Exchange(status=status, body=answer)
    return make


def replaced(text, status=200):
    def make(panel, answer):
        return Exchange(status=status, body=text(panel, answer) if callable(text) else text)
    return make


def raising(exception):
    def make(panel, answer):
        return Exchange(raises=exception())
    return make


def cut_short(panel, answer):
    data = answer.encode('utf-8') if isinstance(answer, str) else answer
    return Exchange(body=data, cut_after=len(data) // 2)


def truncated(panel, answer):
    return answer[:len(answer) // 2]


def deep(panel, answer):
    return '<packet>' + '<a>' * 5000 + '</a>' * 5000 + '</packet>' if panel == 'plesk' else '[' * 5000 + ']' * 5000


def entities(panel, answer):
    if panel != 'plesk':
        return '"a JSON string where an object belongs"'
    return ('<?xml version="1.0"?><!DOCTYPE packet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]><packet>&c;&x;</packet>')


def php_output(panel, answer):
    return answer.replace('</packet>', '<output>PHP Warning:  printed beside the answer</output></packet>')


def missing_payload(panel, answer):
    if panel == 'plesk':
        root = etree.fromstring(answer.encode('utf-8'))
        for result in root.iter('result'):
            result.getparent().remove(result)
        return etree.tostring(root).decode()
    document = json.loads(answer)
    document.pop('detail', None)
    return json.dumps(document)


def wrong_type(panel, answer):
    if panel == 'plesk':
        return re.sub(r'<status>ok</status>', '<status>maybe</status>', answer)
    document = json.loads(answer)
    document['error'] = 'nothing'
    return json.dumps(document)


def unknown_fields(panel, answer):
    if panel == 'plesk':
        root = etree.fromstring(answer.encode('utf-8'))
        for result in root.iter('result'):
            etree.SubElement(result, 'x-unknown').text = 'new in a later version'
        etree.SubElement(root, 'x-unknown-operator')
        return etree.tostring(root).decode()
    document = json.loads(answer)
    document['x_unknown'] = {'new': 'in a later version'}
    return json.dumps(document)


def plesk_system(code, text):
    return replaced(lambda panel, answer: plesk_answers.system_error(code, text))


def plesk_operation_error(panel, answer):
    return re.sub(r'<result><status>ok</status>(.*?)</result>',
                  '<result><status>error</status><errcode>1023</errcode><errtext>Operation failed</errtext></result>',
                  answer, count=1)


class Fault:
    def __init__(self, name, exchange, arrives, panels=('plesk', 'brainycp'), code=None, skip=(), drops_payload=False,
                 refuses_one_operation=False):
        self.name = name
        self.exchange = exchange
        # What a write hit by the fault means; a dict gives it per panel.
        self._arrives = arrives
        self.panels = panels
        # The panel's code the failure must carry, when the fault is the panel's own refusal.
        self.code = code
        # (module, phase) pairs where the fault is a valid answer of the protocol, not a fault.
        self.skip = skip
        # Whether the answer keeps its status but loses what it reports (a BrainyCP answer without its detail).
        self.drops_payload = drops_payload
        # Whether the panel refuses one operation of a packet and runs the others.
        self.refuses_one_operation = refuses_one_operation

    def arrives(self, panel):
        return self._arrives[panel] if isinstance(self._arrives, dict) else self._arrives

    @property
    def read_tolerated(self):
        """Whether a read must read past the fault; only faults that add to a complete answer qualify."""
        return self._arrives == TOLERATED


FAULTS = [
    Fault('connection refused', raising(refused_connection), NEVER_ARRIVED),
    Fault('read timeout', raising(lambda: requests.exceptions.ReadTimeout('read timed out')), MAY_HAVE_ARRIVED),
    Fault('connection reset', raising(reset_connection), MAY_HAVE_ARRIVED),
    Fault('answer cut short', cut_short, MAY_HAVE_ARRIVED),
    Fault('HTTP 500', replaced('<html><body>500 Internal Server Error</body></html>', 500), MAY_HAVE_ARRIVED),
    Fault('HTTP 502', replaced('<html><body>502 Bad Gateway</body></html>', 502), MAY_HAVE_ARRIVED),
    Fault('HTTP 503', replaced('<html><body>503 Service Unavailable</body></html>', 503), MAY_HAVE_ARRIVED),
    Fault('HTTP 504', replaced('<html><body>504 Gateway Timeout</body></html>', 504), MAY_HAVE_ARRIVED),
    Fault('empty body', replaced(''), MAY_HAVE_ARRIVED),
    Fault('HTML page with 200', replaced('<html><body><h1>Maintenance</h1></body></html>'), MAY_HAVE_ARRIVED),
    Fault('truncated body', replaced(truncated), MAY_HAVE_ARRIVED),
    Fault('not XML or JSON', replaced('Fatal error: Allowed memory size exhausted'), MAY_HAVE_ARRIVED),
    Fault('deeply nested', replaced(deep), MAY_HAVE_ARRIVED),
    Fault('DOCTYPE and entities, or JSON not an object', replaced(entities), MAY_HAVE_ARRIVED),
    # A BrainyCP success code without a detail is a success: the payload a write returns is console output.
    Fault('missing payload', replaced(missing_payload), {'plesk': MAY_HAVE_ARRIVED, 'brainycp': TOLERATED},
          drops_payload=True),
    Fault('wrong type', replaced(wrong_type), MAY_HAVE_ARRIVED),
    Fault('unknown fields', replaced(unknown_fields), TOLERATED),
    Fault('what PHP printed, after the answer', replaced(php_output), TOLERATED, ('plesk',)),
    Fault('HTTP 429', replaced('Too Many Requests', 429), REFUSED),
    Fault('system error 1001', plesk_system(1001, 'Authentication failed - wrong password.'), REFUSED, ('plesk',), 1001),
    Fault('system error 1006', plesk_system(1006, 'Permission denied.'), REFUSED, ('plesk',), 1006),
    Fault('system error 1014', plesk_system(1014, 'Parser error: Request is invalid.'), REFUSED, ('plesk',), 1014),
    Fault('system error 1029', plesk_system(1029, 'Authentication method is not specified'), REFUSED, ('plesk',),
          1029),
    Fault('system error 11003', plesk_system(11003, 'Secret key validation failed'), REFUSED, ('plesk',), 11003),
    Fault('operation error in the batch', replaced(plesk_operation_error), REFUSED, ('plesk',), 1023,
          refuses_one_operation=True),
    Fault('Not perm2', replaced(brainy.login_failure()), REFUSED, ('brainycp',)),
    Fault('HTTP 401', replaced('<h1>401 Unauthorized</h1>', 401), REFUSED, ('brainycp',)),
    Fault('HTTP 403', replaced('<h1>403 Forbidden</h1>', 403), REFUSED, ('brainycp',)),
    Fault('error 400', replaced(brainy.not_available()), REFUSED, ('brainycp',), 400),
    # list_msg's documented error 100 means an empty queue, which is an answer, not a fault.
    Fault('documented per-operation error', replaced(brainy.answer(100, 'Invalid command')), REFUSED, ('brainycp',),
          100, skip=(('brainycp_mail_queue', 'read'), ('brainycp_mail_queue_info', 'read'))),
]

# Answers that are a valid, complete answer of another shape where a read is concerned: Plesk's ok result
# carrying an unknown element is read past; so is a listing without results for a read-only listing.
CASES = []
for module_name, scenario in SCENARIOS.items():
    for fault in FAULTS:
        if scenario.panel not in fault.panels:
            continue
        if (module_name, 'read') not in fault.skip:
            for position in range(len(scenario.reads)):
                CASES.append(pytest.param(module_name, fault, 'read', position, id='%s-%s-read%s' % (
                    module_name, fault.name, '' if position == 0 else ' %d' % (position + 1))))
        if scenario.write is None or (module_name, 'write') in fault.skip:
            continue
        arrives = fault.arrives(scenario.panel)
        for applied in ((True, False) if scenario.reads_back_after(fault) else (arrives == TOLERATED,)):
            CASES.append(pytest.param(module_name, fault, 'write', applied, id='%s-%s-write-%s' % (
                module_name, fault.name, 'applied' if applied else 'not-applied')))
        if (module_name, 'read') not in fault.skip:
            CASES.append(pytest.param(module_name, fault, 'read-back', None, id='%s-%s-read-back' % (
                module_name, fault.name)))

# What hits the write before a faulty read-back: an answer lost after the request went out.
LOST_ANSWER = next(fault for fault in FAULTS if fault.name == 'read timeout')


def script(scenario, fault, phase, variant):
    """The exchanges of one run: the fault replaces the read at position ``variant``, the write (followed, where
    the module reads back, by the answers of a panel that applied it, when ``variant`` is true, or did not), or the
    first exchange of the read-back after a write whose answer was lost."""
    make = fault.exchange
    if phase == 'read':
        before, hit, rest = scenario.reads[:variant], scenario.reads[variant], scenario.reads[variant + 1:]
        exchanges = [Exchange(body=answer) for answer in before] + [make(scenario.panel, hit)]
        if fault.read_tolerated:
            exchanges += [Exchange(body=answer) for answer in rest]
            if scenario.write is not None:
                exchanges.append(Exchange(body=scenario.write))
                exchanges += [Exchange(body=answer) for answer in scenario.extra_reads]
        return exchanges
    if phase == 'read-back':
        # A read-back the fault lets through shows the change made.
        first, rest = scenario.applied[0], scenario.applied[1:]
        exchanges = [Exchange(body=answer) for answer in scenario.reads]
        exchanges += [LOST_ANSWER.exchange(scenario.panel, scenario.write), make(scenario.panel, first)]
        return exchanges + ([Exchange(body=answer) for answer in rest] if fault.read_tolerated else [])
    exchanges = [Exchange(body=answer) for answer in scenario.reads] + [make(scenario.panel, scenario.write)]
    if scenario.reads_back_after(fault):
        exchanges += [Exchange(body=answer) for answer in (scenario.applied if variant else scenario.not_applied)]
    return exchanges


def run(scenario, wire, exchanges):
    module = importlib.import_module('ansible_collections.hosting.panels.plugins.modules.%s' % scenario.module)
    wire.expect(*exchanges)
    return run_module(module, scenario.args)


@pytest.mark.parametrize('module_name, fault, phase, variant', CASES)
def test_every_fault_ends_in_a_clear_failure_or_a_true_success(wire, module_name, fault, phase, variant):
    scenario = SCENARIOS[module_name]
    result = run(scenario, wire, script(scenario, fault, phase, variant))
    # For a write, whether the panel applied it; for a read, which read the fault hit.
    applied = position = variant
    assert_no_secret(result, PASSWORD)
    arrives = fault.arrives(scenario.panel)
    if phase == 'read-back':
        assert result['changed'] is True
        if fault.read_tolerated:
            assert not result.failed, result['msg']
            assert 'was lost' in str(result.get('warnings'))
            return
        assert result.failed and result['error']['may_have_applied'] is True
        assert ENDPOINTS[scenario.panel] in result['msg'] and 'may have applied this change' in result['msg']
        assert re.search(r'; reading [^;]* back failed too', result['msg']), result['msg']
        return
    if phase == 'read':
        if fault.read_tolerated:
            assert not result.failed, result['msg']
            assert result['changed'] is (scenario.write is not None)
            return
        if fault.refuses_one_operation and position in scenario.reports_refused_reads:
            assert not result.failed and result['changed'] is False, result.get('msg')
            assert [entry['code'] for entry in result['unreadable']] == [fault.code]
            assert 'failed for' in str(result.get('warnings'))
            return
        assert result.failed and result.get('changed', False) is False
        assert ENDPOINTS[scenario.panel] in result['msg'] and result['error']['message']
        assert 'may_have_applied' not in result['error']
        if fault.code is not None:
            assert result['error']['code'] == fault.code and str(fault.code) in result['msg']
        return
    if arrives == TOLERATED and applied:
        assert not result.failed and result['changed'] is True, result.get('msg')
        return
    if arrives == TOLERATED:
        # Only a module that reads back gets here: the panel said done, the state read back disagrees.
        words, changed = scenario.unconfirmed
        assert result.failed and result['changed'] is changed and words in result['msg']
        return
    if arrives == MAY_HAVE_ARRIVED and applied:
        # The read-back shows the change made: the task says so, with a warning that the answer was lost.
        assert not result.failed and result['changed'] is True, result.get('msg')
        assert 'The answer to ' in str(result.get('warnings')) and 'was lost' in str(result.get('warnings'))
        return
    assert result.failed and ENDPOINTS[scenario.panel] in result['msg']
    if arrives == MAY_HAVE_ARRIVED:
        # Not made when read back is not never made: the panel may still be at it.
        assert result['changed'] is True and result['error']['may_have_applied'] is True
        assert 'may have applied this change' in result['msg']
    else:
        assert result['changed'] is False
        assert 'may_have_applied' not in result['error'] and 'may have applied' not in result['msg']
        if fault.code is not None:
            assert str(fault.code) in result['msg']


def test_the_matrix_covers_every_module_and_fault(capsys):
    modules = {param.values[0] for param in CASES}
    assert modules == set(SCENARIOS)
    assert modules == set(MODULES), 'modules without a scenario: %s' % ', '.join(sorted(set(MODULES) - modules))
    assert {param.values[1].name for param in CASES} == {fault.name for fault in FAULTS}
    assert {param.values[2] for param in CASES} == {'read', 'write', 'read-back'}
    with capsys.disabled():
        print('\nfault matrix (unit): %d fault x module cases over %d modules and %d faults'
              % (len(CASES), len(modules), len(FAULTS)))
