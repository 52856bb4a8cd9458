# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``domain`` names a site wherever ``site`` does: at the top level and in each item of a list."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.modules import plesk_mail_service, plesk_mailbox, plesk_mailbox_rename
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}


@pytest.mark.parametrize('module, args, listed, expected', [
    (plesk_mail_service, {'sites': [{'domain': 'example.org', 'state': 'disabled'}]}, 'sites', 'example.org'),
    (plesk_mailbox, {'mailboxes': [{'domain': 'example.org', 'name': 'info'}]}, 'mailboxes', 'info@example.org'),
    (plesk_mailbox_rename, {'renames': [{'domain': 'example.org', 'name': 'admin', 'new_name': 'boss'}]}, 'renames',
     'example.org'),
])
def test_domain_names_the_site_of_a_list_item(wire, module, args, listed, expected):
    store = fresh()
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(2)])
    result = run_module(module, dict(CONNECTION, **args), check_mode=True)
    assert not result.failed, result['msg']
    entry = result[listed][0]
    assert expected in (entry.get('name'), entry.get('address'), entry.get('site'))
    assert result['changed'] is True
