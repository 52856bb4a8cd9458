# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and writes of Plesk sites and their mail, each in as few packets as the protocol allows.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
Server-wide resources (services, webmail) are in ``_plesk_server``, and the mailboxes of sites in
``_plesk_mailboxes``, so that the modules that do not need them carry or compile none of their code.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelNotFoundError, PanelProtocolError
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import (
    add_element,
    boolean,
    operation_template,
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
        start = len(self.packet)
        parse = append(self.packet, *args)
        self._parsers.append((start, len(self.packet), parse))

    def send(self):
        answers = self.client.send(self.packet, read_only=True)
        return [parse(answers[start:end]) for start, end, parse in self._parsers]


def describe_site(site):
    """How messages name a site: ``example.com (id 1)``."""
    return '%s (id %s)' % (site['name'], site['id']) if site.get('name') else 'site id %s' % site['id']


def _site_from(result, kind, name=None):
    """The site an ok result describes, or None when it names none.

    A server with nothing to list answers an ok result without an id (Obsidian), and an id of 0 is no
    object either (research note P1); both are skipped, as the public clients do.
    """
    site_id = (result.text('id') or '').strip()
    if site_id in ('', '0'):
        return None
    if not site_id.isdigit():
        raise PanelProtocolError('Plesk answered %s get with an id that is not a number: %r' % (kind, site_id),
                                 panel='plesk')
    return {'id': int(site_id), 'name': result.text('data/gen_info/name', name), 'kind': kind}


def _append_lookups(packet, field, values):
    """A ``site get`` per value, then a ``webspace get`` per value, each on its own, so answers map by position.
    Each kind shares one operator element: for 10,000 values that is two elements instead of 20,000, which
    both the client and the panel build and read.

    Parsing raises :class:`PanelNotFoundError` for the values neither knows, before the answers
    read after the lookups in the same packet are looked at.
    """
    template = operation_template('get')
    criterion = add_element(add_element(template, 'filter'), field)
    add_element(add_element(template, 'dataset'), 'gen_info')
    for kind in SITE_KINDS:
        for value in values:
            criterion.text = str(value)
            packet.add_copy(kind, template)

    def parse(answers):
        found = {}
        count = len(values)
        for index, value in enumerate(values):
            site = _found_site((answers[index], answers[count + index]), value, value if field == 'name' else None)
            if site is not None:
                found[value] = site
        missing = [value for value in values if value not in found]
        if missing:
            raise PanelNotFoundError('Plesk site' if field == 'name' else 'Plesk site id', missing, panel='plesk')
        return found
    return parse


def _append_placeholder_lookups(packet, placeholders):
    """Lookups by id that fill in the placeholder sites, before later answers of the packet are parsed."""
    parse_lookups = _append_lookups(packet, 'id', [site['id'] for site in placeholders])

    def parse(answers):
        found = parse_lookups(answers)
        for site in placeholders:
            site.update(found[site['id']])
    return parse


def _found_site(answers, value, name):
    """The site one lookup of ``value`` found; None when neither ``site get`` nor ``webspace get`` knows it.

    Obsidian's ``site get`` also finds a subscription's main domain, with the webspace's id; what
    ``webspace get`` finds is reported as the webspace it is.
    """
    found = {}
    for answer in answers:
        for result in answer.results:
            site = _site_from(result, answer.operator, name) if result.ok else None
            if site is not None:
                found.setdefault(answer.operator, site)
    if found:
        return found.get('webspace') or found['site']
    for answer in answers:
        for result in answer.results:
            if not result.ok and result.errcode != NOT_FOUND:
                raise result.error(answer.operator, answer.operation, value)
    return None


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


def _append_prefs(packet, sites):
    """One ``get_prefs`` per site, in order: its error results do not echo the site-id."""
    template = operation_template('get_prefs')
    site_id = add_element(add_element(template, 'filter'), 'site-id')
    for site in sites:
        site_id.text = str(site['id'])
        packet.add_copy('mail', template)

    def parse(answers):
        for site, answer in zip(sites, answers):
            result = answer.result()
            if not result.ok:
                raise result.error('mail', 'get_prefs', describe_site(site))
            site['mail_service'] = boolean(result.text('prefs/mailservice'))
            site['webmail'] = result.text('prefs/webmail')
    return parse


def read_sites(client, names=(), ids=(), every=False, prefs=False, mailboxes=None, datasets=()):
    """Resolve sites and read their mail state in two packets at most.

    ``names`` (domain names) are resolved first, in one packet; ``ids`` are looked up in the
    packet that reads the mail state, so a read by id is a single packet.  ``every`` lists every
    site and webspace instead of ``names`` and ``ids``.  ``prefs`` adds ``mail_service`` (True,
    False, or None when Plesk does not say) and ``webmail`` to each site.  ``mailboxes`` adds
    ``mailboxes``, the names that exist: True reads every mailbox; a mapping gives the names to
    read per site reference (a name or an id as given), merged for references to one site, where
    True reads every mailbox of that site.  ``datasets`` are the ``get_info`` datasets to ask for;
    each site then also has ``mailnames``, the ``<mailname>`` elements of its mailboxes.

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

    mailbox_reads = _mailbox_reads() if mailboxes else None
    reads = _Reads(client)
    if placeholders:
        reads.add(_append_placeholder_lookups, placeholders)
    if prefs and not mailboxes:
        # The same packet as a get_prefs per site in the loop below, read by one parser instead of one per site.
        reads.add(_append_prefs, sites)
        prefs = False
    for site in sites:
        if prefs:
            reads.add(_append_prefs, [site])
        if mailboxes:
            reads.add(mailbox_reads.append_mailboxes, site,
                      mailbox_reads.wanted_mailboxes(mailboxes, by_reference, site), datasets)
    reads.send()
    return sites, by_reference


def _mailbox_reads():
    """``_plesk_mailboxes``, compiled only by the modules that read mailboxes (a task compiles its
    module_utils every time); imported once per read, not once per site."""
    from ansible_collections.hosting.panels.plugins.module_utils import _plesk_mailboxes  # pylint: disable=import-outside-toplevel
    return _plesk_mailboxes


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
