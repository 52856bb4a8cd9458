# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator at 10,000 sites: lookups through indexes, packets undone without a copy, and the
request size the web server in front of Plesk accepts.  How fast it is, ``make bench`` measures."""

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.tests.emulator import plesk_operations
from ansible_collections.hosting.panels.tests.emulator.plesk import PleskEmulator, RequestTooLarge
from ansible_collections.hosting.panels.tests.emulator.plesk_state import PleskState, guid
from ansible_collections.hosting.panels.tests.emulator.state import SeedError
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import ADMIN, fresh, plesk_call, results, system_error

SITES = 10000


def many_sites(count=SITES, **plesk):
    sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}, {'id': 2, 'name': 'shop.example', 'kind': 'webspace'}]
    sites += [{'id': 1000 + index, 'name': 'site%05d.example' % index, 'kind': 'site', 'webspace_id': 1 + index % 2,
               'mail_service': index % 3 != 0, 'mailboxes': ['info', 'Sales']} for index in range(count)]
    return fresh({'plesk': dict(plesk, sites=sites)})


def packet(*operations):
    return '<packet>%s</packet>' % ''.join(operations)


def site_get(field, value, operator='site'):
    return ('<%s><get><filter><%s>%s</%s></filter><dataset><gen_info/></dataset></get></%s>'
            % (operator, field, value, field, operator))


def mail(operation, site_id):
    return '<mail><%s><site-id>%d</site-id></%s></mail>' % (operation, site_id, operation)


def mail_state(store, site_id):
    return store.data['plesk'].site(site_id)['mail_service']


def test_ten_thousand_sites_are_each_found_by_id_and_by_name_in_one_packet():
    store = many_sites()
    by_id = plesk_call(store, packet(*[site_get('id', 1000 + index) for index in range(SITES)]))
    by_name = plesk_call(store, packet(*[site_get('name', 'SITE%05d.example' % index) for index in range(SITES)]))
    for answer in (by_id, by_name):
        found = [(result.findtext('id'), result.findtext('data/gen_info/name')) for result in answer.iterfind('site/get/result')]
        assert found == [(str(1000 + index), 'site%05d.example' % index) for index in range(SITES)]


@pytest.mark.parametrize('per_operation', [1, 500], ids=['one site per operation', '500 sites per operation'])
def test_mail_prefs_of_ten_thousand_sites_in_one_packet_are_each_sites_own(per_operation):
    store = many_sites()
    ids = [1000 + index for index in range(SITES)]
    operations = ['<mail><get_prefs><filter>%s</filter></get_prefs></mail>'
                  % ''.join('<site-id>%d</site-id>' % site_id for site_id in ids[start:start + per_operation])
                  for start in range(0, SITES, per_operation)]
    answer = plesk_call(store, packet(*operations))
    assert [(result.findtext('site-id'), result.findtext('prefs/mailservice'))
            for result in answer.iterfind('mail/get_prefs/result')] == [
        (str(site_id), 'true' if index % 3 else 'false') for index, site_id in enumerate(ids)]


def test_guid_parent_id_and_parent_name_filters_find_what_a_scan_would():
    store = many_sites(10)
    answer = plesk_call(store, packet(site_get('guid', guid('site00003.example')), site_get('parent-id', 2),
                                      site_get('parent-name', 'EXAMPLE.com'), site_get('parent-id', 1003)))
    gets = answer.findall('site/get')
    assert [result.findtext('id') for result in gets[0].iterfind('result')] == ['1003']
    assert [result.findtext('id') for result in gets[1].iterfind('result')] == ['1001', '1003', '1005', '1007', '1009']
    assert [result.findtext('id') for result in gets[2].iterfind('result')] == ['1000', '1002', '1004', '1006', '1008']
    assert results(gets[3], '.') == [('error', '1013', 'Site does not exist')]


def test_ten_thousand_switches_in_one_packet_each_apply():
    store = many_sites()
    answer = plesk_call(store, packet(*[mail('enable', 1000 + index) for index in range(SITES)]))
    assert len(answer.findall('mail/enable/result')) == SITES
    assert all(site['mail_service'] for site in store.data['plesk']['sites'])


@pytest.mark.parametrize('late', [
    '<server><srv_man><id>dns</id><operation>explode</operation></srv_man></server>',  # malformed: 1014
    '<site><get><filter><guid>x</guid></filter><dataset><hosting/></dataset></get></site>',  # unsupported: 1017
])
def test_journaled_writes_are_undone_when_a_late_operation_fails(late):
    store = many_sites(4)
    answer = plesk_call(store, packet(mail('enable', 1000), mail('disable', 1001),
                                      '<mail><rename><site-id>1001</site-id><name>info</name><new-name>hello</new-name>'
                                      '</rename></mail>',
                                      '<server><srv_man><id>web</id><operation>stop</operation></srv_man></server>', late))
    assert system_error(answer)[0] in (1014, 1017)
    assert (mail_state(store, 1000), mail_state(store, 1001)) == (False, True)
    assert [box['name'] for box in store.data['plesk'].site(1001)['mailboxes']] == ['info', 'Sales']
    assert store.data['plesk']['services'][0]['state'] == 'running'
    # The indexes were dropped with the changes: the old name is found again, the new one is not.
    found = plesk_call(store, packet('<mail><get_info><filter><site-id>1001</site-id><name>info</name>'
                                     '<name>hello</name></filter></get_info></mail>'))
    assert [result.findtext('mailname/name') for result in found.iterfind('mail/get_info/result')] == ['info', None]


def test_a_rename_is_seen_by_later_operations_of_the_same_packet():
    store = many_sites(2)
    answer = plesk_call(store, packet(
        '<mail><rename><site-id>1001</site-id><name>INFO</name><new-name>office</new-name></rename>'
        '<rename><site-id>1001</site-id><name>office</name><new-name>info</new-name></rename>'
        '<rename><site-id>1001</site-id><name>sales</name><new-name>info</new-name></rename>'
        '<get_info><filter><site-id>1001</site-id></filter></get_info></mail>'))
    assert results(answer, 'mail/rename') == [('ok', None, None), ('ok', None, None),
                                              ('error', '1007', "Mail name 'info' already exists")]
    assert [result.findtext('mailname/name') for result in answer.iterfind('mail/get_info/result')] == ['info', 'Sales']


def test_a_write_that_is_not_journaled_runs_on_a_copy_and_is_dropped_when_the_packet_fails(monkeypatch):
    """A handler registered without ``journaled`` (a newer operation) may change the state any way it likes."""
    def rename_site(plesk, operation):
        plesk_operations.find_site(plesk, 1000)['name'] = 'renamed.example'
        return [plesk_operations.ok()]
    monkeypatch.setitem(plesk_operations.HANDLERS, ('site', 'set'), rename_site)
    monkeypatch.setattr(plesk_operations, 'WRITES', plesk_operations.WRITES | {'site.set'})
    monkeypatch.setattr('ansible_collections.hosting.panels.tests.emulator.plesk.WRITES', plesk_operations.WRITES)
    store = many_sites(2)
    failed = plesk_call(store, packet('<site><set/></site>', mail('enable', 1000),
                                      '<server><srv_man><id>x</id><operation>explode</operation></srv_man></server>'))
    assert system_error(failed)[0] == 1014
    assert store.data['plesk'].site(1000)['name'] == 'site00000.example' and not mail_state(store, 1000)
    answer = plesk_call(store, packet('<site><set/></site>', site_get('name', 'renamed.example')))
    assert answer.findtext('site/get/result/id') == '1000'
    assert isinstance(store.data['plesk'], PleskState)
    assert store.snapshot()['plesk']['sites'][2]['name'] == 'renamed.example'


def test_a_read_packet_leaves_the_state_object_itself_in_place():
    store = many_sites(2)
    state = store.data['plesk']
    plesk_call(store, packet(site_get('id', 1000), '<mail><get_prefs><filter><site-id>1000</site-id></filter>'
                                                   '</get_prefs></mail>'))
    assert store.data['plesk'] is state


def test_a_request_over_max_request_size_is_refused_before_anything_runs():
    store = many_sites(4, max_request_size=200)
    small = packet(mail('disable', 1001))
    large = packet(*[mail('disable', 1000 + index) for index in range(4)])
    assert len(small) <= 200 < len(large)
    with pytest.raises(RequestTooLarge) as refused:
        PleskEmulator(store).handle(large.encode(), ADMIN, '127.0.0.1')
    assert (refused.value.size, refused.value.limit) == (len(large), 200)
    assert mail_state(store, 1001) is True
    assert system_error(plesk_call(store, small)) is None and mail_state(store, 1001) is False


@pytest.mark.parametrize('value', [0, -1, 'big', True, 1.5])
def test_a_bad_max_request_size_is_refused_naming_the_key(value):
    with pytest.raises(SeedError, match='plesk.max_request_size'):
        fresh({'plesk': {'max_request_size': value}})


# -- mail accounts ----------------------------------------------------------------------------------

def mail_packet(*operations):
    return '<packet><mail>%s</mail></packet>' % ''.join(operations)


def create_account(site_id, name, aliases=()):
    return '<create><filter><site-id>%d</site-id><mailname><name>%s</name>%s</mailname></filter></create>' % (
        site_id, name, ''.join('<alias>%s</alias>' % alias for alias in aliases))


def accounts(store, site_id):
    return [(box['id'], box['name'], box['aliases']) for box in store.data['plesk'].site(site_id)['mailboxes']]


def test_ten_thousand_mail_accounts_are_created_in_one_site_in_one_packet_with_ids_of_their_own():
    store = many_sites(2)
    answer = plesk_call(store, mail_packet(*[create_account(1001, 'user%05d' % index) for index in range(SITES)]))
    assert system_error(answer) is None
    created = accounts(store, 1001)[2:]
    assert [name for dummy, name, dummy in created] == ['user%05d' % index for index in range(SITES)]
    ids = [box_id for box_id, dummy, dummy in accounts(store, 1000) + accounts(store, 1001)]
    assert len(set(ids)) == len(ids) == SITES + 4
    again = plesk_call(store, mail_packet(create_account(1001, 'USER00042'), create_account(1001, 'info')))
    assert [result.findtext('errcode') for result in again.iterfind('mail/create/result')] == ['1007', '1007']


def test_names_and_aliases_taken_earlier_in_a_packet_are_taken_for_later_operations():
    store = many_sites(2)
    answer = plesk_call(store, mail_packet(
        create_account(1001, 'office', aliases=['desk']), create_account(1001, 'desk'),
        '<update><add><filter><site-id>1001</site-id><mailname><name>info</name><alias>front</alias></mailname>'
        '</filter></add></update>', create_account(1001, 'front'),
        '<remove><filter><site-id>1001</site-id><name>office</name></filter></remove>', create_account(1001, 'desk'),
        '<rename><site-id>1001</site-id><name>sales</name><new-name>sold</new-name></rename>',
        create_account(1001, 'sales')))
    codes = [result.findtext('errcode') for result in answer.iter('result')]
    # office, desk (an alias of office), front (now an alias of info), desk again after office went, sales after the rename
    assert codes == [None, '1007', None, '1007', None, None, None, None]


def test_mail_account_changes_are_undone_with_the_packet_and_new_ids_stay_unique():
    store = many_sites(2)
    before = accounts(store, 1001)
    failed = plesk_call(store, mail_packet(
        create_account(1001, 'new'),
        '<update><set><filter><site-id>1001</site-id><mailname><name>info</name><description>changed</description>'
        '</mailname></filter></set></update>', '<remove><filter><site-id>1001</site-id><name>Sales</name></filter></remove>')
        .replace('</mail></packet>', '</mail><server><srv_man><id>x</id><operation>explode</operation></srv_man></server>'
                                     '</packet>'))
    assert system_error(failed)[0] == 1014
    assert accounts(store, 1001) == before
    assert [box['description'] for box in store.data['plesk'].site(1001)['mailboxes']] == ['', '']
    answer = plesk_call(store, mail_packet(create_account(1001, 'new'), create_account(1001, 'other')))
    new_ids = [int(result.findtext('mailname/id')) for result in answer.iterfind('mail/create/result')]
    assert len(set(new_ids + [box_id for box_id, dummy, dummy in before])) == 4


@pytest.mark.parametrize('criterion', ['', '<id>1001</id>'])
@pytest.mark.parametrize('operator, kind', [('site', 'site'), ('webspace', 'webspace')])
def test_listings_and_lookups_with_gen_info_answer_every_field_of_it(operator, kind, criterion):
    store = many_sites(2)
    if operator == 'webspace' and criterion:
        criterion = '<id>2</id>'
    answer = plesk_call(store, packet('<%s><get><filter>%s</filter><dataset><gen_info/></dataset></get></%s>'
                                      % (operator, criterion, operator)))
    infos = answer.findall('%s/get/result/data/gen_info' % operator)
    assert infos and all(len(info) == 9 and info.findtext('name') for info in infos)
    assert all(result.findtext('id') for result in answer.iterfind('%s/get/result' % operator))


# -- indexes kept right through changes and undo ---------------------------------------------------

def srv_man(service_id, action):
    return '<srv_man><id>%s</id><operation>%s</operation></srv_man>' % (service_id, action)


def service_states(store):
    answer = plesk_call(store, packet('<server><get><services_state/></get></server>'))
    return [(srv.findtext('id'), srv.findtext('state')) for srv in answer.iterfind('server/get/result/services_state/srv')]


def test_srv_man_finds_services_by_their_exact_id_and_its_changes_go_with_a_failed_packet():
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'running'}, {'id': 'mysql', 'state': 'none'},
                                          {'id': 'dns', 'state': 'stopped'}]}})
    operations = '<server>%s</server>' % ''.join([srv_man('web', 'stop'), srv_man('WEB', 'start'),
                                                 srv_man('mysql', 'start'), srv_man('dns', 'restart')])
    failed = plesk_call(store, packet(operations, '<server>%s</server>' % srv_man('dns', 'explode')))
    assert system_error(failed)[0] == 1014
    assert service_states(store) == [('web', 'running'), ('mysql', 'none'), ('dns', 'stopped')]
    answer = plesk_call(store, packet(operations))
    assert results(answer, 'server/srv_man') == [('ok', None, None), ('error', '1013', "Service 'WEB' does not exist"),
                                                 ('error', '1026', 'Service mysql is not installed'), ('ok', None, None)]
    assert service_states(store) == [('web', 'stopped'), ('mysql', 'none'), ('dns', 'running')]


def remove_accounts(site_id, *names):
    names = ''.join('<name>%s</name>' % name for name in names)
    return '<remove><filter><site-id>%d</site-id>%s</filter></remove>' % (site_id, names)


def listed(store, site_id):
    """The names of a site's mail accounts as the state holds them and as a get_info of all of them lists them."""
    answer = plesk_call(store, mail_packet('<get_info><filter><site-id>%d</site-id></filter></get_info>' % site_id))
    in_state = [box['name'] for box in store.data['plesk'].site(site_id)['mailboxes']]
    assert [result.findtext('mailname/name') for result in answer.iterfind('mail/get_info/result')] == in_state
    return in_state


