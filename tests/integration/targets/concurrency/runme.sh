#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Concurrency: 20 forks on different objects of one panel, 5 forks on the same objects, 4 forks on
# lists of objects that overlap; the final state is exact, no task fails, no result claims a change that
# did not happen, and a second run is all ok.
set -euxo pipefail

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
"${EMULATOR_PYTHON}" seed.py "${OUTPUT_DIR}/concurrency-seed.json" "${OUTPUT_DIR}/concurrency-inventory"
# Each request takes 300 ms, so that the forks on the same objects read before any of them writes.
start_emulator --state "${OUTPUT_DIR}/concurrency-seed.json" --latency 300

for run in first second; do
    ansible-playbook -f 20 -i "${OUTPUT_DIR}/concurrency-inventory" -e "@${EMULATOR_VARS}" -e "run=${run}" \
        playbook.yml "$@" | tee "${OUTPUT_DIR}/concurrency-${run}.log"
    # No task failed on any fork (`!` would not stop set -e).
    if grep -E 'failed=[1-9]' "${OUTPUT_DIR}/concurrency-${run}.log"; then exit 1; fi
done
# The second run changed nothing anywhere.
if grep -E 'changed=[1-9]' "${OUTPUT_DIR}/concurrency-second.log"; then exit 1; fi

check_request_log
