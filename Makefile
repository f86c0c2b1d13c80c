# Two entry points: `make demo` runs the pipeline on the bundled agreements,
# `make test` runs every test. Both create .venv and install the project first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_UI_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS := false
export PREFECT_LOGGING_LEVEL ?= WARNING
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/ramme run

test: $(STAMP)
	PREFECT_HOME=$$(mktemp -d) $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .ramme build *.egg-info
