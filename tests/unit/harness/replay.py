# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replay a capture (``HOSTING_PANELS_CAPTURE``) as the wire under the HTTP seam.

A capture holds, per module run, the task (module, arguments, check and diff mode), every exchange
with the panel, and the result.  Replaying a run feeds the recorded answers back in order, checks that
each request the module sends now is the request it sent then (secrets masked on both sides), and
returns the module's new result for comparison with the recorded one.
"""

from __future__ import annotations

import importlib
import json
from urllib.parse import parse_qsl

import requests

from ansible_collections.hosting.panels.plugins.module_utils._capture import mask_body
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, canonical_xml

# Keys a module's output carries beside what the module returned.
ADDED_BY_ANSIBLE = ('invocation', 'warnings', 'deprecations')

TRANSPORT_ERRORS = {
    'ConnectionError': requests.exceptions.ConnectionError,
    'ConnectTimeout': requests.exceptions.ConnectTimeout,
    'ReadTimeout': requests.exceptions.ReadTimeout,
    'SSLError': requests.exceptions.SSLError,
    'ChunkedEncodingError': requests.exceptions.ChunkedEncodingError,
}


class Run:
    """One module run of a capture."""

    def __init__(self, run_id):
        self.id = run_id
        self.task = None
        self.exchanges = []
        self.result = None

    @property
    def module(self):
        """The module's short name: ``hosting.panels.plesk_service`` is ``plesk_service``."""
        return self.task['module'].rsplit('.', 1)[-1]


def load(path):
    """The complete runs of a capture file, in the order they started."""
    runs = {}
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if record['kind'] not in ('task', 'exchange', 'result'):
                continue  # notes and other annotations
            run = runs.setdefault(record['run'], Run(record['run']))
            if record['kind'] == 'task':
                run.task = record
            elif record['kind'] == 'exchange':
                run.exchanges.append(record)
            else:
                run.result = record['result']
    return [run for run in runs.values() if run.task is not None and run.result is not None]


def same_request(sent_body, recorded):
    """Whether a request sent now is the recorded one, compared with secrets masked on both sides."""
    now = mask_body(sent_body)
    if recorded.lstrip().startswith('<'):
        return canonical_xml(now) == canonical_xml(recorded)
    return sorted(parse_qsl(now, keep_blank_values=True)) == sorted(parse_qsl(recorded, keep_blank_values=True))


def exchanges(run):
    """The run's exchanges as a script for the fake wire."""
    script = []
    for record in run.exchanges:
        def check(sent, recorded=record['request']):
            assert same_request(sent.body, recorded), 'the module sent another request than the capture has:\n%s\n' \
                'captured:\n%s' % (mask_body(sent.body), recorded)
        if (record.get('error') or '').startswith('CutShort:'):
            received = record['response'] or ''
            script.append(Exchange(status=record['status'], body=received, cut_after=len(received.encode('utf-8')),
                                   headers=record.get('response_headers') or {}, check=check))
        elif record.get('error'):
            name = record['error'].split(':', 1)[0]
            script.append(Exchange(raises=TRANSPORT_ERRORS.get(name, requests.exceptions.ConnectionError)(name),
                                   check=check))
        else:
            script.append(Exchange(status=record['status'], body=record['response'] or '',
                                   headers=record.get('response_headers') or {}, check=check))
    return script


def _given(value):
    """Arguments as a task gives them: Ansible records the options left out, also of suboptions, as None."""
    if isinstance(value, dict):
        return {key: _given(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_given(item) for item in value]
    return value


def replay(run, wire):
    """Run the captured task against its captured answers; return ``(new result, recorded result)``."""
    module = importlib.import_module('ansible_collections.hosting.panels.plugins.modules.%s' % run.module)
    wire.expect(*exchanges(run))
    args = _given(run.task['args'])
    result = run_module(module, args, check_mode=run.task['check_mode'], diff=run.task['diff'])
    new = {key: value for key, value in result.items() if key not in ADDED_BY_ANSIBLE}
    recorded = {key: value for key, value in run.result.items() if key not in ADDED_BY_ANSIBLE}
    return new, recorded
