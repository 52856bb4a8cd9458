# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Plesk answers for the fake wire, written the way Plesk writes them."""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import FILTER_CHUNK, SITE_KINDS

TITLES = {'web': 'Web Server (Apache)', 'smtp': 'SMTP Server (Postfix)', 'mail': 'IMAP/POP3 Server (Dovecot)',
          'dns': 'DNS Server (BIND)', 'postgresql': 'PostgreSQL Server', 'spamassassin': 'SpamAssassin',
          'fail2ban': 'Fail2Ban', 'tomcat': 'Tomcat'}


def packet(body, version='1.6.7.0'):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<packet version="%s">%s</packet>' % (version, body)


def system_error(code, text, version='1.6.7.0'):
    """A ``<system>`` error, in a packet naming the protocol ``version`` the server answers with."""
    return packet('<system><status>error</status><errcode>%d</errcode><errtext>%s</errtext></system>' % (code, text),
                  version)


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


# -- packets of several operators ----------------------------------------------------------------
#
# The builders below return ``(operator, operation, inner XML)`` triples, or lists of them, for
# requests and answers alike; ``request()`` and ``answer()`` put them into a packet, grouping
# consecutive operations of one operator the way the client and Plesk do.

class _Lookup:
    """The ``site get`` and the ``webspace get`` of one lookup, as a request (``field`` and ``value``) or as
    their answers (``site`` and ``webspace`` results).  The client sends consecutive lookups as one
    ``site get`` whose filter lists every value, then one ``webspace get`` likewise (in chunks of
    ``FILTER_CHUNK``); Plesk answers each with a result per value."""

    def __init__(self, field=None, value=None, site=None, webspace=None):
        self.field, self.value, self.results = field, value, {'site': site, 'webspace': webspace}


class _Prefs:
    """A ``get_prefs`` of one site, as a request (``site_id``) or as its answer (``result``).  The client
    asks consecutive sites in one ``get_prefs`` whose filter lists every site-id (in chunks of
    ``FILTER_CHUNK``); Plesk answers it with a result per site."""

    def __init__(self, site_id=None, result=None):
        self.site_id, self.result = site_id, result


def _flat(operations):
    run = []
    for item in operations:
        if run and type(item) is not type(run[0]):
            yield from _joined(run)
            run = []
        if isinstance(item, (_Lookup, _Prefs)):
            run.append(item)
        elif isinstance(item, list):
            yield from _flat(item)
        else:
            yield item
    yield from _joined(run)


def _chunks(items, alike=lambda first, item: True):
    """``items`` in order, in chunks of at most ``FILTER_CHUNK``; a new chunk also where an item is not
    ``alike`` the first of the chunk before."""
    chunks = []
    for item in items:
        if chunks and len(chunks[-1]) < FILTER_CHUNK and alike(chunks[-1][0], item):
            chunks[-1].append(item)
        else:
            chunks.append([item])
    return chunks


def _joined(run):
    if run and isinstance(run[0], _Prefs):
        for chunk in _chunks(run):
            if chunk[0].result is not None:
                yield ('mail', 'get_prefs', ''.join(item.result for item in chunk))
            else:
                yield ('mail', 'get_prefs', '<filter>%s</filter>' % ''.join(
                    '<site-id>%d</site-id>' % item.site_id for item in chunk))
    else:
        yield from _by_kind(run)


def _by_kind(lookups):
    runs = _chunks(lookups, lambda first, item: first.field == item.field)
    for kind in SITE_KINDS:
        for run in runs:
            if run[0].field is None:
                yield (kind, 'get', ''.join(item.results[kind] for item in run))
            else:
                criteria = ''.join('<%s>%s</%s>' % (item.field, item.value, item.field) for item in run)
                yield (kind, 'get', '<filter>%s</filter><dataset><gen_info/></dataset>' % criteria)


def _grouped(operations):
    xml, current = [], None
    for operator, operation, inner in _flat(operations):
        if operator != current or operator == 'webmail':
            if current is not None:
                xml.append('</%s>' % current)
            xml.append('<%s>' % operator)
            current = operator
        xml.append('<%s>%s</%s>' % (operation, inner, operation))
    if current is not None:
        xml.append('</%s>' % current)
    return ''.join(xml)


def request(*operations):
    """The request packet of the given operations, for ``packet=`` comparisons."""
    return '<packet>%s</packet>' % _grouped(operations)


def answer(*operations):
    """The answer packet of the given operations."""
    return packet(_grouped(operations))


def lookup_request(field, value):
    """``site get`` then ``webspace get`` of one name or id, with the gen_info dataset; consecutive ones
    share their operations."""
    return _Lookup(field=field, value=value)


def lookup(value, site_id=None, name=None, kind='site', echo=True):
    """Answers to ``lookup_request``: found as a ``site`` or a ``webspace``, or (no id) found by neither;
    ``echo=False`` leaves ``filter-id`` out, as the schema allows."""
    echoed = '<filter-id>%s</filter-id>' % value if echo else ''

    def found():
        return ok_result('%s<id>%d</id><data><gen_info><name>%s</name></gen_info></data>'
                         % (echoed, site_id, name or value))
    site = found() if site_id is not None and kind == 'site' else error_result(1013, 'Site does not exist', echoed)
    webspace = found() if site_id is not None and kind == 'webspace' else error_result(
        1013, 'Webspace does not exist', echoed)
    return _Lookup(site=site, webspace=webspace)


LISTING_REQUEST = [('site', 'get', '<filter/><dataset><gen_info/></dataset>'),
                   ('webspace', 'get', '<filter/><dataset><gen_info/></dataset>')]


