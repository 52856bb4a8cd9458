#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mailbox
short_description: Create, change and remove mail accounts on Plesk sites
version_added: 0.1.0
description:
  - Converges many mail accounts (mail names) of Plesk sites in one task, on one site or on many, through the
    XML API operations C(mail create), C(mail update) and C(mail remove).
  - Each mail account may have a mailbox or not (a name that only forwards has none), a quota, a password,
    forwarding to other addresses, aliases and a description.
  - Reads every named mail account first, with one C(mail get_info) per name, all in one packet, and then
    sends one packet with what differs; nothing when nothing does.
  - A few changes wait for others, in packets of their own, sent only when there is something in them and
    only for the accounts that are ready. Old forwarding addresses that give way to new ones (or go with a
    forwarding switch) go once Plesk took those. The switch of an existing account's mailbox goes apart, after
    the other changes, because some Plesk versions refuse it and with it the whole packet; a mailbox switched
    on goes before the forwarding changes of its account, so that a refusal never leaves an account
    delivering nowhere.
  - Mail accounts named by domain take one more packet first, which finds each domain with C(site get) and,
    for the main domain of a subscription, C(webspace get).
  - Bad input and unknown sites fail before anything is sent; two mail accounts of the task that would hold one
    name of a site (as mail name or alias, including aliases an account keeps) fail after the read, before any
    change. When Plesk refuses some changes, the others are still made, except those that wait for a refused
    one; the task fails naming each refused one.
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
    details:
      - The diff never shows a password; a password the task sets shows as C(password_changed) in the diff.
  idempotent:
    support: partial
    details:
      - Plesk never gives a password back, so the module cannot tell whether it already matches. With
        O(update_password=on_create), the default, a password is only sent when the mail account is created and
        the task is idempotent. With O(update_password=always) the password is sent on every run, which
        reports a change every time.
