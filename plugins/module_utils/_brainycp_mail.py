# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""BrainyCP ``mailserver`` operations: the Exim mail queue and the mail filters.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

The "API: Mail" page names the operations and their error codes but never shows a payload
(only ``detail [array_list_msg]``, ``detail [Status]`` and the text 'Number of messages').
So the parsers here accept every plausible shape of ``detail`` and raise
:class:`PanelProtocolError` with the raw value on anything else: guessing could make a task
report ``ok`` for a queue it did not understand.

What is accepted:

- queue (``list_msg``): a list of message objects; a dict of message objects keyed by message
  id (the entries may then lack the id); ``exim -bp`` console output as one string or a list of
  lines; nothing at all (empty queue).  Key names per message: id ``id``/``message_id``/
  ``msg_id``/``msgid``/``queue_id``; sender ``sender``/``from``/``mail_from``/``return_path``;
  recipients ``recipients``/``recipient``/``to``/``rcpt``/``rcpt_to`` as a list or a
  comma-separated string; ``frozen``/``is_frozen`` as a bool, 0/1, "0"/"1", "true"/"false",
  "yes"/"no", "on"/"off" or "" (PHP's false); ``age``/``time``; ``size``.  A message without a
  frozen flag is returned with ``frozen: None`` (unknown), never as not frozen; addresses lose
  Exim's angle brackets, except the null sender ``<>``.
- filter status (``clamav``, ``spamassassin``): "Enabled"/"Disabled" (also the Russian panel
  words, "on"/"off", "active"/"inactive", "running"/"stopped", "true"/"false", "yes"/"no",
  "1"/"0"), a bool, 0/1, a one-element list of those, or ``{"status": ...}`` (or ``state``/
  ``enabled``).
"""

from __future__ import annotations

import re

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import as_int
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelProtocolError, masked, shortened

MODULE = 'mailserver'
FILTERS = ('clamav', 'spamassassin')

# list_msg answers an empty queue with this error code ('The mail queue list is empty').
QUEUE_EMPTY = 100

# Exim <= 4.96 ids are 6-6-2 base-62 characters, Exim >= 4.97 ids 6-11-4.
EXIM_ID = re.compile(r'^[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})$')

ID_KEYS = ('id', 'message_id', 'msg_id', 'msgid', 'queue_id')
SENDER_KEYS = ('sender', 'from', 'mail_from', 'return_path')
RECIPIENT_KEYS = ('recipients', 'recipient', 'to', 'rcpt', 'rcpt_to')
FROZEN_KEYS = ('frozen', 'is_frozen')
AGE_KEYS = ('age', 'time')
SIZE_KEYS = ('size',)
STATUS_KEYS = ('status', 'state', 'enabled')

TRUE_WORDS = frozenset(('1', 'true', 'yes', 'on'))
FALSE_WORDS = frozenset(('0', 'false', 'no', 'off', ''))
ENABLED_WORDS = frozenset(('enabled', 'on', 'active', 'running', 'true', 'yes', '1', 'включен', 'включено'))
DISABLED_WORDS = frozenset(('disabled', 'off', 'inactive', 'stopped', 'false', 'no', '0', 'отключен', 'отключено',
                            'выключен', 'выключено'))

# One message in `exim -bp` (Exim's queue.c, queue_list): "<age> <size> <id> <sender>[ (<login>)][ *** frozen ***]",
# then one line per recipient.  The size is blank for an empty message; "(login)" follows a sender an untrusted
# user set (PHP's mail() with -f); the age and the sender are missing when the envelope could not be read.
EXIM_BP_HEADER = re.compile(r'^\s*(?:(?P<age>\d+[smhdw])\s+)?(?:(?P<size>\d+(?:\.\d+)?[KMG]?)\s+)?'
                            r'(?P<id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})'
                            r'(?:\s+(?P<sender><[^<>]*>|(?!\*\*\*)\S+)(?:\s+\([^()]*\))?)?'
                            r'(?P<frozen>\s+\*\*\* frozen \*\*\*)?\s*$')
# Under a message whose spool file Exim could not read: "*** spool read error: ... ***" or "*** spool format
# error ... ***", then the frozen mark when the header was read.  Whether such a message is frozen is unknown
# without the mark.
EXIM_BP_SPOOL_PROBLEM = re.compile(r'^\s+\*\*\*[^*]*\*\*\*(?P<frozen>\s+\*\*\* frozen \*\*\*)?\s*$')
# A recipient already delivered to is marked D (+D: through an alias of it); the message no longer waits for it.
EXIM_BP_RECIPIENT = re.compile(r'^\s+(?P<delivered>\+?D\s+)?(?P<address>\S+)\s*$')


def is_exim_id(value):
    # fullmatch: with match, "$" would also accept a trailing newline.
    return isinstance(value, str) and EXIM_ID.fullmatch(value) is not None


def exim_id_problem(values):
    """Why ``values`` (the option ``id``) are not all Exim message ids, in words for a message, or None."""
    bad = [value for value in values if not is_exim_id(value)]
    if not bad:
        return None
    return ('id must be Exim message ids such as 1YlG2A-000Hzk-En (Exim 4.96 and older) or 1vGk2P-0000004xQz1-0aBc '
            '(Exim 4.97 and newer), got %s' % ', '.join(repr(value) for value in bad))


# -- operations ------------------------------------------------------------------------------

def read_queue(client):
    """The queued messages (``list_msg``); the panel's "queue is empty" error is an empty list."""
    answer = client.call(MODULE, 'list_msg', read_only=True, accept=(QUEUE_EMPTY,))
    if answer.code == QUEUE_EMPTY:
        return []
    if answer.detail is None:
        # Reading a missing payload as an empty queue would report messages as removed that are not.
        raise _protocol('list_msg', 'it answered success without the queue (no detail)', answer.data)
    return parse_queue(answer.detail)


def delete_message(client, message_id):
    """Remove one message (``controll_msg command=delete``); return the panel's console lines."""
    return _control(client, message_id, 'delete')


def reship_message(client, message_id):
    """Try to deliver one message now (``controll_msg command=reship``); return the console lines."""
    return _control(client, message_id, 'reship')


def delete_frozen(client):
    """Remove every frozen message (``delete_frozen_msg``); return the console lines."""
    return console_lines(client.call(MODULE, 'delete_frozen_msg', read_only=False).detail)


def delete_all(client, force=False):
    """Empty the queue (``delete_all_msg``), forced when asked; return the console lines."""
    # The documented parameter is misspelled so; the panel forces on any value.
    params = {'dellete_forse': '1'} if force else None
    return console_lines(client.call(MODULE, 'delete_all_msg', params, read_only=False).detail)


def read_filter(client, name):
    """Whether the mail filter ``name`` (clamav or spamassassin) is enabled."""
    answer = client.call(MODULE, name, {'command': 'status'}, read_only=True)
    return parse_filter_status(answer.detail, name)


def switch_filter(client, name, enabled):
    """Turn ``name`` on or off; return the status the answer reports, None when it reports none."""
    answer = client.call(MODULE, name, {'command': 'on' if enabled else 'off'}, read_only=False)
    try:
        return parse_filter_status(answer.detail, name)
    except PanelProtocolError:
        # Only the status read is required to have a known shape; an answer to on/off may be
        # console output, and the request itself succeeded.
        return None


def _control(client, message_id, command):
    answer = client.call(MODULE, 'controll_msg', {'id': message_id, 'command': command}, read_only=False)
    return console_lines(answer.detail)


# -- parsing ---------------------------------------------------------------------------------

def parse_queue(detail):
    """Messages as dicts with ``id, sender, recipients, frozen, age, size`` from ``list_msg``'s detail."""
    if detail is None or detail == '' or detail == [] or detail == {}:
        return []
    if isinstance(detail, str):
        return _parse_exim_bp(detail.splitlines(), detail)
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return _parse_exim_bp([line for item in detail for line in item.splitlines()], detail)
        return [_message(item, None, detail) for item in detail]
    if isinstance(detail, dict):
        values = list(detail.values())
        if all(isinstance(value, str) for value in values):
            # A PHP array of console lines encoded as a JSON object ({"0": "...", "1": "..."}).
            return _parse_exim_bp([line for value in values for line in value.splitlines()], detail)
        return [_message(value, key, detail) for key, value in detail.items()]
    raise _protocol('list_msg', 'the queue is neither a list nor a dict of messages', detail)


def _message(item, key, detail):
    if not isinstance(item, dict):
        raise _protocol('list_msg', 'a queue entry is not a message object', detail)
    message_id = _first(item, ID_KEYS)
    if message_id is None and is_exim_id(key):
        message_id = key
    if not isinstance(message_id, str) or not message_id.strip():
        raise _protocol('list_msg', 'a queued message has no id', detail)
    sender = _first(item, SENDER_KEYS)
    age = _first(item, AGE_KEYS)
    size = _first(item, SIZE_KEYS)
    return dict(
        id=message_id.strip(),
        sender=_address(sender) if sender is not None else None,
        recipients=_recipients(_first(item, RECIPIENT_KEYS), detail),
        frozen=_frozen(_first(item, FROZEN_KEYS), detail),
        age=None if age is None else str(age),
        size=None if size is None else str(size),
    )


def _first(item, keys):
    return next((item[key] for key in keys if item.get(key) is not None), None)


def _address(value):
    text = str(value).strip()
    # Exim writes addresses in angle brackets; the null sender of a bounce stays "<>".
    if len(text) > 2 and text.startswith('<') and text.endswith('>'):
        return text[1:-1].strip()
    return text


def _recipients(value, detail):
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(',')
    if not isinstance(value, list) or not all(isinstance(address, str) for address in value):
        raise _protocol('list_msg', 'recipients are neither a list of addresses nor a comma-separated string',
                        detail)
    return [_address(address) for address in value if address.strip()]


def _frozen(value, detail):
    """True or False, or None when the panel does not say."""
    if value is None:
        return None
    flag = as_flag(value)
    if flag is None:
        raise _protocol('list_msg', 'unknown frozen flag %r' % (value,), detail)
    return flag


def as_flag(value):
    """``value`` as a bool when it is one of the usual spellings of yes/no, else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    number = as_int(value)
    return number == 1 if number in (0, 1) else None


def _parse_exim_bp(lines, detail):
    messages = []
    for line in lines:
        if not line.strip():
            continue
        header = EXIM_BP_HEADER.match(line)
        if header:
            sender, age = header.group('sender'), header.group('age')
            # A blank size is an empty message's, but says nothing where the envelope could not be read.
            messages.append(dict(id=header.group('id'), sender=_address(sender) if sender else None, recipients=[],
                                 frozen=header.group('frozen') is not None, age=age,
                                 size=header.group('size') or ('0' if age else None)))
            continue
        problem = EXIM_BP_SPOOL_PROBLEM.match(line)
        if problem and messages and not messages[-1]['recipients']:
            messages[-1]['frozen'] = True if problem.group('frozen') else None
            continue
        recipient = EXIM_BP_RECIPIENT.match(line)
        if recipient and messages:
            if not recipient.group('delivered'):
                messages[-1]['recipients'].append(_address(recipient.group('address')))
            continue
        raise _protocol('list_msg', 'a line of the queue listing is not in the exim -bp format: %s' % _raw(line, 100),
                        detail)
    return messages


def parse_filter_status(detail, name):
    """Whether the filter is enabled, from the ``detail`` of its ``status`` answer."""
    value = detail
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        value = _first(value, STATUS_KEYS)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        word = value.strip().rstrip('.').strip().lower()
        if word in ENABLED_WORDS:
            return True
        if word in DISABLED_WORDS:
            return False
    raise PanelProtocolError('BrainyCP %s/%s answered a status that is neither enabled nor disabled: %s'
                             % (MODULE, name, _raw(detail)), panel='brainycp')


def console_lines(detail):
    """The console output an operation returns in ``detail``, as a list of lines, the task's secrets masked:
    Ansible masks a secret only as it was given, and a console may echo it escaped."""
    if detail is None:
        return []
    if isinstance(detail, str):
        # Masked before the split, which would cut a secret holding a line break in two.
        lines = masked(detail).splitlines()
    elif isinstance(detail, (dict, list)):
        lines = [masked(str(line)) for line in (detail.values() if isinstance(detail, dict) else detail)
                 if line is not None]
    else:
        lines = [masked(str(detail))]
    return [line for line in lines if line.strip()]


def _protocol(operation, problem, detail):
    return PanelProtocolError('BrainyCP %s/%s answered a queue this module cannot read (%s): %s'
                              % (MODULE, operation, problem, _raw(detail)), panel='brainycp')


def _raw(value, limit=300):
    return shortened(repr(value), limit)
