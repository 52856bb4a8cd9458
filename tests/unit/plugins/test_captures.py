# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Captures: what HOSTING_PANELS_CAPTURE writes, that it holds no secret, and that every capture in
tests/unit/captures replays to the result it recorded."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest
import requests

from ansible_collections.hosting.panels.plugins.module_utils._capture import (
    MASK,
    TOO_DEEP,
    Capture,
    mask_body,
    mask_headers,
    unmasked_secrets,
)
from ansible_collections.hosting.panels.plugins.module_utils import _errors
from ansible_collections.hosting.panels.plugins.module_utils._masking import secret_spellings
from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_filter, plesk_mailbox_rename
from ansible_collections.hosting.panels.tests.unit.harness import replay
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    system_error,
    done,
    lookup,
    named_mailboxes,
)
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import status
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, brainycp, plesk

CAPTURES = sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(__file__)), 'captures', '*.jsonl')))
PASSWORD = 'Plesk-Pa55word'
KEY = 'c0ffee00-aaaa-4000-8000-00000000beef'


def lines(path):
    with open(path, encoding='utf-8') as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def capture_file(tmp_path, monkeypatch):
    path = tmp_path / 'capture.jsonl'
    monkeypatch.setenv('HOSTING_PANELS_CAPTURE', str(path))
    return path


def test_a_module_run_writes_its_task_each_exchange_and_its_result(wire, capture_file):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['admin']))),
                plesk(answer(done('mail', 'rename'))))
    result = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': PASSWORD, 'site_id': 11,
                                               'name': 'admin', 'new_name': 'boss'})
    records = lines(capture_file)
    assert [record['kind'] for record in records] == ['task', 'exchange', 'exchange', 'result']
    assert len({record['run'] for record in records}) == 1 and {record['panel'] for record in records} == {'plesk'}
    task, read, write, recorded = records
    assert task['module'] == 'hosting.panels.plesk_mailbox_rename' and task['args']['password'] == MASK
    assert task['check_mode'] is False and task['diff'] is False
    assert read['status'] == 200 and read['url'] == 'https://plesk.example.com:8443/enterprise/control/agent.php'
    assert read['request_headers']['HTTP_AUTH_PASSWD'] == MASK and read['request_headers']['HTTP_AUTH_LOGIN'] == 'admin'
    assert '<mail><get_info>' in read['request'] and '<status>ok</status>' in read['response']
    assert read['duration_ms'] >= 0 and '<rename>' in write['request']
    assert recorded['result']['changed'] is True and recorded['result']['renames'] == result['renames']
    assert PASSWORD not in capture_file.read_text()


def test_a_secret_key_from_the_environment_and_session_cookies_never_reach_the_capture(wire, capture_file,
                                                                                       monkeypatch):
    monkeypatch.setenv('PLESK_SECRET_KEY', KEY)
    wire.expect(Exchange(body=answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['boss'])),
                         headers={'Set-Cookie': 'PHPSESSID=4f9e2b; path=/', 'Content-Type': 'text/xml'}))
    run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'site_id': 11, 'name': 'admin', 'new_name': 'boss'})
    text = capture_file.read_text()
    assert KEY not in text and '4f9e2b' not in text
    exchange = lines(capture_file)[1]
    assert exchange['request_headers']['KEY'] == MASK and exchange['response_headers']['Set-Cookie'] == MASK
    assert unmasked_secrets(text.splitlines()) == []


def test_a_brainycp_password_is_masked_in_the_form_and_a_broken_exchange_is_recorded(wire, capture_file):
    wire.expect(brainycp(status(True)), Exchange(raises=requests.exceptions.ReadTimeout('read timed out')),
                brainycp(status(True)))
    result = run_module(brainycp_mail_filter, {'host': 'brainy.example.com', 'username': 'root', 'password': 'Br4iny!',
                                               'name': 'clamav', 'state': 'disabled'})
    assert result.failed
    records = lines(capture_file)
    assert 'Br4iny' not in json.dumps(records)
    assert 'password=%2A%2A%2A%2A%2A%2A%2A%2A' in records[1]['request'] and 'username=root' in records[1]['request']
    assert records[2]['status'] is None and records[2]['error'].startswith('ReadTimeout: ')
    assert records[-1]['kind'] == 'result' and records[-1]['result']['failed'] is True


