"""The web page (`app.web`) served for real by uvicorn on the bundled corpus: every page in a headless
Chromium with the network off (filters against the gold, a value followed to its PDF page, downloads,
charts), and hostile input over plain HTTP, which must give a clear 4xx and change nothing."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from openpyxl import load_workbook
from sqlalchemy import inspect, text

from app.web.server import create_app

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests/gold/offers-000.json").read_text(encoding="utf-8"))
ARTIFACTS = ROOT / "test-artifacts"
TARGET_GROUP = "Udviklingshæmning"
#: every page, by the name its screenshot gets
PAGES = {"overview": "/", "offers": "/offers", "target-groups": "/target-groups",
         "target-group": f"/target-groups/{quote(TARGET_GROUP)}", "clauses": "/clauses", "clauses-tariff": "/clauses?kind=tariff",
         "editions": "/editions?region=hovedstaden", "minutes": "/minutes",
         "region-tables": "/region-tables", "anomalies": "/anomalies", "status": "/status", "source": "/source/1/1"}
#: every parameter of every page
PARAMETERS = {
    "/": ["age_group"], "/target-groups/x": [], f"/target-groups/{quote(TARGET_GROUP)}": ["age_group"],
    "/offers": ["region", "agreement", "age_group", "target_group", "operator", "name", "paragraph", "year",
                "min_occupancy", "max_occupancy", "rule"],
    "/offers.csv": ["region", "year", "rule"], "/offers.xlsx": ["region", "year"], "/offers.json": ["region"],
    "/clauses": ["kind"], "/editions": ["region", "old", "new"], "/minutes": ["q", "region"], "/region-tables": ["measure", "region"],
    "/anomalies": ["region", "rule", "severity"], "/anomalies.csv": ["region", "rule", "severity"],
    "/source/1/1": ["bbox"], "/source/1/1.png": ["bbox"],
}
#: free-text parameters (a search; editions are only read with a region): a hostile value there finds nothing
FREE_TEXT = {"agreement", "operator", "name", "paragraph", "q", "measure", "old", "new"}
INJECTION = "' OR '1'='1'; DROP TABLE offer; --"
TRAVERSAL = "../../../../etc/passwd"
HUGE = "x" * 10_000
#: hostile values for every parameter; the last ones only where a number or a name from a list is expected
HOSTILE = [INJECTION, TRAVERSAL, HUGE, "9" * 25, "1e308", "-1", "nan", "\u202e<script>"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(bundled_store):
    """The app on the bundled store, served by uvicorn on 127.0.0.1 in a thread: (base URL, engine)."""
    engine, settings, _validated = bundled_store
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine.url.render_as_string(hide_password=False), settings),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", engine
    server.should_exit = True
    thread.join(timeout=10)


def _gold_count(age_group: str, target_group: str) -> int:
    return sum(len(t["offers"]) for t in GOLD["offer_tables"]
               if t["age_group"] == age_group and t["target_group"] == target_group)


def test_every_page_answers_offline_with_security_headers(site):
    base, _engine = site
    for path in [*PAGES.values(), "/static/plotly.min.js", "/static/charts.js", "/static/style.css"]:
        response = httpx.get(base + path)
        assert response.status_code == 200, (path, response.text[:300])
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        if response.headers["content-type"].startswith("text/html"):
            assert 'src="http' not in response.text and 'href="http' not in response.text, path
    assert httpx.head(base + "/offers").status_code == 200


def test_write_methods_are_refused(site):
    base, _engine = site
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        response = httpx.request(method, base + "/offers")
        assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD", method


def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
                for table in inspect(engine).get_table_names()}


def _assert_clear_refusal(response: httpx.Response, what: str) -> None:
    assert 400 <= response.status_code < 500, (what, response.status_code)
    assert "Traceback" not in response.text and "x" * 61 not in response.text  # at most 60 characters echoed
    message = response.text.split('id="error-message">', 1)[1].split("</p>", 1)[0]
    assert "\n" not in message.strip() and len(message) <= 400, (what, message)


def test_hostile_input_gives_a_clear_4xx_and_changes_nothing(site):
    base, engine = site
    before = _row_counts(engine)
    with httpx.Client(base_url=base) as client:
        for path, names in PARAMETERS.items():
            for name in names:
                for value in HOSTILE[:3] if name in FREE_TEXT else HOSTILE:
                    response = client.get(path, params={name: value})
                    what = f"{path}?{name}={value[:30]}"
                    if name in FREE_TEXT and value != HUGE:  # a search for text that is nowhere
                        assert response.status_code == 200 and "Traceback" not in response.text, what
                    else:
                        _assert_clear_refusal(response, what)
                # bytes that are not UTF-8, as a browser sends a Latin-1 form
                _assert_clear_refusal(client.get(f"{path}?{name}=S%F8stedet"), f"{path}?{name}=latin-1")
        for path in ("/source/%2e%2e%2f%2e%2e%2fetc%2fpasswd/1", "/source/..%2F..%2Fetc/1.png", "/source/1/..%2F2",
                     "/source/99999/1", "/source/1/99999", "/source/1/0", f"/source/{'9' * 25}/1",
                     f"/source/1/{INJECTION}", f"/target-groups/{quote(INJECTION)}", f"/target-groups/{'x' * 10_000}",
                     "/offers.exe", "/anomalies.%2e%2e", "/no-such-page"):
            _assert_clear_refusal(client.get(path), path)
    unknown_region = httpx.get(base + "/offers", params={"region": "hovedstadn"})
    assert unknown_region.status_code == 400 and "did you mean: hovedstaden?" in unknown_region.text
    assert _row_counts(engine) == before


def test_downloads_open_in_excel_formats(site):
    """The offer search's CSV (';', decimal comma, BOM), XLSX and JSON hold the rows the page counts."""
    base, _engine = site
    query = {"region": "hovedstaden", "target_group": TARGET_GROUP, "age_group": "adults"}
    page = httpx.get(base + "/offers", params=query).text
    rows = int(page.split('id="row-count">', 1)[1].split("<", 1)[0])
    data = httpx.get(base + "/offers.csv", params=query).content
    assert data.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == rows and any("," in row["usage"] for row in table)
    assert all(float(row["usage"].replace(",", ".")) >= 0 for row in table if row["usage"])
    workbook = load_workbook(io.BytesIO(httpx.get(base + "/offers.xlsx", params=query).content))
    assert workbook.active.max_row == rows + 1
    assert len(httpx.get(base + "/offers.json", params=query).json()) == rows
    anomalies = httpx.get(base + "/anomalies.json", params={"severity": "error"}).json()
    assert anomalies and {a["severity"] for a in anomalies} == {"error"}


