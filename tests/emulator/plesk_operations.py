# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Operations of the emulated Plesk XML API.

Each handler takes the Plesk state (a ``PleskState``) and the request's operation element,
checks the element's children in the order the schema requires, and returns the
``<result>`` elements of the answer.  Texts and codes follow the documented samples and
the answers recorded from real servers (see ``../shared/research/plesk-protocol.md``).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re

from lxml import etree

from .plesk_state import (PleskState, add_mailbox, add_webmail, assign, copied, find_mailbox, find_service, find_site,
                          find_webmail, guid, new_mailbox_id, remove_mailbox, remove_webmail, rename_mailbox,
                          update_mailbox)
from .state import NONEXISTENT_USER_ACTIONS, UNLIMITED_QUOTA, new_mail_account

HANDLERS = {}
WRITES = set()
# Writes that change the state only through plesk_state's journaled helpers: a packet whose writes are all
# journaled runs on the live state and is undone if it fails; any other write runs on a copy.
JOURNALED = set()

CREATED = datetime.date(2026, 1, 15).isoformat()
MAIL_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


class Malformed(Exception):
    """The operation does not have the structure the schema requires: a 1014 for the packet."""

    def __init__(self, message, element=None):
        super().__init__(message)
        self.line = element.sourceline if element is not None else None


class Unsupported(Exception):
    """A valid request the emulator does not implement: a 1017 for the packet."""


def operation(operator, name, writes=False, journaled=False):
    """Register a handler.  A write that is ``journaled`` changes the state only with ``assign``,
    ``append``, ``remove`` and ``rename_mailbox`` and keeps the indexes of ``PleskState`` right."""
    def register(handler):
        HANDLERS[(operator, name)] = handler
        if writes:
            WRITES.add('%s.%s' % (operator, name))
            if journaled:
                JOURNALED.add('%s.%s' % (operator, name))
        return handler
    return register


# -- building answers ----------------------------------------------------------------------------

def el(tag, text=None, *children):
    element = etree.Element(tag)
    if text is not None:
        element.text = str(text)
    element.extend(children)
    return element


def filled(template, values, *children):
    """A copy of ``template`` with the texts of its first children set to ``values``, then ``children``
    appended: several times faster than building the elements one by one, which matters for an answer
    about 10,000 sites."""
    element = template.__copy__()  # lxml copies the whole subtree
    for child, value in zip(element, values):
        child.text = str(value)
    element.extend(children)
    return element


class Stamp:
    """Copies of a template result with texts set on its empty leaves, in document order: for results whose
    children nest, where building and moving each element (a document of its own) costs several times more.
    Each leaf is reached by its path of child positions, found once: cheaper than a search by tag."""

    def __init__(self, template):
        self.template = template
        leaves = [node for node in template.iter() if node.text is None and not len(node)]
        if not leaves:
            raise ValueError('a template needs empty leaves to fill: %s' % etree.tostring(template))
        self.slots = tuple(leaf.tag for leaf in leaves)
        self.paths = tuple(_path_to(leaf) for leaf in leaves)

    def __call__(self, *texts):
        if len(texts) != len(self.paths):
            raise TypeError('%s takes %d texts (%s), got %d'
                            % (self.template.tag, len(self.paths), ', '.join(self.slots), len(texts)))
        element = self.template.__copy__()
        for path, text in zip(self.paths, texts):
            leaf = element
            for position in path:
                leaf = leaf[position]
            leaf.text = str(text)
        return element


def _path_to(node):
    """The positions of ``node`` and its ancestors among their siblings, from the root down."""
    path = []
    while node.getparent() is not None:
        path.append(node.getparent().index(node))
        node = node.getparent()
    return tuple(reversed(path))


_OK = el('result', None, el('status', 'ok'))
_ERROR = el('result', None, el('status', 'error'), el('errcode'), el('errtext'))
_MAILNAME_OK = Stamp(el('result', None, el('status', 'ok'), el('mailname', None, el('name'))))
_MAILNAME_CREATED = Stamp(el('result', None, el('status', 'ok'), el('mailname', None, el('id'), el('name'))))
_MAILNAME_FAILED = Stamp(el('result', None, el('status', 'error'), el('errcode'), el('errtext'),
                            el('mailname', None, el('name'))))
_FILTER_FAILED = Stamp(el('result', None, el('status', 'error'), el('errcode'), el('errtext'), el('filter-id')))


def ok(*children):
    return filled(_OK, (), *children)


def error(code, text, *children):
    return filled(_ERROR, ('error', code, text), *children)


def boolean(value):
    return 'true' if value else 'false'


# -- reading requests ----------------------------------------------------------------------------

def sequence(element, spec):
    """Children of ``element`` by tag, checked against ``spec``: ``(tag, min, max or None)`` in order."""
    children = list(element)
    count = len(children)
    found = {}
    position = 0
    for tag, minimum, maximum in spec:
        matched = []
        while position < count and children[position].tag == tag and (maximum is None or len(matched) < maximum):
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
    return find_site(plesk, domain_id)


def same_name(left, right):
    return left.lower() == right.lower()


@functools.lru_cache(maxsize=65536)
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
            srv = el('srv', None, el('id', service['id']), el('title', service['title']), el('state', service['state']))
            if service.get('error'):
                srv.append(el('error', service['error']))
            state.append(srv)
    return [result]