ECHOED = [
    # PHP's json_encode escapes "/" and "\"; HTML escapes & < > and quotes; a Python repr of the answer's bytes
    # spells letters beyond ASCII as \xNN, and doubles a backslash.
    ('Pa55/w0rd', '{"status":"fail","message":"password Pa55\\/w0rd refused"}'),
    ('a&b<c>"d', '<html><input name="password" value="a&amp;b&lt;c&gt;&quot;d"></html>'),
    ('\u041f\u0430\u0440\u043e\u043b\u044c!9x', 'Fatal error: cannot set password \u041f\u0430\u0440\u043e\u043b\u044c!9x'),
    ('Se\\cret"9', 'Fatal error: cannot set password Se\\cret"9'),
    ('Pa"ss\\w0rd', json.dumps({'error': 1, 'mess': 'Not perm2 for password Pa"ss\\w0rd'})),
    # PHP 8.1's htmlspecialchars writes ' as &#039;; an ASCII-only writer, letters beyond ASCII as references.
    ("it's-S3cret", '<html><p>password it&#039;s-S3cret refused</p></html>'),
    ('\u041f\u0430\u0440\u043e\u043b\u044c9', '<p>password &#1055;&#1072;&#1088;&#1086;&#1083;&#1100;9 refused</p>'),
    ('\u041f\u0430\u0440\u043e\u043b\u044c9', '<p>password &#x41f;&#x430;&#x440;&#x43e;&#x43b;&#x44c;9 refused</p>'),
    # JSON quoted raw in an answer that is not JSON, as json_encode writes it with its JSON_HEX_* flags.
    ('a<b>cX9', 'Fatal: {"mess":"password a\\u003Cb\\u003EcX9"}'),
    # A one-line answer with "=", which the capture reads as a form and encodes again.
    ('Pa55 w0rd!', 'Error: root/Pa55 w0rd! refused (code=5)'),
    ('a/b c', 'Fatal error: login=root&password=a%2Fb+c'),
    # Both quotes in the answer: Python's repr of it escapes the apostrophe.
    ("it's-S3cret", 'Fatal error: "password" it\'s-S3cret refused'),
    # A secret that a cut at 200 characters would split.
    ('Sup3rS3cretPassw0rd', 'x' * 190 + ' Sup3rS3cretPassw0rd refused'),
    # Texts the client decodes into its errors: an operation error's and a refused login's.
    ('a"b-S3cret', '{"error": 5, "mess": "bad value a&quot;b-S3cret"}'),
    ("it's-S3cret", '{"code": 1, "message": "Not perm2 for password it&#039;s-S3cret"}'),
    # PHP's json_encode escapes / by default, and with JSON_HEX_QUOT writes " in hex.
    ('a/b<cX9', 'Fatal: {"mess":"password a\\/b\\u003CcX9"}'),
    ('a"bcX9', 'Fatal: {"mess":"password a\\u0022bcX9"}'),
]


@pytest.mark.parametrize('password, body', ECHOED)
def test_an_escaped_echo_of_a_secret_reaches_neither_the_result_nor_the_capture(wire, capture_file, password, body):
    wire.expect(brainycp(body))
    result = run_module(brainycp_mail_filter, {'host': 'brainy.example.com', 'username': 'root', 'password': password,
                                               'name': 'clamav', 'retries': 0})
    assert result.failed and 'Reading the mail filters failed: ' in result['msg']
    printed = result['msg'] + json.dumps(result.get('error'))
    captured = capture_file.read_text()
    for spelling in secret_spellings([password]) | {password[:8]}:
        assert spelling not in printed and spelling not in result.text
        assert spelling not in captured and json.dumps(spelling, ensure_ascii=False)[1:-1] not in captured


