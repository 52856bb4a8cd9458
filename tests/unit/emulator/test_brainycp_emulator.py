# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The BrainyCP emulator: the seven ``mailserver`` operations of "API: Mail" with their documented codes
and texts, login and access failures, both parameter styles, the transports, and the state switches."""

from __future__ import annotations

import itertools
import json

import pytest
import requests

from ansible_collections.hosting.panels.plugins.module_utils import _brainycp_mail as mail
from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import BrainycpClient
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.tests.emulator.brainycp import BrainycpEmulator
from ansible_collections.hosting.panels.tests.emulator.server import PanelApp, RequestLog, serve
from ansible_collections.hosting.panels.tests.emulator.state import DEFAULT_SEED, SeedError, Store

# Root's credentials, asking for English texts as the modules do (the panel's default is Russian).
ROOT = {'username': 'root', 'password': 'changeme', 'language': 'en'}
NOT_AVAILABLE = 'Unfortunately, the module is not available to you.'
QUEUE = DEFAULT_SEED['brainycp']['mailserver']['queue']
NEWSLETTER, BOUNCE, BILLING, NEW_ID = (message['id'] for message in QUEUE)
UNKNOWN_ID = '1aGtJk-0000OE-1T'


def store(answers=None, users=None, **mailserver):
    brainy = {'mailserver': mailserver}
    if answers is not None:
        brainy['answers'] = answers
    if users is not None:
        brainy['users'] = users
    return Store({'brainycp': brainy})


def handle(target, params):
    """``(status, headers, decoded JSON or raw bytes, info)`` from the emulator, without HTTP."""
    status, headers, body, info = BrainycpEmulator(target).handle(params)
    try:
        return status, headers, json.loads(body), info
    except ValueError:
        return status, headers, body, info


def call(target, operation, credentials=None, **params):
    """One documented-style call, as root unless told otherwise: the module and operation as constant keys, asking
    for English texts unless told otherwise."""
    params.setdefault('language', 'en')
    return handle(target, dict(credentials or ROOT, mailserver='mailserver', **{operation: operation}, **params))[2]


def queue_ids(target):
    return [message['id'] for message in target.snapshot()['brainycp']['mailserver']['queue']]


# -- the seven operations ----------------------------------------------------------------------

def test_list_msg_lists_the_queue_with_the_documented_text():
    answer = call(Store(), 'list_msg')
    assert (answer['error'], answer['mess']) == (0, 'Mail queue list')
    assert answer['detail'] == [
        {'id': NEWSLETTER, 'age': '4d', 'size': '17K', 'sender': 'newsletter@example.com',
         'recipients': ['info@example.net'], 'frozen': False},
        {'id': BOUNCE, 'age': '42h', 'size': '1.3K', 'sender': '<>', 'recipients': ['nobody@example.org'],
         'frozen': True},
        {'id': BILLING, 'age': '3h', 'size': '2.1K', 'sender': 'billing@example.com',
         'recipients': ['a@example.org', 'b@example.org'], 'frozen': False},
        {'id': NEW_ID, 'age': '25m', 'size': '640', 'sender': 'root@example.com',
         'recipients': ['postmaster@example.net'], 'frozen': True},
    ]


def test_frozen_flags_are_json_booleans_unless_numbers_are_strings():
    # 0 == False in Python, so compare the types, not only the values.
    flags = [message['frozen'] for message in call(Store(), 'list_msg')['detail']]
    assert [type(flag) for flag in flags] == [bool] * 4 and flags == [False, True, False, True]


def test_list_msg_on_an_empty_queue_is_error_100():
    assert call(store(queue=[]), 'list_msg') == {'error': 100, 'mess': 'The mail queue list is empty'}


def test_count_msg_answers_as_documented_without_a_number():
    # The seed documents error 0 with the message 'Number of messages' and no detail.
    assert call(Store(), 'count_msg') == {'error': 0, 'message': 'Number of messages'}


def test_count_msg_can_count_the_queue_in_its_detail():
    assert call(store({'count': 'detail'}), 'count_msg') == {'error': 0, 'message': 'Number of messages', 'detail': 4}
    assert call(store({'count': 'detail'}, queue=[]), 'count_msg')['detail'] == 0


def test_delete_all_msg_empties_the_queue_and_prints_each_removal():
    target = Store()
    status, dummy, answer, info = handle(target, dict(ROOT, mailserver='mailserver', delete_all_msg='delete_all_msg'))
    assert status == 200 and (answer['error'], answer['message']) == (0, 'Request completed')
    assert answer['detail'] == ['Message %s has been removed' % message['id'] for message in QUEUE]
    assert queue_ids(target) == [] and info == {'operations': ['mailserver.delete_all_msg'], 'writes': True,
                                                'style': 'constant+username'}
    again = handle(target, dict(ROOT, mailserver='mailserver', delete_all_msg='delete_all_msg'))
    # It asked for a change, so it counts as a write, though there was nothing left to remove.
    assert again[2] == {'error': 0, 'message': 'Request completed', 'detail': []} and again[3]['writes'] is True


@pytest.mark.parametrize('force', ['1', '', 'yes'])
def test_delete_all_msg_forced_on_any_value_of_the_misspelled_parameter(force):
    refused = store(forced_delete=False)
    assert call(refused, 'delete_all_msg', dellete_forse=force) == {
        'error': 100, 'message': 'The mail server does not support forced deletion'}
    assert len(queue_ids(refused)) == 4
    allowed = store()
    assert call(allowed, 'delete_all_msg', dellete_forse=force)['error'] == 0 and queue_ids(allowed) == []


def test_delete_all_msg_without_force_works_where_forcing_is_not_supported():
    target = store(forced_delete=False)
    assert call(target, 'delete_all_msg')['error'] == 0 and queue_ids(target) == []


def test_delete_frozen_msg_removes_only_frozen_messages():
    target = Store()
    answer = call(target, 'delete_frozen_msg')
    assert answer == {'error': 0, 'message': 'Request completed',
                      'detail': ['Message %s has been removed' % BOUNCE, 'Message %s has been removed' % NEW_ID]}
    assert queue_ids(target) == [NEWSLETTER, BILLING]


def test_delete_frozen_msg_where_the_mail_server_does_not_support_it_is_error_100():
    target = store(frozen_delete=False)
    assert call(target, 'delete_frozen_msg') == {
        'error': 100, 'message': 'The mail server does not support deleting frozen messages'}
    assert len(queue_ids(target)) == 4


def test_controll_msg_delete_removes_one_message():
    target = Store()
    status, dummy, answer, info = handle(target, dict(ROOT, mailserver='mailserver', controll_msg='controll_msg',
                                                      id=BOUNCE, command='delete'))
    assert answer == {'error': 0, 'mess': 'Request completed', 'detail': ['Message %s has been removed' % BOUNCE]}
    assert BOUNCE not in queue_ids(target) and len(queue_ids(target)) == 3 and info['writes'] is True


def test_controll_msg_delete_of_an_id_that_is_not_queued_succeeds_like_exim_and_changes_nothing():
    target = Store()
    status, dummy, answer, info = handle(target, dict(ROOT, mailserver='mailserver', controll_msg='controll_msg',
                                                      id=UNKNOWN_ID, command='delete'))
    assert answer['error'] == 0 and answer['detail'] == ['Message %s has been removed or did not exist' % UNKNOWN_ID]
    assert len(queue_ids(target)) == 4 and info['writes'] is True


def test_controll_msg_with_a_malformed_id_prints_exims_complaint():
    answer = call(Store(), 'controll_msg', id='not-an-id', command='delete')
    assert answer['error'] == 0 and answer['detail'] == ['exim: malformed message id not-an-id']


def test_controll_msg_reship_delivers_a_deliverable_message():
    target = Store()
    assert call(target, 'controll_msg', id=NEWSLETTER, command='reship')['detail'] == [
        'Message %s delivered' % NEWSLETTER]
    assert NEWSLETTER not in queue_ids(target)


def test_controll_msg_reship_of_an_undeliverable_message_keeps_it_queued_and_thaws_it():
    target = store(queue=[dict(QUEUE[1], deliverable=False)])
    answer = call(target, 'controll_msg', id=BOUNCE, command='reship')
    assert answer['detail'] == ['Message %s deferred: remote host did not accept the message' % BOUNCE]
    assert target.snapshot()['brainycp']['mailserver']['queue'][0]['frozen'] is False


def test_controll_msg_reship_of_an_id_that_is_not_queued():
    target = Store()
    status, dummy, answer, info = handle(target, dict(ROOT, mailserver='mailserver', controll_msg='controll_msg',
                                                      id=UNKNOWN_ID, command='reship'))
    assert answer['detail'] == ['Message %s was not found in the queue' % UNKNOWN_ID] and info['writes'] is True


def test_messages_taken_out_in_any_order_leave_the_rest_queued_in_their_order_through_a_state_round_trip():
    ids = ['1Ab%03d-000Hzk-En' % index for index in range(10)]
    target = store(queue=[{'id': message_id, 'frozen': index % 3 == 0, 'deliverable': index != 5}
                          for index, message_id in enumerate(ids)])
    for command, index in (('delete', 7), ('delete', 1), ('reship', 4), ('reship', 5), ('delete', 8), ('delete', 1)):
        call(target, 'controll_msg', id=ids[index], command=command)
    assert [message['id'] for message in call(target, 'list_msg')['detail']] == [ids[index] for index in (0, 2, 3, 5, 6, 9)]
    assert [(message['id'], message['frozen']) for message in target.snapshot()['brainycp']['mailserver']['queue']] == [
        (ids[0], True), (ids[2], False), (ids[3], True), (ids[5], False), (ids[6], True), (ids[9], True)]
    target.replace(target.snapshot())
    assert call(target, 'delete_frozen_msg')['detail'] == ['Message %s has been removed' % ids[index] for index in (0, 3, 6, 9)]
    call(target, 'controll_msg', id=ids[2].upper(), command='delete')
    assert queue_ids(target) == [ids[2], ids[5]]
    target.reset()
    assert queue_ids(target) == ids


@pytest.mark.parametrize('params, code, text', [
    ({'id': BOUNCE}, 100, 'Invalid value command'),
    ({'id': BOUNCE, 'command': 'freeze'}, 100, 'Invalid value command'),
    ({'command': 'delete'}, 101, 'Missing message id'),
    ({'command': 'delete', 'id': '  '}, 101, 'Missing message id'),
    ({}, 100, 'Invalid value command'),
])
def test_controll_msg_documented_errors(params, code, text):
    target = Store()
    assert call(target, 'controll_msg', **params) == {'error': code, 'mess': text}
    assert len(queue_ids(target)) == 4


def test_controll_msg_reship_without_an_outgoing_server_is_error_102():
    target = store(outgoing_server=False)
    assert call(target, 'controll_msg', id=NEWSLETTER, command='reship') == {
        'error': 102, 'mess': 'The server for sending letters is missing or incorrectly specified'}
    assert NEWSLETTER in queue_ids(target)
    assert call(target, 'controll_msg', id=NEWSLETTER, command='delete')['error'] == 0


@pytest.mark.parametrize('name, initially', [('clamav', True), ('spamassassin', False)])
def test_filters_report_and_change_their_status(name, initially):
    target = Store()
    word = {True: ['Enabled'], False: ['Disabled']}
    assert call(target, name, command='status') == {'error': 0, 'mess': 'Command completed', 'detail': word[initially]}
    status, dummy, answer, info = handle(target, dict(ROOT, mailserver='mailserver', command='off', **{name: name}))
    assert answer['detail'] == ['Disabled'] and info['writes'] is True
    assert handle(target, dict(ROOT, mailserver='mailserver', command='status', **{name: name}))[3]['writes'] is False
    assert call(target, name, command='on')['detail'] == ['Enabled']
    assert target.data['brainycp']['mailserver'][name] is True
    assert call(target, name, command='status')['detail'] == ['Enabled']


@pytest.mark.parametrize('name', ['clamav', 'spamassassin'])
@pytest.mark.parametrize('command', [None, 'restart', 'ON'])
def test_filters_reject_other_commands_with_error_100(name, command):
    target = Store()
    params = {} if command is None else {'command': command}
    assert call(target, name, **params) == {'error': 100, 'mess': 'Invalid command'}
    assert target.data['brainycp']['mailserver'][name] == DEFAULT_SEED['brainycp']['mailserver'][name]


@pytest.mark.parametrize('operation, key', [
    ('list_msg', 'mess'), ('delete_all_msg', 'message'), ('controll_msg', 'mess'), ('delete_frozen_msg', 'message'),
    ('count_msg', 'message'), ('clamav', 'mess'), ('spamassassin', 'mess'),
])
def test_a_user_without_the_mailserver_module_gets_error_400_for_every_operation(operation, key):
    target = store(users=[{'username': 'shop', 'password': 'pw', 'modules': ['mailclient']}])
    answer = call(target, operation, credentials={'username': 'shop', 'password': 'pw'}, id=BOUNCE,
                  command='status' if operation in ('clamav', 'spamassassin') else 'delete')
    assert answer == {'error': 400, key: NOT_AVAILABLE}
    assert len(queue_ids(target)) == 4


# -- language ----------------------------------------------------------------------------------

def in_language(target, operation, language, **params):
    """A documented-style call as root with ``language`` (None: without the parameter)."""
    if language is not None:
        params['language'] = language
    credentials = {'username': 'root', 'password': 'changeme'}
    return handle(target, dict(credentials, mailserver='mailserver', **{operation: operation}, **params))[2]


@pytest.mark.parametrize('language, texts', [
    ('en', ('Mail queue list', 'Enabled', 'Disabled', 'Request completed')),
    ('ru', ('Список почтовой очереди', 'Включен', 'Отключен', 'Запрос выполнен')),
    # The documentation names Russian the default; a language it does not list is taken as no choice (ours).
    (None, ('Список почтовой очереди', 'Включен', 'Отключен', 'Запрос выполнен')),
    ('de', ('Список почтовой очереди', 'Включен', 'Отключен', 'Запрос выполнен')),
])
def test_texts_come_in_the_language_asked_for_russian_by_default(language, texts):
    target = Store()
    answers = (in_language(target, 'list_msg', language), in_language(target, 'clamav', language, command='status'),
               in_language(target, 'spamassassin', language, command='status'),
               in_language(target, 'controll_msg', language, id=BOUNCE, command='delete'))
    assert (answers[0]['mess'], answers[1]['detail'], answers[2]['detail'], answers[3]['mess']) == (
        texts[0], [texts[1]], [texts[2]], texts[3])
    assert [answer['error'] for answer in answers] == [0, 0, 0, 0] and len(queue_ids(target)) == 3


@pytest.mark.parametrize('operation, params, code, english, russian', [
    ('list_msg', {}, 100, 'The mail queue list is empty', 'Список почтовой очереди пуст'),
    ('delete_all_msg', {'dellete_forse': '1'}, 100, 'The mail server does not support forced deletion',
     'Почтовый сервер не поддерживает принудительное удаление'),
    ('delete_frozen_msg', {}, 100, 'The mail server does not support deleting frozen messages',
     'Почтовый сервер не поддерживает удаление замороженных писем'),
    ('controll_msg', {'command': 'delete', 'id': ' '}, 101, 'Missing message id', 'Отсутствует id письма'),
    ('controll_msg', {'command': 'reship', 'id': BOUNCE}, 102,
     'The server for sending letters is missing or incorrectly specified',
     'Отсутствует или не правильно указан сервер отправки писем'),
    # No Russian original is published for these: the same text in both languages.
    ('controll_msg', {'command': 'nope', 'id': BOUNCE}, 100, 'Invalid value command', 'Invalid value command'),
    ('clamav', {'command': 'nope'}, 100, 'Invalid command', 'Invalid command'),
])
def test_documented_errors_in_both_languages(operation, params, code, english, russian):
    def target():
        return store(queue=[], forced_delete=False, frozen_delete=False, outgoing_server=False)
    key = 'message' if operation in ('delete_all_msg', 'delete_frozen_msg') else 'mess'
    assert in_language(target(), operation, 'en', **params) == {'error': code, key: english}
    assert in_language(target(), operation, 'ru', **params) == {'error': code, key: russian}


def test_a_user_without_the_module_is_told_in_russian_by_default():
    target = store(users=[{'username': 'shop', 'password': 'pw', 'modules': ['mailclient']}])
    answer = handle(target, {'username': 'shop', 'password': 'pw', 'mailserver': 'mailserver', 'list_msg': 'list_msg'})
    assert answer[2] == {'error': 400, 'mess': 'К сожалению, модуль вам не доступен'}


@pytest.mark.parametrize('fixed, asked, expected', [
    ('ru', 'en', 'Список почтовой очереди'),
    ('en', 'ru', 'Mail queue list'),
    ('en', None, 'Mail queue list'),
])
def test_a_panel_can_answer_in_one_language_whatever_is_asked(fixed, asked, expected):
    target = Store({'brainycp': {'language': fixed}})
    assert in_language(target, 'list_msg', asked)['mess'] == expected


def test_the_language_setting_is_checked():
    with pytest.raises(SeedError, match=r"brainycp\.language: expected requested, en or ru, got 'de'"):
        Store({'brainycp': {'language': 'de'}})


# -- login, styles, gates ----------------------------------------------------------------------

@pytest.mark.parametrize('credentials', [
    {},
    {'username': 'root'},
    {'username': 'root', 'password': 'wrong'},
    {'username': 'nobody', 'password': 'changeme'},
])
def test_a_failed_login_is_the_documented_not_perm2_and_runs_nothing(credentials):
    target = Store()
    status, dummy, answer, info = handle(target, dict(credentials, mailserver='mailserver',
                                                      delete_all_msg='delete_all_msg'))
    assert (status, answer) == (200, {'code': 1, 'message': 'Not perm2'})
    assert info['operations'] == [] and len(queue_ids(target)) == 4


@pytest.mark.parametrize('credentials', [
    {'username': 'root', 'password': 'changeme'},
    {'login': 'root', 'pass': 'changeme'},
    {'Login': 'root', 'pass': 'changeme'},
])
def test_every_documented_credential_pair_logs_in(credentials):
    assert call(Store(), 'count_msg', credentials=credentials)['error'] == 0


@pytest.mark.parametrize('params, style', [
    ({'mailserver': 'mailserver', 'count_msg': 'count_msg', 'username': 'root', 'password': 'changeme'},
     'constant+username'),
    ({'mailserver': '1', 'count_msg': '1', 'username': 'root', 'password': 'changeme'}, 'constant+username'),
    ({'module': 'mailserver', 'subdo': 'count_msg', 'login': 'root', 'pass': 'changeme'}, 'module+login'),
    ({'module': 'mailserver', 'subdo': 'count_msg', 'username': 'root', 'password': 'changeme'}, 'module+username'),
])
def test_each_parameter_style_reaches_the_operation_and_is_told_apart(params, style):
    status, dummy, answer, info = handle(Store(), dict(params, language='en'))
    assert answer['message'] == 'Number of messages' and info['operations'] == ['mailserver.count_msg']
    assert info['style'] == style


MIXED = [
    (dict(ROOT, module='mailserver', subdo='delete_all_msg', mailserver='mailserver', delete_all_msg='delete_all_msg'),
     'mixed+username'),
    ({'mailserver': 'mailserver', 'delete_all_msg': 'delete_all_msg', 'username': 'root', 'password': 'changeme',
      'login': 'root', 'pass': 'changeme'}, 'constant+mixed'),
]


@pytest.mark.parametrize('params, style', MIXED)
def test_a_panel_that_refuses_mixed_styles_runs_nothing(params, style):
    target = Store({'brainycp': {'mixed_styles': 'refuse'}})
    status, dummy, answer, info = handle(target, params)
    assert (status, answer) == (200, {'error': 2, 'mess': 'Error in parameters!'})
    assert info == {'operations': [], 'writes': False, 'style': style} and len(queue_ids(target)) == 4


@pytest.mark.parametrize('params, style', MIXED)
def test_mixed_styles_run_the_operation_once_by_default(params, style):
    target = Store()
    status, dummy, answer, info = handle(target, params)
    assert answer['error'] == 0 and queue_ids(target) == [] and info['operations'] == ['mailserver.delete_all_msg']


def test_a_panel_that_runs_mixed_styles_twice_runs_the_operation_in_each_branch_and_prints_both_answers():
    target = Store({'brainycp': {'mixed_styles': 'twice'}})
    params = dict(ROOT, module='mailserver', subdo='controll_msg', mailserver='mailserver', controll_msg='controll_msg',
                  id=BOUNCE, command='delete', language='en')
    status, dummy, body, info = handle(target, params)
    first, second = body.split(b'}{')
    assert json.loads(first + b'}')['detail'] == ['Message %s has been removed' % BOUNCE]
    assert json.loads(b'{' + second)['detail'] == ['Message %s has been removed or did not exist' % BOUNCE]
    assert info['operations'] == ['mailserver.controll_msg'] * 2 and BOUNCE not in queue_ids(target)
    # Credentials in both pairs alone name the operation once: it runs once.
    params = {'mailserver': 'mailserver', 'count_msg': 'count_msg', 'username': 'root', 'password': 'changeme',
              'login': 'root', 'pass': 'changeme', 'language': 'en'}
    status, dummy, answer, info = handle(target, params)
    assert answer['message'] == 'Number of messages' and info['operations'] == ['mailserver.count_msg']


def test_an_operation_key_wins_over_subdo_where_mixing_is_accepted():
    target = Store()
    answer = handle(target, dict(ROOT, module='mailserver', subdo='delete_all_msg', count_msg='count_msg'))[2]
    assert answer['message'] == 'Number of messages'


def test_a_login_without_a_known_module_gets_the_empty_page():
    status, dummy, body, info = handle(Store(), dict(ROOT, module='hostacc', subdo='listuseracc'))
    assert (status, body, info['operations']) == (200, b'', [])


@pytest.mark.parametrize('params', [{'mailserver': 'mailserver'}, {'module': 'mailserver', 'subdo': 'explode'}])
def test_an_unknown_operation_is_wrong_command(params):
    assert handle(Store(), dict(ROOT, **params))[2] == {'error': 1002, 'mess': 'Wrong command'}


@pytest.mark.parametrize('gate, header', [(401, 'WWW-Authenticate'), (403, None)])
def test_the_http_gate_answers_before_the_login(gate, header):
    target = Store({'brainycp': {'http_gate': gate}})
    status, headers, body, info = handle(target, dict(ROOT, mailserver='mailserver', delete_all_msg='delete_all_msg'))
    assert status == gate and str(gate).encode() in body
    assert (header in headers) if header else headers == {}
    assert len(queue_ids(target)) == 4


# -- answer shapes -----------------------------------------------------------------------------

def test_detail_as_dict_keys_the_queue_by_id_and_drops_the_id_from_the_entries():
    detail = call(store({'detail': 'dict'}), 'list_msg')['detail']
    assert list(detail) == [message['id'] for message in QUEUE]
    assert detail[BOUNCE] == {'age': '42h', 'size': '1.3K', 'sender': '<>', 'recipients': ['nobody@example.org'],
                              'frozen': True}


def test_detail_as_dict_for_the_count_the_status_and_console_output():
    target = store({'detail': 'dict', 'count': 'detail'})
    assert call(target, 'count_msg')['detail'] == {'count': 4}
    assert call(target, 'clamav', command='status')['detail'] == {'status': 'Enabled'}
    assert call(target, 'controll_msg', id=BOUNCE, command='delete')['detail'] == {
        '0': 'Message %s has been removed' % BOUNCE}


def test_a_switch_answers_with_the_status_or_with_console_output():
    assert call(store(), 'spamassassin', command='on')['detail'] == ['Enabled']
    target = store({'switch': 'console'})
    assert call(target, 'spamassassin', command='on')['detail'] == ['Starting spamd: [  OK  ]']
    assert call(target, 'clamav', command='off')['detail'] == ['Stopping clamd: [  OK  ]']
    assert call(target, 'spamassassin', command='status')['detail'] == ['Enabled']
    assert call(target, 'clamav', command='status')['detail'] == ['Disabled']


def test_a_stuck_filter_answers_its_switch_with_success_and_stays_as_it_was():
    target = store({'switch': 'console'}, stuck_filters=['spamassassin'])
    answer = call(target, 'spamassassin', command='on')
    assert (answer['error'], answer['detail']) == (0, ['Starting spamd: [FAILED]'])
    assert call(target, 'spamassassin', command='status')['detail'] == ['Disabled']
    assert call(store(stuck_filters=['spamassassin']), 'spamassassin', command='on')['detail'] == ['Disabled']


def test_stuck_filters_must_name_filters():
    with pytest.raises(SeedError) as caught:
        store(stuck_filters=['clamd'])
    assert 'brainycp.mailserver.stuck_filters' in str(caught.value)


def test_numbers_as_strings():
    target = store({'numbers': 'str', 'count': 'detail'})
    listing = call(target, 'list_msg')
    assert listing['error'] == '0' and [message['frozen'] for message in listing['detail']] == ['0', '1', '0', '1']
    assert call(target, 'count_msg')['detail'] == '4'
    assert call(target, 'controll_msg', command='delete') == {'error': '101', 'mess': 'Missing message id'}
    empty = store({'numbers': 'str', 'detail': 'dict', 'count': 'detail'}, queue=[])
    assert call(empty, 'list_msg')['error'] == '100' and call(empty, 'count_msg')['detail'] == {'count': '0'}


@pytest.mark.parametrize('key', ['mess', 'message'])
def test_the_message_key_can_be_the_same_for_every_operation(key):
    target = store({'message_key': key})
    for operation in ('list_msg', 'count_msg', 'clamav', 'delete_frozen_msg', 'delete_all_msg'):
        answer = call(target, operation, command='status')
        assert key in answer and ({'mess', 'message'} - {key}).isdisjoint(answer), (operation, answer)


@pytest.mark.parametrize('seed, words', [
    ({'answers': {'detail': 'tuple'}}, 'brainycp.answers.detail: expected one of list, dict'),
    ({'answers': {'numbers': 'float'}}, 'brainycp.answers.numbers'),
    ({'answers': {'message_key': 'msg'}}, 'brainycp.answers.message_key'),
    ({'answers': {'detial': 'dict'}}, 'brainycp.answers: unknown keys detial'),
    ({'answers': ['dict']}, 'brainycp.answers: expected a mapping'),
    ({'mailserver': {'forced_delet': False}}, 'brainycp.mailserver: unknown keys forced_delet'),
    ({'mailserver': {'clamav': 'yes'}}, 'brainycp.mailserver.clamav: expected true or false'),
    ({'mailserver': {'queue': [{'id': 'x'}]}}, 'brainycp.mailserver.queue[0].id: expected an Exim message id'),
    ({'mailserver': {'queue': [{'id': BOUNCE}, {'id': BOUNCE}]}}, 'duplicate message id'),
    ({'mailserver': {'queue': [{'id': BOUNCE, 'frozen': 'no'}]}}, 'queue[0].frozen: expected true or false'),
    ({'users': [{'username': 'root', 'password': 'pw', 'modules': 'mailserver'}]},
     'brainycp.users[0].modules: expected a list of module names'),
    ({'users': [{'username': 'root'}]}, 'brainycp.users[0].password'),
    ({'http_gate': 500}, 'brainycp.http_gate: expected null, 401 or 403'),
])
def test_bad_seeds_are_refused_naming_the_field(seed, words):
    with pytest.raises(SeedError) as caught:
        Store({'brainycp': seed})
    assert words in str(caught.value)


def test_a_seed_fills_in_message_defaults():
    message = Store({'brainycp': {'mailserver': {'queue': [{'id': BOUNCE}]}}}).snapshot()['brainycp']['mailserver']['queue'][0]
    assert message == {'id': BOUNCE, 'age': '1m', 'size': '1K', 'sender': '<>', 'originator_login': None,
                       'recipients': [], 'delivered': [], 'frozen': False, 'deliverable': True}


def test_a_seeded_id_with_a_trailing_newline_is_refused():
    with pytest.raises(SeedError) as caught:
        Store({'brainycp': {'mailserver': {'queue': [{'id': BOUNCE + '\n'}]}}})
    assert 'brainycp.mailserver.queue[0].id' in str(caught.value)


def test_the_queue_as_exim_bp_lists_delivered_recipients_marked_d_an_untrusted_senders_login_and_no_empty_size(emulator):
    url, target, dummy = emulator
    target.replace({'brainycp': {'answers': {'queue': 'exim_bp'}, 'mailserver': {'queue': [
        {'id': BOUNCE, 'age': '42h', 'size': '1.3K', 'sender': '<>', 'recipients': ['nobody@example.org'],
         'frozen': True},
        {'id': NEW_ID, 'age': '25m', 'size': '0', 'sender': 'root@example.com', 'originator_login': 'web1',
         'recipients': ['b@example.net'], 'delivered': ['a@example.net']}]}}})
    answer = requests.post(url + '/api/api.php', data={'username': 'root', 'password': 'changeme',
                                                       'mailserver': 'mailserver', 'list_msg': 'list_msg'},
                           timeout=10).json()
    assert answer['detail'] == [
        '42h  1.3K %s <> *** frozen ***' % BOUNCE, '          nobody@example.org', '',
        '25m       %s <root@example.com> (web1)' % NEW_ID, '        D a@example.net', '          b@example.net', '']


# -- over HTTP ---------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def server(tmp_path_factory):
    """The BrainyCP emulator on a free loopback port, shared by this module's HTTP tests and stopped after them."""
    target = Store()
    log = tmp_path_factory.mktemp('brainycp') / 'requests.jsonl'
    httpd = serve(PanelApp('brainycp', target, RequestLog(str(log))), '127.0.0.1', 0, quiet=True)
    try:
        yield 'http://127.0.0.1:%d' % httpd.server_port, target, log
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def emulator(server):
    """The shared emulator with the default state, no statistics and an empty request log."""
    url, target, log = server
    target.reset()
    log.write_text('')
    return server


