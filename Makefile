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

# The main job on bundled synthetic example data: detect personal information in a synthetic
# GB18030 text dump (values masked), then assess every example facts file.
demo: $(BIN)/piguard
	@echo "=== examples/text/synthetic-dump.txt (synthetic, GB18030)"
	@$(BIN)/piguard detect examples/text/synthetic-dump.txt
	@for f in examples/facts/*.yaml; do \
		echo "=== $$f"; \
		$(BIN)/piguard assess "$$f" || exit $$?; \
	done

# The whole test suite.
test: $(BIN)/piguard
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info
