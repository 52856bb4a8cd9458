# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and writes of Plesk resources, each in as few packets as the protocol allows.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelNotFoundError
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import add_element

SERVICE_STATES = ('running', 'stopped', 'none')


def read_services(client):
    """Every server service, keyed by id in the panel's order: ``{id, title, state[, error]}``."""
    packet = client.packet()
    add_element(packet.add('server', 'get'), 'services_state')
    answer, = client.send(packet, read_only=True)
    services = {}
    for srv in answer.ok_result().element.iterfind('services_state/srv'):
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
    return [answer.result() for answer in client.send(packet, read_only=False)]