def test_get_with_a_query_string(emulator):
    url, target, dummy = emulator
    answer = requests.get(url + '/api/api.php', params=dict(ROOT, mailserver='mailserver', count_msg='count_msg'),
                          timeout=10)
    assert answer.status_code == 200 and answer.headers['Content-Type'].startswith('application/json')
    assert answer.json() == {'error': 0, 'message': 'Number of messages'}


def test_the_connection_page_check_with_capital_login_over_get(emulator):
    url, dummy, dummy = emulator
    answer = requests.get(url + '/api/api.php', params={'Login': 'root', 'pass': 'changeme'}, timeout=10)
    assert (answer.status_code, answer.content) == (200, b'')
    refused = requests.get(url + '/api/api.php', params={'Login': 'root', 'pass': 'nope'}, timeout=10)
    assert refused.json() == {'code': 1, 'message': 'Not perm2'}


def test_post_urlencoded(emulator):
    url, target, log = emulator
    answer = requests.post(url + '/api/api.php', timeout=10, data=dict(
        ROOT, module='mailserver', subdo='controll_msg', id=BOUNCE, command='delete'))
    assert answer.json()['detail'] == ['Message %s has been removed' % BOUNCE]
    entry = json.loads(log.read_text().splitlines()[-1])
    assert entry['content_type'] == 'application/x-www-form-urlencoded' and entry['method'] == 'POST'
    assert 'changeme' not in entry['request'] and entry['operations'] == ['mailserver.controll_msg']


