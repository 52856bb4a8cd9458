# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.hosting.panels.tests.emulator.state import SeedError
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import fresh, plesk_call, results, system_error

SERVICES = '<packet><server><get><services_state/></get></server></packet>'
KEY = 'c0ffee00-0000-4000-8000-000000000001'


def services(store):
    answer = plesk_call(store, SERVICES)
    return {srv.findtext('id'): srv.findtext('state') for srv in answer.iterfind('server/get/result/services_state/srv')}


def test_the_default_seed_has_obsidians_services_and_no_mysql_and_no_mail():
    assert services(fresh()) == dict.fromkeys(['web', 'smtp', 'imap-pop3', 'dns', 'spamassassin', 'milter', 'fail2ban',
                                               'plesk-php83-fpm', 'postgresql'], 'running')


def test_the_onyx_seed_has_the_services_of_the_older_documentation():
    assert services(fresh({'profile': 'onyx'})) == dict.fromkeys(
        ['web', 'smtp', 'mail', 'dns', 'postgresql', 'spamassassin', 'fail2ban'], 'running')


@pytest.mark.parametrize('headers, code', [
    ({}, 1029),
    ({'http_auth_login': 'admin'}, 1029),
    ({'http_auth_login': 'admin', 'http_auth_passwd': 'wrong'}, 1001),
    ({'http_auth_login': 'nobody', 'http_auth_passwd': 'changeme'}, 1001),
    ({'key': 'not-a-key'}, 11003),
])
def test_authentication_failures_are_system_errors(headers, code):
    assert system_error(plesk_call(fresh(), SERVICES, headers=headers))[0] == code


def test_a_secret_key_works_only_from_its_ip_address():
    assert system_error(plesk_call(fresh(), SERVICES, headers={'key': KEY})) is None
    assert system_error(plesk_call(fresh(), SERVICES, headers={'key': KEY}, client_ip='192.0.2.7'))[0] == 11003


@pytest.mark.parametrize('version, code', [('100.0.0', 1005), ('1.6', None), ('1.6.5', None), ('1.6.3.0', None)])
def test_protocol_versions(version, code):
    answer = plesk_call(fresh(), SERVICES.replace('<packet>', '<packet version="%s">' % version))
    assert (system_error(answer) or (None,))[0] == code
    if code is None:
        assert answer.get('version') == version


@pytest.mark.parametrize('answer_version, named', [('pinned', '1.6.3.0'), ('newest', '1.6.9.1')])
def test_the_answer_to_a_pinned_packet_names_the_pin_or_the_servers_newest(answer_version, named):
    target = fresh({'plesk': {'answer_version': answer_version}})
    assert plesk_call(target, SERVICES.replace('<packet>', '<packet version="1.6.3.0">')).get('version') == named
    refused = plesk_call(target, '<packet version="1.6.3.0"><nonsense><get/></nonsense></packet>')
    assert system_error(refused)[0] == 1014 and refused.get('version') == named


@pytest.mark.parametrize('profile, version', [('obsidian', '1.6.9.1'), ('onyx', '1.6.7.0')])
def test_an_answer_names_the_servers_protocol_when_none_was_pinned(profile, version):
    assert plesk_call(fresh({'profile': profile}), SERVICES).get('version') == version


@pytest.mark.parametrize('version', ['1.6.8.0', '1.6.9.0', '1.6.9.1'])
def test_obsidian_accepts_its_newer_protocols_and_onyx_does_not(version):
    pinned = SERVICES.replace('<packet>', '<packet version="%s">' % version)
    assert system_error(plesk_call(fresh(), pinned)) is None
    assert system_error(plesk_call(fresh({'profile': 'onyx'}), pinned))[0] == 1005


@pytest.mark.parametrize('profile, newest', [('obsidian', '1.6.9.1'), ('onyx', '1.6.7.0')])
def test_get_protos_lists_the_profiles_protocols(profile, newest):
    answer = plesk_call(fresh({'profile': profile}), '<packet><server><get_protos/></server></packet>')
    assert [proto.text for proto in answer.iterfind('server/get_protos/result/protos/proto')][-1] == newest


