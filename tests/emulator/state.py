# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""State of the emulated panels: the default seed, seed checking, and the shared store."""

from __future__ import annotations

import copy
import json
import re
import threading

import yaml

from .plesk_state import PleskState, copied
from .profiles import BEHAVIOURS, DEFAULT_PROFILE, PROFILES, version_tuple

PLESK_SERVICE_STATES = ('running', 'stopped', 'none')
SITE_KINDS = ('site', 'webspace')
# What becomes of mail to a name a site does not have (a site's ``nonexistent_user``), by action: the key of its
# text, if it has one.
NONEXISTENT_USER_ACTIONS = {'bounce': 'message', 'forward': 'address', 'reject': None}
# Plesk's default for a new domain.
NONEXISTENT_USER_DEFAULT = {'action': 'bounce', 'message': 'This address no longer accepts mail.'}
EXIM_ID = re.compile(r'^[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})$')

# The seed every profile shares; ``default_seed`` adds the profile's behaviours and services.
DEFAULT_SEED = {
    'plesk': {
        'users': [{'login': 'admin', 'password': 'changeme'}],
        'secret_keys': [{'key': 'c0ffee00-0000-4000-8000-000000000001', 'ip': '127.0.0.1', 'login': 'admin'}],
        'sites': [
            # A subscription's main domain: ``site get`` does not list it, ``webspace get`` does.
            {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True, 'webmail': 'horde',
             'mailboxes': []},
            {'id': 2, 'name': 'example.net', 'kind': 'site', 'webspace_id': 1, 'mail_service': True,
             'webmail': 'horde', 'mailboxes': []},
            {'id': 11, 'name': 'example.org', 'kind': 'site', 'webspace_id': 1, 'mail_service': True,
             'webmail': 'horde', 'mailboxes': ['admin', 'common']},
        ],
        'webmail': [{'name': 'Horde', 'url': 'http://webmail.example.com/horde', 'enabled': True}],
        # The webmail a site's preferences may name (mail set_prefs), as the server names them; another gets an
        # error.  A server offers what is installed on it.
        'webmail_choices': ['horde', 'roundcube', 'none'],
        # Bytes of request body the web server in front of Plesk accepts; a larger request gets HTTP 413 and
        # runs nothing.  null: no limit.
        'max_request_size': None,
    },
    'brainycp': {
        'users': [{'username': 'root', 'password': 'changeme', 'modules': ['mailserver']}],
        # 401 or 403: answer every API request like the panel's htpasswd or IP filter does.
        'http_gate': None,
        # accept: run a request that mixes the constant-key and module/subdo styles (or both credential pairs), as
        # a public client's calls that mix them show a panel doing (S11, another module); refuse: answer it with
        # error 2, as a strict dispatcher could.
        'mixed_styles': 'accept',
        # requested: answer in the request's language (en or ru; ru, the documented default, when it names
        # neither); en or ru: always in that one, as a panel would that does not take the parameter.
        'language': 'requested',
        # Shape of answers: ``detail`` as a list or a dict keyed by message id, numbers as JSON numbers
        # or strings, the text key as documented per operation, or always ``mess``/``message``, and the queue
        # as message objects or as the lines ``exim -bp`` prints (no source shows list_msg's detail).
        'answers': {'detail': 'list', 'numbers': 'int', 'message_key': 'documented', 'queue': 'objects',
                    'count': 'documented', 'switch': 'status'},
        'mailserver': {
            'forced_delete': True,
            'frozen_delete': True,
            'outgoing_server': True,
            'clamav': True,
            'spamassassin': False,
            'stuck_filters': [],
            'queue': [
                {'id': '1YlG2A-000Hzk-En', 'age': '4d', 'size': '17K', 'sender': 'newsletter@example.com',
                 'recipients': ['info@example.net'], 'frozen': False},
                {'id': '1Ym1XR-000ERo-TH', 'age': '42h', 'size': '1.3K', 'sender': '<>',
                 'recipients': ['nobody@example.org'], 'frozen': True},
                {'id': '1Ym5Qz-0007Ab-2c', 'age': '3h', 'size': '2.1K', 'sender': 'billing@example.com',
                 'originator_login': 'web1', 'recipients': ['a@example.org', 'b@example.org'], 'frozen': False,
                 'deliverable': False},
                {'id': '1vGk2P-0000004xQz1-0aBc', 'age': '25m', 'size': '640', 'sender': 'root@example.com',
                 'recipients': ['postmaster@example.net'], 'frozen': True, 'delivered': ['admin@example.net']},
            ],
        },
    },
}


