# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The mail settings of Plesk sites that ``mail get_prefs`` reports beside the mail service, and their writes
(``mail set_prefs``).

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
Apart from ``_plesk_api`` because a module run compiles every module_utils it imports, and the module that
switches the mail service of thousands of sites needs none of this; :func:`._plesk_api.read_sites` imports it
when asked for the settings.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import add_element, write_results


# The settings that are booleans, by the element Plesk names each with, in the schema's order.
BOOLEAN_ELEMENTS = {'dkim_signing': 'spam-protect-sign', 'greylisting': 'greylisting'}

# What becomes of mail to a name a site does not have (``nonexistent-user``), by the element Plesk names it with:
# the field of the setting that the element's text gives.
NONEXISTENT_USER_TEXTS = {'bounce': 'text', 'forward': 'address', 'reject': None}


def nonexistent_user(result):
    """``{'action', 'text', 'address'}`` from the ``nonexistent-user`` of a ``get_prefs`` ``<result>`` element, or
    None when it has none.  An action this client does not know is returned by its element's name, without a text,
    so that it compares unequal to any action asked for."""
    for prefs in result.iterchildren('prefs'):
        for setting in prefs.iterchildren('nonexistent-user'):
            for choice in setting:
                found = dict(action=choice.tag, text=None, address=None)
                field = NONEXISTENT_USER_TEXTS.get(choice.tag)
                if field:
                    found[field] = choice.text or ''
                return found
    return None


def set_mail_settings(client, changes):
    """A ``mail set_prefs`` for each ``(site_id, setting, value)``, in one packet; ``setting`` is ``webmail``,
    ``dkim_signing``, ``greylisting`` or ``nonexistent_user``, the value as ``read_sites`` gives it.

    One operation per site and setting, although a filter may list several sites and the prefs several settings:
    Plesk answers a result per site of the filter, and a refused operation need not say which of its settings it
    refused, or whether it took the others.  This is a write, whose answers must say for certain what each is.
    Returns one result per change, in order, failed ones too.
    """
    packet = client.packet()
    for site_id, setting, value in changes:
        operation = packet.add('mail', 'set_prefs')
        add_element(add_element(operation, 'filter'), 'site-id', site_id)
        prefs = add_element(operation, 'prefs')
        if setting == 'nonexistent_user':
            field = NONEXISTENT_USER_TEXTS[value['action']]
            add_element(add_element(prefs, 'nonexistent-user'), value['action'], value[field] if field else None)
        elif setting in BOOLEAN_ELEMENTS:
            add_element(prefs, BOOLEAN_ELEMENTS[setting], 'true' if value else 'false')
        else:
            add_element(prefs, setting, value)
    return write_results(client.send(packet, read_only=False))
