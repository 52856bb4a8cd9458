# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import BrainycpClient, as_int
from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    BrainycpAccessError,
    BrainycpApiError,
    BrainycpAuthError,
    MAY_HAVE_APPLIED,
    PanelError,
    PanelHttpError,
    PanelProtocolError,
)
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp

SECRET = 'Br4iny-Secret'


def client():
    return BrainycpClient(HttpClient('https://brainy.example.com:8000', panel='brainycp'), 'root', SECRET)


def client_with_style(style):
    return BrainycpClient(HttpClient('https://brainy.example.com:8000', panel='brainycp'), 'root', SECRET, style=style)


@pytest.mark.parametrize('style, identity', [
    # Exactly the call the "API: Mail" page documents.
    ('documented', {'mailserver': 'mailserver', 'controll_msg': 'controll_msg', 'username': 'root',
                    'password': SECRET}),
    # What the public clients send to other modules.
    ('module', {'module': 'mailserver', 'subdo': 'controll_msg', 'login': 'root', 'pass': SECRET}),
    # Both, as one public client sends them.
    ('combined', {'module': 'mailserver', 'subdo': 'controll_msg', 'mailserver': 'mailserver',
                  'controll_msg': 'controll_msg', 'username': 'root', 'password': SECRET, 'login': 'root',
                  'pass': SECRET}),
])
def test_each_request_style_sends_exactly_its_fields_with_english_texts(wire, style, identity):
    wire.expect(brainycp(json.dumps({'error': 0, 'mess': 'Request completed', 'detail': []})))
    client_with_style(style).call('mailserver', 'controll_msg', {'id': '1YlG2A-000Hzk-En', 'command': 'delete'},
                                  read_only=False)
    sent = wire.sent[0]
    assert sent.method == 'POST' and sent.url == 'https://brainy.example.com:8000/api/api.php'
    assert sent.headers['Content-Type'] == 'application/x-www-form-urlencoded'
    assert sent.form == dict(identity, language='en', id='1YlG2A-000Hzk-En', command='delete')
    assert SECRET not in sent.url


def test_the_documented_style_is_the_default(wire):
    wire.expect(brainycp(json.dumps({'error': 0, 'message': 'Number of messages', 'detail': 0})))
    client().call('mailserver', 'count_msg')
    assert sorted(wire.sent[0].form) == ['count_msg', 'language', 'mailserver', 'password', 'username']


@pytest.mark.parametrize('answer, code, message', [
    ({'error': 0, 'mess': 'Mail queue list', 'detail': [1]}, 0, 'Mail queue list'),
    ({'error': '0', 'message': 'Request completed', 'detail': {'a': 1}}, 0, 'Request completed'),
    ({'code': 0, 'message': 'ok'}, 0, 'ok'),
    ({'code': 201, 'message': 'Created'}, 201, 'Created'),
    ({'code': '200'}, 200, ''),
    ({'err': 0, 'mess': 'done'}, 0, 'done'),
    ({'error': 0.0, 'mess': 'float zero'}, 0, 'float zero'),
    ({'error': False, 'mess': 'PHP false'}, 0, 'PHP false'),
    ({'error': False, 'code': 201, 'message': 'a number wins over false'}, 201, 'a number wins over false'),
])
def test_answers_are_decoded_tolerantly(wire, answer, code, message):
    wire.expect(brainycp(json.dumps(answer)))
    decoded = client().call('mailserver', 'list_msg')
    assert (decoded.code, decoded.message, decoded.detail) == (code, message, answer.get('detail'))


def test_a_byte_order_mark_does_not_hide_the_json(wire):
    wire.expect(brainycp('\ufeff{"error": 0, "mess": "ok"}'.encode('utf-8')))
    assert client().call('mailserver', 'count_msg').code == 0


@pytest.mark.parametrize('answer, code', [
    ({'error': True, 'mess': 'failed, no code'}, -1),
    ({'error': False, 'code': 3, 'message': 'a number wins over false'}, 3),
])
def test_boolean_statuses_never_hide_a_failure(wire, answer, code):
    wire.expect(brainycp(json.dumps(answer)))
    with pytest.raises(BrainycpApiError) as caught:
        client().call('mailserver', 'list_msg')
    assert caught.value.code == code