@pytest.mark.parametrize('cut_after, masked_end', [(12, True), (2, False)])
def test_an_answer_cut_inside_a_secret_leaves_no_start_of_it_in_the_capture(tmp_path, cut_after, masked_end):
    path = tmp_path / 'capture.jsonl'
    secret = 'Br4iny-Pa55word-Long'
    answer = ('{"error":7,"mess":"bad pass %s' % secret[:cut_after]).encode('utf-8')
    Capture(str(path), 'brainycp', {secret}).exchange('POST', 'https://panel.example.com/', {}, b'', status=200,
                                                      response=answer, error='the answer was cut short')
    response = json.loads(path.read_text())['response']
    assert secret[:cut_after] not in response if masked_end else response.endswith('bad pass Br')
    assert response.endswith('bad pass ********') is masked_end


def test_the_capture_masks_with_the_same_mark_as_results():
    # _capture keeps its own copy, as tools/capture.py loads it without the rest of the collection.
    assert MASK == _errors.MASK


@pytest.mark.parametrize('password, echoed', [
    # An XML or HTML writer may spell a control character as a numeric reference, with letters beyond ASCII
    # written as they are or as references too.
    ('Pa\tss9w0rd', 'Pa&#9;ss9w0rd'),
    ('Pa\nss9w0rd', 'Pa&#xA;ss9w0rd'),
    ('Pa\r\nss9w0rd', 'Pa&#13;&#10;ss9w0rd'),
    ('\u041f\u0430\nX9', '\u041f\u0430&#10;X9'),
    ('\u041f\u0430\nX9', '&#x41F;&#x430;&#xA;X9'),
    # Padded with zeros (Python's ElementTree writes a tab as &#09;), decimal and hex mixed, and libxml2's text,
    # which writes a carriage return as a reference and the line feed after it as it is.
    ('Pa\tss9w0rd', 'Pa&#09;ss9w0rd'),
    ('\u041f\u0430\nX9', '&#x041F;\u0430&#10;X9'),
    ('\u041f\nX9', '&#1055;&#xa;X9'),
    ('Pb\r\nss9w0rd', 'Pb&#13;\nss9w0rd'),
])
def test_a_secret_with_a_control_character_echoed_as_a_reference_is_masked(wire, capture_file, password, echoed):
    wire.expect(brainycp('<html><input name="password" value="%s"></html>' % echoed))
    result = run_module(brainycp_mail_filter, {'host': 'brainy.example.com', 'username': 'root', 'password': password,
                                               'name': 'clamav', 'retries': 0})
    assert result.failed and '********' in result['msg']
    # As the message quotes it (repr), and as the result and the capture write it (JSON).
    for written in (echoed, repr(echoed)[1:-1], json.dumps(echoed)[1:-1], json.dumps(echoed, ensure_ascii=False)[1:-1],
                    json.dumps(repr(echoed)[1:-1])[1:-1]):
        assert written not in result.text and written not in capture_file.read_text()


