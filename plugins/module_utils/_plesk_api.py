# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and writes of Plesk sites and their mail, each in as few packets as the protocol allows.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
Server-wide resources (services, webmail) are in ``_plesk_server``, the mailboxes of sites in
``_plesk_mailboxes`` and their mail settings in ``_plesk_mail_prefs``, so that the modules that do not need
them carry or compile none of their code.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelNotFoundError, PanelProtocolError, plain_number
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import (
    add_element,
    boolean,
    raw,
    write_results,
)


# Errors that mean "no such object"; any other error is the panel refusing to answer.
NOT_FOUND = 1013

# Where a domain may be: ``site get`` does not list a subscription's main domain, ``webspace get`` does.
SITE_KINDS = ('site', 'webspace')


class _Reads:
    """Reads of several kinds sent together as one packet.

    Each read appends its operations and gives back the function that parses their answers.
    Answers are handed out by position: ``mail get_prefs`` errors and ``mail get_info``
    answers do not say which request they belong to.
    """

    def __init__(self, client):
        self.client = client
        self.packet = client.packet()
        self._parsers = []

    def add(self, append, *args):
        """Append a read; returns where ``send()`` puts what its parser returns."""
        start = len(self.packet)
        parse = append(self.packet, *args)
        self._parsers.append((start, len(self.packet), parse))
        return len(self._parsers) - 1

    def send(self):
        answers = self.client.send(self.packet, read_only=True)
        return [parse(answers[start:end]) for start, end, parse in self._parsers]


def describe_site(site):
    """How messages name a site: ``example.com (id 1)``."""
    return '%s (id %s)' % (site['name'], site['id']) if site.get('name') else 'site id %s' % site['id']


# A login without the right to read mail is refused for every site: that fails the read, not one site.
PERMISSION_DENIED = 1006


def set_aside(site, refusal, unreadable):
    """Record ``refusal`` of a read of ``site`` in ``unreadable`` (see ``read_sites``), or raise it."""
    if unreadable is None or refusal.code == PERMISSION_DENIED:
        raise refusal
    unreadable.append((site, refusal))


def unreadable_sites(module, unreadable, consequence):
    """The reads Plesk refused (``read_sites``'s ``unreadable``) as info modules return them, one entry per
    refusal, each also a warning that says what the result leaves out (``consequence``)."""
    for dummy, refusal in unreadable:
        module.warn('%s; %s' % (refusal.message, consequence))
    return [dict(site=site['name'], site_id=site['id'], operation=refusal.operation, code=refusal.code,
                 text=refusal.text) for site, refusal in unreadable]


def _site_from(result, kind):
    """The site an ok result describes, or None when it names none.

    A server with nothing to list answers an ok result without an id (Obsidian), and an id of 0 is no
    object either (research note P1); both are skipped, as the public clients do.
    """
    site_id = (result.text('id') or '').strip()
    if site_id in ('', '0'):
        return None
    number = plain_number(site_id)
    if number is None:
        raise PanelProtocolError('Plesk answered %s get with an id that is not a number: %r' % (kind, site_id),
                                 panel='plesk')
    return {'id': number, 'name': result.text('data/gen_info/name'), 'kind': kind}


def _append_lookups(packet, field, values):
    """A ``site get``, then a ``webspace get``, whose filter lists every value (in chunks, see
    ``_filter_chunks``): two operations for any number of sites, which both the client and the panel build
    and read once, instead of two per site.

    Answers are matched to values by the ``filter-id`` each result echoes, else by the id (for ids) or the
    name (for names) of the site it describes; never by position, which no source documents.  Parsing
    raises :class:`PanelNotFoundError` for the values neither kind knows, before the answers read after the
    lookups in the same packet are looked at.
    """
    if field == 'name':
        # Plesk keeps domain names in lower case; whether a lookup matches them without regard to case is not
        # known, so the names go as Plesk keeps them (once each), and the answers are matched without case.
        values_sent = _unique(_lookup_key(field, value) for value in values)
    else:
        values_sent = values
    chunks = _filter_chunks(field, values_sent, packet.max_size)
    for kind in SITE_KINDS:
        for chunk in chunks:
            get = packet.add(kind, 'get')
            criteria = add_element(get, 'filter')
            for value in chunk:
                add_element(criteria, field, value)
            add_element(add_element(get, 'dataset'), 'gen_info')
    return lambda answers: _lookup_results(field, values, answers)


