#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The playbooks the guides show (docs/docsite/extra/playbooks/), run as a reader runs them against the
# emulator.  The guides start the emulator on ports 8443 and 8000 with its CA in /tmp/panels-ca.pem; here
# it runs on free ports, so the ports come from PLESK_PORT and BRAINYCP_PORT (the playbooks leave them to
# the defaults), and the CA path the playbooks name is replaced with this emulator's.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator
root="$(emulator_tool root "${EMULATOR_WORKDIR}")"
eval "$(emulator_env)"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

playbooks="${OUTPUT_DIR}/docs-playbooks"
mkdir -p "${playbooks}"
for name in first emulator-test; do
    sed -e "s|/tmp/panels-ca.pem|${PLESK_CA_PATH}|" \
        -e "s|https://127.0.0.1:8443/|https://127.0.0.1:${PLESK_PORT}/|" \
        "${root}/docs/docsite/extra/playbooks/${name}.yml" > "${playbooks}/${name}.yml"
    # Nothing but those two may differ from what the guide shows.
    test "$(diff "${root}/docs/docsite/extra/playbooks/${name}.yml" "${playbooks}/${name}.yml" | grep -c '^>')" -le 3
done

# Getting started: the first run changes three things, the second run nothing.
ansible-playbook "${playbooks}/first.yml" --diff "$@" | tee "${OUTPUT_DIR}/first-run.txt"
grep -qE 'localhost +: ok=5 +changed=3 +unreachable=0 +failed=0' "${OUTPUT_DIR}/first-run.txt"
grep -q '"fail2ban": "stopped"' "${OUTPUT_DIR}/first-run.txt"
ansible-playbook "${playbooks}/first.yml" "$@" | tee "${OUTPUT_DIR}/second-run.txt"
grep -qE 'localhost +: ok=5 +changed=0 +unreachable=0 +failed=0' "${OUTPUT_DIR}/second-run.txt"
# Every packet so far against the official schemas (the next playbook cuts a connection on purpose).
check_request_log

# The emulator guide's test playbook: its asserts pass, the fault is rescued, and it resets the emulator.
ansible-playbook "${playbooks}/emulator-test.yml" "$@" | tee "${OUTPUT_DIR}/emulator-test.txt"
grep -qE 'localhost +: ok=7 +changed=1 +unreachable=0 +failed=0 +skipped=0 +rescued=1' "${OUTPUT_DIR}/emulator-test.txt"
# Run again: it seeds and resets the emulator itself, so it passes again.
ansible-playbook "${playbooks}/emulator-test.yml" "$@"