@operation('server', 'get_protos')
def server_get_protos(plesk, op):
    sequence(op, [])
    return [ok(el('protos', None, *[el('proto', version) for version in plesk['protocols']]))]


@operation('server', 'srv_man', writes=True, journaled=True)
def server_srv_man(plesk, op):
    parts = sequence(op, [('id', 1, 1), ('operation', 1, 1)])
    service_id, action = text_of(parts['id'][0]), text_of(parts['operation'][0])
    if action not in ('start', 'stop', 'restart'):
        raise Malformed("Element 'operation': [facet 'enumeration'] The value '%s' is not an element of the "
                        "set {'start', 'stop', 'restart'}." % action, parts['operation'][0])
    service = find_service(plesk, service_id)
    if service is None:
        return [error(1013, "Service '%s' does not exist" % service_id)]
    if service['state'] == 'none':
        return [error(1026, 'Service %s is not installed' % service_id, el('id', service_id))]
    assign(plesk, service, 'state', 'stopped' if action == 'stop' else 'running')
    return [ok(el('id', service_id))]


# -- site and webspace ---------------------------------------------------------------------------

# The children of gen_info as site get and webspace get answer it, in the schema's order.
GEN_INFO = {
    'webspace': ('cr_date', 'name', 'ascii-name', 'status', 'real_size', 'htype', 'guid', 'vendor-guid', 'external-id'),
    'site': ('cr_date', 'name', 'ascii-name', 'status', 'real_size', 'htype', 'guid', 'webspace-guid', 'webspace-id'),
}
_GEN_INFO_TEMPLATES = {kind: el('gen_info', None, *[el(tag) for tag in tags]) for kind, tags in GEN_INFO.items()}


def _gen_info_values(plesk, site, as_kind):
    """The texts of the children of ``GEN_INFO[as_kind]`` for ``site``."""
    name = site['name']
    if as_kind == 'webspace':
        last = (guid('admin'), '')
    else:
        # A subscription's main domain, found by ``site get``, is a site of its own webspace.
        parent = domain(plesk, site['webspace_id']) or site
        last = (guid(parent['name']), site['webspace_id'])
    return (CREATED, name, ascii_name(name), 0, 0, 'vrt_hst', guid(name)) + last


# An ok result of site get or webspace get, per (kind, whether it echoes a filter, whether it has gen_info).
_FOUND_TEMPLATES = {
    (kind, filtered, with_info): el('result', None, *(
        [el('status', 'ok')] + ([el('filter-id')] if filtered else []) + [el('id')]
        # A copy for each template: an lxml element has one parent, appending it elsewhere would move it.
        + [el('data', None, *([_GEN_INFO_TEMPLATES[kind].__copy__()] if with_info else []))]))
    for kind in GEN_INFO for filtered in (False, True) for with_info in (False, True)
}


def _found(plesk, site, kind, with_info, filter_value=None):
    """The ok result that ``kind get`` answers for ``site``, built from one template copy."""
    result = _FOUND_TEMPLATES[(kind, filter_value is not None, with_info)].__copy__()
    children = iter(result[1:])
    if filter_value is not None:
        next(children).text = filter_value
    next(children).text = str(site['id'])
    if with_info:
        for child, value in zip(next(children)[0], _gen_info_values(plesk, site, kind)):
            child.text = str(value)
    return result


def _candidates(plesk, kind, value):
    """The domains a filter criterion names, in the state's order, found through the indexes of ``plesk``
    (a ``PleskState``)."""
    if kind == 'name':
        found = [plesk.site_named(value)]
    elif kind == 'guid':
        found = [plesk.site_with_guid(value)]
    elif kind == 'id':
        found = [plesk.site(int(value))] if value.isdigit() else []
    elif kind == 'parent-id':
        return list(plesk.sites_of_subscription(int(value))) if value.isdigit() else []
    else:  # parent-name
        parent = plesk.site_named(value)
        return list(plesk.sites_of_subscription(parent['id'])) if parent is not None else []
    return [site for site in found if site is not None]


# What a ``get`` answers when there is nothing to list (behaviour ``empty_listing``).
EMPTY_LISTING = {
    'nothing': lambda: [],
    'result_without_id': lambda: [ok()],
}


FILTER_AND_DATASET = [('filter', 1, 1), ('dataset', 1, 1)]
SITE_FILTERS = frozenset(('id', 'name', 'guid', 'parent-id', 'parent-name'))
WEBSPACE_FILTERS = frozenset(('id', 'name', 'guid'))


def _domain_get(plesk, op, kind, filters, missing_text, findable_kinds):
    """``site get`` or ``webspace get``: a listing shows the domains of ``kind``; a filter may also find
    domains of the other ``findable_kinds``."""
    parts = sequence(op, FILTER_AND_DATASET)
    criteria = list(parts['filter'][0])
    kinds = {criterion.tag for criterion in criteria}
    if len(kinds) > 1:
        raise Malformed("Element '%s': This element is not expected." % criteria[-1].tag, criteria[-1])
    if not kinds <= filters:
        raise Unsupported('The hosting.panels emulator does not filter %s get by %s'
                          % (kind, ', '.join(sorted(kinds - filters))))
    datasets = [child.tag for child in parts['dataset'][0]]
    if set(datasets) - {'gen_info'}:
        raise Unsupported('The hosting.panels emulator implements only the gen_info dataset of %s get' % kind)
    for criterion in criteria:
        if criterion.tag in ('id', 'parent-id'):
            int_of(criterion)

    with_info = bool(datasets)
    if not criteria:
        return [_found(plesk, site, kind, with_info) for site in plesk['sites'] if site['kind'] == kind] or EMPTY_LISTING[
            plesk['empty_listing']]()
    echoed = plesk['get_filter_id'] == 'echoed'
    results = []
    for criterion in criteria:
        value = text_of(criterion)
        matches = [site for site in _candidates(plesk, criterion.tag, value) if site['kind'] in findable_kinds]
        if not matches:
            results.append(_FILTER_FAILED(1013, missing_text, value) if echoed else error(1013, missing_text))
        results.extend(_found(plesk, site, kind, with_info, value if echoed else None) for site in matches)
    return results