@pytest.mark.parametrize('body', ['<packet><server>', 'plain text', '<other/>',
                                  '<packet><nonsense><get/></nonsense></packet>',
                                  '<packet><server><srv_man><operation>stop</operation><id>web</id></srv_man></server></packet>',
                                  '<packet><server><srv_man><id>web</id><operation>reload</operation></srv_man></server></packet>'])
def test_malformed_packets_are_1014_and_change_nothing(body):
    store = fresh()
    code, text = system_error(plesk_call(store, body))
    assert code == 1014 and text.startswith('Parser error')
    assert services(store)['web'] == 'running'


def test_a_malformed_operation_late_in_a_packet_leaves_no_half_applied_change():
    store = fresh()
    packet = ('<packet><server><srv_man><id>web</id><operation>stop</operation></srv_man>'
              '<srv_man><id>dns</id><operation>explode</operation></srv_man></server></packet>')
    assert system_error(plesk_call(store, packet))[0] == 1014
    assert services(store)['web'] == 'running'


def test_srv_man_changes_state_and_reports_each_service():
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'running'}, {'id': 'tomcat', 'state': 'none'}]}})
    answer = plesk_call(store, '<packet><server>'
                               '<srv_man><id>web</id><operation>stop</operation></srv_man>'
                               '<srv_man><id>tomcat</id><operation>start</operation></srv_man>'
                               '<srv_man><id>mysql</id><operation>start</operation></srv_man></server></packet>')
    assert results(answer, 'server/srv_man') == [('ok', None, None), ('error', '1026', 'Service tomcat is not installed'),
                                                 ('error', '1013', "Service 'mysql' does not exist")]
    assert services(store) == {'web': 'stopped', 'tomcat': 'none'}


def test_a_service_in_trouble_carries_its_error_text(plesk_schemas):
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'running'},
                                          {'id': 'smtp', 'state': 'stopped', 'error': 'postfix failed to start'}]}})
    answer = plesk_call(store, '<packet><server><get><services_state/></get></server></packet>')
    assert [srv.findtext('error') for srv in answer.iterfind('server/get/result/services_state/srv')] == [
        None, 'postfix failed to start']
    assert plesk_schemas.response_problem(answer) is None


def test_a_service_error_must_be_text():
    with pytest.raises(SeedError) as caught:
        fresh({'plesk': {'services': [{'id': 'web', 'state': 'running', 'error': 5}]}})
    assert 'plesk.services[0].error' in str(caught.value)


def test_restart_leaves_a_service_running():
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'stopped'}]}})
    plesk_call(store, '<packet><server><srv_man><id>web</id><operation>restart</operation></srv_man></server></packet>')
    assert services(store) == {'web': 'running'}


MAIN_DOMAIN_LOOKUP = ('<packet><site><get><filter><name>example.com</name><name>EXAMPLE.net</name></filter>'
                      '<dataset><gen_info/></dataset></get></site><webspace><get><filter><name>example.com'
                      '</name></filter><dataset/></get></webspace></packet>')


def test_onyx_finds_the_main_domain_of_a_subscription_only_through_webspace():
    answer = plesk_call(fresh({'profile': 'onyx'}), MAIN_DOMAIN_LOOKUP)
    assert results(answer, 'site/get') == [('error', '1013', 'Site does not exist'), ('ok', None, None)]
    assert answer.findtext('site/get/result[2]/id') == '2'
    assert answer.findtext('site/get/result[2]/data/gen_info/webspace-id') == '1'
    assert answer.findtext('webspace/get/result/id') == '1'


