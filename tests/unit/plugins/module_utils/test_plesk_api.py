# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelNotFoundError,
    PanelProtocolError,
    PleskOperationError,
)
from ansible_collections.hosting.panels.plugins.module_utils._http import HttpClient
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import FILTER_CHUNK, read_sites, switch_mail_service
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import PleskClient
from ansible_collections.hosting.panels.plugins.module_utils._plesk_server import change_webmail, read_webmail
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    done,
    lookup,
    LISTING_REQUEST,
    listing,
    lookup_request,
    mailboxes_request,
    named_mailboxes,
    ok_result,
    prefs,
    prefs_error,
    prefs_request,
    request,
    webmail_done,
    webmail_request,
)
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.answers import error_result
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

# The seed page's packet that enables mail on one site and disables it on another.
SEED_ENABLE_AND_DISABLE = ('<packet><mail><enable><site-id>1</site-id></enable><disable><site-id>2</site-id></disable>'
                           '</mail></packet>')


def client():
    return PleskClient(HttpClient('https://plesk.example.com:8443', panel='plesk'), login='admin', password='secret')


def test_a_main_domain_that_site_get_finds_too_is_reported_as_the_webspace_it_is(wire):
    # Obsidian's site get finds a subscription's main domain by name, with the webspace's id.
    found = ok_result('<filter-id>a.test</filter-id><id>7</id><data><gen_info><name>a.test</name></gen_info></data>')
    wire.expect(plesk(answer(('site', 'get', found), ('webspace', 'get', found))))
    sites, by_reference = read_sites(client(), names=['a.test'])
    assert sites == [{'id': 7, 'name': 'a.test', 'kind': 'webspace'}]
    assert by_reference['a.test'] is sites[0]


def test_a_site_that_only_site_get_finds_is_a_site(wire):
    wire.expect(plesk(answer(lookup('a.test', 7))))
    sites, dummy = read_sites(client(), names=['a.test'])
    assert sites == [{'id': 7, 'name': 'a.test', 'kind': 'site'}]


@pytest.mark.parametrize('empty', ['', ok_result(), ok_result('<id>0</id>')], ids=['nothing', 'no-id', 'id-0'])
def test_a_listing_skips_ok_results_that_name_no_object(wire, empty):
    # Obsidian answers a get with nothing to list with one ok result without an id (research note P1).
    sites, webspaces = listing(webspaces=[(1, 'example.com')])
    wire.expect(plesk(answer(('site', 'get', empty), webspaces), packet=request(LISTING_REQUEST)))
    found, dummy = read_sites(client(), every=True)
    assert found == [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]


def test_several_results_without_an_id_are_an_answer_that_lost_its_payload(wire):
    wire.expect(plesk(answer(('site', 'get', ok_result() + ok_result()), ('webspace', 'get', ok_result()))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), every=True)
    assert 'site get with results that name no object' in caught.value.message


def test_a_server_with_nothing_at_all_lists_nothing(wire):
    wire.expect(plesk(answer(('site', 'get', ok_result()), ('webspace', 'get', ok_result()))))
    assert read_sites(client(), every=True) == ([], {})


def test_a_lookup_answered_ok_without_an_id_finds_nothing(wire):
    wire.expect(plesk(answer(('site', 'get', ok_result()), ('webspace', 'get', ok_result()))))
    with pytest.raises(PanelNotFoundError) as caught:
        read_sites(client(), names=['a.test'])
    assert caught.value.missing == ['a.test']


def test_sites_by_id_are_named_before_their_mail_answers_are_read(wire):
    wire.expect(plesk(answer(lookup(1, 1, 'example.com', 'webspace'), prefs(1, False, 'roundcube')),
                      packet=request(lookup_request('id', 1), prefs_request(1))))
    sites, dummy = read_sites(client(), ids=[1, 1], prefs=True)
    # Without settings, DKIM signing, greylisting and mail to unknown names are not read (plesk_mail_service needs
    # none of them).
    assert sites == [{'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': False, 'webmail': 'roundcube'}]