@operation('site', 'get')
def site_get(plesk, op):
    findable = ('site', 'webspace') if plesk['main_domain_in_site_get'] else ('site',)
    return _domain_get(plesk, op, 'site', SITE_FILTERS, 'Site does not exist', findable)


@operation('webspace', 'get')
def webspace_get(plesk, op):
    return _domain_get(plesk, op, 'webspace', WEBSPACE_FILTERS, 'Webspace does not exist', ('webspace',))


# -- mail ----------------------------------------------------------------------------------------

def _prefs_template(action, told):
    """A ``get_prefs`` result of one site, its prefs in the schema's order: what becomes of mail to unknown names
    (``action``), the webmail, then DKIM signing (``spam-protect-sign``), greylisting and ``mailservice`` as
    ``told`` (three flags) says."""
    prefs = el('prefs', None, el('nonexistent-user', None, el(action)), el('webmail'))
    for tag, included in zip(('spam-protect-sign', 'greylisting', 'mailservice'), told):
        if included:
            prefs.append(el(tag))
    return Stamp(el('result', None, el('status', 'ok'), el('site-id'), prefs))


# By whether DKIM signing, greylisting and mailservice are told, then by the action for mail to unknown names: the
# Stamp of the answer.
_PREFS = {told: {action: _prefs_template(action, told) for action in NONEXISTENT_USER_ACTIONS}
          for told in itertools.product((True, False), repeat=3)}


def _prefs(plesk, site_id, site, mail_service=None):
    """The ``get_prefs`` result of ``site``, saying ``mail_service`` unless it is None, and DKIM signing and
    greylisting as the behaviours ``prefs_dkim`` and ``prefs_greylisting`` say."""
    unknown_names = site['nonexistent_user']
    action = unknown_names['action']
    # A reject has no text; its element is left empty.
    texts = [site_id, unknown_names.get(NONEXISTENT_USER_ACTIONS[action]) or '', site['webmail']]
    told = (plesk['prefs_dkim'] == 'reported', plesk['prefs_greylisting'] == 'reported', mail_service is not None)
    for value, included in zip((site['spam_protect_sign'], site['greylisting'], mail_service), told):
        if included:
            texts.append(boolean(value))
    return _PREFS[told][action](*texts)


def _mail_off(plesk, site_id):
    """The code and text of the refusal of a site whose mail service is off (code: behaviour ``mail_off_code``)."""
    return plesk['mail_off_code'], 'There is no DSMail service for domain with id = %d' % site_id


def _no_mail_service(plesk, site_id):
    return error(*_mail_off(plesk, site_id))


# How ``mail get_prefs`` describes a site whose mail service is off (behaviour ``prefs_mail_off``).
PREFS_MAIL_OFF = {
    'mailservice': lambda plesk, site_id, site: _prefs(plesk, site_id, site, False),
    'omitted': _prefs,
    'none': lambda plesk, site_id, site: el('result', None, el('status', 'ok'), el('site-id', site_id),
                                            el('prefs', None, el('none'))),
    'refused': lambda plesk, site_id, site: _no_mail_service(plesk, site_id),
}

# How ``mail get_info`` answers for a site whose mail service is off (behaviour ``get_info_mail_off``): None
# when as for any other site.
GET_INFO_MAIL_OFF = {
    'answered': lambda plesk, site: None,
    'refused': lambda plesk, site: [_no_mail_service(plesk, site['id'])],
}


def _prefs_found(plesk, site_id, site):
    if site['mail_service']:
        return _prefs(plesk, site_id, site, True)
    return PREFS_MAIL_OFF[plesk['prefs_mail_off']](plesk, site_id, site)


def _prefs_each(plesk, asked):
    return [error(1013, 'Domain does not exist') if site is None else _prefs_found(plesk, site_id, site)
            for site_id, site in asked]


# How ``mail get_prefs`` answers a filter of several site-ids (behaviour ``get_prefs_several``), given the
# sites asked in order as (id, site or None); a filter of one is answered as ``each`` answers it.
PREFS_SEVERAL = {
    'each': _prefs_each,
    'reversed': lambda plesk, asked: _prefs_each(plesk, asked[::-1]),
    'first_only': lambda plesk, asked: _prefs_each(plesk, asked[:1]),
}