def test_obsidian_site_get_by_name_finds_the_main_domain_with_the_webspaces_id():
    answer = plesk_call(fresh(), MAIN_DOMAIN_LOOKUP)
    assert results(answer, 'site/get') == [('ok', None, None), ('ok', None, None)]
    assert answer.findtext('site/get/result[1]/id') == answer.findtext('webspace/get/result/id') == '1'
    assert answer.findtext('site/get/result[1]/data/gen_info/webspace-id') == '1'
    assert answer.findtext('site/get/result[2]/id') == '2'


@pytest.mark.parametrize('name_lookup, second', [('insensitive', ('ok', None, None)),
                                                 ('exact', ('error', '1013', 'Site does not exist'))])
def test_a_lookup_by_name_ignores_case_unless_the_server_matches_exactly(name_lookup, second):
    answer = plesk_call(fresh({'plesk': {'name_lookup': name_lookup}}), MAIN_DOMAIN_LOOKUP)
    assert results(answer, 'site/get') == [('ok', None, None), second]


@pytest.mark.parametrize('filter_id, echoed', [('echoed', ['example.com', 'EXAMPLE.net']), ('omitted', [None, None])])
def test_results_of_a_filtered_get_echo_its_criteria_only_when_asked_to(filter_id, echoed):
    answer = plesk_call(fresh({'profile': 'onyx', 'plesk': {'get_filter_id': filter_id}}), MAIN_DOMAIN_LOOKUP)
    # Onyx's site get does not find the main domain: the first result is a refusal, the second a site.
    assert results(answer, 'site/get') == [('error', '1013', 'Site does not exist'), ('ok', None, None)]
    assert [result.findtext('filter-id') for result in answer.iterfind('site/get/result')] == echoed


@pytest.mark.parametrize('profile', ['obsidian', 'onyx'])
def test_a_listing_of_every_site_leaves_main_domains_out(profile):
    answer = plesk_call(fresh({'profile': profile}), '<packet><site><get><filter/><dataset/></get></site></packet>')
    assert [result.findtext('id') for result in answer.iterfind('site/get/result')] == ['2', '11']


@pytest.mark.parametrize('profile, expected', [('obsidian', [('ok', None, None)]), ('onyx', [])])
def test_a_listing_with_nothing_to_list_is_as_the_profile_says(profile, expected):
    only_subscriptions = {'profile': profile, 'plesk': {'sites': [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]}}
    answer = plesk_call(fresh(only_subscriptions), '<packet><site><get><filter/><dataset><gen_info/></dataset></get>'
                                                   '</site></packet>')
    assert results(answer, 'site/get') == expected and answer.find('site/get/result/id') is None


def test_mail_service_switches_per_site_and_prefs_show_it():
    store = fresh()
    plesk_call(store, '<packet><mail><disable><site-id>2</site-id></disable><enable><site-id>1</site-id></enable>'
                      '<disable><site-id>99</site-id></disable></mail></packet>')
    answer = plesk_call(store, '<packet><mail><get_prefs><filter><site-id>1</site-id><site-id>2</site-id>'
                               '<site-id>99</site-id></filter></get_prefs></mail></packet>')
    prefs = [(result.findtext('site-id'), result.findtext('prefs/mailservice')) for result in answer.iterfind('mail/get_prefs/result')]
    assert prefs == [('1', 'true'), ('2', 'false'), (None, None)]
    assert results(answer, 'mail/get_prefs')[2] == ('error', '1013', 'Domain does not exist')


PREFS_OF_SEVERAL = '<packet><mail><get_prefs><filter>%s</filter></get_prefs></mail></packet>'


@pytest.mark.parametrize('variant, expected', [
    ('each', [('1', 'true'), ('2', 'true'), (None, None)]),
    ('reversed', [(None, None), ('2', 'true'), ('1', 'true')]),
    ('first_only', [('1', 'true')]),
])
def test_get_prefs_of_several_sites_is_answered_as_the_state_says(variant, expected):
    store = fresh({'plesk': {'get_prefs_several': variant}})
    asked = ''.join('<site-id>%d</site-id>' % site_id for site_id in (1, 2, 99))
    answer = plesk_call(store, PREFS_OF_SEVERAL % asked)
    assert [(result.findtext('site-id'), result.findtext('prefs/mailservice'))
            for result in answer.iterfind('mail/get_prefs/result')] == expected
    # Known sites only: every variant but those that leave sites out answers each.
    answer = plesk_call(store, PREFS_OF_SEVERAL % '<site-id>1</site-id><site-id>2</site-id>')
    assert len(answer.findall('mail/get_prefs/result')) == (1 if variant == 'first_only' else 2)


