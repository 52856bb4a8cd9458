#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_settings
short_description: Set the webmail, DKIM signing, greylisting and mail to unknown names of Plesk sites
version_added: 0.1.0
description:
  - Sets the mail preferences of one or more Plesk sites through the XML API operation C(mail set_prefs) - which
    webmail the site offers, whether its outgoing mail is signed with DKIM, whether greylisting applies to its mail,
    and what becomes of mail to a name the site does not have - the settings Plesk shows on a site's Mail Settings
    page.
  - Works with Plesk Obsidian (XML API protocol 1.6.9.1), where a site's webmail is one of its mail preferences
    (M(hosting.panels.plesk_webmail) manages the server-wide webmail services of older protocols).
  - Reads the preferences of every site first (C(mail get_prefs)), in one packet (one more asks each site on its
    own when Plesk's answer does not name every site asked exactly once), then sends one packet with one
    C(set_prefs) for each setting of each site that differs; nothing when all are as asked. Sites given by domain
    name take one more packet first, which finds them.
  - Each setting goes in an operation of its own, so that a setting Plesk refuses is known to be the one refused,
    and the others of the site still apply.
  - Only the settings the task gives are managed; the others stay as they are.
  - An unknown site fails before anything changes.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.plesk
  - hosting.panels.attributes
  - hosting.panels.attributes.actiongroup_plesk
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  site:
    description:
      - Domain names of the sites, for example V(example.com). The main domain of a subscription
        (webspace) is accepted as well as any other site.
      - One of O(site), O(site_id) and O(sites) is required; O(site) and O(site_id) may be given together,
        and a site named twice is handled once.
    type: list
    elements: str
    aliases: [domain]
  site_id:
    description:
      - Plesk ids of the sites (the C(site-id) of the XML API; for a subscription's main domain, the id
        of the webspace).
    type: list
    elements: int
  sites:
    description:
      - Sites each with settings of its own, to give sites different settings in one task, with one packet of
        changes.
      - Mutually exclusive with O(site) and O(site_id). A setting an entry does not give is the task's, when the
        task gives it. Naming one site twice with different settings fails before anything changes.
    type: list
    elements: dict
    suboptions:
      site:
        description:
          - Domain name of the site. Give exactly one of O(sites[].site) and O(sites[].site_id).
        aliases: [domain]
        type: str
      site_id:
        description:
          - Plesk id of the site.
        type: int
      webmail:
        description:
          - The webmail of this site, as O(webmail).
        type: str
      dkim_signing:
        description:
          - Whether the outgoing mail of this site is signed with DKIM, as O(dkim_signing).
        type: bool
      greylisting:
        description:
          - Whether greylisting applies to the mail of this site, as O(greylisting).
        type: bool
      nonexistent_user:
        description:
          - What becomes of mail to a name this site does not have, as O(nonexistent_user).
        type: dict
        suboptions:
          action:
            description:
              - As O(nonexistent_user.action).
            type: str
            choices: [bounce, forward, reject]
            required: true
          text:
            description:
              - As O(nonexistent_user.text).
            type: str
          address:
            description:
              - As O(nonexistent_user.address).
            type: str
  webmail:
    description:
      - The webmail the sites offer, as Plesk names it, for example V(roundcube), V(horde) or V(none) (no webmail).
        Which names a server takes depends on the webmail software installed on it.
      - Compared with what Plesk reports without regard to case.
      - With O(sites), the webmail of the sites that do not give their own.
    type: str
  dkim_signing:
    description:
      - Whether Plesk signs the outgoing mail of the sites with DKIM (the preference C(spam-protect-sign) of the
        XML API; "Use DKIM spam protection system to sign outgoing email messages" on the Mail Settings page).
      - It takes effect only where signing outgoing mail is allowed for the whole server (Plesk's Mail Server
        Settings, allowed by default); whether Plesk refuses the setting where it is not allowed, or keeps it
        without effect, is not known. Allowing it for the server does not switch it on for the sites, according
        to Plesk's documentation; each site needs it switched on.
      - Receivers can check the signatures only with the site's DKIM key published in its DNS, which Plesk does
        itself only for a zone it serves.
      - With O(sites), the setting of the sites that do not give their own.
    type: bool
  greylisting:
    description:
      - Whether greylisting applies to the mail of the sites. It takes effect only where greylisting is switched
        on for the whole server.
      - With O(sites), the setting of the sites that do not give their own.
    type: bool
  nonexistent_user:
    description:
      - What becomes of mail to a name the sites do not have.
      - With O(sites), the setting of the sites that do not give their own.
    type: dict
    suboptions:
      action:
        description:
          - V(bounce) sends it back with O(nonexistent_user.text); V(forward) sends it on to
            O(nonexistent_user.address); V(reject) refuses it during the SMTP dialogue.
        type: str
        choices: [bounce, forward, reject]
        required: true
      text:
        description:
          - The text of the bounce, one line. Required with O(nonexistent_user.action=bounce), refused otherwise.
          - Blanks at either end are dropped and a run of blanks inside becomes one, as Plesk keeps the text (its
            schema's type collapses them); then compared with what Plesk reports exactly.
        type: str
      address:
        description:
          - The address that receives the mail, for example V(postmaster@example.com). Required with
            O(nonexistent_user.action=forward), refused otherwise.
          - Compared with what Plesk reports without regard to case.
        type: str
  report:
    description:
      - How much a successful task returns about the sites.
      - V(sites) returns RV(sites), every site with its settings before and after.
      - V(changes) returns only RV(changed_sites), the domain names of the sites changed, and leaves RV(sites) out,
        which is cheaper for thousands of sites. A task whose change failed returns RV(sites) whatever this says.
      - In diff mode, the diff still maps every site to its settings before and after.
    type: str
    choices: [sites, changes]
    default: sites
notes:
  - Each site needs one of O(webmail), O(dkim_signing), O(greylisting) and O(nonexistent_user), from the task or
    from its entry of O(sites); without one the task fails before any request.
  - A setting Plesk leaves out of its C(mail get_prefs) answer for a site (the schema makes each optional, and a
    site whose mail service is off may have none) is left as it is, with a warning, rather than compared with
    nothing.
  - Plesk may refuse the preferences of a site whose mail service is off; turn it on first with
    M(hosting.panels.plesk_mail_service).
seealso:
  - module: hosting.panels.plesk_mail_info
    description: Reads these settings.
  - module: hosting.panels.plesk_mail_service
'''

EXAMPLES = r'''
- name: Offer Roundcube on two sites
  hosting.panels.plesk_mail_settings:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site: [example.com, example.org]
    webmail: roundcube
  delegate_to: localhost

- name: Sign the outgoing mail of two sites with DKIM
  hosting.panels.plesk_mail_settings:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site: [example.com, example.org]
    dkim_signing: true
  delegate_to: localhost

- name: Greylisting off, and mail to unknown names rejected, with the connection from PLESK_* variables
  hosting.panels.plesk_mail_settings:
    site_id: [11]
    greylisting: false
    nonexistent_user:
      action: reject
  delegate_to: localhost

- name: Send mail to unknown names of a site to its postmaster
  hosting.panels.plesk_mail_settings:
    site: [example.net]
    nonexistent_user:
      action: forward
      address: postmaster@example.net
  delegate_to: localhost

- name: Roundcube everywhere, greylisting off on one site, in one packet of changes
  hosting.panels.plesk_mail_settings:
    webmail: roundcube
    sites:
      - site: example.com
      - site: example.net
        greylisting: false
  delegate_to: localhost

- name: Bounce mail to unknown names, with a message
  hosting.panels.plesk_mail_settings:
    site: [example.net]
    nonexistent_user:
      action: bounce
      text: This address no longer accepts mail.
  delegate_to: localhost
'''

RETURN = r'''
changed_sites:
  description:
    - The domain names of the sites whose settings the task changed (in check mode, would change), in the order
      given (with O(site) and O(site_id), those by name first).
  returned: success, with O(report=changes)
  type: list
  elements: str
  sample: [example.com]
sites:
  description:
    - The sites, each once, in the order given (with O(site) and O(site_id), those by name first), with their
      settings before and after.
  returned: with O(report=sites), and when the task failed on the panel (empty when reading the settings failed)
  type: list
  elements: dict
  contains:
    name:
      description: Domain name of the site.
      type: str
      sample: example.com
    id:
      description: Plesk id of the site.
      type: int
      sample: 1
    settings_before:
      description:
        - The settings as Plesk reported them before the task, a setting V(null) where Plesk did not report it.
      type: dict
      sample: {webmail: horde, dkim_signing: true, greylisting: true,
               nonexistent_user: {action: bounce, text: No such user., address: null}}
      contains:
        webmail:
          description: The webmail the site offers, as Plesk names it.
          type: str
          sample: horde
        dkim_signing:
          description: Whether the site's outgoing mail is signed with DKIM.
          type: bool
          sample: true
        greylisting:
          description: Whether greylisting applies to the site's mail.
          type: bool
          sample: true
        nonexistent_user:
          description: What becomes of mail to a name the site does not have.
          type: dict
          contains:
            action:
              description: V(bounce), V(forward) or V(reject); for an action this collection does not know, the name
                Plesk gives it, with RV(sites[].settings_before.nonexistent_user.text) V(null).
              type: str
              sample: bounce
            text:
              description: The text of the bounce; V(null) for another action.
              type: str
              sample: No such user.
            address:
              description: Where such mail is forwarded; V(null) for another action.
              type: str
              sample: null
    settings_after:
      description:
        - The settings after the task, in the same form; in check mode, what the task would leave.
        - V(null) when the answer to the change was lost or unreadable and reading the settings back did not show
          any of the site's settings made (the panel may still be making them), or failed. When it showed some
          made, those are as read, and the others V(null).
      type: dict
      sample: {webmail: roundcube, dkim_signing: true, greylisting: true,
               nonexistent_user: {action: bounce, text: No such user., address: null}}
      contains:
        webmail:
          description: The webmail the site offers, as Plesk names it.
          type: str
          sample: horde
        dkim_signing:
          description: Whether the site's outgoing mail is signed with DKIM.
          type: bool
          sample: true
        greylisting:
          description: Whether greylisting applies to the site's mail.
          type: bool
          sample: true
        nonexistent_user:
          description: What becomes of mail to a name the site does not have.
          type: dict
          contains:
            action:
              description: V(bounce), V(forward) or V(reject); for an action this collection does not know, the name
                Plesk gives it, with RV(sites[].settings_before.nonexistent_user.text) V(null).
              type: str
              sample: bounce
            text:
              description: The text of the bounce; V(null) for another action.
              type: str
              sample: No such user.
            address:
              description: Where such mail is forwarded; V(null) for another action.
              type: str
              sample: null
    changed:
      description:
        - Whether the task changed the settings of this site (or would, in check mode).
        - V(null) when it is unknown whether the change happened (see RV(sites[].settings_after)).
      type: bool
      sample: true
    error:
      description: The panel's error for this site, when a C(set_prefs) of it failed (the first, when several did).
        The settings Plesk refused are as they were in RV(sites[].settings_after); the others of the site applied.
      type: dict
      returned: on failure of this site
      sample:
        code: 1023
        text: There is no DSMail service for domain with id = 2
      contains:
        code:
          description:
            - The panel's error code.
            - V(null) when the panel gave none; its text when the code it gave is not a number.
          type: raw
          sample: 1023
        text:
          description: The panel's error text.
          type: str
          sample: There is no DSMail service for domain with id = 2
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
  returned: failure
  type: dict
  contains:
    type:
      description:
        - >-
          The kind of error, one of
          V(PanelTransportError) (the panel could not be reached, or the exchange broke off: DNS, TCP, TLS, timeout),
          V(PanelHttpError) (an HTTP status the API does not answer with, such as 500 or 502, or a redirect),
          V(PanelProtocolError) (an answer that cannot be understood: not XML or JSON, too large or too deep, an unexpected shape),
          V(PanelNotFoundError) (an object named in the task does not exist; nothing was changed),
          V(PleskAuthError) (Plesk refused the credentials or the access: 1001, 1006, 1029, 11003),
          V(PleskApiError) (Plesk refused the whole packet with another C(<system>) error, for example 1005 or 1014),
          V(PleskOperationError) (one operation of a packet failed; the others ran),
          V(PanelRequestTooLarge) (one operation is larger than O(max_packet_size) allows, such as one with a long
          webmail name or bounce text; nothing of its packet was sent).
      type: str
      sample: PleskOperationError
    panel:
      description: V(plesk).
      type: str
      sample: plesk
    message:
      description: What happened, in words; C(msg) says the same, naming the panel and what was being done.
      type: str
    code:
      description:
        - The panel's error code, for example V(1001) (wrong password), V(1013) (object does not exist) or V(1014)
          (the packet was refused by the parser). The troubleshooting guide lists the codes and what to do.
        - V(null) when the panel gave none; its text when the code it gave is not a number.
      returned: for V(PleskAuthError), V(PleskApiError), V(PleskOperationError)
      type: raw
      sample: 1013
    text:
      description: The panel's error text, as the panel wrote it (in the panel's language).
      returned: when RV(error.code) is
      type: str
      sample: "Service 'fail2ban' does not exist"
    host:
      description: The panel as the module addressed it, C(host:port).
      returned: for V(PanelTransportError), V(PanelHttpError)
      type: str
      sample: plesk.example.com:8443
    cause:
      description: >-
        Why the exchange failed, for example C(connection failed: ... Connection refused) or
        C(no answer within 30 seconds (raise the timeout option for a slow panel)).
      returned: for V(PanelTransportError)
      type: str
      sample: 'connection failed: Connection refused'
    http_status:
      description: The HTTP status the panel (or a proxy in front of it) answered with.
      returned: for V(PanelHttpError)
      type: int
      sample: 502
    may_have_applied:
      description:
        - V(true) when the change may have reached the panel and its answer was lost, cut short, a server error or
          unreadable, so the change may or may not have happened. The module read the state back where it could; the per-item results say what it found.
          Read the state before trying again.
        - Left out when no change can have reached the panel.
      returned: when a change may have applied
      type: bool
      sample: true
    kind:
      description: What was not found, for example C(Plesk site), C(Plesk site id) or C(Plesk service).
      returned: for V(PanelNotFoundError)
      type: str
      sample: Plesk site
    missing:
      description: The names or ids that were not found.
      returned: for V(PanelNotFoundError)
      type: list
      elements: raw
      sample: [example.invalid]
    operator:
      description: The XML API operator of the operation that failed, for example V(mail), V(site) or V(webspace).
      returned: for V(PleskOperationError)
      type: str
      sample: mail
    operation:
      description: The operation that failed, for example V(set_prefs), V(get_prefs) or V(get).
      returned: for V(PleskOperationError)
      type: str
      sample: set_prefs
    subject:
      description: The site the operation was about, and for C(set_prefs) the setting with its value, or V(null)
        when the client does not know.
      returned: for V(PleskOperationError)
      type: str
      sample: example.net (id 2), webmail 'squirrelmail'
  sample:
    type: PanelNotFoundError
    panel: plesk
    message: Unknown Plesk site 'example.invalid'
    kind: Plesk site
    missing:
      - example.invalid
'''

from operator import itemgetter

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    DONE,
    NOT_DONE,
    UNKNOWN,
    fail,
    fail_on_item_errors,
    is_mail_address,
    item_error,
    one_at_a_time,
    plesk_client,
    plesk_module,
    positive_ids,
    report_changes,
    report_option,
    send_changes,
    site_problem,
    site_reference,
    text_problem,
    unique_names,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import describe_site, read_sites
from ansible_collections.hosting.panels.plugins.module_utils._plesk_mail_prefs import BOOLEAN_ELEMENTS, set_mail_settings

BOOLEAN_SETTINGS = tuple(BOOLEAN_ELEMENTS)
SETTINGS = ('webmail',) + BOOLEAN_SETTINGS + ('nonexistent_user',)
ONE_OF = '%s and %s' % (', '.join(SETTINGS[:-1]), SETTINGS[-1])
# The field of nonexistent_user that goes with each action.
ACTION_FIELDS = {'bounce': 'text', 'forward': 'address', 'reject': None}

NONEXISTENT_USER_SPEC = dict(type='dict', options=dict(
    action=dict(type='str', required=True, choices=['bounce', 'forward', 'reject']),
    text=dict(type='str'),
    address=dict(type='str'),
))


def requested(module):
    """``[(reference, settings)]``: each site as named (a domain name or an id) with the settings wanted for it,
    checked."""
    params = module.params
    defaults = settings_of(module, '', params)
    if params['sites'] is None:
        if not defaults:
            module.fail_json(msg='give one of %s' % ONE_OF)
        names = unique_names(module, 'site', params['site'], site_problem)
        ids = positive_ids(module, 'site_id', params['site_id'])
        return [(reference, defaults) for reference in names + ids]
    if not params['sites']:
        module.fail_json(msg='sites must not be an empty list')
    wanted = []
    for index, item in enumerate(params['sites']):
        where = 'sites[%d]' % index
        reference = site_reference(module, where, item)
        settings = dict(defaults, **settings_of(module, where + '.', item))
        if not settings:
            module.fail_json(msg='%s gives none of %s, and the task gives none either' % (where, ONE_OF))
        wanted.append((reference, settings))
    return wanted


def settings_of(module, where, given):
    """The settings ``given`` (the task's options or an entry of ``sites``, named ``where``), checked."""
    settings = {}
    if given['webmail'] is not None:
        problem = text_problem(given['webmail'])
        if problem:
            module.fail_json(msg='%swebmail %s, got %r' % (where, problem, given['webmail']))
        settings['webmail'] = given['webmail'].strip()
    for setting in BOOLEAN_SETTINGS:
        if given[setting] is not None:
            settings[setting] = given[setting]
    if given['nonexistent_user'] is not None:
        settings['nonexistent_user'] = _nonexistent_user(module, where + 'nonexistent_user', given['nonexistent_user'])
    return settings


def _nonexistent_user(module, where, given):
    action = given['action']
    needed = ACTION_FIELDS[action]
    setting = dict(action=action, text=None, address=None)
    for field in ('text', 'address'):
        value = given[field]
        if field != needed:
            if value is not None:
                module.fail_json(msg='%s.%s goes only with action %s, got %r with action %s'
                                 % (where, field, 'bounce' if field == 'text' else 'forward', value, action))
            continue
        if value is None:
            module.fail_json(msg='%s.%s is required with action %s' % (where, field, action))
        problem = text_problem(value)
        if problem is None and field == 'address' and not is_mail_address(value):
            problem = 'must be one mail address, such as postmaster@example.com'
        if problem:
            module.fail_json(msg='%s.%s %s, got %r' % (where, field, problem, value))
        # The schema's string type collapses blanks: Plesk keeps the text so, and compares equal to it so.
        setting[field] = ' '.join(value.split())
    return setting


def targets(module, wanted, by_reference):
    """The settings wanted per site id; one site asked for with different settings fails before any change."""
    settings, named = {}, {}
    for reference, asked in wanted:
        site = by_reference[reference]
        first = settings.setdefault(site['id'], asked)
        if not same_settings(first, asked):
            differing = [setting for setting in SETTINGS if (setting in first) != (setting in asked) or (
                setting in first and not same(setting, first[setting], asked[setting]))]
            module.fail_json(msg='%s is named twice, as %r and %r, with different settings (%s); nothing was changed'
                             % (describe_site(site), named[site['id']], reference, ', '.join(differing)))
        named.setdefault(site['id'], reference)
    return settings


def describe_setting(setting, value):
    """How messages name a setting with its value: ``webmail 'roundcube'``, ``nonexistent_user forward to 'a@b.c'``."""
    if setting in BOOLEAN_SETTINGS:
        return '%s %s' % (setting, 'true' if value else 'false')
    if setting == 'nonexistent_user':
        field = ACTION_FIELDS.get(value['action'])
        return 'nonexistent_user %s%s' % (value['action'], ' %r' % value[field] if field else '')
    return '%s %r' % (setting, value)


def same_settings(one, other):
    return set(one) == set(other) and all(same(setting, one[setting], other[setting]) for setting in one)


def same(setting, current, wanted):
    """Whether ``current`` (as Plesk reported it) is already ``wanted``."""
    if setting == 'webmail':
        return current.lower() == wanted.lower()
    if setting == 'nonexistent_user':
        address, wanted_address = current['address'], wanted['address']
        return (current['action'] == wanted['action'] and current['text'] == wanted['text']
                and (address or '').lower() == (wanted_address or '').lower())
    return current == wanted


def plan(module, sites, settings):
    """One entry per site, in the order of ``settings`` (the order given; the sites come back from the panel by
    name first), and the settings to send to each site id where they differ from those wanted.  A setting Plesk
    did not report is left alone, with a warning."""
    by_id = dict((site['id'], site) for site in sites)
    entries, to_send = [], {}
    for site_id, wanted in settings.items():
        site = by_id[site_id]
        before = dict((setting, site[setting]) for setting in SETTINGS)
        changes = {}
        unreported = []
        for setting, value in wanted.items():
            if before[setting] is None:
                unreported.append(setting)
            elif not same(setting, before[setting], value):
                changes[setting] = value
        if unreported:
            module.warn('Plesk did not report %s of %s in its mail get_prefs answer, so the task left %s as %s'
                        % (' and '.join(unreported), describe_site(site), 'them' if len(unreported) > 1 else 'it',
                           'they are' if len(unreported) > 1 else 'it is'))
        entries.append(dict(name=site['name'], id=site_id, settings_before=before,
                            settings_after=dict(before, **changes), changed=bool(changes)))
        if changes:
            to_send[site_id] = changes
    return entries, to_send


def apply(client, entries, to_send):
    """Send the settings that differ in one packet, an operation per site and setting; keep the refused ones as
    they were and return their errors."""
    acting = [(entry, setting, value) for entry in entries if entry['changed']
              for setting, value in to_send[entry['id']].items()]
    results = set_mail_settings(client, [(entry['id'], setting, value) for entry, setting, value in acting])
    failures = []
    for (entry, setting, value), result in zip(acting, results):
        if not result.ok:
            failures.append(result.error('mail', 'set_prefs', '%s, %s' % (describe_site(entry),
                                                                          describe_setting(setting, value))))
            entry['settings_after'][setting] = entry['settings_before'][setting]
            entry['changed'] = entry['settings_after'] != entry['settings_before']
            entry.setdefault('error', item_error(result))
    return failures


def revert(entry):
    entry.update(settings_after=dict(entry['settings_before']), changed=False)


class ReadBack:
    """Settles, by reading the sites back, the settings a broken-off packet was sending (see ``send_changes``).

    Each setting is its own operation, so a site may show some of its settings made and others not: those shown
    made are reported as they are, the others as unknown (null), since the panel may still be making them.
    """

    def __init__(self, client, to_send):
        self.client = client
        self.to_send = to_send
        self.read = {}
        self.made = {}

    def confirm(self, acting):
        sites, dummy = read_sites(self.client, ids=[entry['id'] for entry in acting], prefs=True, settings=True)
        now = dict((site['id'], site) for site in sites)
        outcomes = []
        for entry in acting:
            site = now.get(entry['id'])
            sent = self.to_send[entry['id']]
            after = dict((setting, site[setting]) for setting in SETTINGS) if site is not None else {}
            made = [setting for setting, value in sent.items()
                    if after.get(setting) is not None and same(setting, after[setting], value)]
            self.read[entry['id']], self.made[entry['id']] = after, made
            if len(made) == len(sent):
                entry.update(settings_after=after, changed=True)
                outcomes.append(DONE)
            else:
                outcomes.append(NOT_DONE if after and all(after[setting] is not None for setting in sent) else UNKNOWN)
        return outcomes

    def unknown(self, entry):
        """A site whose settings did not all show as made: those that did as read, the others null."""
        made = self.made.get(entry['id'])
        if not made:
            entry.update(settings_after=None, changed=None)
            return
        after = dict(self.read[entry['id']])
        for setting in self.to_send[entry['id']]:
            if setting not in made:
                after[setting] = None
        entry.update(settings_after=after, changed=True)

    def label(self, entry):
        made = self.made.get(entry['id'])
        pending = [setting for setting in self.to_send[entry['id']] if setting not in (made or ())]
        if not made or not pending:
            return describe_site(entry)
        return '%s (%s made, %s not)' % (describe_site(entry), ' and '.join(made), ' and '.join(pending))


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='list', elements='str', aliases=['domain']),
            site_id=dict(type='list', elements='int'),
            sites=dict(type='list', elements='dict', options=dict(
                site=dict(type='str', aliases=['domain']),
                site_id=dict(type='int'),
                webmail=dict(type='str'),
                dkim_signing=dict(type='bool'),
                greylisting=dict(type='bool'),
                nonexistent_user=NONEXISTENT_USER_SPEC,
            )),
            webmail=dict(type='str'),
            dkim_signing=dict(type='bool'),
            greylisting=dict(type='bool'),
            nonexistent_user=NONEXISTENT_USER_SPEC,
            report=report_option('sites'),
        ),
        required_one_of=[('site', 'site_id', 'sites')],
        mutually_exclusive=[('sites', 'site'), ('sites', 'site_id')],
        supports_check_mode=True,
    )
    wanted = requested(module)
    result = dict(changed=False, sites=[])
    try:
        client = plesk_client(module)
        sites, by_reference = read_sites(client, names=[ref for ref, dummy in wanted if isinstance(ref, str)],
                                         ids=[ref for ref, dummy in wanted if not isinstance(ref, str)], prefs=True,
                                         settings=True, on_found=lambda site_ids: one_at_a_time(module, *site_ids.values()))
    except PanelError as error:
        fail(module, error, attempt='reading the mail settings of the sites', **result)

    entries, to_send = plan(module, sites, targets(module, wanted, by_reference))
    result['sites'] = entries
    read_back = ReadBack(client, to_send)
    failures = send_changes(module, lambda: apply(client, entries, to_send), result, entries, revert,
                            confirm=read_back.confirm, unknown=read_back.unknown, label=read_back.label)
    result['changed'] = any(entry['changed'] for entry in entries)
    with_diff(module, result,
              before=dict((entry['name'], entry['settings_before']) for entry in entries),
              after=dict((entry['name'], entry['settings_after']) for entry in entries))
    fail_on_item_errors(module, failures, result)
    module.exit_json(**report_changes(module, result, 'sites', name=itemgetter('name')))


if __name__ == '__main__':
    main()