def test_false_beside_a_login_failure_is_still_a_login_failure(wire):
    wire.expect(brainycp(json.dumps({'error': False, 'code': 1, 'message': 'Not perm2'})))
    with pytest.raises(BrainycpAuthError):
        client().call('mailserver', 'list_msg')


def test_the_login_failure_answer_is_an_authentication_error(wire):
    wire.expect(brainycp(json.dumps({'code': 1, 'message': 'Not perm2'})))
    with pytest.raises(BrainycpAuthError) as caught:
        client().call('mailserver', 'list_msg')
    assert 'did not accept the login' in caught.value.message and 'Not perm2' in caught.value.message
    assert SECRET not in caught.value.message


@pytest.mark.parametrize('status, words', [(401, 'htpasswd'), (403, 'IP address')])
def test_http_401_and_403_are_distinct_access_errors(wire, status, words):
    wire.expect(brainycp('<h1>no</h1>', status=status))
    with pytest.raises(BrainycpAccessError) as caught:
        client().call('mailserver', 'list_msg')
    assert caught.value.status == status and words in caught.value.message


def test_other_http_statuses_are_http_errors(wire):
    wire.expect(brainycp('oops', status=500))
    with pytest.raises(PanelHttpError) as caught:
        client().call('mailserver', 'list_msg')
    assert caught.value.status == 500 and not isinstance(caught.value, BrainycpAccessError)


@pytest.mark.parametrize('status', [201, 202])
def test_another_success_status_carries_the_answer(wire, status):
    wire.expect(brainycp(json.dumps({'error': 0, 'message': 'Operation completed', 'detail': ['done']}), status=status))
    answer = client().call('mailserver', 'delete_all_msg', read_only=False)
    assert (answer.code, answer.detail) == (0, ['done'])


@pytest.mark.parametrize('status, applied', [(204, True), (302, False), (404, False), (502, True)])
def test_a_write_answered_without_a_readable_answer_may_have_applied_only_after_the_panel_took_it(wire, status, applied):
    # 204 is a success without the answer; 3xx and 4xx (but 401/403) refuse the call before it runs.
    wire.expect(brainycp('', status=status))
    with pytest.raises(PanelError) as caught:
        client().call('mailserver', 'delete_all_msg', read_only=False)
    assert caught.value.may_have_applied is applied
    assert caught.value.message.endswith(MAY_HAVE_APPLIED) is applied
    if status == 204:
        assert caught.value.message.startswith('BrainyCP, or a proxy in front of it, answered mailserver/delete_all_msg '
                                               'with HTTP 204 and no answer;')


@pytest.mark.parametrize('body, words', [
    ('', 'empty page'),
    ('   \n', 'empty page'),
    ('<html>login</html>', 'not JSON'),
    ('[1, 2]', 'expected an object'),
    ('{"mess": "no status"}', 'without a usable status'),
    ('{"error": "abc", "mess": "x"}', 'without a usable status'),
])
def test_unusable_answers_are_protocol_errors(wire, body, words):
    wire.expect(brainycp(body))
    with pytest.raises(PanelProtocolError) as caught:
        client().call('mailserver', 'list_msg')
    assert words in caught.value.message and 'mailserver/list_msg' in caught.value.message


def test_a_panel_error_carries_its_code_and_text(wire):
    wire.expect(brainycp(json.dumps({'error': 400, 'mess': 'Unfortunately, the module is not available to you.'})))
    with pytest.raises(BrainycpApiError) as caught:
        client().call('mailserver', 'list_msg')
    error = caught.value
    assert (error.code, error.text, error.operation) == (400, 'Unfortunately, the module is not available to you.', 'list_msg')
    assert error.to_dict()['code'] == 400


def test_accepted_codes_are_returned_not_raised(wire):
    wire.expect(brainycp(json.dumps({'error': '100', 'mess': 'The mail queue list is empty'})))
    answer = client().call('mailserver', 'list_msg', accept=(100,))
    assert (answer.code, answer.message) == (100, 'The mail queue list is empty')


@pytest.mark.parametrize('value, expected', [(3, 3), ('3', 3), (' 12 ', 12), ('-1', -1), (2.0, 2),
                                             (2.5, None), (True, None), ('x', None), (None, None),
                                             ('--1', None), ('\u00b2', None), ('-\u00b2', None), ('9' * 5000, None)])
def test_as_int(value, expected):
    assert as_int(value) == expected
