"""The target-group charts, drawn by plotly.js in the browser: each figure is plotly JSON that
`static/charts.js` hands to `Plotly.newPlot` (no inline script, so the page's CSP can forbid them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from app.web.view import region_name

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", size=13)


def _by_region(totals: Sequence[Any]) -> dict[str, list[Any]]:
    """OfferTotals grouped (region, year) → per region, in year order."""
    regions: dict[str, list[Any]] = {}
    for total in sorted(totals, key=lambda t: (t.group[0] or "", t.group[1] or 0)):
        regions.setdefault(total.group[0], []).append(total)
    return regions


def _figure(traces: list[Any], title: str, y_title: str, **layout: Any) -> str:
    figure = go.Figure(traces)
    figure.update_layout(title=title, font=FONT, yaxis_title=y_title, xaxis=dict(title="År", dtick=1),
                         legend=dict(orientation="h", y=-0.2), margin=dict(t=50, r=20, l=60, b=40),
                         template="plotly_white", **layout)
    return figure.to_json()


def capacity_and_usage(totals: Sequence[Any]) -> str:
    """Grouped bars per year: each region's places (capacity) beside its places used."""
    traces = []
    for region, rows in _by_region(totals).items():
        years = [t.group[1] for t in rows]
        name = region_name(region)
        traces.append(go.Bar(name=f"{name}: pladser", x=years, y=[t.capacity for t in rows]))
        traces.append(go.Bar(name=f"{name}: belagte pladser", x=years, y=[t.usage for t in rows]))
    return _figure(traces, "Pladser og belagte pladser pr. år", "Pladser", barmode="group", separators=",.")


def occupancy(totals: Sequence[Any]) -> str:
    """Occupancy (places used ÷ places, in percent) per year, one line per region."""
    traces = [go.Scatter(name=region_name(region), x=[t.group[1] for t in rows], y=[t.occupancy_pct for t in rows],
                         mode="lines+markers") for region, rows in _by_region(totals).items()]
    return _figure(traces, "Belægning pr. år", "Belægning (%)", separators=",.",
                   yaxis_rangemode="tozero")