def test_the_ids_of_every_reference_are_given_out_after_the_names_are_found_and_before_the_state_is_read(wire):
    wire.expect(plesk(answer(lookup('Example.org', 11, 'example.org'))),
                plesk(answer(lookup(12, 12, 'example.net'), prefs(11, True), prefs(12, True)),
                      packet=request(lookup_request('id', 12), prefs_request(11), prefs_request(12))))
    given = []
    read_sites(client(), names=['Example.org'], ids=[11, 12], prefs=True,
               on_found=lambda site_ids: given.append((len(wire.sent), site_ids)))
    assert given == [(1, {'Example.org': 11, 11: 11, 12: 12})]


def test_sites_given_only_by_id_are_given_out_before_the_only_packet(wire):
    wire.expect(plesk(answer(lookup(12, 12, 'example.net'), prefs(12, True))))
    given = []
    read_sites(client(), ids=[12], prefs=True, on_found=lambda site_ids: given.append((len(wire.sent), site_ids)))
    assert given == [(0, {12: 12})]


@pytest.mark.parametrize('mailname', ['<mailname><id>1</id></mailname><mailname><name>info</name></mailname>',
                                      '<mailname><id>1</id><name></name></mailname>'], ids=['no name', 'empty name'])
def test_a_mail_name_without_a_name_is_a_protocol_error(wire, mailname):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), ('mail', 'get_info', ok_result(mailname)))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), ids=[11], mailboxes=True)
    assert 'a mail name without a name' in caught.value.message and 'example.org (id 11)' in caught.value.message


def test_a_stored_password_in_an_answer_quoted_by_a_message_is_blanked(wire):
    # The schema lets get_info carry an account's password; the task's masking knows only the task's secrets.
    mailname = ('<mailname><id>1</id><name></name><password><value>Stored-Pa55</value><type>plain</type></password>'
                '</mailname>')
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), ('mail', 'get_info', ok_result(mailname)))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), ids=[11], mailboxes=True)
    assert 'Stored-Pa55' not in caught.value.message and 'plain' not in caught.value.message
    assert '<password>********</password></mailname>' in caught.value.message


@pytest.mark.parametrize('variant', ['omit', 'error', 'error_other_code'])
def test_a_missing_mail_name_reads_as_missing_however_plesk_answers_it(wire, variant):
    store = fresh({'plesk': {'get_info_missing': variant}})
    wire.expect(plesk('', respond=answers_of(store)))
    sites, dummy = read_sites(client(), ids=[11], mailboxes={11: ['admin', 'ghost', 'common']})
    assert sites[0]['mailboxes'] == ['admin', 'common']


@pytest.mark.parametrize('code, text, missing', [
    (1013, 'Mail-Name existiert nicht', True),  # the code says it, in any language
    (1023, 'mail does not exist', True),
    (1023, "Mail name 'ghost' does not exist.", True),
    (1023, 'Operation failed', False),
    (1013, '', True),
    (1015, 'Site does not exist', False),
    (1023, 'Domain mail.example.org does not exist', False),
    (1023, 'Unable to read mail settings: directory /var/qmail/mailnames/example.org/ghost does not exist', False),
    (1023, 'E-mail address does not exist', False),
])
def test_a_mail_name_is_missing_when_the_code_or_the_text_says_so_and_any_other_error_fails(wire, code, text, missing):
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), ('mail', 'get_info', error_result(code, text)))))
    if missing:
        sites, dummy = read_sites(client(), ids=[11], mailboxes={11: ['ghost']})
        assert sites[0]['mailboxes'] == []
    else:
        with pytest.raises(PleskOperationError) as caught:
            read_sites(client(), ids=[11], mailboxes={11: ['ghost']})
        assert caught.value.code == code and 'example.org (id 11)' in caught.value.message


def test_an_error_listing_every_mail_name_of_a_site_fails_whatever_its_text(wire):
    # Only a read that names a mail name can be told it does not exist.
    wire.expect(plesk(answer(lookup(11, 11, 'example.org'), ('mail', 'get_info', error_result(1023, 'mail does not exist')))))
    with pytest.raises(PleskOperationError) as caught:
        read_sites(client(), ids=[11], mailboxes=True)
    assert caught.value.code == 1023


