#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mail_service
short_description: Enable or disable the mail service of Plesk sites
version_added: 0.1.0
description:
  - Turns the mail service of one or more Plesk sites on or off through the XML API operations
    C(mail enable) and C(mail disable).
  - Reads whether mail is enabled on every site first (C(mail get_prefs)), then sends one packet with
    one C(enable) or C(disable) for each site that is not yet in the requested state; nothing when all are.
  - Sites given by O(site_id) are read in one packet. Sites given by O(site) take one more packet first,
    which finds each domain name with C(site get) and, for the main domain of a subscription,
    C(webspace get).
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
      - At least one of O(site) and O(site_id) is required; both may be given, and a site named twice
        is handled once.
    type: list
    elements: str
    aliases: [domain]
  site_id:
    description:
      - Plesk ids of the sites (the C(site-id) of the XML API; for a subscription's main domain, the id
        of the webspace).
    type: list
    elements: int
  state:
    description:
      - V(enabled) turns the mail service on, V(disabled) turns it off.
    type: str
    choices: [enabled, disabled]
    default: enabled
notes:
  - Plesk must report the state of the mail service in C(mail get_prefs) (its C(mailservice) field).
    When it does not, the module fails, changing nothing, rather than guess.
seealso:
  - module: hosting.panels.plesk_mail_info
'''

EXAMPLES = r'''
- name: Enable mail on the sites with ids 1 and 2, in one packet
  hosting.panels.plesk_mail_service:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site_id: [1, 2]
    state: enabled
  delegate_to: localhost

- name: Disable mail on the sites with ids 1 and 2
  hosting.panels.plesk_mail_service:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site_id: [1, 2]
    state: disabled
  delegate_to: localhost

- name: Enable mail on sites named by domain, with the connection from PLESK_* environment variables
  hosting.panels.plesk_mail_service:
    site:
      - example.com
      - example.org
  delegate_to: localhost

- name: Enable mail on one site and disable it on another
  hosting.panels.plesk_mail_service:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site_id: "{{ item.id }}"
    state: "{{ item.state }}"
  loop:
    - {id: 1, state: enabled}
    - {id: 2, state: disabled}
  delegate_to: localhost
'''

RETURN = r'''
sites:
  description: The sites, each once, in the order given (O(site) before O(site_id)), with the state of their mail service.
  returned: always
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
    mail_service_before:
      description: Whether mail was enabled before the task.
      type: bool
      sample: false
    mail_service_after:
      description: Whether mail is enabled after the task; in check mode, what the task would leave.
      type: bool
      sample: true
    changed:
      description: Whether the task switched the mail service of this site (or would, in check mode).
      type: bool
      sample: true
    error:
      description: The panel's error for this site, when its C(enable) or C(disable) failed.
      type: dict
      returned: on failure of this site
      sample: {code: 1013, text: Domain does not exist}
error:
  description: Details of a panel error when the task failed on one.
  returned: failure
  type: dict
  sample: {type: PanelNotFoundError, panel: plesk, kind: Plesk site, missing: [example.invalid]}
'''

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelError,
    PanelProtocolError,
    PleskOperationError,
)
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    fail,
    plesk_client,
    plesk_module,
    positive_ids,
    unique_names,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import (
    describe_site,
    read_sites,
    switch_mail_service,
)


def plan(sites, enabled):
    """One entry per site, changed when its mail service is not yet as requested."""
    unknown = [site for site in sites if site['mail_service'] is None]
    if unknown:
        raise PanelProtocolError(
            'Plesk did not report whether mail is enabled on %s (no mailservice in its mail get_prefs answer); '
            'nothing was changed' % ', '.join(describe_site(site) for site in unknown), panel='plesk')
    return [dict(name=site['name'], id=site['id'], mail_service_before=site['mail_service'],
                 mail_service_after=enabled, changed=site['mail_service'] != enabled) for site in sites]


def apply(client, entries, enabled):
    """Switch the sites that differ in one packet; mark failed sites and return their errors."""
    acting = [entry for entry in entries if entry['changed']]
    results = switch_mail_service(client, [(entry['id'], enabled) for entry in acting])
    failures = []
    for entry, result in zip(acting, results):
        if not result.ok:
            entry.update(mail_service_after=entry['mail_service_before'], changed=False,
                         error=dict(code=result.errcode, text=result.errtext))
            failures.append(PleskOperationError('mail', 'enable' if enabled else 'disable', result.errcode,
                                                result.errtext, describe_site(entry)))
    return failures


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='list', elements='str', aliases=['domain']),
            site_id=dict(type='list', elements='int'),
            state=dict(type='str', default='enabled', choices=['enabled', 'disabled']),
        ),
        required_one_of=[('site', 'site_id')],
        supports_check_mode=True,
    )
    names = unique_names(module, 'site', module.params['site'] or [])
    ids = positive_ids(module, 'site_id', module.params['site_id'] or [])
    if not names and not ids:
        module.fail_json(msg='site or site_id must name at least one site, got empty lists')
    enabled = module.params['state'] == 'enabled'
    result = dict(changed=False, sites=[])
    try:
        client = plesk_client(module)
        sites, dummy = read_sites(client, names=names, ids=ids, prefs=True)
        entries = plan(sites, enabled)
        failures = [] if module.check_mode else apply(client, entries, enabled)
    except PanelError as error:
        fail(module, error, **result)

    result.update(changed=any(entry['changed'] for entry in entries), sites=entries)
    with_diff(module, result,
              before={entry['name']: entry['mail_service_before'] for entry in entries},
              after={entry['name']: entry['mail_service_after'] for entry in entries})
    if failures:
        fail(module, failures[0], msg='; '.join(failure.message for failure in failures), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
