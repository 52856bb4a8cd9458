# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and writes of Plesk resources, each in as few packets as the protocol allows.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

import re

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelNotFoundError,
    PanelProtocolError,
    PleskApiError,
    PleskUnsupportedError,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import add_element, operation_template, raw


def write_results(answers):
    """The one result of each operation of a write packet.

    An answer that cannot be read this way says nothing about what the panel did, so the error says the
    changes may have applied.
    """
    try:
        return [answer.result() for answer in answers]
    except PanelProtocolError as error:
        raise error.mark_may_have_applied() from None


def read_services(client):
    """Every server service, keyed by id in the panel's order: ``{id, title, state[, error]}``."""
    packet = client.packet()
    add_element(packet.add('server', 'get'), 'services_state')
    answer, = client.send(packet, read_only=True)
    result = answer.ok_result()
    listing = result.element.find('services_state')
    if listing is None or any(not (srv.findtext('id') or '').strip() for srv in listing.iterfind('srv')):
        raise PanelProtocolError('Plesk answered server get services_state without the services (or a service '
                                 'without its id): %s' % raw(result.element), panel='plesk')
    services = {}
    for srv in listing.iterfind('srv'):
        service = {'id': srv.findtext('id'), 'title': srv.findtext('title'), 'state': srv.findtext('state')}
        if srv.findtext('error'):
            service['error'] = srv.findtext('error')
        services[service['id']] = service
    return services


def pick_services(services, names):
    """The named services, in the order named; unknown ids raise, listing the known ones."""
    missing = [name for name in names if name not in services]
    if missing:
        raise PanelNotFoundError('Plesk service', missing, known=services, panel='plesk')
    return [services[name] for name in names]


def manage_services(client, actions):
    """Run ``srv_man`` for each ``(service_id, operation)`` in one packet.

    Returns one result per action, in order; failed ones are returned, not raised,
    because the other services of the packet were still acted on.
    """
    packet = client.packet()
    for service_id, operation in actions:
        element = packet.add('server', 'srv_man')
        add_element(element, 'id', service_id)
        add_element(element, 'operation', operation)
    return write_results(client.send(packet, read_only=False))


# -- sites ---------------------------------------------------------------------------------------

# Errors that mean "no such object"; any other error is the panel refusing to answer.
NOT_FOUND = 1013

# Where a domain may be: ``site get`` does not list a subscription's main domain, ``webspace get`` does.
SITE_KINDS = ('site', 'webspace')

BOOLEANS = {'true': True, '1': True, 'false': False, '0': False}


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


def _boolean(text):
    return BOOLEANS.get((text or '').strip().lower())


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
    """A ``site get`` and a ``webspace get`` per value, each on its own, so answers map by position.

    Parsing raises :class:`PanelNotFoundError` for the values neither knows, before the answers
    read after the lookups in the same packet are looked at.
    """
    template = operation_template('get')
    criterion = add_element(add_element(template, 'filter'), field)
    add_element(add_element(template, 'dataset'), 'gen_info')
    for value in values:
        criterion.text = str(value)
        for kind in SITE_KINDS:
            packet.add_copy(kind, template)

    def parse(answers):
        found = {}
        for index, value in enumerate(values):
            site = _found_site(answers[2 * index:2 * index + 2], value, value if field == 'name' else None)
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
            site['mail_service'] = _boolean(result.text('prefs/mailservice'))
            site['webmail'] = result.text('prefs/webmail')
    return parse


def _append_mailboxes(packet, site, names, datasets=()):
    """``get_info`` of a site's named mailboxes, one operation per name (one for every mailbox when
    ``names`` is empty), asking for ``datasets`` (``mailbox``, ``forwarding`` ..., in the schema's order).

    The schema allows several names in one filter, but no public client shows a server answering
    them, while one operation per name is checked against a live server (research note P4).
    """
    for name in names or [None]:
        get_info = packet.add('mail', 'get_info')
        criteria = add_element(get_info, 'filter')
        add_element(criteria, 'site-id', site['id'])
        if name is not None:
            add_element(criteria, 'name', name)
        for dataset in datasets:
            add_element(get_info, dataset)

    def parse(answers):
        site['mailboxes'] = []
        # The <mailname> element of each mailbox found, for readers of the datasets.
        site['mailnames'] = []
        for answer in answers:
            for result in answer.results:
                # A missing name is left out (Onyx) or answered with a 1013 error, "mail does not exist"
                # (Obsidian); an ok result without a mailname is a site without mailboxes.
                if not result.ok and result.errcode != NOT_FOUND:
                    raise result.error('mail', 'get_info', describe_site(site))
                name = result.text('mailname/name') if result.ok else None
                if name and name not in site['mailboxes']:
                    site['mailboxes'].append(name)
                    site['mailnames'].append(result.element.find('mailname'))
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
            reads.add(_append_mailboxes, site, _wanted_mailboxes(mailboxes, by_reference, site), datasets)
    reads.send()
    return sites, by_reference