@pytest.mark.parametrize('variant', ['each', 'first_only', 'reversed'])
def test_every_way_of_answering_get_prefs_of_several_meets_the_official_schema(variant, plesk_schemas):
    asked = ''.join('<site-id>%d</site-id>' % site_id for site_id in (1, 2, 99))
    answer = plesk_call(fresh({'plesk': {'get_prefs_several': variant}}), PREFS_OF_SEVERAL % asked)
    assert plesk_schemas.response_problem(answer) is None


@pytest.mark.parametrize('variant', ['each', 'first_only', 'reversed'])
def test_get_prefs_of_one_site_names_it_whatever_the_variant(variant):
    answer = plesk_call(fresh({'plesk': {'get_prefs_several': variant}}), PREFS_OF_SEVERAL % '<site-id>2</site-id>')
    assert [result.findtext('site-id') for result in answer.iterfind('mail/get_prefs/result')] == ['2']


def mail_on_and_off(variant):
    return {'plesk': {'prefs_mail_off': variant, 'sites': [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'mail_service': True},
        {'id': 2, 'name': 'example.net', 'kind': 'site', 'webspace_id': 1, 'mail_service': False}]}}


@pytest.mark.parametrize('variant, mailservice, children', [
    ('mailservice', 'false', ['nonexistent-user', 'webmail', 'spam-protect-sign', 'greylisting', 'mailservice']),
    ('omitted', None, ['nonexistent-user', 'webmail', 'spam-protect-sign', 'greylisting']),
    ('none', None, ['none']),
])
def test_get_prefs_of_a_site_with_mail_off_is_answered_as_the_state_says(variant, mailservice, children):
    answer = plesk_call(fresh(mail_on_and_off(variant)), PREFS_OF_SEVERAL % '<site-id>1</site-id><site-id>2</site-id>')
    on, off = answer.iterfind('mail/get_prefs/result')
    # A site with mail on is answered the same whatever the variant.
    assert on.findtext('site-id') == '1' and on.findtext('prefs/mailservice') == 'true'
    assert off.findtext('site-id') == '2' and off.findtext('prefs/mailservice') == mailservice
    assert [child.tag for child in off.find('prefs')] == children


def test_get_prefs_and_get_info_of_a_site_with_mail_off_can_be_refused():
    state = mail_on_and_off('refused')
    state['plesk']['get_info_mail_off'] = 'refused'
    store = fresh(state)
    prefs = plesk_call(store, PREFS_OF_SEVERAL % '<site-id>1</site-id><site-id>2</site-id>')
    on, off = prefs.iterfind('mail/get_prefs/result')
    assert on.findtext('prefs/mailservice') == 'true'
    refusal = ('error', '1023', 'There is no DSMail service for domain with id = 2')
    assert (off.findtext('status'), off.findtext('errcode'), off.findtext('errtext')) == refusal
    info = plesk_call(store, '<packet><mail><get_info><filter><site-id>1</site-id></filter></get_info>'
                             '<get_info><filter><site-id>2</site-id></filter></get_info></mail></packet>')
    assert results(info, 'mail/get_info[1]') == [('ok', None, None)] and results(info, 'mail/get_info[2]') == [refusal]


@pytest.mark.parametrize('variant', ['mailservice', 'omitted', 'none', 'refused'])
def test_every_way_of_describing_a_site_with_mail_off_meets_the_official_schema(variant, plesk_schemas):
    answer = plesk_call(fresh(mail_on_and_off(variant)), PREFS_OF_SEVERAL % '<site-id>1</site-id><site-id>2</site-id>')
    assert plesk_schemas.response_problem(answer) is None