def _lookup_results(field, values, answers):
    """The site each of ``values`` names, from the answers to its lookups; see ``_append_lookups``."""
    # Names that differ only in case are one site: each is answered by the results for any of them.
    asked = {}
    for value in values:
        asked.setdefault(_lookup_key(field, value), []).append(value)
    found = {kind: {} for kind in SITE_KINDS}
    refusals = []
    for answer in answers:
        for result in answer.results:
            echoed = result.text('filter-id')
            if not result.ok:
                if result.errcode != NOT_FOUND:
                    refusals.append((asked.get(_lookup_key(field, echoed), ()) if echoed else (), answer, result))
                continue
            site = _site_from(result, answer.operator)
            if site is None:
                continue
            names = _values_answered(field, asked, answer, result, site, echoed)
            if site['name'] is None and field == 'name':
                site['name'] = names[0]
            for value in names:
                found[answer.operator].setdefault(value, site)
    sites = {}
    for value in values:
        by_site, by_webspace = found['site'].get(value), found['webspace'].get(value)
        if by_site and by_webspace and by_site['id'] != by_webspace['id']:
            raise PanelProtocolError('Plesk found %s as site %s and as webspace %s' % (value, by_site['id'], by_webspace['id']),
                                     panel='plesk')
        # What webspace get finds is reported as the webspace it is: Obsidian's site get also finds a
        # subscription's main domain, with the webspace's id.
        sites[value] = by_webspace or by_site
    missing = [value for value in values if sites[value] is None]
    if missing:
        _refuse_missing(field, missing, refusals)
    return sites


def _values_answered(field, asked, answer, result, site, echoed):
    """The asked values an ok lookup result answers: those its ``filter-id`` names, else those the id, or the
    name or ASCII name, of its site names.  A result whose ``filter-id`` names another site than it describes,
    or that answers nothing asked, is a protocol error: taking it anyway could change another site than the
    one named."""
    described = [site['id']] if field == 'id' else [site['name'], result.text('data/gen_info/ascii-name')]
    described = [_lookup_key(field, item) for item in described if item]
    if echoed:
        key = _lookup_key(field, echoed)
        if described and key not in described:
            raise PanelProtocolError('Plesk answered %s get for the %s %s with another site: %s'
                                     % (answer.operator, field, echoed, raw(result.element)), panel='plesk')
    else:
        key = next((item for item in described if item in asked), None)
    values = asked.get(key)
    if not values:
        raise PanelProtocolError('Plesk answered %s get with a result for none of the %ss asked: %s'
                                 % (answer.operator, field, raw(result.element)), panel='plesk')
    return values


def _refuse_missing(field, missing, refusals):
    """Raise for sites no lookup found: the refusal that names one of them, else one that names no site,
    else :class:`PanelNotFoundError`.  A refusal of one kind for a site the other kind found is no failure."""
    for names, answer, result in refusals:
        named = [value for value in missing if value in names]
        if named:
            raise result.error(answer.operator, answer.operation, named[0])
    for names, answer, result in refusals:
        if not names:
            raise result.error(answer.operator, answer.operation, ', '.join(str(value) for value in missing))
    raise PanelNotFoundError('Plesk site' if field == 'name' else 'Plesk site id', missing, panel='plesk')


