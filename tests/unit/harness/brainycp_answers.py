# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""BrainyCP ``mailserver`` answers for the fake wire, with the codes and texts of the "API: Mail" page."""

from __future__ import annotations

import json

NOT_AVAILABLE = 'Unfortunately, the module is not available to you.'

# Messages as the emulator's default seed has them, in the shape proposed in the research notes.
NEWSLETTER = {'id': '1YlG2A-000Hzk-En', 'age': '4d', 'size': '17K', 'sender': 'newsletter@example.com',
              'recipients': ['info@example.net'], 'frozen': False}
BOUNCE = {'id': '1Ym1XR-000ERo-TH', 'age': '42h', 'size': '1.3K', 'sender': '<>',
          'recipients': ['nobody@example.org'], 'frozen': True}
BILLING = {'id': '1Ym5Qz-0007Ab-2c', 'age': '3h', 'size': '2.1K', 'sender': 'billing@example.com',
           'recipients': ['a@example.org', 'b@example.org'], 'frozen': False}
ROOT_NEW_ID = {'id': '1vGk2P-0000004xQz1-0aBc', 'age': '25m', 'size': '640', 'sender': 'root@example.com',
               'recipients': ['postmaster@example.net'], 'frozen': True}
QUEUE = [NEWSLETTER, BOUNCE, BILLING, ROOT_NEW_ID]


def answer(code, text, detail=None, key='mess'):
    """One answer as JSON text; ``detail`` is left out when None."""
    document = {'error': code, key: text}
    if detail is not None:
        document['detail'] = detail
    return json.dumps(document)


def queue_list(*messages):
    """``list_msg``: the messages, or the documented "empty" error 100 when there are none."""
    if not messages:
        return answer(100, 'The mail queue list is empty')
    return answer(0, 'Mail queue list', [dict(message) for message in messages])


def completed(*lines, key='mess'):
    """A write's success with its console output (``delete_all_msg``/``delete_frozen_msg`` use ``message``)."""
    return answer(0, 'Request completed', list(lines), key=key)


def removed(message_id):
    return completed('Message %s has been removed' % message_id)


def count(number):
    return answer(0, 'Number of messages', number, key='message')


def status(enabled):
    """A filter's ``status``/``on``/``off`` answer."""
    return answer(0, 'Command completed', ['Enabled' if enabled else 'Disabled'])


def not_available(key='mess'):
    return answer(400, NOT_AVAILABLE, key=key)


def login_failure():
    return json.dumps({'code': 1, 'message': 'Not perm2'})


OPERATIONS = ('list_msg', 'delete_all_msg', 'controll_msg', 'delete_frozen_msg', 'count_msg', 'clamav', 'spamassassin')


def operation(name, **fields):
    """The form fields that identify a ``mailserver`` operation in the documented style, plus ``fields``."""
    form = {'mailserver': 'mailserver', name: name}
    form.update(fields)
    return form


def operation_of(sent):
    """The ``mailserver`` operation a request asked for, in whichever style it was named."""
    form = sent.form
    return form.get('subdo') or next(name for name in OPERATIONS if name in form)
