# Two set-up commands for a fresh machine:  make demo   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test clean

$(BIN)/piguard: pyproject.toml setup.py src/piguard/_native.c src/piguard/_hs.c
	@scripts/build-deps.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,ner]'
	@$(BIN)/python -c "from piguard import native; native.available() or print('warning: piguard._native was not built (no C compiler?): piguard runs its polars fall-backs, slower on tables')"
	@$(BIN)/python -c "from piguard.detect import engine; engine.backend() == 'libhs' or print('warning: piguard._hs was not built (no libhyperscan-dev?): text is scanned with the hyperscan package, slower')"
	touch $(BIN)/piguard

DEMO := out/demo-case

# The main job on synthetic data: generate a case folder (every format and encoding), scan it and count
# pieces (Interp. Art. 11), assess the counts, assess every bundled example facts file, and end with the
# case report (HTML and PDF).
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
	@echo "=== case report of $(DEMO) (HTML and PDF, Chinese; --lang en for English)"
	@$(BIN)/piguard report --scan $(DEMO)/scan.json --facts examples/facts/demo-case.yaml --out $(DEMO)/report.html
	@$(BIN)/piguard report --scan $(DEMO)/scan.json --facts examples/facts/demo-case.yaml --out $(DEMO)/report.pdf

# The whole test suite (first installs Chromium and poppler-utils for the report tests when missing and
# possible; see scripts/test-tools.sh).
test: $(BIN)/piguard
	@scripts/test-tools.sh
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info