# --- in a real headless Chromium -----------------------------------------------------------------

def _browser():
    from tests_browser import chromium

    return chromium(1400, 1000)


def _problems(browser) -> list[str]:
    """Console errors (a CSP violation, a failed load) and resources fetched from anywhere but the app."""
    logs = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    remote = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"
                                    ".filter(n => !n.startsWith(location.origin))")
    return logs + remote


@pytest.mark.slow
def test_every_page_in_a_browser(site):
    """Each page loads without a console error or a remote resource; a screenshot of each is kept."""
    base, _engine = site
    ARTIFACTS.mkdir(exist_ok=True)
    with _browser() as browser:
        for name, path in PAGES.items():
            browser.get(base + path)
            if name == "target-group":
                _wait(browser, "return document.querySelectorAll('div.chart svg.main-svg').length >= 2")
            assert browser.execute_script("return document.querySelector('h1') !== null"), name
            assert _problems(browser) == [], name
            browser.save_screenshot(str(ARTIFACTS / f"web-{name}.png"))
    assert all((ARTIFACTS / f"web-{name}.png").stat().st_size > 5_000 for name in PAGES)


def _wait(browser, script: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not browser.execute_script(script):
        assert time.monotonic() < deadline, script
        time.sleep(0.1)


@pytest.mark.slow
def test_filters_follow_a_value_to_its_source_and_download(site, tmp_path):
    """Hovedstaden + Udviklingshæmning + adults, chosen in the form: the count equals the gold's; a value
    opens its PDF page with the box framed; the XLSX button saves a workbook openpyxl reads."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, _engine = site
    with _browser() as browser:
        browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
        browser.get(base + "/offers")
        form = browser.find_element(By.ID, "offer-filters")
        Select(form.find_element(By.NAME, "region")).select_by_value("hovedstaden")
        Select(form.find_element(By.NAME, "age_group")).select_by_value("adults")
        form.find_element(By.NAME, "target_group").send_keys(TARGET_GROUP)
        form.submit()
        _wait(browser, "return location.search.includes('target_group')")
        assert int(browser.find_element(By.ID, "offer-count").text) == _gold_count("adults", TARGET_GROUP) == 87
        browser.save_screenshot(str(ARTIFACTS / "web-offers-filtered.png"))

        browser.find_element(By.CSS_SELECTOR, "a.button[href^='/offers.xlsx']").click()
        deadline = time.monotonic() + 15
        while not list(tmp_path.glob("*.xlsx")) and time.monotonic() < deadline:
            time.sleep(0.1)
        workbook = load_workbook(next(tmp_path.glob("*.xlsx")))
        rows = int(browser.find_element(By.ID, "row-count").text)
        assert workbook.active.max_row == rows + 1

        link = browser.find_element(By.CSS_SELECTOR, "#offers td.num a.src")
        link.click()
        _wait(browser, "const i = document.getElementById('source-image'); return i && i.complete")
        assert "bbox=" in browser.current_url
        assert browser.execute_script("return document.getElementById('source-image').naturalWidth") > 0
        assert _problems(browser) == []
        browser.save_screenshot(str(ARTIFACTS / "web-source-value.png"))
