#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_service
short_description: Start, stop or restart Plesk server services
version_added: 0.1.0
description:
  - Starts, stops or restarts services of a Plesk server (web, SMTP, IMAP/POP3, DNS, databases, Fail2Ban ...)
    through the XML API operation C(server srv_man).
  - Reads the state of every service first, in one packet, and then sends one packet with one
    C(srv_man) for each service that is not yet in the requested state; nothing when all are.
  - An unknown service id fails before anything changes.
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
    support: partial
    details:
      - V(started) and V(stopped) are idempotent. V(restarted) restarts the services on every run.
options:
  name:
    description:
      - Id of the service, or a list of ids, as Plesk names them in C(services_state). Plesk Obsidian on
        Linux has, for example, V(web), V(smtp), V(imap-pop3), V(dns), V(spamassassin), V(milter), V(fail2ban),
        V(postgresql) and one V(plesk-phpXY-fpm) per PHP version.
      - The ids differ between Plesk versions and servers. Plesk Obsidian has no V(mail) id, which only the
        older documentation shows; use V(smtp) and V(imap-pop3) for the mail services.
      - List the ids of a server with M(hosting.panels.plesk_service_info). An unknown id fails before
        anything changes, and the message lists the ids the server has.
    type: list
    elements: str
    required: true
    aliases: [id, service]
  state:
    description:
      - V(started) starts services that are not running; V(stopped) stops services that are running.
      - V(restarted) restarts every named service, always.
    type: str
    choices: [started, stopped, restarted]
    default: started
seealso:
  - module: hosting.panels.plesk_service_info
'''

EXAMPLES = r'''
- name: Stop the web and Fail2Ban services
  hosting.panels.plesk_service:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    name:
      - web
      - fail2ban
    state: stopped
  delegate_to: localhost

- name: Start PostgreSQL, with the connection taken from PLESK_* environment variables
  hosting.panels.plesk_service:
    name: postgresql
    state: started
  delegate_to: localhost

- name: Restart the mail services (SMTP and IMAP/POP3) on every Plesk server of the group
  hosting.panels.plesk_service:
    host: "{{ inventory_hostname }}"
    secret_key: "{{ plesk_secret_key }}"
    name: [smtp, imap-pop3]
    state: restarted
  delegate_to: localhost

- name: List the service ids of a server
  hosting.panels.plesk_service_info:
  delegate_to: localhost
  register: plesk_services

- name: Show them
  ansible.builtin.debug:
    msg: "{{ plesk_services.services | map(attribute='id') }}"
'''

RETURN = r'''
services:
  description: The named services, in the order given, with their state before and after the task.
  returned: unless the input was refused or a named service is not installed
  type: list
  elements: dict
  contains:
    id:
      description: Service id.
      type: str
      sample: web
    title:
      description: Service name as Plesk shows it.
      type: str
      sample: Web Server (Apache)
    state_before:
      description: State before the task, V(running) or V(stopped) (a service in state V(none), taken as not installed, fails the task before any change).
      type: str
      sample: running
    state_after:
      description:
        - State after the task; in check mode, the state the task would leave.
        - V(null) when the answer to the operation was lost or unreadable and reading the state back did not
          show it done (the panel may still be doing it), or failed; always so for a restart.
      type: str
      sample: stopped
    changed:
      description:
        - Whether the task started, stopped or restarted this service (or would, in check mode).
        - V(null) when it is unknown whether the operation happened (see RV(services[].state_after)).
      type: bool
      sample: true
    error:
      description: The panel's error for this service, when its C(srv_man) failed.
      type: dict
      returned: on failure of this service
      sample: {code: 1013, text: "Service 'mysql' does not exist"}
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
          sample: "Service 'mysql' does not exist"
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
    - So is a named service that the read shows is not installed (state V(none)), before any change.
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
    type: PleskOperationError
    panel: plesk
    message: 'Plesk server srv_man failed for fail2ban: [1013] Service ''fail2ban'' does not exist'
    operator: server
    operation: srv_man
    subject: fail2ban
    code: 1013
    text: Service 'fail2ban' does not exist
'''

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
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
    send_changes,
    unique_names,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_server import (
    manage_services,
    pick_services,
    read_services,
)

# state -> (srv_man operation, state the service is in afterwards)
ACTIONS = {'started': ('start', 'running'), 'stopped': ('stop', 'stopped'), 'restarted': ('restart', 'running')}


def plan(module, services, state):
    """One entry per service, changed when it needs the state's operation."""
    absent = [service['id'] for service in services if service['state'] == 'none']
    if absent:
        module.fail_json(msg='Plesk service %s is not installed (state none) and cannot be %s'
                         % (', '.join(repr(name) for name in absent), state))
    target = ACTIONS[state][1]
    entries = []
    for service in services:
        before = service['state']
        acts = state == 'restarted' or before != target
        entries.append(dict(id=service['id'], title=service['title'], state_before=before,
                            state_after=target if acts else before, changed=acts))
    return entries


def apply(client, entries, operation):
    """Send ``operation`` for every changing service in one packet; mark failed services, return their errors."""
    acting = [entry for entry in entries if entry['changed']]
    results = manage_services(client, [(entry['id'], operation) for entry in acting])
    failures = []
    for entry, result in zip(acting, results):
        if not result.ok:
            failures.append(result.error('server', 'srv_man', '%s (%s)' % (entry['id'], operation)))
            revert(entry)
            entry['error'] = item_error(result)
    return failures


def revert(entry):
    entry.update(state_after=entry['state_before'], changed=False)


def unknown(entry):
    entry.update(state_after=None, changed=None)


def confirmer(client, state):
    """Reads the services a broken-off packet was acting on, and tells which starts and stops happened.

    A restart leaves a running service running, so no read can tell whether it happened.
    """
    def confirm(acting):
        services = read_services(client)
        outcomes = []
        for entry in acting:
            now = services.get(entry['id'], {}).get('state')
            if state == 'restarted' or now is None:
                outcomes.append(UNKNOWN)
                continue
            target = entry['state_after']
            entry.update(state_after=now, changed=now != entry['state_before'])
            outcomes.append(DONE if now == target else NOT_DONE)
        return outcomes
    return confirm


def label(entry):
    return entry['id']


def diff_state(entry, state):
    # A restart leaves the state as it was; say so, or the diff would show nothing.
    if entry['changed'] and state == 'restarted':
        return '%s (restarted)' % entry['state_after']
    return entry['state_after']


def main():
    module = plesk_module(
        argument_spec=dict(
            name=dict(type='list', elements='str', required=True, aliases=['id', 'service']),
            state=dict(type='str', default='started', choices=list(ACTIONS)),
        ),
        supports_check_mode=True,
    )
    names = unique_names(module, 'name', module.params['name'])
    result = dict(changed=False, services=[])
    try:
        client = plesk_client(module)
        one_at_a_time(module, *names)
        entries = plan(module, pick_services(read_services(client), names), module.params['state'])
    except PanelError as error:
        fail(module, error, attempt='reading the services', **result)

    result['services'] = entries
    operation = ACTIONS[module.params['state']][0]
    failures = send_changes(module, lambda: apply(client, entries, operation), result, entries, revert,
                            confirm=confirmer(client, module.params['state']), unknown=unknown, label=label)
    result['changed'] = any(entry['changed'] for entry in entries)
    with_diff(module, result,
              before={entry['id']: entry['state_before'] for entry in entries},
              after={entry['id']: diff_state(entry, module.params['state']) for entry in entries})
    fail_on_item_errors(module, failures, result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
