# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault x module matrix over real HTTP: which cases run, and whether each result told the truth.

  python matrix.py cases FILE [--settings test-settings.json]
                                           write the cases (module, phase, faults, profile) as JSON; the
                                           settings' fault_matrix "sample" keeps four modules
  python matrix.py check FILE              read the records the playbook wrote and check each one

A case runs one module task against the emulator with one fault injected, either into every request
("every request") or into the write only ("only the write"), and records the module's result and the
emulator's state afterwards.  The check holds each result to one of two outcomes:

  (a) a clear failure: no traceback, the panel's address and what was attempted named; when it says
      nothing changed (changed false, no may_have_applied), the panel's object is as it was; the flag
      may_have_applied and the message's words "may have applied" come together or not at all;
  (b) a success that matches the panel's state: the object is as the task asked, and ``changed`` says
      whether it was before.

And every value the result claims for the object (``*_after`` and the like, when not null) is what the
panel holds.  The sample keeps the cases of two modules per panel and every fault, for the runs of the
other ansible-core versions.
"""

from __future__ import annotations

import json
import os
import sys

BOUNCE = '1Ym1XR-000ERo-TH'

# module: (profile, is a write, {how to read the object from the state, from the result, before, wanted})
WRITERS = ('plesk_service', 'plesk_mail_service', 'plesk_mail_settings', 'plesk_mailbox_rename', 'plesk_mailbox',
           'plesk_webmail', 'brainycp_mail_filter', 'brainycp_mail_queue')
READERS = ('plesk_service_info', 'plesk_mail_info', 'plesk_mailbox_info', 'plesk_webmail_info',
           'brainycp_mail_filter_info', 'brainycp_mail_queue_info')
GIB = 1024 ** 3
PANEL = {module: 'brainycp' if module.startswith('brainycp') else 'plesk' for module in WRITERS + READERS}
# The webmail operator exists only in the Onyx profile.
PROFILE = {'plesk_webmail': 'onyx', 'plesk_webmail_info': 'onyx'}
SAMPLE = ('plesk_mail_service', 'plesk_service_info', 'brainycp_mail_queue', 'brainycp_mail_filter_info')

BOTH = ('plesk', 'brainycp')
FAULTS = [
    # (name, spec without panel, panels)
    ('close_before_apply', {'kind': 'close_before_apply'}, BOTH),
    ('close_after_apply', {'kind': 'close_after_apply'}, BOTH),
    ('cut_after_apply', {'kind': 'cut_after_apply'}, BOTH),
    ('bad_gateway_after_apply', {'kind': 'bad_gateway_after_apply'}, BOTH),
    ('http_500', {'kind': 'http_status', 'status': 500}, BOTH),
    ('http_502', {'kind': 'http_status', 'status': 502}, BOTH),
    ('http_503', {'kind': 'http_status', 'status': 503}, BOTH),
    ('http_504', {'kind': 'http_status', 'status': 504}, BOTH),
    ('http_401', {'kind': 'http_status', 'status': 401}, ('brainycp',)),
    ('http_403', {'kind': 'http_status', 'status': 403}, ('brainycp',)),
    ('empty_body', {'kind': 'empty_body'}, BOTH),
    ('html_page', {'kind': 'html_page'}, BOTH),
    ('truncated_body', {'kind': 'truncated_body'}, BOTH),
    ('unparsable', {'kind': 'unparsable'}, BOTH),
    ('deep_nesting', {'kind': 'deep_nesting'}, BOTH),
    ('huge_body', {'kind': 'huge_body', 'bytes': 20 * 1024 * 1024}, BOTH),
    ('xml_entity_expansion', {'kind': 'xml_entity_expansion'}, ('plesk',)),
    ('xml_external_entity', {'kind': 'xml_external_entity'}, ('plesk',)),
    ('json_not_object', {'kind': 'json_not_object'}, ('brainycp',)),
    ('missing_payload', {'kind': 'missing_payload'}, BOTH),
    ('wrong_type', {'kind': 'wrong_type'}, ('plesk',)),
    # The default wrong BrainyCP detail, 1, is a valid way to say "enabled"; PHP's word for an array where a list
    # belongs is wrong for every operation.
    ('wrong_type', {'kind': 'wrong_type', 'value': 'Array'}, ('brainycp',)),
    ('unknown_fields', {'kind': 'unknown_fields'}, BOTH),
    ('php_output', {'kind': 'php_output'}, ('plesk',)),
    ('latency', {'kind': 'latency', 'ms': 30}, BOTH),
    ('slow_answer', {'kind': 'slow_answer', 'seconds': 3}, BOTH),
    ('system_1001', {'kind': 'plesk_system_error', 'code': 1001}, ('plesk',)),
    ('system_1006', {'kind': 'plesk_system_error', 'code': 1006}, ('plesk',)),
    ('system_1014', {'kind': 'plesk_system_error', 'code': 1014}, ('plesk',)),
    ('system_1029', {'kind': 'plesk_system_error', 'code': 1029}, ('plesk',)),
    ('system_11003', {'kind': 'plesk_system_error', 'code': 11003}, ('plesk',)),
    ('operation_error', {'kind': 'plesk_operation_error', 'code': 1023}, ('plesk',)),
    ('not_perm2', {'kind': 'brainycp_not_perm2'}, ('brainycp',)),
    ('error_400', {'kind': 'brainycp_error', 'code': 400}, ('brainycp',)),
]
# The documented per-operation errors of the operations the BrainyCP modules write with.
DOCUMENTED = {'brainycp_mail_queue': ('controll_msg', [100, 101, 102]), 'brainycp_mail_filter': ('spamassassin', [100])}
# An ok webmail listing without services is how Plesk says none are registered: a client cannot tell a payload
# lost from it, so the fault has no wrong answer to catch there.
NOT_A_FAULT_FOR = {'missing_payload': ('plesk_webmail', 'plesk_webmail_info')}
# A slow answer waits for the timeout (2 s): only where it teaches something, the write.
SLOW_ONLY_IN_THE_WRITE = ('slow_answer',)


def cases(sample=False):
    found = []
    for module in WRITERS + READERS:
        if sample and module not in SAMPLE:
            continue
        panel = PANEL[module]
        faults = [(name, dict(spec)) for name, spec, panels in FAULTS
                  if panel in panels and module not in NOT_A_FAULT_FOR.get(name, ())]
        if module in DOCUMENTED:
            operation, codes = DOCUMENTED[module]
            faults += [('documented_%d' % code, {'kind': 'brainycp_error', 'code': code, 'operation': operation})
                       for code in codes]
        for name, spec in faults:
            phases = ['only the write'] if name in SLOW_ONLY_IN_THE_WRITE else ['every request', 'only the write']
            for phase in phases if module in WRITERS else [phase for phase in phases if phase == 'every request']:
                fault = dict(spec, panel=panel)
                if phase == 'only the write':
                    fault['writes_only'] = True
                found.append({'id': '%s / %s / %s' % (module, name, phase), 'module': module, 'phase': phase,
                              'fault': name, 'faults': [fault], 'profile': PROFILE.get(module, 'obsidian'),
                              'panel': panel})
    return found


# -- reading the panel's object ----------------------------------------------------------------------

def service(state, service_id='web'):
    return next(item['state'] for item in state['plesk']['services'] if item['id'] == service_id)


def site(state, site_id=2):
    return next(item for item in state['plesk']['sites'] if item['id'] == site_id)


def renamed(state):
    names = {box['name'].lower() for box in site(state, 11)['mailboxes']}
    return 'boss' in names and 'admin' not in names


def admin_quota(state):
    return next(box['quota'] for box in site(state, 11)['mailboxes'] if box['name'] == 'admin')


def horde_registered(state):
    return any(item['name'].lower() == 'horde' for item in state['plesk']['webmail'])


def queued(state):
    return BOUNCE in [message['id'] for message in state['brainycp']['mailserver']['queue']]


# For each writer: the object as the state shows it, before, as the task wants it, and as the result claims it
# (None when the result does not claim a value).
OBJECTS = {
    'plesk_service': (service, 'running', 'stopped', lambda r: (r.get('services') or [{}])[0].get('state_after')),
    'plesk_mail_service': (lambda s: site(s)['mail_service'], True, False,
                           lambda r: (r.get('sites') or [{}])[0].get('mail_service_after')),
    'plesk_mail_settings': (lambda s: site(s)['greylisting'], True, False,
                            lambda r: ((r.get('sites') or [{}])[0].get('settings_after') or {}).get('greylisting')),
    'plesk_mailbox_rename': (renamed, False, True,
                             lambda r: {'renamed': True, 'already_renamed': True, 'failed': False,
                                        'skipped': False}.get((r.get('renames') or [{}])[0].get('status'))),
    'plesk_mailbox': (admin_quota, -1, GIB,
                      lambda r: None if (r.get('mailboxes') or [{}])[0].get('changed') is None
                      else ((r['mailboxes'][0].get('settings_after') or {}).get('quota'))),
    'plesk_webmail': (horde_registered, True, False,
                      lambda r: None if r.get('webmail', {}).get('unknown') or 'webmail' not in r
                      else r['webmail'].get('after') is not None),
    'brainycp_mail_filter': (lambda s: s['brainycp']['mailserver']['spamassassin'], False, True,
                             lambda r: (r.get('filters') or [{}])[0].get('enabled_after')),
    'brainycp_mail_queue': (queued, True, False,
                            lambda r: None if 'messages' not in r or r.get('failed') and r['error'].get(
                                'may_have_applied') else BOUNCE not in [m['id'] for m in r['messages']]),
}


def reader_claims(module, result, state):
    """Problems where a read-only module's successful result disagrees with the state."""
    if module == 'plesk_service_info':
        listed = {item['id']: item['state'] for item in result['services']}
        held = {item['id']: item['state'] for item in state['plesk']['services']}
        return [] if listed == held else ['services %s, the panel holds %s' % (listed, held)]
    if module == 'plesk_mail_info':
        listed = {item['id']: item['mail_service'] for item in result['sites']}
        held = {item['id']: item['mail_service'] for item in state['plesk']['sites']}
        return [] if listed == held else ['sites %s, the panel holds %s' % (listed, held)]
    if module == 'plesk_mailbox_info':
        listed = {item['name']: item['quota'] for item in result['mailboxes']}
        held = {box['name']: box['quota'] for box in site(state, 11)['mailboxes']}
        return [] if listed == held else ['mailboxes %s, the panel holds %s' % (listed, held)]
    if module == 'plesk_webmail_info':
        listed = sorted(item['name'] for item in result['webmail'])
        held = sorted(item['name'] for item in state['plesk']['webmail'])
        return [] if listed == held else ['webmail %s, the panel holds %s' % (listed, held)]
    if module == 'brainycp_mail_filter_info':
        listed = {item['name']: item['enabled'] for item in result['filters']}
        held = {name: state['brainycp']['mailserver'][name] for name in ('clamav', 'spamassassin')}
        return [] if listed == held else ['filters %s, the panel holds %s' % (listed, held)]
    listed = sorted(message['id'] for message in result['messages'])
    held = sorted(message['id'] for message in state['brainycp']['mailserver']['queue'])
    return [] if listed == held else ['queue %s, the panel holds %s' % (listed, held)]


