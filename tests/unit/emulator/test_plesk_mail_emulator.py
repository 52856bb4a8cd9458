# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's mail accounts: get_info datasets, create, update add/set/remove, remove."""

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.panels.tests.emulator.state import SeedError
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import fresh, plesk_call, results, system_error

GIB = 1024 ** 3
SEED = {'plesk': {'sites': [
    {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mailbox_quota_limit': 2 * GIB},
    {'id': 2, 'name': 'example.net', 'kind': 'site', 'webspace_id': 1, 'mail_service': False},
    {'id': 11, 'name': 'example.org', 'kind': 'site', 'webspace_id': 1, 'mailbox_quota_limit': GIB, 'mailboxes': [
        'admin', {'name': 'common', 'aliases': ['all'], 'forwarding': {'addresses': ['boss@example.net']},
                  'usage': 4096, 'description': 'Everyone'}]},
]}}


def call(store, operations, schemas=None):
    answer = plesk_call(store, '<packet><mail>%s</mail></packet>' % operations, schemas=schemas)
    assert system_error(answer) is None, system_error(answer)
    return answer


def info(store, site_id=11, name=None, datasets=('mailbox', 'mailbox-usage', 'forwarding', 'aliases')):
    """``{name: settings}`` of a site as ``get_info`` with ``datasets`` answers it."""
    answer = call(store, '<get_info><filter><site-id>%d</site-id>%s</filter>%s</get_info>' % (
        site_id, '<name>%s</name>' % name if name else '', ''.join('<%s/>' % dataset for dataset in datasets)))
    found = {}
    for mailname in answer.iterfind('mail/get_info/result/mailname'):
        found[mailname.findtext('name')] = {
            'mailbox': mailname.findtext('mailbox/enabled'), 'quota': mailname.findtext('mailbox/quota'),
            'usage': mailname.findtext('mailbox/usage'), 'forwarding': mailname.findtext('forwarding/enabled'),
            'addresses': [item.text for item in mailname.iterfind('forwarding/address')],
            'aliases': [item.text for item in mailname.iterfind('alias')], 'description': mailname.findtext('description')}
    return found


def create(site_id, name, inner=''):
    return '<create><filter><site-id>%d</site-id><mailname><name>%s</name>%s</mailname></filter></create>' % (
        site_id, name, inner)


def update(action, site_id, name, inner):
    return '<update><%s><filter><site-id>%d</site-id><mailname><name>%s</name>%s</mailname></filter></%s></update>' % (
        action, site_id, name, inner, action)


def test_get_info_answers_the_datasets_asked_for_and_the_description_always():
    store = fresh(SEED)
    assert info(store)['common'] == {'mailbox': 'true', 'quota': str(GIB), 'usage': '4096', 'forwarding': 'true',
                                     'addresses': ['boss@example.net'], 'aliases': ['all'], 'description': 'Everyone'}
    assert info(store, datasets=())['common'] == {'mailbox': None, 'quota': None, 'usage': None, 'forwarding': None,
                                                  'addresses': [], 'aliases': [], 'description': 'Everyone'}
    assert info(store, datasets=('mailbox-usage',))['common']['usage'] == '4096'


def test_a_seeded_mailbox_takes_the_quota_limit_of_its_site_or_webspace():
    store = fresh({'plesk': {'sites': [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mailbox_quota_limit': GIB, 'mailboxes': ['a']},
        {'id': 2, 'name': 'example.net', 'webspace_id': 1, 'mailboxes': ['b']},
        {'id': 3, 'name': 'example.org', 'webspace_id': 1, 'mailbox_quota_limit': 5, 'mailboxes': ['c']}]}})
    assert [info(store, site_id)[name]['quota'] for site_id, name in ((1, 'a'), (2, 'b'), (3, 'c'))] == [
        str(GIB), str(GIB), '5']
    assert info(fresh(), 11)['admin']['quota'] == '-1'


def test_create_makes_the_account_and_answers_its_id_and_name():
    store = fresh(SEED)
    answer = call(store, create(11, 'info', '<mailbox><enabled>true</enabled><quota>1024</quota></mailbox>'
                                            '<forwarding><enabled>true</enabled><address>a@example.net</address></forwarding>'
                                            '<alias>desk</alias><password><value>s3cret</value><type>plain</type>'
                                            '</password><description>Front</description>'))
    assert results(answer, 'mail/create') == [('ok', None, None)]
    assert answer.findtext('mail/create/result/mailname/name') == 'info'
    assert answer.findtext('mail/create/result/mailname/id') == '3'
    assert info(store)['info'] == {'mailbox': 'true', 'quota': '1024', 'usage': '0', 'forwarding': 'true',
                                   'addresses': ['a@example.net'], 'aliases': ['desk'], 'description': 'Front'}
    assert store.data['plesk']['sites'][2]['mailboxes'][-1]['password'] == 's3cret'


def test_a_created_account_without_quota_gets_the_limit_of_its_subscription():
    store = fresh(SEED)
    call(store, create(11, 'info') + create(1, 'info'))
    assert info(store)['info']['quota'] == str(GIB) and info(store, 1)['info']['quota'] == str(2 * GIB)
    assert info(fresh(), 11, datasets=('mailbox',)).get('admin')['quota'] == '-1'


@pytest.mark.parametrize('operation, code, text', [
    (create(99, 'info'), '1013', 'Domain does not exist'),
    (create(2, 'info'), '1023', 'There is no DSMail service for domain with id = 2'),
    (create(11, 'Admin'), '1007', "Mail name 'Admin' already exists"),
    (create(11, 'ALL'), '1007', "Mail name 'ALL' already exists"),
    (create(11, 'in fo'), '1019', "Invalid value of name: 'in fo'"),
    (create(11, 'info', '<alias>common</alias>'), '1007', "Mail name 'common' already exists"),
    (create(11, 'info', '<alias>a b</alias>'), '1019', "Invalid value of alias: 'a b'"),
    (create(11, 'info', '<mailbox><enabled>true</enabled><quota>%d</quota></mailbox>' % (GIB + 1)), '1024',
     'Unable to set the mailbox size of info: it exceeds the limit of 1073741824 bytes of the subscription'),
    (create(11, 'info', '<mailbox><enabled>true</enabled><quota>-1</quota></mailbox>'), '1024', None),
    (create(11, 'info', '<forwarding><enabled>true</enabled><address>nobody</address></forwarding>'), '1019',
     "Invalid value of forwarding address: 'nobody'"),
])
def test_create_refusals_echo_the_name_and_change_nothing(operation, code, text):
    store = fresh(SEED)
    before = store.snapshot()['plesk']
    answer = call(store, operation)
    status, errcode, errtext = results(answer, 'mail/create')[0]
    assert (status, errcode) == ('error', code) and (text is None or errtext == text)
    assert answer.find('mail/create/result/mailname/name') is not None
    assert store.snapshot()['plesk'] == before


def test_a_site_without_limit_takes_any_quota_and_unlimited():
    store = fresh()
    call(store, create(11, 'big', '<mailbox><enabled>true</enabled><quota>-1</quota></mailbox>'))
    assert info(store)['big']['quota'] == '-1'


def test_each_mail_name_of_a_create_has_its_own_result():
    store = fresh(SEED)
    answer = call(store, '<create><filter><site-id>11</site-id><mailname><name>a</name></mailname>'
                         '<mailname><name>admin</name></mailname><mailname><name>b</name></mailname></filter></create>')
    assert [status for status, dummy, dummy in results(answer, 'mail/create')] == ['ok', 'error', 'ok']
    assert {'a', 'b'} <= set(info(store))


def test_update_add_appends_addresses_and_aliases_once():
    store = fresh(SEED)
    answer = call(store, update('add', 11, 'common', '<forwarding><address>BOSS@example.net</address>'
                                                     '<address>deputy@example.net</address></forwarding><alias>team</alias>'))
    assert answer.findtext('mail/update/add/result/status') == 'ok'
    assert answer.findtext('mail/update/add/result/mailname/name') == 'common'
    assert info(store)['common']['addresses'] == ['boss@example.net', 'deputy@example.net']
    assert info(store)['common']['aliases'] == ['all', 'team']


def test_update_remove_drops_what_it_names_and_forwarding_with_no_address_left_is_off():
    store = fresh(SEED)
    call(store, update('remove', 11, 'common', '<forwarding><address>Boss@example.net</address>'
                                               '<address>never@example.net</address></forwarding><alias>ALL</alias>'))
    assert info(store)['common']['forwarding'] == 'false'
    assert info(store)['common']['addresses'] == [] and info(store)['common']['aliases'] == []


def test_names_given_twice_in_any_case_are_kept_once_in_the_order_first_given():
    store = fresh(SEED)
    call(store, create(11, 'team', '<forwarding><enabled>true</enabled><address>b@example.net</address>'
                                   '<address>A@example.net</address><address>B@EXAMPLE.NET</address></forwarding>'
                                   '<alias>Sales</alias><alias>help</alias><alias>SALES</alias><alias>desk</alias>'))
    assert info(store)['team']['addresses'] == ['b@example.net', 'A@example.net']
    assert info(store)['team']['aliases'] == ['Sales', 'help', 'desk']
    call(store, update('add', 11, 'team', '<forwarding><address>a@example.net</address><address>c@example.net</address>'
                                          '<address>C@example.net</address></forwarding><alias>HELP</alias><alias>info</alias>'))
    assert info(store)['team']['addresses'] == ['b@example.net', 'A@example.net', 'c@example.net']
    assert info(store)['team']['aliases'] == ['Sales', 'help', 'desk', 'info']
    call(store, update('remove', 11, 'team', '<forwarding><address>B@example.NET</address></forwarding>'
                                             '<alias>HELP</alias><alias>Info</alias>'))
    assert info(store)['team']['addresses'] == ['A@example.net', 'c@example.net']
    assert info(store)['team']['aliases'] == ['Sales', 'desk']
    call(store, update('set', 11, 'team', '<alias>x</alias><alias>X</alias><alias>y</alias>'))
    assert info(store)['team']['aliases'] == ['x', 'y']


@pytest.mark.parametrize('variant, addresses', [('replace', ['new@example.net']),
                                                ('add', ['boss@example.net', 'new@example.net'])])
def test_update_set_treats_forwarding_addresses_as_the_state_says(variant, addresses):
    store = fresh(dict(SEED, plesk=dict(SEED['plesk'], update_set_forwarding=variant)))
    call(store, update('set', 11, 'common', '<forwarding><enabled>true</enabled><address>new@example.net</address>'
                                            '</forwarding>'))
    assert info(store)['common']['addresses'] == addresses


def test_update_set_changes_what_it_mentions_and_keeps_the_rest():
    store = fresh(SEED)
    call(store, update('set', 11, 'common', '<mailbox><enabled>false</enabled><quota>1024</quota></mailbox>'
                                            '<password><value>n3w</value></password><description></description>'))
    assert info(store)['common'] == {'mailbox': 'false', 'quota': '1024', 'usage': '4096', 'forwarding': 'true',
                                     'addresses': ['boss@example.net'], 'aliases': ['all'], 'description': None}
    assert store.data['plesk']['sites'][2]['mailboxes'][1]['password'] == 'n3w'


def test_a_server_that_refuses_to_switch_the_mailbox_of_an_existing_account_refuses_the_whole_packet():
    store = fresh(dict(SEED, plesk=dict(SEED['plesk'], update_set_mailbox_enabled='refused')))
    before = store.snapshot()
    answer = plesk_call(store, '<packet><mail>%s%s</mail></packet>' % (
        update('set', 11, 'admin', '<mailbox><quota>1024</quota></mailbox>'),
        update('set', 11, 'common', '<mailbox><enabled>false</enabled></mailbox>')))
    assert system_error(answer)[0] == 1014 and "Element 'enabled': This element is not expected." in system_error(answer)[1]
    assert store.snapshot() == before
    # A quota alone is taken, and a new account still gets its mailbox.
    call(store, update('set', 11, 'admin', '<mailbox><quota>1024</quota></mailbox>')
         + create(11, 'new', '<mailbox><enabled>true</enabled></mailbox>'))
    assert info(store)['admin']['quota'] == '1024' and info(store)['new']['mailbox'] == 'true'


@pytest.mark.parametrize('action, name, inner, code', [
    ('set', 'ghost', '<description>x</description>', '1013'),
    ('set', 'admin', '<mailbox><quota>-1</quota></mailbox>', '1024'),
    ('set', 'admin', '<forwarding><enabled>true</enabled></forwarding>', '1019'),
    ('add', 'admin', '<alias>common</alias>', '1007'),
    ('add', 'admin', '<forwarding><address>x</address></forwarding>', '1019'),
])
def test_update_refusals(action, name, inner, code):
    store = fresh(SEED)
    answer = call(store, update(action, 11, name, inner))
    assert results(answer, 'mail/update/' + action)[0][:2] == ('error', code)


def test_an_unchanged_quota_above_a_lowered_limit_does_not_block_other_changes():
    store = fresh({'plesk': {'sites': [{'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mailbox_quota_limit': 10,
                                        'mailboxes': [{'name': 'a', 'quota': -1}]}]}})
    answer = call(store, update('set', 1, 'a', '<description>still here</description>'))
    assert results(answer, 'mail/update/set') == [('ok', None, None)]


def test_writes_need_the_mail_service():
    store = fresh(dict(SEED, plesk=dict(SEED['plesk'], sites=SEED['plesk']['sites'][:2] + [
        dict(SEED['plesk']['sites'][2], mail_service=False)])))
    answer = call(store, update('add', 11, 'admin', '<alias>x</alias>') +
                  '<remove><filter><site-id>11</site-id><name>admin</name></filter></remove>')
    dsmail = 'There is no DSMail service for domain with id = 11'
    assert results(answer, 'mail/update/add') == [('error', '1023', dsmail)]
    assert results(answer, 'mail/remove') == [('error', '1023', dsmail)]


def test_remove_removes_each_name_and_reports_missing_ones():
    store = fresh(SEED)
    answer = call(store, '<remove><filter><site-id>11</site-id><name>ADMIN</name><name>ghost</name></filter></remove>')
    assert results(answer, 'mail/remove') == [('ok', None, None), ('error', '1013', "Mail name 'ghost' does not exist")]
    assert [item.text for item in answer.iterfind('mail/remove/result/mailname/name')] == ['admin', 'ghost']
    assert list(info(store)) == ['common']


def test_a_removed_name_and_its_aliases_are_free_again_in_the_same_packet():
    store = fresh(SEED)
    answer = call(store, '<remove><filter><site-id>11</site-id><name>common</name></filter></remove>'
                  + create(11, 'all') + update('add', 11, 'all', '<alias>common</alias>'))
    assert [result.findtext('status') for result in answer.iter('result')] == ['ok', 'ok', 'ok']


@pytest.mark.parametrize('operations, code', [
    ('<update><add><filter><site-id>11</site-id><mailname><name>a</name></mailname></filter></add><set/></update>',
     1014),
    ('<update/>', 1014),
    (create(11, 'a', '<mailbox><quota>5</quota></mailbox>'), 1014),
    (create(11, 'a', '<antivir>inout</antivir>'), 1017),
    (update('set', 11, 'admin', '<cp-access>true</cp-access>'), 1017),
    # The schema wants an address in the forwarding of a create, an update add and an update remove.
    (create(11, 'a', '<forwarding><enabled>false</enabled></forwarding>'), 1014),
    (update('add', 11, 'admin', '<forwarding><enabled>true</enabled></forwarding>'), 1014),
    (update('remove', 11, 'common', '<forwarding/>'), 1014),
    ('<remove><filter><site-id>11</site-id></filter></remove>', 1017),
])
def test_malformed_or_unimplemented_writes_are_refused_whole(operations, code):
    store = fresh(SEED)
    before = store.snapshot()
    answer = plesk_call(store, '<packet><mail>%s%s</mail></packet>' % (create(11, 'first'), operations))
    assert system_error(answer)[0] == code
    assert store.snapshot() == before


def test_update_set_may_switch_forwarding_without_naming_addresses():
    store = fresh(SEED)
    call(store, update('set', 11, 'common', '<forwarding><enabled>false</enabled></forwarding>'))
    assert info(store)['common']['forwarding'] == 'false'


@pytest.mark.parametrize('old, new', [('admin', 'all'), ('admin', 'ALL'), ('common', 'all'), ('common', 'All')])
def test_a_rename_onto_an_alias_is_refused_as_a_name_already_taken(old, new):
    # Another account's alias, or the account's own: an address belongs to one account.
    store = fresh(SEED)
    before = store.snapshot()
    answer = call(store, '<rename><site-id>11</site-id><name>%s</name><new-name>%s</new-name></rename>' % (old, new))
    assert results(answer, 'mail/rename') == [('error', '1007', "Mail name '%s' already exists" % new)]
    assert store.snapshot() == before


@pytest.mark.parametrize('seed, words', [
    ({'sites': [{'id': 1, 'name': 'a.test', 'mailbox_quota_limit': 0}]}, 'plesk.sites[0].mailbox_quota_limit'),
    ({'sites': [{'id': 1, 'name': 'a.test', 'mailboxes': [{'name': 'x', 'quota': '1G'}]}]},
     'plesk.sites[0].mailboxes[0].quota'),
    ({'sites': [{'id': 1, 'name': 'a.test', 'mailboxes': [{'name': 'x', 'forwarding': ['a@b.c']}]}]},
     'plesk.sites[0].mailboxes[0].forwarding'),
    ({'sites': [{'id': 1, 'name': 'a.test', 'mailboxes': [{'name': 'x', 'alias': ['y']}]}]},
     'plesk.sites[0].mailboxes[0]: unknown keys alias'),
    ({'update_set_forwarding': 'merge'}, 'plesk.update_set_forwarding'),
    ({'update_set_mailbox_enabled': True}, 'plesk.update_set_mailbox_enabled'),
])
def test_bad_mail_seeds_are_refused_naming_the_field(seed, words):
    with pytest.raises(SeedError) as caught:
        fresh({'plesk': seed})
    assert words in str(caught.value)


def test_every_mail_request_and_answer_is_valid_against_the_official_schemas(plesk_schemas):
    store = fresh(SEED)
    packets = [
        create(11, 'info', '<mailbox><enabled>true</enabled><quota>1024</quota></mailbox><forwarding><enabled>true'
                           '</enabled><address>a@example.net</address></forwarding><alias>desk</alias><password><value>'
                           'x</value><type>plain</type></password><description>d</description>') + create(11, 'admin'),
        update('add', 11, 'info', '<forwarding><address>b@example.net</address></forwarding><alias>d2</alias>'),
        update('set', 11, 'info', '<mailbox><enabled>false</enabled></mailbox><forwarding><enabled>false</enabled>'
                                  '</forwarding><password><value>y</value><type>plain</type></password>'
                                  '<description>e</description>'),
        update('remove', 11, 'ghost', '<alias>d2</alias>'),
        update('set', 11, 'info', '<autoresponder><enabled>true</enabled><subject>s</subject><text>t</text>'
                                  '<forward>a@example.net</forward></autoresponder>'),
        create(11, 'away', '<alias>gone</alias><autoresponder><enabled>true</enabled><text>t</text></autoresponder>'),
        '<get_info><filter><site-id>11</site-id><name>info</name></filter><mailbox/><mailbox-usage/><forwarding/>'
        '<aliases/><autoresponder/></get_info><get_info><filter><site-id>11</site-id><name>ghost</name></filter>'
        '<mailbox/></get_info>',
        '<remove><filter><site-id>11</site-id><name>info</name><name>ghost</name></filter></remove>',
        create(2, 'x') + create(99, 'y'),
    ]
    for operations in packets:
        request = etree.fromstring('<packet><mail>%s</mail></packet>' % operations)
        assert plesk_schemas.request_problem(request) is None, operations
        # With the schemas the emulator checks its own answer and fails loudly when it breaks them.
        answer = call(store, operations, schemas=plesk_schemas)
        assert plesk_schemas.response_problem(answer) is None


def autoresponder_of(store, name, site_id=11):
    answer = call(store, '<get_info><filter><site-id>%d</site-id><name>%s</name></filter><autoresponder/></get_info>'
                  % (site_id, name))
    element = answer.find('mail/get_info/result/mailname/autoresponder')
    return None if element is None else dict((child.tag, child.text) for child in element)


def test_an_autoresponder_is_answered_when_asked_for_created_and_changed_part_by_part():
    store = fresh(SEED)
    assert autoresponder_of(store, 'admin') == {'enabled': 'false'}
    assert info(store)['admin']['mailbox'] == 'true'  # not asked for: no autoresponder element
    assert call(store, '<get_info><filter><site-id>11</site-id><name>admin</name></filter></get_info>').find(
        'mail/get_info/result/mailname/autoresponder') is None
    call(store, create(11, 'away', '<autoresponder><enabled>true</enabled><text>Gone\n</text></autoresponder>'))
    assert autoresponder_of(store, 'away') == {'enabled': 'true', 'text': 'Gone\n'}
    parts = '<autoresponder><subject>Away</subject><forward>boss@example.net</forward></autoresponder>'
    answer = call(store, update('set', 11, 'away', parts))
    assert results(answer, 'mail/update/set') == [('ok', None, None)]
    assert autoresponder_of(store, 'away') == {'enabled': 'true', 'subject': 'Away', 'text': 'Gone\n',
                                               'forward': 'boss@example.net'}


def test_an_autoresponder_forwarding_to_no_address_is_refused_and_its_unimplemented_parts_said_so():
    store = fresh(SEED)
    answer = call(store, update('set', 11, 'admin', '<autoresponder><forward>nobody</forward></autoresponder>'))
    assert results(answer, 'mail/update/set') == [
        ('error', '1019', "Invalid value of autoresponder forward address: 'nobody'")]
    answer = plesk_call(store, '<packet><mail>%s</mail></packet>' % update(
        'set', 11, 'admin', '<autoresponder><content_type>text/html</content_type></autoresponder>'))
    assert system_error(answer) == (1017, 'The hosting.panels emulator does not implement content_type of an '
                                          'autoresponder')


def test_a_seed_autoresponder_has_known_parts_only():
    with pytest.raises(SeedError) as caught:
        fresh({'plesk': {'sites': [{'id': 11, 'name': 'example.org', 'kind': 'site', 'mailboxes': [
            {'name': 'info', 'autoresponder': {'enabled': True, 'reply_to': 'x@example.net'}}]}]}})
    assert 'autoresponder' in str(caught.value) and 'reply_to' in str(caught.value)