@operation('mail', 'get_prefs')
def mail_get_prefs(plesk, op):
    parts = sequence(op, [('filter', 1, 1)])
    ids = [int_of(item) for item in sequence(parts['filter'][0], [('site-id', 0, None)])['site-id']]
    if not ids:
        return [_prefs_found(plesk, site['id'], site) for site in plesk['sites']]
    asked = [(site_id, domain(plesk, site_id)) for site_id in ids]
    return PREFS_SEVERAL[plesk['get_prefs_several']](plesk, asked) if len(asked) > 1 else _prefs_each(plesk, asked)


# What ``mail set_prefs`` may hold in its prefs, in the schema's order; the emulator keeps the first four.
SET_PREFS = [('nonexistent-user', 0, 1), ('webmail', 0, 1), ('spam-protect-sign', 0, 1), ('greylisting', 0, 1),
             ('mailservice', 0, 1), ('ip_address', 0, None), ('mail-provider', 0, 1)]
SET_PREFS_NOT_IMPLEMENTED = ('mailservice', 'ip_address', 'mail-provider')

# How ``mail set_prefs`` answers for a site whose mail service is off (behaviour ``set_prefs_mail_off``): None
# when as for any other site.
SET_PREFS_MAIL_OFF = {
    'refused': lambda plesk, site: _no_mail_service(plesk, site['id']),
    'applied': lambda plesk, site: None,
}


def _prefs_request(prefs):
    """``{field: value}`` of the preferences a ``set_prefs`` gives, in the state's terms."""
    if len(prefs) and prefs[0].tag == 'none':
        raise Unsupported('mail set_prefs with <none/> is not implemented by the emulator')
    parts = sequence(prefs, SET_PREFS)
    for tag in SET_PREFS_NOT_IMPLEMENTED:
        if parts[tag]:
            raise Unsupported('mail set_prefs with <%s> is not implemented by the emulator' % tag)
    wanted = {}
    if parts['nonexistent-user']:
        choice = list(parts['nonexistent-user'][0])
        if len(choice) != 1 or choice[0].tag not in NONEXISTENT_USER_ACTIONS:
            raise Malformed("Element 'nonexistent-user': Missing child element(s). Expected is one of ( bounce, "
                            "forward, reject ).", parts['nonexistent-user'][0])
        action = choice[0].tag
        wanted['nonexistent_user'] = {'action': action}
        if NONEXISTENT_USER_ACTIONS[action]:
            # Of the schema's string type, which collapses blanks.
            wanted['nonexistent_user'][NONEXISTENT_USER_ACTIONS[action]] = ' '.join((choice[0].text or '').split())
    if parts['webmail']:
        wanted['webmail'] = text_of(parts['webmail'][0])
    if parts['spam-protect-sign']:
        wanted['spam_protect_sign'] = _xml_boolean(parts['spam-protect-sign'][0])
    if parts['greylisting']:
        wanted['greylisting'] = _xml_boolean(parts['greylisting'][0])
    return wanted


def _prefs_refusal(plesk, site, wanted):
    """The error result for preferences ``site`` cannot take, or None."""
    refusal = SET_PREFS_MAIL_OFF[plesk['set_prefs_mail_off']](plesk, site) if not site['mail_service'] else None
    if refusal is not None:
        return refusal
    webmail = wanted.get('webmail')
    # Names as the server has them: the ids of webmail software, which no source shows matched without case.
    if webmail is not None and webmail not in plesk['webmail_choices']:
        # The emulator's own text and code: no source shows how Plesk refuses a webmail it does not have.
        return error(1019, "Unknown webmail '%s' for domain with id = %d" % (webmail, site['id']))
    forward = wanted.get('nonexistent_user', {}).get('address')
    if forward is not None and not ADDRESS.match(forward):
        return error(1019, "Invalid e-mail address '%s'" % forward)
    return None


@operation('mail', 'set_prefs', writes=True, journaled=True)
def mail_set_prefs(plesk, op):
    parts = sequence(op, [('filter', 1, 1), ('prefs', 1, 1)])
    ids = [int_of(item) for item in sequence(parts['filter'][0], [('site-id', 0, None)])['site-id']]
    if not ids:
        # The schema allows it; no source shows whether Plesk then sets every site, or none.
        raise Unsupported('mail set_prefs without a site-id is not implemented by the emulator')
    wanted = _prefs_request(parts['prefs'][0])
    results = []
    for site_id in ids:
        site = domain(plesk, site_id)
        if site is None:
            results.append(error(1013, 'Domain does not exist'))
            continue
        refusal = _prefs_refusal(plesk, site, wanted)
        if refusal is not None:
            results.append(refusal)
            continue
        for field, value in wanted.items():
            assign(plesk, site, field, value)
        results.append(ok(el('site-id', site_id)))
    return results


def _switch_mail(plesk, op, enabled):
    parts = sequence(op, [('site-id', 1, 1)])
    site = domain(plesk, int_of(parts['site-id'][0]))
    if site is None:
        return [error(1013, 'Domain does not exist')]
    assign(plesk, site, 'mail_service', enabled)
    return [ok()]


@operation('mail', 'enable', writes=True, journaled=True)
def mail_enable(plesk, op):
    return _switch_mail(plesk, op, True)


@operation('mail', 'disable', writes=True, journaled=True)
def mail_disable(plesk, op):
    return _switch_mail(plesk, op, False)


def _mailbox(site, name, plesk=None):
    """The mailbox of ``site`` called ``name``; give ``plesk`` to find it through the index."""
    if plesk is None:
        return next((box for box in site['mailboxes'] if same_name(box['name'], name)), None)
    return find_mailbox(plesk, site, name)


