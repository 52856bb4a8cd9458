#!/usr/bin/python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: plesk_mailbox_rename
short_description: Rename mail accounts on Plesk sites
version_added: 0.1.0
description:
  - Renames mail accounts (mailboxes) of Plesk sites through the XML API operation C(mail rename).
  - Give one rename with O(site) or O(site_id), O(name) and O(new_name), or several with O(renames).
  - Reads the old and the new name of every rename first, with one C(mail get_info) per name, all in one
    packet, and then sends one packet with a C(rename) for each mailbox that still has its old name.
    A rename whose old name is gone and whose new name exists is already done and is left alone.
  - Nothing is renamed when any rename cannot be done, because both names exist (a conflict) or neither
    does (not found), or when a site is unknown.
  - Aliases are not read. A new name that is an alias of an account of the site, the renamed one's own
    included, is refused when the rename is sent (the emulator answers 1007, and Plesk is expected to refuse it
    too, as one address belongs to one account). That rename fails, the task fails naming it, and the other
    renames of the task are made.
  - Sites given by name take one more packet first, which finds each domain name with C(site get) and,
    for the main domain of a subscription, C(webspace get).
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
    details:
      - A rename that is already done reports C(ok) with status V(already_renamed).
options:
  site:
    description:
      - Domain name of the site that owns the mail account, for one rename.
      - Give O(site) or O(site_id) with O(name) and O(new_name), or give O(renames) instead.
    type: str
    aliases: [domain]
  site_id:
    description:
      - Plesk id of the site that owns the mail account, for one rename.
    type: int
  name:
    description:
      - Current name of the mail account, the part before C(@), for one rename.
    type: str
  new_name:
    description:
      - New name of the mail account, the part before C(@), for one rename.
      - Letters, digits and C(!#$%&'*+/=?^_`{|}~-), with single dots between them, as Plesk takes a mail name;
        anything else fails before any request.
    type: str
  renames:
    description:
      - Several renames, done together in one packet.
      - Renames may not chain or collide within one task. On one site, two renames may not have the same
        O(renames[].new_name), one mailbox may not be renamed twice, and a O(renames[].new_name) may not be
        the O(renames[].name) of another rename.
    type: list
    elements: dict
    suboptions:
      site:
        description:
          - Domain name of the site. Give O(renames[].site) or O(renames[].site_id).
        aliases: [domain]
        type: str
      site_id:
        description:
          - Plesk id of the site.
        type: int
      name:
        description:
          - Current name of the mail account. Required.
        type: str
      new_name:
        description:
          - New name of the mail account. Required.
        type: str
notes:
  - Plesk compares mail names without regard to case, and so does the module.
seealso:
  - module: hosting.panels.plesk_mail_info
'''

EXAMPLES = r'''
- name: Rename admin to administrator on the site with id 11
  hosting.panels.plesk_mailbox_rename:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    site_id: 11
    name: admin
    new_name: administrator
  delegate_to: localhost

- name: Rename two mail accounts of one site in one packet
  hosting.panels.plesk_mailbox_rename:
    host: plesk.example.com
    password: "{{ plesk_password }}"
    renames:
      - site_id: 11
        name: admin
        new_name: administrator
      - site_id: 11
        name: common
        new_name: main
  delegate_to: localhost

- name: Rename a mail account of a site given by domain name, with the connection from PLESK_* variables
  hosting.panels.plesk_mailbox_rename:
    site: example.org
    name: common
    new_name: shared
  delegate_to: localhost
'''

RETURN = r'''
renames:
  description: The renames, in the order given.
  returned: unless the input was refused
  type: list
  elements: dict
  contains:
    site:
      description: Domain name of the site.
      type: str
      sample: example.org
    site_id:
      description: Plesk id of the site.
      type: int
      sample: 11
    name:
      description: The old name, as given.
      type: str
      sample: admin
    new_name:
      description: The new name, as given.
      type: str
      sample: administrator
    changed:
      description:
        - Whether the task renamed the mail account (or would, in check mode).
        - V(null) when it is unknown whether the rename happened (status V(unknown)).
      type: bool
      sample: true
    status:
      description:
        - V(renamed) when the task renamed the account (or would, in check mode);
          V(already_renamed) when only the new name existed.
        - When the task fails, V(conflict) (both names exist), V(not_found) (neither exists),
          V(skipped) (could be renamed, but was not made, because another rename of the task cannot be done,
          the connection failed before the packet reached Plesk, or Plesk refused the whole packet, as the
          message and RV(error) say) or V(failed) (Plesk refused the rename, see RV(renames[].error)).
        - V(unknown) when the answer to the packet was lost or unreadable and reading the names back did not
          show the rename made (the panel may still be making it), or failed; RV(renames[].changed) is then
          V(null).
      type: str
      sample: renamed
    error:
      description: The panel's error for this rename, when it failed.
      type: dict
      returned: on failure of this rename
      sample:
        code: 1023
        text: There is no DSMail service for domain with id = 11
      contains:
        code:
          description:
            - The panel's error code, for example V(1013).
            - V(null) when the panel gave none; its text when the code it gave is not a number.
          type: raw
          sample: 1023
        text:
          description: The panel's error text.
          type: str
          sample: There is no DSMail service for domain with id = 11
error:
  description:
    - What went wrong, for a program to read, when the task failed on the panel or on the way to it.
    - Which keys are present depends on RV(error.type). Bad input is refused before any request, with C(msg)
      only and no RV(error).
    - So are renames that the read shows cannot be done (both names exist, or neither does), before any
      rename; RV(renames) then gives each one's status.
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
          V(PleskOperationError) (one operation of a packet failed; the others ran),
          V(PanelRequestTooLarge) (one operation is larger than O(max_packet_size) allows, such as a read of a mail
          name of a thousand characters; nothing of its packet was sent).
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
    type: PanelNotFoundError
    panel: plesk
    message: Unknown Plesk site id 99
    kind: Plesk site id
    missing:
      - 99
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
    site_problem,
    text_problem,
    with_diff,
)
from ansible_collections.hosting.panels.plugins.module_utils._plesk_api import describe_site, read_sites
from ansible_collections.hosting.panels.plugins.module_utils._plesk_mail import mail_name_problem
from ansible_collections.hosting.panels.plugins.module_utils._plesk_mailboxes import rename_mailboxes

