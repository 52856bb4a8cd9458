# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_queue
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import (
    operation_of,
    BILLING,
    BOUNCE,
    NEWSLETTER,
    NOT_AVAILABLE,
    QUEUE,
    ROOT_NEW_ID,
    answer,
    completed,
    login_failure,
    not_available,
    operation,
    queue_list,
    removed,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp

PASSWORD = 'Br4iny-Pa55word'
CONNECTION = {'host': 'brainy.example.com', 'username': 'root', 'password': PASSWORD}
UNKNOWN_ID = '1aGtJk-0000OE-1T'


def run(args, **kwargs):
    return run_module(brainycp_mail_queue, dict(CONNECTION, **args), **kwargs)


def ids(messages):
    return [message['id'] for message in messages]


def operations(wire):
    return [(operation_of(sent), sent.form.get('id'), sent.form.get('command')) for sent in wire.sent]


def delete(message_id):
    return operation('controll_msg', id=message_id, command='delete')


def test_removing_ids_deletes_each_queued_one_and_reports_the_others(wire):
    wire.expect(brainycp(queue_list(*QUEUE), form=operation('list_msg')),
                brainycp(removed(NEWSLETTER['id']), form=delete(NEWSLETTER['id'])),
                brainycp(removed(ROOT_NEW_ID['id']), form=delete(ROOT_NEW_ID['id'])),
                brainycp(queue_list(BOUNCE, BILLING), form=operation('list_msg')))
    result = run({'id': [NEWSLETTER['id'], UNKNOWN_ID, ROOT_NEW_ID['id']]})
    assert not result.failed and result['changed'] is True
    assert result['messages'] == [NEWSLETTER, ROOT_NEW_ID]
    assert result['not_queued'] == [UNKNOWN_ID]
    assert (result['count_before'], result['count_after']) == (4, 2)
    assert result['output'] == ['Message %s has been removed' % NEWSLETTER['id'],
                                'Message %s has been removed' % ROOT_NEW_ID['id']]
    assert 'changed_messages' not in result


def test_the_count_after_a_change_is_the_queue_read_back_not_a_prediction(wire):
    arrived = dict(NEWSLETTER, id='1Zz9aa-000AAA-Zz')
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(BOUNCE['id'])),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID, arrived)))
    result = run({'id': BOUNCE['id']}, diff=True)
    assert result['count_after'] == 4 and result['messages'] == [BOUNCE]
    assert result['diff']['after']['queue'] == [NEWSLETTER['id'], BILLING['id'], ROOT_NEW_ID['id'], arrived['id']]


def test_a_message_the_panel_reports_removed_but_still_lists_fails_the_task(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(BOUNCE['id'])), brainycp(removed(BILLING['id'])),
                brainycp(queue_list(NEWSLETTER, BOUNCE, ROOT_NEW_ID)))
    result = run({'id': [BOUNCE['id'], BILLING['id']]}, diff=True)
    assert result.failed and result['changed'] is True
    assert result['messages'] == [BILLING] and result['count_after'] == 3
    # The diff of a failed task, as the Plesk modules give it: the queue as read back.
    assert result['diff'] == {'before': {'queue': [message['id'] for message in QUEUE]},
                              'after': {'queue': [NEWSLETTER['id'], BOUNCE['id'], ROOT_NEW_ID['id']]}}
    assert ('the panel reported %s removed, but reading the queue back shows it still queued' % BOUNCE['id']
            in result['msg'])


def test_a_payload_missing_from_the_read_back_fails_instead_of_reading_an_empty_queue(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(BOUNCE['id'])),
                brainycp(answer(0, 'Mail queue list')))
    result = run({'id': BOUNCE['id']})
    assert result.failed and result['changed'] is True and result['messages'] == [BOUNCE]
    assert 'could not be read back to confirm them' in result['msg'] and 'without the queue' in result['msg']


def test_ids_that_are_not_queued_change_nothing_and_send_no_write(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'id': [UNKNOWN_ID]})
    assert result['changed'] is False and result['messages'] == []
    assert result['not_queued'] == [UNKNOWN_ID]
    assert (result['count_before'], result['count_after']) == (4, 4)
    assert len(wire.sent) == 1


def test_duplicate_ids_are_acted_on_once(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(BOUNCE['id'])),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID)))
    result = run({'id': [BOUNCE['id'], BOUNCE['id']]})
    assert ids(result['messages']) == [BOUNCE['id']]