# How ``mail get_info`` answers a name that does not exist (behaviour ``get_info_missing``); the error
# text is the one a live Obsidian server gives (research note P4).
MISSING_MAILBOX = {
    'omit': lambda name: [],
    'error': lambda name: [error(1013, 'mail does not exist')],
    # The same text under the code public answers give other mail get_info failures (pmill/php-plesk#46).
    'error_other_code': lambda name: [error(1023, 'mail does not exist')],
}


@operation('mail', 'get_info')
def mail_get_info(plesk, op):
    parts = sequence(op, [('filter', 1, 1), ('mailbox', 0, 1), ('mailbox-usage', 0, 1), ('forwarding', 0, 1),
                          ('aliases', 0, 1), ('autoresponder', 0, 1)])
    criteria = sequence(parts['filter'][0], [('site-id', 1, 1), ('name', 0, None)])
    site = domain(plesk, int_of(criteria['site-id'][0]))
    if site is None:
        return [error(1013, 'Domain does not exist')]
    refusal = None if site['mail_service'] else GET_INFO_MAIL_OFF[plesk['get_info_mail_off']](plesk, site)
    if refusal is not None:
        return refusal
    names = [text_of(item) for item in criteria['name']]
    datasets = [tag for tag in MAILNAME_DATASETS if parts[tag]]
    results = []
    for name in names or [box['name'] for box in site['mailboxes']]:
        box = _mailbox(site, name, plesk)
        if box is not None:
            results.append(ok(mailname_info(box, datasets, plesk['get_info_no_mailbox'])))
        else:
            results.extend(MISSING_MAILBOX[plesk['get_info_missing']](name))
    # The schema wants one result at least: an empty ok result means "no such mailboxes".
    return results or [ok()]


@operation('mail', 'rename', writes=True, journaled=True)
def mail_rename(plesk, op):
    parts = sequence(op, [('site-id', 1, 1), ('name', 1, 1), ('new-name', 1, 1)])
    site_id = int_of(parts['site-id'][0])
    old, new = text_of(parts['name'][0]), text_of(parts['new-name'][0])
    site = domain(plesk, site_id)
    if site is None:
        return [error(1013, 'Domain does not exist')]
    if not site['mail_service']:
        return [_no_mail_service(plesk, site_id)]
    box = _mailbox(site, old, plesk)
    if box is None:
        return [error(1013, "Mail name '%s' does not exist" % old)]
    if not MAIL_NAME.match(new) or len(new) > 245:
        return [error(1019, "Invalid value of new-name: '%s'" % new)]
    # Another account's name or alias, or one of this account's own aliases (the address would be twice): an
    # address belongs to one account, as everywhere else in the emulator.
    if _taken(site, new, box, plesk) or any(same_name(alias, new) for alias in box['aliases']):
        return [error(1007, "Mail name '%s' already exists" % new)]
    rename_mailbox(plesk, site, box, new)
    return [ok()]


# -- webmail (protocol 1.6.9.0 and older) --------------------------------------------------------

def _webmail_echo(service, full=True):
    if not full:
        return el('webmail', None, el('name', service['name']))
    return el('webmail', None, el('name', service['name']), el('status', boolean(service['enabled'])),
              el('url', service['url']))


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


@operation('webmail', 'register', writes=True, journaled=True)
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
        if find_webmail(plesk, name) is not None:
            results.append(error(1007, "Webmail service '%s' already exists" % name, el('webmail', None, el('name', name))))
            continue
        service = {'name': name, 'url': url, 'enabled': status == 'enabled'}
        add_webmail(plesk, service)
        results.append(ok(_webmail_echo(service)))
    return results


@operation('webmail', 'unregister', writes=True, journaled=True)
def webmail_unregister(plesk, op):
    results = []
    for name in _webmail_names(op):
        service = find_webmail(plesk, name)
        if service is None:
            results.append(error(1013, "Webmail service '%s' does not exist" % name, el('webmail', None, el('name', name))))
            continue
        remove_webmail(plesk, service)
        results.append(ok(_webmail_echo(service, full=False)))
    return results


def _switch_webmail(plesk, op, enabled):
    results = []
    for name in _webmail_names(op):
        service = find_webmail(plesk, name)
        if service is None:
            results.append(error(1013, "Webmail service '%s' does not exist" % name, el('webmail', None, el('name', name))))
            continue
        assign(plesk, service, 'enabled', enabled)
        results.append(ok(_webmail_echo(service)))
    return results


@operation('webmail', 'enable', writes=True, journaled=True)
def webmail_enable(plesk, op):
    return _switch_webmail(plesk, op, True)


@operation('webmail', 'disable', writes=True, journaled=True)
def webmail_disable(plesk, op):
    return _switch_webmail(plesk, op, False)


# -- mail accounts: get_info datasets, create, update, remove -------------------------------------
#
# Shapes from mail_input.xsd, mail_output.xsd and plesk_mailname.xsd; each mail name of a create,
# update or remove gets its own result, echoing its name.  Where the schemas and the public
# evidence are silent the behaviour is the emulator's choice, listed in tests/emulator/README.md.

# The get_info datasets this emulator answers, in the order of <mailname>'s children.
MAILNAME_DATASETS = ('mailbox', 'mailbox-usage', 'forwarding', 'aliases', 'autoresponder')

