# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and writes of Plesk's server-wide resources, services and webmail, in one packet each.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

import re

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelNotFoundError,
    PanelProtocolError,
    PleskApiError,
    PleskUnsupportedError,
    plain_number,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import add_element, boolean, raw, write_results


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


# -- webmail (protocol 1.6.9.0 and older) ----------------------------------------------------------------

# Protocol 1.6.9.1 (Plesk Obsidian) has no <webmail> operator (research note P7).
LAST_WEBMAIL_PROTOCOL = (1, 6, 9, 0)

# libxml2's message when the schema has no such element; element names are never translated.
WEBMAIL_NOT_EXPECTED = re.compile(r"Element '?webmail'?\W")

WEBMAIL_INSTEAD = ('Plesk ran nothing. Manage webmail services in the Plesk interface instead; the webmail a site '
                   'uses is one of its mail preferences, which hosting.panels.plesk_mail_settings sets and '
                   'hosting.panels.plesk_mail_info reports')

WEBMAIL_READS = ('get-supported', 'get-available')


def webmail_unsupported(client, error):
    """The error to raise instead of ``error`` (a 1014) when it says the server has no webmail operator, else None.

    Decided from the protocol version the packet was under (the one the task pins, else the one the server
    announced), or from the parser error naming the element; never from the wording of the error text, which
    comes in the panel's language.  Under a pinned protocol that has the operator, only the element decides: the
    version a server names in its answer need not be the pinned one, and any mistake in the packet is a 1014 too.
    """
    announced = client.announced_version
    pinned = _version_tuple(client.version) if client.version else None
    version = _version_tuple(announced)
    if pinned is not None and pinned > LAST_WEBMAIL_PROTOCOL:
        message = ('%s was asked for XML API protocol %s (api_version), which has no webmail operator (the newest '
                   'protocol with it is 1.6.9.0). %s. A server that still serves the older protocol may accept it '
                   'with api_version: 1.6.9.0' % (client.http.host, client.version, WEBMAIL_INSTEAD))
    elif client.version is None and version is not None and version > LAST_WEBMAIL_PROTOCOL:
        message = ('%s announced XML API protocol %s, which has no webmail operator (the newest protocol with it '
                   'is 1.6.9.0). %s. A server that still serves the older protocol may accept it with '
                   'api_version: 1.6.9.0' % (client.http.host, announced, WEBMAIL_INSTEAD))
    elif WEBMAIL_NOT_EXPECTED.search(error.text or ''):
        message = ('%s refused the webmail operator%s: this Plesk has no webmail operator. %s'
                   % (client.http.host, ' under XML API protocol %s' % (client.version or announced)
                      if client.version or announced else '', WEBMAIL_INSTEAD))
    else:
        return None
    return PleskUnsupportedError(message, error.code, error.text)


def _version_tuple(version):
    numbers = [plain_number(part) for part in (version or '').split('.')]
    return None if None in numbers else tuple(numbers)


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
                service['enabled'] = boolean(element.findtext('status'))
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
