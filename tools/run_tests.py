#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make test``: run each part (``make sanity``, ``make units``, ...), then one summary line per part.

Every part runs even when one before it failed, so that one run shows everything that is broken;
the exit status is 1 when any part failed.  The output of each part is shown as it comes, and
``FAILED!`` lines in it are counted: the negative tests (bad input, wrong credentials, panel errors)
make tasks fail on purpose and then check the failure: with ``ignore_errors``, under which Ansible
prints ``...ignoring``, in a ``block`` whose ``rescue`` the play recap counts as ``rescued``, or
by running a whole playbook that must fail and checking its exit status and message.

Under a part that failed, the summary repeats the lines of its output that say what failed (pytest's
``FAILED``/``ERROR`` lines, ansible-test's ``ERROR:`` lines, tracebacks' last lines, and ``FAILED!`` task
lines that no ``...ignoring`` follows), then its last lines: CI shows only the end of a long log.

Usage: ``python tools/run_tests.py [--make MAKE] PART...``
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import time

RESCUED = re.compile(r'\srescued=(\d+)')
# Lines that say what failed: pytest's short summary and assertion lines, ansible-test's errors, the last line of
# a traceback, a play recap with failures, the project's own checks (the fault matrix, the secret search, lint,
# docs, ee, the schema check of the request log), make's own errors.
CLUE = re.compile(r'^(FAILED|ERROR) \S|^E\s+\S|^(ERROR|FATAL): |^[A-Za-z_.]*(Error|Exception): |\sfailed=[1-9]'
                  r'|FAILED: |FAILED \(|^SECRET FOUND|^\s+FAIL\s|violates the schema|^make(\[\d+\])?: \*\*\* |^Killed$')
MOST_CLUES = 40
LAST_LINES = 15


class Clues:
    """What a part printed that says what failed (the last MOST_CLUES such lines), and its last lines."""

    def __init__(self):
        self.lines = collections.deque(maxlen=MOST_CLUES)
        self.last = collections.deque(maxlen=LAST_LINES)
        self._task_failure = None

    def add(self, line):
        line = line.rstrip('\n')[:400]
        if line.strip() and self._task_failure is not None:
            # A task failure that a negative test expects is followed by Ansible's "...ignoring" or by the
            # first task of the block's rescue.
            if line.strip() != '...ignoring' and not line.startswith('TASK ['):
                self.lines.append(self._task_failure)
            self._task_failure = None
        if line.startswith('+ '):
            pass  # a test script's trace (set -x) of a command, such as one that looks for "failed=1"
        elif 'FAILED!' in line:
            self._task_failure = line
        elif CLUE.search(line):
            self.lines.append(line)
        self.last.append(line)

    def finish(self):
        if self._task_failure is not None:
            self.lines.append(self._task_failure)
            self._task_failure = None


def run_part(make, part):
    """Run ``make PART`` with its output passed through; return (exit status, seconds, FAILED! lines, expected,
    clues)."""
    print('\n==> make %s' % part, flush=True)
    started = time.monotonic()
    failed_lines = ignored = 0
    clues = Clues()
    with subprocess.Popen([make, '--no-print-directory', part], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as process:
        for raw in process.stdout:
            line = raw.decode('utf-8', errors='replace')
            sys.stdout.write(line)
            sys.stdout.flush()
            clues.add(line)
            if 'FAILED!' in line:
                failed_lines += 1
            elif line.strip() == '...ignoring':
                ignored += 1
            else:
                ignored += sum(int(count) for count in RESCUED.findall(line))
    clues.finish()
    return process.returncode, time.monotonic() - started, failed_lines, ignored, clues


def duration(seconds):
    minutes, seconds = divmod(int(round(seconds)), 60)
    return '%dm%02ds' % (minutes, seconds) if minutes else '%ds' % seconds


def summary_line(part, status, seconds, failed_lines, expected, clues=None):
    if status < 0:
        verdict = 'FAILED (killed by signal %d)' % -status
    else:
        verdict = 'passed' if status == 0 else 'FAILED (exit status %d)' % status
    line = '%-12s %s in %s' % (part + ':', verdict, duration(seconds))
    others = max(failed_lines - expected, 0)
    if failed_lines and status == 0:
        line += ('; its %d "FAILED!" line(s) are failures that negative tests expect: %d ignored or rescued in '
                 'their play, %d ending a playbook run that the test expects to fail'
                 % (failed_lines, failed_lines - others, others))
    elif others:
        line += '; %d of its %d "FAILED!" line(s) were neither ignored nor rescued: look there first' % (
            others, failed_lines)
    if status != 0 and clues is not None:
        line += '\n    what it printed that says what failed (%s):' % (
            'the last %d such lines' % MOST_CLUES if len(clues.lines) == MOST_CLUES else 'every such line')
        line += ''.join('\n      %s' % clue for clue in clues.lines) or '\n      (none)'
        line += '\n    its last %d lines:' % len(clues.last) + ''.join('\n      %s' % last for last in clues.last)
    return line


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--make', default='make', help='the make command (default: %(default)s)')
    parser.add_argument('parts', nargs='+', metavar='PART', help='make targets to run, in order')
    args = parser.parse_args(argv)

    results = [(part,) + run_part(args.make, part) for part in args.parts]

    print('\n==== make test: one line per part ====')
    for result in results:
        print(summary_line(*result))
    failed = sum(1 for result in results if result[1] != 0)
    print('Lines with "FAILED!" in the log above come from negative tests that expect a failure; '
          'a part fails only through its own result, as listed here.')
    print('test: %d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