# Children of <mailname> in create (mailnameAddType), update set (mailnameUpdateType) and update add and
# remove (mailnameUpdateAddType), in the schema's order.
MAILNAME_CREATE = [('name', 1, 1), ('cp-access', 0, 1), ('mailbox', 0, 1), ('forwarding', 0, 1), ('alias', 0, None),
                   ('autoresponder', 0, 1), ('password', 0, 1), ('antivir', 0, 1),
                   ('outgoing-messages-mbox-limit', 0, 1), ('description', 0, 1)]
MAILNAME_SET = [('id', 0, 1), ('name', 1, 1), ('cp-access', 0, 1), ('mailbox', 0, 1), ('forwarding', 0, 1),
                ('alias', 0, None), ('autoresponder', 0, 1), ('password', 0, 1), ('user-guid', 0, 1), ('antivir', 0, 1),
                ('outgoing-messages-mbox-limit', 0, 1), ('description', 0, 1)]
MAILNAME_ADD_REMOVE = [('name', 1, 1), ('cp-access', 0, 1), ('forwarding', 0, 1), ('alias', 0, None),
                       ('autoresponder', 0, 1)]
MAILNAME_NOT_IMPLEMENTED = ('cp-access', 'user-guid', 'antivir', 'outgoing-messages-mbox-limit')
# An autoresponder of create and update set (mailnameAddType, mailnameUpdateType); the emulator keeps enabled,
# subject, text and forward, the parts a public client found a live Obsidian server to take.
AUTORESPONDER = [('enabled', 0, 1), ('subject', 0, 1), ('content_type', 0, 1), ('charset', 0, 1), ('text', 0, 1),
                 ('attachment', 0, None), ('forward', 0, 1)]
AUTORESPONDER_NOT_IMPLEMENTED = ('content_type', 'charset', 'attachment')
ADDRESS = re.compile(r'^[^@\s]+@[^@\s]+$')
LONGEST_MAIL_NAME = 245


def mailname_info(account, datasets=(), no_mailbox='described'):
    """The <mailname> of ``get_info`` with the ``datasets`` asked for; the description whenever there is one.
    ``no_mailbox`` is the behaviour get_info_no_mailbox."""
    mailname = el('mailname', None, el('id', account['id']), el('name', account['name']))
    described = account['mailbox'] or no_mailbox == 'described'
    if described and ('mailbox' in datasets or 'mailbox-usage' in datasets):
        mailbox = etree.SubElement(mailname, 'mailbox')
        if 'mailbox' in datasets:
            mailbox.append(el('enabled', boolean(account['mailbox'])))
            mailbox.append(el('quota', account['quota']))
        if 'mailbox-usage' in datasets:
            mailbox.append(el('usage', account['usage']))
    if 'forwarding' in datasets:
        forwarding = account['forwarding']
        mailname.append(el('forwarding', None, el('enabled', boolean(forwarding['enabled'])),
                           *[el('address', address) for address in forwarding['addresses']]))
    if 'aliases' in datasets:
        mailname.extend(el('alias', alias) for alias in account['aliases'])
    if 'autoresponder' in datasets:
        autoresponder = account['autoresponder']
        mailname.append(el('autoresponder', None, el('enabled', boolean(autoresponder['enabled'])),
                           *[el(key, autoresponder[key]) for key in ('subject', 'text', 'forward') if autoresponder[key]]))
    if account['description']:
        mailname.append(el('description', account['description']))
    return mailname


def _xml_boolean(element):
    value = text_of(element)
    if value not in ('true', 'false', '1', '0'):
        raise Malformed("Element '%s': '%s' is not a valid value of the atomic type 'xs:boolean'." % (element.tag, value),
                        element)
    return value in ('true', '1')


def _xml_long(element):
    value = text_of(element)
    if not re.match(r'^[+-]?[0-9]+$', value):
        raise Malformed("Element '%s': '%s' is not a valid value of the atomic type 'xs:long'." % (element.tag, value),
                        element)
    return int(value)


def _raw_text(element):
    return element.text or ''


# How each part of an autoresponder the emulator keeps is read: the subject and the text as given, blanks and line
# breaks included.
AUTORESPONDER_PARTS = {'enabled': _xml_boolean, 'subject': _raw_text, 'text': _raw_text, 'forward': text_of}


# What the <mailbox> of a mail name may hold in a create, and in an update (behaviour
# ``update_set_mailbox_enabled``: a server may refuse to switch the mailbox of an existing account).
MAILBOX_OF_CREATE = [('enabled', 1, 1), ('quota', 0, 1)]
MAILBOX_OF_UPDATE = {'accepted': [('enabled', 0, 1), ('quota', 0, 1)], 'refused': [('quota', 0, 1)]}


