#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_webmail
short_description: Register, unregister, enable or disable an external webmail service in Plesk
version_added: 0.1.0
description:
  - Manages an external webmail service (such as Horde at another address) that Plesk offers to its
    sites, through the XML API operator C(webmail).
  - Reads the registered services first, in one packet (C(get-supported) and C(get-available)), and then
    sends one packet with what differs, nothing when nothing does. A service registered with another URL is
    unregistered and registered again with the new URL, in the same packet.
  - The C(webmail) operator exists in XML API protocols up to 1.6.9.0, as the Plesk Onyx documentation describes
    it. A server that speaks protocol 1.6.9.1 rejects a packet that uses it (Plesk Obsidian, and late Onyx
    releases too, for a public client recorded 1.6.9.1 from a server in 2018, before Obsidian). The module
    finds that out from its first packet, a read, and fails naming the protocol version the server announced
    and what to use instead, having changed nothing.
  - Whether an Obsidian server still accepts the operator in packets pinned to an older protocol
    (O(api_version=1.6.9.0)) is not documented; the module works wherever the server answers.
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
  name:
    description:
      - Name of the webmail service, for example V(Horde). Plesk compares names without regard to case.
    type: str
    required: true
  url:
    description:
      - Address of the webmail service, an http or https URL with a host, for example
        V(https://webmail.example.com/horde). Anything else is refused before any request.
      - Required to register a service that is not registered yet. When given for a registered service with
        another URL, the service is registered again with this one.
      - When not given, the URL of a registered service is left as it is.
    type: str
  state:
    description:
      - V(present) registers the service; V(absent) unregisters it.
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description:
      - Whether the service is enabled (offered to sites), with O(state=present).
      - When not given, a registered service stays as it is (also when it moves to another O(url)), and a
        service the task registers is enabled.
    type: bool
notes:
  - Re-registering a service to change its URL is two operations in one packet. Should Plesk accept the first
    and refuse the second, the service is left unregistered; the module then fails and reports it as absent.
seealso:
  - module: hosting.panels.plesk_webmail_info
'''

EXAMPLES = r'''
- name: Remove the external webmail service Horde
  hosting.panels.plesk_webmail:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    name: Horde
    state: absent
  delegate_to: localhost

- name: Register Roundcube at its own address, enabled
  hosting.panels.plesk_webmail:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    name: Roundcube
    url: https://roundcube.example.com
  delegate_to: localhost

- name: Keep Horde registered but disabled, with the connection from PLESK_* variables
  hosting.panels.plesk_webmail:
    name: Horde
    enabled: false
  delegate_to: localhost
'''

RETURN = r'''
webmail:
  description: The webmail service before and after the task.
  returned: when the webmail services were read
  type: dict
  contains:
    before:
      description: The service before the task, or V(null) when it was not registered.
      type: dict
      sample: {name: Horde, url: "http://webmail.example.com/horde", enabled: true}
      contains:
        name:
          description: Name of the service, as Plesk spells it.
          type: str
          sample: Horde
        url:
          description: Address of the service, or V(null) when Plesk does not say.
          type: str
          sample: http://webmail.example.com/horde
        enabled:
          description: Whether the service is enabled.
          type: bool
          sample: true
    after:
      description: The service after the task, or V(null) when it is not registered; in check mode, what the task would leave.
      type: dict
      sample: null
      contains:
        name:
          description: Name of the service, as Plesk spells it.
          type: str
          sample: Horde
        url:
          description: Address of the service, or V(null) when Plesk does not say.
          type: str
          sample: http://webmail.example.com/horde
        enabled:
          description: Whether the service is enabled.
          type: bool
          sample: true
    unknown:
      description:
        - V(true) when the answer to the changes was lost or unreadable and reading the services back failed,
          or did not show the changes made (the panel may still be making them), so what is registered now is
          unknown (RV(webmail.after) is then V(null)).
      type: bool
      returned: when the outcome is unknown
      sample: true
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
    - So is a service to register, which the read shows is not registered yet, without O(url), before any
      change.
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
          V(PleskAuthError) (Plesk refused the credentials or the access: 1001, 1006, 1029, 11003),
          V(PleskApiError) (Plesk refused the whole packet with another C(<system>) error, for example 1005 or 1014),
          V(PleskUnsupportedError) (this Plesk has no C(webmail) operator; nothing was changed),
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
      returned: for V(PleskAuthError), V(PleskApiError), V(PleskOperationError) and V(PleskUnsupportedError)
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
    type: PanelTransportError
    panel: plesk
    message: 'Cannot talk to plesk.example.com:8443: the answer was cut short after 10 bytes (Connection broken);
      the panel may have applied this change, so read its state before trying again'
    host: plesk.example.com:8443
    cause: the answer was cut short after 10 bytes (Connection broken)
    may_have_applied: true
'''

from urllib.parse import urlsplit

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    DONE,
    NOT_DONE,
    check_text,
    fail,
    fail_on_item_errors,
    one_at_a_time,
    plesk_client,
    plesk_module,
    send_changes,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_server import (
    change_webmail,
    find_webmail,
    read_webmail,
)


def stripped(module, option):
    """The option without surrounding blanks; a value that cannot be a name fails naming the option."""
    value = module.params[option]
    if value is None:
        return None
    check_text(module, option, value)
    return value.strip()


def url_problem(url):
    """Why ``url`` cannot be a webmail's address, or None.  Checked before any request: moving a service
    unregisters it first, so an address Plesk refused would leave the service gone."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ('http', 'https') or not parts.netloc \
            or any(character.isspace() for character in url):
        return 'must be an http or https address with a host, such as https://webmail.example.com/horde'
    return None


def plan(module, before, name, url):
    """The service the task leaves, and the ``(operation, service)`` actions that get it there."""
    wanted = module.params['enabled']
    if module.params['state'] == 'absent':
        return None, ([('unregister', before)] if before else [])
    if before is None:
        if url is None:
            module.fail_json(msg='url is required to register the webmail service %r, which is not registered'
                             % name, webmail=dict(before=None, after=None))
        after = dict(name=name, url=url, enabled=wanted is not False)
        return after, [('register', after)]
    # A registered service keeps the name as Plesk spells it, and its state unless the task gives one.
    enabled = before['enabled'] if wanted is None else wanted
    after = dict(before, enabled=enabled)
    if url is not None and before['url'] is None:
        # Moving means unregistering first; never do that for a service whose address is unknown.
        module.warn('Plesk did not report the URL of the webmail service %r, so its URL was left as it is'
                    % before['name'])
    elif url is not None and url != before['url']:
        after['url'] = url
        return after, [('unregister', before), ('register', after)]
    if before['enabled'] != enabled:
        return after, [('enable' if enabled else 'disable', before)]
    return after, []


def apply(client, before, after, actions):
    """Send the actions in one packet; return what is registered now and the errors."""
    results = change_webmail(client, actions)
    failures = [result.error('webmail', operation, service['name'])
                for (operation, service), result in zip(actions, results) if not result.ok]
    if not failures:
        return after, []
    done = [operation for (operation, dummy), result in zip(actions, results) if result.ok]
    # Only an unregister followed by a failed register leaves a state the task did not ask for.
    return (None if 'unregister' in done else before), failures


def diff_view(service):
    return {} if service is None else {service['name']: dict(url=service['url'], enabled=service['enabled'])}


def main():
    module = plesk_module(
        argument_spec=dict(
            name=dict(type='str', required=True),
            url=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            enabled=dict(type='bool'),
        ),
        supports_check_mode=True,
    )
    name, url = stripped(module, 'name'), stripped(module, 'url')
    if url is not None and url_problem(url):
        module.fail_json(msg='url %s, got %r' % (url_problem(url), url))
    # No webmail entry until the services were read: a null "before" would claim the service absent.
    result = dict(changed=False)
    try:
        client = plesk_client(module)
        one_at_a_time(module, name.lower())
        before = find_webmail(read_webmail(client), name)
        after, actions = plan(module, before, name, url)
    except PanelError as error:
        fail(module, error, attempt='reading the webmail services', **result)

    webmail = result['webmail'] = dict(before=before, after=after)

    def send():
        webmail['after'], failures = apply(client, before, after, actions)
        return failures

    def confirm(acting):
        webmail['after'] = find_webmail(read_webmail(client), name)
        acting[0]['changed'] = webmail['after'] != before
        return [DONE if webmail['after'] == after else NOT_DONE]

    # When nothing reached Plesk, what is registered stays as it was.
    failures = send_changes(module, send, result, [dict(changed=bool(actions))],
                            lambda dummy: webmail.update(after=before), confirm=confirm,
                            unknown=lambda entry: entry.update(changed=None) or webmail.update(after=None, unknown=True),
                            label=lambda dummy: 'the webmail service %r' % name)
    result['changed'] = webmail['after'] != before
    with_diff(module, result, before=diff_view(before), after=diff_view(webmail['after']))
    fail_on_item_errors(module, failures, result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