SET_PREFS = '<packet><mail><set_prefs><filter>%s</filter><prefs>%s</prefs></set_prefs></mail></packet>'


def prefs_of(store, *site_ids):
    answer = plesk_call(store, PREFS_OF_SEVERAL % ''.join('<site-id>%d</site-id>' % site_id for site_id in site_ids))
    return list(answer.iterfind('mail/get_prefs/result'))


def test_set_prefs_sets_what_it_names_for_each_site_and_leaves_the_rest():
    store = fresh()
    answer = plesk_call(store, SET_PREFS % ('<site-id>2</site-id><site-id>99</site-id><site-id>11</site-id>',
                                            '<nonexistent-user><bounce>  Gone,   for good </bounce></nonexistent-user>'
                                            '<webmail>roundcube</webmail>'))
    assert results(answer, 'mail/set_prefs') == [('ok', None, None), ('error', '1013', 'Domain does not exist'),
                                                 ('ok', None, None)]
    assert [result.findtext('site-id') for result in answer.iterfind('mail/set_prefs/result')] == ['2', None, '11']
    for result in prefs_of(store, 2, 11):
        # Greylisting untouched; the bounce's blanks collapsed, as the schema's type has them.
        assert result.findtext('prefs/webmail') == 'roundcube' and result.findtext('prefs/greylisting') == 'true'
        assert result.findtext('prefs/nonexistent-user/bounce') == 'Gone, for good'
    assert prefs_of(store, 1)[0].findtext('prefs/webmail') == 'horde'


@pytest.mark.parametrize('prefs, refusal', [
    ('<webmail>squirrelmail</webmail>', ('error', '1019', "Unknown webmail 'squirrelmail' for domain with id = 2")),
    ('<webmail>RoundCube</webmail>', ('error', '1019', "Unknown webmail 'RoundCube' for domain with id = 2")),
    ('<nonexistent-user><forward>nowhere</forward></nonexistent-user>',
     ('error', '1019', "Invalid e-mail address 'nowhere'")),
])
def test_set_prefs_refuses_what_the_server_cannot_take_and_changes_nothing(prefs, refusal):
    store = fresh()
    answer = plesk_call(store, SET_PREFS % ('<site-id>2</site-id>', prefs + '<greylisting>false</greylisting>'))
    assert results(answer, 'mail/set_prefs') == [refusal]
    assert prefs_of(store, 2)[0].findtext('prefs/greylisting') == 'true'


@pytest.mark.parametrize('variant, outcome', [
    ('refused', ('error', '1023', 'There is no DSMail service for domain with id = 2')), ('applied', ('ok', None, None))])
def test_set_prefs_of_a_site_with_mail_off_is_refused_or_taken_as_the_state_says(variant, outcome):
    state = mail_on_and_off('mailservice')
    state['plesk']['set_prefs_mail_off'] = variant
    store = fresh(state)
    answer = plesk_call(store, SET_PREFS % ('<site-id>2</site-id>', '<greylisting>false</greylisting>'))
    assert results(answer, 'mail/set_prefs') == [outcome]
    assert prefs_of(store, 2)[0].findtext('prefs/greylisting') == ('false' if variant == 'applied' else 'true')


