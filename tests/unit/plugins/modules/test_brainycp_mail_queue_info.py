# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_queue_info
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import (
    BILLING,
    BOUNCE,
    NEWSLETTER,
    NOT_AVAILABLE,
    QUEUE,
    ROOT_NEW_ID,
    answer,
    login_failure,
    not_available,
    operation,
    queue_list,
)
from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp

PASSWORD = 'Br4iny-Pa55word'
CONNECTION = {'host': 'brainy.example.com', 'username': 'root', 'password': PASSWORD}


def run(args, **kwargs):
    return run_module(brainycp_mail_queue_info, dict(CONNECTION, **args), **kwargs)


def test_the_whole_queue_with_one_list_msg_call(wire):
    wire.expect(brainycp(queue_list(*QUEUE), form=operation('list_msg')))
    result = run({})
    assert not result.failed and result['changed'] is False
    assert result['messages'] == QUEUE
    assert (result['count'], result['matched']) == (4, 4)
    assert len(wire.sent) == 1 and 'not_queued' not in result


def test_an_empty_queue_is_an_empty_list_not_a_failure(wire):
    wire.expect(brainycp(queue_list()))
    result = run({})
    assert not result.failed and result['messages'] == [] and (result['count'], result['matched']) == (0, 0)


def test_it_reads_in_check_mode(wire):
    wire.expect(brainycp(queue_list(BOUNCE)))
    assert run({}, check_mode=True)['messages'] == [BOUNCE]


@pytest.mark.parametrize('args, expected', [
    ({'frozen': True}, [BOUNCE, ROOT_NEW_ID]),
    ({'frozen': False}, [NEWSLETTER, BILLING]),
    ({'sender': 'EXAMPLE.com'}, [NEWSLETTER, BILLING, ROOT_NEW_ID]),
    ({'sender': 'billing@'}, [BILLING]),
    ({'sender': '<>'}, [BOUNCE]),
    ({'recipient': 'B@Example.ORG'}, [BILLING]),
    ({'recipient': 'example.net'}, [NEWSLETTER, ROOT_NEW_ID]),
    ({'recipient': 'example.net', 'frozen': True}, [ROOT_NEW_ID]),
    ({'sender': 'example.com', 'recipient': 'example.org', 'frozen': False}, [BILLING]),
    ({'sender': 'nobody.invalid'}, []),
    ({'id': [ROOT_NEW_ID['id'], BOUNCE['id']]}, [BOUNCE, ROOT_NEW_ID]),
    ({'id': [BOUNCE['id'], NEWSLETTER['id']], 'frozen': True}, [BOUNCE]),
])
def test_filters_match_case_insensitive_substrings_and_all_must_match(wire, args, expected):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run(args)
    assert result['messages'] == expected
    assert (result['count'], result['matched']) == (4, len(expected))


def test_ids_that_are_not_queued_are_listed_not_an_error(wire):
    wire.expect(brainycp(queue_list(*QUEUE)))
    result = run({'id': [BILLING['id'], '1aGtJk-0000OE-1T']})
    assert not result.failed and result['messages'] == [BILLING] and result['not_queued'] == ['1aGtJk-0000OE-1T']


def test_a_message_whose_frozen_state_is_unknown_matches_neither_frozen_filter(wire):
    unflagged = {key: value for key, value in NEWSLETTER.items() if key != 'frozen'}
    wire.expect(brainycp(queue_list(unflagged, BOUNCE)), brainycp(queue_list(unflagged, BOUNCE)),
                brainycp(queue_list(unflagged, BOUNCE)))
    assert run({'frozen': True})['messages'] == [BOUNCE]
    assert run({'frozen': False})['messages'] == []
    assert run({})['messages'] == [dict(unflagged, frozen=None), BOUNCE]


def test_a_message_without_a_sender_does_not_match_a_sender_filter(wire):
    senderless = {key: value for key, value in NEWSLETTER.items() if key != 'sender'}
    wire.expect(brainycp(queue_list(senderless)))
    result = run({'sender': 'example'})
    assert result['messages'] == [] and result['count'] == 1


def test_a_module_that_is_not_available_fails_with_the_panels_code_and_text(wire):
    wire.expect(brainycp(not_available()))
    result = run({})
    assert result.failed and '[400] %s' % NOT_AVAILABLE in result['msg']
    assert result['error']['code'] == 400


def test_a_rejected_login_fails_without_leaking_the_password(wire):
    wire.expect(brainycp(login_failure()))
    result = run({})
    assert result.failed and result['error']['type'] == 'BrainycpAuthError'
    assert_no_secret(result, PASSWORD)


def test_an_unreadable_queue_fails_with_the_raw_answer(wire):
    wire.expect(brainycp(answer(0, 'Mail queue list', [{'sender': 'a@example.com'}])))
    result = run({})
    assert result.failed and 'has no id' in result['msg'] and "'sender': 'a@example.com'" in result['msg']


@pytest.mark.parametrize('args, words', [
    ({'sender': ''}, "sender must not be empty, got ''"),
    ({'recipient': '  '}, "recipient must not be empty, got '  '"),
    ({'frozen': 'perhaps'}, 'frozen'),
    ({'id': ['1YlG2A-000Hzk-En', 'not-an-id']}, "id must be Exim message ids such as 1YlG2A-000Hzk-En (Exim 4.96 and "
                                                "older) or 1vGk2P-0000004xQz1-0aBc (Exim 4.97 and newer), got 'not-an-id'"),
    ({'id': []}, 'id'),
])
def test_bad_input_fails_naming_the_field_and_value_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []
