#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_service_info
short_description: Read the state of Plesk server services
version_added: 0.1.0
description:
  - Lists the services of a Plesk server with their state, in one XML API packet
    (C(server get services_state)).
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
      - Return only these service ids, in this order. An unknown id fails, naming the ids the server has.
      - By default every service is returned, in the panel's order.
    type: list
    elements: str
    aliases: [id, service]
seealso:
  - module: hosting.panels.plesk_service
'''

EXAMPLES = r'''
- name: Read every service
  hosting.panels.plesk_service_info:
    host: plesk.example.com
    password: "{{ plesk_password }}"
  delegate_to: localhost
  register: plesk_services

- name: Show the services that are not running
  ansible.builtin.debug:
    msg: "{{ plesk_services.services | rejectattr('state', 'equalto', 'running') | map(attribute='id') }}"

- name: Read two services, with the connection from PLESK_* environment variables
  hosting.panels.plesk_service_info:
    name: [web, mail]
  delegate_to: localhost
'''

RETURN = r'''
services:
  description: The services.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Service id, as used by M(hosting.panels.plesk_service).
      type: str
      sample: web
    title:
      description: Service name as Plesk shows it.
      type: str
      sample: Web Server (Apache)
    state:
      description: V(running), V(stopped), or V(none) when the service is not installed or not started.
      type: str
      sample: running
    error:
      description: The error Plesk reports for the service, if any.
      type: str
      returned: when Plesk reports one
error:
  description: Details of a panel error when the task failed on one.
  returned: failure
  type: dict
  sample: {type: PleskAuthError, panel: plesk, code: 1001, text: Authentication failed}
'''

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    fail,
    plesk_client,
    plesk_module,
    unique_names,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import pick_services, read_services


def main():
    module = plesk_module(
        argument_spec=dict(
            name=dict(type='list', elements='str', aliases=['id', 'service']),
        ),
        supports_check_mode=True,
    )
    names = module.params['name']
    if names is not None:
        names = unique_names(module, 'name', names)
    try:
        services = read_services(plesk_client(module))
        selected = list(services.values()) if names is None else pick_services(services, names)
    except PanelError as error:
        fail(module, error)
    module.exit_json(changed=False, services=selected)


if __name__ == '__main__':
    main()
