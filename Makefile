# Two entry points: `make demo` runs the pipeline on the bundled agreements,
# `make test` runs every test. Both create .venv and install the project first.
# The offline switches of Prefect and Great Expectations are set by `ramme` and by the tests
# themselves (models/settings.py); `ramme env` prints them for a shell.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

# uv installs in a fraction of pip's time. The venv is made without pip (ensurepip alone takes
# seconds) and the system's pip puts uv in it; uv compiles the bytecode on both cores while it
# installs (otherwise the first run compiles it, module by module). When uv cannot be had, the venv
# gets its own pip and pip installs everything.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	( $(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check uv==0.13.8 \
	  && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[test]' ) \
	  || ( $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]' )
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ramme run

# a fresh PREFECT_HOME per run: a reused one serves stale task results (docs/STACK.md, trap 4)
test: $(STAMP)
	PREFECT_HOME=$$(mktemp -d) $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .ramme build *.egg-info