def test_mailbox_names_of_every_reference_to_one_site_are_read_once_each_without_case(wire):
    wire.expect(plesk(answer(lookup('example.org', 11))),
                plesk(answer(named_mailboxes(['admin', 'root', 'x'], ['admin'])),
                      packet=request(mailboxes_request(11, 'admin', 'root', 'x'))))
    sites, by_reference = read_sites(client(), names=['example.org'], ids=[11],
                                     mailboxes={'example.org': ['admin', 'root'], 11: ['ROOT', 'x', 'root']})
    assert len(sites) == 1 and by_reference[11] is by_reference['example.org'] is sites[0]
    assert sites[0]['mailboxes'] == ['admin']


@pytest.mark.parametrize('text, expected', [('true', True), ('1', True), ('false', False), ('0', False)])
def test_mailservice_is_read_as_an_xml_boolean(wire, text, expected):
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), ('mail', 'get_prefs', ok_result(
        '<site-id>2</site-id><prefs><mailservice>%s</mailservice></prefs>' % text)))))
    sites, dummy = read_sites(client(), ids=[2], prefs=True)
    assert sites[0]['mail_service'] is expected


def test_unknown_ids_are_reported_before_the_errors_of_their_other_reads(wire):
    wire.expect(plesk(answer(lookup(98), lookup(99), prefs_error(1013, 'Domain does not exist'),
                             prefs_error(1013, 'Domain does not exist'))))
    with pytest.raises(PanelNotFoundError) as caught:
        read_sites(client(), ids=[98, 99], prefs=True)
    assert caught.value.missing == [98, 99]


@pytest.mark.parametrize('site_id', ['x', '\u00b2', '9' * 5000], ids=['letter', 'superscript', 'thousands-of-digits'])
def test_a_lookup_answer_without_a_numeric_id_is_a_protocol_error(wire, site_id):
    wire.expect(plesk(answer(('site', 'get', ok_result('<id>%s</id>' % site_id)), ('webspace', 'get', ok_result()))))
    with pytest.raises(PanelProtocolError):
        read_sites(client(), names=['a.test'])


def test_nothing_is_sent_when_nothing_is_asked(wire):
    assert read_sites(client()) == ([], {})
    assert wire.sent == []


def test_the_seed_packet_enabling_one_site_and_disabling_another(wire):
    wire.expect(plesk(answer(done('mail', 'enable'), done('mail', 'disable')), packet=SEED_ENABLE_AND_DISABLE))
    results = switch_mail_service(client(), [(1, True), (2, False)])
    assert [result.ok for result in results] == [True, True]


def test_webmail_writes_each_go_in_their_own_webmail_element(wire):
    wire.expect(plesk(answer(webmail_done('unregister', 'Horde'), webmail_done('register', 'Horde', 'https://h', False)),
                      packet=request(webmail_request('unregister', 'Horde'),
                                     webmail_request('register', 'Horde', 'https://h', 'disabled'))))
    results = change_webmail(client(), [('unregister', {'name': 'Horde'}),
                                        ('register', {'name': 'Horde', 'url': 'https://h', 'enabled': False})])
    assert [result.ok for result in results] == [True, True]


def test_a_failed_webmail_listing_raises_the_panels_error(wire):
    wire.expect(plesk(answer(('webmail', 'get-supported', '<result><status>error</status><errcode>1050</errcode>'
                                                          '<errtext>Webmail not installed</errtext></result>'),
                             ('webmail', 'get-available', ok_result()))))
    with pytest.raises(PleskOperationError) as caught:
        read_webmail(client())
    assert caught.value.code == 1050


@pytest.mark.parametrize('filter_id', ['echoed', 'omitted'])
@pytest.mark.parametrize('field', ['id', 'name'])
def test_many_sites_are_looked_up_in_one_operation_per_kind_with_or_without_filter_id(wire, filter_id, field):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]
    sites += [{'id': 100 + index, 'name': 'site%d.example' % index, 'kind': 'site', 'webspace_id': 1} for index in range(5)]
    wire.expect(plesk('', respond=answers_of(fresh({'plesk': {'sites': sites, 'get_filter_id': filter_id}}))))
    # Asked out of the emulator's order, in another case than stored, and with a subscription's main domain.
    asked = [site['id' if field == 'id' else 'name'] for site in reversed(sites)]
    if field == 'name':
        asked[0] = asked[0].upper()
    found, by_reference = read_sites(client(), **{field + 's': asked})
    assert wire.sent[0].operations == [('site', 'get'), ('webspace', 'get')]
    assert [(site['id'], site['kind']) for site in found] == [(site['id'], site['kind']) for site in reversed(sites)]
    assert by_reference[asked[0]]['name'] == 'site4.example'


