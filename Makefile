# Two commands matter: `make run` starts everything, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fuzz lint format typecheck schema lint-schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A local trial: development mode (known development secrets) unless MENTORSHIP_ENV says otherwise.
run: $(STAMP)
	MENTORSHIP_ENV="$${MENTORSHIP_ENV:-development}" $(BIN)/mentorship run

test: $(STAMP)
	$(BIN)/python -m pytest

# Schemathesis against both services on a fresh database: the survey service's OpenAPI contract
# and GraphQL queries and mutations as an admin. `make test` runs the same with 10 cases per
# operation and a fixed seed; this runs FUZZ_MAX_EXAMPLES (100) with a new seed each time.
fuzz: $(STAMP)
	FUZZ_MAX_EXAMPLES="$${FUZZ_MAX_EXAMPLES:-100}" FUZZ_SEED="$${FUZZ_SEED:-}" \
		$(BIN)/python -m pytest tests/contract -q -s -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy shared services

bench: $(STAMP)
	@for script in bench/*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

schema: $(STAMP)
	$(BIN)/mentorship export-schema schema.graphql

# graphql-schema-linter on the committed schema (needs Node.js and npm; not part of `make test`).
# The linter and its rules are pinned in tools/schema-lint (package-lock.json, .graphql-schema-linterrc).
SCHEMA_LINT := tools/schema-lint
$(SCHEMA_LINT)/node_modules/.package-lock.json: $(SCHEMA_LINT)/package-lock.json
	cd $(SCHEMA_LINT) && npm ci --no-audit --no-fund --loglevel=error

lint-schema: $(SCHEMA_LINT)/node_modules/.package-lock.json
	cd $(SCHEMA_LINT) && npm run --silent lint
