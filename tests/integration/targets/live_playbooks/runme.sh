#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The playbooks of `make test-live` (tests/live), run against the emulator with every LIVE_WRITE_*
# object named, so that they work before they meet a real panel; and the capture they write holds
# no secret.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator
root="$(emulator_tool root "${EMULATOR_WORKDIR}")"
# tools/live.py is a developer tool that an installed collection (MANIFEST.json, no galaxy.yml) leaves out:
# nothing to test there.  In a checkout its absence fails below.
if [ -f "${root}/MANIFEST.json" ] && [ ! -f "${root}/galaxy.yml" ]; then
    echo "live_playbooks: an installed collection has no tools/live.py; nothing to run"
    exit 0
fi

# Without a panel named, it says so and succeeds.
env -u PLESK_HOST -u BRAINYCP_HOST "${EMULATOR_PYTHON}" "${root}/tools/live.py" | tee "${OUTPUT_DIR}/live-none.txt"
grep -q 'no panel is named' "${OUTPUT_DIR}/live-none.txt"

eval "$(emulator_env)"
export LIVE_WRITE_SITE=example.net LIVE_WRITE_SERVICE=fail2ban LIVE_WRITE_MAILBOX=example.org:admin
export LIVE_WRITE_FILTER=spamassassin LIVE_WRITE_MESSAGE=1YlG2A-000Hzk-En
export HOSTING_PANELS_CAPTURE="${OUTPUT_DIR}/live-capture.jsonl"
"${EMULATOR_PYTHON}" "${root}/tools/live.py"

# The capture: every exchange, and neither the password nor the secret key of the emulator.
test "$(grep -c '"kind": "exchange"' "${HOSTING_PANELS_CAPTURE}")" -gt 10
if grep -q -e changeme -e c0ffee00 "${HOSTING_PANELS_CAPTURE}"; then
    echo "a secret reached the capture" >&2
    exit 1
fi
"${EMULATOR_PYTHON}" "${root}/tools/capture.py" check "${HOSTING_PANELS_CAPTURE}"

check_request_log