def test_check_mode_reports_exactly_what_would_be_removed_and_sends_no_write(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'id': [BILLING['id'], UNKNOWN_ID]}, check_mode=True)
    assert result['changed'] is True
    assert result['messages'] == [BILLING] and result['not_queued'] == [UNKNOWN_ID]
    assert (result['count_before'], result['count_after']) == (4, 3)
    assert operations(wire) == [('list_msg', None, None)]


def test_frozen_sends_one_delete_frozen_msg_when_a_frozen_message_is_queued(wire):
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed('Message %s has been removed' % BOUNCE['id'], key='message'),
                         form=operation('delete_frozen_msg')),
                brainycp(queue_list(NEWSLETTER, BILLING)))
    result = run({'frozen': True})
    assert result['changed'] is True
    assert result['messages'] == [BOUNCE, ROOT_NEW_ID]
    assert (result['count_before'], result['count_after']) == (4, 2)


def test_a_frozen_message_still_queued_after_the_one_call_fails_without_saying_the_panel_named_it(wire):
    # delete_frozen_msg reports success for the call as a whole; a message thawed meanwhile, or locked by a
    # delivery, stays queued without the panel having said it removed that message.
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed('Message %s has been removed' % BOUNCE['id'], key='message')),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID)))
    result = run({'frozen': True})
    assert result.failed and result['changed'] is True and result['messages'] == [BOUNCE]
    assert ('the panel reported the frozen messages removed, but reading the queue back shows %s still queued'
            % ROOT_NEW_ID['id']) in result['msg']


def test_frozen_with_no_frozen_message_queued_sends_nothing(wire):
    wire.expect(brainycp(queue_list(NEWSLETTER, BILLING)))
    result = run({'frozen': True})
    assert result['changed'] is False and result['messages'] == []
    assert len(wire.sent) == 1


def test_frozen_fails_before_any_write_when_the_panel_does_not_say_which_messages_are_frozen(wire):
    unflagged = {key: value for key, value in NEWSLETTER.items() if key != 'frozen'}
    wire.expect(brainycp(queue_list(unflagged, BOUNCE)))
    result = run({'frozen': True})
    assert result.failed and result['changed'] is False
    assert 'does not say whether %s is frozen' % NEWSLETTER['id'] in result['msg']
    assert len(wire.sent) == 1


def test_check_mode_for_frozen_predicts_the_count(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'frozen': True}, check_mode=True)
    assert ids(result['messages']) == [BOUNCE['id'], ROOT_NEW_ID['id']]
    assert (result['count_before'], result['count_after'], result['changed']) == (4, 2, True)
    assert len(wire.sent) == 1


def test_all_with_force_sends_the_documented_misspelled_parameter(wire):
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed(key='message'), form=operation('delete_all_msg', dellete_forse='1')),
                brainycp(queue_list()))
    result = run({'all': True, 'force': True})
    assert result['changed'] is True and result['messages'] == QUEUE
    assert (result['count_before'], result['count_after']) == (4, 0)


def test_all_without_force_sends_no_force_parameter(wire):
    wire.expect(brainycp(queue_list(BOUNCE)),
                brainycp(completed(key='message'), check=lambda sent: 'dellete_forse' not in sent.form),
                brainycp(queue_list()))
    assert run({'all': True})['changed'] is True


def test_all_on_an_empty_queue_changes_nothing(wire):
    wire.expect(brainycp(queue_list()))
    result = run({'all': True, 'force': True})
    assert result['changed'] is False and result['messages'] == []
    assert (result['count_before'], result['count_after']) == (0, 0)
    assert len(wire.sent) == 1


def test_a_forced_deletion_the_mail_server_does_not_support_fails_with_the_panels_text(wire):
    # Refused, so nothing changed and the queue is not read again.
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(answer(100, 'The mail server does not support forced deletion', key='message')))
    result = run({'all': True, 'force': True})
    assert result.failed and result['changed'] is False and result['messages'] == []
    assert '[100] The mail server does not support forced deletion' in result['msg']
    assert result['error']['code'] == 100 and result['error']['operation'] == 'delete_all_msg'