def _mailname_request(element, spec, operation_name, mailbox_spec):
    """What one <mailname> asks for: ``name`` and whichever of ``mailbox``, ``quota``, ``forwarding_enabled``,
    ``addresses``, ``aliases``, ``password`` and ``description`` it carries."""
    parts = sequence(element, spec)
    given = [tag for tag in MAILNAME_NOT_IMPLEMENTED if parts.get(tag)]
    if given:
        raise Unsupported('The hosting.panels emulator does not implement %s in mail %s'
                          % (', '.join(given), operation_name))
    request = {'name': text_of(parts['name'][0]), 'aliases': [text_of(alias) for alias in parts['alias']]}
    if parts.get('mailbox'):
        mailbox = sequence(parts['mailbox'][0], mailbox_spec)
        if mailbox.get('enabled'):
            request['mailbox'] = _xml_boolean(mailbox['enabled'][0])
        if mailbox['quota']:
            request['quota'] = _xml_long(mailbox['quota'][0])
    if parts.get('forwarding'):
        # As the schema has it: only ``update set`` may leave out the addresses.
        forwarding = sequence(parts['forwarding'][0], [('enabled', 1 if operation_name == 'create' else 0, 1),
                                                       ('address', 0 if operation_name == 'update set' else 1, None)])
        if forwarding['enabled']:
            request['forwarding_enabled'] = _xml_boolean(forwarding['enabled'][0])
        request['addresses'] = [text_of(address) for address in forwarding['address']]
    if parts.get('password'):
        password = sequence(parts['password'][0], [('value', 1 if operation_name == 'create' else 0, 1),
                                                   ('type', 0, 1)])
        if password['value']:
            request['password'] = password['value'][0].text or ''
    if parts.get('description'):
        request['description'] = parts['description'][0].text or ''
    if parts.get('autoresponder'):
        if operation_name not in ('create', 'update set'):
            raise Unsupported('The hosting.panels emulator does not implement autoresponder in mail %s' % operation_name)
        autoresponder = sequence(parts['autoresponder'][0], AUTORESPONDER)
        given = [tag for tag in AUTORESPONDER_NOT_IMPLEMENTED if autoresponder.get(tag)]
        if given:
            raise Unsupported('The hosting.panels emulator does not implement %s of an autoresponder' % ', '.join(given))
        request['autoresponder'] = dict((key, read(autoresponder[key][0]))
                                        for key, read in AUTORESPONDER_PARTS.items() if autoresponder[key])
    return request


def _mail_site(plesk, criteria):
    """The site of a write and the error every mail name of it gets, if any (no site, mail service off)."""
    site_id = int_of(criteria['site-id'][0])
    site = domain(plesk, site_id)
    if site is None:
        return None, (1013, 'Domain does not exist')
    if not site['mail_service']:
        return site, _mail_off(plesk, site_id)
    return site, None


def _taken(site, name, account=None, plesk=None):
    """Whether ``name`` is the name or an alias of another mail account of ``site`` than ``account``; give
    ``plesk`` to look it up in the index."""
    if isinstance(plesk, PleskState):
        return any(account is None or other['id'] != account['id'] for other in plesk.claimants(site, name))

    def answers_to(other):
        return same_name(other['name'], name) or any(same_name(alias, name) for alias in other['aliases'])
    return any(answers_to(other) for other in site['mailboxes'] if account is None or other['id'] != account['id'])


def _invalid_name(name):
    return not MAIL_NAME.match(name) or len(name) > LONGEST_MAIL_NAME


def _account_problem(plesk, site, account, check_quota):
    """Why Plesk would refuse ``account`` as it would be after a change: ``(code, text)`` or None.  The
    quota is checked against the subscription's limit only when the change sets it."""
    if account['quota'] < -1 or account['quota'] == 0:
        return 1019, "Invalid value of quota: '%d'" % account['quota']
    limit = _quota_limit(plesk, site)
    if check_quota and limit is not None and (account['quota'] == UNLIMITED_QUOTA or account['quota'] > limit):
        return 1024, ('Unable to set the mailbox size of %s: it exceeds the limit of %d bytes of the subscription'
                      % (account['name'], limit))
    for address in account['forwarding']['addresses']:
        if not ADDRESS.match(address):
            return 1019, "Invalid value of forwarding address: '%s'" % address
    forward = account['autoresponder']['forward']
    if forward and not ADDRESS.match(forward):
        return 1019, "Invalid value of autoresponder forward address: '%s'" % forward
    if account['forwarding']['enabled'] and not account['forwarding']['addresses']:
        return 1019, 'Unable to enable forwarding of %s: there are no addresses to forward to' % account['name']
    for alias in account['aliases']:
        if _invalid_name(alias):
            return 1019, "Invalid value of alias: '%s'" % alias
        if same_name(alias, account['name']) or _taken(site, alias, account, plesk):
            return 1007, "Mail name '%s' already exists" % alias
    return None


def _merged(values, more):
    """``values``, then each of ``more`` that neither they nor an earlier one of ``more`` name (without case)."""
    # Names are compared through a set of lower-case names, not pair by pair: an account may have
    # thousands of aliases or forwarding addresses.
    known = {value.lower() for value in values}
    added = []
    for value in more:
        if value.lower() not in known:
            known.add(value.lower())
            added.append(value)
    return values + added


def _without(values, gone):
    """``values`` without the ones ``gone`` names (without case)."""
    gone_names = {item.lower() for item in gone}
    return [value for value in values if value.lower() not in gone_names]


