# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.modules import plesk_service_info
from ansible_collections.hosting.panels.tests.unit.harness.answers import SERVICES_STATE_REQUEST, services_state
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'pw'}


def test_all_services_in_the_panels_order(wire):
    wire.expect(plesk(services_state(web='running', dns='stopped', tomcat='none'), packet=SERVICES_STATE_REQUEST))
    result = run_module(plesk_service_info, CONNECTION)
    assert result['changed'] is False
    assert result['services'] == [{'id': 'web', 'title': 'Web Server (Apache)', 'state': 'running'},
                                  {'id': 'dns', 'title': 'DNS Server (BIND)', 'state': 'stopped'},
                                  {'id': 'tomcat', 'title': 'Tomcat', 'state': 'none'}]


def test_named_services_in_the_order_named(wire):
    wire.expect(plesk(services_state(web='running', dns='stopped', smtp='running')))
    result = run_module(plesk_service_info, dict(CONNECTION, name=['smtp', 'web']), check_mode=True)
    assert [service['id'] for service in result['services']] == ['smtp', 'web']


def test_an_unknown_name_fails_listing_the_known_ones(wire):
    wire.expect(plesk(services_state(web='running')))
    result = run_module(plesk_service_info, dict(CONNECTION, name=['mysql']))
    assert result.failed and "Unknown Plesk service 'mysql'" in result['msg'] and 'web' in result['msg']


def test_a_service_error_text_is_returned(wire):
    wire.expect(plesk(services_state(web='running').replace(
        '<state>running</state>', '<state>stopped</state><error>Unable to start: port 80 in use</error>')))
    result = run_module(plesk_service_info, CONNECTION)
    assert result['services'][0]['error'] == 'Unable to start: port 80 in use'


def test_a_transport_failure_names_the_host(wire):
    import requests
    failure = requests.exceptions.ConnectTimeout('timed out')
    wire.expect(Exchange(raises=failure), Exchange(raises=failure))
    result = run_module(plesk_service_info, dict(CONNECTION, timeout=5, retries=1))
    assert result.failed and 'plesk.example.com:8443' in result['msg'] and 'timed out after 5 seconds' in result['msg']
    assert result['error']['type'] == 'PanelTransportError'