def test_post_multipart_like_php_curl(emulator):
    url, target, log = emulator
    fields = dict(ROOT, mailserver='mailserver', delete_frozen_msg='delete_frozen_msg')
    answer = requests.post(url + '/api/api.php', timeout=10,
                           files={key: (None, value) for key, value in fields.items()})
    assert answer.json()['message'] == 'Request completed'
    assert queue_ids(target) == [NEWSLETTER, BILLING]
    entry = json.loads(log.read_text().splitlines()[-1])
    assert entry['content_type'] == 'multipart/form-data' and 'changeme' not in entry['request']


def test_query_string_and_body_are_merged(emulator):
    url, dummy, dummy = emulator
    answer = requests.post(url + '/api/api.php?mailserver=mailserver&count_msg=count_msg', data=ROOT, timeout=10)
    assert answer.json() == {'error': 0, 'message': 'Number of messages'}


@pytest.mark.parametrize('gate', [401, 403])
def test_the_http_gate_over_http(emulator, gate):
    url, target, dummy = emulator
    target.replace({'brainycp': {'http_gate': gate}})
    answer = requests.post(url + '/api/api.php', data=dict(ROOT, mailserver='mailserver', list_msg='list_msg'),
                           timeout=10)
    assert answer.status_code == gate and answer.headers['Content-Type'].startswith('text/html')


