# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plesk versions the emulator can play, as tables of behaviours.

A profile gives the defaults of the behaviour keys of the ``plesk`` state; a seed (or ``PUT
/__emulator__/state``) may set any of them on its own, so a test can mix behaviours.  Where the
public evidence does not settle how real servers behave, a key offers every plausible variant.
Sources: ``../shared/research/plesk-today.md`` (P1 to P10) and ``plesk-protocol.md``.  ``onyx`` plays
Onyx as its documentation samples show it (protocol 1.6.7.0 and older, with the webmail operator); late Onyx
releases already spoke 1.6.9.1, without it (a public client's recording of 2018), which ``obsidian``'s
behaviours, or an ``onyx`` seed with ``webmail_operator: absent``, play.
"""

from __future__ import annotations

ONYX_PROTOCOLS = (
    '1.4.0.0', '1.4.1.0', '1.4.1.1', '1.4.1.2', '1.4.2.0', '1.5.0.0', '1.5.1.0', '1.5.2.0', '1.5.2.1',
    '1.6.0.0', '1.6.0.1', '1.6.0.2', '1.6.1.0', '1.6.2.0', '1.6.3.0', '1.6.3.1', '1.6.3.2', '1.6.3.3',
    '1.6.3.4', '1.6.3.5', '1.6.4.0', '1.6.5.0', '1.6.6.0', '1.6.7.0',
)
OBSIDIAN_PROTOCOLS = ONYX_PROTOCOLS + ('1.6.8.0', '1.6.9.0', '1.6.9.1')

# The newest protocol that still had the <webmail> operator (research note P7).
LAST_WEBMAIL_PROTOCOL = '1.6.9.0'

ONYX_SERVICES = [
    {'id': 'web', 'title': 'Web Server (Apache)', 'state': 'running'},
    {'id': 'smtp', 'title': 'SMTP Server (Postfix)', 'state': 'running'},
    {'id': 'mail', 'title': 'IMAP/POP3 Server (Dovecot)', 'state': 'running'},
    {'id': 'dns', 'title': 'DNS Server (BIND)', 'state': 'running'},
    {'id': 'postgresql', 'title': 'PostgreSQL Server', 'state': 'running'},
    {'id': 'spamassassin', 'title': 'SpamAssassin', 'state': 'running'},
    {'id': 'fail2ban', 'title': 'Fail2Ban', 'state': 'running'},
]

# The ids a live Obsidian 18.0 server on Linux lists (research note P5), plus postgresql as the
# services seed page shows it.  There is no ``mail`` id.  The titles are our own.
OBSIDIAN_SERVICES = [
    {'id': 'web', 'title': 'Web Server (Apache)', 'state': 'running'},
    {'id': 'smtp', 'title': 'SMTP Server (Postfix)', 'state': 'running'},
    {'id': 'imap-pop3', 'title': 'IMAP/POP3 Server (Dovecot)', 'state': 'running'},
    {'id': 'dns', 'title': 'DNS Server (BIND)', 'state': 'running'},
    {'id': 'spamassassin', 'title': 'SpamAssassin', 'state': 'running'},
    {'id': 'milter', 'title': 'Milter (Postfix mail filter)', 'state': 'running'},
    {'id': 'fail2ban', 'title': 'Fail2Ban', 'state': 'running'},
    {'id': 'plesk-php83-fpm', 'title': 'PHP-FPM 8.3 service', 'state': 'running'},
    {'id': 'postgresql', 'title': 'PostgreSQL Server', 'state': 'running'},
]

# Each behaviour key with its variants; profiles choose one variant of each.
BEHAVIOURS = {
    # Named in answers to packets that pin no version.
    'protocol_version': None,
    # Versions a packet may pin; a prefix of one (1.6, 1.6.5) is accepted too.
    'protocols': None,
    # present: the operator works; absent: a packet with <webmail> gets 1014 like an unknown element;
    # pinned: it works only in packets pinned to a protocol up to 1.6.9.0 (unknown for real servers, P7).
    'webmail_operator': ('present', 'absent', 'pinned'),
    # true: ``site get`` filtered by name, id or guid also finds a subscription's main domain, with the
    # webspace's id (P2); a listing of every site still leaves main domains out.
    'main_domain_in_site_get': (True, False),
    # Whether the results of ``site get`` and ``webspace get`` echo the criterion they answer (filter-id):
    # a real 1.6.9.1 server does for one name, found or not (lexicon cassettes); the schema makes it
    # optional, and the error-codes page shows an error result without it.
    'get_filter_id': ('echoed', 'omitted'),
    # How a ``get`` answers when there is nothing to list: no result at all, or one ok result without
    # an id (P1).
    'empty_listing': ('nothing', 'result_without_id'),
    # How ``mail get_info`` answers a name that does not exist: leave it out, or an error result with the text
    # a live server gives, "mail does not exist", under 1013 (a client's test fixture) or another code (P4).
    'get_info_missing': ('omit', 'error', 'error_other_code'),
    # What ``mail update set`` does with the forwarding addresses it is given: replace the list (as the
    # documentation says set treats what it mentions) or add to it; no live capture shows either.
    'update_set_forwarding': ('replace', 'add'),
    # Whether ``mail update set`` may switch the mailbox of an existing account (``<mailbox><enabled>``): the
    # schema allows it; the notes of a public client checked against a live Obsidian server tell of a <mailbox>
    # refused where one with a quota alone was taken, suppose <enabled> was the cause (not tested on its own),
    # and treat it as unsupported (plead).  The refusal's text here is the emulator's own.
    'update_set_mailbox_enabled': ('accepted', 'refused'),
    # How ``mail get_prefs`` answers a filter of several site-ids: a result per site in the order asked, ok
    # ones naming their site-id and an unknown site an error (as the schemas and the documentation describe
    # it; no capture shows it); the same in reverse order; or only the first site (a server that reads one).
    # The schema gives a result's prefs with their site-id, so no variant leaves that out.  No variant answers
    # one error for the whole operation: only an unknown site could cause it, and the modules' lookup of that
    # site, parsed first, fails the task before any get_prefs answer is read.
    'get_prefs_several': ('each', 'reversed', 'first_only'),
    # How ``mail get_prefs`` describes a site whose mail service is off: ``<mailservice>false</mailservice>``,
    # the preferences without ``mailservice``, or ``<prefs><none/></prefs>``.  The schema allows each (every
    # preference is optional, or ``none`` stands for them all) and no capture shows a real server's (P10).
    # Or it refuses, with the error a public client met creating a mail account where a domain had no mail
    # service (error 1023, "There is no DSMail service for domain with id = N"; php-lib #78).
    'prefs_mail_off': ('mailservice', 'omitted', 'none', 'refused'),
    # How ``mail get_info`` answers for a site whose mail service is off: as for any site, or with that refusal.
    'get_info_mail_off': ('answered', 'refused'),
    # Whether ``mail get_prefs`` tells a site's greylisting: the schemas and the documentation have it; the one
    # answer recorded from a live Obsidian server leaves it out (a server where greylisting is off, supposedly).
    'prefs_greylisting': ('reported', 'omitted'),
    # Whether it tells a site's DKIM signing (``spam-protect-sign``): the one live answer has it; the documentation
    # says it is there "if the DomainKeys spam protection is available on the server", as for greylisting.
    'prefs_dkim': ('reported', 'omitted'),
    # How ``mail set_prefs`` answers for a site whose mail service is off: with that refusal (as a public client
    # met it creating a mail account there), or taking the preferences as for any site; no source shows which.
    'set_prefs_mail_off': ('refused', 'applied'),
    # The code of that refusal ("There is no DSMail service ..."): no source gives it; 1013 is also the code of a
    # missing object, which a client could take for a missing mail name.
    'mail_off_code': (1023, 1013),
    # The version the answer to a packet pinned to a version names: the pinned one, or the server's own newest.
    # No capture shows a pinned packet's answer; the documentation's sample answers a packet of 1.6.3.0 with
    # 1.4.2.0, so a client must not take the answer's version for the packet's.
    'answer_version': ('pinned', 'newest'),
    # Whether ``site get`` and ``webspace get`` by name find a domain whatever the case of the name asked, or
    # only as Plesk keeps it (in lower case); no source shows which.
    'name_lookup': ('insensitive', 'exact'),
    # How ``mail get_info`` describes an account without a mailbox, asked for the mailbox dataset: with
    # ``<mailbox><enabled>false</enabled>`` and its quota, or without a ``<mailbox>`` at all, which the schema
    # allows (it is optional); no capture shows either.
    'get_info_no_mailbox': ('described', 'omitted'),
    # How an answer's body is framed: in chunks, as a recorded 1.6.9.1 server sent it (lexicon cassettes,
    # ``transfer-encoding: chunked``), or by Content-Length, as a proxy that buffers the answer may send it.
    'answer_framing': ('chunked', 'length'),
    'services': None,
}

PROFILES = {
    'obsidian': {
        'protocol_version': '1.6.9.1',
        'protocols': list(OBSIDIAN_PROTOCOLS),
        'webmail_operator': 'absent',
        'main_domain_in_site_get': True,
        'get_filter_id': 'echoed',
        'empty_listing': 'result_without_id',
        'get_info_missing': 'error',
        'update_set_forwarding': 'replace',
        'update_set_mailbox_enabled': 'accepted',
        'get_prefs_several': 'each',
        'prefs_mail_off': 'mailservice',
        'get_info_mail_off': 'answered',
        'set_prefs_mail_off': 'refused',
        'prefs_greylisting': 'reported',
        'prefs_dkim': 'reported',
        'answer_version': 'pinned',
        'mail_off_code': 1023,
        'name_lookup': 'insensitive',
        'get_info_no_mailbox': 'described',
        'answer_framing': 'chunked',
        'services': OBSIDIAN_SERVICES,
    },
    'onyx': {
        'protocol_version': '1.6.7.0',
        'protocols': list(ONYX_PROTOCOLS),
        'webmail_operator': 'present',
        'main_domain_in_site_get': False,
        'get_filter_id': 'echoed',
        'empty_listing': 'nothing',
        'get_info_missing': 'omit',
        'update_set_forwarding': 'replace',
        'update_set_mailbox_enabled': 'accepted',
        'get_prefs_several': 'each',
        'prefs_mail_off': 'mailservice',
        'get_info_mail_off': 'answered',
        'set_prefs_mail_off': 'refused',
        'prefs_greylisting': 'reported',
        'prefs_dkim': 'reported',
        'answer_version': 'pinned',
        'mail_off_code': 1023,
        'name_lookup': 'insensitive',
        'get_info_no_mailbox': 'described',
        'answer_framing': 'chunked',
        'services': ONYX_SERVICES,
    },
}

DEFAULT_PROFILE = 'obsidian'


def version_tuple(version):
    """``'1.6.9.1'`` as ``(1, 6, 9, 1)``; None when it is not dotted numbers."""
    parts = version.split('.') if isinstance(version, str) else []
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def version_accepted(version, protocols):
    """Plesk accepts a known version and its prefixes (``1.6`` and ``1.6.5`` both pass)."""
    return any(known == version or known.startswith(version + '.') for known in protocols)


def webmail_operator_accepted(mode, pinned_version):
    """Whether a packet pinned to ``pinned_version`` (None: unpinned) may use ``<webmail>``."""
    if mode == 'present':
        return True
    if mode == 'pinned':
        pinned = version_tuple(pinned_version) if pinned_version else None
        return pinned is not None and pinned <= version_tuple(LAST_WEBMAIL_PROTOCOL)
    return False
