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
