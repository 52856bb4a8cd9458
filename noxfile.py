# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The sessions are configured in antsibull-nox.toml.  `make lint` runs the same checks without nox.

# /// script
# dependencies = ["nox>=2025.02.09", "antsibull-nox"]
# ///

from __future__ import annotations

import sys

import nox

try:
    import antsibull_nox
except ImportError:
    print('You need to install antsibull-nox in the same Python environment as nox.')
    sys.exit(1)


antsibull_nox.load_antsibull_nox_toml()


# Allow running the noxfile with `python noxfile.py`.
if __name__ == '__main__':
    nox.main()
