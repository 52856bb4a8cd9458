#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

for_each_profile ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" playbook.yml "$@"

check_request_log
