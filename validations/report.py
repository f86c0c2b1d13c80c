"""The anomaly report: one self-contained HTML page (inline CSS, crops as data: URIs, no network).

At the top a count per rule and region; below, every finding grouped by region and rule with the
printed values, what was expected, the page, and a crop of the PDF page around the printed numbers
(`extractors.render`, the finding's box framed in red) so a person can check them.
"""

from __future__ import annotations

import base64
import html
import os
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extractors.render import page_count, page_png
from models.geometry import BBox
from models.numbers import readable_danish_number
from validations.rules import PRINTED_DA, RULES

UNKNOWN_REGION = "Ukendt region"
SEVERITY_DA = {"error": "fejl", "warning": "advarsel"}


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.5rem}h2{margin-top:2.5rem;border-bottom:2px solid #444}h3{margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
td.n{text-align:right}.error{color:#a00}.warning{color:#a60}
.finding{border:1px solid #ddd;border-radius:4px;padding:.75rem;margin:.75rem 0}
.finding img{max-width:100%;border:1px solid #999;display:block;margin-top:.5rem}
.meta{color:#555;font-size:.9rem}
"""


def write_report(path: Path, anomalies: Sequence[Any], *, pdf_for: Callable[[int], Path | None],
                 data_docs_index: Path | None = None) -> Path:
    """Write the report of `anomalies` (`warehouse.anomalies.AnomalyListing`s) to `path`; `pdf_for`
    gives a document's PDF (None: no crop)."""
    path = Path(path)
    region_of = {id(a): a.region or UNKNOWN_REGION for a in anomalies}
    crops = _Crops(pdf_for)
    body = [_summary(anomalies, region_of)]
    for region in sorted(set(region_of.values())):
        body.append(f'<h2 id="{_attr(region)}">{_esc(region)}</h2>')
        for rule in RULES:
            group = [a for a in anomalies if a.rule == rule.id and region_of[id(a)] == region]
            if group:
                body.append(f'<h3><span class="{rule.severity}">{_esc(SEVERITY_DA[rule.severity])}</span> '
                            f'{_esc(rule.id)}: {_esc(rule.explanation_da)} ({len(group)})</h3>')
                body.extend(_finding_html(a, crops) for a in group)
    docs_link = ""
    if data_docs_index is not None:
        href = os.path.relpath(Path(data_docs_index).resolve(), path.resolve().parent)
        docs_link = f'<p>Great Expectations Data Docs: <a href="{_attr(href)}">{_esc(href)}</a></p>'
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = (f'<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8"><title>Valideringsrapport</title>'
            f'<style>{_CSS}</style></head><body><h1>Valideringsrapport: {len(anomalies)} fund</h1>'
            f'<p class="meta">Dannet {stamp}.</p>{docs_link}{"".join(body)}</body></html>\n')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _summary(findings: Sequence[Any], region_of: dict[int, str]) -> str:
    """Counts per rule (rows, every rule of the catalogue) and region (columns), with totals."""
    counts = Counter((f.rule, region_of[id(f)]) for f in findings)
    regions = sorted(set(region_of.values()))
    head = "".join(f"<th>{_esc(r)}</th>" for r in regions)
    rows = []
    for rule in RULES:
        cells = "".join(f'<td class="n" data-rule="{rule.id}" data-region="{_attr(r)}">{counts[rule.id, r]}</td>'
                        for r in regions)
        total = sum(counts[rule.id, r] for r in regions)
        rows.append(f'<tr><td>{_esc(rule.id)}</td><td class="{rule.severity}">{_esc(SEVERITY_DA[rule.severity])}'
                    f'</td><td>{_esc(rule.explanation_da)}</td>{cells}<td class="n">{total}</td></tr>')
    totals = "".join(f'<td class="n">{sum(counts[rule.id, r] for rule in RULES)}</td>' for r in regions)
    return (f'<table class="summary"><tr><th>Regel</th><th>Alvor</th><th>Forklaring</th>{head}<th>I alt</th></tr>'
            f'{"".join(rows)}<tr><th colspan="3">I alt</th>{totals}<td class="n">{len(findings)}</td></tr></table>')


def _finding_html(anomaly: Any, crops: _Crops) -> str:
    facts = []
    if anomaly.offer:
        facts.append(("Tilbud", f"{anomaly.subject or anomaly.offer}, {anomaly.operator or '–'}, "
                                f"{anomaly.legal_basis or '–'}"))
    if anomaly.year is not None:
        facts.append(("År", str(anomaly.year)))
    facts += [(PRINTED_DA.get(key, key).capitalize(), readable_danish_number(value))
              for key, value in (anomaly.printed or {}).items()]
    if anomaly.expected is not None:
        facts.append(("Forventet", anomaly.expected))
    source = anomaly.document or f"dokument {anomaly.document_id}"
    if anomaly.agreement:
        source += f" ({anomaly.agreement})"
    facts.append(("Kilde", source + (f", side {anomaly.page}" if anomaly.page else "")))
    rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in facts)
    crop = crops.data_uri(anomaly.document_id, anomaly.page, anomaly.bbox)
    image = (f'<img alt="{_attr(f"Udsnit af side {anomaly.page}")}" src="{crop}">' if crop else
             '<p class="meta">Intet udsnit (ingen PDF eller placering).</p>')
    return f'<div class="finding"><p>{_esc(anomaly.message)}</p><table>{rows}</table>{image}</div>'


class _Crops:
    """PNG crops of PDF pages as data: URIs, each crop rendered once."""

    def __init__(self, pdf_for: Callable[[int], Path | None]):
        self._pdf_for = pdf_for
        self._uris: dict[tuple, str | None] = {}

    def data_uri(self, document_id: int | None, page: int | None, bbox: BBox | None) -> str | None:
        if document_id is None or page is None or bbox is None:
            return None
        key = (document_id, page, bbox)
        if key not in self._uris:
            path = self._pdf_for(document_id)
            png = page_png(path, page, bbox, band=True) if path and Path(path).is_file() \
                and 1 <= page <= page_count(path) else None
            self._uris[key] = "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None
        return self._uris[key]


def _esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)
