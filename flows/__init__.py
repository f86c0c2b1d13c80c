"""Prefect flows: orchestration only (fetch -> extract -> load), no parsing or domain rules.

The offline switches are set here, before anything imports prefect: no telemetry, no analytics,
and a startup timeout that a fresh ephemeral server on a loaded 2-core machine can meet.
"""

import os

for _name, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}.items():
    os.environ.setdefault(_name, _value)
