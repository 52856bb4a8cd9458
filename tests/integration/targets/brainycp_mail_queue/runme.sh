#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

# 3,000 queued messages (1Z0000-000Spm-Sp ... 1Z2999-000Spm-Sp), as a state document for PUT /__emulator__/state.
spam_queue="${EMULATOR_WORKDIR}/spam-queue.json"
"${EMULATOR_PYTHON}" -c '
import json, sys
queue = [{"id": "1Z%04d-000Spm-Sp" % n, "sender": "<>", "recipients": ["victim%d@example.net" % n]} for n in range(3000)]
json.dump({"brainycp": {"mailserver": {"queue": queue}}}, open(sys.argv[1], "w"))
' "${spam_queue}"

ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "spam_queue_file=${spam_queue}" playbook.yml "$@"

# Only the styles this target asks for reached the panel (the documented one unless said otherwise).
check_request_log
