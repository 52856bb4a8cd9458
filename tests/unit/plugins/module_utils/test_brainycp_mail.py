# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.hosting.panels.plugins.module_utils import _brainycp_mail as mail
from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import BrainycpClient
from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    BrainycpApiError,
    PanelHttpError,
    PanelProtocolError,
    known_secrets,
)
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.tests.unit.harness.brainycp_answers import (
    BOUNCE,
    NEWSLETTER,
    answer,
    completed,
    operation,
    queue_list,
    status,
)
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp

PARSED_NEWSLETTER = dict(NEWSLETTER)
PARSED_BOUNCE = dict(BOUNCE)


def client():
    return BrainycpClient(HttpClient('https://brainy.example.com:8000', panel='brainycp'), 'root', 'secret')


# -- queue -------------------------------------------------------------------------------------

def test_a_list_of_message_objects():
    assert mail.parse_queue([NEWSLETTER, BOUNCE]) == [PARSED_NEWSLETTER, PARSED_BOUNCE]


def test_a_dict_keyed_by_message_id_whose_entries_lack_the_id_keeps_the_panels_order():
    detail = {message['id']: {key: value for key, value in message.items() if key != 'id'}
              for message in (BOUNCE, NEWSLETTER)}
    assert mail.parse_queue(detail) == [PARSED_BOUNCE, PARSED_NEWSLETTER]


def test_a_dict_keyed_by_index_uses_the_ids_inside_the_entries():
    # PHP encodes an array with gaps in its keys as a JSON object.
    assert [message['id'] for message in mail.parse_queue({'0': NEWSLETTER, '2': BOUNCE})] == [
        NEWSLETTER['id'], BOUNCE['id']]


def test_an_entry_of_a_dict_keyed_by_index_without_an_id_is_a_protocol_error():
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_queue({'0': {'sender': 'a@example.com'}})
    assert 'has no id' in caught.value.message and "'sender': 'a@example.com'" in caught.value.message


@pytest.mark.parametrize('detail', [None, [], {}, ''])
def test_no_detail_is_an_empty_queue(detail):
    assert mail.parse_queue(detail) == []


def test_numbers_and_flags_as_strings():
    parsed = mail.parse_queue([{'id': '1YlG2A-000Hzk-En', 'age': 240, 'size': 17408, 'sender': 'a@example.com',
                                'recipients': 'b@example.net', 'frozen': '1'}])
    assert parsed == [{'id': '1YlG2A-000Hzk-En', 'age': '240', 'size': '17408', 'sender': 'a@example.com',
                       'recipients': ['b@example.net'], 'frozen': True}]


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), (1, True), (0, False), ('1', True), ('0', False),
    ('true', True), ('false', False), ('True', True), ('FALSE', False), ('yes', True), ('no', False),
    (' on ', True), ('off', False), ('', False), (None, None),
])
def test_frozen_flag_spellings(value, expected):
    message = dict(NEWSLETTER, frozen=value)
    assert mail.parse_queue([message])[0]['frozen'] is expected


def test_a_message_without_a_frozen_flag_is_unknown_not_unfrozen():
    message = {key: value for key, value in NEWSLETTER.items() if key != 'frozen'}
    assert mail.parse_queue([message])[0]['frozen'] is None


@pytest.mark.parametrize('value', ['maybe', 2, [True], '*** frozen ***'])
def test_an_unknown_frozen_flag_is_a_protocol_error_naming_it(value):
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_queue([dict(NEWSLETTER, frozen=value)])
    assert 'unknown frozen flag %r' % (value,) in caught.value.message


@pytest.mark.parametrize('recipients, expected', [
    (['a@example.org', 'b@example.org'], ['a@example.org', 'b@example.org']),
    ('a@example.org, b@example.org', ['a@example.org', 'b@example.org']),
    ('a@example.org,b@example.org,', ['a@example.org', 'b@example.org']),
    ('a@example.org', ['a@example.org']),
    (['<a@example.org>'], ['a@example.org']),
    ([], []),
    (None, []),
])
def test_recipients_as_a_list_or_a_comma_separated_string(recipients, expected):
    assert mail.parse_queue([dict(NEWSLETTER, recipients=recipients)])[0]['recipients'] == expected


