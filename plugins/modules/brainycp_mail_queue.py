#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainycp_mail_queue
short_description: Remove or resend messages in the BrainyCP mail queue
version_added: 0.1.0
description:
  - Removes messages from the Exim mail queue of a BrainyCP server, or resends them, through the
    C(mailserver) module of the BrainyCP API.
  - Select the messages with exactly one of O(id), O(frozen=true) or O(all=true).
  - Reads the queue first (C(list_msg)) and acts only on messages that are queued. Removing a list of ids
    sends one C(controll_msg) per queued id, because the API has no batch operation;
    O(frozen=true) sends one C(delete_frozen_msg) and O(all=true) one C(delete_all_msg), each only when
    there is something to remove.
  - After any change, and after a call whose answer was lost, one more C(list_msg) reads the queue back. A
    message is reported removed only when it has left the queue and this task removed it, or may have (its
    answer was lost); a message the mail server delivered meanwhile is not. A message the panel reported
    removed but still lists makes the task fail. A first call the panel refuses ends the task with nothing
    changed, without the read-back.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.brainycp
  - hosting.panels.attributes
  - hosting.panels.attributes.actiongroup_brainycp
attributes:
  check_mode:
    support: full
    details:
      - Reports exactly which messages would be removed or resent; sends no change.
  diff_mode:
    support: full
    details:
      - The diff shows the queued message ids before and after; resent messages are marked C((resent)).
  idempotent:
    support: partial
    details:
      - V(absent) is idempotent. V(reshipped) resends the named messages on every run while they are queued.
options:
  state:
    description:
      - V(absent) removes the selected messages from the queue.
      - V(reshipped) tries to deliver the messages named in O(id) now (presumably Exim C(-M); BrainyCP does not
        document how). A message that is delivered leaves the queue; one that cannot be delivered stays and is
        no longer frozen.
    type: str
    choices: [absent, reshipped]
    default: absent
  id:
    description:
      - Exim message ids, such as V(1YlG2A-000Hzk-En) (Exim 4.96 and older) or V(1vGk2P-0000004xQz1-0aBc)
        (Exim 4.97 and newer).
      - Ids that are not queued are returned in RV(not_queued) and are not an error.
      - Mutually exclusive with O(frozen) and O(all).
    type: list
    elements: str
  frozen:
    description:
      - V(true) selects every frozen message. V(false) is refused, because it would select nothing.
      - When the panel's listing does not say whether a message is frozen (a listing without the flag, or an
        C(exim -bp) line for a message whose spool file Exim could not read), the task fails naming those
        messages and removes nothing, because it cannot tell what it would remove; O(id) can still select them.
      - Mutually exclusive with O(id) and O(all). Only with O(state=absent).
    type: bool
  all:
    description:
      - V(true) selects every message in the queue. V(false) is refused, because it would select nothing.
      - Mutually exclusive with O(id) and O(frozen). Only with O(state=absent).
    type: bool
  force:
    description:
      - With O(all=true), ask the mail server to force the deletion (the API parameter C(dellete_forse)).
      - A mail server that cannot force deletion makes the task fail with the panel's error
        C(The mail server does not support forced deletion); nothing is removed then.
    type: bool
    default: false
  report:
    description:
      - How much a successful task returns about the messages.
      - V(messages) returns RV(messages), every message removed or resent with its sender, recipients and size,
        and RV(output), the panel's console output.
      - V(changes) returns RV(changed_messages), the ids of the messages removed or resent, instead of
        RV(messages) and RV(output). For a queue of thousands of messages, such as after a spam run, this is much
        cheaper. Ansible handles every key and value of a result, and an entry of RV(messages) holds about a dozen.
      - A task whose change failed returns RV(messages) and RV(output) whatever O(report) says, so that it shows what was
        already done.
      - In diff mode, the diff still lists every queued id before and after.
    type: str
    choices: [messages, changes]
    default: messages
notes:
  - Managing the mail queue needs a login with full API (administrator) rights; without the C(mailserver)
    module the panel answers error 400 C(Unfortunately, the module is not available to you.)
  - BrainyCP does not publish the shape of the queue listing. The module accepts a list of messages, a dict
    keyed by message id, or C(exim -bp) output, with numbers and flags as numbers or strings, and fails with
    the raw answer when it meets anything else.
  - When a removal or resend fails after others succeeded, the task fails, reports C(changed=true), and
    RV(messages) lists the messages that were already handled.
