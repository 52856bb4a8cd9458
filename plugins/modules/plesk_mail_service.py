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
  - Sites given by id are read in one packet, with one C(mail get_prefs) for every 500 sites; one more packet
    asks each site on its own when Plesk's answer does not name every site asked exactly once (see the
    scaling guide). Sites given by domain name take one more packet first,
    which finds each domain name with C(site get) and, for the main domain of a subscription,
    C(webspace get).
  - With O(sites), each site may have its own state, so mail can be enabled on some sites and disabled
    on others with one packet of changes.
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
      - Sites each with the state wanted for it, to enable mail on some sites and disable it on others in
        one packet.
      - Mutually exclusive with O(site) and O(site_id). Naming one site twice with different states fails
        before anything changes.
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
      state:
        description:
          - The state of this site's mail service; O(state) when not given.
        type: str
        choices: [enabled, disabled]
  state:
    description:
      - V(enabled) turns the mail service on, V(disabled) turns it off.
      - With O(sites), the state of the sites that do not give their own.
    type: str
    choices: [enabled, disabled]
    default: enabled
  report:
    description:
      - How much a successful task returns about the sites.
      - V(sites) returns RV(sites), every site with its id and the state of its mail service before and after.
      - V(changes) returns only RV(changed_sites), the domain names of the sites switched, and leaves RV(sites) out.
        For thousands of sites this is cheaper, because Ansible handles every entry of a result. At 10,000 sites,
        C(make bench) measured a task that changed nothing at about three quarters of its time with V(sites).
      - A task whose change failed returns RV(sites) with every site whatever O(report) says, so that it shows what happened
        to each.
      - In diff mode, the diff still maps every site to the state of its mail service before and after.
    type: str
    choices: [sites, changes]
    default: sites
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

- name: Enable mail on one site and disable it on another, in one packet
  hosting.panels.plesk_mail_service:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    sites:
      - site_id: 1
        state: enabled
      - site_id: 2
        state: disabled
  delegate_to: localhost

- name: Disable mail on 10,000 sites, returning only the names of those switched
  hosting.panels.plesk_mail_service:
    site_id: "{{ parked_site_ids }}"
    state: disabled
    report: changes
  register: parked
  delegate_to: localhost