def test_recipients_of_another_type_are_a_protocol_error():
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_queue([dict(NEWSLETTER, recipients={'to': 'a@example.org'})])
    assert 'recipients are neither a list' in caught.value.message


def test_alternative_key_names():
    parsed = mail.parse_queue([{'message_id': '1YlG2A-000Hzk-En', 'from': '<a@example.com>', 'to': 'b@example.net',
                                'is_frozen': 'yes', 'time': '4d'},
                               {'msgid': '1Ym1XR-000ERo-TH', 'mail_from': '<>', 'rcpt': ['c@example.org']},
                               {'queue_id': '1Ym5Qz-0007Ab-2c', 'return_path': 'd@example.com', 'rcpt_to': []},
                               {'msg_id': '1aGtJk-0000OE-1T', 'recipient': 'e@example.org'}])
    assert parsed == [
        {'id': '1YlG2A-000Hzk-En', 'sender': 'a@example.com', 'recipients': ['b@example.net'], 'frozen': True,
         'age': '4d', 'size': None},
        {'id': '1Ym1XR-000ERo-TH', 'sender': '<>', 'recipients': ['c@example.org'], 'frozen': None,
         'age': None, 'size': None},
        {'id': '1Ym5Qz-0007Ab-2c', 'sender': 'd@example.com', 'recipients': [], 'frozen': None,
         'age': None, 'size': None},
        {'id': '1aGtJk-0000OE-1T', 'sender': None, 'recipients': ['e@example.org'], 'frozen': None,
         'age': None, 'size': None},
    ]


EXIM_BP = '''\
 4d   17K 1YlG2A-000Hzk-En <newsletter@example.com>
          info@example.net

42h  1.3K 1Ym1XR-000ERo-TH <> *** frozen ***
          nobody@example.org

25m   640 1vGk2P-0000004xQz1-0aBc <root@example.com> *** frozen ***
        D delivered@example.net
       +D through-an-alias@example.net
          postmaster@example.net
'''


@pytest.mark.parametrize('detail', [EXIM_BP, EXIM_BP.splitlines(),
                                    {str(index): line for index, line in enumerate(EXIM_BP.splitlines())}])
def test_exim_bp_console_output_as_text_lines_or_a_dict_of_lines(detail):
    assert mail.parse_queue(detail) == [
        PARSED_NEWSLETTER,
        PARSED_BOUNCE,
        {'id': '1vGk2P-0000004xQz1-0aBc', 'age': '25m', 'size': '640', 'sender': 'root@example.com',
         'recipients': ['postmaster@example.net'], 'frozen': True},  # the delivered ones wait no more
    ]


# Lines as Exim's queue_list prints them beyond the common case: an empty message (blank size), a sender set by an
# untrusted user (its login after it), a message whose envelope could not be read (no age, a blank size, no
# sender, then the error; listed first and in between), and one whose header could not be read after its
# envelope was (the error, then the frozen mark and the recipients).
EXIM_BP_UNCOMMON = '''\
      1Yl9Aa-000Abc-Zz
    *** spool format error: size=52 ***

 0m       1YlG2A-000Hzk-En <newsletter@example.com> (web1)
          info@example.net

 2h  1.3K 1Ym1XR-000ERo-TH <> (web2) *** frozen ***
          nobody@example.org

      1Ym5Qz-0007Ab-2c
    *** spool read error: Permission denied ***

 3d    2K 1aGtJk-0000OE-1T <billing@example.com>
    *** spool read error: Invalid argument *** *** frozen ***
          e@example.org
'''


def test_exim_bp_lines_of_empty_messages_untrusted_senders_and_unreadable_spool_files():
    # Nothing of an unreadable envelope but the id: its age, size and sender are unknown, and whether it is
    # frozen is unknown, not "no".
    unreadable = {'age': None, 'size': None, 'sender': None, 'recipients': [], 'frozen': None}
    assert mail.parse_queue(EXIM_BP_UNCOMMON) == [
        dict(unreadable, id='1Yl9Aa-000Abc-Zz'),
        {'id': '1YlG2A-000Hzk-En', 'age': '0m', 'size': '0', 'sender': 'newsletter@example.com',
         'recipients': ['info@example.net'], 'frozen': False},
        {'id': '1Ym1XR-000ERo-TH', 'age': '2h', 'size': '1.3K', 'sender': '<>', 'recipients': ['nobody@example.org'],
         'frozen': True},
        dict(unreadable, id='1Ym5Qz-0007Ab-2c'),
        {'id': '1aGtJk-0000OE-1T', 'age': '3d', 'size': '2K', 'sender': 'billing@example.com',
         'recipients': ['e@example.org'], 'frozen': True},
    ]