seealso:
  - module: hosting.panels.brainycp_mail_queue_info
'''

EXAMPLES = r'''
- name: Remove two messages from the mail queue
  hosting.panels.brainycp_mail_queue:
    host: brainy.example.com
    username: root
    password: "{{ brainycp_password }}"
    id:
      - 1YlG2A-000Hzk-En
      - 1Ym1XR-000ERo-TH
    state: absent
  delegate_to: localhost

- name: Remove every frozen message, with the connection from BRAINYCP_* environment variables
  hosting.panels.brainycp_mail_queue:
    frozen: true
  delegate_to: localhost

- name: Empty the whole queue, forcing the deletion
  hosting.panels.brainycp_mail_queue:
    all: true
    force: true
  delegate_to: localhost

- name: Empty a queue of thousands of spam messages, returning only their ids
  hosting.panels.brainycp_mail_queue:
    all: true
    report: changes
  delegate_to: localhost

- name: Find the messages waiting for one recipient
  hosting.panels.brainycp_mail_queue_info:
    recipient: info@example.net
  delegate_to: localhost
  register: waiting

- name: Resend them now
  hosting.panels.brainycp_mail_queue:
    id: "{{ waiting.messages | map(attribute='id') }}"
    state: reshipped
  delegate_to: localhost
  when: waiting.matched > 0
'''

RETURN = r'''
changed_messages:
  description:
    - The ids of the messages the task removed or resent (in check mode, would remove or resend), in the order
      of O(id), or with O(frozen) and O(all) in the order of the queue.
  returned: success, with O(report=changes)
  type: list
  elements: str
  sample: [1YlG2A-000Hzk-En, 1Ym1XR-000ERo-TH]
messages:
  description:
    - The messages the task removed or resent, or would in check mode.
    - A message counts as removed only when the queue read back after the changes no longer lists it. On a
      failure part way, only those already handled (removed ones as the read-back shows them), or, when the
      queue could not be read back, those the panel reported handled.
  returned: with O(report=messages), and when the task failed on the panel (empty when reading the state failed)
  type: list
  elements: dict
  contains:
    id:
      description: Exim message id.
      type: str
      sample: 1YlG2A-000Hzk-En
    sender:
      description: Envelope sender; V(<>) for a bounce.
      type: str
      sample: newsletter@example.com
    recipients:
      description: Envelope recipients the message still waits for (from a listing in the C(exim -bp) format,
        those it marks delivered are left out).
      type: list
      elements: str
      sample: [info@example.net]
    frozen:
      description: Whether the message was frozen; V(null) when the panel does not say.
      type: bool
      sample: false
    age:
      description: Time in the queue as Exim shows it, when the panel reports it.
      type: str
      sample: 4d
    size:
      description: Size as Exim shows it, when the panel reports it.
      type: str
      sample: 17K
not_queued:
  description: Ids from O(id) that were not in the queue, so nothing was done for them.
  returned: unless the input was refused
  type: list
  elements: str
  sample: [1aGtJk-0000OE-1T]
output:
  description:
    - The console output the panel returned for the changes, line by line.
    - The task's secrets are masked in it, also where the console echoed one escaped (in HTML, JSON or URL encoding).
  returned: with O(report=messages), and when the task failed on the panel (empty when reading the state failed)
  type: list
  elements: str
  sample: [Message 1YlG2A-000Hzk-En has been removed]
count_before:
  description: Number of messages in the queue before the task.
  returned: when the queue was read
  type: int
  sample: 4
count_after:
  description:
    - Number of messages in the queue after the task, as the panel lists it (C(list_msg)) after a change.
    - In check mode, the predicted number. Resending is predicted to leave the count unchanged, because whether
      a message is delivered is known only afterwards.
  returned: success, and on a failure after the queue was read back
  type: int
  sample: 2
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
    may_have_applied:
      description:
        - V(true) when the change may have reached the panel and its answer was lost, cut short, a server error or
          unreadable, so the change may or may not have happened. The module read the state back where it could; the per-item results say what it found.
          Read the state before trying again.
        - Left out when no change can have reached the panel.
      returned: when a change may have applied
      type: bool
      sample: true
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
    message: 'BrainyCP mailserver/controll_msg failed: [102] The server for sending letters is missing or
      incorrectly specified'
    module: mailserver
    operation: controll_msg
    code: 102
    text: The server for sending letters is missing or incorrectly specified
