# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelHttpError,
    PanelProtocolError,
    PanelRequestTooLarge,
    PanelTransportError,
    PleskApiError,
    PleskAuthError,
    PleskOperationError,
)
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import Packet, PleskClient, add_element
from ansible_collections.hosting.panels.plugins.module_utils._plesk_split import split
from ansible_collections.hosting.panels.tests.unit.harness import answers
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, canonical_xml, plesk

SECRET = 'S3cr3t-Pa55'


def client(**auth):
    auth = auth or {'login': 'admin', 'password': SECRET}
    return PleskClient(HttpClient('https://plesk.example.com:8443', panel='plesk'), **auth)


def services_packet(plesk_client):
    packet = plesk_client.packet()
    add_element(packet.add('server', 'get'), 'services_state')
    return packet


def test_operations_of_one_operator_share_its_element_and_operators_follow_in_order():
    packet = Packet()
    add_element(packet.add('server', 'get'), 'services_state')
    add_element(packet.add('server', 'srv_man'), 'id', 'web')
    add_element(packet.add('mail', 'enable'), 'site-id', 1)
    add_element(packet.add('server', 'srv_man'), 'id', 'dns')
    assert canonical_xml(packet.to_bytes()) == canonical_xml(
        '<packet><server><get><services_state/></get><srv_man><id>web</id></srv_man></server>'
        '<mail><enable><site-id>1</site-id></enable></mail><server><srv_man><id>dns</id></srv_man></server></packet>')
    assert packet.operations == [('server', 'get'), ('server', 'srv_man'), ('mail', 'enable'), ('server', 'srv_man')]
    assert len(packet) == 4


def test_webmail_gets_one_operator_element_per_operation_as_its_schema_requires():
    packet = Packet()
    packet.add('webmail', 'get-supported')
    packet.add('webmail', 'get-available')
    assert canonical_xml(packet.to_bytes()) == canonical_xml(
        '<packet><webmail><get-supported/></webmail><webmail><get-available/></webmail></packet>')


def test_version_is_sent_only_when_pinned():
    assert Packet().root.get('version') is None
    assert Packet('1.6.7.0').root.get('version') == '1.6.7.0'


def test_text_is_escaped_by_the_xml_builder_not_by_string_formatting():
    packet = Packet()
    add_element(packet.add('mail', 'rename'), 'name', '</name><injected/>&')
    assert b'<injected/>' not in packet.to_bytes()
    assert packet.root.find('mail/rename/name').text == '</name><injected/>&'


def test_password_authentication_headers(wire):
    wire.expect(plesk(answers.services_state(web='running'), packet=answers.SERVICES_STATE_REQUEST))
    plesk_client = client()
    plesk_client.send(services_packet(plesk_client), read_only=True)
    headers = wire.sent[0].headers
    assert headers['HTTP_AUTH_LOGIN'] == 'admin' and headers['HTTP_AUTH_PASSWD'] == SECRET
    assert headers['Content-Type'] == 'text/xml' and 'KEY' not in headers
    assert wire.sent[0].method == 'POST' and wire.sent[0].url == 'https://plesk.example.com:8443/enterprise/control/agent.php'


def test_secret_key_authentication_sends_only_the_key(wire):
    wire.expect(plesk(answers.services_state(web='running')))
    plesk_client = client(secret_key='key-123')
    plesk_client.send(services_packet(plesk_client), read_only=True)
    headers = wire.sent[0].headers
    assert headers['KEY'] == 'key-123'
    assert 'HTTP_AUTH_LOGIN' not in headers and 'HTTP_AUTH_PASSWD' not in headers


def test_results_come_back_per_operation_in_request_order_errors_included(wire):
    wire.expect(plesk(answers.srv_man('web', (1013, "Service 'mysql' does not exist"))))
    plesk_client = client()
    packet = plesk_client.packet()
    for service in ('web', 'mysql'):
        element = packet.add('server', 'srv_man')
        add_element(element, 'id', service)
        add_element(element, 'operation', 'stop')
    first, second = plesk_client.send(packet, read_only=False)
    assert (first.operator, first.operation, first.result().ok, first.result().text('id')) == ('server', 'srv_man', True, 'web')
    failed = second.result()
    assert (failed.ok, failed.errcode, failed.errtext) == (False, 1013, "Service 'mysql' does not exist")
    with pytest.raises(PleskOperationError) as caught:
        second.ok_result('mysql')
    assert caught.value.code == 1013 and 'mysql' in caught.value.message


@pytest.mark.parametrize('code', ['\u00b2', '9' * 5000, 'x'], ids=['superscript', 'thousands-of-digits', 'letter'])
def test_an_errcode_that_is_not_plain_digits_is_kept_as_the_panel_wrote_it(wire, code):
    failed = '<result><status>error</status><errcode>%s</errcode><errtext>Failed</errtext></result>' % code
    wire.expect(plesk(answers.answer(('server', 'srv_man', failed))))
    plesk_client = client()
    packet = plesk_client.packet()
    element = packet.add('server', 'srv_man')
    add_element(element, 'id', 'web')
    add_element(element, 'operation', 'stop')
    answer, = plesk_client.send(packet, read_only=False)
    with pytest.raises(PleskOperationError) as caught:
        answer.ok_result('web')
    assert caught.value.code == code and 'Failed' in caught.value.message