def test_reshipped_resends_each_queued_id(wire):
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed('Message %s delivered' % BILLING['id']),
                         form=operation('controll_msg', id=BILLING['id'], command='reship')),
                brainycp(queue_list(NEWSLETTER, BOUNCE, ROOT_NEW_ID)))
    result = run({'id': [BILLING['id'], UNKNOWN_ID], 'state': 'reshipped'}, diff=True)
    assert result['changed'] is True and result['messages'] == [BILLING]
    assert result['not_queued'] == [UNKNOWN_ID]
    assert result['count_after'] == 3
    assert result['diff']['after']['queue'] == [NEWSLETTER['id'], BOUNCE['id'], ROOT_NEW_ID['id']]


def test_a_resent_message_that_stays_queued_is_marked_in_the_diff(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(completed('deferred')), brainycp(queue_list(*QUEUE)))
    result = run({'id': [BILLING['id']], 'state': 'reshipped'}, diff=True)
    assert result['changed'] is True and result['count_after'] == 4
    assert '%s (resent)' % BILLING['id'] in result['diff']['after']['queue']


def test_reshipped_in_check_mode_predicts_an_unchanged_count(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'id': BILLING['id'], 'state': 'reshipped'}, check_mode=True)
    assert result['changed'] is True and result['messages'] == [BILLING]
    assert (result['count_before'], result['count_after']) == (4, 4)
    assert len(wire.sent) == 1


def test_reshipping_ids_that_are_not_queued_changes_nothing(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'id': UNKNOWN_ID, 'state': 'reshipped'})
    assert result['changed'] is False and result['not_queued'] == [UNKNOWN_ID]
    assert len(wire.sent) == 1


@pytest.mark.parametrize('code, text', [
    (100, 'Invalid value command'),
    (101, 'Missing message id'),
    (102, 'The server for sending letters is missing or incorrectly specified'),
    (400, NOT_AVAILABLE),
])
def test_controll_msg_errors_fail_with_the_panels_code_and_text(wire, code, text):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(answer(code, text)))
    result = run({'id': BILLING['id'], 'state': 'reshipped'})
    assert result.failed and result['changed'] is False and result['messages'] == []
    assert 'Resending message %s' % BILLING['id'] in result['msg'] and '[%d] %s' % (code, text) in result['msg']
    assert (result['error']['code'], result['error']['text']) == (code, text)


def test_a_failure_after_some_removals_reports_them_and_changed(wire):
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(removed(NEWSLETTER['id'])),
                brainycp(removed(BOUNCE['id'])),
                brainycp(answer(400, NOT_AVAILABLE)),
                brainycp(queue_list(BILLING, ROOT_NEW_ID)))
    result = run({'id': ids(QUEUE)})
    assert result.failed and result['changed'] is True
    assert result['messages'] == [NEWSLETTER, BOUNCE] and result['count_after'] == 2
    assert result['msg'] == ('brainy.example.com:8000: Changing the queue failed: Removing message %s: BrainyCP '
                             'mailserver/controll_msg failed: [400] %s; already removed: %s, %s; the queue read back '
                             'holds 2 message(s), and these left it: %s, %s'
                             % (BILLING['id'], NOT_AVAILABLE, NEWSLETTER['id'], BOUNCE['id'], NEWSLETTER['id'],
                                BOUNCE['id']))
    assert len(wire.sent) == 5


def test_a_refused_first_removal_changes_nothing_even_when_messages_leave_the_queue_meanwhile(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(answer(101, 'Missing message id')))
    result = run({'id': [NEWSLETTER['id'], BOUNCE['id']]}, diff=True)
    assert result.failed and result['changed'] is False and result['messages'] == []
    assert result['diff']['before'] == result['diff']['after'] and len(wire.sent) == 2


def test_messages_delivered_during_the_task_are_not_reported_as_removed(wire):
    # NEWSLETTER is removed, BOUNCE refused; Exim delivers BOUNCE and BILLING (never sent) meanwhile.
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(NEWSLETTER['id'])),
                brainycp(answer(101, 'Missing message id')), brainycp(queue_list(ROOT_NEW_ID)))
    result = run({'id': [NEWSLETTER['id'], BOUNCE['id'], BILLING['id']]})
    assert result.failed and result['changed'] is True and result['messages'] == [NEWSLETTER]
    assert result['msg'].endswith('and these left it: %s' % NEWSLETTER['id'])


def test_a_message_after_a_lost_removal_is_not_reported_removed_when_it_leaves_the_queue(wire):
    # The answer about NEWSLETTER is lost, so BOUNCE is never sent; both are gone when the queue is read back.
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp('', raises=requests.exceptions.ReadTimeout('timed out')),
                brainycp(queue_list(BILLING, ROOT_NEW_ID)))
    result = run({'id': [NEWSLETTER['id'], BOUNCE['id']]})
    assert result.failed and result['changed'] is True and ids(result['messages']) == [NEWSLETTER['id']]
    assert 'may have applied this change' in result['msg'] and len(wire.sent) == 3


