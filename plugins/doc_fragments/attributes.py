# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Attributes shared by the modules of hosting.panels."""

    # Modules that change state; each module states its own support levels.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Runs in check mode, reporting what would change without changing anything.
  diff_mode:
    description: Returns a before/after diff of what changed, or would change in check mode, when run with C(--diff).
  idempotent:
    description: Running the task again with the same arguments changes nothing and reports C(ok).
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads and never changes anything.
  diff_mode:
    support: N/A
    details:
      - This module only reads and never changes anything.
  idempotent:
    support: full
'''

    ACTIONGROUP_PLESK = r'''
options: {}
attributes:
  action_group:
    description: Belongs to an action group, so C(module_defaults) can set its options for the whole group.
    support: full
    membership:
      - hosting.panels.plesk
'''

    ACTIONGROUP_BRAINYCP = r'''
options: {}
attributes:
  action_group:
    description: Belongs to an action group, so C(module_defaults) can set its options for the whole group.
    support: full
    membership:
      - hosting.panels.brainycp
'''
