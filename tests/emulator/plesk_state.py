# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Plesk part of the emulator's state, with indexes so that each operation costs the same at
10,000 sites as at 3, and a journal so that a packet can be undone without copying the state.

:class:`PleskState` is the seed-shaped dict the handlers have always used (``plesk['sites']``
...), plus derived data that is never serialized:

- indexes of the sites by id, by name (without case), by guid and by subscription, of each
  site's mailboxes by name, of the services by id, of the webmail services by name (without case),
  and of where each item of a list that loses items (a site's mailboxes, the webmail services) is,
  so that taking one out needs no scan; built on first use and
  dropped by :meth:`PleskState.forget` when an operation may have changed what they index;
- a journal of changes, kept while a packet runs on the live state: :func:`assign`,
  :func:`append` and :func:`remove` record how to undo each change, and :meth:`PleskState.rollback`
  undoes them all when a later operation of the packet turns out to be malformed.

Handlers that change the state only through those helpers are registered as ``journaled`` in
``plesk_operations``; a packet with any other write runs on :meth:`PleskState.working_copy`.
The helpers also accept a plain dict (then nothing is journaled or indexed), so a handler never
depends on which one it gets.
"""

from __future__ import annotations

import bisect
import copy
import functools
import marshal
import uuid

_MISSING = object()


def copied(document):
    """A deep copy of seed-shaped data (dicts, lists, strings, numbers), several times faster than
    copy.deepcopy, which matters at 10,000 sites; anything marshal cannot copy goes through deepcopy."""
    try:
        return marshal.loads(marshal.dumps(document))
    except ValueError:
        return copy.deepcopy(document)


@functools.lru_cache(maxsize=65536)
def guid(name):
    """The guid the emulator gives a domain: stable, derived from its name."""
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, 'hosting.panels.emulator.' + name.lower()))


class PleskState(dict):
    """The Plesk state: a dict in the seed's shape, with lazily built indexes and an undo journal."""

    __slots__ = ('_by_id', '_by_name', '_by_guid', '_children', '_mailboxes', '_next_mailbox_id', '_services', '_webmail',
                 '_positions', 'journal')

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.journal = None
        self.forget()

    def forget(self):
        """Drop every index; the next lookup rebuilds the one it needs."""
        self._by_id = self._by_name = self._by_guid = self._children = self._next_mailbox_id = None
        self._services = self._webmail = None
        # Per list (by id): its _Positions.
        self._positions = {}
        # Per site id: (names, claims), each mapping a lower-case key to the mail accounts that have it, in
        # the site's order: by name, and by name or alias.
        self._mailboxes = {}

    def working_copy(self):
        """A deep copy without indexes, for a packet whose changes cannot be journaled."""
        return PleskState(self.plain())

    def plain(self):
        """A deep copy as plain dicts and lists, for JSON and for seeding another store."""
        return copied(dict(self))

    # -- lookups -------------------------------------------------------------------------------

    def site(self, site_id):
        if self._by_id is None:
            self._by_id = {}
            for site in self['sites']:
                self._by_id.setdefault(site['id'], site)
        return self._by_id.get(site_id)

    def site_named(self, name):
        # Behaviour name_lookup: whether a lookup by name ignores case.
        fold = str.lower if self['name_lookup'] == 'insensitive' else str
        if self._by_name is None:
            self._by_name = {}
            for site in self['sites']:
                self._by_name.setdefault(fold(site['name']), site)
        return self._by_name.get(fold(name))

    def site_with_guid(self, value):
        if self._by_guid is None:
            self._by_guid = {}
            for site in self['sites']:
                self._by_guid.setdefault(guid(site['name']), site)
        return self._by_guid.get(value)

    def sites_of_subscription(self, webspace_id):
        """The add-on sites (kind ``site``) of a subscription, in the state's order."""
        if self._children is None:
            self._children = {}
            for site in self['sites']:
                if site['kind'] == 'site':
                    self._children.setdefault(site['webspace_id'], []).append(site)
        return self._children.get(webspace_id, [])

    def service(self, service_id):
        """The service with ``service_id``, or None."""
        if self._services is None:
            self._services = {service['id']: service for service in self['services']}
        return self._services.get(service_id)

    def webmail_service(self, name):
        """The registered webmail service called ``name`` (without case), or None."""
        return self._webmail_index().get(name.lower())

    def webmail_indexed(self, service, present):
        """Enter ``service`` into the index of webmail services (``present``), or take it out."""
        if present:
            self._webmail_index().setdefault(service['name'].lower(), service)
        else:
            self._webmail_index().pop(service['name'].lower(), None)

    def _webmail_index(self):
        if self._webmail is None:
            self._webmail = {}
            for service in self['webmail']:
                self._webmail.setdefault(service['name'].lower(), service)
        return self._webmail

    def mailbox(self, site, name):
        """The mail account of ``site`` called ``name`` (without case), or None."""
        found = self._mail_index(site)[0].get(name.lower())
        return found[0] if found else None

    def claimants(self, site, name):
        """The mail accounts of ``site`` whose name or one of whose aliases is ``name`` (without case)."""
        return self._mail_index(site)[1].get(name.lower(), [])

    def new_mailbox_id(self):
        """An id no mail account of any site has."""
        if self._next_mailbox_id is None:
            self._next_mailbox_id = 1 + max([box['id'] for site in self['sites'] for box in site['mailboxes']] or [0])
        self._next_mailbox_id += 1
        return self._next_mailbox_id - 1

    def mail_indexed(self, site, box, present):
        """Enter ``box`` into the indexes of ``site`` (``present``), or take it out, if they are built."""
        index = self._mailboxes.get(site['id'])
        if index is not None:
            _index_mail_account(index, box, present)

    def appended(self, items, item):
        """Note that ``item`` was put at the end of ``items``, if where its items are is indexed."""
        positions = self._positions.get(id(items))
        if positions is not None:
            positions.appended(item)

    def removed(self, items, item):
        """The position of ``item`` in ``items``, which from now on does not hold it."""
        positions = self._positions.get(id(items))
        if positions is None:
            positions = self._positions[id(items)] = _Positions(items)
        return positions.removed(item)

    def _mail_index(self, site):
        index = self._mailboxes.get(site['id'])
        if index is None:
            index = self._mailboxes[site['id']] = ({}, {})
            for box in site['mailboxes']:
                _index_mail_account(index, box, True)
        return index

    # -- the journal ---------------------------------------------------------------------------

    def begin(self):
        self.journal = []

    def commit(self):
        self.journal = None

    def rollback(self):
        """Undo every journaled change since :meth:`begin`, newest first."""
        journal, self.journal = self.journal or [], None
        for undo in reversed(journal):
            undo()
        self.forget()


class _Positions:
    """Where each item of a list is, kept right through appends and removals without a scan: an item keeps
    the slot it had when it came, and its position is that slot less the slots before it that were emptied."""

    def __init__(self, items):
        # Held, so that no other list can take the id this index is filed under while it is in use.
        self.items = items
        self.slots = {id(item): slot for slot, item in enumerate(items)}
        self.emptied = []  # in order; every slot handed out later is higher than those already there
        self.next_slot = len(items)

    def appended(self, item):
        self.slots[id(item)] = self.next_slot
        self.next_slot += 1

    def removed(self, item):
        slot = self.slots.pop(id(item))
        position = slot - bisect.bisect_left(self.emptied, slot)
        bisect.insort(self.emptied, slot)
        # A list changed behind the journal's back would make every later position wrong: fail loudly.
        assert self.items[position] is item, 'the positions of a list of the Plesk state are out of date'
        return position


def _index_mail_account(index, box, present):
    names, claims = index
    name = box['name'].lower()
    for table, keys in ((names, [name]), (claims, [name] + [alias.lower() for alias in box.get('aliases') or ()])):
        for key in keys:
            if present:
                table.setdefault(key, []).append(box)
                continue
            bucket = table.get(key, [])
            for position, other in enumerate(bucket):
                if other is box:
                    del bucket[position]
                    break
            if not bucket:
                table.pop(key, None)


def _record(plesk, undo):
    journal = getattr(plesk, 'journal', None)
    if journal is not None:
        journal.append(undo)


def assign(plesk, target, key, value):
    """``target[key] = value``, journaled."""
    assign_all(plesk, target, {key: value})


def assign_all(plesk, target, values):
    """``target.update(values)``, journaled as one record of what those keys held."""
    old = {key: target.get(key, _MISSING) for key in values}

    def undo():
        for key, value in old.items():
            if value is _MISSING:
                target.pop(key, None)
            else:
                target[key] = value
    _record(plesk, undo)
    target.update(values)


def append(plesk, items, item):
    """``items.append(item)``, journaled."""
    # Undone newest first, after every later change to ``items``: the item is then the last one.
    _record(plesk, items.pop)
    if isinstance(plesk, PleskState):
        plesk.appended(items, item)
    items.append(item)


def remove(plesk, items, item):
    """Take ``item`` itself (not an equal one) out of ``items``, journaled (it comes back at its place)."""
    if isinstance(plesk, PleskState):
        index = plesk.removed(items, item)
    else:
        index = next(position for position, other in enumerate(items) if other is item)
    _record(plesk, lambda: items.insert(index, item))
    # What is left is the list's own shift of the items after it, one memmove: microseconds at 10,000.
    del items[index]


def find_site(plesk, site_id):
    """The site or webspace with ``site_id``, or None."""
    if isinstance(plesk, PleskState):
        return plesk.site(site_id)
    return next((site for site in plesk['sites'] if site['id'] == site_id), None)


def find_service(plesk, service_id):
    """The service with ``service_id``, or None."""
    if isinstance(plesk, PleskState):
        return plesk.service(service_id)
    return next((service for service in plesk['services'] if service['id'] == service_id), None)


def find_webmail(plesk, name):
    """The registered webmail service called ``name`` (compared without case), or None."""
    if isinstance(plesk, PleskState):
        return plesk.webmail_service(name)
    return next((service for service in plesk['webmail'] if service['name'].lower() == name.lower()), None)


def add_webmail(plesk, service):
    """Register the webmail ``service`` last, journaled, keeping the index right."""
    append(plesk, plesk['webmail'], service)
    if isinstance(plesk, PleskState):
        plesk.webmail_indexed(service, True)


def remove_webmail(plesk, service):
    """Unregister the webmail ``service``, journaled, keeping the index right."""
    if isinstance(plesk, PleskState):
        plesk.webmail_indexed(service, False)
    remove(plesk, plesk['webmail'], service)


def find_mailbox(plesk, site, name):
    """The mailbox of ``site`` called ``name`` (compared without case, as Plesk does), or None."""
    if isinstance(plesk, PleskState):
        return plesk.mailbox(site, name)
    return next((box for box in site['mailboxes'] if box['name'].lower() == name.lower()), None)


def rename_mailbox(plesk, site, box, new_name):
    """Rename ``box``, journaled, keeping the site's mail indexes right."""
    update_mailbox(plesk, site, box, {'name': new_name})


def add_mailbox(plesk, site, box):
    """Append the mail account ``box`` to ``site``, journaled, keeping its mail indexes right."""
    append(plesk, site['mailboxes'], box)
    if isinstance(plesk, PleskState):
        plesk.mail_indexed(site, box, True)


def remove_mailbox(plesk, site, box):
    """Take the mail account ``box`` out of ``site``, journaled, keeping its mail indexes right."""
    if isinstance(plesk, PleskState):
        plesk.mail_indexed(site, box, False)
    remove(plesk, site['mailboxes'], box)


def update_mailbox(plesk, site, box, changes):
    """Set the ``changes`` (a mapping) in the mail account ``box``, journaled, keeping the indexes right."""
    # One record of the keys whose value changes, not one per key given: an update passes the whole
    # changed account, and 10,000 of them journaled key by key kept the cyclic garbage collector busy.
    changed = {key: value for key, value in changes.items() if box.get(key, _MISSING) != value}
    indexed = isinstance(plesk, PleskState)
    if indexed:
        plesk.mail_indexed(site, box, False)
    assign_all(plesk, box, changed)
    if indexed:
        plesk.mail_indexed(site, box, True)


def new_mailbox_id(plesk):
    """An id for a new mail account that no other has."""
    if isinstance(plesk, PleskState):
        return plesk.new_mailbox_id()
    return 1 + max([box['id'] for site in plesk['sites'] for box in site['mailboxes']] or [0])