def _changed_account(plesk, account, request, action, fresh=False):
    """The account after ``action`` (``add``, ``remove`` or ``set``) with ``request``.  A ``fresh`` account,
    one being created that nothing else holds yet, is changed in place instead of copied."""
    changed = account if fresh else copied(account)
    forwarding = changed['forwarding']
    addresses = request.get('addresses', [])
    if action == 'add':
        forwarding['addresses'] = _merged(forwarding['addresses'], addresses)
        changed['aliases'] = _merged(changed['aliases'], request['aliases'])
        forwarding['enabled'] = request.get('forwarding_enabled', forwarding['enabled'])
    elif action == 'remove':
        forwarding['addresses'] = _without(forwarding['addresses'], addresses)
        changed['aliases'] = _without(changed['aliases'], request['aliases'])
        # Forwarding with no address left to forward to is off, as in the Plesk interface.
        if not forwarding['addresses']:
            forwarding['enabled'] = False
    else:
        for key in ('mailbox', 'quota', 'password', 'description'):
            if key in request:
                changed[key] = request[key]
        if 'autoresponder' in request:
            changed['autoresponder'] = dict(changed['autoresponder'], **request['autoresponder'])
        if 'forwarding_enabled' in request:
            forwarding['enabled'] = request['forwarding_enabled']
        if addresses:
            forwarding['addresses'] = (_merged(forwarding['addresses'], addresses)
                                       if plesk['update_set_forwarding'] == 'add' else _merged([], addresses))
        if request['aliases']:
            changed['aliases'] = _merged([], request['aliases'])
    return changed


def _quota_limit(plesk, site):
    """The mailbox quota limit of ``site`` (state.quota_limit), its webspace found through the index."""
    if site.get('mailbox_quota_limit') is not None:
        return site['mailbox_quota_limit']
    webspace = domain(plesk, site.get('webspace_id'))
    return None if webspace is None else webspace.get('mailbox_quota_limit')


def _failed(code_text, name):
    return _MAILNAME_FAILED(code_text[0], code_text[1], name)


@operation('mail', 'create', writes=True, journaled=True)
def mail_create(plesk, op):
    parts = sequence(op, [('filter', 1, 1)])
    criteria = sequence(parts['filter'][0], [('site-id', 1, 1), ('mailname', 1, None)])
    requests = [_mailname_request(item, MAILNAME_CREATE, 'create', MAILBOX_OF_CREATE) for item in criteria['mailname']]
    site, refusal = _mail_site(plesk, criteria)
    results = []
    for request in requests:
        name = request['name']
        if refusal:
            results.append(_failed(refusal, name))
            continue
        if _invalid_name(name):
            results.append(_failed((1019, "Invalid value of name: '%s'" % name), name))
            continue
        if _taken(site, name, plesk=plesk):
            results.append(_failed((1007, "Mail name '%s' already exists" % name), name))
            continue
        account = new_mail_account(new_mailbox_id(plesk), name, _quota_limit(plesk, site))
        account = _changed_account(plesk, account, dict(request, aliases=[], addresses=[]), 'set', fresh=True)
        account = _changed_account(plesk, account, dict(request, forwarding_enabled=request.get(
            'forwarding_enabled', False)), 'add', fresh=True)
        problem = _account_problem(plesk, site, account, check_quota=True)
        if problem:
            results.append(_failed(problem, name))
            continue
        add_mailbox(plesk, site, account)
        results.append(_MAILNAME_CREATED(account['id'], name))
    return results


@operation('mail', 'update', writes=True, journaled=True)
def mail_update(plesk, op):
    actions = list(op)
    if len(actions) != 1 or actions[0].tag not in ('add', 'remove', 'set'):
        raise Malformed("Element 'update': Missing child element(s). Expected is one of ( add, remove, set ).", op)
    action = actions[0]
    parts = sequence(action, [('filter', 1, 1)])
    spec = MAILNAME_SET if action.tag == 'set' else MAILNAME_ADD_REMOVE
    criteria = sequence(parts['filter'][0], [('site-id', 1, 1), ('mailname', 1, None)])
    mailbox_spec = MAILBOX_OF_UPDATE[plesk['update_set_mailbox_enabled']]
    requests = [_mailname_request(item, spec, 'update ' + action.tag, mailbox_spec) for item in criteria['mailname']]
    site, refusal = _mail_site(plesk, criteria)
    results = []
    for request in requests:
        name = request['name']
        account = None if refusal else _mailbox(site, name, plesk)
        if refusal or account is None:
            results.append(_failed(refusal or (1013, "Mail name '%s' does not exist" % name), name))
            continue
        changed = _changed_account(plesk, account, request, action.tag)
        problem = _account_problem(plesk, site, changed, check_quota='quota' in request)
        if problem:
            results.append(_failed(problem, name))
            continue
        update_mailbox(plesk, site, account, changed)
        results.append(_MAILNAME_OK(account['name']))
    return [el(action.tag, None, *results)]


@operation('mail', 'remove', writes=True, journaled=True)
def mail_remove(plesk, op):
    parts = sequence(op, [('filter', 1, 1)])
    criteria = sequence(parts['filter'][0], [('site-id', 1, 1), ('name', 0, None)])
    names = [text_of(item) for item in criteria['name']]
    if not names:
        raise Unsupported('The hosting.panels emulator does not implement mail remove of every mail name of a site')
    site, refusal = _mail_site(plesk, criteria)
    results = []
    for name in names:
        account = None if refusal else _mailbox(site, name, plesk)
        if refusal or account is None:
            results.append(_failed(refusal or (1013, "Mail name '%s' does not exist" % name), name))
            continue
        remove_mailbox(plesk, site, account)
        results.append(_MAILNAME_OK(account['name']))
    return results
