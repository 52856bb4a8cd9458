#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainycp_mail_filter_info
short_description: Read whether the ClamAV and SpamAssassin mail filters of BrainyCP are enabled
version_added: 0.1.0
description:
  - Reads the status of the mail antivirus (ClamAV) and the spam filter (SpamAssassin) of a BrainyCP
    server, with one C(mailserver) API call (C(command=status)) per filter.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.brainycp
  - hosting.panels.attributes
  - hosting.panels.attributes.info_module
  - hosting.panels.attributes.actiongroup_brainycp
options:
  name:
    description:
      - Read only these filters, in this order.
      - By default both are read, V(clamav) first.
    type: list
    elements: str
    choices: [clamav, spamassassin]
notes:
  - Reading the mail filters needs a login with full API (administrator) rights; without the C(mailserver)
    module the panel answers error 400 C(Unfortunately, the module is not available to you.)
  - >-
    BrainyCP does not publish the shape of the status answer. The module accepts C(Enabled)/C(Disabled) (also
    as a one-element list or as C({"status": ...})), C(on)/C(off), true/false and 1/0, as values or strings,
    and fails with the raw answer when it meets anything else.
seealso:
  - module: hosting.panels.brainycp_mail_filter
'''

EXAMPLES = r'''
- name: Read both mail filters
  hosting.panels.brainycp_mail_filter_info:
    host: brainy.example.com
    username: root
    password: "{{ brainycp_password }}"
  delegate_to: localhost
  register: mail_filters

- name: Warn when the antivirus is off
  ansible.builtin.debug:
    msg: ClamAV is disabled
  when: not (mail_filters.filters | selectattr('name', 'equalto', 'clamav') | first).enabled

- name: Read SpamAssassin only, with the connection from BRAINYCP_* environment variables
  hosting.panels.brainycp_mail_filter_info:
    name: spamassassin
  delegate_to: localhost
'''

RETURN = r'''
filters:
  description: The filters, in the order asked for.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: V(clamav) or V(spamassassin), as used by M(hosting.panels.brainycp_mail_filter).
      type: str
      sample: clamav
    enabled:
      description: Whether the filter is enabled.
      type: bool
      sample: true
error:
  description: Details of a panel error when the task failed on one.
  returned: failure
  type: dict
  sample: {type: PanelProtocolError, panel: brainycp,
           message: "BrainyCP mailserver/clamav answered a status that is neither enabled nor disabled: 'maybe'"}
'''

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_mail import FILTERS, read_filter
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    brainycp_client,
    brainycp_module,
    fail,
    unique_names,
)


def main():
    module = brainycp_module(
        argument_spec=dict(
            name=dict(type='list', elements='str', choices=list(FILTERS)),
        ),
        supports_check_mode=True,
    )
    names = unique_names(module, 'name', module.params['name']) or list(FILTERS)
    try:
        client = brainycp_client(module)
        filters = [dict(name=name, enabled=read_filter(client, name)) for name in names]
    except PanelError as error:
        fail(module, error)
    module.exit_json(changed=False, filters=filters)


if __name__ == '__main__':
    main()
