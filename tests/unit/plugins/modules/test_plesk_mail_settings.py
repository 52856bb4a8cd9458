# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from lxml import etree

from ansible_collections.hosting.panels.plugins.modules import plesk_mail_settings
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import answers_of, fresh
from ansible_collections.hosting.panels.tests.unit.harness.answers import answer, done, lookup, ok_result, prefs
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import plesk

CONNECTION = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word'}
BOUNCE = {'action': 'bounce', 'text': 'This address no longer accepts mail.', 'address': None}


def run(args, **kwargs):
    return run_module(plesk_mail_settings, dict(CONNECTION, **args), **kwargs)


def emulated(wire, store, packets):
    wire.expect(*[plesk('', respond=answers_of(store)) for dummy in range(packets)])


def site(store, site_id):
    return next(item for item in store.data['plesk']['sites'] if item['id'] == site_id)


def set_prefs_sent(wire):
    """The prefs of each set_prefs the module sent: ``{site id: [(tag, text or child tag)]}``."""
    sent = {}
    for packet in wire.plesk_packets():
        for operation in etree.fromstring(packet.body).iterfind('mail/set_prefs'):
            prefs = operation.find('prefs')
            sent.setdefault(int(operation.findtext('filter/site-id')), []).extend(
                (child.tag, child[0].tag if len(child) else child.text) for child in prefs)
    return sent


def test_check_mode_reports_the_change_and_changes_nothing(wire):
    store = fresh()
    emulated(wire, store, 1)
    result = run({'site_id': [2], 'webmail': 'roundcube'}, check_mode=True, diff=True)
    assert not result.failed and result['changed'] is True
    unchanged = {'dkim_signing': False, 'greylisting': True, 'nonexistent_user': BOUNCE}
    assert result['sites'] == [{'name': 'example.net', 'id': 2, 'changed': True,
                                'settings_before': dict(unchanged, webmail='horde'),
                                'settings_after': dict(unchanged, webmail='roundcube')}]
    assert result['diff']['before']['example.net']['webmail'] == 'horde'
    assert result['diff']['after']['example.net']['webmail'] == 'roundcube'
    assert site(store, 2)['webmail'] == 'horde'


def test_one_write_packet_carries_only_what_differs_and_the_same_again_is_ok(wire):
    store = fresh({'plesk': {'sites': [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace', 'webmail': 'roundcube'},
        {'id': 2, 'name': 'example.net', 'webspace_id': 1},
        {'id': 11, 'name': 'example.org', 'webspace_id': 1, 'webmail': 'roundcube', 'greylisting': False,
         'nonexistent_user': {'action': 'forward', 'address': 'postmaster@example.org'}}]}})
    args = {'site': ['example.com'], 'site_id': [2, 11], 'webmail': 'roundcube', 'greylisting': False,
            'nonexistent_user': {'action': 'forward', 'address': 'Postmaster@example.org'}}
    emulated(wire, store, 3)
    result = run(args)
    assert not result.failed and result['changed'] is True
    assert [(entry['name'], entry['changed']) for entry in result['sites']] == [
        ('example.com', True), ('example.net', True), ('example.org', False)]
    # The address is compared without case: example.org already forwards there.
    # An operation per setting, each with only that setting.
    assert set_prefs_sent(wire) == {
        1: [('greylisting', 'false'), ('nonexistent-user', 'forward')],
        2: [('webmail', 'roundcube'), ('greylisting', 'false'), ('nonexistent-user', 'forward')]}
    assert all(len(operation.find('prefs')) == 1 for packet in wire.plesk_packets()
               for operation in etree.fromstring(packet.body).iterfind('mail/set_prefs'))
    for site_id in (1, 2):
        assert site(store, site_id)['greylisting'] is False
        assert site(store, site_id)['nonexistent_user'] == {'action': 'forward', 'address': 'Postmaster@example.org'}
    assert site(store, 2)['webmail'] == 'roundcube'

    emulated(wire, store, 2)
    again = run(dict(args, report='changes'))
    assert not again.failed and again['changed'] is False
    assert again['changed_sites'] == [] and 'sites' not in again


@pytest.mark.parametrize('given, kept', [
    ({'action': 'reject'}, {'action': 'reject'}),
    # The emulator keeps a bounce's text as its message.
    ({'action': 'bounce', 'text': 'Gone & away <for good>'}, {'action': 'bounce', 'message': 'Gone & away <for good>'}),
])
def test_mail_to_unknown_names_is_set_and_then_left_alone(wire, given, kept):
    store = fresh()
    emulated(wire, store, 2)
    result = run({'site_id': [2], 'nonexistent_user': given})
    assert not result.failed and result['changed'] is True
    assert site(store, 2)['nonexistent_user'] == kept
    emulated(wire, store, 1)
    assert run({'site_id': [2], 'nonexistent_user': given})['changed'] is False