'''

from operator import itemgetter

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_mail import (
    delete_all,
    delete_frozen,
    delete_message,
    exim_id_problem,
    read_queue,
    reship_message,
)
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelProtocolError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    brainycp_client,
    brainycp_module,
    fail,
    one_at_a_time,
    report_changes,
    report_option,
    unique_names,
    with_diff,
)


def selection(module):
    """``('id', ids)``, ``('frozen', None)`` or ``('all', None)``, or a failure naming the options."""
    params = module.params
    chosen = [name for name in ('id', 'frozen', 'all') if params[name] is not None]
    if len(chosen) != 1:
        given = ', '.join('%s=%r' % (name, params[name]) for name in chosen)
        module.fail_json(msg='select the messages with exactly one of id, frozen: true or all: true; got %s'
                         % (given or 'none of them'))
    chosen = chosen[0]
    if chosen in ('frozen', 'all') and params[chosen] is not True:
        module.fail_json(msg='%s: false selects no messages; use %s: true, or select messages with id'
                         % (chosen, chosen))
    if params['force'] and chosen != 'all':
        module.fail_json(msg='force: true applies only with all: true (forced deletion of the whole queue), '
                         'got it with %s' % chosen)
    if params['state'] == 'reshipped' and chosen != 'id':
        module.fail_json(msg='state=reshipped resends the messages named in id; got %s: true instead' % chosen)
    if chosen != 'id':
        return chosen, None
    ids = unique_names(module, 'id', params['id'])
    problem = exim_id_problem(ids)
    if problem:
        module.fail_json(msg=problem)
    return chosen, ids


def pick(queue, chosen, ids):
    """``(messages to act on, ids not queued)``."""
    if chosen == 'all':
        return list(queue), []
    if chosen == 'frozen':
        unknown = [message['id'] for message in queue if message['frozen'] is None]
        if unknown:
            raise PanelProtocolError(
                "BrainyCP's queue listing does not say whether %s %s frozen, so the module cannot tell what "
                'frozen: true would remove' % (', '.join(unknown), 'is' if len(unknown) == 1 else 'are'),
                panel='brainycp')
        return [message for message in queue if message['frozen']], []
    queued = {message['id']: message for message in queue}
    return [queued[value] for value in ids if value in queued], [value for value in ids if value not in queued]


def apply(client, state, chosen, force, targets, done, output):
    """Send the changes; ``done`` and ``output`` grow as they succeed, so a failure can report them."""
    if chosen == 'all':
        output.extend(delete_all(client, force))
        done.extend(targets)
    elif chosen == 'frozen':
        output.extend(delete_frozen(client))
        done.extend(targets)
    else:
        action = delete_message if state == 'absent' else reship_message
        for message in targets:
            output.extend(action(client, message['id']))
            done.append(message)


def failure_message(error, state, chosen, targets, done):
    """The panel's error, with the message it failed on and those already handled."""
    verb = 'removed' if state == 'absent' else 'resent'
    text = error.message
    if chosen == 'id' and len(done) < len(targets):
        text = '%s message %s: %s' % ('Removing' if state == 'absent' else 'Resending', targets[len(done)]['id'], text)
    if done:
        text += '; already %s: %s' % (verb, ', '.join(message['id'] for message in done))
    return text


def queue_after(queue, state, done):
    """The queued messages after the task as check mode predicts them; resending is assumed to remove nothing."""
    if state == 'absent':
        acted = set(message['id'] for message in done)
        return [message for message in queue if message['id'] not in acted]
    return queue


def marked_resent(ids, resent):
    # Marked, or the diff of a resend would show no difference at all.
    return ['%s (resent)' % value if value in resent else value for value in ids]


def settle(module, client, state, chosen, targets, done, failure, failure_text, result, before):
    """Read the queue back after the changes and report what it holds.

    A message is reported removed only when it has left the queue; one the panel said it removed but
    still lists fails the task, as does a failed call, with the diff from ``before`` (the queue as first
    read) to the queue read back.  Returns the queue as read back.
    """
    in_doubt = failure is not None and failure.may_have_applied
    if failure is not None and not in_doubt and not done:
        # The panel refused the first call and changed nothing: the queue as first read still stands.
        add_diff(module, result, before, state, before, done)
        fail(module, failure, attempt='changing the queue', msg=failure_text, **result)
    try:
        now = read_queue(client)
    except PanelError as read_error:
        result['changed'] = bool(done) or in_doubt
        if failure is not None:
            fail(module, failure, attempt='changing the queue', msg='%s; reading the queue back failed too (%s)'
                 % (failure_text, read_error.message), **result)
        fail(module, read_error, attempt='reading the queue back after the changes',
             msg='the panel reported the changes done (%s), but the queue could not be read back to confirm them: %s'
             % (', '.join(message['id'] for message in done), read_error.message), **result)
    remaining = set(message['id'] for message in now)
    result['count_after'] = len(now)
    problems = [] if failure is None else [failure_text]
    if state == 'absent':
        claimed = [message['id'] for message in done if message['id'] in remaining]
        # One call removes every target of all or frozen; by id, the call that failed is the one after those done.
        attempted = targets[:len(done) + 1] if failure is not None and chosen == 'id' else targets
        if in_doubt and not any(message['id'] in remaining for message in attempted) and len(attempted) == len(targets):
            # The answer to the last removal was lost, but every message has left the queue.
            module.warn('The answer to the removal was lost (%s), but the queue read back no longer lists %s'
                        % (failure.message, ', '.join(message['id'] for message in attempted)))
            problems = []
        # Exim delivers messages all the time: one that left the queue counts as removed only when this task
        # removed it or may have, never when it was not sent or the panel refused it.
        removable = attempted if in_doubt else list(done)
        done[:] = [message for message in removable if message['id'] not in remaining]
        if claimed and chosen == 'id':
            problems.insert(0, 'the panel reported %s removed, but reading the queue back shows %s still queued'
                            % (', '.join(claimed), 'it' if len(claimed) == 1 else 'them'))
        elif claimed:
            # One call for all of them: it reported success, and its console output is shown, not read for ids.
            problems.insert(0, 'the panel reported the %s messages removed, but reading the queue back shows %s still '
                            'queued' % ('frozen' if chosen == 'frozen' else 'queued', ', '.join(claimed)))
        # A removal whose answer was lost and that has not happened yet may still happen.
        result['changed'] = bool(done) or in_doubt
    else:
        result['changed'] = bool(done) or in_doubt
    if problems:
        problems.append('the queue read back holds %d message(s)%s' % (len(now), '' if state != 'absent' else
                        ', and these left it: %s' % (', '.join(message['id'] for message in done) or 'none')))
        add_diff(module, result, before, state, now, done)
        fail(module, failure or PanelProtocolError(problems[0], panel='brainycp'), attempt='changing the queue',
             msg='; '.join(problems), **result)
    return now


def add_diff(module, result, before, state, now, done):
    """The queue's ids before and after the task (``now``: as read back, or as :func:`queue_after` predicts it)."""
    after = [message['id'] for message in now]
    if state == 'reshipped':
        after = marked_resent(after, set(message['id'] for message in done))
    with_diff(module, result, before={'queue': [message['id'] for message in before]}, after={'queue': after})


def main():
    module = brainycp_module(
        argument_spec=dict(
            state=dict(type='str', default='absent', choices=['absent', 'reshipped']),
            id=dict(type='list', elements='str'),
            frozen=dict(type='bool'),
            all=dict(type='bool'),
            force=dict(type='bool', default=False),
            report=report_option('messages'),
        ),
        supports_check_mode=True,
    )
    state = module.params['state']
    chosen, ids = selection(module)
    done, output = [], []
    result = dict(changed=False, messages=done, not_queued=[], output=output)
    try:
        client = brainycp_client(module)
        # Any removal changes the queue that the others read.
        one_at_a_time(module, 'queue')
        queue = read_queue(client)
        targets, not_queued = pick(queue, chosen, ids)
        result.update(not_queued=not_queued, count_before=len(queue))
    except PanelError as error:
        fail(module, error, attempt='reading the mail queue', **result)

    if module.check_mode or not targets:
        done.extend(targets if module.check_mode else [])
        after = queue_after(queue, state, done)
        result.update(count_after=len(after), changed=bool(done))
        add_diff(module, result, queue, state, after, done)
    else:
        failure = failure_text = None
        try:
            apply(client, state, chosen, module.params['force'], targets, done, output)
        except PanelError as error:
            failure, failure_text = error, failure_message(error, state, chosen, targets, done)
        now = settle(module, client, state, chosen, targets, done, failure, failure_text, result, queue)
        add_diff(module, result, queue, state, now, done)
    # Every message in the list was removed or resent.
    module.exit_json(**report_changes(module, result, 'messages', name=itemgetter('id'), changed=lambda message: True,
                                      leave_out=['output']))


if __name__ == '__main__':
    main()