class SeedError(ValueError):
    """A seed or a PUT state is not usable; the message names the field."""


def default_seed(profile=DEFAULT_PROFILE):
    """The complete default seed of ``profile``."""
    seed = copy.deepcopy(DEFAULT_SEED)
    seed['plesk'].update(copy.deepcopy(PROFILES[profile]))
    return dict({'profile': profile}, **seed)


def load_seed_file(path):
    """Read a YAML or JSON seed file (JSON is YAML)."""
    with open(path, encoding='utf-8') as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise SeedError('%s: the seed must be a mapping with the keys plesk and/or brainycp' % path)
    return document


def normalize(document, profile=None):
    """A complete, checked state from a seed; panels or keys it leaves out come from the default seed
    of its ``profile`` key, else of ``profile``, else of the default profile."""
    if not isinstance(document, dict):
        raise SeedError('state: expected a mapping with the keys profile, plesk and/or brainycp')
    unknown = set(document) - {'profile', 'plesk', 'brainycp'}
    if unknown:
        raise SeedError('state: unknown keys %s (expected profile, plesk, brainycp)' % ', '.join(sorted(unknown)))
    profile = document.get('profile') or profile or DEFAULT_PROFILE
    _require(profile in PROFILES, 'profile', 'expected one of %s, got %r' % (', '.join(PROFILES), profile))
    defaults = default_seed(profile)
    return {
        'profile': profile,
        'plesk': _plesk(_merged(defaults, 'plesk', document.get('plesk'))),
        'brainycp': _brainycp(_merged(defaults, 'brainycp', document.get('brainycp'))),
    }


def _merged(defaults, panel, given):
    if given is None:
        return copy.deepcopy(defaults[panel])
    if not isinstance(given, dict):
        raise SeedError('%s: expected a mapping' % panel)
    unknown = set(given) - set(defaults[panel])
    if unknown:
        raise SeedError('%s: unknown keys %s' % (panel, ', '.join(sorted(unknown))))
    merged = copy.deepcopy(defaults[panel])
    merged.update(copied(given))
    return merged


def _require(condition, where, message):
    if not condition:
        raise SeedError('%s: %s' % (where, message))


def _list_of_dicts(value, where):
    _require(isinstance(value, list), where, 'expected a list')
    for index, item in enumerate(value):
        _require(isinstance(item, dict), '%s[%d]' % (where, index), 'expected a mapping')
    return value


def _string(value, where):
    _require(isinstance(value, str) and value != '', where, 'expected a non-empty string, got %r' % (value,))
    return value


def _boolean(value, where):
    _require(isinstance(value, bool), where, 'expected true or false, got %r' % (value,))
    return value


def _plesk(plesk):
    _plesk_behaviours(plesk)
    limit = plesk['max_request_size']
    _require(limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0),
             'plesk.max_request_size', 'expected a positive number of bytes or null, got %r' % (limit,))
    for index, user in enumerate(_list_of_dicts(plesk['users'], 'plesk.users')):
        _string(user.get('login'), 'plesk.users[%d].login' % index)
        _string(user.get('password'), 'plesk.users[%d].password' % index)
    for index, key in enumerate(_list_of_dicts(plesk['secret_keys'], 'plesk.secret_keys')):
        _string(key.get('key'), 'plesk.secret_keys[%d].key' % index)
        key.setdefault('ip', '127.0.0.1')
        key.setdefault('login', 'admin')
    seen = set()
    for index, service in enumerate(_list_of_dicts(plesk['services'], 'plesk.services')):
        where = 'plesk.services[%d]' % index
        _string(service.get('id'), where + '.id')
        _require(service['id'] not in seen, where + '.id', 'duplicate service id %r' % service['id'])
        seen.add(service['id'])
        service.setdefault('title', service['id'])
        _require(service.get('state') in PLESK_SERVICE_STATES, where + '.state',
                 'expected one of %s, got %r' % (', '.join(PLESK_SERVICE_STATES), service.get('state')))
        if service.get('error') is not None:
            _string(service['error'], where + '.error')
    _require(isinstance(plesk['webmail_choices'], list) and plesk['webmail_choices'], 'plesk.webmail_choices',
             'expected a list of names')
    for index, name in enumerate(plesk['webmail_choices']):
        _string(name, 'plesk.webmail_choices[%d]' % index)
    _plesk_sites(plesk)
    names = set()
    for index, service in enumerate(_list_of_dicts(plesk['webmail'], 'plesk.webmail')):
        where = 'plesk.webmail[%d]' % index
        _string(service.get('name'), where + '.name')
        _string(service.get('url'), where + '.url')
        _require(service['name'].lower() not in names, where + '.name', 'duplicate name %r' % service['name'])
        names.add(service['name'].lower())
        _boolean(service.setdefault('enabled', True), where + '.enabled')
    return plesk