def test_webmail_is_compared_without_case(wire):
    emulated(wire, fresh(), 1)
    result = run({'site_id': [2], 'webmail': 'HORDE'})
    assert not result.failed and result['changed'] is False


def test_dkim_signing_goes_as_spam_protect_sign_per_site_and_the_same_again_is_ok(wire):
    store = fresh({'plesk': {'sites': [{'id': 2, 'name': 'example.net', 'spam_protect_sign': True},
                                       {'id': 11, 'name': 'example.org'}]}})
    emulated(wire, store, 2)
    result = run({'dkim_signing': False, 'sites': [{'site_id': 2}, {'site_id': 11, 'dkim_signing': True}]}, diff=True)
    assert not result.failed and result['changed'] is True
    assert set_prefs_sent(wire) == {2: [('spam-protect-sign', 'false')], 11: [('spam-protect-sign', 'true')]}
    assert [(entry['settings_before']['dkim_signing'], entry['settings_after']['dkim_signing'])
            for entry in result['sites']] == [(True, False), (False, True)]
    assert result['diff']['after']['example.org']['dkim_signing'] is True
    assert (site(store, 2)['spam_protect_sign'], site(store, 11)['spam_protect_sign']) == (False, True)
    emulated(wire, store, 1)
    again = run({'dkim_signing': False, 'sites': [{'site_id': 2}, {'site_id': 11, 'dkim_signing': True}]})
    assert not again.failed and again['changed'] is False


@pytest.mark.parametrize('behaviour, setting, field, wanted', [
    # The one get_prefs recorded from a live Obsidian server has no <greylisting> (research: plesk_dkim_powerdns).
    ('prefs_greylisting', 'greylisting', 'greylisting', False),
    # The documentation: spam-protect-sign is there only where DomainKeys is available on the server.
    ('prefs_dkim', 'dkim_signing', 'spam_protect_sign', True),
])
def test_a_setting_plesk_does_not_report_is_left_alone_with_a_warning(wire, behaviour, setting, field, wanted):
    store = fresh({'plesk': {behaviour: 'omitted'}})
    kept = site(store, 2)[field]
    emulated(wire, store, 2)
    result = run({'site_id': [2], setting: wanted, 'webmail': 'roundcube'})
    assert not result.failed and result['changed'] is True
    assert set_prefs_sent(wire) == {2: [('webmail', 'roundcube')]}
    assert result['sites'][0]['settings_before'][setting] is None
    assert 'Plesk did not report %s of example.net (id 2)' % setting in str(result.get('warnings'))
    assert site(store, 2)[field] == kept != wanted


@pytest.mark.parametrize('variant, failed', [('refused', True), ('applied', False)])
def test_a_site_whose_mail_is_off_is_refused_or_taken_as_the_panel_does(wire, variant, failed):
    store = fresh({'plesk': {'set_prefs_mail_off': variant, 'sites': [
        {'id': 1, 'name': 'example.com', 'kind': 'webspace'},
        {'id': 2, 'name': 'example.net', 'webspace_id': 1, 'mail_service': False}]}})
    emulated(wire, store, 2)
    result = run({'site_id': [1, 2], 'greylisting': False})
    assert result.failed is failed and result['changed'] is True
    one, two = result['sites']
    assert one['changed'] is True and site(store, 1)['greylisting'] is False
    if failed:
        assert two['changed'] is False and two['settings_after'] == two['settings_before']
        assert two['error'] == {'code': 1023, 'text': 'There is no DSMail service for domain with id = 2'}
        assert 'example.net (id 2)' in result['msg'] and result['error']['code'] == 1023
        assert site(store, 2)['greylisting'] is True
    else:
        assert two['changed'] is True and site(store, 2)['greylisting'] is False


def test_a_webmail_the_panel_does_not_have_fails_with_its_error(wire):
    store = fresh()
    emulated(wire, store, 2)
    result = run({'site_id': [2], 'webmail': 'squirrelmail'})
    assert result.failed and result['changed'] is False
    assert result['error']['code'] == 1019 and 'squirrelmail' in result['msg']
    assert site(store, 2)['webmail'] == 'horde'


