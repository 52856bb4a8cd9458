# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mail accounts (mail names) of Plesk sites: their settings, and the operations that change them.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

A mail name has a mailbox or not, a quota, forwarding with its addresses, aliases and a
description; Plesk never gives its password back.  :func:`read_mailboxes` reads the settings
of many mail names on many sites in one packet (after one packet that resolves domain names),
:func:`plan_operations` works out what differs, and :func:`send_operations` sends operations in
one packet (the module decides which changes wait for others in later packets).

Where the evidence is thin the operations are chosen to work whichever way the panel reads
them (``../shared/research`` and the plead notes of a live Obsidian server):

- forwarding addresses and aliases are added and removed with ``update add`` and ``update
  remove``, which add and remove; ``update set`` replaces what it mentions, so when it must
  switch forwarding on or off it carries the complete list of addresses as well;
- removals that make room (deleted mail names, removed aliases) go first in the packet, so a
  name or alias can move from one mail account to another in one task, and addresses are
  removed last, so forwarding that stays on never runs out of addresses on the way;
- new addresses and new aliases are separate operations, so that an alias Plesk refuses does not
  keep the addresses out.  Plesk runs the rest of a packet past a refused operation, so the
  module sends the removal of old addresses that waits for new ones (or for a forwarding switch)
  in a second packet, and only where those went in.
