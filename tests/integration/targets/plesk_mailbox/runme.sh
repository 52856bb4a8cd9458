#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -euxo pipefail

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

# 200 mail accounts on four sites for the round-trip test: a state document for PUT /__emulator__/state
# (twenty accounts exist already: ten to change, ten to remove) and the task's list of accounts.
many="${EMULATOR_WORKDIR}/many-mailboxes"
"${EMULATOR_PYTHON}" -c '
import json, sys
sites = [{"id": 1, "name": "example.com", "kind": "webspace", "mailbox_quota_limit": 2 * 1024 ** 3}]
mailboxes = []
for number in range(200):
    site, user = 1001 + number % 4, "user%03d" % number
    domain = "site%d.example" % (site - 1000)
    entry = {"address": "%s@%s" % (user, domain), "password": "Bulk-Secret-%03d" % number, "quota": "256M"}
    if number % 5 == 0:
        entry["forwarding"] = {"addresses": ["archive@example.net"]}
    if number % 7 == 0:
        entry["aliases"] = ["alias%03d" % number]
    if number >= 190:
        entry = {"address": entry["address"], "state": "absent"}
    mailboxes.append(entry)
existing = {}
for number in range(180, 200):
    existing.setdefault(1001 + number % 4, []).append({"name": "user%03d" % number, "quota": 128 * 1024 ** 2})
for site in range(1001, 1005):
    sites.append({"id": site, "name": "site%d.example" % (site - 1000), "kind": "site", "webspace_id": 1,
                  "mailboxes": existing.get(site, [])})
json.dump({"plesk": {"sites": sites}}, open(sys.argv[1] + "-state.json", "w"))
json.dump({"many_mailboxes": mailboxes}, open(sys.argv[1] + "-vars.json", "w"))
' "${many}"

output="${EMULATOR_WORKDIR}/playbook-output.txt"
for_each_profile ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "many_state_file=${many}-state.json" \
    -e "@${many}-vars.json" playbook.yml "$@" | tee -a "${output}"

# A server that does not switch the mailbox of an existing account, once: no Plesk profile decides it.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" mailbox_switch_refused.yml "$@" | tee -a "${output}"
# A server that leaves out the <mailbox> of an account without one, once: no Plesk profile decides it either.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" mailbox_unreported.yml "$@" | tee -a "${output}"

# Autoresponders, once: no Plesk profile differs in them.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" autoresponder.yml "$@" | tee -a "${output}"

# No password of the task may appear in what the playbook printed (the results, the diffs, the messages).
set +x
for secret in Int3gration-Mbx-Secret Sec0nd-Mbx-Secret Thir-d-Mbx-Secret Bulk-Secret-; do
    if grep -F -- "${secret}" "${output}"; then
        echo "a password appears in the playbook output: ${secret}" >&2
        exit 1
    fi
done
set -x

check_request_log