@pytest.mark.parametrize('action, prefs', [
    ('bounce', '<nonexistent-user><bounce>Gone.</bounce></nonexistent-user>'),
    ('forward', '<nonexistent-user><forward>pm@example.org</forward></nonexistent-user>'),
    ('reject', '<nonexistent-user><reject/></nonexistent-user>'),
])
@pytest.mark.parametrize('greylisting', ['reported', 'omitted'])
@pytest.mark.parametrize('dkim', ['reported', 'omitted'])
def test_set_prefs_and_get_prefs_meet_the_official_schema_each_way(action, prefs, greylisting, dkim, plesk_schemas):
    store = fresh({'plesk': {'prefs_greylisting': greylisting, 'prefs_dkim': dkim}})
    settings = '<webmail>none</webmail><spam-protect-sign>false</spam-protect-sign><greylisting>false</greylisting>'
    request = SET_PREFS % ('<site-id>2</site-id>', prefs + settings)
    answer = plesk_call(store, request)
    assert plesk_schemas.response_problem(answer) is None
    prefs_answer = plesk_call(store, PREFS_OF_SEVERAL % '<site-id>2</site-id>')
    assert plesk_schemas.response_problem(prefs_answer) is None
    result, = prefs_answer.iterfind('mail/get_prefs/result')
    assert result.find('prefs/nonexistent-user')[0].tag == action
    assert (result.find('prefs/greylisting') is not None) is (greylisting == 'reported')
    assert result.findtext('prefs/spam-protect-sign') == ('false' if dkim == 'reported' else None)


@pytest.mark.parametrize('seeded, sent, reported', [(None, None, 'false'), (True, None, 'true'), (True, '0', 'false'),
                                                    (False, 'true', 'true')])
def test_dkim_signing_is_kept_per_site_and_reported_where_the_live_answer_has_it(seeded, sent, reported):
    state = {} if seeded is None else {'plesk': {'sites': [{'id': 2, 'name': 'example.net', 'spam_protect_sign': seeded}]}}
    store = fresh(state)
    if sent is not None:
        answer = plesk_call(store, SET_PREFS % ('<site-id>2</site-id>', '<spam-protect-sign>%s</spam-protect-sign>' % sent))
        assert results(answer, 'mail/set_prefs') == [('ok', None, None)]
    prefs = prefs_of(store, 2)[0].find('prefs')
    assert [child.tag for child in prefs][1:3] == ['webmail', 'spam-protect-sign']
    assert prefs.findtext('spam-protect-sign') == reported


def test_dkim_signing_can_be_left_out_of_get_prefs_and_still_be_set():
    store = fresh({'plesk': {'prefs_dkim': 'omitted'}})
    answer = plesk_call(store, SET_PREFS % ('<site-id>2</site-id>', '<spam-protect-sign>true</spam-protect-sign>'))
    assert results(answer, 'mail/set_prefs') == [('ok', None, None)]
    prefs = prefs_of(store, 2)[0].find('prefs')
    assert [child.tag for child in prefs] == ['nonexistent-user', 'webmail', 'greylisting', 'mailservice']
    assert store.data['plesk']['sites'][1]['spam_protect_sign'] is True


@pytest.mark.parametrize('filter_, prefs', [('<site-id>2</site-id>', '<mailservice>false</mailservice>'),
                                            ('', '<greylisting>false</greylisting>')])
def test_a_set_prefs_the_emulator_does_not_play_is_unsupported(filter_, prefs):
    answer = plesk_call(fresh(), SET_PREFS % (filter_, prefs))
    assert system_error(answer)[0] == 1017


@pytest.mark.parametrize('missing, expected', [('omit', []), ('error', [('error', '1013', 'mail does not exist')]),
                                               ('error_other_code', [('error', '1023', 'mail does not exist')])])
def test_get_info_answers_missing_names_as_the_state_says(missing, expected):
    store = fresh({'plesk': {'get_info_missing': missing}})
    answer = plesk_call(store, '<packet><mail><get_info><filter><site-id>11</site-id><name>admin</name><name>ghost</name>'
                               '</filter></get_info></mail></packet>')
    assert answer.findtext('mail/get_info/result[1]/mailname/name') == 'admin'
    assert results(answer, 'mail/get_info')[1:] == expected


def test_get_info_of_a_site_without_mailboxes_is_one_empty_ok_result():
    answer = plesk_call(fresh(), '<packet><mail><get_info><filter><site-id>2</site-id></filter></get_info></mail></packet>')
    assert results(answer, 'mail/get_info') == [('ok', None, None)]
    assert answer.find('mail/get_info/result/mailname') is None


