# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plesk answers for the fake wire, written the way Plesk writes them."""

from __future__ import annotations

TITLES = {'web': 'Web Server (Apache)', 'smtp': 'SMTP Server (Postfix)', 'mail': 'IMAP/POP3 Server (Dovecot)',
          'dns': 'DNS Server (BIND)', 'postgresql': 'PostgreSQL Server', 'spamassassin': 'SpamAssassin',
          'fail2ban': 'Fail2Ban', 'tomcat': 'Tomcat'}


def packet(body):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<packet version="1.6.7.0">%s</packet>' % body


def system_error(code, text):
    return packet('<system><status>error</status><errcode>%d</errcode><errtext>%s</errtext></system>' % (code, text))


def ok_result(inner=''):
    return '<result><status>ok</status>%s</result>' % inner


def error_result(code, text, inner=''):
    return '<result><status>error</status><errcode>%d</errcode><errtext>%s</errtext>%s</result>' % (code, text, inner)


def services_state(**states):
    """Answer to ``server get services_state``; ``web='running'`` and so on, in the order given."""
    services = ''.join('<srv><id>%s</id><title>%s</title><state>%s</state></srv>' % (name, TITLES.get(name, name), state)
                       for name, state in states.items())
    return packet('<server><get>%s</get></server>' % ok_result('<services_state>%s</services_state>' % services))


def srv_man(*results):
    """Answer to a packet of ``srv_man`` operations; each result is ``'web'`` (ok) or ``(code, text)``."""
    answers = ''.join('<srv_man>%s</srv_man>' % (ok_result('<id>%s</id>' % result) if isinstance(result, str)
                                                 else error_result(*result)) for result in results)
    return packet('<server>%s</server>' % answers)


def srv_man_request(*actions):
    """The packet the client sends for ``(service, operation)`` actions."""
    return '<packet><server>%s</server></packet>' % ''.join(
        '<srv_man><id>%s</id><operation>%s</operation></srv_man>' % action for action in actions)


SERVICES_STATE_REQUEST = '<packet><server><get><services_state/></get></server></packet>'