def _plesk_behaviours(plesk):
    _require(version_tuple(plesk['protocol_version']) is not None, 'plesk.protocol_version',
             'expected a version such as 1.6.9.1, got %r' % (plesk['protocol_version'],))
    protocols = plesk['protocols']
    _require(isinstance(protocols, list) and protocols and all(version_tuple(item) for item in protocols),
             'plesk.protocols', 'expected a list of versions such as 1.6.9.1, got %r' % (protocols,))
    _require(plesk['protocol_version'] in protocols, 'plesk.protocol_version',
             '%r is not among plesk.protocols' % plesk['protocol_version'])
    # true and false were the only values before the pinned variant existed.
    plesk['webmail_operator'] = {True: 'present', False: 'absent'}.get(plesk['webmail_operator'],
                                                                       plesk['webmail_operator'])
    for key, variants in BEHAVIOURS.items():
        if variants is not None:
            _require(plesk[key] in variants, 'plesk.' + key, 'expected one of %s, got %r'
                     % (', '.join(str(variant).lower() for variant in variants), plesk[key]))


def _nonexistent_user(setting, where):
    _require(isinstance(setting, dict), where, 'expected a mapping with an action, got %r' % (setting,))
    _require(setting.get('action') in NONEXISTENT_USER_ACTIONS, where + '.action',
             'expected one of %s, got %r' % (', '.join(NONEXISTENT_USER_ACTIONS), setting.get('action')))
    field = NONEXISTENT_USER_ACTIONS[setting['action']]
    unknown = set(setting) - {'action', field}
    _require(not unknown, where, 'unknown keys %s for action %s' % (', '.join(sorted(unknown)), setting['action']))
    if field:
        _string(setting.get(field), '%s.%s' % (where, field))


def _plesk_sites(plesk):
    sites = _list_of_dicts(plesk['sites'], 'plesk.sites')
    ids, names = set(), set()
    for index, site in enumerate(sites):
        where = 'plesk.sites[%d]' % index
        _require(isinstance(site.get('id'), int) and site['id'] > 0, where + '.id',
                 'expected a positive integer, got %r' % (site.get('id'),))
        _require(site['id'] not in ids, where + '.id', 'duplicate site id %r' % site['id'])
        ids.add(site['id'])
        _string(site.get('name'), where + '.name')
        _require(site['name'].lower() not in names, where + '.name', 'duplicate site name %r' % site['name'])
        names.add(site['name'].lower())
        site.setdefault('kind', 'site')
        _require(site['kind'] in SITE_KINDS, where + '.kind', 'expected site or webspace, got %r' % (site['kind'],))
        _boolean(site.setdefault('mail_service', True), where + '.mail_service')
        _string(site.setdefault('webmail', 'horde'), where + '.webmail')
        # Off for a new domain: Plesk's documentation says allowing it for the server does not switch it on for
        # domains, each needs it switched on.
        _boolean(site.setdefault('spam_protect_sign', False), where + '.spam_protect_sign')
        _boolean(site.setdefault('greylisting', True), where + '.greylisting')
        _nonexistent_user(site.setdefault('nonexistent_user', dict(NONEXISTENT_USER_DEFAULT)), where + '.nonexistent_user')
        _quota_limit(site, where)
    webspaces = [site['id'] for site in sites if site['kind'] == 'webspace']
    by_id = {site['id']: site for site in sites}
    next_mailbox_id = 1 + max([box['id'] for site in sites for box in site.get('mailboxes') or []
                               if isinstance(box, dict) and isinstance(box.get('id'), int)] or [0])
    for index, site in enumerate(sites):
        where = 'plesk.sites[%d]' % index
        if site['kind'] == 'webspace':
            site['webspace_id'] = site['id']
        else:
            site.setdefault('webspace_id', webspaces[0] if webspaces else site['id'])
        boxes = site.get('mailboxes') or []
        _require(isinstance(boxes, list), where + '.mailboxes', 'expected a list')
        normalized = []
        limit = quota_limit(sites, site, by_id) if boxes else None
        for box_index, box in enumerate(boxes):
            box_where = '%s.mailboxes[%d]' % (where, box_index)
            if isinstance(box, str):
                box = {'name': box}
            _require(isinstance(box, dict), box_where, 'expected a name or a mapping')
            _string(box.get('name'), box_where + '.name')
            if not isinstance(box.get('id'), int):
                box['id'] = next_mailbox_id
                next_mailbox_id += 1
            normalized.append(_mail_account(box, box_where, limit))
        site['mailboxes'] = normalized