SINGLE_RENAME_OPTIONS = ('site', 'site_id', 'name', 'new_name')


def requested(module):
    """The renames as ``{where, site, site_id, name, new_name}``, or a failure listing every bad field."""
    params = module.params
    if params['renames'] is None:
        if params['name'] is None and params['new_name'] is None:
            module.fail_json(msg='give name and new_name with site or site_id, or a list of renames')
        given = [(None, dict((key, params[key]) for key in SINGLE_RENAME_OPTIONS))]
    elif not params['renames']:
        module.fail_json(msg='renames must not be an empty list')
    else:
        given = list(enumerate(params['renames']))
    problems = []
    items = [_checked(index, item, problems) for index, item in given]
    if problems:
        module.fail_json(msg='; '.join(problems))
    return items


def _label(index, field=None):
    if index is None:
        return field or 'the rename'
    return 'renames[%d]%s' % (index, '.' + field if field else '')


def _checked(index, item, problems):
    site, site_id = item.get('site'), item.get('site_id')
    if site is not None and site_id is not None:
        problems.append('%s: give site or site_id, not both, got site=%r and site_id=%r' % (_label(index), site, site_id))
    elif site is None and site_id is None:
        problems.append('%s: give site or site_id' % _label(index))
    elif site is not None and site_problem(site):
        problems.append('%s %s, got %r' % (_label(index, 'site'), site_problem(site), site))
    elif site_id is not None and site_id < 1:
        problems.append('%s must be a positive id, got %r' % (_label(index, 'site_id'), site_id))
    names = {}
    for field in ('name', 'new_name'):
        value = item.get(field)
        if value is None:
            problems.append('%s is required' % _label(index, field))
        elif text_problem(value):
            problems.append('%s %s, got %r' % (_label(index, field), text_problem(value), value))
        elif '@' in value:
            problems.append('%s must be the mail name without @ and domain, got %r' % (_label(index, field), value))
        elif field == 'new_name' and mail_name_problem(value.strip()):
            # Only the new name: an account whose old name Plesk would no longer take can still be renamed.
            problems.append('%s %s, got %r' % (_label(index, field), mail_name_problem(value.strip()), value))
        else:
            names[field] = value.strip()
    if len(names) == 2 and names['name'].lower() == names['new_name'].lower():
        problems.append('%s: name and new_name are the same mail name (Plesk ignores case), got %r and %r'
                        % (_label(index), names['name'], names['new_name']))
    return dict(where=index, site=site.strip() if site else None, site_id=site_id,
                name=names.get('name'), new_name=names.get('new_name'))