options:
  mailboxes:
    description:
      - The mail accounts, each named by O(mailboxes[].address), or by O(mailboxes[].name) with
        O(mailboxes[].site) or O(mailboxes[].site_id).
      - A mail account named twice with the same settings is handled once; named twice with different
        settings, the task fails before anything is sent.
      - Settings an entry leaves out are left as they are on a mail account that exists.
    type: list
    elements: dict
    required: true
    suboptions:
      address:
        description:
          - The address of the mail account, V(name@domain), where the domain is the Plesk site (or the main
            domain of a subscription) that owns it.
        type: str
      site:
        description:
          - Domain name of the site that owns the mail account, with O(mailboxes[].name).
        aliases: [domain]
        type: str
      site_id:
        description:
          - Plesk id of the site that owns the mail account, with O(mailboxes[].name).
        type: int
      name:
        description:
          - The mail name, the part of the address before C(@), with O(mailboxes[].site) or O(mailboxes[].site_id).
          - Plesk accepts letters, digits, and C(!#$%&'*+/=?^_`{|}~-), with single dots between them.
        type: str
      state:
        description:
          - V(present) creates the mail account or changes it to match; V(absent) removes it, with its mailbox.
          - O(state) when not given.
        type: str
        choices: [present, absent]
      mailbox:
        description:
          - Whether the mail account has a mailbox. V(false) for a name that only forwards.
          - A mail account that does not exist yet is created with a mailbox unless this is V(false).
          - The notes of a public client checked against a live Plesk Obsidian server suggest that it refuses to
            switch the mailbox of an existing account, which the schema allows, and refuses the whole packet that
            asks. So the module sends such switches last, in a packet of their own (with a quota that changes
            too), after every other change; where Plesk refuses them, the other changes are made, and the task
            fails, naming the mail accounts whose mailbox was not switched.
          - Where Plesk does not report an existing account's mailbox (its C(mail get_info) answer has no
            C(<mailbox>), which the schema allows), the module cannot compare O(mailboxes[].mailbox) and
            O(mailboxes[].quota) with anything, so it leaves both as they are and warns.
        type: bool
      quota:
        description:
          - Size of the mailbox, with a unit, such as V(512M), V(1G) or V(1.5G), or V(unlimited).
          - K, M, G and T are powers of 1024, as Plesk counts them; V(B) are bytes. A number without a unit
            is refused, and so is one of 8 EiB or more (above 2^63 - 1 bytes), which Plesk's schema does not
            allow.
          - When not given, no quota is sent for a new mailbox, and Plesk gives it its default size (presumably the
            default mailbox size of its subscription; no source says).
          - The quota these modules return is a number of bytes. Give it back with the unit V(B), such as
            V(536870912B), and V(-1) as V(unlimited).
          - A quota above the limit of the subscription is refused by Plesk. V(unlimited) (sent as V(-1)) where the
            subscription has a limit is refused by the emulator; no source says what Plesk does then.
        type: str
      password:
        description:
          - Password of the mail account. Sent when the account is created; with
            O(mailboxes[].update_password=always) also on every run.
          - Never returned, logged or shown in a diff.
        type: str
      update_password:
        description:
          - V(on_create) sends O(mailboxes[].password) only to create the account; V(always) sends it on
            every run, because Plesk cannot tell whether it already matches.
          - O(update_password) when not given.
        type: str
        choices: [on_create, always]
      forwarding:
        description:
          - Forwarding of the mail to other addresses.
        type: dict
        suboptions:
          enabled:
            description:
              - Whether mail is forwarded.
              - When not given, V(true) if O(mailboxes[].forwarding.addresses) has addresses, V(false) if it is
                empty, and as it is if it is not given.
              - Forwarding that is on needs at least one address. Without O(mailboxes[].forwarding.addresses)
                the account's own are kept, so V(true) alone switches forwarding back on for an account that
                has some; for a new account, or one without any, the task fails before it changes anything.
            type: bool
          addresses:
            description:
              - The addresses mail is forwarded to. Plesk compares them without regard to case, and so does
                the module.
              - When not given, the addresses are left as they are.
            type: list
            elements: str
          append:
            description:
              - V(false) makes the forwarding addresses exactly O(mailboxes[].forwarding.addresses), removing
                others; V(true) adds them to those already there.
            type: bool
            default: false
      aliases:
        description:
          - Other mail names of the account on its own domain, without C(@) and domain (V(sales), not
            V(sales@example.com)).
          - Exactly these unless O(mailboxes[].append_aliases=true). When not given, aliases are left as they are.
        type: list
        elements: str
      append_aliases:
        description:
          - V(true) adds O(mailboxes[].aliases) to those already there instead of making them exactly these.
        type: bool
        default: false
      description:
        description:
          - A description of the mail account.
        type: str
      autoresponder:
        description:
          - The automatic reply of the mail account. Only the parts given are changed; when not given, the
            autoresponder is left as it is and not read.
          - A task that gives an autoresponder for any account asks Plesk for the autoresponders of all the
            accounts it reads (the C(autoresponder) dataset of C(mail get_info)), and returns them in
            RV(mailboxes[].settings_before) and RV(mailboxes[].settings_after).
          - These are the parts that a public client, checked against a live Plesk Obsidian server, found
            C(mail update set) to take. Where Plesk does not answer an account's autoresponder, the module
            leaves it as it is and warns.
        type: dict
        suboptions:
          enabled:
            description:
              - Whether the account answers incoming mail automatically.
            type: bool
          subject:
            description:
              - The subject of the reply, one line.
            type: str
          text:
            description:
              - The text of the reply.
            type: str
          forward:
            description:
              - An address that also gets each incoming mail, or an empty string for none.
            type: str
  state:
    description:
      - The state of the mail accounts that do not give their own O(mailboxes[].state).
    type: str
    choices: [present, absent]
    default: present
  update_password:
    description:
      - When to send passwords, for the mail accounts that do not give their own
        O(mailboxes[].update_password).
    type: str
    choices: [on_create, always]
    default: on_create
  report:
    description:
      - How much a successful task returns about the mail accounts.
      - V(mailboxes) returns RV(mailboxes), every mail account with its settings before and after.
      - V(changes) returns RV(changed_mailboxes), the addresses of the mail accounts created, changed or removed,
        instead of RV(mailboxes). For thousands of mail accounts, such as a migration, this is much cheaper. Ansible
        handles every key and value of a result, and an entry of RV(mailboxes) holds a few dozen.
      - A task whose change failed returns RV(mailboxes) with every mail account whatever O(report) says, so that it shows
        what happened to each.
      - In diff mode, the diff still maps every mail account to its settings before and after.
    type: str
    choices: [mailboxes, changes]
    default: mailboxes
notes:
  - Plesk compares mail names, aliases and domain names without regard to case, and so does the module.
  - Forwarding addresses and aliases are changed with C(update add) and C(update remove). When forwarding is
    switched on or off, C(update set) carries the complete list of addresses as well, so the result is the same
    whether Plesk's C(set) replaces the list it is given or adds to it.
  - Switching the mailbox of an existing mail account on or off (C(mailbox/enabled) in C(update set)) is what
    the official schema describes; no capture from a live server shows it.
seealso:
  - module: hosting.panels.plesk_mailbox_info
  - module: hosting.panels.plesk_mailbox_rename
  - module: hosting.panels.plesk_mail_service
'''

EXAMPLES = r'''
- name: Mail accounts on two sites, in one task
  hosting.panels.plesk_mailbox:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    mailboxes:
      - address: info@example.com
        password: "{{ vault_info_password }}"
        quota: 1G
        aliases: [contact, hello]
      - address: sales@example.com
        password: "{{ vault_sales_password }}"
        quota: 512M
        forwarding:
          addresses: [boss@example.net]
      - address: noreply@example.org
        mailbox: false
        forwarding:
          enabled: false
  delegate_to: localhost

- name: A name that only forwards, named by site id
  hosting.panels.plesk_mailbox:
    mailboxes:
      - site_id: 11
        name: orders
        mailbox: false
        forwarding:
          addresses: [shop@example.net, accounting@example.net]
  delegate_to: localhost