@pytest.mark.parametrize('detail, words', [
    ('Mail queue list', "not in the exim -bp format: 'Mail queue list'"),
    (42, 'neither a list nor a dict'),
    ([NEWSLETTER, 'stray text'], 'not a message object'),
    ([{'id': ''}], 'has no id'),
    ([{'id': 7}], 'has no id'),
])
def test_unknown_queue_shapes_are_protocol_errors_naming_the_raw_value(detail, words):
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_queue(detail)
    assert words in caught.value.message and 'mailserver/list_msg' in caught.value.message
    assert repr(detail)[:40] in caught.value.message


def test_a_huge_raw_value_is_cut_in_the_error():
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_queue('x' * 5000)
    assert len(caught.value.message) < 800 and caught.value.message.endswith('...')


# -- count -------------------------------------------------------------------------------------

# -- filter status -----------------------------------------------------------------------------

@pytest.mark.parametrize('detail, expected', [
    ('Enabled', True), ('Disabled', False), ('enabled.', True), (' DISABLED ', False),
    (['Enabled'], True), (['Disabled'], False),
    ({'status': 'Enabled'}, True), ({'status': 'Disabled'}, False), ({'status': ['Enabled']}, True),
    ({'state': 'on'}, True), ({'enabled': False}, False), ({'status': 1}, True),
    (True, True), (False, False), ([True], True),
    (1, True), (0, False), ('1', True), ('0', False),
    ('on', True), ('off', False), ('On', True), ('OFF', False),
    ('true', True), ('false', False), ('yes', True), ('no', False),
    ('active', True), ('inactive', False), ('running', True), ('stopped', False),
    ('Включен', True), ('Отключен', False),
])
def test_filter_status_shapes(detail, expected):
    assert mail.parse_filter_status(detail, 'clamav') is expected


@pytest.mark.parametrize('detail', [None, '', 'maybe', 2, -1, ['Enabled', 'Disabled'], [], {'other': 'Enabled'},
                                    {'status': 'sort of'}, 'clamd is running', 1.5])
def test_an_unknown_filter_status_is_a_protocol_error_naming_the_raw_value(detail):
    with pytest.raises(PanelProtocolError) as caught:
        mail.parse_filter_status(detail, 'spamassassin')
    assert caught.value.message == ('BrainyCP mailserver/spamassassin answered a status that is neither enabled '
                                    'nor disabled: %r' % (detail,))


# -- console output ----------------------------------------------------------------------------

@pytest.mark.parametrize('detail, expected', [
    (None, []),
    (['Message a has been removed', ''], ['Message a has been removed']),
    ('line 1\nline 2\n', ['line 1', 'line 2']),
    ({'0': 'line 1', '1': 'line 2'}, ['line 1', 'line 2']),
    (0, ['0']),
])
def test_console_lines(detail, expected):
    assert mail.console_lines(detail) == expected


@pytest.mark.parametrize('detail', ['run as root/Pa55\nword!\ndone', ['run as root/Pa55\nword!', 'done'],
                                    {'0': 'run as root/Pa55\nword!', '1': 'done'}])
def test_console_lines_mask_a_secret_also_across_a_line_break(detail):
    known_secrets({'Pa55\nword!'})
    assert mail.console_lines(detail) == ['run as root/********', 'done']


@pytest.mark.parametrize('value, expected', [
    ('1YlG2A-000Hzk-En', True), ('1vGk2P-0000004xQz1-0aBc', True),
    ('1YlG2A-000Hzk-E', False), ('1YlG2A-000Hzk-En ', False), ('1YlG2A_000Hzk_En', False),
    ('1vGk2P-0000004xQz1-0aB', False), ('1YlG2A-000Hzk-En\n', False), ('', False), (None, False),
])
def test_exim_ids(value, expected):
    assert mail.is_exim_id(value) is expected


