# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""For ``make bench``: each task's time, from its start to its last host's result, as JSON lines."""

from __future__ import annotations

DOCUMENTATION = r'''
name: task_timer
type: aggregate
short_description: append each task's duration to the file named by HOSTING_PANELS_TASK_TIMES
description:
  - Used by tools/benchmark.py; not part of the collection.
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get('HOSTING_PANELS_TASK_TIMES')
        self._task = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._finish()
        self._task = {'name': task.get_name(), 'started': time.monotonic(), 'ended': None, 'hosts': 0, 'failed': 0}

    def _result(self, result, failed=False):
        if self._task is not None:
            self._task['ended'] = time.monotonic()
            self._task['hosts'] += 1
            self._task['failed'] += int(failed)

    def v2_runner_on_ok(self, result):
        self._result(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result(result, failed=True)

    def v2_runner_on_unreachable(self, result):
        self._result(result, failed=True)

    def v2_playbook_on_stats(self, stats):
        self._finish()

    def _finish(self):
        task, self._task = self._task, None
        if task is None or task['ended'] is None or not self._path:
            return
        line = {'task': task['name'], 'seconds': round(task['ended'] - task['started'], 4), 'hosts': task['hosts'],
                'failed': task['failed']}
        with open(self._path, 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(line) + '\n')
