# Two commands on a fresh machine: `make demo` and `make test` (each sets up .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-province web clean lock neo4j

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Re-resolve every dependency in a scratch environment and pin the result (constraints.txt).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ head -2 constraints.txt; .lock-venv/bin/pip freeze --exclude-editable | grep -v '^riskgraph'; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .lock-venv

install: $(STAMP)

web: $(STAMP)
	$(BIN)/python -m web.build

demo: install web
	$(BIN)/riskgraph demo

test: install web
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -ra -n auto --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

# A local Neo4j 5.26 Community without Docker (needs Java 17 + Maven; the first run downloads the jars):
# prints the RISKGRAPH_GRAPH_URL / _NEO4J_USER / _NEO4J_PASSWORD lines, runs until Ctrl-C. Data in data/neo4j-local.
neo4j: install
	$(BIN)/python -m graph.neo4j_local $(NEO4J_ARGS)

# Under 30 minutes on 2 cores; bench-province (1M registrations, about 2 hours) is run apart.
bench: install
	$(BIN)/python -m bench.run_all

bench-province: install
	$(BIN)/python -m bench.run_all --size province

clean:
	rm -rf $(VENV) data .cache