# -- mail accounts -------------------------------------------------------------------------------
#
# A mail account (mail name) of a site: ``id``, ``name``, ``mailbox`` (whether it has one), ``quota``
# (bytes, -1 for unlimited), ``usage`` (bytes), ``password`` (as the panel received it), ``forwarding``
# (``enabled``, ``addresses``), ``aliases``, ``description`` and ``autoresponder`` (``enabled``, ``subject``,
# ``text``, ``forward``; off and empty by default).  A seed may give a name alone.
# ``mailbox_quota_limit`` of a site, else of its webspace, caps the quota of its mailboxes (null: no limit).

MAIL_ACCOUNT_KEYS = ('id', 'name', 'mailbox', 'quota', 'usage', 'password', 'forwarding', 'aliases', 'description',
                     'autoresponder')
AUTORESPONDER_KEYS = ('enabled', 'subject', 'text', 'forward')
UNLIMITED_QUOTA = -1


def _quota_limit(site, where):
    limit = site.setdefault('mailbox_quota_limit', None)
    _require(limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0),
             where + '.mailbox_quota_limit', 'expected null (no limit) or a positive number of bytes, got %r' % (limit,))


def quota_limit(sites, site, by_id=None):
    """The mailbox quota limit of ``site``: its own, else its webspace's; None when there is none.  ``by_id``
    (sites by id) finds the webspace without going through ``sites``."""
    if site.get('mailbox_quota_limit') is not None:
        return site['mailbox_quota_limit']
    if by_id is not None:
        webspace = by_id.get(site.get('webspace_id'))
    else:
        webspace = next((other for other in sites if other['id'] == site.get('webspace_id')), None)
    return None if webspace is None else webspace.get('mailbox_quota_limit')


def new_mail_account(account_id, name, quota_limit_bytes):
    """A mail account as Plesk creates one: a mailbox with the subscription's quota, nothing else."""
    return {'id': account_id, 'name': name, 'mailbox': True,
            'quota': UNLIMITED_QUOTA if quota_limit_bytes is None else quota_limit_bytes, 'usage': 0,
            'password': None, 'forwarding': {'enabled': False, 'addresses': []}, 'aliases': [], 'description': '',
            'autoresponder': new_autoresponder()}


def new_autoresponder():
    """An autoresponder as a new mail account has it: off, with nothing to say."""
    return {'enabled': False, 'subject': '', 'text': '', 'forward': ''}


