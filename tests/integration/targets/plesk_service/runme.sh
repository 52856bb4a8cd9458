#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

# Ad hoc, with the connection taken only from PLESK_* variables: a change, then no change.
(
    eval "$(emulator_env)"
    ansible localhost -m hosting.panels.plesk_service -a 'name=web state=stopped' | tee "${OUTPUT_DIR}/adhoc-first.txt"
    grep -q '"changed": true' "${OUTPUT_DIR}/adhoc-first.txt"
    ansible localhost -m hosting.panels.plesk_service -a 'name=web state=stopped' | tee "${OUTPUT_DIR}/adhoc-second.txt"
    grep -q '"changed": false' "${OUTPUT_DIR}/adhoc-second.txt"
    # As under AWX: PLESK_PASSWORD comes from a credential, and the task uses its own secret key.
    ansible localhost -m hosting.panels.plesk_service \
        -a 'name=web state=started secret_key=c0ffee00-0000-4000-8000-000000000001' | tee "${OUTPUT_DIR}/adhoc-key.txt"
    grep -q '"changed": true' "${OUTPUT_DIR}/adhoc-key.txt"
)

for_each_profile ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" playbook.yml "$@"

check_request_log