def test_removals_in_any_order_leave_the_others_listed_in_their_order_across_packets_and_undo():
    store = many_sites(2)
    plesk_call(store, mail_packet(*[create_account(1001, 'user%d' % index) for index in range(8)]))
    answer = plesk_call(store, mail_packet(remove_accounts(1001, 'user5', 'USER1', 'info'), create_account(1001, 'late'),
                                           remove_accounts(1001, 'user7', 'Late', 'user0'), create_account(1001, 'later')))
    assert {result.findtext('status') for result in answer.iter('result')} == {'ok'}
    assert listed(store, 1001) == ['Sales', 'user2', 'user3', 'user4', 'user6', 'later']
    plesk_call(store, mail_packet(remove_accounts(1001, 'user4', 'sales')))
    assert listed(store, 1001) == ['user2', 'user3', 'user6', 'later']
    failed = plesk_call(store, packet(
        '<mail>%s</mail>' % ''.join([remove_accounts(1001, 'user3'), create_account(1001, 'x'), remove_accounts(1001, 'later'),
                                     create_account(1001, 'y'), remove_accounts(1001, 'x', 'user2')]),
        '<server>%s</server>' % srv_man('web', 'explode')))
    assert system_error(failed)[0] == 1014
    assert listed(store, 1001) == ['user2', 'user3', 'user6', 'later']
    plesk_call(store, mail_packet(create_account(1001, 'z'), remove_accounts(1001, 'user6', 'user2')))
    assert listed(store, 1001) == ['user3', 'later', 'z']