def problems_of(record, endpoints):
    case, result, state = record['case'], record['result'], record['state']
    module = case['module']
    text = json.dumps(result)
    problems = []
    # ansible-core 2.19 adds "exception": "(traceback unavailable)" to every failure; a crash shows as module
    # output that is not a result, or as a Python traceback.
    if 'Traceback (most recent call last)' in text or 'module_stderr' in result or 'MODULE FAILURE' in text:
        problems.append('a traceback or an uncaught exception: %s' % (result.get('module_stderr') or text)[:300])
    if result.get('failed'):
        message = result.get('msg') or ''
        if endpoints[case['panel']] not in message:
            problems.append('the failure does not name the panel %s: %s' % (endpoints[case['panel']], message))
        flagged = bool((result.get('error') or {}).get('may_have_applied'))
        if flagged != ('may have applied' in message):
            problems.append('may_have_applied is %s, but the message %s so: %s'
                            % (flagged, 'does not say' if flagged else 'says', message))
        if module in READERS:
            return problems
        now, before, wanted, claim = OBJECTS[module]
        held = now(state)
        if result.get('changed') is False and held != before:
            problems.append('reports no change, but the panel holds %r (was %r)' % (held, before))
        claimed = claim(result)
        if claimed is not None and claimed != held:
            problems.append('claims %r, the panel holds %r' % (claimed, held))
        return problems
    if module in READERS:
        return problems + reader_claims(module, result, state)
    now, before, wanted, claim = OBJECTS[module]
    held = now(state)
    if held != wanted:
        problems.append('succeeds, but the panel holds %r, not %r' % (held, wanted))
    if result.get('changed') is not (before != wanted):
        problems.append('changed is %r, but the object went from %r to %r' % (result.get('changed'), before, held))
    claimed = claim(result)
    if claimed is not None and claimed != held:
        problems.append('claims %r, the panel holds %r' % (claimed, held))
    return problems


