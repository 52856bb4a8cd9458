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
  - The C(webmail) operator exists up to Plesk Onyx (XML API protocol up to 1.6.9.0). Plesk Obsidian (protocol
    1.6.9.1) rejects it; the module then fails naming the protocol version the server announced and what to
    use instead. The webmail each site uses is reported by M(hosting.panels.plesk_mail_info).
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
  description: Details of a panel error when the task failed on one.
  returned: failure
  type: dict
  sample: {type: PleskUnsupportedError, panel: plesk, code: 1014,
           text: "Parser error: Request is invalid. Error in line 1: Element 'webmail': This element is not expected."}
'''

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelNotFoundError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    fail,
    plesk_client,
    plesk_module,
    unique_names,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import find_webmail, read_webmail


def pick(services, names):
    """The named services, each once, in the order named; unknown names raise, listing the known ones."""
    missing = [name for name in names if find_webmail(services, name) is None]
    if missing:
        raise PanelNotFoundError('webmail service', missing, known=[service['name'] for service in services],
                                 panel='plesk')
    picked = []
    for name in names:
        service = find_webmail(services, name)
        if all(service is not other for other in picked):
            picked.append(service)
    return picked


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
