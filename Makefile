# Two entry points for a new user: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
# ansible-core 2.19 (requirements-dev.txt) runs on Python 3.11 and later.
MIN_PYTHON := 3.11
VENV := .venv
BIN := $(VENV)/bin
COLLECTION_LINK := collections/ansible_collections/aliyun/express_connect

.PHONY: setup test demo unit emulator-tests integration clean

setup: $(VENV)/.installed $(COLLECTION_LINK)

# Checked before the venv exists, so a too-old or missing python3 gets one line instead of a pip resolver error.
$(VENV)/.installed: requirements.txt requirements-dev.txt emulator/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < tuple(map(int, "$(MIN_PYTHON)".split("."))))' \
		2>/dev/null || { echo "make setup needs Python >= $(MIN_PYTHON) (for ansible-core 2.19); PYTHON=$(PYTHON) is" \
		"$$($(PYTHON) -c 'import platform; print("Python " + platform.python_version())' 2>/dev/null || echo 'not found'):" \
		"install python3 >= $(MIN_PYTHON) or pass PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# Editable: the tests always run this checkout's emulator, never a copy installed before a change.
	$(BIN)/pip install --quiet -r requirements-dev.txt --editable ./emulator
	touch $@

# ansible.cfg points collections_path at ./collections, so playbooks run from the
# repository resolve aliyun.express_connect.* to this working tree.
$(COLLECTION_LINK):
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn ../../.. $(COLLECTION_LINK)

# Two pytest workers (pytest-xdist), one test file each at a time, the longest files first (tests/conftest.py):
# most tests wait on Ansible or on the emulator's scaled transitions, so the 2-core machine runs the suite in about
# half the time. Each worker starts its own emulator. `make test TEST_WORKERS=` runs it in one process.
TEST_WORKERS ?= -n 2 --dist loadfile --no-loadscope-reorder

test: newest-if-available
	$(BIN)/python -m pytest $(TEST_WORKERS) tests; status=$$?; $(NEWEST_NOT_RUN); exit $$status

demo: setup
	$(BIN)/python scripts/demo.py

clean:
	rm -rf $(VENV) collections .pytest_cache

# --- Community gates (tests/gates; they run in `make test`) -------------------------------------------------
# The newest ansible-core on Python 3.12 is the other end of the supported range (.venv is the newest on 3.11).
# It lives in .cache (ignored by git and by the collection build); ansible-test's sanity venvs are kept per user
# (tests/gates/gatelib.py: ANSIBLE_TEST_HOME).
# Only the gates need it: `make setup` and `make demo` never look for Python 3.12.
NEWEST_CORE ?= 2.21.5
NEWEST_PYTHON := 3.12
TOOLCHAIN_NEWEST := .cache/venv-2.21
FIND_NEWEST = $(BIN)/python scripts/gates/toolchain.py find-python $(NEWEST_PYTHON)
# The last line of `make test` on a machine without Python 3.12 (the gates at that end skip with the same reason).
NEWEST_NOT_RUN = $(FIND_NEWEST) >/dev/null 2>&1 || echo "NOT RUN: the gates at the newest end of the core range" \
	"(ansible-core $(NEWEST_CORE) on Python $(NEWEST_PYTHON)): $$($(FIND_NEWEST) 2>&1)"

.PHONY: toolchain-newest newest-if-available gates sanity lint docs

$(TOOLCHAIN_NEWEST)/.installed: $(VENV)/.installed requirements.txt emulator/pyproject.toml scripts/gates/make-toolchain.sh
	FIND_PYTHON=$(BIN)/python scripts/gates/make-toolchain.sh $(TOOLCHAIN_NEWEST) $(NEWEST_PYTHON) $(NEWEST_CORE)

toolchain-newest: $(TOOLCHAIN_NEWEST)/.installed

# Builds the newest toolchain where Python 3.12 exists; elsewhere the gates that need it skip and say why.
newest-if-available: setup
	@if $(FIND_NEWEST) >/dev/null 2>&1; then $(MAKE) --no-print-directory toolchain-newest; fi

gates: newest-if-available
	$(BIN)/python -m pytest tests/gates; status=$$?; $(NEWEST_NOT_RUN); exit $$status

sanity: newest-if-available
	$(BIN)/python -m pytest tests/gates/test_gate_sanity.py; status=$$?; $(NEWEST_NOT_RUN); exit $$status

lint: setup
	$(BIN)/ansible-lint

docs: setup
	$(BIN)/python -m pytest tests/gates/test_gate_lint_docs.py
