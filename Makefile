# hosting.panels developer commands.  `make demo` and `make test` are all a new machine needs.

PYTHON ?= python3
VENV ?= .venv
ANSIBLE_CORE ?= ansible-core>=2.16
# The official Plesk schemas, when they are beside the checkout (test data, not part of the project).
PLESK_XSD_DIR ?= $(wildcard $(abspath ../shared/plesk-xsd))
export PLESK_XSD_DIR

BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The docs tools (antsibull-docs, Sphinx) live apart from $(VENV), which stays what the tests need.
DOCS_VENV ?= .venv-docs
DOCS_STAMP := $(DOCS_VENV)/.installed

.PHONY: help venv demo test test-live sanity units integration docs emulator bench clean

help:
	@echo "make demo         create the virtualenv, start the emulator, run the demo playbook twice"
	@echo "make test         sanity, docs, unit and integration tests"
	@echo "make sanity | units | integration | docs   one kind of test"
	@echo "make docs         lint the module docs and guides (antsibull-docs), build the HTML site in docs/build/html"
	@echo "make test-live    read-only tests against the real panel the PLESK_* / BRAINYCP_* variables name"
	@echo "make emulator     run the panel emulator in the foreground (HTTP, ports 8443 and 8000)"
	@echo "make bench        round trips and time of converging many sites (SITES=200)"
	@echo "Variables: PYTHON=$(PYTHON) VENV=$(VENV) ANSIBLE_CORE='$(ANSIBLE_CORE)' DOCS_VENV=$(DOCS_VENV)"

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '$(ANSIBLE_CORE)' -r requirements-dev.txt
	@$(BIN)/ansible --version | head -n 1
	@touch $@

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/python tools/demo.py

test: sanity docs units integration

sanity: $(STAMP)
	$(BIN)/python tools/ansible_test.py sanity

units: $(STAMP)
	$(BIN)/python tools/ansible_test.py units

integration: $(STAMP)
	$(BIN)/python tools/ansible_test.py integration

$(DOCS_STAMP): requirements-docs.txt
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DOCS_VENV)/bin/python -m pip install --quiet -r requirements-docs.txt
	@touch $@

docs: $(DOCS_STAMP)
	$(DOCS_VENV)/bin/python tools/docs.py

test-live: $(STAMP)
	$(BIN)/python tools/live.py

emulator: $(STAMP)
	$(BIN)/python tests/emulator

SITES ?= 200
bench: $(STAMP)
	$(BIN)/python tools/benchmark.py --sites $(SITES)

clean:
	rm -rf $(VENV) $(VENV)-* $(DOCS_VENV) tests/output docs/build
