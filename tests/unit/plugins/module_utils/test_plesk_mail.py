# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.panels.plugins.module_utils._plesk_mail import (
    UNLIMITED,
    apply_operation,
    mailname_settings,
    parse_quota,
    plan_operations,
)

MIB = 1024 ** 2


@pytest.mark.parametrize('text, size', [
    ('512M', 512 * MIB), ('512m', 512 * MIB), ('512MB', 512 * MIB), ('512 MiB', 512 * MIB), ('1G', 1024 * MIB),
    ('1.5G', 1536 * MIB), ('100K', 102400), ('2T', 2 * 1024 ** 4), ('1048576B', MIB), ('unlimited', UNLIMITED),
    (' Unlimited ', UNLIMITED), ('8388607T', 8388607 * 1024 ** 4), ('9223372036854775807B', 2 ** 63 - 1),
    # Exact near the bound and for large values (a float would round these), leading zeros ignored.
    ('9223372036854775806.9B', 2 ** 63 - 2), ('9223372036854775807.0B', 2 ** 63 - 1),
    ('9007199254740993.5B', 9007199254740993), ('0000000000000000000001T', 1024 ** 4), ('0.1K', 102),
    ('1.' + '9' * 5000 + 'B', 1),
])
def test_quotas_with_a_unit_are_bytes(text, size):
    assert parse_quota(text) == size


@pytest.mark.parametrize('text, words', [
    ('512', 'must be a size with a unit'), ('', 'must be a size with a unit'), ('-1G', 'must be a size with a unit'),
    ('1X', 'must be a size with a unit'), ('0G', 'must be more than 0 bytes'), ('G', 'must be a size with a unit'),
    ('8589934592G', 'must be less than 8 EiB'), ('8388608T', 'must be less than 8 EiB (at most 9223372036854775807'),
    ('9223372036854775808B', 'must be less than 8 EiB'), ('9' * 400 + '.5G', 'must be less than 8 EiB'),
    ('9' * 5000 + 'B', 'must be less than 8 EiB'),
])
def test_quotas_without_a_unit_or_size_are_refused(text, words):
    with pytest.raises(ValueError) as caught:
        parse_quota(text)
    assert words in str(caught.value)


def settings(**overrides):
    base = {'name': 'info', 'mailbox': True, 'quota': UNLIMITED, 'usage': None,
            'forwarding': {'enabled': False, 'addresses': []}, 'aliases': [], 'description': ''}
    base.update(overrides)
    return base


def wanted(**overrides):
    base = {'state': 'present', 'mailbox': None, 'quota': None, 'password': None, 'update_password': 'on_create',
            'forwarding': None, 'aliases': None, 'append_aliases': False, 'description': None}
    base.update(overrides)
    return base


def forwarding(enabled=None, addresses=None, append=False):
    return {'enabled': enabled, 'addresses': addresses, 'append': append}


def kinds(operations):
    return [operation['kind'] for operation in operations]


def test_a_mailname_without_datasets_says_nothing_of_its_mailbox():
    element = etree.fromstring('<mailname><id>1</id><name>info</name></mailname>')
    assert mailname_settings(element) == settings(mailbox=None, quota=None)


def test_a_mailbox_without_enabled_is_enabled_as_the_schema_default_says():
    element = etree.fromstring('<mailname><name>info</name><mailbox><quota>5</quota></mailbox>'
                               '<forwarding><enabled>1</enabled><address> a@b.c </address></forwarding></mailname>')
    assert mailname_settings(element) == settings(quota=5, forwarding={'enabled': True, 'addresses': ['a@b.c']})


@pytest.mark.parametrize('quota, expected', [('-1', -1), (' 1024 ', 1024), ('9223372036854775807', 2 ** 63 - 1),
                                             ('9' * 5000, None), ('\u00b2', None),
                                             ('--1', None), ('1e3', None)])
def test_a_quota_is_read_only_from_plain_digits(quota, expected):
    element = etree.fromstring('<mailname><name>info</name><mailbox><quota>%s</quota></mailbox></mailname>' % quota)
    assert mailname_settings(element)['quota'] == expected


def test_nothing_to_do_when_everything_matches():
    assert plan_operations(11, 'info', settings(), wanted(mailbox=True, quota=UNLIMITED, description='')) == []


def test_absent_removes_an_existing_name_as_plesk_spells_it_and_nothing_else():
    assert plan_operations(11, 'INFO', settings(name='Info'), wanted(state='absent')) == [
        {'kind': 'delete', 'site_id': 11, 'name': 'Info'}]
    assert plan_operations(11, 'info', None, wanted(state='absent')) == []


def test_a_new_name_is_created_with_a_mailbox_unless_told_otherwise():
    operation, = plan_operations(11, 'info', None, wanted(forwarding=forwarding(True, ['a@b.c', 'A@B.C'])))
    assert operation == {'kind': 'create', 'site_id': 11, 'name': 'info', 'mailbox': True,
                         'forwarding_enabled': True, 'addresses': ['a@b.c']}


def test_a_new_name_gets_its_password_whatever_update_password_says():
    operation, = plan_operations(11, 'info', None, wanted(password='x', update_password='on_create'))
    assert operation['password'] == 'x'


def test_forwarding_that_is_switched_on_carries_every_address_it_keeps():
    before = settings(forwarding={'enabled': False, 'addresses': ['a@b.c', 'd@e.f']})
    operations = plan_operations(11, 'info', before, wanted(forwarding=forwarding(True, ['d@e.f', 'g@h.i'])))
    assert kinds(operations) == ['set', 'remove-addresses']
    assert operations[0]['addresses'] == ['d@e.f', 'g@h.i'] and operations[1]['addresses'] == ['a@b.c']
    after = apply_operation(apply_operation(before, operations[0]), operations[1])
    assert after['forwarding'] == {'enabled': True, 'addresses': ['d@e.f', 'g@h.i']}


def test_forwarding_left_unmentioned_parts_stay():
    before = settings(forwarding={'enabled': True, 'addresses': ['a@b.c']})
    assert plan_operations(11, 'info', before, wanted(forwarding=forwarding())) == []


def test_the_order_frees_names_first_and_removes_addresses_last():
    before = settings(forwarding={'enabled': True, 'addresses': ['a@b.c']}, aliases=['x'])
    operations = plan_operations(11, 'info', before, wanted(
        quota=5, aliases=['y'], forwarding=forwarding(True, ['d@e.f'])))
    assert kinds(operations) == ['remove-aliases', 'add', 'add', 'set', 'remove-addresses']
    # New addresses and new aliases apart: a refused alias must not keep the addresses out.
    assert [sorted(set(operation) & {'addresses', 'aliases'}) for operation in operations if operation['kind'] == 'add'] \
        == [['addresses'], ['aliases']]


def test_create_reports_an_unknown_quota_when_none_was_given():
    after = apply_operation(None, {'kind': 'create', 'site_id': 1, 'name': 'x', 'mailbox': False})
    assert after['quota'] is None and after['mailbox'] is False
