"""Tariff rules (takstregler): overhead cap, price development (P/L), occupancy rule for the rate
calculation, retrospective adjustment (efterregulering), tariff model; numbers normalised.

`normalize_tariff(text)` returns (rule, normalized). `rule` is the finest label the wording supports;
`normalized` always lists the percentages and amounts printed (Danish notation → numbers) and adds
rule-specific keys:
- overhead_cap: `overhead_pct` ("en overheadprocent på 6" → 6);
- price_development: `index` = "P/L", `minus_pct_per_year` when "P/L minus 0,5 %";
- occupancy_rule: `occupancy_pct` (all printed), `averaging_years` ("gennemsnit af … to år"),
  `max_occupancy_pct` ("aldrig … over 100");
- retrospective_adjustment: `threshold_pct` (the ± percentage beyond which it applies).
"""

from __future__ import annotations

import re

from extractors.clauses.numwords import NUMBER_WORDS, parse_count, parse_decimal

_WORDNUM = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_PERCENT = re.compile(rf"(?<![\w,.])(\+/-\s*|±\s*)?(\d+(?:,\d+)?|{_WORDNUM})\s*(?:%|pct\.?|procent)(?![\wæøå])",
                      re.IGNORECASE)
_MONEY = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(mio\.\s*)?(?:kr\.?|kroner)",
                    re.IGNORECASE)
_PL = re.compile(r"pris-\s*og\s*løn(?:fremskrivning|udvikling)\w*|\bp/l\b|\bpl[- ](?:sats|skøn)\w*|\bpl-\w+",
                 re.IGNORECASE)


def percentages(text: str) -> list[int | float]:
    out = []
    for m in _PERCENT.finditer(text):
        value = parse_decimal(m.group(2))
        if value is not None:
            out.append(value)
    return out


def amounts_dkk(text: str) -> list[int | float]:
    out = []
    for m in _MONEY.finditer(text):
        value = parse_decimal(m.group(1))
        if value is None:
            continue
        if m.group(2):
            value = value * 1_000_000
            value = int(value) if float(value).is_integer() else value
        out.append(value)
    return out


def normalize_tariff(text: str) -> tuple[str, dict]:
    lowered = text.lower()
    pcts = percentages(text)
    out: dict = {"percentages": pcts, "amounts_dkk": amounts_dkk(text)}
    rule = "tariff_rule"
    if "overhead" in lowered:
        rule = "overhead_cap"
        m = re.search(rf"overheadprocent\w*\s+(?:på\s+)?(\d+(?:,\d+)?|{_WORDNUM})(?!\w|,\d)", lowered)
        if m:
            out["overhead_pct"] = parse_decimal(m.group(1))
        elif pcts:
            out["overhead_pct"] = pcts[0]
    elif _PL.search(text) and re.search(r"udgift|takst|stige|regul|fremskriv|prisen", lowered):
        rule = "price_development"
        out["index"] = "P/L"
        m = re.search(r"(?:minus|-|÷)\s*(\d+(?:,\d+)?)\s*(?:%|pct|procent)", lowered)
        out["minus_pct_per_year"] = parse_decimal(m.group(1)) if m else 0
    elif "belægning" in lowered:
        rule = "occupancy_rule"
        values = [parse_decimal(v) for v in re.findall(
            r"belægning\w*\s+(?:på\s+|fra\s+|til\s+)?(\d+(?:,\d+)?)(?=\s*(?:%|pct|procent|\)|,|\.|\s+til|\s+og|$))",
            lowered)]
        values += [p for p in pcts if p not in values]
        out["occupancy_pct"] = values
        m = re.search(rf"gennemsnit\w*\s+af\s+(?:\w+\s+){{0,3}}?({_WORDNUM}|\d+)\s+(?:forudgående\s+)?år", lowered)
        if m:
            out["averaging_years"] = parse_count(m.group(1))
        m = re.search(r"aldrig\s+(?:\w+\s+){0,4}over\s+(\d+)", lowered)
        if m:
            out["max_occupancy_pct"] = int(m.group(1))
    elif re.search(r"efterregul|over-\s*/?\s*underskud|overskud|underskud", lowered):
        rule = "retrospective_adjustment"
        out["threshold_pct"] = pcts[0] if pcts else None
    elif re.search(r"basistakst|ydelsestakst|timetakst", lowered):
        rule = "tariff_model"
    elif re.search(r"lukning|nedluk", lowered):
        rule = "closing_costs"
    elif re.search(r"pladstal|pladsantal|produktion", lowered):
        rule = "capacity_change"
    elif re.search(r"udgifter\s+(?:per|pr\.)\s+dag", lowered):
        rule = "cost_per_day"
    elif "takst" in lowered:
        rule = "tariff_model"
    return rule, out
