# Two commands on a fresh machine: `make demo` and `make test` (each sets up .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench web clean neo4j

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

web: $(STAMP)
	$(BIN)/python -m web.build

demo: install web
	$(BIN)/riskgraph demo

test: install web
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -ra

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

# A local Neo4j 5.26 Community without Docker (needs Java 17 + Maven; the first run downloads the jars):
# prints the RISKGRAPH_GRAPH_URL / _NEO4J_USER / _NEO4J_PASSWORD lines, runs until Ctrl-C. Data in data/neo4j-local.
neo4j: install
	$(BIN)/python -m graph.neo4j_local $(NEO4J_ARGS)

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) data .cache
