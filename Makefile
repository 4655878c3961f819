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

DEMO := out/demo-case

# The main job on synthetic data: generate a case folder (every format and encoding), scan it and count
# pieces (Interp. Art. 11), assess the counts, then assess every bundled example facts file.
demo: $(BIN)/piguard
	@echo "=== synthetic case folder $(DEMO)"
	@$(BIN)/piguard synth evidence $(DEMO) --rows 300
	@$(BIN)/piguard scan $(DEMO)/evidence --json $(DEMO)/scan.json --evidence $(DEMO)/evidence.csv
	@$(BIN)/piguard assess examples/facts/demo-case.yaml --scan $(DEMO)/scan.json
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
