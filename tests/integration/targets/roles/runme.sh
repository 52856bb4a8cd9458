#!/usr/bin/env bash
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The roles plesk_services, plesk_mail and brainycp_mail against one emulator: with nothing
# declared, in check mode, converging, again, and with bad variables, as Plesk Obsidian (the
# seed's profile); then converging and again as Plesk Onyx. Whether a run changed anything is
# read from the PLAY RECAP of ansible-playbook, for the roles as a whole.
set -eux

# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
start_emulator

export ANSIBLE_NOCOLOR=1
# BrainyCP's connection comes from the environment; Plesk's from module_defaults in converge.yml.
eval "$(emulator_env | grep '^export BRAINYCP_')"

log="${EMULATOR_WORKDIR}/run.log"
requests_log="${EMULATOR_WORKDIR}/requests.jsonl"

# admin put|save|unchanged|writes|no-writes FILE [PROFILE]: the emulator state and write counts, see admin.py.
admin() {
    "${EMULATOR_PYTHON}" admin.py "$1" "${EMULATOR_VARS}" "${@:2}"
}

# playbook PLAYBOOK [ansible-playbook arguments]: run it, its output in ${log} and shown; its status.
playbook() {
    local status=0
    ansible-playbook -i "${INVENTORY_PATH}" -e "@${EMULATOR_VARS}" "$@" > "${log}" 2>&1 || status=$?
    cat "${log}"
    return "${status}"
}

# expect_recap COUNT...: the PLAY RECAP line has each COUNT, such as changed=0.
expect_recap() {
    local recap
    recap="$(grep -E '^localhost +: ok=' "${log}")"
    for count in "$@"; do
        if [[ " ${recap} " != *" ${count} "* ]]; then
            echo "expected ${count} in the recap: ${recap}"
            return 1
        fi
    done
}

# expect_failure TEXT... -- [ansible-playbook arguments]: converge.yml fails, and its output has each TEXT.
expect_failure() {
    local texts=()
    while [[ "$1" != "--" ]]; do
        texts+=("$1")
        shift
    done
    shift
    if playbook converge.yml "$@"; then
        echo "converge.yml $* should have failed"
        return 1
    fi
    expect_recap failed=1
    for text in "${texts[@]}"; do
        if ! grep -qF -- "${text}" "${log}"; then
            echo "the failure does not say: ${text}"
            return 1
        fi
    done
}

seeded="${EMULATOR_WORKDIR}/seeded.json"
converged="${EMULATOR_WORKDIR}/converged.json"
admin put seed.json
admin save "${seeded}"

# -- nothing declared: nothing sent ----------------------------------------------------------------
requests_before="$(wc -l < "${requests_log}")"
playbook defaults.yml
expect_recap changed=0 failed=0
[[ "$(wc -l < "${requests_log}")" == "${requests_before}" ]]

# -- check mode: the changes are reported, none is made -----------------------------------------
writes_before_check="${EMULATOR_WORKDIR}/writes-before-check.json"
admin writes "${writes_before_check}"
playbook converge.yml --check -v
expect_recap changed=8 failed=0
admin unchanged "${seeded}"
admin no-writes "${writes_before_check}"
# The account declared as team, the new name of common, is checked as common: check mode predicts no new account.
if grep -qF '"team@example.org"' "${log}" || ! grep -qF '"common@example.org"' "${log}"; then
    echo "check mode took the account declared under the new name of a rename for a new one"
    exit 1
fi

# -- converge, then the state is as declared ------------------------------------------------------
playbook converge.yml
expect_recap changed=8 failed=0
# The mail account password reached the panel (verify.yml) and nothing that was shown.
if grep -qF Role-Mbx-Secret "${log}"; then
    echo "a mail account password appears in the output"
    exit 1
fi
playbook verify.yml
expect_recap failed=0

# -- again: nothing to change in any role ---------------------------------------------------------
playbook converge.yml
expect_recap changed=0 failed=0
admin save "${converged}"

# -- a restart is a change, even on a converged server ----------------------------------------------
playbook converge.yml -e '{"plesk_services_list": [{"name": "dns", "state": "restarted"}]}'
expect_recap changed=1 failed=0

# -- a queue over the limit fails, naming the count and the limit --------------------------------
expect_failure 'The BrainyCP mail queue holds 2 messages, more than brainycp_mail_queue_max (1).' \
    -- -e '{"brainycp_mail_queue_max": 1}'

# -- bad variables: refused by the argument specs, naming the variable, before any change -----------
writes_before_bad_variables="${EMULATOR_WORKDIR}/writes.json"
admin writes "${writes_before_bad_variables}"
# (The wording of the type error differs between ansible-core releases; the parts checked do not.)
spec_failed='Validation of arguments failed'
expect_failure "${spec_failed}" 'got: runing found in plesk_services_list' \
    -- -e '{"plesk_services_list": [{"name": "web", "state": "runing"}]}'
expect_failure "${spec_failed}" 'parameters are mutually exclusive: site|site_id found in plesk_mail_sites' \
    -- -e '{"plesk_mail_sites": [{"site": "example.org", "site_id": 11, "mail_service": "enabled"}]}'
expect_failure "${spec_failed}" "argument 'brainycp_mail_queue_max' is of type" 'unable to convert to int' \
    -- -e '{"brainycp_mail_queue_max": "many"}'

# -- and contradictions between entries, refused by the roles --------------------------------------
expect_failure 'plesk_services_list gives web more than one state' \
    -- -e '{"plesk_services_list": [{"name": "web", "state": "started"}, {"name": "web", "state": "stopped"}]}'
expect_failure 'plesk_mail_sites declares both mail_service: disabled and renames for example.org;' \
    -- -e '{"plesk_mail_sites": [{"site": "example.org", "mail_service": "disabled", "renames": [{"name": "team", "new_name": "staff"}]}]}'
expect_failure 'plesk_mail_sites declares both mail_service: disabled and mailboxes for example.net;' \
    -- -e '{"plesk_mail_sites": [{"site": "example.net", "mail_service": "disabled", "mailboxes": [{"name": "info"}]}]}'
expect_failure 'plesk_mail_sites declares both mail_service: disabled and webmail, dkim_signing, greylisting or nonexistent_user for example.net;' \
    -- -e '{"plesk_mail_sites": [{"site": "example.net", "mail_service": "disabled", "dkim_signing": true}]}'
expect_failure 'plesk_mail_webmail_services names a webmail service more than once' \
    -- -e '{"plesk_mail_webmail_services": [{"name": "Horde", "state": "absent"}, {"name": "horde", "url": "https://horde.example.com/"}]}'
admin unchanged "${converged}"
admin no-writes "${writes_before_bad_variables}"

# -- a Plesk without the webmail operator: plesk_mail fails at its first step, before any change ----
without_webmail="${EMULATOR_WORKDIR}/without-webmail.json"
"${EMULATOR_PYTHON}" -c '
import json, sys
seed = json.load(open(sys.argv[1]))
seed["plesk"]["webmail_operator"] = False
json.dump(seed, open(sys.argv[2], "w"))
' seed.json "${without_webmail}"
admin put "${without_webmail}"
admin save "${seeded}"
expect_failure 'which has no webmail operator' -- -e '{"plesk_services_list": []}'
admin unchanged "${seeded}"

# -- the same declaration converges on the older Plesk of the onyx profile too --------------------
admin put seed.json onyx
playbook converge.yml
expect_recap changed=8 failed=0
playbook verify.yml
expect_recap failed=0
playbook converge.yml
expect_recap changed=0 failed=0

check_request_log