def _wanted_mailboxes(mailboxes, by_reference, site):
    """The mailbox names to read of ``site``; [] reads every mailbox."""
    if mailboxes is True:
        return []
    lists = [site_names for reference, site_names in mailboxes.items()
             if reference in by_reference and by_reference[reference] is site]
    if any(site_names is True for site_names in lists):
        return []
    return _unique((name for site_names in lists for name in site_names), key=str.lower)


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


def rename_mailboxes(client, renames):
    """``mail rename`` for each ``(site_id, name, new_name)``, in one packet; results as above."""
    packet = client.packet()
    for site_id, name, new_name in renames:
        rename = packet.add('mail', 'rename')
        add_element(rename, 'site-id', site_id)
        add_element(rename, 'name', name)
        add_element(rename, 'new-name', new_name)
    return write_results(client.send(packet, read_only=False))


# -- webmail (Plesk up to Onyx) ------------------------------------------------------------------

# Protocol 1.6.9.1 (Plesk Obsidian) has no <webmail> operator (research note P7).
LAST_WEBMAIL_PROTOCOL = (1, 6, 9, 0)

# libxml2's message when the schema has no such element; element names are never translated.
WEBMAIL_NOT_EXPECTED = re.compile(r"Element '?webmail'?\W")

WEBMAIL_INSTEAD = ('Plesk ran nothing. Manage webmail services in the Plesk interface instead; the webmail a site '
                   'uses is one of its mail preferences, which hosting.panels.plesk_mail_info reports')

WEBMAIL_READS = ('get-supported', 'get-available')


def webmail_unsupported(client, error):
    """The error to raise instead of ``error`` (a 1014) when it says the server has no webmail operator, else None.

    Decided from the protocol version the server announced, or from the parser error naming the element;
    never from the wording of the error text, which comes in the panel's language.
    """
    announced = client.announced_version
    version = _version_tuple(announced)
    if version is not None and version > LAST_WEBMAIL_PROTOCOL:
        message = ('%s announced XML API protocol %s, which has no webmail operator (the newest protocol with it '
                   'is 1.6.9.0, Plesk Onyx). %s. A server that still serves the older protocol may accept it with '
                   'api_version: 1.6.9.0' % (client.http.host, announced, WEBMAIL_INSTEAD))
    elif WEBMAIL_NOT_EXPECTED.search(error.text or ''):
        message = ('%s refused the webmail operator%s: this Plesk has no webmail operator. %s'
                   % (client.http.host, ' under XML API protocol %s' % announced if announced else '',
                      WEBMAIL_INSTEAD))
    else:
        return None
    return PleskUnsupportedError(message, error.code, error.text)


def _version_tuple(version):
    parts = (version or '').split('.')
    return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None


def _send_webmail(client, packet, read_only):
    try:
        return client.send(packet, read_only=read_only)
    except PleskApiError as error:
        # Newer Plesk validates the packet against a schema without <webmail> and rejects it whole.
        unsupported = webmail_unsupported(client, error) if error.code == 1014 else None
        if unsupported is not None:
            raise unsupported from None
        raise


def read_webmail(client):
    """Every registered webmail service, ``{name, url, enabled}``, in the panel's order.

    ``get-supported`` and ``get-available`` are read in one packet and merged: a service in
    either list is registered.  A service without a status is enabled when it is available.
    """
    packet = client.packet()
    for operation in WEBMAIL_READS:
        packet.add('webmail', operation)
    services = {}
    listed_in = {}
    for answer in _send_webmail(client, packet, read_only=True):
        for element in answer.ok_result().element.iterfind('webmail'):
            name = (element.findtext('name') or '').strip()
            if not name:
                continue
            key = name.lower()
            service = services.setdefault(key, {'name': name, 'url': None, 'enabled': None})
            if service['url'] is None:
                service['url'] = element.findtext('url')
            if service['enabled'] is None:
                service['enabled'] = _boolean(element.findtext('status'))
            listed_in.setdefault(key, set()).add(answer.operation)
    for key, service in services.items():
        if service['enabled'] is None:
            service['enabled'] = 'get-available' in listed_in[key]
    return list(services.values())


def find_webmail(services, name):
    """The service called ``name``, compared without case as Plesk does, or None."""
    return next((service for service in services if service['name'].lower() == name.lower()), None)


def change_webmail(client, actions):
    """Send ``(operation, service)`` actions in one packet, each in its own ``<webmail>``.

    ``register`` takes ``{name, url, enabled}``; ``unregister``, ``enable`` and ``disable`` take
    ``{name}``.  Returns one result per action, in order, failed ones included.
    """
    packet = client.packet()
    for operation, service in actions:
        criteria = add_element(packet.add('webmail', operation), 'filter')
        if operation == 'register':
            entry = add_element(criteria, 'service')
            add_element(entry, 'name', service['name'])
            add_element(entry, 'url', service['url'])
            add_element(entry, 'status', 'enabled' if service['enabled'] else 'disabled')
        else:
            add_element(criteria, 'name', service['name'])
    return write_results(_send_webmail(client, packet, read_only=False))
