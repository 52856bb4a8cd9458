#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_webmail_info
short_description: Read the external webmail services registered in Plesk
version_added: 0.1.0
description:
  - Lists the external webmail services of a Plesk server with their address and whether they are enabled,
    in one XML API packet (C(webmail get-supported) and C(webmail get-available)).
  - The C(webmail) operator exists in XML API protocols up to 1.6.9.0, as the Plesk Onyx documentation describes
    it. A server that speaks protocol 1.6.9.1 (Plesk Obsidian, and late Onyx releases too) rejects it; the
    module then fails naming the protocol version the server announced and what to use instead. The webmail
    each site uses is reported by M(hosting.panels.plesk_mail_info).
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.plesk
  - hosting.panels.attributes
  - hosting.panels.attributes.info_module
  - hosting.panels.attributes.actiongroup_plesk
options:
  name:
    description:
      - Return only these services, in this order. Names are compared without regard to case. An unknown
        name fails, naming the services the server has.
      - By default every service is returned, in the panel's order.
    type: list
    elements: str
seealso:
  - module: hosting.panels.plesk_webmail
'''

EXAMPLES = r'''
- name: Read every webmail service
  hosting.panels.plesk_webmail_info:
    host: plesk.example.com
    password: "{{ plesk_password }}"
  delegate_to: localhost
  register: plesk_webmail

- name: Show the enabled ones
  ansible.builtin.debug:
    msg: "{{ plesk_webmail.webmail | selectattr('enabled') | map(attribute='name') }}"

- name: Read Horde, with the connection from PLESK_* environment variables
  hosting.panels.plesk_webmail_info:
    name: [Horde]
  delegate_to: localhost
'''

RETURN = r'''
webmail:
  description: The webmail services.
  returned: success
  type: list
  elements: dict
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
          V(PleskUnsupportedError) (this Plesk has no C(webmail) operator; nothing was changed),
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
    type: PanelHttpError
    panel: plesk
    message: 'plesk.example.com:8443 answered HTTP 502: Bad Gateway'
    host: plesk.example.com:8443
    http_status: 502
'''

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelNotFoundError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    fail,
    plesk_client,
    plesk_module,
    unique_names,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_server import read_webmail


def pick(services, names):
    """The named services, each once, in the order named; unknown names raise, listing the known ones."""
    # Compared without case as Plesk does; the first of two spellings of one name, as find_webmail finds it.
    by_name = {}
    for service in services:
        by_name.setdefault(service['name'].lower(), service)
    missing = [name for name in names if name.lower() not in by_name]
    if missing:
        raise PanelNotFoundError('webmail service', missing, known=[service['name'] for service in services],
                                 panel='plesk')
    picked = {}
    for name in names:
        service = by_name[name.lower()]
        picked.setdefault(id(service), service)
    return list(picked.values())


def main():
    module = plesk_module(
        argument_spec=dict(
            name=dict(type='list', elements='str'),
        ),
        supports_check_mode=True,
    )
    names = module.params['name']
    if names is not None:
        names = unique_names(module, 'name', names)
    try:
        services = read_webmail(plesk_client(module))
        selected = services if names is None else pick(services, names)
    except PanelError as error:
        fail(module, error)
    module.exit_json(changed=False, webmail=selected)


if __name__ == '__main__':
    main()