# How many read packets each way of answering a get_prefs of several sites costs: those that settle every
# site in one, those that leave the client unsure ask each site again in a second packet.
PREFS_SEVERAL_PACKETS = {'each': 1, 'reversed': 1, 'first_only': 2}


@pytest.mark.parametrize('variant', sorted(PREFS_SEVERAL_PACKETS))
@pytest.mark.parametrize('field', ['id', 'name'])
def test_the_mail_state_of_many_sites_is_read_right_however_get_prefs_answers_several(wire, variant, field):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': False}]
    sites += [{'id': 100 + index, 'name': 'site%d.example' % index, 'kind': 'site', 'webspace_id': 1,
               'mail_service': index % 2 == 0, 'webmail': 'roundcube' if index == 3 else 'horde'} for index in range(5)]
    store = fresh({'plesk': {'sites': sites, 'get_prefs_several': variant}})
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(PREFS_SEVERAL_PACKETS[variant] + (field == 'name'))])
    asked = [site[field] for site in reversed(sites)]
    found, dummy = read_sites(client(), prefs=True, **{field + 's': asked})
    assert [(site['id'], site['mail_service'], site['webmail']) for site in found] == [
        (site['id'], site['mail_service'], site.get('webmail', 'horde')) for site in reversed(sites)]
    reads = wire.sent[1:] if field == 'name' else wire.sent
    assert [sent.body.count(b'<get_prefs>') for sent in reads] == [1, len(sites)][:len(reads)]


@pytest.mark.parametrize('variant, said', [('mailservice', (False, 'horde')), ('omitted', (None, 'horde')), ('none', (None, None))])
def test_a_site_with_mail_off_reads_as_off_only_when_plesk_says_so(wire, variant, said):
    # How a real server describes a site with mail off is not captured (research note P10): where the answer
    # does not say, the state reads as unknown, never as off or on.
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True},
             {'id': 2, 'name': 'example.net', 'kind': 'site', 'webspace_id': 1, 'mail_service': False}]
    store = fresh({'plesk': {'sites': sites, 'prefs_mail_off': variant}})
    wire.expect(plesk('', respond=answers_of(store)))
    found, dummy = read_sites(client(), ids=[1, 2], prefs=True)
    assert [(site['mail_service'], site['webmail']) for site in found] == [(True, 'horde'), said]


@pytest.mark.parametrize('results, settled', [
    ([prefs(3), prefs(2)], True),
    ([prefs(2), prefs_error(1023, 'Operation failed')], False),
    ([prefs(2), prefs_error(1023, 'Operation failed', site_id=3)], False),
    ([prefs(2), prefs(2)], False),
    ([prefs(2), prefs(3, site_id_named=False)], False),
    ([prefs(2)], False),
    ([prefs(2), prefs(3), prefs(3)], False),
], ids=['both, in another order', 'an error', 'an error naming its site', 'one twice', 'one without site-id', 'one missing', 'one more'])
def test_a_get_prefs_of_several_is_taken_only_when_it_answers_each_site_once(wire, results, settled):
    first = plesk(answer(lookup(2, 2, 'b.test'), lookup(3, 3, 'c.test'),
                         ('mail', 'get_prefs', ''.join(item.result for item in results))))
    again = plesk(answer([prefs(2, False)], [prefs(3, False)]),
                  packet=request([prefs_request(2)], [prefs_request(3)]))
    wire.expect(*([first] if settled else [first, again]))
    found, dummy = read_sites(client(), ids=[2, 3], prefs=True)
    assert [site['mail_service'] for site in found] == ([True, True] if settled else [False, False])


