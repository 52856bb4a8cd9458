#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mailbox_info
short_description: Read the mail accounts of Plesk sites
version_added: 0.1.0
description:
  - Lists mail accounts (mail names) of Plesk sites with their mailbox, quota, the space the mailbox uses,
    forwarding, aliases and description, through the XML API operation C(mail get_info).
  - Reads every site, or the sites and addresses given. Sites and addresses named by domain are found in one
    packet (C(site get) and C(webspace get)); the mail accounts of every site are then read in one more packet.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.plesk
  - hosting.panels.attributes
  - hosting.panels.attributes.info_module
  - hosting.panels.attributes.actiongroup_plesk
options:
  site:
    description:
      - Read every mail account of these sites, given by domain name. An unknown name fails.
    type: list
    elements: str
    aliases: [domain]
  site_id:
    description:
      - Read every mail account of these sites, given by Plesk id. An unknown id fails.
    type: list
    elements: int
  address:
    description:
      - Read these mail accounts, given as V(name@domain). An address whose domain is unknown fails; one that
        does not exist is listed in RV(missing).
      - With none of O(site), O(site_id) and O(address), every mail account of every site and webspace is read.
    type: list
    elements: str
  autoresponder:
    description:
      - Also read each account's automatic reply (the C(autoresponder) dataset of C(mail get_info)) and return
        it in RV(mailboxes[].autoresponder).
      - Off by default, so that reading accounts never depends on a dataset the task does not need.
    type: bool
    default: false
seealso:
  - module: hosting.panels.plesk_mailbox
  - module: hosting.panels.plesk_mail_info
'''

EXAMPLES = r'''
- name: Read every mail account of two sites
  hosting.panels.plesk_mailbox_info:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site: [example.com, example.org]
  delegate_to: localhost
  register: accounts

- name: Show the mailboxes that use more than 90 % of their quota
  ansible.builtin.debug:
    msg: "{{ item.address }} uses {{ item.usage }} of {{ item.quota }} bytes"
  loop: "{{ accounts.mailboxes | selectattr('quota', 'number') | selectattr('quota', 'gt', 0) }}"
  when: item.usage is not none and item.usage > 0.9 * item.quota
  loop_control:
    label: "{{ item.address }}"

- name: Does info@example.com exist? (the connection from PLESK_* environment variables)
  hosting.panels.plesk_mailbox_info:
    address: [info@example.com]
  delegate_to: localhost
  register: info

- name: Say so
  ansible.builtin.debug:
    msg: "{{ 'missing' if info.missing else 'present' }}"
'''

RETURN = r'''
mailboxes:
  description:
    - The mail accounts, site by site in the order the sites were given (O(site) and the domains of O(address),
      then O(site_id)), else ordered by site id; within a site in the panel's order.
  returned: success
  type: list
  elements: dict
  contains:
    address:
      description: The address, as Plesk spells the mail name and the domain.
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
      description: The mail name, the part before C(@).
      type: str
      sample: info
    mailbox:
      description: Whether the account has a mailbox; V(null) when Plesk did not say.
      type: bool
      sample: true
    quota:
      description:
        - Mailbox quota in bytes; V(null) when Plesk did not say.
        - V(-1) is no quota of the account's own, which Plesk shows as unlimited; whether a default mailbox
          size of the subscription then applies, no source says.
      type: int
      sample: 1073741824
    usage:
      description: Bytes the mailbox uses; V(null) when Plesk did not say.
      type: int
      sample: 52428800
    forwarding:
      description: Whether mail is forwarded, and to which addresses.
      type: dict
      sample: {enabled: true, addresses: [boss@example.net]}
      contains:
        enabled:
          description: Whether mail is forwarded; V(false) also when Plesk leaves forwarding out of its answer.
          type: bool
        addresses:
          description: The addresses mail is forwarded to.
          type: list
          elements: str
    aliases:
      description: Other mail names of the account, without domain.
      type: list
      elements: str
      sample: [contact, hello]
    description:
      description: The description, empty when there is none.
      type: str
      sample: Front desk
    autoresponder:
      description:
        - The automatic reply, with O(autoresponder=true); V(null) when Plesk did not answer it.
      type: dict
      returned: when O(autoresponder=true)
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
      sample: {enabled: true, subject: Away until Monday, text: We answer on Monday., forward: ''}
