#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainycp_mail_queue_info
short_description: List the messages in the BrainyCP mail queue
version_added: 0.1.0
description:
  - Lists the messages waiting in the Exim mail queue of a BrainyCP server, with one call of the
    C(mailserver) API operation C(list_msg). An empty queue is an empty list, not an error.
  - The optional filters O(id), O(frozen), O(sender) and O(recipient) are applied by the module; all given filters
    must match.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.brainycp
  - hosting.panels.attributes
  - hosting.panels.attributes.info_module
  - hosting.panels.attributes.actiongroup_brainycp
options:
  id:
    description:
      - Return only the messages with these Exim message ids, such as V(1YlG2A-000Hzk-En) (Exim 4.96 and older) or
        V(1vGk2P-0000004xQz1-0aBc) (Exim 4.97 and newer), as O(hosting.panels.brainycp_mail_queue#module:id) selects them.
      - Ids that are not queued are returned in RV(not_queued) and are not an error.
    type: list
    elements: str
  frozen:
    description:
      - V(true) returns only frozen messages, V(false) only messages that are not frozen.
      - By default frozen and other messages are returned.
      - Messages whose frozen state the panel does not report match neither V(true) nor V(false).
    type: bool
  sender:
    description:
      - Return only messages whose envelope sender contains this text, compared without regard to case.
      - For example V(example.com) matches C(billing@Example.com). The sender of a bounce is V(<>).
    type: str
  recipient:
    description:
      - Return only messages with at least one envelope recipient that contains this text, compared without
        regard to case. Only recipients the message still waits for count (see RV(messages[].recipients)).
    type: str
notes:
  - Reading the mail queue needs a login with full API (administrator) rights; without the C(mailserver)
    module the panel answers error 400 C(Unfortunately, the module is not available to you.)
  - BrainyCP does not publish the shape of the queue listing. The module accepts a list of messages, a dict
    keyed by message id, or C(exim -bp) output, with numbers and flags as numbers or strings, and fails with
    the raw answer when it meets anything else.
seealso:
  - module: hosting.panels.brainycp_mail_queue
'''

EXAMPLES = r'''
- name: Read the whole mail queue
  hosting.panels.brainycp_mail_queue_info:
    host: brainy.example.com
    username: root
    password: "{{ brainycp_password }}"
  delegate_to: localhost
  register: queue

- name: Show the size of the queue
  ansible.builtin.debug:
    msg: "{{ queue.count }} messages are queued"

- name: Find the frozen bounces, with the connection from BRAINYCP_* environment variables
  hosting.panels.brainycp_mail_queue_info:
    frozen: true
    sender: "<>"
  delegate_to: localhost
  register: frozen_bounces

- name: Remove them
  hosting.panels.brainycp_mail_queue:
    id: "{{ frozen_bounces.messages | map(attribute='id') }}"
  delegate_to: localhost
  when: frozen_bounces.matched > 0
'''

RETURN = r'''
messages:
  description: The queued messages that match the filters, in the panel's order.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Exim message id, as used by M(hosting.panels.brainycp_mail_queue).
      type: str
      sample: 1YlG2A-000Hzk-En
    age:
      description: Time in the queue as Exim shows it; V(null) when the panel does not report it.
      type: str
      sample: 4d
    size:
      description: Size as Exim shows it; V(null) when the panel does not report it.
      type: str
      sample: 17K
    sender:
      description:
        - Envelope sender; V(<>) for a bounce.
        - V(null) when the panel does not report it, as in an C(exim -bp) listing of a message whose spool file
          Exim could not read (then also RV(messages[].recipients) is empty and RV(messages[].frozen) V(null)).
      type: str
      sample: newsletter@example.com
    recipients:
      description: Envelope recipients the message still waits for (from a listing in the C(exim -bp) format,
        those it marks delivered are left out).
      type: list
      elements: str
      sample: [info@example.net]
    frozen:
      description: Whether Exim has frozen the message; V(null) when the panel does not say.
      type: bool
      sample: false
count:
  description: Number of messages in the whole queue, before filtering.
  returned: success
  type: int
  sample: 4
matched:
  description: Number of messages returned in RV(messages).
  returned: success
  type: int
  sample: 1
not_queued:
  description: Ids from O(id) that are not in the queue.
  returned: success, with O(id)
  type: list
  elements: str
  sample: [1aGtJk-0000OE-1T]
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
    type: BrainycpApiError
    panel: brainycp
    message: 'BrainyCP mailserver/list_msg failed: [400] Unfortunately, the module is not available to you.'
    module: mailserver
    operation: list_msg
    code: 400
    text: Unfortunately, the module is not available to you.
'''

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_mail import exim_id_problem, read_queue
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import brainycp_client, brainycp_module, fail, unique_names


def matches(message, ids, frozen, sender, recipient):
    if ids is not None and message['id'] not in ids:
        return False
    if frozen is not None and message['frozen'] is not frozen:
        return False
    if sender is not None and sender.lower() not in (message['sender'] or '').lower():
        return False
    if recipient is not None and not any(recipient.lower() in address.lower() for address in message['recipients']):
        return False
    return True


def main():
    module = brainycp_module(
        argument_spec=dict(
            id=dict(type='list', elements='str'),
            frozen=dict(type='bool'),
            sender=dict(type='str'),
            recipient=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    for option in ('sender', 'recipient'):
        if params[option] is not None and not params[option].strip():
            module.fail_json(msg='%s must not be empty, got %r; leave it out to match every message'
                             % (option, params[option]))
    ids = None
    if params['id'] is not None:
        ids = unique_names(module, 'id', params['id'])
        problem = exim_id_problem(ids)
        if problem:
            module.fail_json(msg=problem)
    try:
        queue = read_queue(brainycp_client(module))
    except PanelError as error:
        fail(module, error)
    # A set: a queue of thousands of messages against as many ids stays linear.
    wanted = None if ids is None else set(ids)
    selected = [message for message in queue
                if matches(message, wanted, params['frozen'], params['sender'], params['recipient'])]
    result = dict(changed=False, messages=selected, count=len(queue), matched=len(selected))
    if ids is not None:
        queued = set(message['id'] for message in queue)
        result['not_queued'] = [value for value in ids if value not in queued]
    module.exit_json(**result)


if __name__ == '__main__':
    main()
