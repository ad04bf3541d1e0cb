# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test install system-deps clean

# The virtual environment, rebuilt when the package definition changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/graphkb build samples/ -o $(OUT)/
	@echo
	@echo "Views of the sample graph:"
	@for f in $(OUT)/*; do echo "  $$PWD/$$f"; done
	@echo "Try: $(BIN)/graphkb stats $(OUT)/"

test: install system-deps
	$(BIN)/ruff check graphkb tests benchmarks scripts
	$(BIN)/pytest

# What the tests need from the system: Chromium for the browser tests in tests/e2e.
system-deps:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