def test_stats_count_reads_and_writes(emulator):
    url, target, dummy = emulator
    for params in ({'list_msg': 'list_msg'}, {'controll_msg': 'controll_msg', 'id': BOUNCE, 'command': 'delete'},
                   {'controll_msg': 'controll_msg', 'id': BOUNCE, 'command': 'delete'},
                   {'clamav': 'clamav', 'command': 'status'}, {'clamav': 'clamav', 'command': 'on'}):
        requests.post(url + '/api/api.php', data=dict(ROOT, mailserver='mailserver', **params), timeout=10)
    requests.post(url + '/api/api.php', data={'username': 'root', 'password': 'no', 'mailserver': 'mailserver'},
                  timeout=10)
    stats = requests.get(url + '/__emulator__/stats', timeout=10).json()['brainycp']
    # A call that asks for a change is a write whether or not one was needed: the second delete finds nothing
    # to remove, and ClamAV is on already.
    assert stats.pop('handling_seconds') > 0
    assert stats == {'requests': 6, 'calls': 5, 'read_calls': 2, 'write_calls': 3,
                     'operations': {'mailserver.list_msg': 1, 'mailserver.controll_msg': 2, 'mailserver.clamav': 2}}


SHAPES = [dict(zip(('detail', 'numbers', 'message_key', 'queue'), combination))
          for combination in itertools.product(('list', 'dict'), ('int', 'str'), ('documented', 'mess', 'message'),
                                               ('objects', 'exim_bp'))]