@pytest.mark.parametrize('args, words', [
    ({'site_id': [2]}, 'give one of webmail, dkim_signing, greylisting and nonexistent_user'),
    ({'webmail': 'roundcube'}, 'one of the following is required: site, site_id, sites'),
    ({'sites': [{'site_id': 2}]}, 'sites[0] gives none of webmail, dkim_signing, greylisting and nonexistent_user, and '
                                  'the task gives none either'),
    ({'sites': [{'site_id': 2, 'site': 'example.net'}], 'greylisting': True},
     "sites[0]: give exactly one of site and site_id, got site='example.net', site_id=2"),
    ({'sites': [{'site_id': 2, 'nonexistent_user': {'action': 'forward', 'address': 'x'}}]},
     "sites[0].nonexistent_user.address must be one mail address, such as postmaster@example.com, got 'x'"),
    ({'sites': [], 'greylisting': True}, 'sites must not be an empty list'),
    ({'site_id': [2], 'webmail': ' '}, "webmail must not be empty, got ' '"),
    ({'site_id': [2], 'nonexistent_user': {'action': 'forward'}}, 'nonexistent_user.address is required with action forward'),
    ({'site_id': [2], 'nonexistent_user': {'action': 'bounce'}}, 'nonexistent_user.text is required with action bounce'),
    ({'site_id': [2], 'nonexistent_user': {'action': 'reject', 'text': 'x'}},
     "nonexistent_user.text goes only with action bounce, got 'x' with action reject"),
    ({'site_id': [2], 'nonexistent_user': {'action': 'bounce', 'text': 'x', 'address': 'a@b.c'}},
     "nonexistent_user.address goes only with action forward, got 'a@b.c' with action bounce"),
    ({'site_id': [2], 'nonexistent_user': {'action': 'forward', 'address': 'postmaster'}},
     "nonexistent_user.address must be one mail address, such as postmaster@example.com, got 'postmaster'"),
    ({'site_id': [2], 'nonexistent_user': {'action': 'bounce', 'text': 'two\nlines'}},
     "nonexistent_user.text must not contain line breaks or other control characters, got 'two\\nlines'"),
    ({'site_id': [0], 'greylisting': True}, 'site_id must contain positive ids, got [0]'),
    ({'site': ['bad\nname'], 'greylisting': True}, 'site must not contain line breaks'),
])
def test_bad_input_fails_naming_the_field_before_any_request(wire, args, words):
    result = run(args)
    assert result.failed and words in result['msg']
    assert wire.sent == []


def test_sites_take_settings_of_their_own_over_the_tasks_in_one_write_packet(wire):
    store = fresh()
    emulated(wire, store, 3)
    result = run({'webmail': 'roundcube', 'report': 'changes', 'sites': [
        {'site': 'example.org', 'greylisting': False}, {'site_id': 2, 'webmail': 'none'}, {'site_id': 1}]})
    assert not result.failed and result['changed'] is True
    assert result['changed_sites'] == ['example.org', 'example.net', 'example.com']
    assert set_prefs_sent(wire) == {11: [('webmail', 'roundcube'), ('greylisting', 'false')],
                                    2: [('webmail', 'none')], 1: [('webmail', 'roundcube')]}
    assert [site(store, site_id)['webmail'] for site_id in (1, 2, 11)] == ['roundcube', 'none', 'roundcube']


def test_a_site_named_twice_with_different_settings_fails_after_the_read_before_any_change(wire):
    store = fresh()
    emulated(wire, store, 2)
    result = run({'sites': [{'site': 'example.net', 'greylisting': False}, {'site_id': 2, 'greylisting': True}]})
    assert result.failed and not result.get('changed')
    assert ("example.net (id 2) is named twice, as 'example.net' and 2, with different settings (greylisting); nothing "
            "was changed" in result['msg'])
    assert wire.plesk_packets() and not set_prefs_sent(wire)


def test_a_refused_setting_stays_as_it_was_while_the_others_of_the_site_apply(wire):
    store = fresh()
    emulated(wire, store, 2)
    result = run({'site_id': [2], 'webmail': 'squirrelmail', 'greylisting': False})
    assert result.failed and result['changed'] is True
    entry, = result['sites']
    assert entry['changed'] is True and entry['error']['code'] == 1019
    assert entry['settings_after']['webmail'] == 'horde' and entry['settings_after']['greylisting'] is False
    assert "set_prefs failed for example.net (id 2), webmail 'squirrelmail': [1019]" in result['msg']
    assert site(store, 2)['webmail'] == 'horde' and site(store, 2)['greylisting'] is False


