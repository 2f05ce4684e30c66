# Two commands on a fresh machine with Python 3: `make demo` and `make test`.
# Everything is installed into .venv and .build (both ignored by git).

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
BUILD := $(CURDIR)/.build
# The working tree seen as an installed collection (a link), for tests and ansible-test.
DEV_COLLECTIONS := $(BUILD)/dev
# The collection built and installed as users get it, for the demo.
DEMO_COLLECTIONS := $(BUILD)/demo

export PATH := $(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE := 1
export ANSIBLE_NOCOLOR := 1

.PHONY: help venv dev-tree demo test unit integration emulator-tests sanity lint docs docs-write matrix ecosystem bench clean

help:
	@echo "make demo   set up, start the Genesys Cloud emulator, run playbooks/provision.yml against it"
	@echo "make test   set up, run unit, emulator and integration tests and ansible-test sanity"
	@echo "make bench  benchmarks against the emulator (collection vs ansible.builtin.uri), ratios"
	@echo "make clean  remove .venv and .build"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

dev-tree: venv
	@mkdir -p $(DEV_COLLECTIONS)/ansible_collections/genesys
	@ln -sfn $(CURDIR) $(DEV_COLLECTIONS)/ansible_collections/genesys/cloud

demo: venv
	rm -rf $(BUILD)/dist $(DEMO_COLLECTIONS)
	$(BIN)/ansible-galaxy collection build --output-path $(BUILD)/dist . >/dev/null
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) $(BIN)/ansible-galaxy collection install \
		--collections-path $(DEMO_COLLECTIONS) $(BUILD)/dist/genesys-cloud-*.tar.gz >/dev/null
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False \
		$(BIN)/python tests/emulator/with_emulator.py -- $(BIN)/ansible-playbook playbooks/provision.yml

unit: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) PYTHONPATH=$(DEV_COLLECTIONS) $(BIN)/python -m pytest -q tests/unit

emulator-tests: venv
	$(BIN)/python -m pytest -q tests/emulator

integration: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) PYTHONPATH=$(DEV_COLLECTIONS) $(BIN)/python -m pytest -q tests/integration

sanity: venv
	$(BIN)/python tests/sanity.py --units

lint: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(BIN)/python tests/lint.py

docs: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(BIN)/python tests/docs.py

docs-write: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(BIN)/python tests/docs.py --write

ecosystem: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) PYTHONPATH=$(DEV_COLLECTIONS) $(BIN)/python -m pytest -q tests/ecosystem

matrix: dev-tree
	bash tests/matrix.sh

test: unit emulator-tests lint docs ecosystem integration sanity matrix

bench: dev-tree
	ANSIBLE_COLLECTIONS_PATH=$(DEV_COLLECTIONS) $(BIN)/python tests/bench/bench.py

clean:
	rm -rf $(VENV) $(BUILD)