# -- operations over the wire ------------------------------------------------------------------

def test_read_queue_sends_list_msg_as_a_read_and_parses_the_detail(wire):
    wire.expect(brainycp(queue_list(NEWSLETTER), form=operation('list_msg', language='en')))
    assert mail.read_queue(client()) == [PARSED_NEWSLETTER]


def test_read_queue_treats_error_100_as_an_empty_queue(wire):
    wire.expect(brainycp(queue_list()))
    assert mail.read_queue(client()) == []


def test_reads_are_retried_after_a_gateway_error(wire):
    wire.expect(brainycp('busy', status=503), brainycp(queue_list(BOUNCE)))
    assert mail.read_queue(client()) == [PARSED_BOUNCE]


def test_other_list_msg_errors_are_raised(wire):
    wire.expect(brainycp(answer(400, 'Unfortunately, the module is not available to you.')))
    with pytest.raises(BrainycpApiError) as caught:
        mail.read_queue(client())
    assert (caught.value.code, caught.value.operation) == (400, 'list_msg')


@pytest.mark.parametrize('body', [answer(0, 'Mail queue list'), '{"error": 0, "mess": "Mail queue list", "detail": null}'])
def test_a_listing_without_the_queue_is_a_protocol_error_not_an_empty_queue(wire, body):
    wire.expect(brainycp(body))
    with pytest.raises(PanelProtocolError) as caught:
        mail.read_queue(client())
    assert 'without the queue' in caught.value.message


@pytest.mark.parametrize('detail', [[], {}, ''])
def test_an_explicitly_empty_queue_is_empty(wire, detail):
    wire.expect(brainycp(answer(0, 'Mail queue list', detail)))
    assert mail.read_queue(client()) == []


@pytest.mark.parametrize('call, form', [
    (lambda c: mail.delete_message(c, '1YlG2A-000Hzk-En'),
     operation('controll_msg', id='1YlG2A-000Hzk-En', command='delete')),
    (lambda c: mail.reship_message(c, '1YlG2A-000Hzk-En'),
     operation('controll_msg', id='1YlG2A-000Hzk-En', command='reship')),
    (mail.delete_frozen, operation('delete_frozen_msg')),
    (mail.delete_all, operation('delete_all_msg')),
    (lambda c: mail.delete_all(c, force=True), operation('delete_all_msg', dellete_forse='1')),
])
def test_writes_send_their_operation_once_and_return_the_console_lines(wire, call, form):
    wire.expect(brainycp(completed('done'), form=form))
    assert call(client()) == ['done']


def test_a_write_is_not_retried_after_a_gateway_error(wire):
    wire.expect(brainycp('busy', status=503))
    with pytest.raises(PanelHttpError) as caught:
        mail.delete_frozen(client())
    assert caught.value.status == 503
    assert len(wire.sent) == 1


def test_delete_all_without_force_does_not_send_the_force_parameter(wire):
    wire.expect(brainycp(completed(), check=lambda sent: 'dellete_forse' not in sent.form))
    mail.delete_all(client())


@pytest.mark.parametrize('name', mail.FILTERS)
def test_read_filter_sends_command_status(wire, name):
    wire.expect(brainycp(status(True), form=operation(name, command='status')))
    assert mail.read_filter(client(), name) is True


@pytest.mark.parametrize('enabled, command', [(True, 'on'), (False, 'off')])
def test_switch_filter_sends_on_or_off_and_returns_the_reported_status(wire, enabled, command):
    wire.expect(brainycp(status(enabled), form=operation('clamav', command=command)))
    assert mail.switch_filter(client(), 'clamav', enabled) is enabled


def test_switch_filter_returns_none_when_the_answer_reports_no_status(wire):
    wire.expect(brainycp(json.dumps({'error': 0, 'mess': 'Command completed',
                                     'detail': ['Redirecting to /bin/systemctl start clamd.service']})))
    assert mail.switch_filter(client(), 'clamav', True) is None