def test_a_bounce_message_is_sent_with_its_blanks_collapsed_as_plesk_keeps_it(wire):
    store = fresh()
    emulated(wire, store, 2)
    given = {'action': 'bounce', 'text': '  No such   user here. '}
    result = run({'site_id': [2], 'nonexistent_user': given})
    assert not result.failed and result['changed'] is True
    assert site(store, 2)['nonexistent_user'] == {'action': 'bounce', 'message': 'No such user here.'}
    emulated(wire, store, 1)
    assert run({'site_id': [2], 'nonexistent_user': given})['changed'] is False


def test_one_site_named_twice_with_the_same_settings_in_another_case_is_one_site(wire):
    emulated(wire, fresh(), 2)
    result = run({'sites': [{'site': 'example.net', 'webmail': 'Horde'}, {'site_id': 2, 'webmail': 'horde'}]})
    assert not result.failed and result['changed'] is False and len(result['sites']) == 1


def test_an_action_this_module_does_not_know_is_reported_by_name_and_replaced(wire):
    read = plesk(answer(lookup(2, 2, 'example.net'), prefs(2, unknown_names='<quarantine/>')))
    wire.expect(read, plesk(answer(done('mail', 'set_prefs'))))
    result = run({'site_id': [2], 'nonexistent_user': {'action': 'reject'}})
    assert not result.failed and result['changed'] is True
    assert result['sites'][0]['settings_before']['nonexistent_user'] == {
        'action': 'quarantine', 'text': None, 'address': None}


def test_the_get_prefs_a_live_obsidian_server_answered_is_read_as_it_stands(wire):
    # The shape of the one get_prefs recorded from a live 1.6.9.1 server (research: svdleer/plesk_dkim_powerdns):
    # DKIM signing (spam-protect-sign), webmail-certificate (which the module does not manage), no greylisting.
    live = ('<site-id>2</site-id><prefs><nonexistent-user><reject/></nonexistent-user><webmail>horde</webmail>'
            '<spam-protect-sign>true</spam-protect-sign><mailservice>true</mailservice>'
            '<webmail-certificate>Example Wildcard</webmail-certificate></prefs>')
    wire.expect(plesk(answer(lookup(2, 2, 'example.net'), ('mail', 'get_prefs', ok_result(live)))))
    result = run({'site_id': [2], 'webmail': 'horde', 'greylisting': True, 'nonexistent_user': {'action': 'reject'},
                  'dkim_signing': True})
    assert not result.failed and result['changed'] is False
    assert result['sites'][0]['settings_before'] == {
        'webmail': 'horde', 'dkim_signing': True, 'greylisting': None,
        'nonexistent_user': {'action': 'reject', 'text': None, 'address': None}}
    assert 'Plesk did not report greylisting of example.net (id 2)' in str(result['warnings'])


def test_a_lost_answer_is_read_back_and_a_site_partly_made_is_reported_setting_by_setting(wire):
    # Each setting is its own operation: the read-back may show one of a site's settings made and not the other.
    read = plesk(answer(lookup(2, 2, 'example.net'), prefs(2)))
    write = plesk(answer(done('mail', 'set_prefs'), done('mail', 'set_prefs')))
    write.cut_after = 10
    read_back = plesk(answer(lookup(2, 2, 'example.net'), prefs(2, webmail='roundcube')))
    wire.expect(read, write, read_back)
    result = run({'site_id': [2], 'webmail': 'roundcube', 'greylisting': False})
    assert result.failed and result['changed'] is True and result['error']['may_have_applied'] is True
    entry, = result['sites']
    assert entry['changed'] is True
    assert entry['settings_after']['webmail'] == 'roundcube' and entry['settings_after']['greylisting'] is None
    assert ('the state read back shows these changes not made yet (the panel may still be making them): '
            'example.net (id 2) (webmail made, greylisting not)') in result['msg']
    # Nothing was sent twice.
    assert len([sent for sent in wire.plesk_packets() if b'set_prefs' in sent.body]) == 1


def test_a_refusal_names_the_setting_and_its_value(wire):
    store = fresh()
    emulated(wire, store, 2)
    result = run({'site_id': [2], 'nonexistent_user': {'action': 'forward', 'address': 'pm@example.net'},
                  'webmail': 'squirrelmail'})
    assert "example.net (id 2), webmail 'squirrelmail': [1019]" in result['msg']
    assert result['error']['subject'] == "example.net (id 2), webmail 'squirrelmail'"
    assert site(store, 2)['nonexistent_user'] == {'action': 'forward', 'address': 'pm@example.net'}