def _mail_account(box, where, limit):
    unknown = sorted(set(box) - set(MAIL_ACCOUNT_KEYS))
    _require(not unknown, where, 'unknown keys %s (expected %s)' % (', '.join(unknown), ', '.join(MAIL_ACCOUNT_KEYS)))
    account = new_mail_account(box['id'], box['name'], limit)
    account.update((key, copy.deepcopy(value)) for key, value in box.items() if key not in ('forwarding', 'autoresponder'))
    _boolean(account['mailbox'], where + '.mailbox')
    for key in ('quota', 'usage'):
        value = account[key]
        _require(isinstance(value, int) and not isinstance(value, bool) and value >= (-1 if key == 'quota' else 0),
                 '%s.%s' % (where, key), 'expected a number of bytes%s, got %r' % (
                     ' or -1 (unlimited)' if key == 'quota' else '', value))
    _require(account['password'] is None or isinstance(account['password'], str), where + '.password',
             'expected a string or null')
    forwarding = box.get('forwarding', {})
    _require(isinstance(forwarding, dict) and not set(forwarding) - {'enabled', 'addresses'}, where + '.forwarding',
             'expected a mapping with enabled and addresses, got %r' % (forwarding,))
    account['forwarding'] = {'enabled': forwarding.get('enabled', bool(forwarding.get('addresses'))),
                             'addresses': list(forwarding.get('addresses', []))}
    _boolean(account['forwarding']['enabled'], where + '.forwarding.enabled')
    for key, values in (('forwarding.addresses', account['forwarding']['addresses']), ('aliases', account['aliases'])):
        _require(isinstance(values, list) and all(isinstance(value, str) and value for value in values),
                 '%s.%s' % (where, key), 'expected a list of non-empty strings, got %r' % (values,))
    _require(isinstance(account['description'], str), where + '.description', 'expected a string')
    autoresponder = box.get('autoresponder', {})
    _require(isinstance(autoresponder, dict) and not set(autoresponder) - set(AUTORESPONDER_KEYS),
             where + '.autoresponder',
             'expected a mapping with any of %s, got %r' % (', '.join(AUTORESPONDER_KEYS), autoresponder))
    account['autoresponder'].update(autoresponder)
    _boolean(account['autoresponder']['enabled'], where + '.autoresponder.enabled')
    for key in AUTORESPONDER_KEYS[1:]:
        _require(isinstance(account['autoresponder'][key], str), '%s.autoresponder.%s' % (where, key),
                 'expected a string')
    return account


def _brainycp(brainy):
    for index, user in enumerate(_list_of_dicts(brainy['users'], 'brainycp.users')):
        _string(user.get('username'), 'brainycp.users[%d].username' % index)
        _string(user.get('password'), 'brainycp.users[%d].password' % index)
        modules = user.setdefault('modules', ['mailserver'])
        # A bare string would pass the emulator's "in" test by substring and grant access by accident.
        _require(isinstance(modules, list) and all(isinstance(name, str) for name in modules),
                 'brainycp.users[%d].modules' % index, 'expected a list of module names, got %r' % (modules,))
    _require(brainy['http_gate'] in (None, 401, 403), 'brainycp.http_gate',
             'expected null, 401 or 403, got %r' % (brainy['http_gate'],))
    _require(brainy['mixed_styles'] in ('refuse', 'accept', 'twice'), 'brainycp.mixed_styles',
             'expected refuse, accept or twice, got %r' % (brainy['mixed_styles'],))
    _require(brainy['language'] in ('requested', 'en', 'ru'), 'brainycp.language',
             'expected requested, en or ru, got %r' % (brainy['language'],))
    answers = dict(DEFAULT_SEED['brainycp']['answers'], **_switches(brainy['answers'], 'brainycp.answers'))
    for key, allowed in (('detail', ('list', 'dict')), ('numbers', ('int', 'str')),
                         ('message_key', ('documented', 'mess', 'message')), ('queue', ('objects', 'exim_bp')),
                         ('count', ('documented', 'detail')), ('switch', ('status', 'console'))):
        _require(answers.get(key) in allowed, 'brainycp.answers.' + key,
                 'expected one of %s, got %r' % (', '.join(allowed), answers.get(key)))
    brainy['answers'] = answers
    mailserver = dict(DEFAULT_SEED['brainycp']['mailserver'],
                      **_switches(brainy['mailserver'], 'brainycp.mailserver'))
    for key in ('forced_delete', 'frozen_delete', 'outgoing_server', 'clamav', 'spamassassin'):
        _boolean(mailserver[key], 'brainycp.mailserver.' + key)
    stuck = mailserver['stuck_filters']
    _require(isinstance(stuck, list) and all(name in ('clamav', 'spamassassin') for name in stuck),
             'brainycp.mailserver.stuck_filters', 'expected a list of clamav and spamassassin, got %r' % (stuck,))
    ids = set()
    for index, message in enumerate(_list_of_dicts(mailserver['queue'], 'brainycp.mailserver.queue')):
        where = 'brainycp.mailserver.queue[%d]' % index
        # fullmatch: with match, "$" would also accept an id with a trailing newline, which no module could name.
        _require(isinstance(message.get('id'), str) and EXIM_ID.fullmatch(message['id']), where + '.id',
                 'expected an Exim message id, got %r' % (message.get('id'),))
        _require(message['id'] not in ids, where + '.id', 'duplicate message id %r' % message['id'])
        ids.add(message['id'])
        message.setdefault('age', '1m')
        message.setdefault('size', '1K')
        _string(message.setdefault('sender', '<>'), where + '.sender')
        # The login of the untrusted user who set the sender (PHP's mail() with -f), which exim -bp prints after it.
        login = message.setdefault('originator_login', None)
        _require(login is None or isinstance(login, str), where + '.originator_login',
                 'expected null or a login, got %r' % (login,))
        # recipients: those the message still waits for; delivered: those it was delivered to, which exim -bp
        # still lists (marked D) until the message leaves the queue.
        for key in ('recipients', 'delivered'):
            addresses = message.setdefault(key, [])
            _require(isinstance(addresses, list) and all(isinstance(address, str) for address in addresses),
                     where + '.' + key, 'expected a list of addresses')
        _boolean(message.setdefault('frozen', False), where + '.frozen')
        _boolean(message.setdefault('deliverable', True), where + '.deliverable')
    brainy['mailserver'] = mailserver
    return brainy