@pytest.mark.parametrize('password, echoed', [
    # ASCII punctuation as numeric references (Go's escapers write " as &#34;), & < > among them.
    ('Pl3sk"pw9', 'Pl3sk&#34;pw9'),
    ('a+b&c<dX9', 'a&#43;b&#x26;c&#60;dX9'),
    # Percent-encoding with the hex digits in lower case, and Python's quote() leaving "/" as it is.
    ('Br4iny/Pa55+word', 'Br4iny%2fPa55%2bword'),
    ('Br4iny/Pa55&word', 'Br4iny/Pa55%26word'),
    # In another case: an error text written in capitals.
    ('Br4iny-Pa55word', 'BR4INY-PA55WORD'),
    ('Pl3sk"pw9', 'PL3SK&#34;PW9'),
])
def test_a_secret_echoed_in_other_spellings_writers_use_is_masked(wire, capture_file, password, echoed):
    wire.expect(brainycp('Fatal error: bad value %s, see /login.php?pass=%s' % (echoed, echoed)))
    result = run_module(brainycp_mail_filter, {'host': 'brainy.example.com', 'username': 'root', 'password': password,
                                               'name': 'clamav', 'retries': 0})
    assert result.failed and '********' in result['msg']
    for written in (echoed, repr(echoed)[1:-1], json.dumps(echoed)[1:-1]):
        assert written not in result.text and written not in capture_file.read_text()


def test_a_plesk_error_code_that_is_not_a_number_is_masked_like_its_text(wire):
    password = 'Pl3sk&Key9'
    wire.expect(plesk(system_error(1001, 'x').replace('<errcode>1001</errcode>', '<errcode>Pl3sk&amp;amp;Key9</errcode>')))
    result = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': password, 'site_id': 11,
                                               'name': 'admin', 'new_name': 'boss', 'retries': 0})
    assert result.failed and result['error']['code'] == '********'
    assert 'Pl3sk&amp;Key9' not in result.text and 'Pl3sk' not in json.dumps(result['error'])


def test_a_plesk_password_beyond_ascii_echoed_in_an_answer_that_is_not_xml_is_masked(wire, capture_file):
    # The message quotes the answer's first bytes, where Python spells every letter beyond ASCII as \xNN.
    password = '\u041f\u0430\u0440\u043e\u043b\u044c!9x'
    wire.expect(plesk('Fatal error: wrong password %s' % password))
    result = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': password, 'site_id': 11,
                                               'name': 'admin', 'new_name': 'boss', 'retries': 0})
    assert result.failed and 'not XML' in result['msg'] and '********' in result['msg']
    for spelling in (password, repr(password.encode('utf-8'))[2:-1]):
        assert spelling not in result['msg'] and spelling not in result.text
        assert spelling not in capture_file.read_text() and json.dumps(spelling)[1:-1] not in capture_file.read_text()


def test_an_escaped_echo_in_plesk_error_text_and_in_a_redirect_is_masked(wire, capture_file):
    password = "it's-Pl3sk"
    wire.expect(plesk(system_error(1001, 'Authentication failed for it&amp;#039;s-Pl3sk')))
    refused = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': password, 'site_id': 11,
                                                'name': 'admin', 'new_name': 'boss', 'retries': 0})
    wire.expect(Exchange(status=302, headers={'Location': 'https://plesk.example.com/login?p=it%27s-Pl3sk'}))
    redirected = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': password, 'site_id': 11,
                                                   'name': 'admin', 'new_name': 'boss', 'retries': 0})
    assert refused.failed and refused['error']['text'] == 'Authentication failed for ********'
    assert redirected.failed and 'redirect to https://plesk.example.com/login (its query left out) not followed' in redirected['msg']
    for spelling in secret_spellings([password]):
        assert spelling not in refused.text and spelling not in redirected.text


@pytest.mark.parametrize('secret, body', [
    # A secret that is also a tag name, a number or a field name must not stop the other secrets being masked.
    ('password', b'<packet><mail><get_info><result><mailname><password><value>OtherMailb0xPw</value></password>'),
    ('777777', b'{"code": 777777, "password": "OtherMailb0xPw"}'),
    ('pass', b'user=root&password=OtherMailb0xPw'),
])
def test_a_secret_that_is_also_syntax_leaves_the_other_secrets_masked(tmp_path, secret, body):
    path = tmp_path / 'capture.jsonl'
    Capture(str(path), 'plesk', {secret}).exchange('POST', 'https://panel.example.com/', {}, b'', status=200,
                                                   response=body)
    assert 'OtherMailb0xPw' not in path.read_text()