missing:
  description: The addresses in O(address) that have no mail account, as given; an address of a site in
    RV(unreadable) is not, since whether it exists is not known.
  returned: success
  type: list
  elements: str
  sample: [nobody@example.com]
unreadable:
  description:
    - The reads of mail accounts Plesk refused, one entry per refusal, for example error 1023 for a site without
      a mail service. The accounts it refused are not in RV(mailboxes), those of the same site it read are, and
      no address of the site is in RV(missing).
    - A permission denied (1006) fails the task instead, since it concerns the login, not one site.
    - Each refusal is also a warning. The task still succeeds, with the other sites read, so that one site
      cannot hide all the others.
  returned: success
  type: list
  elements: dict
  contains:
    site:
      description: Domain name of the site.
      type: str
      sample: sub.example.org
    site_id:
      description: Plesk id of the site.
      type: int
      sample: 12
    operation:
      description: The C(mail) operation Plesk refused, V(get_info).
      type: str
      sample: get_info
    code:
      description:
        - The panel's error code.
        - V(null) when the panel gave none; its text when the code it gave is not a number.
      type: raw
      sample: 1023
    text:
      description: The panel's error text.
      type: str
      sample: There is no DSMail service for domain with id = 12
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
          V(PanelRequestTooLarge) (one operation is larger than O(max_packet_size) allows, such as a read of a mail
          name of a thousand characters; nothing of its packet was sent).
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

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    fail,
    plesk_client,
    plesk_module,
    positive_ids,
    site_problem,
    unique_names,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import unreadable_sites
from ansible_collections.hosting.panels.plugins.module_utils._plesk_mail import read_mailboxes

FIELDS = ('mailbox', 'quota', 'usage', 'forwarding', 'aliases', 'description')


def addresses(module):
    """``[(address, name, domain)]``; an address that is not ``name@domain`` fails naming it."""
    split = []
    for address in unique_names(module, 'address', module.params['address']):
        name, dummy, domain = address.partition('@')
        if address.count('@') != 1 or not name or not domain or any(character.isspace() for character in address):
            module.fail_json(msg='address must contain addresses such as info@example.com, got %r' % address)
        if site_problem(domain):
            module.fail_json(msg='address has a domain that %s, got %r' % (site_problem(domain), address))
        split.append((address, name, domain))
    return split


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='list', elements='str', aliases=['domain']),
            site_id=dict(type='list', elements='int'),
            address=dict(type='list', elements='str'),
            autoresponder=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    names = unique_names(module, 'site', module.params['site'], site_problem)
    ids = positive_ids(module, 'site_id', module.params['site_id'])
    asked = addresses(module)
    every = not (names or ids or asked)
    wanted = dict((reference, True) for reference in names + ids)
    for dummy, name, domain in asked:
        wanted.setdefault(domain, [])
        if wanted[domain] is not True:
            wanted[domain].append(name)
    unreadable = []
    try:
        sites, by_reference = read_mailboxes(plesk_client(module), names=names + [domain for dummy, dummy, domain in asked],
                                             ids=ids, every=every, mailboxes=True if every else wanted, usage=True,
                                             unreadable=unreadable, autoresponder=module.params['autoresponder'])
    except PanelError as error:
        fail(module, error, attempt='reading the mail accounts')
    mailboxes = []
    for site in sites:
        for settings in (site['settings'] or {}).values():
            mailbox = dict(address='%s@%s' % (settings['name'], site['name']), site=site['name'], site_id=site['id'],
                           name=settings['name'])
            mailbox.update((field, settings[field]) for field in FIELDS)
            if module.params['autoresponder']:
                mailbox['autoresponder'] = settings.get('autoresponder')
            mailboxes.append(mailbox)
    # Of a site Plesk refused to read, no address is known to be missing: the site is in unreadable instead.
    refused = set(site['id'] for site, dummy in unreadable)
    missing = [address for address, name, domain in asked if by_reference[domain]['id'] not in refused
               and name.lower() not in by_reference[domain]['settings']]
    module.exit_json(changed=False, mailboxes=mailboxes, missing=missing,
                     unreadable=unreadable_sites(module, unreadable, 'the accounts it refused are not reported'))


if __name__ == '__main__':
    main()
