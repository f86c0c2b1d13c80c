"""Which sentences state no rule of the document, and why: hearing proposals and responses, template
placeholders and unticked options, a questionnaire's text, questions, quoted survey answers, examples and
scenarios. The rules are the ordered tables of `patterns/binding.yaml`; a clause read from such a sentence
is kept, marked `binding=False` with the reason (`models.enums.NotBindingReason`), so a comparison of
binding rules can leave it out. A proposal also covers the scenarios of its paragraph (the one a working group
recommends) and the sentences right after it that state the proposed change's consequences
("Ændringen vil medføre en takststigning …"); a scenario covers its description up to the next heading
(its advantages, disadvantages and price); a sentence that goes on with the answers retold right before it ("Syv
kommuner har uddybet deres svar …" / "Det omfatter …") is a retold answer too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from extractors.clauses.sentences import Sentence
from extractors.segment import AGENDA_ITEM, BULLET
from models.enums import NotBindingReason

_TABLE = Path(__file__).parent / "patterns" / "binding.yaml"
#: the reasons whose consequences a following sentence can state
_SCENARIO = (NotBindingReason.PROPOSAL, NotBindingReason.EXAMPLE)


@dataclass(frozen=True)
class _Rule:
    reason: NotBindingReason
    any: tuple[re.Pattern[str], ...]

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.any)


@dataclass(frozen=True)
class _Zone:
    reason: NotBindingReason
    start: re.Pattern[str]
    end: re.Pattern[str] | None  # None: only an agenda item (or `lines`) ends it
    lines: int  # the most lines a zone runs
    in_section: bool  # the zone also ends where its section does
    sentence_first: bool  # a sentence rule's reason wins over the zone's
    list_only: bool  # the zone is the list its start line announces: it ends at the first block after it no item


@dataclass(frozen=True)
class _Tables:
    sentence: tuple[_Rule, ...]
    zones: tuple[_Zone, ...]
    consequence: re.Pattern[str]
    scenario: re.Pattern[str]
    retelling: re.Pattern[str]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def _tables() -> _Tables:
    data = yaml.safe_load(_TABLE.read_text(encoding="utf-8"))

    def rules(entries: list[dict]) -> tuple[_Rule, ...]:
        return tuple(_Rule(NotBindingReason(e["reason"]), tuple(_compile(p) for p in e["any"])) for e in entries)

    zones = tuple(_Zone(NotBindingReason(z["reason"]), _compile(z["start"]),
                        _compile(z["end"]) if z.get("end") else None, z["lines"],
                        z.get("in_section", False), z.get("sentence_first", False), z.get("list_only", False))
                  for z in data["zones"])
    return _Tables(rules(data["sentence"]), zones, _compile(data["consequence"]), _compile(data["scenario"]),
                   _compile(data["retelling"]))


def not_binding_reasons(sentences: list[Sentence]) -> dict[int, NotBindingReason]:
    """Sentence position → why it states no rule, for the sentences that state none."""
    tables = _tables()
    zoned = _zone_of_blocks(sentences, tables.zones)
    out: dict[int, NotBindingReason] = {}
    for s in sentences:
        zone = zoned.get(s.block.index)
        own = next((r.reason for r in tables.sentence if r.matches(s.text)), None)
        reason = own if zone is None or (zone.sentence_first and own) else zone.reason
        if reason is not None:
            out[s.pos] = reason
    _extend_proposals(sentences, out, tables.consequence)
    _extend_scenarios(sentences, out, tables.scenario)
    _extend_retellings(sentences, out, tables.retelling)
    return out


def _extend_retellings(sentences: list[Sentence], out: dict[int, NotBindingReason], retelling: re.Pattern[str]) -> None:
    """A sentence that goes on with the answers the sentence right before it (same block) retold (`retelling`: "Det
    omfatter …", "To af disse eksempler …") takes its survey_answer."""
    for s in sentences[1:]:
        before = sentences[s.pos - 1]
        if s.pos not in out and before.block.index == s.block.index \
                and out.get(before.pos) == NotBindingReason.SURVEY_ANSWER and retelling.search(s.text):
            out[s.pos] = NotBindingReason.SURVEY_ANSWER


def _extend_proposals(sentences: list[Sentence], out: dict[int, NotBindingReason], consequence: re.Pattern[str]) -> None:
    """A paragraph that proposes (or recommends) makes its scenarios proposals too ("… har fremlagt
    forskellige scenarier … Arbejdsgruppen anbefaler det scenarie, hvor …"); a sentence that states the
    consequences of the change (`consequence`) takes the reason of a proposal or example up to three
    sentences before it in its section."""
    proposing = {s.block.index for s in sentences if out.get(s.pos) == NotBindingReason.PROPOSAL}
    for s in sentences:
        if out.get(s.pos) == NotBindingReason.EXAMPLE and s.block.index in proposing:
            out[s.pos] = NotBindingReason.PROPOSAL
        elif s.pos not in out and consequence.search(s.text):
            before = [b for b in sentences[max(0, s.pos - 3):s.pos] if b.block.section == s.block.section]
            reason = next((out[b.pos] for b in reversed(before) if out.get(b.pos) in _SCENARIO), None)
            if reason is not None:
                out[s.pos] = reason


def _extend_scenarios(sentences: list[Sentence], out: dict[int, NotBindingReason], scenario: re.Pattern[str]) -> None:
    """A scenario runs on to the next heading or scenario: its details, advantages ("Fordele: …"),
    disadvantages and price ("Pris pr. døgn …") take the reason of the sentence that presents it
    (`scenario`: "I dette scenarie nedlægges to pladser …")."""
    heading, reason = None, None
    for s in sentences:
        if s.pos in out and scenario.search(s.text):
            heading, reason = s.block.heading, out[s.pos]
        elif s.block.heading != heading:
            heading, reason = None, None
        elif reason is not None:
            out.setdefault(s.pos, reason)


def _zone_of_blocks(sentences: list[Sentence], zones: tuple[_Zone, ...]) -> dict[int, _Zone]:
    """Block index → the zone its first line lies in. A zone opens at a line its `start` matches and
    closes at a line its `end` (or an agenda item) matches, after `lines` lines, (`in_section`) at a
    block under another section than the one it opened in, or (`list_only`) at the first block after its start that is
    no list item."""
    out: dict[int, _Zone] = {}
    open_zone: _Zone | None = None
    section: str | None = None
    opened_in = -1
    run = 0
    seen: set[int] = set()
    for s in sentences:
        block = s.block
        if block.index in seen:
            continue
        seen.add(block.index)
        if open_zone is not None and (open_zone.in_section and block.section != section
                                      or open_zone.list_only and block.index != opened_in and block.kind != BULLET):
            open_zone = None
        for n, line in enumerate(block.lines):
            text = line.strip()
            run += 1
            if open_zone is not None and ((open_zone.end and open_zone.end.search(text))
                                          or AGENDA_ITEM.match(text) or run > open_zone.lines):
                open_zone = None
            if open_zone is None:
                open_zone = next((z for z in zones if z.start.search(text)), None)
                section, run, opened_in = block.section, 0, block.index
            if n == 0 and open_zone is not None:
                out[block.index] = open_zone
    return out