def collisions(items, site_of, describe):
    """Renames that chain or collide on one site, each problem named once, in the order of the renames."""
    problems = []
    # Renames by the names they give, so that each is compared only with those that share a name with it.
    by_name, by_new_name = {}, {}
    for later, item in enumerate(items):
        site, name, new_name = site_of(item), item['name'].lower(), item['new_name'].lower()
        met = set(by_new_name.get((site, new_name), ())) | set(by_name.get((site, name), ()))
        met |= set(by_name.get((site, new_name), ())) | set(by_new_name.get((site, name), ()))
        for earlier in (items[index] for index in sorted(met)):
            both = '%s and %s' % (_label(earlier['where']), _label(item['where']))
            if earlier['new_name'].lower() == new_name:
                problems.append('%s both rename to %r on %s' % (both, item['new_name'], describe(item)))
            if earlier['name'].lower() == name:
                problems.append('%s both rename %r on %s' % (both, item['name'], describe(item)))
            for first, second in ((earlier, item), (item, earlier)):
                if first['new_name'].lower() == second['name'].lower():
                    problems.append('%s renames to %r, which %s renames on %s; rename in two tasks instead'
                                    % (_label(first['where']), first['new_name'], _label(second['where']),
                                       describe(item)))
        by_name.setdefault((site, name), []).append(later)
        by_new_name.setdefault((site, new_name), []).append(later)
    return problems


def given_site(item):
    return ('name', item['site'].lower()) if item['site'] else ('id', item['site_id'])


def describe_given(item):
    return item['site'] if item['site'] else 'site id %d' % item['site_id']


def existing_names(known, site):
    """The site's mail names as Plesk spells them, by the names without case; made once per site in ``known``."""
    if site['id'] not in known:
        known[site['id']] = dict((name.lower(), name) for name in site['mailboxes'])
    return known[site['id']]


def plan(items, by_reference):
    """One entry per rename with its status; problems are conflicts and names found nowhere.

    Also returns, beside the entries, the name each rename finds as Plesk spells it: the old name, which the
    rename must send, or the new one of a rename already done.
    """
    entries, problems, spelled, known = [], [], [], {}
    for item in items:
        site = by_reference[item['site'] or item['site_id']]
        existing = existing_names(known, site)
        has_old, has_new = item['name'].lower() in existing, item['new_name'].lower() in existing
        status = {(True, False): 'renamed', (False, True): 'already_renamed',
                  (True, True): 'conflict', (False, False): 'not_found'}[(has_old, has_new)]
        if status == 'conflict':
            problems.append('%s: cannot rename %r to %r on %s, both exist' % (
                _label(item['where']), item['name'], item['new_name'], describe_site(site)))
        elif status == 'not_found':
            problems.append('%s: neither %r nor %r exists on %s' % (
                _label(item['where']), item['name'], item['new_name'], describe_site(site)))
        entries.append(dict(site=site['name'], site_id=site['id'], name=item['name'], new_name=item['new_name'],
                            changed=status == 'renamed', status=status))
        spelled.append(existing.get(item['name'].lower()) or existing.get(item['new_name'].lower()))
    return entries, problems, spelled


def apply(client, entries, spelled):
    """Send every rename in one packet; mark failed ones and return their errors."""
    acting = [(entry, old) for entry, old in zip(entries, spelled) if entry['changed']]
    # The old name goes out as Plesk spells it, whatever case the task used.
    results = rename_mailboxes(client, [(entry['site_id'], old, entry['new_name']) for entry, old in acting])
    failures = []
    for (entry, dummy), result in zip(acting, results):
        if not result.ok:
            failures.append(result.error('mail', 'rename', '%r on %s (id %s)'
                                         % (entry['name'], entry['site'], entry['site_id'])))
            entry.update(changed=False, status='failed', error=item_error(result))
    return failures


