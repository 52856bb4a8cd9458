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
    BrainyCP does not publish the shape of the status answer. The module accepts C(Enabled)/C(Disabled) and the
    Russian panel's words for them (also as a one-element list or as C({"status": ...})), C(active)/C(inactive),
    C(running)/C(stopped), C(on)/C(off), yes/no, true/false and 1/0, as values or strings, and fails with the raw
    answer when it meets anything else.
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
          V(BrainycpAccessError) (HTTP 401 or 403 from the panel's htpasswd gate or IP filter in front of the API),
          V(PanelProtocolError) (an answer that cannot be understood: not XML or JSON, too large or too deep, an unexpected shape),
          V(BrainycpAuthError) (BrainyCP refused the login, its C(Not perm2) answer),
          V(BrainycpApiError) (the operation answered an error code, for example 400, 100, 101 or 102).
      type: str
      sample: BrainycpApiError
    panel:
      description: V(brainycp).
      type: str
      sample: brainycp
    message:
      description: What happened, in words; C(msg) says the same, naming the panel and what was being done.
      type: str
    code:
      description:
        - The panel's error code, for example V(400) (the module is not available to this login), V(100), V(101)
          or V(102). The troubleshooting guide lists the codes and what to do.
      returned: for V(BrainycpApiError)
      type: int
      sample: 400
    text:
      description: The panel's error text, as the panel wrote it (in the panel's language).
      returned: for V(BrainycpApiError) and V(BrainycpAuthError)
      type: str
      sample: Unfortunately, the module is not available to you.
    host:
      description: The panel as the module addressed it, C(host:port).
      returned: for V(PanelTransportError), V(PanelHttpError), V(BrainycpAccessError) and V(BrainycpAuthError)
      type: str
      sample: brainy.example.com:8000
    cause:
      description: >-
        Why the exchange failed, for example C(connection failed: ... Connection refused) or
        C(no answer within 30 seconds (raise the timeout option for a slow panel)).
      returned: for V(PanelTransportError)
      type: str
      sample: 'connection failed: Connection refused'
    http_status:
      description: The HTTP status the panel (or a proxy in front of it) answered with.
      returned: for V(PanelHttpError) and V(BrainycpAccessError)
      type: int
      sample: 502
    module:
      description: The BrainyCP API module that was called, V(mailserver).
      returned: for V(BrainycpApiError)
      type: str
      sample: mailserver
    operation:
      description: The operation that failed, for example V(list_msg), V(controll_msg) or V(clamav).
      returned: for V(BrainycpApiError)
      type: str
      sample: list_msg
  sample:
    type: BrainycpAuthError
    panel: brainycp
    message: 'BrainyCP at brainy.example.com:8000 did not accept the login (Not perm2): check username and
      password, and that the user''s group has API access'
    host: brainy.example.com:8000
    text: Not perm2
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