@pytest.mark.parametrize('site, old, new, code', [
    (99, 'admin', 'x', '1013'),
    (11, 'ghost', 'x', '1013'),
    (11, 'admin', 'common', '1007'),
    (11, 'admin', 'bad name', '1019'),
])
def test_rename_errors(site, old, new, code):
    store = fresh()
    answer = plesk_call(store, '<packet><mail><rename><site-id>%d</site-id><name>%s</name><new-name>%s</new-name>'
                               '</rename></mail></packet>' % (site, old, new))
    assert results(answer, 'mail/rename')[0][:2] == ('error', code)


def test_rename_needs_the_mail_service():
    store = fresh()
    plesk_call(store, '<packet><mail><disable><site-id>11</site-id></disable></mail></packet>')
    answer = plesk_call(store, '<packet><mail><rename><site-id>11</site-id><name>admin</name><new-name>boss</new-name>'
                               '</rename></mail></packet>')
    assert results(answer, 'mail/rename') == [('error', '1023', 'There is no DSMail service for domain with id = 11')]


def test_webmail_lifecycle():
    store = fresh({'profile': 'onyx'})
    plesk_call(store, '<packet><webmail><register><filter><service><name>Roundcube</name><url>https://rc.example.com</url>'
                      '<status>disabled</status></service></filter></register></webmail></packet>')
    supported = plesk_call(store, '<packet><webmail><get-supported/></webmail><webmail><get-available/></webmail></packet>')
    listed = [(item.findtext('name'), item.findtext('status'), item.findtext('url'))
              for item in supported.iterfind('webmail/get-supported/result/webmail')]
    assert listed == [('Horde', 'true', 'http://webmail.example.com/horde'), ('Roundcube', 'false', 'https://rc.example.com')]
    assert [item.findtext('name') for item in supported.iterfind('webmail/get-available/result/webmail')] == ['Horde']
    again = plesk_call(store, '<packet><webmail><register><filter><service><name>roundcube</name><url>x</url></service>'
                              '</filter></register></webmail></packet>')
    assert results(again, 'webmail/register')[0][:2] == ('error', '1007')
    enabled = plesk_call(store, '<packet><webmail><enable><filter><name>Roundcube</name></filter></enable></webmail></packet>')
    assert enabled.findtext('webmail/enable/result/webmail/status') == 'true'
    gone = plesk_call(store, '<packet><webmail><unregister><filter><name>Horde</name><name>Nope</name></filter>'
                             '</unregister></webmail></packet>')
    assert results(gone, 'webmail/unregister') == [('ok', None, None), ('error', '1013', "Webmail service 'Nope' does not exist")]


WEBMAIL_READ = '<packet%s><webmail><get-supported/></webmail></packet>'


@pytest.mark.parametrize('seed', [{}, {'profile': 'onyx', 'plesk': {'webmail_operator': False}},
                                  {'plesk': {'webmail_operator': 'absent'}}])
def test_a_server_without_the_webmail_operator_rejects_it_like_an_unknown_element(seed):
    code, text = system_error(plesk_call(fresh(seed), WEBMAIL_READ % ''))
    assert code == 1014 and "Element 'webmail': This element is not expected" in text


@pytest.mark.parametrize('version, accepted', [(None, False), ('1.6.9.1', False), ('1.6.9.0', True), ('1.6.7.0', True)])
def test_the_pinned_variant_serves_webmail_only_to_packets_pinned_to_an_older_protocol(version, accepted):
    store = fresh({'plesk': {'webmail_operator': 'pinned'}})
    answer = plesk_call(store, WEBMAIL_READ % (' version="%s"' % version if version else ''))
    assert (system_error(answer) is None) is accepted