# At most this many values in the filter of one lookup, or of one get_prefs. Nothing documented limits a
# filter (the Plesk module of WHMCS lists every domain of a server in one), so this only keeps one operation
# of a huge read small.
FILTER_CHUNK = 500
# Bytes of a packet besides the criteria of one lookup or get_prefs: the declaration, <packet>, the operator
# and the operation around the filter, with room to spare.
FILTER_ENVELOPE = 512


def _filter_chunks(field, values, max_size, chunk_size=FILTER_CHUNK):
    """``values`` in order, in chunks of at most ``chunk_size`` whose filter fits a packet of ``max_size``
    bytes (a packet is split between operations, never inside one).  A value too long for a packet of its
    own is a chunk of one, which the split then refuses, naming the cap."""
    room = None if max_size is None else max_size - FILTER_ENVELOPE
    chunks, chunk, size = [], [], 0
    for value in values:
        cost = len(str(value).encode('utf-8')) * 6 + 2 * len(field) + 5  # every character escaped, at worst
        if chunk and (len(chunk) == chunk_size or (room is not None and size + cost > room)):
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(value)
        size += cost
    if chunk:
        chunks.append(chunk)
    return chunks


def _lookup_key(field, value):
    """How a lookup's answer names a value: ids as digits, names without case or surrounding blanks."""
    text = str(value).strip()
    return text.lower() if field == 'name' else text


def _append_placeholder_lookups(packet, placeholders):
    """Lookups by id that fill in the placeholder sites, before later answers of the packet are parsed."""
    parse_lookups = _append_lookups(packet, 'id', [site['id'] for site in placeholders])

    def parse(answers):
        found = parse_lookups(answers)
        for site in placeholders:
            site.update(found[site['id']])
    return parse


def _append_listing(packet):
    """A ``site get`` and a ``webspace get`` of everything."""
    for kind in SITE_KINDS:
        get = packet.add(kind, 'get')
        add_element(get, 'filter')
        add_element(add_element(get, 'dataset'), 'gen_info')

    def parse(answers):
        sites = {}
        for answer in answers:
            found = []
            for result in answer.results:
                if not result.ok:
                    raise result.error(answer.operator, answer.operation)
                site = _site_from(result, answer.operator)
                if site is not None:
                    found.append(site)
                    sites.setdefault(site['id'], site)
            # "Nothing to list" is one ok result without an id; more of them are answers that lost their payload.
            if len(answer.results) - len(found) > (1 if not found else 0):
                raise PanelProtocolError('Plesk answered %s get with results that name no object: %s'
                                         % (answer.operator, raw(answer.element)), panel='plesk')
        return [sites[site_id] for site_id in sorted(sites)]
    return parse


def _append_prefs(packet, sites, chunk_size=FILTER_CHUNK, unreadable=None, settings=False):
    """``get_prefs`` of ``sites``, each operation's filter listing up to ``chunk_size`` of them (1 asks one
    site per operation).

    The schemas allow several site-ids in one filter and pair a result's ``prefs`` with the ``site-id`` they
    belong to, but an error result need name no site, and no capture shows a real server answering several.
    So an operation of several is taken only when it answers every site it asked exactly once, each ok and
    naming its site; its answers are then matched by ``site-id``, never by position.  The parser returns the
    sites of the operations not taken, for ``read_sites`` to ask again one per operation, where each answer
    is the one site's.  A ``site-id`` that was not asked, in any answer, is a protocol error: the panel
    answered about another site.  ``unreadable``: see ``read_sites``.
    """
    chunks = _filter_chunks('site-id', [site['id'] for site in sites], packet.max_size, chunk_size)
    known = {site['id']: site for site in sites}
    for chunk in chunks:
        criteria = add_element(packet.add('mail', 'get_prefs'), 'filter')
        for site_id in chunk:
            add_element(criteria, 'site-id', site_id)

    def parse(answers):
        unsettled = []
        for chunk, answer in zip(chunks, answers):
            asked = set(chunk)
            named = [_named_site(result, asked) for result in answer.results]
            if len(chunk) == 1:
                _take_prefs(known[chunk[0]], answer.result(), unreadable, settings)
                continue
            results = _prefs_by_site(asked, answer.results, named)
            if results is None:
                unsettled.extend(known[site_id] for site_id in chunk)
                continue
            for site_id, result in results.items():
                _take_prefs(known[site_id], result, unreadable, settings)
        return unsettled
    return parse