def test_an_error_for_a_site_asked_again_alone_is_raised_naming_it(wire):
    wire.expect(plesk(answer(lookup(2, 2, 'b.test'), lookup(3, 3, 'c.test'), prefs(2), prefs_error(1023, 'Operation failed'))),
                plesk(answer([prefs(2)], [prefs_error(1023, 'Operation failed')])))
    with pytest.raises(PleskOperationError) as caught:
        read_sites(client(), ids=[2, 3], prefs=True)
    assert caught.value.code == 1023 and 'c.test (id 3)' in str(caught.value)


@pytest.mark.parametrize('answered, asked', [
    ([prefs(4)], [2]),
    ([prefs(2), prefs(4)], [2, 3]),
    ([prefs_error(1023, 'Operation failed'), prefs(4)], [2, 3]),
    ([prefs(2), ok_result('<site-id>\u00b3</site-id><prefs/>')], [2, 3]),
    ([prefs(2), ok_result('<site-id>%s</site-id><prefs/>' % ('9' * 5000))], [2, 3]),
], ids=['one site', 'several', 'after an error', 'a superscript', 'thousands of digits'])
def test_a_get_prefs_answer_naming_a_site_not_asked_is_a_protocol_error(wire, answered, asked):
    wire.expect(plesk(answer([lookup(site_id, site_id, 'site%d.test' % site_id) for site_id in asked],
                             ('mail', 'get_prefs', ''.join(item if isinstance(item, str) else item.result
                                                           for item in answered)))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), ids=asked, prefs=True)
    assert 'a site-id that was not asked' in caught.value.message and len(wire.sent) == 1


def test_get_prefs_of_more_sites_than_a_chunk_go_in_several_operations_and_only_unsettled_ones_are_asked_again(wire):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]
    sites += [{'id': 100 + index, 'name': 'site%d.example' % index, 'kind': 'site', 'webspace_id': 1,
               'mail_service': index % 3 == 0} for index in range(FILTER_CHUNK + 1)]
    store = fresh({'plesk': {'sites': sites, 'get_prefs_several': 'first_only'}})
    wire.expect(plesk('', respond=answers_of(store)), plesk('', respond=answers_of(store)))
    found, dummy = read_sites(client(), ids=[site['id'] for site in sites[1:]], prefs=True)
    assert [site['mail_service'] for site in found] == [site['mail_service'] for site in sites[1:]]
    first, again = (etree.fromstring(sent.body) for sent in wire.sent)
    # 500 sites, then the one left over (answered alone, so settled); the 500 asked again one by one.
    assert [len(get.findall('filter/site-id')) for get in first.iterfind('mail/get_prefs')] == [FILTER_CHUNK, 1]
    assert [get.findtext('filter/site-id') for get in again.iterfind('mail/get_prefs')] == [
        str(site['id']) for site in sites[1:FILTER_CHUNK + 1]]


def test_results_in_another_order_than_asked_are_matched_by_filter_id(wire):
    wire.expect(plesk(answer(lookup('b.test', 2), lookup('a.test', 1))))
    found, by_reference = read_sites(client(), names=['a.test', 'b.test'])
    assert wire.sent[0].body.count(b'<get>') == 2
    assert [(site['id'], site['name']) for site in found] == [(1, 'a.test'), (2, 'b.test')]


def test_a_refusal_that_names_a_site_nothing_found_is_raised_for_that_site(wire):
    a_test, b_test = lookup('a.test', 1), lookup('b.test')
    refused = error_result(1006, 'Permission denied', '<filter-id>b.test</filter-id>')
    wire.expect(plesk(answer(('site', 'get', a_test.results['site'] + refused),
                             ('webspace', 'get', a_test.results['webspace'] + b_test.results['webspace']))))
    with pytest.raises(PleskOperationError) as caught:
        read_sites(client(), names=['a.test', 'b.test', 'c.test'])
    assert caught.value.code == 1006 and 'b.test' in str(caught.value)


