#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: brainycp_mail_filter
short_description: Enable or disable the ClamAV and SpamAssassin mail filters of BrainyCP
version_added: 0.1.0
description:
  - Enables or disables the mail antivirus (ClamAV) and the spam filter (SpamAssassin) of a BrainyCP
    server, through the C(mailserver) API operations C(clamav) and C(spamassassin).
  - Reads the status of each named filter first (C(command=status)) and sends C(on) or C(off) only to
    the filters that are not yet in the requested state; nothing when all are.
  - A switch counts as done when its answer reports the new status. When the answer reports none (console
    output, which the panel may send with success when the service failed to start), the module reads the
    status back, one more call; a filter still in the old state then fails the task, reporting that the panel
    may still be switching it.
author:
  - hosting.panels contributors (!UNKNOWN)
extends_documentation_fragment:
  - hosting.panels.brainycp
  - hosting.panels.attributes
  - hosting.panels.attributes.actiongroup_brainycp
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
      - The filter, or a list of filters, to enable or disable.
    type: list
    elements: str
    choices: [clamav, spamassassin]
    required: true
  state:
    description:
      - V(enabled) turns the filters on, V(disabled) turns them off.
      - Defaults to V(enabled), so a task that only names filters makes sure they run.
    type: str
    choices: [enabled, disabled]
    default: enabled
notes:
  - Managing the mail filters needs a login with full API (administrator) rights; without the C(mailserver)
    module the panel answers error 400 C(Unfortunately, the module is not available to you.)
  - >-
    BrainyCP does not publish the shape of the status answer. The module accepts C(Enabled)/C(Disabled) and the
    Russian panel's words for them (also as a one-element list or as C({"status": ...})), C(active)/C(inactive),
    C(running)/C(stopped), C(on)/C(off), yes/no, true/false and 1/0, as values or strings, and fails with the raw
    answer when it meets anything else.
  - When the panel accepts C(on) or C(off) but reports a status that contradicts it, the task fails, saying so; the
    switch may still happen, so the filter's RV(filters[].changed) and RV(filters[].enabled_after) are V(null)
    and the error carries C(may_have_applied).
seealso:
  - module: hosting.panels.brainycp_mail_filter_info
'''

EXAMPLES = r'''
- name: Make sure the antivirus and the spam filter run
  hosting.panels.brainycp_mail_filter:
    host: brainy.example.com
    username: root
    password: "{{ brainycp_password }}"
    name:
      - clamav
      - spamassassin
  delegate_to: localhost

- name: Turn SpamAssassin off, with the connection from BRAINYCP_* environment variables
  hosting.panels.brainycp_mail_filter:
    name: spamassassin
    state: disabled
  delegate_to: localhost
'''

RETURN = r'''
filters:
  description:
    - The named filters, in the order given, with their state before and after the task.
    - Every named filter is read before any is switched. When a switch fails, that filter carries
      RV(filters[].error) and the filters after it are left as they were.
  returned: unless the input was refused
  type: list
  elements: dict
  contains:
    name:
      description: V(clamav) or V(spamassassin).
      type: str
      sample: spamassassin
    enabled_before:
      description: Whether the filter was enabled before the task.
      type: bool
      sample: false
    enabled_after:
      description:
        - Whether the filter is enabled after the task; in check mode, whether it would be.
        - V(null) when the answer to a switch was lost and the status read back did not show it switched (the
          panel may still be switching it), or reading it back failed too, or the panel accepted the switch but
          reported the filter as it was.
      type: bool
      sample: true
    changed:
      description:
        - Whether the task turned this filter on or off (or would, in check mode).
        - V(null) when it is unknown whether the switch happened.
      type: bool
      sample: true
    error:
      description:
        - The error of this filter, when switching it failed or its outcome is unknown.
      type: dict
      returned: on failure of this filter
      sample:
        code: 400
        text: Unfortunately, the module is not available to you.
      contains:
        code:
          description: The panel's error code, or V(null) when the panel gave none (for example a connection broken off).
          type: int
          sample: 400
        text:
          description: The panel's error text, or what went wrong when the panel gave no text.
          type: str
          sample: Unfortunately, the module is not available to you.
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
    message: 'BrainyCP mailserver/clamav failed: [400] Unfortunately, the module is not available to you.'
    module: mailserver
    operation: clamav
    code: 400
    text: Unfortunately, the module is not available to you.