def _named_site(result, asked):
    """The site id a ``get_prefs`` result names (None when it names none), which must be one ``asked``."""
    site_id = (result.text('site-id') or '').strip()
    if not site_id:
        return None
    number = plain_number(site_id)
    if number not in asked:
        raise PanelProtocolError('Plesk answered mail get_prefs with a site-id that was not asked: %s'
                                 % raw(result.element), panel='plesk')
    return number


def _prefs_by_site(asked, results, named):
    """The result of each site ``asked`` in a ``get_prefs`` of several (``named``: the site each result
    names), or None when the answer does not settle them all: an error, a result naming no site, a site
    answered twice or not at all."""
    by_site = {}
    for result, site_id in zip(results, named):
        if not result.ok or site_id is None or site_id in by_site:
            return None
        by_site[site_id] = result
    return by_site if len(by_site) == len(asked) else None


def _take_prefs(site, result, unreadable=None, settings=False):
    """The mail service and webmail of ``site`` from its ``get_prefs`` ``result``, and with ``settings`` its
    DKIM signing, greylisting and mail to unknown names too (left out otherwise: reading them costs a task on
    10,000 sites that does not need them a few hundredths of a second)."""
    if not result.ok:
        set_aside(site, result.error('mail', 'get_prefs', describe_site(site)), unreadable)
        site['mail_service'] = site['webmail'] = None
        if settings:
            site.update(dict.fromkeys(_mail_prefs().BOOLEAN_ELEMENTS), nonexistent_user=None)
        return
    site['mail_service'] = boolean(result.text('prefs/mailservice'))
    site['webmail'] = result.text('prefs/webmail')
    if settings:
        prefs = _mail_prefs()
        for setting, tag in prefs.BOOLEAN_ELEMENTS.items():
            site[setting] = boolean(result.text('prefs/' + tag))
        site['nonexistent_user'] = prefs.nonexistent_user(result.element)