"""

from __future__ import annotations

import re

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelProtocolError, PleskApiError, plain_number
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import read_sites
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import Result, add_element, boolean

# The part before @ as Plesk accepts it: dot-atom text of RFC 5322 (letters, digits and
# ! # $ % & ' * + / = ? ^ _ ` { | } ~ -, with single dots between them).
MAIL_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def mail_name_problem(value):
    """Why Plesk would refuse ``value`` as a new mail name, in words for a message, or None."""
    if '@' in value:
        return 'must be the mail name without @ and domain'
    if not MAIL_NAME.match(value):
        return ("has characters Plesk refuses in a mail name (it takes letters, digits and !#$%&'*+/=?^_`{|}~-, "
                'with single dots between them)')
    return None


# How Plesk writes an unlimited mailbox quota.
UNLIMITED = -1

# A size with a unit: 512M, 1.5G, 100 KiB, 2TB, 1048576B.  Units are powers of 1024, as Plesk counts them.
SIZE = re.compile(r'^([0-9]+(?:\.[0-9]+)?)\s*(?:([KMGT])(?:I?B)?|(B))$', re.IGNORECASE)
UNIT_POWERS = {'': 0, 'K': 1, 'M': 2, 'G': 3, 'T': 4}
# The largest quota Plesk takes: its schema's xs:long.  A larger one would make Plesk refuse the whole packet.
MAX_QUOTA = 2 ** 63 - 1

# ``get_info`` datasets in the order the schema requires them.
SETTINGS_DATASETS = ('mailbox', 'forwarding', 'aliases')
INFO_DATASETS = ('mailbox', 'mailbox-usage', 'forwarding', 'aliases')
AUTORESPONDER_DATASET = 'autoresponder'
# The parts of an autoresponder the modules read and set: those of the schema that a public client checked
# against a live Obsidian server found ``update set`` to take (it refused content_type).
AUTORESPONDER_FIELDS = ('enabled', 'subject', 'text', 'forward')

# Where each kind of operation goes in the one packet of changes (see the module docstring).
WRITE_ORDER = ('delete', 'remove-aliases', 'create', 'add', 'set', 'remove-addresses')

# kind: (operation of the mail operator, sub-operation of update or None)
OPERATIONS = {
    'delete': ('remove', None),
    'create': ('create', None),
    'add': ('update', 'add'),
    'set': ('update', 'set'),
    'remove-aliases': ('update', 'remove'),
    'remove-addresses': ('update', 'remove'),
}


# -- sizes ---------------------------------------------------------------------------------------

def parse_quota(text):
    """Bytes of a quota such as ``512M`` or ``1G``, or :data:`UNLIMITED` for ``unlimited``.

    Raises ValueError saying what is wrong; a number without a unit is refused, because Plesk counts
    bytes and a bare ``512`` is far more likely meant as megabytes than as bytes.
    """
    text = str(text).strip()
    if text.lower() == 'unlimited':
        return UNLIMITED
    match = SIZE.match(text)
    if not match:
        raise ValueError('must be a size with a unit, such as 512M, 1G or 1.5G (K, M, G, T: powers of 1024; '
                         'B: bytes), or unlimited')
    whole, dummy, fraction = match.group(1).partition('.')
    whole, fraction = whole.lstrip('0') or '0', fraction[:30]
    scale = 1024 ** UNIT_POWERS[(match.group(2) or '').upper()]
    # In whole numbers of bytes, exactly (a float would round near the bound), and never int() of more than 19
    # digits, which could only be above it (int() fails on thousands of digits).
    if len(whole) > 19:
        size = MAX_QUOTA + 1
    else:
        size = int(whole) * scale + int(fraction or '0') * scale // 10 ** len(fraction)
    if size > MAX_QUOTA:
        raise ValueError('must be less than 8 EiB (at most %d bytes), the largest quota Plesk takes' % MAX_QUOTA)
    if size < 1:
        raise ValueError('must be more than 0 bytes (a mail name without mailbox takes mailbox: false)')
    return size


# -- reading -------------------------------------------------------------------------------------

def _integer(text):
    # 19 digits: a quota may be as large as Plesk's xs:long, 2**63 - 1.
    return plain_number(text or '', max_digits=19, signed=True)


def mailname_settings(element):
    """The settings a ``<mailname>`` of ``get_info`` reports.

    ``mailbox`` and ``quota`` are None when Plesk leaves the ``<mailbox>`` element out, because then it
    did not say; a ``<mailbox>`` without ``<enabled>`` is an enabled mailbox (the schema's default).
    Forwarding without ``<forwarding>`` is off, and a description Plesk leaves out is empty.
    """
    mailbox = element.find('mailbox')
    forwarding = element.find('forwarding')
    settings = {
        'name': element.findtext('name'),
        'mailbox': None if mailbox is None else boolean(mailbox.findtext('enabled'), True),
        'quota': None if mailbox is None else _integer(mailbox.findtext('quota')),
        'usage': None if mailbox is None else _integer(mailbox.findtext('usage')),
        'forwarding': {
            'enabled': forwarding is not None and bool(boolean(forwarding.findtext('enabled'), False)),
            'addresses': [] if forwarding is None else [
                (address.text or '').strip() for address in forwarding.iterfind('address') if (address.text or '').strip()],
        },
        'aliases': [(alias.text or '').strip() for alias in element.iterfind('alias') if (alias.text or '').strip()],
        'description': element.findtext('description') or '',
    }
    autoresponder = element.find('autoresponder')
    if autoresponder is not None:
        # Only when Plesk answered it (asked for with AUTORESPONDER_DATASET); its parts default as the schema says.
        settings['autoresponder'] = {
            'enabled': bool(boolean(autoresponder.findtext('enabled'), False)),
            'subject': autoresponder.findtext('subject') or '',
            'text': autoresponder.findtext('text') or '',
            'forward': (autoresponder.findtext('forward') or '').strip(),
        }
    return settings


def read_mailboxes(client, names=(), ids=(), every=False, mailboxes=True, usage=False, on_found=None,
                   unreadable=None, autoresponder=False):
    """Sites as :func:`read_sites` finds them, each with ``settings``: the settings of its mail names
    that exist, keyed by name without case (None for a site whose accounts Plesk refused to list, when none was
    read; see ``unreadable``).

    ``mailboxes`` maps site references to the names to read (True: every mail name of the site), or
    is True for every mail name of every site.  ``usage`` asks for the space each mailbox uses, ``autoresponder``
    for the autoresponders (a dataset asked for only then, so that a task that does not manage them never depends
    on it).
    ``on_found`` and ``unreadable`` are :func:`read_sites`'s.
    """
    datasets = (INFO_DATASETS if usage else SETTINGS_DATASETS) + ((AUTORESPONDER_DATASET,) if autoresponder else ())
    sites, by_reference = read_sites(client, names=names, ids=ids, every=every, mailboxes=mailboxes,
                                     datasets=datasets, on_found=on_found, unreadable=unreadable)
    for site in sites:
        if site.get('mailnames', ()) is None:
            site['settings'] = None
            continue
        site['settings'] = {}
        for element in site.get('mailnames', []):
            settings = mailname_settings(element)
            site['settings'][settings['name'].lower()] = settings
    return sites, by_reference


# -- planning ------------------------------------------------------------------------------------

def _missing(values, present):
    """``values`` that are not in ``present``, compared without case, each once."""
    seen = {value.lower() for value in present}
    missing = []
    for value in values:
        if value.lower() not in seen:
            seen.add(value.lower())
            missing.append(value)
    return missing


def plan_operations(site_id, name, before, wanted):
    """The operations that take the mail name from ``before`` (its settings; None when it does not
    exist) to ``wanted``, in the order of :data:`WRITE_ORDER`.

    ``wanted`` has ``state``; and for ``present``, each of ``mailbox``, ``quota`` (bytes or
    :data:`UNLIMITED`), ``password`` and ``description`` (None: leave as it is), ``update_password``
    (``on_create`` or ``always``), ``forwarding`` (None, or ``{enabled, addresses, append}`` where
    None leaves that part as it is),
    ``aliases`` (None or a list of names) and ``append_aliases``.
    """
    if wanted['state'] == 'absent':
        return [] if before is None else [dict(kind='delete', site_id=site_id, name=before['name'])]
    if before is None:
        return [_creation(site_id, name, wanted)]
    name = before['name']
    add, settings, switch, removals = {}, {}, {}, []
    for field in ('mailbox', 'quota', 'description'):
        # A setting Plesk did not report (None) cannot be compared: it is left as it is, as unreported_settings
        # tells, rather than sent again on every run.
        if wanted[field] is not None and before[field] is not None and wanted[field] != before[field]:
            settings[field] = wanted[field]
    if settings.get('mailbox') is True and wanted['quota'] is not None:
        # A mailbox switched on gets the quota asked for, whatever Plesk reported (if anything) while it was off.
        settings['quota'] = wanted['quota']
    if 'mailbox' in settings:
        # Its own operation, which the module sends last: Obsidian may refuse it (see MAILBOX_SWITCH_REFUSED). A
        # quota goes with it, in the same <mailbox>.
        switch = dict((field, settings.pop(field)) for field in ('mailbox', 'quota') if field in settings)
    if wanted['password'] is not None and wanted['update_password'] == 'always':
        settings['password'] = wanted['password']
    if wanted.get('autoresponder') is not None and before.get('autoresponder') is not None:
        # ``set`` replaces what it mentions: the parts that differ.
        changes = dict((field, value) for field, value in wanted['autoresponder'].items()
                       if value is not None and not same_autoresponder_part(field, value, before['autoresponder'][field]))
        if changes:
            settings['autoresponder'] = changes

    forwarding = wanted['forwarding']
    if forwarding is not None:
        current = before['forwarding']['addresses']
        addresses = forwarding['addresses']
        new = [] if addresses is None else _missing(addresses, current)
        gone = [] if addresses is None or forwarding['append'] else _missing(current, addresses)
        kept = _missing(current, gone) if gone else list(current)
        if forwarding['enabled'] is not None and forwarding['enabled'] != before['forwarding']['enabled']:
            # ``set`` replaces what it mentions: it carries every address forwarding keeps.
            settings['forwarding_enabled'] = forwarding['enabled']
            settings['addresses'] = kept + new
        elif new:
            add['addresses'] = new
        if gone:
            removals.append(dict(kind='remove-addresses', site_id=site_id, name=name, addresses=gone))

    if wanted['aliases'] is not None:
        current = before['aliases']
        new = _missing(wanted['aliases'], current)
        gone = [] if wanted['append_aliases'] else _missing(current, wanted['aliases'])
        if new:
            add['aliases'] = new
        if gone:
            removals.append(dict(kind='remove-aliases', site_id=site_id, name=name, aliases=gone))

    operations = removals
    # New addresses and new aliases go as two operations: Plesk refuses an alias that another account holds,
    # and in one operation that refusal would keep the addresses out too.
    for field in ('addresses', 'aliases'):
        if field in add:
            operations.append({'kind': 'add', 'site_id': site_id, 'name': name, field: add[field]})
    for changes in (settings, switch):
        if changes:
            operations.append(dict(changes, kind='set', site_id=site_id, name=name))
    return sorted(operations, key=lambda operation: WRITE_ORDER.index(operation['kind']))


def same_autoresponder_part(field, first, second):
    """Whether two values of a part of an autoresponder are the same; an address is compared without case, as
    forwarding addresses are."""
    if field == 'forward' and isinstance(first, str) and isinstance(second, str):
        return first.lower() == second.lower()
    return first == second


def unreported_settings(before, wanted):
    """``[(fields, element)]``: the settings ``wanted`` gives that Plesk did not report for the existing mail name
    ``before``, and so are left as they are, with the element its ``get_info`` answer lacked (the schema makes
    ``<mailbox>``, ``<quota>`` in it and ``<autoresponder>`` optional)."""
    if before is None or wanted['state'] != 'present':
        return []
    unreported = []
    if before['mailbox'] is None:
        fields = [field for field in ('mailbox', 'quota') if wanted[field] is not None]
        if fields:
            unreported.append((fields, '<mailbox>'))
    elif wanted['quota'] is not None and before['quota'] is None and not (
            wanted['mailbox'] is True and before['mailbox'] is False):
        unreported.append((['quota'], '<quota> in <mailbox>'))
    if wanted.get('autoresponder') is not None and before.get('autoresponder') is None:
        unreported.append((['autoresponder'], '<autoresponder>'))
    return unreported


def _creation(site_id, name, wanted):
    creation = dict(kind='create', site_id=site_id, name=name,
                    mailbox=True if wanted['mailbox'] is None else wanted['mailbox'])
    for field in ('quota', 'password', 'description'):
        if wanted[field] is not None:
            creation[field] = wanted[field]
    forwarding = wanted['forwarding']
    # The schema wants at least one address in a created mail name's <forwarding>; without
    # addresses forwarding is off, which is how Plesk creates it anyway.
    if forwarding is not None and forwarding['addresses']:
        creation['forwarding_enabled'] = forwarding['enabled'] is not False
        creation['addresses'] = _missing(forwarding['addresses'], ())
    if wanted['aliases']:
        creation['aliases'] = _missing(wanted['aliases'], ())
    if wanted.get('autoresponder') is not None:
        creation['autoresponder'] = dict((field, value) for field, value in wanted['autoresponder'].items()
                                         if value is not None)
    return creation


def apply_operation(settings, operation):
    """The settings after ``operation`` (None: the mail name is gone), for reporting what changed.

    A created mail name's quota is None unless the task gave one: Plesk applies its default.
    """
    kind = operation['kind']
    if kind == 'delete':
        return None
    if kind == 'create':
        created = {
            'name': operation['name'],
            'mailbox': operation['mailbox'],
            'quota': operation.get('quota'),
            'forwarding': {'enabled': operation.get('forwarding_enabled', False),
                           'addresses': list(operation.get('addresses', []))},
            'aliases': list(operation.get('aliases', [])),
            'description': operation.get('description', ''),
        }
        if 'autoresponder' in operation:
            # The parts the task leaves out are Plesk's choice, unknown (None) as the quota is.
            created['autoresponder'] = dict(dict.fromkeys(AUTORESPONDER_FIELDS), **operation['autoresponder'])
        return created
    after = dict(settings, forwarding=dict(settings['forwarding']))
    if kind == 'add':
        after['forwarding']['addresses'] = after['forwarding']['addresses'] + _missing(
            operation.get('addresses', []), after['forwarding']['addresses'])
        after['aliases'] = after['aliases'] + _missing(operation.get('aliases', []), after['aliases'])
    elif kind == 'set':
        for field in ('mailbox', 'quota', 'description'):
            if field in operation:
                after[field] = operation[field]
        if 'forwarding_enabled' in operation:
            after['forwarding'] = {'enabled': operation['forwarding_enabled'],
                                   'addresses': list(operation['addresses'])}
        if 'autoresponder' in operation:
            after['autoresponder'] = dict(after['autoresponder'], **operation['autoresponder'])
    else:
        field = 'aliases' if kind == 'remove-aliases' else 'addresses'
        gone = {value.lower() for value in operation[field]}
        if field == 'aliases':
            after['aliases'] = [alias for alias in after['aliases'] if alias.lower() not in gone]
        else:
            after['forwarding']['addresses'] = [address for address in after['forwarding']['addresses']
                                                if address.lower() not in gone]
    return after


def sets_password(operation):
    return 'password' in operation


# -- writing -------------------------------------------------------------------------------------

def _boolean_text(value):
    return 'true' if value else 'false'


def _append_operation(packet, operation):
    operation_name, sub_operation = OPERATIONS[operation['kind']]
    element = packet.add('mail', operation_name)
    if sub_operation is not None:
        element = add_element(element, sub_operation)
    criteria = add_element(element, 'filter')
    add_element(criteria, 'site-id', operation['site_id'])
    if operation['kind'] == 'delete':
        add_element(criteria, 'name', operation['name'])
        return
    # Children in the order the schema's mailname types share: name, mailbox, forwarding, alias,
    # autoresponder (enabled, subject, text, forward), password, description.
    mailname = add_element(criteria, 'mailname')
    add_element(mailname, 'name', operation['name'])
    if 'mailbox' in operation or 'quota' in operation:
        mailbox = add_element(mailname, 'mailbox')
        if 'mailbox' in operation:
            add_element(mailbox, 'enabled', _boolean_text(operation['mailbox']))
        if 'quota' in operation:
            add_element(mailbox, 'quota', operation['quota'])
    if 'forwarding_enabled' in operation or operation.get('addresses'):
        forwarding = add_element(mailname, 'forwarding')
        if 'forwarding_enabled' in operation:
            add_element(forwarding, 'enabled', _boolean_text(operation['forwarding_enabled']))
        for address in operation.get('addresses', ()):
            add_element(forwarding, 'address', address)
    for alias in operation.get('aliases', ()):
        add_element(mailname, 'alias', alias)
    if 'autoresponder' in operation:
        autoresponder = add_element(mailname, 'autoresponder')
        for field in AUTORESPONDER_FIELDS:
            if field in operation['autoresponder']:
                value = operation['autoresponder'][field]
                add_element(autoresponder, field, _boolean_text(value) if field == 'enabled' else value)
    if 'password' in operation:
        password = add_element(mailname, 'password')
        add_element(password, 'value', operation['password'])
        add_element(password, 'type', 'plain')
    if 'description' in operation:
        add_element(mailname, 'description', operation['description'])


def _result(answer, operation):
    """The one result of one operation; ``update`` answers it inside its add, set or remove element (the schema
    says so), or, should a server leave that element out, directly."""
    sub_operation = OPERATIONS[operation['kind']][1]
    inner = None if sub_operation is None else answer.element.find(sub_operation)
    results = answer.results if inner is None else [Result(element) for element in inner.iterfind('result')]
    if len(results) != 1:
        raise PanelProtocolError('Plesk answered mail %s%s of %r with %d results, expected one'
                                 % (answer.operation, ' ' + sub_operation if sub_operation else '',
                                    operation['name'], len(results)), panel='plesk')
    return results[0]


# Plesk's parser refusing an <enabled>: the notes of a public client checked against a live Obsidian server
# suggest it refuses to switch the mailbox of an existing account, though the schema allows it.
MAILBOX_SWITCH_REFUSED = re.compile(r"Element 'enabled': This element is not expected")


def send_operations(client, operations):
    """Send every operation in one packet, in the order given; one result per operation, failed ones
    included, because the other operations of the packet still ran."""
    packet = client.packet()
    for operation in operations:
        _append_operation(packet, operation)
    try:
        answers = client.send(packet, read_only=False)
    except PleskApiError as error:
        switches = any(operation['kind'] == 'set' and 'mailbox' in operation for operation in operations)
        if error.code == 1014 and switches and MAILBOX_SWITCH_REFUSED.search(error.text or ''):
            # Added to the error itself: it may already say that earlier packets of a split write applied.
            error.add('if that <enabled> is the mailbox switch of an existing mail account, this Plesk does not '
                      'switch mailboxes through its XML API: give mailbox only for accounts to create')
        raise
    try:
        return [_result(answer, operation) for answer, operation in zip(answers, operations)]
    except PanelProtocolError as error:
        # The panel got the packet: an answer that cannot be read this way says nothing about what it did.
        raise error.mark_may_have_applied() from None


def describe_operation(operation):
    """How messages name an operation: ``mail update set``, never with its values."""
    operation_name, sub_operation = OPERATIONS[operation['kind']]
    return operation_name + (' ' + sub_operation if sub_operation else '')