def check(path, endpoints):
    with open(path, encoding='utf-8') as handle:
        # The playbook keeps each record, and the state in it, as JSON text.
        records = [json.loads(text) for text in json.load(handle)]
    for record in records:
        record['state'] = json.loads(record['state'])
    failed = []
    outcomes = {'clear failure': 0, 'true success': 0}
    for record in records:
        problems = problems_of(record, endpoints)
        outcomes['clear failure' if record['result'].get('failed') else 'true success'] += 1
        if problems:
            failed.append('%s: %s' % (record['case']['id'], '; '.join(problems)))
    for line in failed:
        print('FAULT MATRIX CASE FAILED: ' + line)
    modules = len({record['case']['module'] for record in records})
    faults = len({record['case']['fault'] for record in records})
    print('fault matrix (integration): %d fault x module cases over %d modules and %d faults ran, %d passed '
          '(%d clear failures, %d true successes)' % (len(records), modules, faults, len(records) - len(failed),
                                                      outcomes['clear failure'], outcomes['true success']))
    return 1 if failed else 0


def main(argv):
    if argv[0] == 'cases':
        sample = False
        if '--settings' in argv:
            settings = argv[argv.index('--settings') + 1]
            if os.path.exists(settings):
                with open(settings, encoding='utf-8') as handle:
                    sample = json.load(handle).get('fault_matrix') == 'sample'
        with open(argv[1], 'w', encoding='utf-8') as handle:
            json.dump({'cases': cases(sample=sample)}, handle, indent=1)
        return 0
    if argv[0] == 'check':
        endpoints = json.loads(argv[2])
        return check(argv[1], endpoints)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
