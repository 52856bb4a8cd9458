# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Entry point: ``python tests/emulator [options]``."""

from __future__ import annotations

import os
import sys

if __package__ in (None, ''):
    # Run as a folder: make its parent importable so the package's relative imports work.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from emulator.cli import main  # pylint: disable=import-error
else:
    from .cli import main

sys.exit(main())