@pytest.mark.parametrize('check_mode', [False, True], ids=['change', 'check-mode'])
def test_report_changes_returns_only_the_ids_acted_on_in_the_order_given(wire, check_mode):
    wire.expect(brainycp(queue_list(*QUEUE)),
                *([] if check_mode else [brainycp(removed(ROOT_NEW_ID['id']), form=delete(ROOT_NEW_ID['id'])),
                                         brainycp(removed(NEWSLETTER['id']), form=delete(NEWSLETTER['id'])),
                                         brainycp(queue_list(BOUNCE, BILLING))]))
    result = run({'id': [ROOT_NEW_ID['id'], UNKNOWN_ID, NEWSLETTER['id']], 'report': 'changes'}, check_mode=check_mode)
    assert not result.failed and result['changed'] is True
    assert result['changed_messages'] == [ROOT_NEW_ID['id'], NEWSLETTER['id']]
    assert 'messages' not in result and 'output' not in result
    assert result['not_queued'] == [UNKNOWN_ID]
    assert (result['count_before'], result['count_after']) == (4, 2)
    assert len(wire.sent) == (1 if check_mode else 4)


def test_report_changes_of_the_whole_queue_lists_every_id_and_nothing_once_it_is_empty(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(completed(key='message'), form=operation('delete_all_msg')),
                brainycp(queue_list()), brainycp(queue_list()))
    emptied = run({'all': True, 'report': 'changes'})
    assert emptied['changed'] is True and emptied['changed_messages'] == ids(QUEUE)
    again = run({'all': True, 'report': 'changes'}, diff=True)
    assert again['changed'] is False and again['changed_messages'] == []
    assert again['diff'] == {'before': {'queue': []}, 'after': {'queue': []}}


def test_report_changes_of_a_resend_returns_the_ids_resent_whether_or_not_they_left_the_queue(wire):
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed('deferred'), form=operation('controll_msg', id=BILLING['id'], command='reship')),
                brainycp(completed('delivered'), form=operation('controll_msg', id=BOUNCE['id'], command='reship')),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID)))
    result = run({'id': [BILLING['id'], BOUNCE['id']], 'state': 'reshipped', 'report': 'changes'}, diff=True)
    assert result['changed'] is True and result['changed_messages'] == [BILLING['id'], BOUNCE['id']]
    assert 'messages' not in result and 'output' not in result and result['count_after'] == 3
    assert result['diff']['after']['queue'] == [NEWSLETTER['id'], '%s (resent)' % BILLING['id'], ROOT_NEW_ID['id']]


def test_report_changes_still_returns_the_messages_and_output_when_the_task_fails(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(NEWSLETTER['id'])),
                brainycp(answer(400, NOT_AVAILABLE)), brainycp(queue_list(BOUNCE, BILLING, ROOT_NEW_ID)))
    result = run({'id': [NEWSLETTER['id'], BOUNCE['id']], 'report': 'changes'})
    assert result.failed and result['changed'] is True
    assert result['messages'] == [NEWSLETTER] and result['output'] == ['Message %s has been removed' % NEWSLETTER['id']]
    assert 'changed_messages' not in result


@pytest.mark.parametrize('left, removed_ids', [
    ((BILLING, ROOT_NEW_ID), [NEWSLETTER['id'], BOUNCE['id']]),
    ((BOUNCE, BILLING, ROOT_NEW_ID), [NEWSLETTER['id']]),
], ids=['the-lost-one-happened', 'the-lost-one-did-not'])
def test_a_connection_lost_during_a_removal_is_not_retried_and_the_read_back_says_what_happened(
        wire, left, removed_ids):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(NEWSLETTER['id'])),
                brainycp('', raises=requests.exceptions.ConnectionError('connection reset by peer')),
                brainycp(queue_list(*left)))
    result = run({'id': [NEWSLETTER['id'], BOUNCE['id']]})
    assert result['changed'] is True and ids(result['messages']) == removed_ids and len(wire.sent) == 4
    if len(removed_ids) == 2:
        assert not result.failed and 'the queue read back no longer lists' in str(result['warnings'])
    else:
        assert result.failed and 'may have applied this change' in result['msg']
        assert 'these left it: %s' % ', '.join(removed_ids) in result['msg']