def webmail(operation, *names, register=False):
    if register:
        return '<%s><filter>%s</filter></%s>' % (operation, ''.join(
            '<service><name>%s</name><url>http://%s.example</url></service>' % (name, name.lower()) for name in names), operation)
    return '<%s><filter>%s</filter></%s>' % (operation, ''.join('<name>%s</name>' % name for name in names), operation)


def webmail_listed(store):
    answer = plesk_call(store, packet('<webmail><get-supported/></webmail>'))
    return [(item.findtext('name'), item.findtext('status')) for item in answer.iterfind('webmail/get-supported/result/webmail')]


def test_webmail_services_are_found_without_case_after_registering_unregistering_and_undo():
    store = fresh({'plesk': {'webmail_operator': 'present', 'webmail': [
        {'name': 'Horde', 'url': 'http://horde.example'}, {'name': 'Roundcube', 'url': 'http://roundcube.example'}]}})
    failed = plesk_call(store, packet('<webmail>%s</webmail>' % ''.join([
        webmail('register', 'SnappyMail', register=True), webmail('unregister', 'horde'),
        webmail('disable', 'ROUNDCUBE')]), '<server>%s</server>' % srv_man('web', 'explode')))
    assert system_error(failed)[0] == 1014
    assert webmail_listed(store) == [('Horde', 'true'), ('Roundcube', 'true')]
    answer = plesk_call(store, packet('<webmail>%s</webmail>' % ''.join([
        webmail('register', 'snappymail', 'HORDE', register=True), webmail('unregister', 'hORDE', 'Horde'),
        webmail('register', 'HORDE', register=True), webmail('disable', 'horde', 'SNAPPYMAIL'),
        webmail('unregister', 'roundcube'), webmail('enable', 'Roundcube')])))
    assert [[result.findtext('status') for result in operation.iterfind('result')] for operation in answer.find('webmail')] == [
        ['ok', 'error'], ['ok', 'error'], ['ok'], ['ok', 'ok'], ['ok'], ['error']]
    assert webmail_listed(store) == [('snappymail', 'false'), ('HORDE', 'false')]


