#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

# 200 sites for the round-trip test, written as a state document for PUT /__emulator__/state.
many_sites="${EMULATOR_WORKDIR}/many-sites.json"
"${EMULATOR_PYTHON}" -c '
import json, sys
sites = [{"id": 1, "name": "example.com", "kind": "webspace"}]
sites += [{"id": 1000 + n, "name": "site%03d.example" % n, "kind": "site", "webspace_id": 1, "mail_service": True}
          for n in range(200)]
json.dump({"plesk": {"sites": sites}}, open(sys.argv[1], "w"))
' "${many_sites}"

for_each_profile ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "many_sites_file=${many_sites}" playbook.yml "$@"

# Each way the emulator can answer a get_prefs of several sites, once: no Plesk profile decides it.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "many_sites_file=${many_sites}" prefs_variants.yml "$@"

# Each way the emulator can describe a site with mail off that does not say so, once (research note P10).
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" prefs_mail_off.yml "$@"

# 10,000 sites, once: the packet counts and the splitting do not depend on the Plesk profile.
site_count=10000
ten_thousand="${EMULATOR_WORKDIR}/ten-thousand-sites.json"
"${EMULATOR_PYTHON}" -c '
import json, sys
count = int(sys.argv[2])
sites = [{"id": 1, "name": "example.com", "kind": "webspace"}]
sites += [{"id": n, "name": "site%d.example" % n, "kind": "site", "webspace_id": 1, "mail_service": True}
          for n in range(1000, 1000 + count)]
json.dump({"plesk": {"sites": sites}}, open(sys.argv[1], "w"))
' "${ten_thousand}" "${site_count}"
ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e "many_sites_file=${ten_thousand}" \
    -e "site_count=${site_count}" many.yml "$@"

check_request_log
