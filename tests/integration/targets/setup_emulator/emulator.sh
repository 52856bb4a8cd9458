# shellcheck shell=bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the runme.sh of integration targets:
#
#   source ../setup_emulator/emulator.sh
#   start_emulator                 # both panels on free loopback ports, HTTPS, fresh CA
#   ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" playbook.yml
#   for_each_profile ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" playbook.yml
#                                  # once per Plesk profile, with -e emulator_profile=NAME; the playbook
#                                  # switches the emulator with POST /__emulator__/reset {"profile": NAME}
#   check_request_log              # every Plesk packet against the official schemas
#
# The emulator is stopped when the script exits, whatever the outcome.

EMULATOR_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EMULATOR_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# The Plesk versions every Plesk target runs against: Obsidian (today's Plesk) and Onyx (the older documentation).
EMULATOR_PROFILES=(obsidian onyx)

emulator_tool() {
    "${EMULATOR_PYTHON}" "${EMULATOR_LIB}/emulator_tool.py" "$@"
}

stop_emulator() {
    if [[ -n "${EMULATOR_PID:-}" ]]; then
        kill "${EMULATOR_PID}" 2>/dev/null || true
        EMULATOR_PID=""
    fi
}

start_emulator() {
    EMULATOR_WORKDIR="$(mktemp -d "${OUTPUT_DIR:-/tmp}/emulator.XXXXXX")"
    trap stop_emulator EXIT
    # $$ is the target's script, also inside $(...): the emulator ends with it, even when a kill leaves no trap run.
    EMULATOR_PID="$(emulator_tool start "${EMULATOR_WORKDIR}" --stop-with "$$" "$@")"
    EMULATOR_VARS="${EMULATOR_WORKDIR}/vars.json"
    emulator_tool vars "${EMULATOR_WORKDIR}" > "${EMULATOR_VARS}"
    export EMULATOR_WORKDIR EMULATOR_VARS
}

# Print `export PLESK_...=... BRAINYCP_...=...` lines for the running emulator.
emulator_env() {
    emulator_tool env "${EMULATOR_WORKDIR}"
}

# Run a command once per Plesk profile, adding `-e emulator_profile=NAME`.
for_each_profile() {
    local profile
    for profile in "${EMULATOR_PROFILES[@]}"; do
        "$@" -e "emulator_profile=${profile}"
    done
}

check_request_log() {
    emulator_tool check-log "${EMULATOR_WORKDIR}" "$@"
}
