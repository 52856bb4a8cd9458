# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a module reports when sending its changes failed: see :func:`._module.send_changes`.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Apart from :mod:`._module` because a module run compiles every module_utils it imports (AnsiballZ
runs them from a zip, for which Python keeps no bytecode), and only a run whose write failed needs this.
"""

from __future__ import annotations

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._module import DONE, NOT_DONE, UNKNOWN, fail


def settle(module, error, result, entries, revert, confirm, unknown, label):
    """Fail the task, or warn and return no failures when the state read back shows every change made.

    The arguments are those of ``send_changes``, and ``error`` the :class:`PanelError` its ``send`` raised.
    """
    acting = [entry for entry in entries if entry['changed']]
    if not error.may_have_applied:
        for entry in acting:
            revert(entry)
        result['changed'] = False
        fail(module, error, attempt='sending the changes', **result)
    outcomes, read_error = [UNKNOWN] * len(acting), None
    if confirm is not None:
        try:
            outcomes = confirm(acting)
        except PanelError as exc:
            read_error = exc
            outcomes = [UNKNOWN] * len(acting)
    for entry, outcome in zip(acting, outcomes):
        if outcome != DONE:
            unknown(entry)
    result['changed'] = any(entry['changed'] is not False for entry in acting)
    if acting and all(outcome == DONE for outcome in outcomes):
        module.warn('The answer to the changes was lost (%s), but the state read back shows every change made'
                    % error.message)
        return []
    fail(module, error, msg=_uncertain_message(error, acting, outcomes, confirm is not None, read_error,
                                               label or _no_label),
         attempt='sending the changes', **result)


def _uncertain_message(error, acting, outcomes, confirmed, read_error, label):
    parts = [error.message]
    if read_error is not None:
        parts.append('reading the state back failed too (%s), so whether the changes were made is unknown'
                     % read_error.message)
    elif confirmed:
        for outcome, words in ((DONE, 'made'), (NOT_DONE, 'not made yet (the panel may still be making them)'),
                               (UNKNOWN, 'may or may not have happened')):
            named = [label(entry) for entry, found in zip(acting, outcomes) if found == outcome]
            if named:
                parts.append('the state read back shows these changes %s: %s' % (words, ', '.join(named)))
    return '; '.join(parts)


def _no_label(entry):
    return repr(entry.get('name') or entry.get('id'))