def test_an_update_undone_with_its_packet_leaves_each_account_as_it_was_and_its_aliases_where_they_were():
    store = many_sites(2)
    plesk_call(store, mail_packet(create_account(1001, 'office', aliases=['desk'])))
    before = [list(box.items()) for box in store.snapshot()['plesk']['sites'][3]['mailboxes']]
    change = ('<update><set><filter><site-id>1001</site-id><mailname><name>office</name><mailbox><quota>2048</quota>'
              '</mailbox><forwarding><enabled>true</enabled><address>a@example.net</address></forwarding>'
              '<alias>front</alias><password><value>secret</value></password><description>Desk</description></mailname>'
              '<mailname><name>info</name><description></description></mailname></filter></set></update>')
    failed = plesk_call(store, packet('<mail>%s<rename><site-id>1001</site-id><name>office</name><new-name>bureau'
                                      '</new-name></rename></mail>' % change, '<server>%s</server>' % srv_man('web', 'explode')))
    assert system_error(failed)[0] == 1014
    assert [list(box.items()) for box in store.snapshot()['plesk']['sites'][3]['mailboxes']] == before
    answer = plesk_call(store, mail_packet(change, create_account(1001, 'desk'), create_account(1001, 'FRONT')))
    assert [result.findtext('errcode') for result in answer.iter('result')] == [None, None, None, '1007']
    office = store.data['plesk'].site(1001)['mailboxes'][2]
    assert (office['quota'], office['aliases'], office['forwarding'], office['password'], office['description']) == (
        2048, ['front'], {'enabled': True, 'addresses': ['a@example.net']}, 'secret', 'Desk')