'''

from ansible_collections.hosting.panels.plugins.module_utils._brainycp_mail import FILTERS, read_filter, switch_filter
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelProtocolError
from ansible_collections.hosting.panels.plugins.module_utils._module import (
    brainycp_client,
    brainycp_module,
    fail,
    one_at_a_time,
    unique_names,
    with_diff,
)


def word(enabled):
    return 'enabled' if enabled else 'disabled'


def apply(module, client, entries, wanted):
    """Switch every entry that differs, one call each; mark an entry changed as soon as the switch is known done.

    When the answer to a switch is lost, the status is read back: a switch it shows done is reported so,
    with a warning, and the next filter is switched; otherwise the task stops there.  An answer without a
    status (console output) is settled by reading the status back too, without a warning: it says the call
    ran, not that the filter switched, and a service that fails to start shows only there.
    """
    for entry in entries:
        if entry['enabled_before'] == wanted:
            continue
        try:
            reported = switch_filter(client, entry['name'], wanted)
        except PanelError as error:
            if not error.may_have_applied:
                entry['error'] = item_error_of(error)
                raise
            confirm_switch(module, client, entry, wanted, error)
            continue
        shown = 'reports it'
        if reported is None:
            reported, shown = read_back(client, entry, wanted), 'its status read back shows it'
        if reported != wanted:
            # Accepted but not shown switched: as after a lost answer, the panel may still be switching it.
            entry.update(enabled_after=None, changed=None)
            error = PanelProtocolError('BrainyCP accepted turning %s %s, but %s %s; the panel may have applied this '
                                       'change and still be at it, so read its state before trying again'
                                       % (entry['name'], 'on' if wanted else 'off', shown, word(reported)),
                                       panel='brainycp', may_have_applied=True)
            entry['error'] = item_error_of(error)
            raise error
        entry.update(enabled_after=wanted, changed=True)


def read_back(client, entry, wanted):
    """The status of a filter whose switch was accepted with an answer that reports none."""
    try:
        return read_filter(client, entry['name'])
    except PanelError as read_error:
        entry.update(enabled_after=None, changed=None)
        error = PanelProtocolError('BrainyCP accepted turning %s %s without reporting its status, and reading the '
                                   'status back failed (%s), so whether it was switched is unknown'
                                   % (entry['name'], 'on' if wanted else 'off', read_error.message),
                                   panel='brainycp').mark_may_have_applied()
        entry['error'] = item_error_of(error)
        raise error from None


def confirm_switch(module, client, entry, wanted, error):
    """Settle a switch whose answer was lost by reading the filter's status back."""
    try:
        now = read_filter(client, entry['name'])
    except PanelError as read_error:
        entry.update(enabled_after=None, changed=None, error=item_error_of(error))
        raise error.add('reading the status of %s back failed too (%s), so whether it was switched is unknown'
                        % (entry['name'], read_error.message)) from None
    if now != wanted:
        # Not switched yet is not never switched: the panel may still be working on it.
        entry.update(enabled_after=None, changed=None, error=item_error_of(error))
        raise error.add('the status read back shows %s still %s, but the panel may still switch it'
                        % (entry['name'], word(now)))
    entry.update(enabled_after=now, changed=True)
    module.warn('The answer to turning %s %s was lost (%s), but the status read back shows it %s'
                % (entry['name'], 'on' if wanted else 'off', error.message, word(now)))


def item_error_of(error):
    return dict(code=getattr(error, 'code', None), text=getattr(error, 'text', error.message))


def add_diff(module, result, entries):
    with_diff(module, result,
              before={entry['name']: entry['enabled_before'] for entry in entries},
              after={entry['name']: entry['enabled_after'] for entry in entries})


def main():
    module = brainycp_module(
        argument_spec=dict(
            name=dict(type='list', elements='str', required=True, choices=list(FILTERS)),
            state=dict(type='str', default='enabled', choices=['enabled', 'disabled']),
        ),
        supports_check_mode=True,
    )
    names = unique_names(module, 'name', module.params['name'])
    wanted = module.params['state'] == 'enabled'
    entries = []
    result = dict(changed=False, filters=entries)
    attempt = 'reading the mail filters'
    try:
        client = brainycp_client(module)
        one_at_a_time(module, *names)
        for name in names:
            enabled = read_filter(client, name)
            entries.append(dict(name=name, enabled_before=enabled, enabled_after=enabled, changed=False))
        attempt = 'switching the mail filters'
        if module.check_mode:
            for entry in entries:
                entry.update(enabled_after=wanted, changed=entry['enabled_before'] != wanted)
        else:
            apply(module, client, entries, wanted)
    except PanelError as error:
        # A switch whose outcome is unknown (changed None) may have happened.
        result['changed'] = any(entry['changed'] is not False for entry in entries)
        # As the Plesk modules do when some items fail: the diff shows what the others did.
        add_diff(module, result, entries)
        fail(module, error, attempt=attempt, **result)

    result['changed'] = any(entry['changed'] for entry in entries)
    add_diff(module, result, entries)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