@pytest.mark.parametrize('key, value', [('webmail_operator', 'maybe'), ('empty_listing', 'blank'),
                                        ('main_domain_in_site_get', 'yes'), ('get_info_missing', 'ignore'),
                                        ('get_filter_id', 'sometimes'), ('get_prefs_several', 'some'), ('prefs_mail_off', 'off'),
                                        ('protocols', []), ('protocol_version', '2.0.0.0')])
def test_bad_behaviour_values_are_refused_naming_the_key(key, value):
    with pytest.raises(SeedError) as caught:
        fresh({'plesk': {key: value}})
    assert 'plesk.%s' % key in str(caught.value)


def test_behaviours_mix_across_profiles():
    store = fresh({'profile': 'onyx', 'plesk': {'get_info_missing': 'error', 'main_domain_in_site_get': True}})
    assert store.data['plesk']['protocol_version'] == '1.6.7.0' and store.data['plesk']['webmail_operator'] == 'present'
    answer = plesk_call(store, MAIN_DOMAIN_LOOKUP)
    assert answer.findtext('site/get/result[1]/id') == '1'


def test_reset_to_another_profile_replays_the_seed_under_it():
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'stopped'}]}})
    store.reset('onyx')
    assert store.data['profile'] == 'onyx' and store.data['plesk']['protocol_version'] == '1.6.7.0'
    assert services(store) == {'web': 'stopped'}
    store.reset()
    assert store.data['profile'] == 'onyx'


def test_unimplemented_but_valid_requests_say_so():
    code, text = system_error(plesk_call(fresh(), '<packet><server><get><gen_info/></get></server></packet>'))
    assert code == 1017 and 'does not implement' in text


@pytest.mark.parametrize('seed, words', [
    ({'plesk': {'services': [{'id': 'web', 'state': 'runing'}]}}, 'plesk.services[0].state'),
    ({'plesk': {'sites': [{'id': 'one', 'name': 'a.test'}]}}, 'plesk.sites[0].id'),
    ({'plesk': {'sites': [{'id': 1, 'name': 'a.test'}, {'id': 1, 'name': 'b.test'}]}}, 'duplicate site id'),
    ({'plesk': {'colour': 'blue'}}, 'unknown keys colour'),
    ({'brainycp': {'mailserver': {'queue': [{'id': 'nope'}]}}}, 'brainycp.mailserver.queue[0].id'),
    ({'brainycp': {'http_gate': 500}}, 'brainycp.http_gate'),
    ({'panel': {}}, 'unknown keys panel'),
    ({'profile': 'plesk12'}, 'profile: expected one of obsidian, onyx'),
])
def test_bad_seeds_are_refused_naming_the_field(seed, words):
    with pytest.raises(SeedError) as caught:
        fresh(seed)
    assert words in str(caught.value)


def test_a_seed_keeps_the_defaults_it_does_not_mention():
    store = fresh({'plesk': {'services': [{'id': 'web', 'state': 'stopped'}]}})
    assert [site['name'] for site in store.data['plesk']['sites']] == ['example.com', 'example.net', 'example.org']
    assert store.data['brainycp']['users'][0]['username'] == 'root'


@pytest.mark.parametrize('setting, words', [
    ({'action': 'drop'}, "plesk.sites[0].nonexistent_user.action: expected one of bounce, forward, reject, got 'drop'"),
    ({'action': 'forward'}, "plesk.sites[0].nonexistent_user.address: expected a non-empty string, got None"),
    ({'action': 'reject', 'message': 'x'}, 'plesk.sites[0].nonexistent_user: unknown keys message for action reject'),
    ('reject', "plesk.sites[0].nonexistent_user: expected a mapping with an action, got 'reject'"),
])
def test_a_seed_with_a_bad_setting_for_mail_to_unknown_names_is_refused_naming_it(setting, words):
    with pytest.raises(SeedError) as caught:
        fresh({'plesk': {'sites': [{'id': 1, 'name': 'example.com', 'nonexistent_user': setting}]}})
    assert words in str(caught.value)