def listing(sites=(), webspaces=()):
    """Answers to ``LISTING_REQUEST``; ``sites`` and ``webspaces`` are ``(id, name)`` pairs."""
    def results(pairs):
        return ''.join(ok_result('<id>%d</id><data><gen_info><name>%s</name></gen_info></data>' % pair)
                       for pair in pairs)
    return [('site', 'get', results(sites)), ('webspace', 'get', results(webspaces))]


def prefs_request(site_id):
    """``get_prefs`` of one site; consecutive ones share one operation."""
    return _Prefs(site_id=site_id)


def prefs(site_id, mail_service=True, webmail='horde', site_id_named=True, greylisting=True, unknown_names=None,
          dkim_signing=None):
    """Answer to ``prefs_request``; ``mail_service=None`` leaves ``mailservice`` out, ``greylisting=None``
    ``greylisting``, ``site_id_named=False`` the ``site-id`` (which the schema does not allow).  ``unknown_names``,
    the content of ``nonexistent-user`` (``<reject/>``), puts it first; ``dkim_signing`` puts ``spam-protect-sign``
    after the webmail."""
    fields = '<nonexistent-user>%s</nonexistent-user>' % unknown_names if unknown_names is not None else ''
    fields += '<webmail>%s</webmail>' % webmail
    for tag, value in (('spam-protect-sign', dkim_signing), ('greylisting', greylisting)):
        if value is not None:
            fields += '<%s>%s</%s>' % (tag, 'true' if value else 'false', tag)
    if mail_service is not None:
        fields += '<mailservice>%s</mailservice>' % ('true' if mail_service else 'false')
    named = '<site-id>%d</site-id>' % site_id if site_id_named else ''
    return _Prefs(result=ok_result('%s<prefs>%s</prefs>' % (named, fields)))


def prefs_error(code, text, site_id=None):
    """An error answer to ``prefs_request``, naming no site (as the schema has it) unless given ``site_id``."""
    return _Prefs(result=error_result(code, text, '' if site_id is None else '<site-id>%d</site-id>' % site_id))


def mailboxes_request(site_id, *names):
    """``get_info`` of every mailbox of a site, or one ``get_info`` per name, as the client asks them."""
    filters = ['<name>%s</name>' % name for name in names] or ['']
    return [('mail', 'get_info', '<filter><site-id>%d</site-id>%s</filter>' % (site_id, name)) for name in filters]


def mailboxes(*names):
    """Answer to ``get_info`` of every mailbox of a site: the names that exist, or one empty ok result."""
    results = ''.join(ok_result('<mailname><id>%d</id><name>%s</name></mailname>' % (index + 1, name))
                      for index, name in enumerate(names))
    return ('mail', 'get_info', results or ok_result())


def named_mailboxes(asked, existing=(), missing='error'):
    """Answers to ``mailboxes_request(site, *asked)``: a name in ``existing`` (compared without case) is
    answered as spelled there; a missing one with the 1013 error "mail does not exist" (Obsidian), or
    with ``missing='omit'`` an empty ok result (Onyx)."""
    spelled = {name.lower(): name for name in existing}
    answers = []
    for name in asked:
        if name.lower() in spelled:
            found = '<mailname><id>%d</id><name>%s</name></mailname>' % (len(answers) + 1, spelled[name.lower()])
            answers.append(('mail', 'get_info', ok_result(found)))
        elif missing == 'error':
            answers.append(('mail', 'get_info', error_result(1013, 'mail does not exist')))
        else:
            answers.append(('mail', 'get_info', ok_result()))
    return answers


def switch_request(site_id, enabled):
    return ('mail', 'enable' if enabled else 'disable', '<site-id>%d</site-id>' % site_id)


def rename_request(site_id, name, new_name):
    return ('mail', 'rename', '<site-id>%d</site-id><name>%s</name><new-name>%s</new-name>' % (site_id, name, new_name))


def done(operator, operation, failure=None):
    """A plain answer (enable, disable, rename): ok, or ``failure=(code, text)``."""
    return (operator, operation, ok_result() if failure is None else error_result(*failure))


WEBMAIL_READ_REQUEST = [('webmail', 'get-supported', ''), ('webmail', 'get-available', '')]


def webmail_service(name, url=None, enabled=None):
    fields = '<name>%s</name>' % name
    if enabled is not None:
        fields += '<status>%s</status>' % ('true' if enabled else 'false')
    if url is not None:
        fields += '<url>%s</url>' % url
    return '<webmail>%s</webmail>' % fields


def webmail_lists(*services):
    """Answers to ``WEBMAIL_READ_REQUEST``: every ``(name, url, enabled)`` is supported, enabled ones available."""
    supported = ''.join(webmail_service(*service) for service in services)
    available = ''.join(webmail_service(*service) for service in services if service[2])
    return [('webmail', 'get-supported', ok_result(supported)), ('webmail', 'get-available', ok_result(available))]


def webmail_request(operation, name, url=None, status=None):
    """A webmail write: ``register`` with url and status, or unregister/enable/disable by name."""
    if operation == 'register':
        return ('webmail', 'register', '<filter><service><name>%s</name><url>%s</url><status>%s</status></service></filter>'
                % (name, url, status))
    return ('webmail', operation, '<filter><name>%s</name></filter>' % name)


def webmail_done(operation, name, url=None, enabled=None, failure=None):
    """Answer to one webmail write: ok echoing the service, or ``failure=(code, text)``."""
    if failure is not None:
        return ('webmail', operation, error_result(failure[0], failure[1], webmail_service(name)))
    return ('webmail', operation, ok_result(webmail_service(name, url, enabled)))