FROZEN_NEWSLETTER = dict(NEWSLETTER, frozen=True)


@pytest.mark.parametrize('args, queue, left, removed_ids', [
    ({'frozen': True}, (FROZEN_NEWSLETTER, BOUNCE, BILLING), (BILLING,), [NEWSLETTER['id'], BOUNCE['id']]),
    ({'frozen': True}, (FROZEN_NEWSLETTER, BOUNCE, BILLING), (BOUNCE, BILLING), [NEWSLETTER['id']]),
    ({'all': True}, (NEWSLETTER, BOUNCE, BILLING), (), [NEWSLETTER['id'], BOUNCE['id'], BILLING['id']]),
    ({'all': True}, (NEWSLETTER, BOUNCE, BILLING), (BILLING,), [NEWSLETTER['id'], BOUNCE['id']]),
], ids=['frozen-all-left', 'frozen-one-stays', 'all-left', 'all-one-stays'])
def test_the_one_call_of_frozen_or_all_whose_answer_is_lost_is_settled_by_the_read_back(
        wire, args, queue, left, removed_ids):
    wire.expect(brainycp(queue_list(*queue)), brainycp('', raises=requests.exceptions.ReadTimeout('timed out')),
                brainycp(queue_list(*left)))
    result = run(args)
    assert result['changed'] is True and ids(result['messages']) == removed_ids and len(wire.sent) == 3
    if len(removed_ids) == len(queue) - (1 if 'frozen' in args else 0):
        assert not result.failed and 'the queue read back no longer lists' in str(result['warnings'])
    else:
        assert result.failed and 'may have applied this change' in result['msg']


def test_a_lost_removal_whose_read_back_fails_too_says_both(wire):
    broken = requests.exceptions.ConnectionError('connection reset by peer')
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp('', raises=broken),
                *[brainycp('', raises=broken) for dummy in range(4)])
    result = run({'id': [BOUNCE['id']]})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    assert 'may have applied this change' in result['msg'] and 'reading the queue back failed too' in result['msg']


def test_a_module_that_is_not_available_fails_at_the_listing_with_the_panels_text(wire):
    wire.expect(brainycp(not_available()))
    result = run({'all': True})
    assert result.failed and result['changed'] is False
    assert NOT_AVAILABLE in result['msg'] and result['error']['operation'] == 'list_msg'
    assert len(wire.sent) == 1


def test_console_output_that_echoes_the_password_escaped_is_masked(wire):
    # Ansible masks the password only as it was given; a console line may echo it HTML-escaped.
    password = 'Br4iny"Pa55'
    wire.expect(brainycp(queue_list(*QUEUE)),
                brainycp(completed('exim -Mrm as root/Br4iny&quot;Pa55', 'Message %s has been removed' % BOUNCE['id'])),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID)))
    result = run_module(brainycp_mail_queue, dict(CONNECTION, password=password, id=BOUNCE['id']))
    assert not result.failed and result['changed'] is True
    assert result['output'] == ['exim -Mrm as root/********', 'Message %s has been removed' % BOUNCE['id']]
    assert 'Br4iny&quot;Pa55' not in result.text


def test_a_rejected_login_fails_clearly_without_leaking_the_password(wire):
    wire.expect(brainycp(login_failure()))
    result = run({'all': True})
    assert result.failed and 'did not accept the login' in result['msg']
    assert result['error']['type'] == 'BrainycpAuthError'
    assert_no_secret(result, PASSWORD)


def test_an_unreadable_queue_fails_with_the_raw_answer_before_any_write(wire):
    wire.expect(brainycp(answer(0, 'Mail queue list', 'queue is busy')))
    result = run({'all': True})
    assert result.failed and result['error']['type'] == 'PanelProtocolError'
    assert "'queue is busy'" in result['msg']
    assert len(wire.sent) == 1


def test_a_queue_keyed_by_id_with_string_numbers_is_understood(wire):
    listing = {BOUNCE['id']: dict({key: value for key, value in BOUNCE.items() if key != 'id'}, frozen='1'),
               NEWSLETTER['id']: dict({key: value for key, value in NEWSLETTER.items() if key != 'id'}, frozen='0')}
    wire.expect(brainycp(json.dumps({'error': '0', 'mess': 'Mail queue list', 'detail': listing})),
                brainycp(completed(key='message'), form=operation('delete_frozen_msg')),
                brainycp(json.dumps({'error': '0', 'mess': 'Mail queue list', 'detail': {
                    NEWSLETTER['id']: listing[NEWSLETTER['id']]}})))
    result = run({'frozen': True})
    assert result['messages'] == [BOUNCE] and (result['count_before'], result['count_after']) == (2, 1)