def _switches(given, where):
    """A partial mapping of the default's keys; a misspelt switch must not silently keep its default."""
    if given is None:
        return {}
    _require(isinstance(given, dict), where, 'expected a mapping, got %r' % (given,))
    default = DEFAULT_SEED['brainycp'][where.split('.')[-1]]
    unknown = sorted(set(given) - set(default))
    _require(not unknown, where, 'unknown keys %s (expected %s)' % (', '.join(unknown), ', '.join(default)))
    return given


def new_stats():
    return {
        'plesk': {'requests': 0, 'packets': 0, 'read_packets': 0, 'write_packets': 0, 'operations': {},
                  'handling_seconds': 0.0},
        'brainycp': {'requests': 0, 'calls': 0, 'read_calls': 0, 'write_calls': 0, 'operations': {},
                     'handling_seconds': 0.0},
    }


class Store:
    """The state both panels share, guarded by one lock; every request runs under it."""

    def __init__(self, seed=None, profile=None):
        self.lock = threading.RLock()
        self.seed_document = copied(seed or {})
        self.seed = normalize(self.seed_document, profile)
        self.data = _live(self.seed)
        self.stats = new_stats()

    def reset(self, profile=None):
        """Back to the seed; with ``profile``, to the seed played by that profile from now on."""
        seed = normalize(dict(self.seed_document, profile=profile)) if profile else self.seed
        with self.lock:
            self.seed = seed
            self.data = _live(seed)
            self.stats = new_stats()

    def replace(self, document):
        """A new state; keys left out take the defaults of the current profile unless it names another."""
        state = normalize(document, self.data['profile'])
        with self.lock:
            self.data = _live(state, copy_it=False)

    def snapshot(self):
        """The state as plain data, in the seed's shape."""
        with self.lock:
            brainy = self.data['brainycp']
            mailserver = dict(brainy['mailserver'], queue=list(brainy['mailserver']['queue'].values()))
            return copied(dict(self.data, plesk=dict(self.data['plesk']), brainycp=dict(brainy, mailserver=mailserver)))

    def count(self, panel, key, operations=(), amount=1):
        with self.lock:
            stats = self.stats[panel]
            stats[key] += amount
            for name in operations:
                stats['operations'][name] = stats['operations'].get(name, 0) + 1


def _live(state, copy_it=True):
    """The state to serve: a copy of ``state`` whose Plesk part is a ``PleskState`` (indexed lookups) and whose
    BrainyCP mail queue maps each message id to its message, in the queue's order, so that a call finds and
    removes a message at once (``snapshot`` gives the list back)."""
    live = copied(state) if copy_it else dict(state)
    live['plesk'] = PleskState(live['plesk'])
    mailserver = live['brainycp']['mailserver']
    live['brainycp'] = dict(live['brainycp'], mailserver=dict(
        mailserver, queue={message['id']: message for message in mailserver['queue']}))
    return live


def dump(document, fmt='yaml'):
    if fmt == 'json':
        return json.dumps(document, indent=2, sort_keys=False)
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