- name: Add an address to the forwarding of an account, keeping the others
  hosting.panels.plesk_mailbox:
    mailboxes:
      - address: sales@example.com
        forwarding:
          addresses: [deputy@example.net]
          append: true
  delegate_to: localhost

- name: An automatic reply while the team is away, leaving the rest of the account as it is
  hosting.panels.plesk_mailbox:
    mailboxes:
      - address: info@example.com
        autoresponder:
          enabled: true
          subject: Away until Monday
          text: We are away until Monday and will answer then.
  delegate_to: localhost

- name: Set new passwords on every run (reports a change every time)
  hosting.panels.plesk_mailbox:
    update_password: always
    mailboxes:
      - address: info@example.com
        password: "{{ vault_info_password }}"
  delegate_to: localhost

- name: Create the mail accounts of a migration, returning only the addresses created or changed
  hosting.panels.plesk_mailbox:
    mailboxes: "{{ migrated_accounts }}"
    report: changes
  register: migration
  delegate_to: localhost

- name: Remove two mail accounts with their mailboxes
  hosting.panels.plesk_mailbox:
    state: absent
    mailboxes:
      - address: old@example.com
      - address: former@example.org
  delegate_to: localhost
'''

RETURN = r'''
changed_mailboxes:
  description:
    - The addresses of the mail accounts the task created, changed or removed (in check mode, would create,
      change or remove), in the order given.
  returned: success, with O(report=changes)
  type: list
  elements: str
  sample: [info@example.com, old@example.com]
mailboxes:
  description: The mail accounts, each once, in the order given.
  returned: with O(report=mailboxes), and when the task failed on the panel (empty when reading the state failed)
  type: list
  elements: dict
  contains:
    address:
      description: The address, with the site's domain as Plesk spells it.
      type: str
      sample: info@example.com
    site:
      description: Domain name of the site.
      type: str
      sample: example.com
    site_id:
      description: Plesk id of the site.
      type: int
      sample: 1
    name:
      description: The mail name, as given.
      type: str
      sample: info
    state:
      description: The state the task asked for.
      type: str
      sample: present
    settings_before:
      description: The settings before the task; V(null) when the mail account did not exist.
      type: dict
      contains:
        mailbox:
          description: Whether the account has a mailbox; V(null) when Plesk did not say.
          type: bool
        quota:
          description:
            - Mailbox quota in bytes; V(null) when Plesk did not say.
            - V(-1) is no quota of the account's own, which Plesk shows as unlimited; whether a default mailbox
              size of the subscription then applies, no source says.
          type: int
        forwarding:
          description: Forwarding of the account.
          type: dict
          contains:
            enabled:
              description: Whether mail is forwarded.
              type: bool
            addresses:
              description: The addresses mail is forwarded to.
              type: list
              elements: str
        aliases:
          description: The aliases, without domain.
          type: list
          elements: str
        description:
          description: The description, empty when there is none.
          type: str
        autoresponder:
          description:
            - The automatic reply, only when the task gives an autoresponder for some account and Plesk answered
              this one's.
            - A part that the task created without giving it is V(null), Plesk's choice, as the quota is.
          type: dict
          contains:
            enabled:
              description: Whether the account answers incoming mail automatically.
              type: bool
            subject:
              description: The subject of the reply.
              type: str
            text:
              description: The text of the reply.
              type: str
            forward:
              description: The address that also gets each incoming mail, empty when there is none.
              type: str
      sample: {mailbox: true, quota: 536870912, forwarding: {enabled: false, addresses: []}, aliases: [], description: ''}
    settings_after:
      description:
        - The settings after the task, as RV(mailboxes[].settings_before); V(null) when the account does not exist.
        - When the answer to the changes was lost or unreadable and the account read back did not show them
          all made (the panel may still be making them), what the read-back showed, and RV(mailboxes[].changed)
          is V(null); V(null) when reading it back failed too.
        - In check mode, what the task would leave.
        - The quota of an account the task created without a quota is V(null), in check mode and after a real
          run alike; Plesk applies its default, which the module does not read back (M(hosting.panels.plesk_mailbox_info)
          shows it).
      type: dict
      contains:
        mailbox:
          description: Whether the account has a mailbox; V(null) when Plesk did not say.
          type: bool
        quota:
          description:
            - Mailbox quota in bytes; V(null) when Plesk did not say.
            - V(-1) is no quota of the account's own, which Plesk shows as unlimited; whether a default mailbox
              size of the subscription then applies, no source says.
          type: int
        forwarding:
          description: Forwarding of the account.
          type: dict
          contains:
            enabled:
              description: Whether mail is forwarded.
              type: bool
            addresses:
              description: The addresses mail is forwarded to.
              type: list
              elements: str
        aliases:
          description: The aliases, without domain.
          type: list
          elements: str
        description:
          description: The description, empty when there is none.
          type: str
        autoresponder:
          description:
            - The automatic reply, only when the task gives an autoresponder for some account and Plesk answered
              this one's.
            - A part that the task created without giving it is V(null), Plesk's choice, as the quota is.
          type: dict
          contains:
            enabled:
              description: Whether the account answers incoming mail automatically.
              type: bool
            subject:
              description: The subject of the reply.
              type: str
            text:
              description: The text of the reply.
              type: str
            forward:
              description: The address that also gets each incoming mail, empty when there is none.
              type: str
      sample: {mailbox: true, quota: 1073741824, forwarding: {enabled: true, addresses: [boss@example.net]},
               aliases: [contact], description: ''}
    password_changed:
      description:
        - Whether the task set the password of this account (or would, in check mode). Never the password.
        - V(null) when it is unknown whether the password was set (see RV(mailboxes[].changed)).
      type: bool
      sample: false
    changed:
      description:
        - Whether the task changed this account (or would, in check mode).
        - V(null) when the answer to the changes was lost or unreadable and reading the account back could
          not tell whether they happened; the settings read back are then in RV(mailboxes[].settings_after), or
          it is V(null) when reading back failed too. A change of the password alone cannot be read back.
      type: bool
      sample: true
    error:
      description: The panel's error for this account, when Plesk refused a change of it.
      type: dict
      returned: on failure of this account
      sample: {code: 1023, text: There is no DSMail service for domain with id = 11}
      contains:
        code:
          description:
            - The panel's error code, for example V(1023).
            - V(null) when the panel gave none; its text when the code it gave is not a number.
          type: raw
          sample: 1023
        text:
          description: The panel's error text.
          type: str
          sample: There is no DSMail service for domain with id = 11
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
    - So is a mail account named twice, by the domain name and by the id of its site, with different settings,
      which only the read shows, before any change.
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
          V(PanelRequestTooLarge) (one operation is larger than O(max_packet_size) allows; nothing of its packet was sent).
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
      sample: There is no DSMail service for domain with id = 11
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
      description: The XML API operator of the operation that failed, for example V(server), V(mail) or V(webmail).
      returned: for V(PleskOperationError)
      type: str
      sample: server
    operation:
      description: The operation that failed, for example V(srv_man), V(enable), V(rename) or V(get_prefs).
      returned: for V(PleskOperationError)
      type: str
      sample: srv_man
    subject:
      description: What the operation was about (a service id, a site), or V(null) when the client does not know.
      returned: for V(PleskOperationError)
      type: str
      sample: fail2ban
  sample:
    type: PanelNotFoundError
    panel: plesk
    message: Unknown Plesk site 'example.invalid'
    kind: Plesk site
    missing:
      - example.invalid