def test_a_refusal_that_names_no_site_is_raised_for_every_site_not_found(wire):
    a_test, b_test = lookup('a.test', 1, echo=False), lookup('b.test', echo=False)
    wire.expect(plesk(answer(('site', 'get', a_test.results['site'] + error_result(1006, 'Permission denied')),
                             ('webspace', 'get', a_test.results['webspace'] + b_test.results['webspace']))))
    with pytest.raises(PleskOperationError) as caught:
        read_sites(client(), names=['a.test', 'b.test'])
    assert caught.value.code == 1006 and 'b.test' in str(caught.value) and 'a.test' not in str(caught.value)


def test_a_result_for_a_site_not_asked_for_is_a_protocol_error(wire):
    wire.expect(plesk(answer(lookup('a.test', 1), lookup('other.test', 2))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), names=['a.test'])
    assert 'a result for none of the names asked' in caught.value.message


def test_lookups_of_thousands_of_sites_come_in_chunks_that_each_fit_max_packet_size(wire):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]
    sites += [{'id': 100 + index, 'name': 'a-rather-long-name-for-a-site-%04d.example' % index, 'kind': 'site',
               'webspace_id': 1} for index in range(FILTER_CHUNK * 2 + 10)]
    emulator = answers_of(fresh({'plesk': {'sites': sites}}))
    wire.expect(*[plesk('', respond=emulator) for dummy in range(2)])
    small = PleskClient(HttpClient('https://plesk.example.com:8443', panel='plesk'), login='admin', password='secret',
                        max_packet_size=65536)
    names = [site['name'] for site in sites[1:]]
    found, dummy = read_sites(small, names=names)
    assert [site['id'] for site in found] == [site['id'] for site in sites[1:]]
    assert all(len(sent.body) <= 65536 for sent in wire.sent)
    chunks = [len(operation.find('filter')) for sent in wire.sent
              for operator in etree.fromstring(sent.body) for operation in operator]
    # Each kind's filters list every name once, in chunks small enough for the cap (not FILTER_CHUNK here).
    assert sum(chunks) == 2 * len(names) and len(chunks) == 10


def test_a_result_that_only_its_filter_id_links_to_a_name_is_that_names_site(wire):
    bare = ok_result('<filter-id>a.test</filter-id><id>5</id>')
    wire.expect(plesk(answer(('site', 'get', bare), ('webspace', 'get', error_result(1013, 'Webspace does not exist')))))
    found, dummy = read_sites(client(), names=['a.test'])
    assert found == [{'id': 5, 'name': 'a.test', 'kind': 'site'}]


@pytest.mark.parametrize('field, asked, inner', [
    ('id', 7, '<filter-id>7</filter-id><id>8</id><data><gen_info><name>b.test</name></gen_info></data>'),
    ('name', 'a.test', '<filter-id>a.test</filter-id><id>9</id><data><gen_info><name>b.test</name></gen_info></data>'),
], ids=['id', 'name'])
def test_a_result_whose_filter_id_names_another_site_than_it_describes_is_a_protocol_error(wire, field, asked, inner):
    wire.expect(plesk(answer(('site', 'get', ok_result(inner)), ('webspace', 'get', ''))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), **{field + 's': [asked]})
    assert 'with another site' in caught.value.message


def test_an_international_name_asked_in_ascii_matches_the_ascii_name_of_a_result_without_filter_id(wire):
    found_site = ok_result('<id>4</id><data><gen_info><name>b\u00fccher.de</name><ascii-name>xn--bcher-kva.de</ascii-name>'
                           '</gen_info></data>')
    wire.expect(plesk(answer(('site', 'get', found_site), ('webspace', 'get', error_result(1013, 'Webspace does not exist')))))
    found, by_reference = read_sites(client(), names=['xn--bcher-kva.de'])
    assert by_reference['xn--bcher-kva.de']['id'] == 4 and found[0]['name'] == 'b\u00fccher.de'


def test_a_name_that_site_get_and_webspace_get_find_as_different_objects_is_a_protocol_error(wire):
    site_result = lookup('a.test', 3).results['site']
    webspace_result = lookup('a.test', 4, kind='webspace').results['webspace']
    wire.expect(plesk(answer(('site', 'get', site_result), ('webspace', 'get', webspace_result))))
    with pytest.raises(PanelProtocolError) as caught:
        read_sites(client(), names=['a.test'])
    assert 'as site 3 and as webspace 4' in caught.value.message
