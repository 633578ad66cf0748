# Two entry points for a new user: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLLECTION_LINK := collections/ansible_collections/aliyun/express_connect

.PHONY: setup test demo unit emulator-tests integration clean

setup: $(VENV)/.installed $(COLLECTION_LINK)

$(VENV)/.installed: requirements.txt requirements-dev.txt emulator/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt ./emulator
	touch $@

# ansible.cfg points collections_path at ./collections, so playbooks run from the
# repository resolve aliyun.express_connect.* to this working tree.
$(COLLECTION_LINK):
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn ../../.. $(COLLECTION_LINK)

test: setup
	$(BIN)/python -m pytest tests

demo: setup
	$(BIN)/python scripts/demo.py

clean:
	rm -rf $(VENV) collections .pytest_cache

# --- Community gates (tests/gates; they run in `make test`) -------------------------------------------------
# The newest ansible-core on Python 3.12 is the other end of the supported range (.venv is the newest on 3.11).
# It lives in .cache (ignored by git and by the collection build); ansible-test's sanity venvs are cached there too.
NEWEST_CORE ?= 2.21.5
TOOLCHAIN_NEWEST := .cache/venv-2.21

.PHONY: toolchain-newest gates sanity lint docs

setup: $(TOOLCHAIN_NEWEST)/.installed

$(TOOLCHAIN_NEWEST)/.installed: $(VENV)/.installed requirements.txt emulator/pyproject.toml scripts/gates/make-toolchain.sh
	FIND_PYTHON=$(BIN)/python scripts/gates/make-toolchain.sh $(TOOLCHAIN_NEWEST) 3.12 $(NEWEST_CORE)

toolchain-newest: $(TOOLCHAIN_NEWEST)/.installed

gates: setup
	$(BIN)/python -m pytest tests/gates

sanity: setup
	$(BIN)/python -m pytest tests/gates/test_gate_sanity.py

lint: setup
	$(BIN)/ansible-lint

docs: setup
	$(BIN)/python -m pytest tests/gates/test_gate_lint_docs.py