'''

import re
from operator import itemgetter

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PleskApiError
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
    report_changes,
    report_option,
    send_changes,
    site_problem,
    text_problem,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import describe_site
from ansible_collections.hosting.panels.plugins.module_utils._plesk_mail import (
    WRITE_ORDER,
    apply_operation,
    describe_operation,
    mail_name_problem,
    parse_quota,
    plan_operations,
    read_mailboxes,
    send_operations,
    same_autoresponder_part,
    sets_password,
    unreported_settings,
)

# Characters an XML document cannot carry; the text of a description may have line breaks and tabs.
NOT_IN_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
SETTINGS = ('state', 'mailbox', 'quota', 'password', 'update_password', 'forwarding', 'aliases', 'append_aliases',
            'description', 'autoresponder')
# Returned for every account; ``autoresponder`` too when the task manages autoresponders (see public()).
PUBLIC_SETTINGS = ('mailbox', 'quota', 'forwarding', 'aliases', 'description')


# -- input ---------------------------------------------------------------------------------------

def requested(module):
    """The mail accounts as given, checked; every bad field is named at once, before any request."""
    params = module.params
    if not params['mailboxes']:
        module.fail_json(msg='mailboxes must not be an empty list')
    problems = []
    items = [_checked(index, item, params, problems) for index, item in enumerate(params['mailboxes'])]
    if problems:
        module.fail_json(msg='; '.join(problems))
    return items


def _label(index, field=None):
    return 'mailboxes[%d]%s' % (index, '.' + field if field else '')


def _checked(index, item, params, problems):
    """``item`` with its site reference and name split out and every setting normalized."""
    def problem(field, words, value):
        problems.append('%s %s, got %r' % (_label(index, field), words, value))

    checked = dict(where=index, site=None, site_id=None, name=None)
    address, site, site_id, name = item['address'], item['site'], item['site_id'], item['name']
    if address is not None:
        local, dummy, domain = address.strip().partition('@')
        if site is not None or site_id is not None or name is not None:
            problems.append('%s: give address, or name with site or site_id, not both' % _label(index))
        elif text_problem(address):
            problem('address', text_problem(address), address)
        elif address.count('@') != 1 or not local or not domain or any(character.isspace() for character in domain):
            problem('address', 'must be name@domain', address)
        elif mail_name_problem(local):
            problem('address', mail_name_problem(local), address)
        elif site_problem(domain):
            problem('address', 'has a domain that ' + site_problem(domain), address)
        else:
            checked.update(name=local, site=domain)
    else:
        if name is None or (site is None) == (site_id is None):
            problems.append('%s: give address, or name with one of site and site_id' % _label(index))
        if site is not None and site_problem(site):
            problem('site', site_problem(site), site)
        if site_id is not None and site_id < 1:
            problem('site_id', 'must be a positive id', site_id)
        if name is not None and (text_problem(name) or mail_name_problem(name.strip())):
            problem('name', text_problem(name) or mail_name_problem(name.strip()), name)
        checked.update(name=name.strip() if name else None, site=site.strip() if site else None, site_id=site_id)

    checked['state'] = item['state'] or params['state']
    checked['update_password'] = item['update_password'] or params['update_password']
    checked['mailbox'] = item['mailbox']
    checked['append_aliases'] = item['append_aliases']
    checked['quota'] = None
    if item['quota'] is not None:
        try:
            checked['quota'] = parse_quota(item['quota'])
        except ValueError as error:
            problem('quota', str(error), item['quota'])
    checked['password'] = item['password']
    if item['password'] is not None:
        # The value is never shown, not even in a message about it.
        if item['password'] == '':
            problems.append('%s must not be empty (leave it out instead)' % _label(index, 'password'))
        elif NOT_IN_XML.search(item['password']) or '\n' in item['password'] or '\r' in item['password']:
            problems.append('%s must not contain line breaks or other control characters (the value is not shown)'
                            % _label(index, 'password'))
    checked['description'] = item['description']
    if item['description'] is not None and NOT_IN_XML.search(item['description']):
        problem('description', 'must not contain control characters other than line breaks and tabs',
                item['description'])
    checked['forwarding'] = _forwarding(index, item['forwarding'], problem, problems)
    checked['aliases'] = _aliases(index, item['aliases'], checked['name'], problem)
    checked['autoresponder'] = _autoresponder(item['autoresponder'], problem)
    return checked


def _autoresponder(autoresponder, problem):
    """The parts given (None: leave as it is), or None when the task leaves the autoresponder alone."""
    if autoresponder is None:
        return None
    subject, text, forward = autoresponder['subject'], autoresponder['text'], autoresponder['forward']
    if subject is not None and (NOT_IN_XML.search(subject) or '\n' in subject or '\r' in subject):
        # It becomes a header of the reply.
        problem('autoresponder.subject', 'must be one line without control characters', subject)
    if text is not None and NOT_IN_XML.search(text):
        problem('autoresponder.text', 'must not contain control characters other than line breaks and tabs', text)
    if forward is not None:
        forward = forward.strip()
        if forward and (text_problem(forward) or not is_mail_address(forward)):
            problem('autoresponder.forward', 'must be an address, name@domain, or empty for none',
                    autoresponder['forward'])
    if all(value is None for value in autoresponder.values()):
        problem('autoresponder', 'must give at least one of enabled, subject, text and forward', autoresponder)
    return dict(autoresponder, forward=forward)


def _forwarding(index, forwarding, problem, problems):
    """``{enabled, addresses, append}``; None in ``enabled`` or ``addresses`` leaves that part as it is."""
    if forwarding is None:
        return None
    addresses = None
    if forwarding['addresses'] is not None:
        addresses, seen = [], set()
        for number, address in enumerate(forwarding['addresses']):
            field = 'forwarding.addresses[%d]' % number
            if text_problem(address):
                problem(field, text_problem(address), address)
            elif not is_mail_address(address):
                problem(field, 'must be an address, name@domain', address)
            elif address.strip().lower() not in seen:
                seen.add(address.strip().lower())
                addresses.append(address.strip())
    enabled = forwarding['enabled']
    if enabled is None and addresses is not None:
        enabled = bool(addresses)
    # Without addresses the account's own are kept: whether it has any is known once it is read (nowhere_to_forward).
    if enabled and forwarding['addresses'] is not None and not forwarding['addresses']:
        problems.append('%s: forwarding that is on needs at least one address in forwarding.addresses, got %r'
                        % (_label(index, 'forwarding'), forwarding['addresses']))
    return dict(enabled=enabled, addresses=addresses, append=forwarding['append'])


def _aliases(index, aliases, name, problem):
    if aliases is None:
        return None
    unique, seen = [], set()
    for number, alias in enumerate(aliases):
        field = 'aliases[%d]' % number
        if text_problem(alias):
            problem(field, text_problem(alias), alias)
        elif '@' in alias:
            problem(field, 'must be the alias without @ and domain (aliases are on the account\'s own domain)', alias)
        elif mail_name_problem(alias.strip()):
            problem(field, mail_name_problem(alias.strip()), alias)
        elif name is not None and alias.strip().lower() == name.lower():
            problem(field, 'is the mail name itself', alias)
        elif alias.strip().lower() not in seen:
            seen.add(alias.strip().lower())
            unique.append(alias.strip())
    return unique


def _reference(item):
    return item['site'] if item['site'] is not None else item['site_id']


def _describe(item):
    if item['site'] is not None:
        return '%s@%s' % (item['name'], item['site'])
    return '%s on site id %s' % (item['name'], item['site_id'])


def _same_settings(first, second):
    return [field for field in SETTINGS if first[field] != second[field]]


def merged(module, items, key, describe):
    """``items`` with repeats of one mail account dropped; repeats with other settings fail, naming the
    fields that differ but never a value."""
    unique, seen = [], {}
    for item in items:
        earlier = seen.get(key(item))
        if earlier is None:
            seen[key(item)] = item
            unique.append(item)
            continue
        differing = _same_settings(earlier, item)
        if differing:
            module.fail_json(msg='%s and %s both name %s, with different settings (%s); nothing was changed'
                             % (_label(earlier['where']), _label(item['where']), describe(item), ', '.join(differing)))
    return unique


def given_key(item):
    site = ('name', item['site'].lower()) if item['site'] is not None else ('id', item['site_id'])
    return site + (item['name'].lower(),)


# -- planning and applying -----------------------------------------------------------------------

def manages_autoresponders(items):
    """Whether the task gives an autoresponder: only then are they read (and returned)."""
    return any(item['autoresponder'] is not None for item in items)


def public(settings):
    if settings is None:
        return None
    shown = dict((field, settings[field]) for field in PUBLIC_SETTINGS)
    if 'autoresponder' in settings:
        shown['autoresponder'] = settings['autoresponder']
    return shown


class Account:
    """One mail account of the task: what was asked, what Plesk has, the operations between them."""

    def __init__(self, item, site):
        self.item = item
        self.site = site
        self.before = site['settings'].get(item['name'].lower())
        self.operations = plan_operations(site['id'], item['name'], self.before, item)
        self.entry = dict(address='%s@%s' % (item['name'], site['name']), site=site['name'], site_id=site['id'],
                          name=item['name'], state=item['state'], settings_before=public(self.before))
        self.settle(self.operations)

    def settle(self, done):
        """Report the account as after the operations ``done``."""
        after = self.before
        for operation in done:
            after = apply_operation(after, operation)
        self.entry.update(settings_after=public(after), changed=bool(done),
                          password_changed=any(sets_password(operation) for operation in done))

    def judge(self, now):
        """The outcome of a packet that broke off, from ``now``, the settings read back; the entry reports them.

        Only a password, which Plesk never gives back, cannot be seen: an account whose only change was its
        password stays unknown.
        """
        planned, before = self.entry['settings_after'], self.entry['settings_before']
        if _shows(now, planned):
            self.entry.update(settings_after=now, changed=True)
            return DONE if all(_visible(operation) for operation in self.operations) else UNKNOWN
        untouched = _shows(now, before)
        # Partly made: some operations of the account happened and others did not.
        self.entry.update(settings_after=now, changed=not untouched,
                          password_changed=False if untouched else None)
        return NOT_DONE


def _folded(value):
    """Lists compared without order and case, as Plesk compares names and addresses."""
    if isinstance(value, list):
        return sorted(item.lower() for item in value)
    if isinstance(value, dict):
        return dict((key, _folded(item)) for key, item in value.items())
    return value


def _shows(now, expected):
    """Whether the settings read back show ``expected``; a None in ``expected`` (a quota Plesk chose) is anything."""
    if now is None or expected is None:
        return now is expected
    return all(_autoresponder_shows(now.get(field), value) if field == 'autoresponder'
               else _folded(now.get(field)) == _folded(value)
               for field, value in expected.items() if value is not None)


def _autoresponder_shows(now, expected):
    """As _shows, part by part: the parts Plesk chose (None) are anything."""
    return isinstance(now, dict) and all(same_autoresponder_part(part, value, now.get(part))
                                         for part, value in expected.items() if value is not None)


def _visible(operation):
    """Whether reading the account back can show that ``operation`` happened: not a set of a password alone."""
    return operation['kind'] != 'set' or bool(set(operation) - {'kind', 'site_id', 'name', 'password'})


def nowhere_to_forward(account):
    """Why the account's forwarding cannot be on as asked, or None: it is to be on, the task gives no addresses,
    and the account (new, or as read) has none to keep."""
    forwarding = account.item['forwarding']
    if account.item['state'] != 'present' or not forwarding or forwarding['enabled'] is not True:
        return None
    if forwarding['addresses'] is not None or (account.before and account.before['forwarding']['addresses']):
        return None
    return ('%s: forwarding that is on needs at least one address in forwarding.addresses, and %s %s has none to '
            'keep' % (_label(account.item['where'], 'forwarding'), 'the new account' if account.before is None
                      else 'the account', account.entry['address']))


def held_twice(accounts):
    """Why two accounts of the task cannot have what they ask, or None: both would hold one name of a site, as a
    mail name or an alias.  Plesk would refuse the second only after making the first."""
    holders, problems = {}, []
    for account in accounts:
        after = account.entry['settings_after']
        if after is None:
            continue
        names = [('as its name', account.item['name'])] + [('as an alias', alias) for alias in after['aliases']]
        for role, name in names:
            key = (account.site['id'], name.lower())
            earlier = holders.setdefault(key, (account, role))
            if earlier[0] is not account:
                problems.append('%s (%s) and %s (%s) would both hold %s@%s' % (
                    _label(earlier[0].item['where']), earlier[1], _label(account.item['where']), role, name,
                    account.site['name']))
    return '; '.join(problems) or None


def plan(items, by_reference):
    accounts = [Account(item, by_reference[_reference(item)]) for item in items]
    operations = [(account, operation) for account in accounts for operation in account.operations]
    # Stable: within each kind, the accounts keep their order.
    operations.sort(key=lambda pair: WRITE_ORDER.index(pair[1]['kind']))
    return accounts, operations


def _puts_addresses(operation):
    return operation['kind'] in ('add', 'set') and 'addresses' in operation


def _switches_mailbox(operation):
    return operation['kind'] == 'set' and 'mailbox' in operation


# The packets of a write, in the order they go (see apply).
STAGES = 5


def _staged(operations):
    """``(account, operation, stage, gate)`` for each of ``operations``: the packet it goes in, and the operation
    of its account that Plesk must have taken before it is sent (None: none)."""
    by_account = {}
    for account, operation in operations:
        by_account.setdefault(id(account), []).append(operation)
    staged = []
    for account, operation in operations:
        mine = by_account[id(account)]
        switch = next((item for item in mine if _switches_mailbox(item)), None)
        puts = next((item for item in mine if _puts_addresses(item)), None)
        # A mailbox switched on first: should Plesk refuse it, the account keeps its forwarding as it is.
        waits = switch is not None and switch['mailbox'] is True and operation['kind'] != 'remove-aliases'
        if operation is switch:
            # A mailbox switched off waits for the forwarding its account turns to, if any.
            staged.append((account, operation, 2, puts if switch['mailbox'] is False else None))
        elif operation['kind'] == 'remove-addresses' and puts is not None:
            staged.append((account, operation, 4 if waits else 1, puts))
        elif waits:
            staged.append((account, operation, 3, switch))
        else:
            staged.append((account, operation, 0, None))
    return staged


def apply(client, accounts, operations):
    """Send the operations; report each account as Plesk left it, return the refusals.

    Plesk runs the rest of a packet past a refused operation, but refuses a packet it cannot parse whole.  So the
    operations go in up to five packets, a later one only with operations whose account is ready for them:

    0. every operation but those below;
    1. the removal of an account's old forwarding addresses, which go once its new ones (or its forwarding switch)
       are in, and only where those went in: removed beside a refused add, they would leave forwarding with no
       address;
    2. the switches of existing accounts' mailboxes, which Obsidian may refuse as a parser error: apart, so that
       such a refusal keeps nothing else out; a mailbox switched off only where the forwarding it gives way to
       went in;
    3. the other changes of an account whose mailbox is switched on, once it is on: should the switch be refused,
       the account keeps its forwarding;
    4. as 1, for those accounts.
    """
    staged = _staged(operations)
    done = dict((id(account), []) for account in accounts)
    failures, sent = [], 0
    for stage in range(STAGES):
        pairs = [(account, operation) for account, operation, number, gate in staged
                 if number == stage and (gate is None or any(gate is made for made in done[id(account)]))]
        if not pairs:
            continue
        try:
            results = send_operations(client, [operation for dummy, operation in pairs])
        except PanelError as error:
            if not sent:
                raise
            _after_a_later_packet_failed(error, accounts, staged, done, failures, pairs, stage, sent)
            continue
        sent += len(pairs)
        for (account, operation), result in zip(pairs, results):
            if result.ok:
                done[id(account)].append(operation)
            else:
                failures.append(result.error('mail', describe_operation(operation), '%s (%s)' % (
                    account.entry['address'], describe_site(account.site))))
                account.entry.setdefault('error', item_error(result))
    for account in accounts:
        account.settle(done[id(account)])
    return failures


def _after_a_later_packet_failed(error, accounts, staged, done, failures, pairs, stage, sent):
    """Settle what the answers of the earlier packets tell; raise ``error`` when the failed packet may have been
    applied, for the accounts to be read back, or record it as a refusal when nothing of it ran."""
    addresses = []
    for account, dummy in pairs:
        if account.entry['address'] not in addresses:
            addresses.append(account.entry['address'])
    if error.may_have_applied:
        # The accounts this packet was changing are judged by reading them back against what the earlier packets
        # did plus this one; the others are settled by the answers.
        for account in accounts:
            account.settle(done[id(account)] + [operation for owner, operation in pairs if owner is account])
        unsent = sum(1 for dummy, dummy, number, dummy in staged if number > stage)
        error.add('this was a later packet of the write, for %s; the earlier ones, with %d operations, were '
                  'applied%s%s' % (', '.join(addresses), sent,
                                   ''.join('; ' + failure.message for failure in failures),
                                   '; %d operations of later packets were not sent' % unsent if unsent else ''))
        raise error
    if isinstance(error, PleskApiError):
        error.add('Plesk refused this later packet of the write, for %s, whole; the earlier ones were applied'
                  % ', '.join(addresses))
        for account, dummy in pairs:
            account.entry.setdefault('error', dict(code=error.code, text=error.text))
    else:
        error.add('Plesk ran nothing of this later packet of the write, for %s; the earlier ones were applied'
                  % ', '.join(addresses))
    failures.append(error)


def revert(entry):
    entry.update(settings_after=entry['settings_before'], changed=False, password_changed=False)


def read_back(client, accounts):
    """``confirm`` and ``unknown`` for send_changes: read the accounts a broken-off packet was changing, in one
    packet, and tell which changes happened."""
    by_entry = dict((id(account.entry), account) for account in accounts)
    read = set()
    # As the first read asked: the planned settings of every account then have the autoresponder.
    autoresponders = manages_autoresponders(account.item for account in accounts)

    def confirm(acting):
        acting = [by_entry[id(entry)] for entry in acting]
        wanted = {}
        for account in acting:
            wanted.setdefault(account.site['id'], []).append(account.item['name'])
        dummy, by_reference = read_mailboxes(client, ids=list(wanted), mailboxes=wanted, autoresponder=autoresponders)
        outcomes = []
        for account in acting:
            read.add(id(account.entry))
            outcomes.append(account.judge(public(by_reference[account.site['id']]['settings'].get(
                account.item['name'].lower()))))
        return outcomes

    def unknown(entry):
        entry.update(changed=None, password_changed=None)
        if id(entry) not in read:
            entry['settings_after'] = None
    return confirm, unknown


def label(entry):
    return entry['address']


def diff_view(entry, after):
    settings = entry['settings_after' if after else 'settings_before']
    if settings is None:
        return {'state': 'absent'}
    view = dict(settings, state='present')
    if after and entry['password_changed']:
        view['password_changed'] = True
    return view


def main():
    module = plesk_module(
        argument_spec=dict(
            mailboxes=dict(type='list', elements='dict', required=True, options=dict(
                address=dict(type='str'),
                site=dict(type='str', aliases=['domain']),
                site_id=dict(type='int'),
                name=dict(type='str'),
                state=dict(type='str', choices=['present', 'absent']),
                mailbox=dict(type='bool'),
                quota=dict(type='str'),
                password=dict(type='str', no_log=True),
                update_password=dict(type='str', choices=['on_create', 'always'], no_log=False),
                forwarding=dict(type='dict', options=dict(
                    enabled=dict(type='bool'),
                    addresses=dict(type='list', elements='str'),
                    append=dict(type='bool', default=False),
                )),
                aliases=dict(type='list', elements='str'),
                append_aliases=dict(type='bool', default=False),
                description=dict(type='str'),
                autoresponder=dict(type='dict', options=dict(
                    enabled=dict(type='bool'),
                    subject=dict(type='str'),
                    text=dict(type='str'),
                    forward=dict(type='str'),
                )),
            )),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            update_password=dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False),
            report=report_option('mailboxes'),
        ),
        supports_check_mode=True,
    )
    items = merged(module, requested(module), given_key, _describe)
    result = dict(changed=False, mailboxes=[])
    try:
        client = plesk_client(module)
        wanted = {}
        for item in items:
            wanted.setdefault(_reference(item), []).append(item['name'])
        dummy, by_reference = read_mailboxes(
            client, names=[item['site'] for item in items if item['site'] is not None],
            ids=[item['site_id'] for item in items if item['site'] is None], mailboxes=wanted,
            autoresponder=manages_autoresponders(items),
            # The aliases too: a rename (which locks with this module) or another account may take one of their names.
            on_found=lambda site_ids: one_at_a_time(module, *[(site_ids[_reference(item)], name.lower()) for item in items
                                                              for name in [item['name']] + (item['aliases'] or [])]))
    except PanelError as error:
        fail(module, error, attempt='reading the sites and their mail accounts', **result)
    # A site named by domain in one entry and by id in another is only known to be one site now.
    items = merged(module, items, lambda item: (by_reference[_reference(item)]['id'], item['name'].lower()),
                   lambda item: '%s@%s' % (item['name'], by_reference[_reference(item)]['name']))
    accounts, operations = plan(items, by_reference)
    entries = [account.entry for account in accounts]
    result['mailboxes'] = entries
    problems = [problem for problem in list(map(nowhere_to_forward, accounts)) + [held_twice(accounts)] if problem]
    if problems:
        for entry in entries:
            revert(entry)
        module.fail_json(msg='; '.join(problems) + '; nothing was changed', **result)
    for account in accounts:
        for unreported, lacking in unreported_settings(account.before, account.item):
            module.warn('Plesk did not report the %s of %s (its mail get_info answer has no %s), so the task does '
                        'not change %s' % (' and '.join(unreported), account.entry['address'], lacking,
                                           'them' if len(unreported) > 1 else 'it'))
    confirm, unknown = read_back(client, accounts)
    failures = send_changes(module, lambda: apply(client, accounts, operations), result, entries, revert,
                            confirm=confirm, unknown=unknown, label=label)
    result['changed'] = any(entry['changed'] for entry in entries)
    with_diff(module, result, before=dict((entry['address'], diff_view(entry, False)) for entry in entries),
              after=dict((entry['address'], diff_view(entry, True)) for entry in entries))
    fail_on_item_errors(module, failures, result)
    module.exit_json(**report_changes(module, result, 'mailboxes', name=itemgetter('address')))


if __name__ == '__main__':
    main()