- name: Disable mail on two sites and keep it on a third (the state of each entry, else the task's)
  hosting.panels.plesk_mail_service:
    sites:
      - site: example.net
      - site: example.org
      - site: example.com
        state: enabled
    state: disabled
  delegate_to: localhost
'''

RETURN = r'''
changed_sites:
  description:
    - The domain names of the sites whose mail service the task switched (in check mode, would switch), in the
      order given (with O(site) and O(site_id), those by name first).
  returned: success, with O(report=changes)
  type: list
  elements: str
  sample: [parked-one.example, parked-two.example]
sites:
  description:
    - The sites, each once, in the order given (with O(site) and O(site_id), those by name first),
      with the state of their mail service.
  returned: with O(report=sites), and when the task failed on the panel (empty when reading the state failed)
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
      description:
        - Whether mail is enabled after the task; in check mode, what the task would leave.
        - V(null) when the answer to the switch was lost or unreadable and reading the state back did not show
          it made (the panel may still be making it), or failed.
      type: bool
      sample: true
    changed:
      description:
        - Whether the task switched the mail service of this site (or would, in check mode).
        - V(null) when it is unknown whether the switch happened (see RV(sites[].mail_service_after)).
      type: bool
      sample: true
    error:
      description: The panel's error for this site, when its C(enable) or C(disable) failed.
      type: dict
      returned: on failure of this site
      sample:
        code: 1013
        text: Domain does not exist
      contains:
        code:
          description:
            - The panel's error code, for example V(1013).
            - V(null) when the panel gave none; its text when the code it gave is not a number.
          type: raw
          sample: 1013
        text:
          description: The panel's error text.
          type: str
          sample: Domain does not exist
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
    - So is a site named twice, by domain name and by id, with different states, which only the read shows,
      before any change.
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

from operator import itemgetter

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelProtocolError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    DONE,
    NOT_DONE,
    UNKNOWN,
    fail,
    fail_on_item_errors,
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
    unique_names,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import (
    describe_site,
    read_sites,
    switch_mail_service,
)


def requested(module):
    """``[(reference, enabled)]``: each site as named (a domain name or an id) with the state wanted."""
    params = module.params
    default = params['state'] == 'enabled'
    if params['sites'] is None:
        names = unique_names(module, 'site', params['site'], site_problem)
        ids = positive_ids(module, 'site_id', params['site_id'])
        return [(reference, default) for reference in names + ids]
    if not params['sites']:
        module.fail_json(msg='sites must not be an empty list')
    wanted = []
    for index, item in enumerate(params['sites']):
        state = item['state'] or params['state']
        wanted.append((site_reference(module, 'sites[%d]' % index, item), state == 'enabled'))
    return wanted


def targets(module, wanted, by_reference):
    """The state wanted per site id; one site asked for in both states fails before any change."""
    states, named = {}, {}
    for reference, enabled in wanted:
        site = by_reference[reference]
        if states.setdefault(site['id'], enabled) != enabled:
            module.fail_json(msg='%s is named twice, as %r and %r, with different states; nothing was changed'
                             % (describe_site(site), named[site['id']], reference))
        named.setdefault(site['id'], reference)
    return states


def plan(sites, states):
    """One entry per site, changed when its mail service is not yet as requested, in the order of ``states``
    (the order given; the sites come back from the panel by name first)."""
    unknown = [site for site in sites if site['mail_service'] is None]
    if unknown:
        raise PanelProtocolError(
            'Plesk did not report whether mail is enabled on %s (no mailservice in its mail get_prefs answer); '
            'nothing was changed' % ', '.join(describe_site(site) for site in unknown), panel='plesk')
    by_id = dict((site['id'], site) for site in sites)
    return [dict(name=by_id[site_id]['name'], id=site_id, mail_service_before=by_id[site_id]['mail_service'],
                 mail_service_after=enabled, changed=by_id[site_id]['mail_service'] != enabled)
            for site_id, enabled in states.items()]


def apply(client, entries):
    """Switch the sites that differ in one packet; mark failed sites and return their errors."""
    acting = [entry for entry in entries if entry['changed']]
    results = switch_mail_service(client, [(entry['id'], entry['mail_service_after']) for entry in acting])
    failures = []
    for entry, result in zip(acting, results):
        if not result.ok:
            operation = 'enable' if entry['mail_service_after'] else 'disable'
            failures.append(result.error('mail', operation, describe_site(entry)))
            revert(entry)
            entry['error'] = item_error(result)
    return failures


def revert(entry):
    entry.update(mail_service_after=entry['mail_service_before'], changed=False)


def unknown(entry):
    entry.update(mail_service_after=None, changed=None)


def confirmer(client):
    """Reads the mail state of the sites a broken-off packet was switching, and tells which switches happened."""
    def confirm(acting):
        wanted = [entry['mail_service_after'] for entry in acting]
        sites, dummy = read_sites(client, ids=[entry['id'] for entry in acting], prefs=True)
        now = {site['id']: site['mail_service'] for site in sites}
        outcomes = []
        for entry, enabled in zip(acting, wanted):
            if now.get(entry['id']) is None:
                outcomes.append(UNKNOWN)
                continue
            entry.update(mail_service_after=now[entry['id']], changed=now[entry['id']] != entry['mail_service_before'])
            outcomes.append(DONE if now[entry['id']] == enabled else NOT_DONE)
        return outcomes
    return confirm


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='list', elements='str', aliases=['domain']),
            site_id=dict(type='list', elements='int'),
            sites=dict(type='list', elements='dict', options=dict(
                site=dict(type='str', aliases=['domain']),
                site_id=dict(type='int'),
                state=dict(type='str', choices=['enabled', 'disabled']),
            )),
            state=dict(type='str', default='enabled', choices=['enabled', 'disabled']),
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
                                         on_found=lambda site_ids: one_at_a_time(module, *site_ids.values()))
        entries = plan(sites, targets(module, wanted, by_reference))
    except PanelError as error:
        fail(module, error, attempt='reading the mail state of the sites', **result)

    result['sites'] = entries
    failures = send_changes(module, lambda: apply(client, entries), result, entries, revert, confirm=confirmer(client),
                            unknown=unknown, label=describe_site)
    result['changed'] = any(entry['changed'] for entry in entries)
    with_diff(module, result,
              before={entry['name']: entry['mail_service_before'] for entry in entries},
              after={entry['name']: entry['mail_service_after'] for entry in entries})
    fail_on_item_errors(module, failures, result)
    module.exit_json(**report_changes(module, result, 'sites', name=itemgetter('name')))


if __name__ == '__main__':
    main()
