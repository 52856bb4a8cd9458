#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# No secret in any output, result, diff, log, capture or URL: every module on success and failure
# paths, in -vvv, diff and check mode, then a scan of everything written. Then hostile input.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator --state "$(pwd)/seed.json"

export HOSTING_PANELS_CAPTURE="${OUTPUT_DIR}/secrets-capture.jsonl"
for mode in change check; do
    extra=()
    [[ ${mode} == check ]] && extra=(--check)
    ansible-playbook -vvv --diff -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e @secrets.json secrets.yml \
        "${extra[@]}" "$@" > "${OUTPUT_DIR}/secrets-${mode}.log" 2>&1 || {
        tail -n 40 "${OUTPUT_DIR}/secrets-${mode}.log"
        exit 1
    }
    "${EMULATOR_PYTHON}" -c 'import json, ssl, sys, urllib.request
context = ssl.create_default_context(cafile=sys.argv[2])
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/reset", method="POST"), context=context, timeout=10)
' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plesk_admin_url"])' "${EMULATOR_VARS}")" \
        "${EMULATOR_WORKDIR}/ca.pem"
done

# An ad hoc run, the secret from the environment, with -vvv.
(
    eval "$(emulator_env)"
    export PLESK_PASSWORD='Pl3sk-S3cret!pw'
    ansible localhost -vvv -m hosting.panels.plesk_service_info > "${OUTPUT_DIR}/secrets-adhoc.log" 2>&1
)

# Everything the runs wrote: the playbook output, the capture, and the emulator's request log and log.
"${EMULATOR_PYTHON}" scan.py secrets.json "${OUTPUT_DIR}"/secrets-*.log "${HOSTING_PANELS_CAPTURE}" \
    "${EMULATOR_WORKDIR}/requests.jsonl" "${EMULATOR_WORKDIR}/emulator.log"
grep -q 'Pl3sk' seed.json  # the scan looks for what the seed really holds

ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" -e @secrets.json hostile.yml "$@"

# Every packet the emulator got, the hostile ones included, was well-formed and valid.
check_request_log