def test_an_escaped_echo_in_the_warning_of_a_run_that_succeeds_is_masked(wire, capture_file):
    # The answer to the rename is lost in an unreadable page; the read-back shows it done, and the task warns
    # quoting that page.
    password = '\u041f\u0430\u0440\u043e\u043b\u044c!9x'
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['admin']))),
                plesk('Fatal error: wrong password %s' % password),
                plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['boss']))))
    result = run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': password, 'site_id': 11,
                                               'name': 'admin', 'new_name': 'boss', 'retries': 0})
    assert not result.failed and 'Fatal error: wrong password ********' in str(result['warnings'])
    for spelling in secret_spellings([password]):
        assert spelling not in result.text and spelling not in capture_file.read_text()


def test_bad_input_is_captured_as_a_failed_result_without_exchanges(wire, capture_file):
    run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': PASSWORD, 'site_id': 11,
                                      'name': 'admin', 'new_name': 'ADMIN'})
    assert [record['kind'] for record in lines(capture_file)] == ['task', 'result']


def test_without_the_variable_nothing_is_written(wire, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wire.expect(brainycp(status(True)))
    run_module(brainycp_mail_filter, {'host': 'brainy.example.com', 'username': 'root', 'password': 'x1',
                                      'name': 'clamav'})
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize('body', [
    '<mailname><name>a</name><password type="plain"/></mailname><mailname><name>b</name></mailname>',
    '<mailname><name>a</name><password /></mailname><mailname><name>b</name></mailname>',
])
def test_an_empty_secret_element_masks_nothing_after_it(body):
    assert mask_body(body) == body


def test_an_end_tag_with_blanks_closes_the_secret():
    assert mask_body('<password>s3cret</password ><name>b</name>') == '<password>********</password ><name>b</name>'


@pytest.mark.parametrize('body, masked', [
    ('<packet><mail><update><set><filter><site-id>1</site-id><mailname><name>a</name><password><value>s3cret</value>'
     '<type>plain</type></password></mailname></filter></set></update></mail></packet>',
     '<password><value>********</value><type>plain</type></password>'),
    ('<packet><mail><create><mailname><name>a</name><password>s3cret</password></mailname></create></mail></packet>',
     '<password>********</password>'),
    ('mailserver=mailserver&count_msg=count_msg&username=root&password=s3cret&language=en',
     'password=%2A%2A%2A%2A%2A%2A%2A%2A'),
    ('login=root&pass=s3cret', 'pass=%2A%2A%2A%2A%2A%2A%2A%2A'),
    # Answers cut short inside the secret.
    ('<packet><mail><get_info><result><mailname><password>s3cret', '<password>********'),
    ('<packet><mail><get_info><result><mailname><password type="plain"><value>s3cret', '<value>********'),
    ('<packet><passwd <passwd <passwd><passwd>s3cret', '<passwd>********'),
    ('{"error": 0, "detail": {"mail_password": "s3cret"}}', '"mail_password": "********"'),
])
def test_secrets_are_masked_in_every_body_format(body, masked):
    assert masked in mask_body(body) and 's3cret' not in mask_body(body)
    assert unmasked_secrets([json.dumps({'kind': 'exchange', 'request': body})]) != []
    assert unmasked_secrets([json.dumps({'kind': 'exchange', 'request': mask_body(body)})]) == []


@pytest.mark.parametrize('depth', [600, 990, 3000, 100000])
def test_a_json_body_however_deep_is_masked_or_left_out_never_raised_or_leaked(depth):
    # Where reading or masking runs out of stack depends on the Python version (3.12 inlines comprehensions);
    # each depth must be masked or left out, never raise or show the secret.
    body = '{"a":' * depth + '{"password": "s3cret"}' + '}' * depth
    masked = mask_body(body)
    assert masked == TOO_DEEP or ('s3cret' not in masked and MASK in masked)
    if depth == 100000:
        assert masked == TOO_DEEP


def test_a_line_that_json_cannot_sort_or_utf8_cannot_hold_is_still_written(tmp_path):
    path = tmp_path / 'capture.jsonl'
    capture = Capture(str(path), 'plesk', secrets=['Pa55word'])
    capture.result({'diff': {'before': {None: True, 'example.net': True}}, 'id': '\ud800', 'note': 'Pa55word'})
    path.read_bytes().decode('utf-8')  # the file stays UTF-8
    record, = lines(path)
    assert record['result']['diff']['before'] == {'null': True, 'example.net': True}
    # Written as the JSON escape it came as, so it reads back as the same string (compared as ASCII: a report
    # holding a lone surrogate would break pytest-xdist's transport).
    assert ascii(record['result']['id']) == ascii('\ud800') and record['result']['note'] == MASK


def test_secret_headers_are_masked_and_the_others_kept():
    assert mask_headers({'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': b'x', 'KEY': 'k', 'Cookie': 'a=b'}) == {
        'HTTP_AUTH_LOGIN': 'admin', 'HTTP_AUTH_PASSWD': MASK, 'KEY': MASK, 'Cookie': MASK}


def test_a_capture_replays_to_the_result_it_recorded(wire, capture_file):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['admin']))),
                plesk(answer(done('mail', 'rename'))))
    run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': PASSWORD, 'site_id': 11,
                                      'name': 'admin', 'new_name': 'boss'}, diff=True)
    run, = replay.load(str(capture_file))
    new, recorded = replay.replay(run, wire)
    assert new == recorded and new['diff']['after'] == {'example.org': ['boss']}


