"""Prefect's temporary server, started before the flow needs it.

With no Prefect API configured (`PREFECT_API_URL` unset), the first flow call starts a temporary
server in a subprocess and waits for it: several seconds, most of `ramme run` when no document
changed (scripts/benchmark.py --targets --flow prints it). `start_temporary_server` starts that same
server in the background while ramme imports its stages and reads the sources; the flow then finds it
running. Under a deployment (a worker sets `PREFECT_API_URL`) there is nothing to start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


def start_temporary_server() -> Callable[[], None]:
    """Start Prefect's temporary server in the background when the flow will need one; returns the
    wait until it answers (call it before the flow; it re-raises what the start raised)."""
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        return lambda: None
    from prefect.server.api.server import SubprocessASGIServer

    errors: list[BaseException] = []

    def start() -> None:
        try:
            SubprocessASGIServer().start()  # the instance the flow engine uses; it stops at exit
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=start, name="prefect-temporary-server", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if errors:
            raise errors[0]

    return wait
