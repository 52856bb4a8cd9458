#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_info
short_description: Read the mail state of Plesk sites
version_added: 0.1.0
description:
  - Lists Plesk sites with whether their mail service is enabled, their webmail, DKIM signing, greylisting and
    what becomes of mail to names they do not have, and the names of their mail accounts, through the XML API
    operations C(mail get_prefs) and C(mail get_info).
  - Finds the sites in one packet (C(site get) and C(webspace get)), unless they are all given by id,
    and reads the mail state of every site in one more packet, with one C(mail get_prefs) for every 500
    sites; one more packet asks each site on its own when Plesk's answer does not name every site asked
    exactly once (see the scaling guide).
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
      - Read only these sites, given by domain name. The main domain of a subscription (webspace) is
        accepted as well as any other site. An unknown name fails.
      - By default every site and every webspace is read.
    type: list
    elements: str
    aliases: [domain]
  site_id:
    description:
      - Read only these sites, given by Plesk id. An unknown id fails.
    type: list
    elements: int
seealso:
  - module: hosting.panels.plesk_mail_service
  - module: hosting.panels.plesk_mail_settings
  - module: hosting.panels.plesk_mailbox_rename
'''

EXAMPLES = r'''
- name: Read the mail state of every site
  hosting.panels.plesk_mail_info:
    host: plesk.example.com
    password: "{{ plesk_password }}"
  delegate_to: localhost
  register: plesk_mail

- name: Show the sites whose mail service is disabled
  ansible.builtin.debug:
    msg: "{{ plesk_mail.sites | selectattr('mail_service', 'false') | map(attribute='name') }}"

- name: Read two sites, with the connection from PLESK_* environment variables
  hosting.panels.plesk_mail_info:
    site: [example.com]
    site_id: [11]
  delegate_to: localhost
'''

RETURN = r'''
sites:
  description:
    - The sites, each once; in the order given (O(site) before O(site_id)), else ordered by id.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Plesk id of the site, as used by O(hosting.panels.plesk_mail_service#module:site_id).
      type: int
      sample: 11
    name:
      description: Domain name of the site.
      type: str
      sample: example.org
    kind:
      description: V(webspace) for the main domain of a subscription, V(site) for any other site.
      type: str
      sample: site
    mail_service:
      description: Whether the mail service of the site is enabled; V(null) when Plesk does not say, or refused
        to (see RV(unreadable)).
      type: bool
      sample: true
    webmail:
      description: The webmail of the site as Plesk names it (for example V(horde), V(roundcube) or V(none)),
        or V(null) when Plesk does not say, or refused to (see RV(unreadable)).
      type: str
      sample: horde
    dkim_signing:
      description: Whether the outgoing mail of the site is signed with DKIM (C(spam-protect-sign)); V(null) when
        Plesk does not say (a server without DomainKeys may leave it out), or refused to (see RV(unreadable)).
      type: bool
      sample: true
    greylisting:
      description: Whether greylisting applies to the mail of the site; V(null) when Plesk does not say (a server
        without greylisting may leave it out), or refused to (see RV(unreadable)).
      type: bool
      sample: true
    nonexistent_user:
      description: What becomes of mail to a name the site does not have; V(null) when Plesk does not say, or
        refused to (see RV(unreadable)).
      type: dict
      sample: {action: bounce, text: This address no longer accepts mail., address: null}
      contains:
        action:
          description: V(bounce) (sent back with RV(sites[].nonexistent_user.text)), V(forward) (to
            RV(sites[].nonexistent_user.address)) or V(reject) (refused during the SMTP dialogue); for an action
            this collection does not know, the name Plesk gives it, with no text.
          type: str
          sample: bounce
        text:
          description: The text of the bounce; V(null) for another action.
          type: str
          sample: This address no longer accepts mail.
        address:
          description: Where such mail is forwarded; V(null) for another action.
          type: str
          sample: null
    mailboxes:
      description: Names of the mail accounts of the site (the part before C(@)), in the panel's order; V(null)
        when Plesk refused to list them (see RV(unreadable)).
      type: list
      elements: str
      sample: [admin, common]
unreadable:
  description:
    - The reads Plesk refused, one entry per refusal (a site refused both its mail state and its mail accounts
      has two), for example error 1023 for a site without a mail service. What it refused is V(null) in
      RV(sites).
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
      description: The C(mail) operation Plesk refused, V(get_prefs) (the mail state) or V(get_info) (the mail
        accounts).
      type: str
      sample: get_prefs
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
          V(PleskOperationError) (one operation of a packet failed; the others ran).
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
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import read_sites, unreadable_sites

FIELDS = ('id', 'name', 'kind', 'mail_service', 'webmail', 'dkim_signing', 'greylisting', 'nonexistent_user', 'mailboxes')


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='list', elements='str', aliases=['domain']),
            site_id=dict(type='list', elements='int'),
        ),
        supports_check_mode=True,
    )
    names = unique_names(module, 'site', module.params['site'], site_problem)
    ids = positive_ids(module, 'site_id', module.params['site_id'])
    every = module.params['site'] is None and module.params['site_id'] is None
    unreadable = []
    try:
        sites, dummy = read_sites(plesk_client(module), names=names, ids=ids, every=every, prefs=True, settings=True,
                                  mailboxes=True, unreadable=unreadable)
    except PanelError as error:
        fail(module, error)
    module.exit_json(changed=False, sites=[dict((field, site[field]) for field in FIELDS) for site in sites],
                     unreadable=unreadable_sites(module, unreadable, 'reported as unknown (null)'))


if __name__ == '__main__':
    main()
