#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

# Ad hoc, with the connection taken only from BRAINYCP_* variables: a change, then no change.
(
    eval "$(emulator_env)"
    ansible localhost -m hosting.panels.brainycp_mail_filter -a 'name=spamassassin state=enabled' | tee "${OUTPUT_DIR}/adhoc-first.txt"
    grep -q '"changed": true' "${OUTPUT_DIR}/adhoc-first.txt"
    ansible localhost -m hosting.panels.brainycp_mail_filter -a 'name=spamassassin state=enabled' | tee "${OUTPUT_DIR}/adhoc-second.txt"
    grep -q '"changed": false' "${OUTPUT_DIR}/adhoc-second.txt"
)

ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" playbook.yml "$@"

# Only the styles this target asks for reached the panel (the documented one unless said otherwise).
check_request_log --styles constant+username,module+login,mixed+mixed
