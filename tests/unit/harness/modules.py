# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's ``main()`` in-process with given arguments and return what it printed."""

from __future__ import annotations

import contextlib
import io
import json

from ansible.module_utils import basic
from ansible.module_utils.common import warnings

try:  # ansible-core 2.19 and newer
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.16 to 2.18
    patch_module_args = None


@contextlib.contextmanager
def _module_args(args):
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


class ModuleResult(dict):
    """The module's JSON result, plus the raw text it printed."""

    def __init__(self, document, text):
        super().__init__(document)
        self.text = text

    @property
    def failed(self):
        return bool(self.get('failed'))


def run_module(module, args, check_mode=False, diff=False):
    """Run ``module.main()``; return its result (exit_json or fail_json alike)."""
    args = dict(args)
    args.setdefault('_ansible_module_name', 'hosting.panels.' + module.__name__.rsplit('.', 1)[-1])
    args['_ansible_check_mode'] = check_mode
    args['_ansible_diff'] = diff
    output = io.StringIO()
    # Ansible keeps a run's warnings in the process, where a real run ends; the next run must not report them.
    for name in ('_global_warnings', '_global_deprecations'):
        kept = getattr(warnings, name, None)
        if kept is not None:
            kept.clear()
    with _module_args(args), contextlib.redirect_stdout(output):
        try:
            module.main()
        except SystemExit:
            pass
        else:
            raise AssertionError('%s.main() returned without exit_json or fail_json' % module.__name__)
    text = output.getvalue()
    return ModuleResult(json.loads(text.strip().splitlines()[-1]), text)


# What Ansible writes in place of a no_log value: found outside the echo of the arguments, it shows that the
# module put a secret into its result, which Ansible then masked.
MASKS = ('********', 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')


def assert_no_secret(result, *secrets):
    """Neither ``secrets`` nor Ansible's masks of them in ``result``, outside the echo of its arguments."""
    text = json.dumps(dict((key, value) for key, value in result.items() if key != 'invocation'))
    for secret in secrets + MASKS:
        assert secret not in text, '%r in the result' % secret
