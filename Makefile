# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# hosting.panels developer commands.  `make demo` and `make test` are all a new machine needs.

PYTHON ?= python3
VENV ?= .venv
ANSIBLE_CORE ?= ansible-core>=2.16
# The official Plesk schemas, when they are beside the checkout (test data, not part of the project).
PLESK_XSD_DIR ?= $(wildcard $(abspath ../shared/plesk-xsd))
export PLESK_XSD_DIR

BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The tools of `make lint` live apart from $(VENV), which stays what the tests need.
TOOLS ?= .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed

.PHONY: help venv demo test test-live sanity units integration lint emulator bench clean

help:
	@echo "make demo         create the virtualenv, start the emulator, run the demo playbook twice"
	@echo "make test         sanity, lint, unit and integration tests"
	@echo "make sanity | units | integration   one kind of test"
	@echo "make lint         ansible-lint (production), changelog, REUSE, extra checks, galaxy-importer on a fresh build"
	@echo "make test-live    read-only tests against the real panel the PLESK_* / BRAINYCP_* variables name"
	@echo "make emulator     run the panel emulator in the foreground (HTTP, ports 8443 and 8000)"
	@echo "make bench        round trips and time of converging many sites (SITES=200)"
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) ANSIBLE_CORE='$(ANSIBLE_CORE)' TOOLS=$(TOOLS)"

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '$(ANSIBLE_CORE)' -r requirements-dev.txt
	@$(BIN)/ansible --version | head -n 1
	@touch $@

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python tools/demo.py

test: sanity lint units integration

sanity: $(STAMP)
	$(BIN)/python tools/ansible_test.py sanity

units: $(STAMP)
	$(BIN)/python tools/ansible_test.py units

integration: $(STAMP)
	$(BIN)/python tools/ansible_test.py integration

test-live: $(STAMP)
	$(BIN)/python tools/live.py

# galaxy-importer gets a virtualenv of its own inside $(TOOLS) (see requirements-lint-importer.txt).
$(TOOLS_STAMP): requirements-lint.txt requirements-lint-importer.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --upgrade pip
	$(TOOLS)/bin/python -m pip install --quiet -r requirements-lint.txt
	$(PYTHON) -m venv $(TOOLS)/importer
	$(TOOLS)/importer/bin/python -m pip install --quiet --upgrade pip
	$(TOOLS)/importer/bin/python -m pip install --quiet -r requirements-lint-importer.txt
	@touch $@

lint: $(TOOLS_STAMP)
	$(TOOLS)/bin/python tools/lint.py

emulator: $(STAMP)
	$(BIN)/python tests/emulator

SITES ?= 200
bench: $(STAMP)
	$(BIN)/python tools/benchmark.py --sites $(SITES)

clean:
	rm -rf $(VENV) $(VENV)-* $(TOOLS) tests/output .nox
