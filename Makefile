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
# So do the docs tools (antsibull-docs, Sphinx).
DOCS_VENV ?= .venv-docs
DOCS_STAMP := $(DOCS_VENV)/.installed

.PHONY: help venv demo test test-live sanity units integration lint docs ee emulator bench release clean

help:
	@echo "make demo         create the virtualenv, start the emulator, run the demo playbook twice"
	@echo "make test         sanity, lint, docs, unit, integration and ee tests, then one line per part"
	@echo "make sanity | units | integration   one kind of test"
	@echo "make lint         ansible-lint (production), changelog, REUSE, extra checks, galaxy-importer on a fresh build"
	@echo "make docs         lint the module docs and guides (antsibull-docs), build the HTML site in docs/build/html"
	@echo "make ee           execution environment: ansible-builder create, ansible-runner runs, no secret in artifacts"
	@echo "make test-live    read-only tests against the real panel the PLESK_* / BRAINYCP_* variables name"
	@echo "make emulator     run the panel emulator in the foreground (HTTP, ports 8443 and 8000)"
	@echo "make bench        packets and time from 1 to 10,000 sites, loops, ping, a fleet: docs/benchmark.* (BENCH_ARGS=--quick)"
	@echo "make release      the changelog of galaxy.yml's version from the fragments, then the tarball to upload"
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) ANSIBLE_CORE='$(ANSIBLE_CORE)' TOOLS=$(TOOLS) DOCS_VENV=$(DOCS_VENV)"

$(STAMP): requirements-dev.txt
	@echo "==> creating the virtualenv $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> installing '$(ANSIBLE_CORE)' and requirements-dev.txt with pip (a minute or two the first time)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '$(ANSIBLE_CORE)' -r requirements-dev.txt
	@$(BIN)/python -c 'from ansible.release import __version__; print("==> ansible-core", __version__)'
	@touch $@

# A collections folder in which hosting.panels is this checkout: ANSIBLE_COLLECTIONS_PATH=$(VENV)/collections.
COLLECTION_LINK := $(VENV)/collections/ansible_collections/hosting/panels
$(COLLECTION_LINK): | $(STAMP)
	@mkdir -p $(dir $@)
	@ln -sfn "$(CURDIR)" $@
	@echo "==> $(VENV)/collections: hosting.panels is this checkout"

venv: $(STAMP) $(COLLECTION_LINK)

demo: $(STAMP)
	$(BIN)/python tools/demo.py

# The parts of `make test`, in order: each runs even when one before it failed, then one line per part.
TEST_PARTS ?= sanity lint docs units integration ee
test: $(STAMP)
	@$(BIN)/python tools/run_tests.py --make "$(MAKE)" $(TEST_PARTS)

sanity: $(STAMP)
	$(BIN)/python tools/ansible_test.py sanity

units: $(STAMP)
	$(BIN)/python tools/ansible_test.py units

integration: $(STAMP)
	$(BIN)/python tools/ansible_test.py integration

# ansible-builder and ansible-runner, for `make ee` only.
EE_STAMP := $(VENV)/.installed-ee
$(EE_STAMP): tests/ee/requirements.txt | $(STAMP)
	@echo "==> installing ansible-builder and ansible-runner (tests/ee/requirements.txt) with pip"
	$(BIN)/python -m pip install --quiet -r tests/ee/requirements.txt
	@touch $@

ee: $(STAMP) $(EE_STAMP)
	$(BIN)/python tools/ee.py

$(DOCS_STAMP): requirements-docs.txt
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DOCS_VENV)/bin/python -m pip install --quiet -r requirements-docs.txt
	@touch $@

docs: $(DOCS_STAMP)
	$(DOCS_VENV)/bin/python tools/docs.py

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

BENCH_STAMP := $(VENV)/.bench-installed
BENCH_ARGS ?=
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	@touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python tools/benchmark.py $(BENCH_ARGS)

# A release of the version galaxy.yml names: antsibull-changelog writes CHANGELOG.rst, CHANGELOG.md and changelogs/changelog.yaml
# from the fragments and removes them, then the tarball is built.  Commit and tag, then upload the tarball.
# The tool lists new modules with ansible-doc, which must find this checkout as hosting.panels.
release: $(TOOLS_STAMP) $(STAMP) $(COLLECTION_LINK)
	PATH="$(abspath $(BIN)):$$PATH" ANSIBLE_COLLECTIONS_PATH="$(abspath $(VENV))/collections" $(TOOLS)/bin/antsibull-changelog release
	$(BIN)/ansible-galaxy collection build --force

clean:
	rm -rf $(VENV) $(VENV)-* $(TOOLS) $(DOCS_VENV) tests/output .nox docs/build
