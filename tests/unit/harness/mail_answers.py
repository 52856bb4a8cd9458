# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plesk requests and answers about mail accounts, for the fake wire.

Builders return ``(operator, operation, inner XML)`` triples, as in ``answers.py``, so that
``request()`` and ``answer()`` put them into packets.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.tests.unit.harness.answers import error_result, ok_result

SETTINGS = ('mailbox', 'forwarding', 'aliases')
EVERYTHING = ('mailbox', 'mailbox-usage', 'forwarding', 'aliases')


def settings_request(site_id, *names, datasets=SETTINGS):
    """One ``get_info`` per name (one for every mail name without names), asking for ``datasets``."""
    flags = ''.join('<%s/>' % dataset for dataset in datasets)
    filters = ['<name>%s</name>' % name for name in names] or ['']
    return [('mail', 'get_info', '<filter><site-id>%d</site-id>%s</filter>%s' % (site_id, name, flags))
            for name in filters]


def account(name, account_id=1, mailbox=True, quota=-1, usage=None, forwarding=(False, ()), aliases=(),
            description=''):
    """A ``<mailname>`` as ``get_info`` answers it; ``mailbox=None`` leaves ``<mailbox>`` out."""
    xml = '<id>%d</id><name>%s</name>' % (account_id, name)
    if mailbox is not None:
        xml += '<mailbox><enabled>%s</enabled><quota>%d</quota>%s</mailbox>' % (
            'true' if mailbox else 'false', quota, '' if usage is None else '<usage>%d</usage>' % usage)
    if forwarding is not None:
        xml += '<forwarding><enabled>%s</enabled>%s</forwarding>' % (
            'true' if forwarding[0] else 'false', ''.join('<address>%s</address>' % item for item in forwarding[1]))
    xml += ''.join('<alias>%s</alias>' % alias for alias in aliases)
    if description:
        xml += '<description>%s</description>' % description
    return '<mailname>%s</mailname>' % xml


def accounts(asked, existing=(), missing='error'):
    """Answers to ``settings_request(site, *asked)``: ``existing`` maps names (without case) to the
    ``account()`` XML; a missing name gets the 1013 error "mail does not exist" (Obsidian), or with
    ``missing='omit'`` an empty ok result (Onyx)."""
    found = dict((name.lower(), xml) for name, xml in dict(existing).items())
    answers = []
    for name in asked:
        if name.lower() in found:
            answers.append(('mail', 'get_info', ok_result(found[name.lower()])))
        elif missing == 'error':
            answers.append(('mail', 'get_info', error_result(1013, 'mail does not exist')))
        else:
            answers.append(('mail', 'get_info', ok_result()))
    return answers


def every_account(*xml):
    """Answer to a ``get_info`` of every mail name of a site."""
    return ('mail', 'get_info', ''.join(ok_result(item) for item in xml) or ok_result())


def mailname(name, inner=''):
    return '<mailname><name>%s</name>%s</mailname>' % (name, inner)


def create_request(site_id, name, inner='<mailbox><enabled>true</enabled></mailbox>'):
    return ('mail', 'create', '<filter><site-id>%d</site-id>%s</filter>' % (site_id, mailname(name, inner)))


def update_request(action, site_id, name, inner):
    return ('mail', 'update', '<%s><filter><site-id>%d</site-id>%s</filter></%s>' % (
        action, site_id, mailname(name, inner), action))


def remove_request(site_id, name):
    return ('mail', 'remove', '<filter><site-id>%d</site-id><name>%s</name></filter>' % (site_id, name))


def created(name, account_id=7, failure=None):
    if failure is not None:
        return ('mail', 'create', error_result(failure[0], failure[1], mailname(name)))
    return ('mail', 'create', ok_result('<mailname><id>%d</id><name>%s</name></mailname>' % (account_id, name)))


def updated(action, name, failure=None):
    result = ok_result(mailname(name)) if failure is None else error_result(failure[0], failure[1], mailname(name))
    return ('mail', 'update', '<%s>%s</%s>' % (action, result, action))


def removed(name, failure=None):
    result = ok_result(mailname(name)) if failure is None else error_result(failure[0], failure[1], mailname(name))
    return ('mail', 'remove', result)