def test_a_replay_fails_when_the_module_sends_another_request(wire, capture_file):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(['admin', 'boss'], ['admin']))),
                plesk(answer(done('mail', 'rename'))))
    run_module(plesk_mailbox_rename, {'host': 'plesk.example.com', 'password': PASSWORD, 'site_id': 11,
                                      'name': 'admin', 'new_name': 'boss'})
    run, = replay.load(str(capture_file))
    run.task['args']['name'] = 'common'
    with pytest.raises(AssertionError, match='another request than the capture has'):
        replay.replay(run, wire)
    wire.script.clear()


def test_the_capture_tool_checks_a_capture_with_the_standard_library_alone(tmp_path):
    # tools/capture.py loads _capture.py by its path, outside any ansible_collections tree, as users run it.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    leaky = tmp_path / 'leaky.jsonl'
    leaky.write_text(json.dumps({'kind': 'exchange', 'request_headers': {'HTTP_AUTH_PASSWD': 'clear'}}) + '\n')
    env = {name: value for name, value in os.environ.items() if name != 'PYTHONPATH'}
    for path, expected in ((CAPTURES[0], 0), (str(leaky), 1)):
        process = subprocess.run([sys.executable, os.path.join(root, 'tools', 'capture.py'), 'check', path], cwd=str(tmp_path),
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        assert process.returncode == expected, process.stdout.decode()
        assert b'Traceback' not in process.stdout


def test_the_committed_captures_cover_both_panels():
    panels = {record['panel'] for path in CAPTURES for record in lines(path) if record['kind'] == 'task'}
    assert panels == {'plesk', 'brainycp'}


@pytest.mark.parametrize('path', CAPTURES, ids=[os.path.basename(path) for path in CAPTURES])
def test_a_committed_capture_holds_no_secret_and_every_run_replays_to_its_result(wire, path):
    with open(path, encoding='utf-8') as handle:
        assert unmasked_secrets(handle) == []
    runs = replay.load(path)
    assert runs, 'no complete module run in %s' % path
    for run in runs:
        new, recorded = replay.replay(run, wire)
        assert new == recorded, 'run %s of %s (%s) gave another result' % (run.id, path, run.module)
        wire.assert_done()