def test_the_diff_lists_the_queued_ids_before_and_after_only_in_diff_mode(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(queue_list(*QUEUE)))
    assert 'diff' not in run({'frozen': True}, check_mode=True)
    result = run({'frozen': True}, check_mode=True, diff=True)
    assert result['diff'] == {'before': {'queue': ids(QUEUE)}, 'after': {'queue': [NEWSLETTER['id'], BILLING['id']]}}


@pytest.mark.parametrize('args, words', [
    ({}, 'exactly one of id, frozen: true or all: true; got none of them'),
    ({'id': [BOUNCE['id']], 'all': True}, "got id=['%s'], all=True" % BOUNCE['id']),
    ({'frozen': True, 'all': True}, 'got frozen=True, all=True'),
    ({'id': [BOUNCE['id']], 'frozen': False}, "got id=['%s'], frozen=False" % BOUNCE['id']),
    ({'frozen': False}, 'frozen: false selects no messages'),
    ({'all': False}, 'all: false selects no messages'),
    ({'frozen': True, 'force': True}, 'force: true applies only with all: true'),
    ({'id': [BOUNCE['id']], 'force': True}, 'force: true applies only with all: true'),
    ({'all': True, 'state': 'reshipped'}, 'state=reshipped resends the messages named in id; got all: true'),
    ({'frozen': True, 'state': 'reshipped'}, 'got frozen: true'),
    ({'id': [BOUNCE['id'], 'not-an-id']}, "got 'not-an-id'"),
    ({'id': ['1YlG2A-000Hzk-E', '1vGk2P-0000004xQz1-0aB']}, "got '1YlG2A-000Hzk-E', '1vGk2P-0000004xQz1-0aB'"),
    ({'id': [BOUNCE['id'], ' ']}, "id must not be empty, got ' '"),
    ({'id': []}, 'id must not be an empty list'),
    ({'all': True, 'state': 'gone'}, 'value of state must be one of: absent, reshipped, got: gone'),
    ({'all': True, 'report': 'everything'}, 'value of report must be one of: messages, changes, got: everything'),
    ({'all': True, 'port': 0}, 'port must be between 1 and 65535, got 0'),
    ({'all': True, 'host': 'https://brainy.example.com'}, "got 'https://brainy.example.com'"),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg'], result['msg']
    assert wire.sent == []


def test_an_id_is_matched_exactly_after_trimming_blanks(wire):
    wire.expect(brainycp(queue_list(*QUEUE)), brainycp(removed(BOUNCE['id']), form=delete(BOUNCE['id'])),
                brainycp(queue_list(NEWSLETTER, BILLING, ROOT_NEW_ID)))
    assert run({'id': ['  %s ' % BOUNCE['id']]})['changed'] is True


@pytest.mark.parametrize('option', ['username', 'password'])
def test_an_empty_username_or_password_fails_naming_it_before_any_request(wire, monkeypatch, option):
    # From the task, or from a variable that is set but empty.
    monkeypatch.setenv('BRAINYCP_%s' % option.upper(), '')
    args = dict(CONNECTION, all=True)
    del args[option]
    for given in (run_module(brainycp_mail_queue, args), run(dict(all=True, **{option: ''}))):
        assert given.failed and given['msg'] == "%s must not be empty, got ''" % option
    assert wire.sent == []


def test_connection_options_come_from_environment_variables(wire, monkeypatch):
    for name, value in dict(BRAINYCP_HOST='10.0.0.9', BRAINYCP_PORT='8002', BRAINYCP_SCHEME='http',
                            BRAINYCP_USERNAME='admin', BRAINYCP_PASSWORD='env-pass', BRAINYCP_TIMEOUT='7').items():
        monkeypatch.setenv(name, value)
    wire.expect(brainycp(queue_list()))
    result = run_module(brainycp_mail_queue, {'all': True})
    sent = wire.sent[0]
    assert not result.failed
    assert sent.url == 'http://10.0.0.9:8002/api/api.php' and sent.timeout == 7
    assert (sent.form['username'], sent.form['password']) == ('admin', 'env-pass')
    assert 'env-pass' not in result.text
