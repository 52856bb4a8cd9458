# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads and renames of the mailboxes of Plesk sites: ``mail get_info`` and ``mail rename``.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
Apart from ``_plesk_api`` because a module run compiles every module_utils it imports (AnsiballZ runs
them from a zip, for which Python keeps no bytecode), and most Plesk modules never read a mailbox;
:func:`._plesk_api.read_sites` imports this when it is asked for mailboxes.
"""

from __future__ import annotations

import re

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelProtocolError
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import NOT_FOUND, _unique, describe_site, set_aside
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import add_element, raw, write_results


# How a live Obsidian server words a mail name that does not exist (research note P4), as the whole text; its
# code, 1013, comes from a client's test fixture, not a capture.  Plesk answers in its own language, so the code
# comes first, and the text is taken only whole: "Domain mail.example.org does not exist" says something else.
MISSING_MAIL_TEXT = re.compile(r"\s*mail(\s*name)?(\s+'[^']*')?\s+does not exist\.?\s*", re.IGNORECASE)


# The refusal of a site whose mail service is off names Plesk's mail service by its internal name, which no
# translation changes ("There is no DSMail service for domain with id = N"); its code is not known, and under
# 1013 it must not pass for a missing mail name, which would report an account absent that Plesk never read.
NO_MAIL_SERVICE = re.compile(r'\bDSMail\b')


def missing_mail(result, named):
    """Whether an error result of a ``get_info`` says that the mail name it ``named`` does not exist (a
    listing of every name of a site names none, and its errors are all failures but 1013)."""
    text = result.errtext or ''
    if result.errcode == NOT_FOUND:
        return not NO_MAIL_SERVICE.search(text)
    return bool(named and MISSING_MAIL_TEXT.fullmatch(text))


def append_mailboxes(packet, site, names, datasets=(), unreadable=None):
    """``get_info`` of a site's named mailboxes, one operation per name (one for every mailbox when
    ``names`` is empty), asking for ``datasets`` (``mailbox``, ``forwarding`` ..., in the schema's order).

    The schema allows several names in one filter, but no public client shows a server answering
    them, while one operation per name is checked against a live server (research note P4).

    A refusal other than a missing name fails the read, or, given ``unreadable`` (see ``read_sites``), is added
    to it; the mailboxes read despite it are kept, and when there are none, ``mailboxes`` and ``mailnames`` are
    None.
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
        found = set()
        refused = False
        for asked, answer in zip(names or [None], answers):
            if asked is not None and not answer.results:
                # The schema gives every get_info a result, and a name that does not exist is answered too (an
                # error, or an empty result): without one, the answer does not say whether the account exists.
                raise PanelProtocolError('Plesk answered mail get_info of %s for the mail name %r without a result'
                                         % (describe_site(site), asked), panel='plesk')
            for result in answer.results:
                # A missing name is left out (Onyx) or answered with an error, "mail does not exist"
                # (Obsidian); an ok result without a mailname is a site without mailboxes.
                if not result.ok and not missing_mail(result, bool(names)):
                    set_aside(site, result.error('mail', 'get_info', describe_site(site)), unreadable)
                    refused = True
                    continue
                mailname = result.element.find('mailname') if result.ok else None
                if mailname is None:
                    continue
                name = mailname.findtext('name')
                if not name:
                    raise PanelProtocolError('Plesk answered mail get_info of %s with a mail name without a name: %s'
                                             % (describe_site(site), raw(result.element)), panel='plesk')
                if name not in found:
                    found.add(name)
                    site['mailboxes'].append(name)
                    site['mailnames'].append(mailname)
        if refused and not found:
            site['mailboxes'] = site['mailnames'] = None
    return parse


def wanted_mailboxes(mailboxes, by_reference):
    """The mailbox names to read of each site, by its id; [] (as for a site not named in ``mailboxes``)
    reads every mailbox.  One pass over ``mailboxes``, however many sites there are."""
    if mailboxes is True:
        return {}
    lists = {}
    for reference, site_names in mailboxes.items():
        if reference in by_reference:
            lists.setdefault(by_reference[reference]['id'], []).append(site_names)
    return {site_id: [] if any(site_names is True for site_names in site_lists)
            else _unique((name for site_names in site_lists for name in site_names), key=str.lower)
            for site_id, site_lists in lists.items()}


def rename_mailboxes(client, renames):
    """``mail rename`` for each ``(site_id, name, new_name)``, in one packet; results as above."""
    packet = client.packet()
    for site_id, name, new_name in renames:
        rename = packet.add('mail', 'rename')
        add_element(rename, 'site-id', site_id)
        add_element(rename, 'name', name)
        add_element(rename, 'new-name', new_name)
    return write_results(client.send(packet, read_only=False))