@pytest.mark.parametrize('code, text, kind, hint', [
    (1001, 'Authentication failed - wrong password.', PleskAuthError, 'login and password'),
    (11003, 'Secret key validation failed', PleskAuthError, 'bound to the IP address'),
    (1029, 'Authentication method is not specified', PleskAuthError, 'underscores'),
    (1006, 'Permission denied', PleskAuthError, 'remote_access_interface'),
    (1005, 'XML API protocol version not supported.', PleskApiError, 'api_version'),
    (1014, "Parser error: Request is invalid. Error in line 1: Element 'x'", PleskApiError, 'structure'),
    (1004, 'Plesk is not configured', PleskApiError, None),
])
def test_system_errors_raise_typed_errors_with_the_panels_code_and_text(wire, code, text, kind, hint):
    wire.expect(plesk(answers.system_error(code, text)))
    plesk_client = client()
    with pytest.raises(PleskApiError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    error = caught.value
    assert isinstance(error, kind) and error.code == code and error.text == text
    assert isinstance(error, PleskAuthError) == (kind is PleskAuthError)
    assert str(code) in error.message and text in error.message
    if hint:
        assert hint in error.message
    assert SECRET not in error.message and SECRET not in repr(error.to_dict())


PHP_OUTPUT = '<output>PHP Warning:  printed beside the answer</output></packet>'


def test_what_php_printed_after_the_answer_is_read_past(wire):
    # The schema puts an <output> after the operators, or after a <system> error: a valid answer.
    services = answers.packet('<server><get>%s</get></server>' % answers.ok_result(
        '<services_state><srv><id>web</id><title>Web</title><state>running</state></srv></services_state>'))
    wire.expect(plesk(services.replace('</packet>', PHP_OUTPUT)),
                plesk(answers.system_error(1006, 'Permission denied').replace('</packet>', PHP_OUTPUT)))
    plesk_client = client()
    answer, = plesk_client.send(services_packet(plesk_client), read_only=True)
    assert answer.result().text('services_state/srv/state') == 'running'
    with pytest.raises(PleskAuthError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    assert caught.value.code == 1006


def test_an_answer_that_does_not_match_the_request_is_a_protocol_error(wire):
    wire.expect(plesk(answers.packet('<mail><enable>%s</enable></mail>' % answers.ok_result())))
    plesk_client = client()
    with pytest.raises(PanelProtocolError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    assert 'mail/enable' in caught.value.message and 'server/get' in caught.value.message


@pytest.mark.parametrize('body, fragment', [
    ('<html><body>Plesk login</body></html>', '<html>'),
    # A maintenance page is named for what it is, before its document type.
    ('<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>', '<html>, expected <packet>'),
    ('not xml at all', 'not XML'),
])
def test_answers_that_are_not_plesk_packets_are_protocol_errors(wire, body, fragment):
    wire.expect(plesk(body))
    plesk_client = client()
    with pytest.raises(PanelProtocolError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    assert fragment in caught.value.message


def test_an_http_error_status_is_reported_with_the_url(wire):
    wire.expect(Exchange(status=404, body=b'Not Found'))
    plesk_client = client()
    with pytest.raises(PanelHttpError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    assert caught.value.status == 404 and 'agent.php' in caught.value.message


SERVICES_ANSWER_WITH = ('<?xml version="1.0"?>%s<packet><server><get><result><status>ok</status><services_state><srv>'
                        '<id>web</id><title>%s</title><state>running</state></srv></services_state></result></get></server>'
                        '</packet>')


@pytest.mark.parametrize('entity', ['<!ENTITY leak SYSTEM "file://{secret}">', '<!ENTITY leak "Web Server">'])
def test_an_answer_declaring_a_document_type_is_refused_unread(wire, tmp_path, entity):
    # Unresolved, the entity would leave the title cut short at it: "Apache " for "Apache &leak;".
    secret_file = tmp_path / 'secret.txt'
    secret_file.write_text('TOP-SECRET-CONTENT')
    doctype = '<!DOCTYPE packet [%s]>' % entity.format(secret=secret_file)
    wire.expect(plesk(SERVICES_ANSWER_WITH % (doctype, 'Apache &leak;')))
    plesk_client = client()
    with pytest.raises(PanelProtocolError) as caught:
        plesk_client.send(services_packet(plesk_client), read_only=True)
    assert 'document type declaration' in caught.value.message
    assert 'TOP-SECRET-CONTENT' not in repr(caught.value.to_dict())


def test_the_same_answer_without_a_document_type_is_read(wire):
    wire.expect(plesk(SERVICES_ANSWER_WITH % ('', 'Apache Web Server')))
    plesk_client = client()
    answer, = plesk_client.send(services_packet(plesk_client), read_only=True)
    assert answer.result().element.findtext('services_state/srv/title') == 'Apache Web Server'


def test_an_empty_packet_sends_nothing(wire):
    assert client().send(Packet(), read_only=True) == []
    assert wire.sent == []


# -- packets over max_packet_size ----------------------------------------------------------------

def switches(count, version=None):
    packet = Packet(version)
    for site_id in range(1, count + 1):
        add_element(packet.add('mail', 'enable'), 'site-id', site_id)
    return packet


def test_split_packets_keep_the_order_and_each_fits_exactly_within_the_limit():
    whole = switches(40, version='1.6.9.1').to_bytes()
    limit = 300
    parts = split(switches(40, version='1.6.9.1'), limit)
    sizes = [len(part.to_bytes()) for part in parts]
    assert len(parts) > 1 and max(sizes) <= limit
    # Each part is as full as it can be: the first operation of the next part would not have fitted.
    assert all(size + len(b'<enable><site-id>99</site-id></enable>') > limit for size in sizes[:-1])
    ids = [element.findtext('site-id') for part in parts for element in part.root.iter('enable')]
    assert ids == [str(site_id) for site_id in range(1, 41)]
    assert all(part.root.get('version') == '1.6.9.1' for part in parts)
    assert sum(len(part) for part in parts) == 40 and len(whole) > limit


def test_a_split_starts_each_part_with_its_own_operator_element():
    packet = Packet()
    add_element(packet.add('server', 'get'), 'services_state')
    for site_id in range(1, 4):
        add_element(packet.add('mail', 'disable'), 'site-id', site_id)
    first, second = split(packet, len(Packet().to_bytes()) + 120)
    assert canonical_xml(first.to_bytes()) == canonical_xml(
        '<packet><server><get><services_state/></get></server><mail><disable><site-id>1</site-id></disable></mail></packet>')
    assert canonical_xml(second.to_bytes()) == canonical_xml(
        '<packet><mail><disable><site-id>2</site-id></disable><disable><site-id>3</site-id></disable></mail></packet>')


def test_reads_over_the_limit_go_in_several_packets_and_answer_as_one(wire):
    plesk_client = client()
    plesk_client.max_packet_size = 1100
    packet = plesk_client.packet()
    for site_id in range(1, 31):
        add_element(add_element(packet.add('mail', 'get_prefs'), 'filter'), 'site-id', site_id)
    # 17 get_prefs fill 1,100 bytes: the packet goes out as two.
    for ids in (range(1, 18), range(18, 31)):
        # One site per operation, as built above: each answer and request a list of its own.
        wire.expect(plesk(answers.answer([[answers.prefs(site_id, site_id % 2 == 0)] for site_id in ids]),
                          packet=answers.request([[answers.prefs_request(site_id)] for site_id in ids])))
    results = plesk_client.send(packet, read_only=True)
    assert [result.result().text('site-id') for result in results] == [str(site_id) for site_id in range(1, 31)]
    assert all(len(sent.body) <= 1100 for sent in wire.sent) and len(wire.sent) == 2


def test_a_write_failing_after_its_first_packets_says_which_were_applied(wire):
    plesk_client = client()
    plesk_client.max_packet_size = 1024
    packet = switches(60)
    # 25 switches fill 1,024 bytes: three packets, 25, 25 and 10.
    wire.expect(plesk(answers.answer([answers.done('mail', 'enable')] * 25)),
                Exchange(raises=ConnectionRefusedError(111, 'Connection refused')))
    with pytest.raises(PanelTransportError) as caught:
        plesk_client.send(packet, read_only=False)
    error = caught.value
    assert error.may_have_applied and len(wire.sent) == 2
    assert 'split into 3 packets' in error.message and 'the first 1, with 25 operations, were applied' in error.message


def test_an_operation_larger_than_the_limit_fails_before_anything_is_sent(wire):
    plesk_client = client()
    plesk_client.max_packet_size = 1024
    packet = plesk_client.packet()
    add_element(packet.add('mail', 'enable'), 'site-id', 1)
    add_element(packet.add('mail', 'rename'), 'name', 'x' * 2000)
    with pytest.raises(PanelRequestTooLarge) as caught:
        plesk_client.send(packet, read_only=False)
    assert 'max_packet_size (1024 bytes)' in caught.value.message and 'PLESK_MAX_PACKET_SIZE' in caught.value.message
    assert not wire.sent


def test_a_413_says_how_large_the_refused_packet_was_and_that_nothing_ran(wire):
    wire.expect(Exchange(status=413, body=b'<html><head><title>413 Request Entity Too Large</title></head></html>'))
    packet = switches(3)
    with pytest.raises(PanelHttpError) as caught:
        client().send(packet, read_only=False)
    error = caught.value
    assert error.status == 413 and not error.may_have_applied
    assert '%d bytes' % len(wire.sent[0].body) in error.message and 'max_packet_size' in error.message
