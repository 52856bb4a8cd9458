# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Calling the emulator in-process, without sockets."""

from __future__ import annotations

from lxml import etree

from ansible_collections.hosting.panels.tests.emulator.plesk import PleskEmulator
from ansible_collections.hosting.panels.tests.emulator.state import Store

ADMIN = {'http_auth_login': 'admin', 'http_auth_passwd': 'changeme'}


def plesk_call(store, body, headers=None, client_ip='127.0.0.1', schemas=None):
    """Send ``body`` to a Plesk emulator over ``store``; return the parsed answer."""
    if isinstance(body, str):
        body = body.encode('utf-8')
    answer, dummy = PleskEmulator(store, schemas).handle(body, ADMIN if headers is None else headers, client_ip)
    return etree.fromstring(answer)


def answers_of(store):
    """Answers from a Plesk emulator over ``store`` in place of the panel, for the fake wire's ``respond``."""
    return lambda sent: PleskEmulator(store).handle(sent.body, ADMIN, '127.0.0.1')[0].decode('utf-8')


def system_error(answer):
    system = answer.find('system')
    return None if system is None else (int(system.findtext('errcode')), system.findtext('errtext'))


def results(answer, path):
    return [(result.findtext('status'), result.findtext('errcode'), result.findtext('errtext'))
            for result in answer.iterfind(path + '/result')]


def fresh(seed=None):
    return Store(seed)
