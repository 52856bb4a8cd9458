#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every fault against the modules over real HTTP(S), one emulator for all of them; matrix.py checks
# that each result is a clear failure or a success that matches the emulator's state, and prints a
# summary line. FAULT_MATRIX=sample (make test FAULT_MATRIX=sample) runs every fault against four
# modules only, for CI's runs on the other ansible-core versions.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator --max-lifetime 3600

cases="${OUTPUT_DIR}/fault-matrix-cases.json"
records="${OUTPUT_DIR}/fault-matrix-records.json"
# ansible-test passes no environment: tools/ansible_test.py puts FAULT_MATRIX into the test settings.
root="$(emulator_tool root "${EMULATOR_WORKDIR}")"
"${EMULATOR_PYTHON}" matrix.py cases "${cases}" --settings "${root}/tests/output/test-settings.json"

# The FAILED! lines of this run are the faults at work; matrix.py decides what passed.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "cases_file=${cases}" -e "records_file=${records}" \
    playbook.yml "$@" > "${OUTPUT_DIR}/fault-matrix-playbook.log" 2>&1 || {
    tail -n 50 "${OUTPUT_DIR}/fault-matrix-playbook.log"
    exit 1
}

endpoints="$("${EMULATOR_PYTHON}" -c '
import json, sys
variables = json.load(open(sys.argv[1]))
print(json.dumps({"plesk": "%s:%s" % (variables["plesk_host"], variables["plesk_port"]),
                  "brainycp": "%s:%s" % (variables["brainycp_host"], variables["brainycp_port"])}))
' "${EMULATOR_VARS}")"
"${EMULATOR_PYTHON}" matrix.py check "${records}" "${endpoints}"
