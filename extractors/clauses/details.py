"""The detail tables of `patterns/details.yaml`: the finer label of a payment term or tariff rule,
first matching rule wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from models.enums import ClauseKind

_TABLES = Path(__file__).parent / "patterns" / "details.yaml"


@dataclass(frozen=True)
class DetailRule:
    detail: str
    key: str | None
    all: tuple[re.Pattern[str], ...]
    any: tuple[re.Pattern[str], ...]

    def matches(self, lowered: str, normalized: dict) -> bool:
        return (self.key is not None and self.key in normalized) \
            or (bool(self.all) and all(p.search(lowered) for p in self.all)) \
            or any(p.search(lowered) for p in self.any)


@dataclass(frozen=True)
class DetailTable:
    default: str
    rules: tuple[DetailRule, ...]

    def detail(self, text: str, normalized: dict | None = None) -> str:
        """The first rule's label that `text` (and its normalised keys) match, else the default."""
        lowered = text.lower()
        return next((r.detail for r in self.rules if r.matches(lowered, normalized or {})), self.default)


@cache
def detail_table(kind: ClauseKind) -> DetailTable:
    entry = yaml.safe_load(_TABLES.read_text(encoding="utf-8"))[kind.value]
    rules = tuple(DetailRule(rule["detail"], rule.get("key"),
                             tuple(re.compile(p) for p in rule.get("all", ())),
                             tuple(re.compile(p) for p in rule.get("any", ())))
                  for rule in entry["rules"])
    return DetailTable(entry["default"], rules)
