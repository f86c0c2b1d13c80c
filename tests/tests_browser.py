"""A real headless Chromium for the browser tests: Debian's `chromium` and `chromium-driver`, driven by
Selenium (no browser download). Only this machine is reachable: every other address goes to a proxy
that does not exist (127.0.0.1:9), and loopback bypasses proxies as it always does."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def chromium(width: int = 1280, height: int = 2000) -> Iterator:
    """A headless Chromium session; skipped where Chromium is missing, failed in CI (.ci/run installs it)."""
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if binary is None or driver is None:
        message = "Chromium and its driver are not installed (Debian: chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}", "--proxy-server=127.0.0.1:9"):  # nothing leaves the machine
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        yield browser
    finally:
        browser.quit()
