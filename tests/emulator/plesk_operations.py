# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operations of the emulated Plesk XML API.

Each handler takes the Plesk state (a working copy) and the request's operation element,
checks the element's children in the order the schema requires, and returns the
``<result>`` elements of the answer.  Texts and codes follow the documented samples and
the answers recorded from real servers (see ``../shared/research/plesk-protocol.md``).
"""

from __future__ import annotations

import datetime
import re
import uuid

from lxml import etree

HANDLERS = {}
WRITES = set()

CREATED = datetime.date(2026, 1, 15).isoformat()
MAIL_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


class Malformed(Exception):
    """The operation does not have the structure the schema requires: a 1014 for the packet."""

    def __init__(self, message, element=None):
        super().__init__(message)
        self.line = element.sourceline if element is not None else None


class Unsupported(Exception):
    """A valid request the emulator does not implement: a 1017 for the packet."""


def operation(operator, name, writes=False):
    def register(handler):
        HANDLERS[(operator, name)] = handler
        if writes:
            WRITES.add('%s.%s' % (operator, name))
        return handler
    return register


# -- building answers ----------------------------------------------------------------------------

def el(tag, text=None, *children):
    element = etree.Element(tag)
    if text is not None:
        element.text = str(text)
    for child in children:
        element.append(child)
    return element


def ok(*children):
    return el('result', None, el('status', 'ok'), *children)


def error(code, text, *children):
    return el('result', None, el('status', 'error'), el('errcode', code), el('errtext', text), *children)


def boolean(value):
    return 'true' if value else 'false'


# -- reading requests ----------------------------------------------------------------------------

def sequence(element, spec):
    """Children of ``element`` by tag, checked against ``spec``: ``(tag, min, max or None)`` in order."""
    children = list(element)
    found = {}
    position = 0
    for tag, minimum, maximum in spec:
        matched = []
        while position < len(children) and children[position].tag == tag and (
                maximum is None or len(matched) < maximum):
            matched.append(children[position])
            position += 1
        if len(matched) < minimum:
            raise Malformed("Element '%s': Missing child element(s). Expected is ( %s )." % (element.tag, tag), element)
        found[tag] = matched
    if position < len(children):
        raise Malformed("Element '%s': This element is not expected." % children[position].tag, children[position])
    return found


def text_of(element):
    return (element.text or '').strip()


def int_of(element):
    value = text_of(element)
    if not value.isdigit():
        raise Malformed("Element '%s': '%s' is not a valid value of the atomic type 'id_type'."
                        % (element.tag, value), element)
    return int(value)


def domain(plesk, domain_id):
    return next((site for site in plesk['sites'] if site['id'] == domain_id), None)


def same_name(left, right):
    return left.lower() == right.lower()


def guid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, 'hosting.panels.emulator.' + name.lower()))


def ascii_name(name):
    try:
        return name.encode('idna').decode('ascii')
    except UnicodeError:
        return name


# -- server --------------------------------------------------------------------------------------

@operation('server', 'get')
def server_get(plesk, op):
    datasets = [child.tag for child in op]
    unsupported = [tag for tag in datasets if tag != 'services_state']
    if unsupported:
        raise Unsupported('The hosting.panels emulator does not implement server get %s' % ', '.join(unsupported))
    result = ok()
    if datasets:
        state = etree.SubElement(result, 'services_state')
        for service in plesk['services']:
            state.append(el('srv', None, el('id', service['id']), el('title', service['title']),
                            el('state', service['state'])))
    return [result]


@operation('server', 'get_protos')
def server_get_protos(plesk, op):
    sequence(op, [])
    return [ok(el('protos', None, *[el('proto', version) for version in plesk['protocols']]))]


@operation('server', 'srv_man', writes=True)
def server_srv_man(plesk, op):
    parts = sequence(op, [('id', 1, 1), ('operation', 1, 1)])
    service_id, action = text_of(parts['id'][0]), text_of(parts['operation'][0])
    if action not in ('start', 'stop', 'restart'):
        raise Malformed("Element 'operation': [facet 'enumeration'] The value '%s' is not an element of the "
                        "set {'start', 'stop', 'restart'}." % action, parts['operation'][0])
    service = next((item for item in plesk['services'] if item['id'] == service_id), None)
    if service is None:
        return [error(1013, "Service '%s' does not exist" % service_id)]
    if service['state'] == 'none':
        return [error(1026, 'Service %s is not installed' % service_id, el('id', service_id))]
    service['state'] = 'stopped' if action == 'stop' else 'running'
    return [ok(el('id', service_id))]


# -- site and webspace ---------------------------------------------------------------------------

def _gen_info(plesk, site, as_kind):
    if as_kind == 'webspace':
        return el('gen_info', None, el('cr_date', CREATED), el('name', site['name']),
                  el('ascii-name', ascii_name(site['name'])), el('status', 0), el('real_size', 0),
                  el('htype', 'vrt_hst'), el('guid', guid(site['name'])), el('vendor-guid', guid('admin')),
                  el('external-id', ''))
    # A subscription's main domain, found by ``site get``, is a site of its own webspace.
    parent = domain(plesk, site['webspace_id']) or site
    return el('gen_info', None, el('cr_date', CREATED), el('name', site['name']),
              el('ascii-name', ascii_name(site['name'])), el('status', 0), el('real_size', 0),
              el('htype', 'vrt_hst'), el('guid', guid(site['name'])), el('webspace-guid', guid(parent['name'])),
              el('webspace-id', site['webspace_id']))


def _matches(plesk, site, kind, value):
    if kind == 'name':
        return same_name(site['name'], value)
    if kind == 'guid':
        return guid(site['name']) == value
    if kind == 'parent-name':
        parent = domain(plesk, site['webspace_id'])
        return parent is not None and site['kind'] == 'site' and same_name(parent['name'], value)
    number = int(value) if value.isdigit() else None
    if kind == 'id':
        return site['id'] == number
    return site['kind'] == 'site' and site['webspace_id'] == number  # parent-id


# What a ``get`` answers when there is nothing to list (behaviour ``empty_listing``).
EMPTY_LISTING = {
    'nothing': lambda: [],
    'result_without_id': lambda: [ok()],
}


def _domain_get(plesk, op, kind, filters, missing_text, findable_kinds):
    """``site get`` or ``webspace get``: a listing shows the domains of ``kind``; a filter may also find
    domains of the other ``findable_kinds``."""
    parts = sequence(op, [('filter', 1, 1), ('dataset', 1, 1)])
    criteria = list(parts['filter'][0])
    kinds = {criterion.tag for criterion in criteria}
    if len(kinds) > 1:
        raise Malformed("Element '%s': This element is not expected." % criteria[-1].tag, criteria[-1])
    unknown = kinds - set(filters)
    if unknown:
        raise Unsupported('The hosting.panels emulator does not filter %s get by %s' % (kind, ', '.join(unknown)))
    datasets = [child.tag for child in parts['dataset'][0]]
    if set(datasets) - {'gen_info'}:
        raise Unsupported('The hosting.panels emulator implements only the gen_info dataset of %s get' % kind)
    for criterion in criteria:
        if criterion.tag in ('id', 'parent-id'):
            int_of(criterion)

    def found(site, *before):
        data = el('data', None, *([_gen_info(plesk, site, kind)] if datasets else []))
        return ok(*(list(before) + [el('id', site['id']), data]))

    if not criteria:
        return [found(site) for site in plesk['sites'] if site['kind'] == kind] or EMPTY_LISTING[
            plesk['empty_listing']]()
    domains = [site for site in plesk['sites'] if site['kind'] in findable_kinds]
    results = []
    for criterion in criteria:
        value = text_of(criterion)
        matches = [site for site in domains if _matches(plesk, site, criterion.tag, value)]
        if not matches:
            results.append(error(1013, missing_text, el('filter-id', value)))
        results.extend(found(site, el('filter-id', value)) for site in matches)
    return results


@operation('site', 'get')
def site_get(plesk, op):
    findable = ('site', 'webspace') if plesk['main_domain_in_site_get'] else ('site',)
    return _domain_get(plesk, op, 'site', ('id', 'name', 'guid', 'parent-id', 'parent-name'), 'Site does not exist',
                       findable)


@operation('webspace', 'get')
def webspace_get(plesk, op):
    return _domain_get(plesk, op, 'webspace', ('id', 'name', 'guid'), 'Webspace does not exist', ('webspace',))


# -- mail ----------------------------------------------------------------------------------------

def _prefs(site):
    return el('prefs', None, el('webmail', site['webmail']), el('greylisting', 'true'),
              el('mailservice', boolean(site['mail_service'])))


@operation('mail', 'get_prefs')
def mail_get_prefs(plesk, op):
    parts = sequence(op, [('filter', 1, 1)])
    ids = [int_of(item) for item in sequence(parts['filter'][0], [('site-id', 0, None)])['site-id']]
    if not ids:
        return [ok(el('site-id', site['id']), _prefs(site)) for site in plesk['sites']]
    results = []
    for site_id in ids:
        site = domain(plesk, site_id)
        results.append(error(1013, 'Domain does not exist') if site is None else
                       ok(el('site-id', site_id), _prefs(site)))
    return results


def _switch_mail(plesk, op, enabled):
    parts = sequence(op, [('site-id', 1, 1)])
    site = domain(plesk, int_of(parts['site-id'][0]))
    if site is None:
        return [error(1013, 'Domain does not exist')]
    site['mail_service'] = enabled
    return [ok()]


@operation('mail', 'enable', writes=True)
def mail_enable(plesk, op):
    return _switch_mail(plesk, op, True)


@operation('mail', 'disable', writes=True)
def mail_disable(plesk, op):
    return _switch_mail(plesk, op, False)


def _mailbox(site, name):
    return next((box for box in site['mailboxes'] if same_name(box['name'], name)), None)


# How ``mail get_info`` answers a name that does not exist (behaviour ``get_info_missing``); the error
# text is the one a live Obsidian server gives (research note P4).
MISSING_MAILBOX = {
    'omit': lambda name: [],
    'error': lambda name: [error(1013, 'mail does not exist')],
}


@operation('mail', 'get_info')
def mail_get_info(plesk, op):
    parts = sequence(op, [('filter', 1, 1), ('mailbox', 0, 1), ('mailbox-usage', 0, 1), ('forwarding', 0, 1),
                          ('aliases', 0, 1), ('autoresponder', 0, 1)])
    criteria = sequence(parts['filter'][0], [('site-id', 1, 1), ('name', 0, None)])
    site = domain(plesk, int_of(criteria['site-id'][0]))
    if site is None:
        return [error(1013, 'Domain does not exist')]
    names = [text_of(item) for item in criteria['name']]
    results = []
    for name in names or [box['name'] for box in site['mailboxes']]:
        box = _mailbox(site, name)
        if box is not None:
            results.append(ok(el('mailname', None, el('id', box['id']), el('name', box['name']))))
        else:
            results.extend(MISSING_MAILBOX[plesk['get_info_missing']](name))
    # The schema wants one result at least: an empty ok result means "no such mailboxes".
    return results or [ok()]


@operation('mail', 'rename', writes=True)
def mail_rename(plesk, op):
    parts = sequence(op, [('site-id', 1, 1), ('name', 1, 1), ('new-name', 1, 1)])
    site_id = int_of(parts['site-id'][0])
    old, new = text_of(parts['name'][0]), text_of(parts['new-name'][0])
    site = domain(plesk, site_id)
    if site is None:
        return [error(1013, 'Domain does not exist')]
    if not site['mail_service']:
        return [error(1023, 'There is no DSMail service for domain with id = %d' % site_id)]
    box = _mailbox(site, old)
    if box is None:
        return [error(1013, "Mail name '%s' does not exist" % old)]
    if not MAIL_NAME.match(new) or len(new) > 245:
        return [error(1019, "Invalid value of new-name: '%s'" % new)]
    clash = _mailbox(site, new)
    if clash is not None and clash is not box:
        return [error(1007, "Mail name '%s' already exists" % new)]
    box['name'] = new
    return [ok()]


# -- webmail (Plesk up to Onyx) ------------------------------------------------------------------

def _webmail_echo(service, full=True):
    if not full:
        return el('webmail', None, el('name', service['name']))
    return el('webmail', None, el('name', service['name']), el('status', boolean(service['enabled'])),
              el('url', service['url']))


def _webmail_service(plesk, name):
    return next((service for service in plesk['webmail'] if same_name(service['name'], name)), None)


def _webmail_names(op):
    parts = sequence(op, [('filter', 1, 1)])
    return [text_of(item) for item in sequence(parts['filter'][0], [('name', 1, None)])['name']]


@operation('webmail', 'get-supported')
def webmail_get_supported(plesk, op):
    sequence(op, [])
    return [ok(*[_webmail_echo(service) for service in plesk['webmail']])]


@operation('webmail', 'get-available')
def webmail_get_available(plesk, op):
    sequence(op, [])
    return [ok(*[_webmail_echo(service) for service in plesk['webmail'] if service['enabled']])]


@operation('webmail', 'register', writes=True)
def webmail_register(plesk, op):
    parts = sequence(op, [('filter', 1, 1)])
    results = []
    for item in sequence(parts['filter'][0], [('service', 1, None)])['service']:
        fields = sequence(item, [('name', 1, 1), ('url', 1, 1), ('status', 0, 1)])
        name, url = text_of(fields['name'][0]), text_of(fields['url'][0])
        status = text_of(fields['status'][0]) if fields['status'] else 'enabled'
        if status not in ('enabled', 'disabled'):
            raise Malformed("Element 'status': [facet 'enumeration'] The value '%s' is not an element of the set "
                            "{'enabled', 'disabled'}." % status, fields['status'][0])
        if _webmail_service(plesk, name) is not None:
            results.append(error(1007, "Webmail service '%s' already exists" % name, el('webmail', None, el('name', name))))
            continue
        service = {'name': name, 'url': url, 'enabled': status == 'enabled'}
        plesk['webmail'].append(service)
        results.append(ok(_webmail_echo(service)))
    return results


@operation('webmail', 'unregister', writes=True)
def webmail_unregister(plesk, op):
    results = []
    for name in _webmail_names(op):
        service = _webmail_service(plesk, name)
        if service is None:
            results.append(error(1013, "Webmail service '%s' does not exist" % name, el('webmail', None, el('name', name))))
            continue
        plesk['webmail'].remove(service)
        results.append(ok(_webmail_echo(service, full=False)))
    return results


def _switch_webmail(plesk, op, enabled):
    results = []
    for name in _webmail_names(op):
        service = _webmail_service(plesk, name)
        if service is None:
            results.append(error(1013, "Webmail service '%s' does not exist" % name, el('webmail', None, el('name', name))))
            continue
        service['enabled'] = enabled
        results.append(ok(_webmail_echo(service)))
    return results


@operation('webmail', 'enable', writes=True)
def webmail_enable(plesk, op):
    return _switch_webmail(plesk, op, True)


@operation('webmail', 'disable', writes=True)
def webmail_disable(plesk, op):
    return _switch_webmail(plesk, op, False)