def revert(entry):
    entry.update(changed=False, status='skipped')


def unknown(entry):
    entry.update(changed=None, status='unknown')


def confirmer(client):
    """Reads the old and new names of the renames a broken-off packet was sending, and tells which happened."""
    def confirm(acting):
        wanted = {}
        for entry in acting:
            wanted.setdefault(entry['site_id'], []).extend([entry['name'], entry['new_name']])
        dummy, by_reference = read_sites(client, ids=list(wanted), mailboxes=wanted)
        outcomes, known = [], {}
        for entry in acting:
            existing = existing_names(known, by_reference[entry['site_id']])
            has_old, has_new = entry['name'].lower() in existing, entry['new_name'].lower() in existing
            if has_new and not has_old:
                outcomes.append(DONE)
            elif has_old and not has_new:
                outcomes.append(NOT_DONE)
            else:
                outcomes.append(UNKNOWN)
        return outcomes
    return confirm


def label(entry):
    return '%r on %s' % (entry['name'], entry['site'])


def diff_names(entries, spelled, after):
    """Each site's names the renames concern, a name found on the panel as Plesk spells it (``spelled``)."""
    names = {}
    for entry, found in zip(entries, spelled):
        if entry['status'] == 'already_renamed':
            name = found or entry['new_name']
        elif after and entry['status'] == 'renamed':
            name = entry['new_name']
        else:
            name = found or entry['name']
        names.setdefault(entry['site'], []).append(name)
    return names


def main():
    module = plesk_module(
        argument_spec=dict(
            site=dict(type='str', aliases=['domain']),
            site_id=dict(type='int'),
            name=dict(type='str'),
            new_name=dict(type='str'),
            renames=dict(type='list', elements='dict', options=dict(
                site=dict(type='str', aliases=['domain']),
                site_id=dict(type='int'),
                name=dict(type='str'),
                new_name=dict(type='str'),
            )),
        ),
        mutually_exclusive=[('renames', 'site'), ('renames', 'site_id'), ('renames', 'name'), ('renames', 'new_name')],
        supports_check_mode=True,
    )
    items = requested(module)
    problems = collisions(items, given_site, describe_given)
    if problems:
        module.fail_json(msg='; '.join(problems))
    result = dict(changed=False, renames=[])
    try:
        client = plesk_client(module)
        wanted = {}
        for item in items:
            wanted.setdefault(item['site'] or item['site_id'], []).extend([item['name'], item['new_name']])
        dummy, by_reference = read_sites(
            client, names=[item['site'] for item in items if item['site']],
            ids=[item['site_id'] for item in items if not item['site']], mailboxes=wanted,
            # Both names: a run renaming info to desk and one renaming desk to sales would read each other's names.
            on_found=lambda site_ids: one_at_a_time(module, *[(site_ids[item['site'] or item['site_id']], name.lower())
                                                              for item in items for name in (item['name'], item['new_name'])]))
        # A site given by name in one rename and by id in another is only known to be one site now.
        problems = collisions(items, lambda item: by_reference[item['site'] or item['site_id']]['id'],
                              lambda item: describe_site(by_reference[item['site'] or item['site_id']]))
        entries, conflicts, spelled = plan(items, by_reference)
    except PanelError as error:
        fail(module, error, attempt='reading the sites and their mail accounts', **result)

    result['renames'] = entries
    if problems or conflicts:
        for entry in entries:
            if entry['changed']:
                revert(entry)
        module.fail_json(msg='nothing was renamed: %s' % '; '.join(problems + conflicts), **result)
    failures = send_changes(module, lambda: apply(client, entries, spelled), result, entries, revert,
                            confirm=confirmer(client), unknown=unknown, label=label)
    result['changed'] = any(entry['changed'] for entry in entries)
    with_diff(module, result, before=diff_names(entries, spelled, after=False),
              after=diff_names(entries, spelled, after=True))
    fail_on_item_errors(module, failures, result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
