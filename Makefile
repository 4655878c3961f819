# Two set-up commands for a fresh machine:  make demo   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test clean

$(BIN)/piguard: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,ner]'
	touch $(BIN)/piguard

# The main job on bundled synthetic example data.
demo: $(BIN)/piguard
	@for f in examples/facts/*.yaml; do \
		echo "=== $$f"; \
		$(BIN)/piguard assess "$$f" || exit $$?; \
	done

# The whole test suite.
test: $(BIN)/piguard
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info