@pytest.mark.parametrize('language', ['requested', 'ru'])
@pytest.mark.parametrize('answers', SHAPES, ids=lambda answers: '-'.join(answers.values()))
def test_the_collections_client_reads_every_answer_shape_the_same(emulator, answers, language):
    # ru: a panel that answers in Russian whatever the client asks for; the client decides on codes and
    # knows the Russian status words.
    url, target, dummy = emulator
    target.replace({'brainycp': {'answers': answers, 'language': language}})
    client = BrainycpClient(HttpClient(url, panel='brainycp', read_attempts=1), 'root', 'changeme')
    try:
        expected = [{key: message[key] for key in ('id', 'sender', 'recipients', 'frozen', 'age', 'size')}
                    for message in QUEUE]
        assert mail.read_queue(client) == expected
        assert (mail.read_filter(client, 'clamav'), mail.read_filter(client, 'spamassassin')) == (True, False)
        assert mail.switch_filter(client, 'spamassassin', True) is True
        assert mail.delete_message(client, BOUNCE) == ['Message %s has been removed' % BOUNCE]
        assert mail.delete_frozen(client) == ['Message %s has been removed' % NEW_ID]
        assert mail.delete_all(client, force=True) == ['Message %s has been removed' % NEWSLETTER,
                                                       'Message %s has been removed' % BILLING]
        assert mail.read_queue(client) == []
    finally:
        client.http.close()