def read_sites(client, names=(), ids=(), every=False, prefs=False, mailboxes=None, datasets=(), on_found=None,
               unreadable=None, settings=False):
    """Resolve sites and read their mail state in two packets at most (one more when a panel's answer to a
    ``get_prefs`` of several sites does not settle each of them, see ``_append_prefs``).

    ``names`` (domain names) are resolved first, in one packet; ``ids`` are looked up in the
    packet that reads the mail state, so a read by id is a single packet.  ``every`` lists every
    site and webspace instead of ``names`` and ``ids``.  ``prefs`` adds ``mail_service`` (True,
    False, or None when Plesk does not say) and ``webmail`` to each site, and with ``settings`` also
    ``dkim_signing`` (``spam-protect-sign``), ``greylisting`` and ``nonexistent_user`` (see
    ``_plesk_mail_prefs.nonexistent_user``).  ``mailboxes`` adds
    ``mailboxes``, the names that exist: True reads every mailbox; a mapping gives the names to
    read per site reference (a name or an id as given), merged for references to one site, where
    True reads every mailbox of that site.  ``datasets`` are the ``get_info`` datasets to ask for;
    each site then also has ``mailnames``, the ``<mailname>`` elements of its mailboxes.

    ``on_found`` is called with the site id of every reference (``{reference: id}``; empty with
    ``every``, which takes none) once the names are found and before the packet that reads the rest:
    where a module takes the lock that keeps parallel runs on one site apart, keyed by id, so that a
    site named by domain in one run and by id in another is one object, and its state is read under
    the lock.

    ``unreadable``, a list, takes the reads of one site that Plesk refuses (an error result of ``get_prefs``
    or ``get_info``, such as a site without a mail service, but not a permission denied) as ``(site, error)``,
    the site's ``mail_service`` and ``webmail``, or ``mailboxes`` then None (when no mailbox was read), instead
    of failing the whole read: for the readers that report every site (the info modules), where one site must
    not hide all the others.

    Returns the sites, each once, in the order given (by id for ``every``), and a mapping of
    every reference to its site.  Unknown references raise :class:`PanelNotFoundError` before
    anything else of the answers is looked at.
    """
    by_reference = {}
    ids = () if every else _unique(ids)
    if every:
        listing = _Reads(client)
        listing.add(_append_listing)
        sites, = listing.send()
    else:
        names = _unique(names)
        if names:
            lookups = _Reads(client)
            lookups.add(_append_lookups, 'name', names)
            by_reference, = lookups.send()
        sites = _unique((by_reference[name] for name in names), key=lambda site: site['id'])
    known = {site['id']: site for site in sites}
    # Two names of one site share one site, so that what is read for it is read once.
    by_reference = {reference: known[site['id']] for reference, site in by_reference.items()}
    # Sites named by id are read in the same packet as they are looked up, so they are read as
    # placeholders that the lookup fills in.
    placeholders = [{'id': site_id, 'name': None, 'kind': None} for site_id in ids if site_id not in known]
    for site in placeholders:
        known[site['id']] = site
        sites.append(site)
    for site_id in ids:
        by_reference[site_id] = known[site_id]
    if on_found is not None:
        on_found({reference: site['id'] for reference, site in by_reference.items()})

    reads = _Reads(client)
    if placeholders:
        reads.add(_append_placeholder_lookups, placeholders)
    prefs_read = reads.add(_append_prefs, sites, FILTER_CHUNK, unreadable, settings) if prefs else None
    if mailboxes:
        mailbox_reads = _mailbox_reads()
        wanted = mailbox_reads.wanted_mailboxes(mailboxes, by_reference)
        for site in sites:
            reads.add(mailbox_reads.append_mailboxes, site, wanted.get(site['id'], []), datasets, unreadable)
    parsed = reads.send()
    unsettled = parsed[prefs_read] if prefs else ()
    if unsettled:
        # A panel that did not answer each site of an operation exactly once: those sites asked again, one per
        # operation, in a second packet (see _append_prefs).
        one_by_one = _Reads(client)
        one_by_one.add(_append_prefs, unsettled, 1, unreadable, settings)
        one_by_one.send()
    return sites, by_reference


def _mailbox_reads():
    """``_plesk_mailboxes``, compiled only by the modules that read mailboxes (a task compiles its
    module_utils every time); imported once per read, not once per site."""
    from ansible_collections.hosting.panels.plugins.module_utils import _plesk_mailboxes  # pylint: disable=import-outside-toplevel
    return _plesk_mailboxes


def _mail_prefs():
    """``_plesk_mail_prefs``, compiled only by the modules that read or set a site's mail settings."""
    from ansible_collections.hosting.panels.plugins.module_utils import _plesk_mail_prefs  # pylint: disable=import-outside-toplevel
    return _plesk_mail_prefs


def _unique(values, key=None):
    unique = {}
    for value in values:
        unique.setdefault(value if key is None else key(value), value)
    return list(unique.values())


def switch_mail_service(client, changes):
    """``mail enable``/``disable`` for each ``(site_id, enabled)``, in one packet.

    Returns one result per change, in order; failed ones are returned, not raised, because
    the other sites of the packet were still switched.
    """
    packet = client.packet()
    for site_id, enabled in changes:
        add_element(packet.add('mail', 'enable' if enabled else 'disable'), 'site-id', site_id)
    return write_results(client.send(packet, read_only=False))
