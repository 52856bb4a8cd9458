# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Text no request can carry (U+FFFE, U+FFFF, an unpaired surrogate) is refused before any request, naming the
option, in every module: lxml refuses to build XML holding it, and UTF-8 cannot encode a surrogate.

An unpaired surrogate in a top-level text option that is not secret ends in a traceback inside
ansible-core's AnsibleModule before any module code runs, as it does for ansible.builtin modules.
"""

from __future__ import annotations

import importlib
import json

import pytest

from ansible_collections.hosting.panels.tests.unit.harness.modules import assert_no_secret, run_module

PASSWORD = 'Pa55-word'
PLESK = {'host': 'plesk.example.com', 'password': PASSWORD}
BRAINYCP = {'host': 'brainy.example.com', 'username': 'root', 'password': PASSWORD}
SECRET = 'ab\ud800cd'

CASES = [
    ('plesk_mail_service', dict(PLESK, site=['exa\ufffemple.org'], state='disabled'), "site[0]", True),
    ('plesk_mail_info', dict(PLESK, site=['exa\uffffmple.org']), 'site[0]', True),
    ('plesk_mailbox_info', dict(PLESK, site=['exa\ufffemple.org']), 'site[0]', True),
    ('plesk_mailbox_rename', dict(PLESK, site_id=11, name='ad\ufffemin', new_name='boss'), 'name', True),
    ('plesk_mailbox', dict(PLESK, mailboxes=[{'address': 'info@example.org',
                                              'forwarding': {'addresses': ['a\ufffe@example.net']}}]),
     'mailboxes[0].forwarding.addresses[0]', True),
    ('plesk_mailbox', dict(PLESK, mailboxes=[{'address': 'info@example.org', 'password': SECRET}]),
     'mailboxes[0].password', False),
    ('plesk_webmail', dict(PLESK, name='Hor\ufffede', url='https://horde.example.com'), 'name', True),
    ('plesk_service', dict(PLESK, name=['web'], state='stopped', login='ad\uffffmin'), 'login', True),
    ('brainycp_mail_queue', dict(BRAINYCP, id=['1YlG2A-000Hzk-E\ud800']), 'id[0]', True),
    ('brainycp_mail_filter', dict(BRAINYCP, name=['clamav'], password=SECRET), 'password', False),
]


WHAT = {'plesk': 'U+FFFE, U+FFFF or an unpaired surrogate, which the XML API cannot carry',
        'brainycp': 'an unpaired surrogate, which UTF-8 cannot encode'}


@pytest.mark.parametrize('module_name, args, path, shown', CASES,
                         ids=['%s-%s' % (case[0], case[2]) for case in CASES])
def test_text_no_request_can_carry_is_refused_before_any_request(wire, module_name, args, path, shown):
    module = importlib.import_module('ansible_collections.hosting.panels.plugins.modules.' + module_name)
    result = run_module(module, args)
    assert result.failed and not wire.sent
    assert result['msg'].startswith('%s must not contain %s, got ' % (path, WHAT[module_name.split('_')[0]]))
    assert ('got a value that is not shown' in result['msg']) is not shown
    # The printed result escapes the surrogate as JSON does.
    assert json.dumps(SECRET)[1:-1] not in result.text
    assert_no_secret(result, PASSWORD)


def test_an_option_given_by_its_alias_is_named_once():
    result = run_module(importlib.import_module('ansible_collections.hosting.panels.plugins.modules.plesk_mail_info'),
                        dict(PLESK, domain=['exa\ufffemple.org']))
    assert result.failed and result['msg'].count('must not contain') == 1


def test_brainycp_takes_what_a_form_can_carry():
    # U+FFFE is UTF-8 like any other character; only XML refuses it.
    wire_free = run_module(importlib.import_module('ansible_collections.hosting.panels.plugins.modules.brainycp_mail_queue'),
                           dict(BRAINYCP, id=['not\ufffean-id']))
    assert wire_free.failed and 'must not contain' not in wire_free['msg'] and 'id' in wire_free['msg']
