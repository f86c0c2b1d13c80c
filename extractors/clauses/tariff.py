"""Tariff rules (takstregler): the sentences that state them (`tariff_clauses`) and, normalised, the
overhead cap, price development (P/L), occupancy rule for the rate calculation, retrospective
adjustment (efterregulering), tariff model.

`normalize_tariff(text)` returns (detail, normalized). `detail` is the finest label the wording supports;
`normalized` always lists the percentages and amounts printed (Danish notation → numbers) and adds
detail-specific keys (`models.normalized.TariffValue`):
- overhead_cap: `overhead_pct` ("en overheadprocent på 6" → 6);
- price_development: `index` = "P/L", `minus_pct_per_year` when "P/L minus 0,5 %";
- occupancy_rule: `occupancy_pct` (all printed), `averaging_years` ("gennemsnit af … to år"),
  `max_occupancy_pct` ("aldrig … over 100");
- retrospective_adjustment: `threshold_pct` (the ± percentage beyond which it applies).
"""

from __future__ import annotations

import re

from extractors.clauses.numwords import NUMBER_WORD_PATTERN, parse_count, parse_decimal
from extractors.segment import AGENDA_ITEM, BULLET, HEADING, NAMED_PERCENTAGE, TEXT, Block, is_numeric_heavy
from extractors.clauses.details import detail_table
from extractors.clauses.sentences import (
    NORMATIVE,
    Found,
    Sentence,
    is_table_row,
    is_topic_item,
    make_clause,
    merge_adjacent,
    offer_subject,
)
from models.enums import ClauseKind
from models.vocabulary import MONTHS

_PERCENT = re.compile(rf"(?<![\w,.])(\+/-\s*|±\s*)?(\d+(?:,\d+)?|{NUMBER_WORD_PATTERN})\s*(?:%|pct\.?|procent)(?![\wæøå])",
                      re.IGNORECASE)
_MONEY = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(mio\.\s*)?(?:kr\.?|kroner)",
                    re.IGNORECASE)


#: a rate named before its number, without a % sign ("en procentsats på 20,3", "en overheadprocent på 6")
_RATE_BEFORE = re.compile(r"(?<![\wæøå])[\wæøå]*(?:procent|pct)(?:sats|del)?(?:en)?\s+på\s+(\d+(?:,\d+)?)"
                          r"(?![\d\wæøå]|,\d|\s*(?:%|pct|procent|plads))", re.IGNORECASE)


def percentages(text: str) -> list[int | float]:
    """The percentages printed, with a sign or word after the number or a rate's name before it."""
    found = sorted([(m.start(), m.group(2)) for m in _PERCENT.finditer(text)]
                   + [(m.start(), m.group(1)) for m in _RATE_BEFORE.finditer(text)])
    return [value for _, number in found if (value := parse_decimal(number)) is not None]


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
    """(detail, normalized): the finest label the wording supports (`patterns/details.yaml`), the
    percentages and amounts printed, and that label's own keys."""
    lowered = text.lower()
    pcts = percentages(text)
    detail = detail_table(ClauseKind.TARIFF_RULE).detail(text)
    out: dict = {"percentages": pcts, "amounts_dkk": amounts_dkk(text)}
    if detail in _DETAIL_KEYS:
        out.update(_DETAIL_KEYS[detail](lowered, pcts))
    return detail, out


def _overhead_keys(lowered: str, pcts: list) -> dict:
    m = re.search(rf"overheadprocent\w*\s+(?:på\s+)?(\d+(?:,\d+)?|{NUMBER_WORD_PATTERN})(?!\w|,\d)", lowered)
    if m:
        return {"overhead_pct": parse_decimal(m.group(1))}
    return {"overhead_pct": pcts[0]} if pcts else {}


def _price_development_keys(lowered: str, pcts: list) -> dict:
    m = re.search(r"(?:minus|-|÷)\s*(\d+(?:,\d+)?)\s*(?:%|pct|procent)", lowered)
    return {"index": "P/L", "minus_pct_per_year": parse_decimal(m.group(1)) if m else 0}


#: a number after an occupancy word: a rate ("belægningsprocent på 85", "belægning på 90 %"); after the bare
#: "belægning" only with a % sign, else it counts places ("svarer til en belægning på 10,2")
_OCCUPANCY_VALUE = re.compile(r"belægnings(?:procent|grad)\w*\s+(?:på\s+|fra\s+|til\s+)?(\d+(?:,\d+)?)(?!,?\d)"
                              r"(?=\s*(?:%|pct|procent|\)|,|\.|\s+til|\s+og|\s+for\s+at|$))"
                              r"|belægning\w*\s+(?:på\s+|fra\s+|til\s+)?(\d+(?:,\d+)?)(?=\s*(?:%|pct|procent))")
#: an occupancy rate changed from one figure to another ("belægningsprocenten ændres fra 90 til 85"): both are rates
_OCCUPANCY_CHANGE = re.compile(r"belægnings(?:procent|grad)\w*\s+(?:[a-zæøå]+\s+){0,2}?fra\s+(\d+(?:,\d+)?)\s+til\s+"
                               r"(\d+(?:,\d+)?)(?!,?\d|\s*(?:plads|år))")
#: a percentage that is a change of something ("en stigning på ca. 40 % i taksten"), not a rate of occupancy
_CHANGE_PCT = re.compile(r"(?:stigning|fald|reduktion|steget|faldet)\w*\s+(?:på\s+)?(?:ca\.\s+|omkring\s+)?"
                         r"(\d+(?:,\d+)?)\s*(?:%|pct|procent)")


def _occupancy_keys(lowered: str, pcts: list) -> dict:
    """The occupancy percentages: a rate right after "belægning…" (`_OCCUPANCY_VALUE`) or both rates of its change
    (`_OCCUPANCY_CHANGE`), and the percentages
    of the sentence's parts that speak of occupancy ("fra 90% til 95%"); not a surplus threshold in another
    part ("Overskud … på mere end fem procent"), places ("en belægning på 3,6 pladser") nor a change
    ("en stigning på ca. 40 % i taksten grundet … belægningsprocent")."""
    values = [parse_decimal(a or b) for a, b in _OCCUPANCY_VALUE.findall(lowered)]
    changed = [parse_decimal(v) for pair in _OCCUPANCY_CHANGE.findall(lowered) for v in pair]
    values = list(dict.fromkeys(values + changed))
    changes = {parse_decimal(v) for v in _CHANGE_PCT.findall(lowered)}
    about = {p for part in re.split(r"(?<=[.:;])\s+", lowered) if "belægning" in part
             for p in percentages(part) if p not in changes}
    out: dict = {"occupancy_pct": values + [p for p in pcts if p not in values and p in about]}
    m = re.search(rf"gennemsnit\w*\s+af\s+(?:\w+\s+){{0,3}}?({NUMBER_WORD_PATTERN}|\d+)\s+(?:forudgående\s+)?år", lowered)
    if m:
        out["averaging_years"] = parse_count(m.group(1))
    m = re.search(r"aldrig\s+(?:\w+\s+){0,4}over\s+(\d+)", lowered)
    if m:
        out["max_occupancy_pct"] = int(m.group(1))
    return out


def _retrospective_keys(lowered: str, pcts: list) -> dict:
    return {"threshold_pct": pcts[0] if pcts else None}


#: the keys each detail adds to `normalized` (models.normalized.TariffValue)
_DETAIL_KEYS = {
    "overhead_cap": _overhead_keys,
    "price_development": _price_development_keys,
    "occupancy_rule": _occupancy_keys,
    "retrospective_adjustment": _retrospective_keys,
}


_TARIFF_SECTION = re.compile(
    r"takst|udgift|omkostning|efterregul|økonomimodel|økonomisk\s+bæredygtighed|finansier|overhead|etablering"
    r"|belægning|underskud|lukning(?!strue)",  # the closing of offers, not the procedure for offers threatened by it
    re.IGNORECASE)
#: tariff words that make a table row (or a table's header) a tariff figure; occupancy and capacity
#: rows ("Belægningsprocent 58% 87% 87%", "Pladstal 38 38 38") are offer data, not tariff rules
_TABLE_TARIFF = re.compile(r"takst|overhead|timepris|timeløn", re.IGNORECASE)
_STRICT_NORMATIVE = re.compile(r"\b(skal|må|anvendes|beregnes|fastsættes|indregnes|fordeles|afholdes)\b",
                               re.IGNORECASE)
#: a report's assessment or observation ("… vurderes at være god", "… oplever et kraftigt fald i
#: belægningsprocenten", "… peger rapporten på yderligere tilbud"), also of a model's merits and risks
#: ("Fordelen ved denne model er, at …", "Desuden kan der være en risiko for, at …", "Adskilles de ikke kan det give
#: urealistisk budgetlægning …", "En afdækning … vil kunne bidrage til en nærmere forklaring …"), or a hypothetical
#: consequence ("… en økonomisk udgift, som ville skulle dækkes af en generel takststigning, hvis …"): it states no
#: rule; not the condition of one ("… har pligt til at rette henvendelse til hinanden, hvis det vurderes, at …")
_ASSESSMENT = re.compile(r"\b(?<!det )(?:vurderes|vurderer|oplever|oplevet|indikere|peger\s+\w+\s+på"
                         r"|(?:fordel|ulempe)(?:en|ene)?\s+ved|risiko\s+for|kan\s+det\s+give|kunne\s+bidrage\s+til"
                         r"|ville\s+skulle)\b",
                         re.IGNORECASE)
_MONTHS = "|".join(MONTHS)
# a number that is not a year, a date ("1. april", "1/1-2022") or the number of a list item ("2) …", "3. …")
_NUMBER = re.compile(rf"(?<![\d./-])(?<!^)(?!(?:19|20)\d\d\b)\d+(?:,\d+)?(?![\d/-]|\.\d|\)|\.\s*(?:{_MONTHS}))",
                     re.IGNORECASE)
# the agreement describing its own contents ("Rammeaftalens Styringsdel omfatter aftaler, takstmodel …",
# "Med rammeaftalens styringsdel træffes beslutning om takster …", "I Rammeaftalens Udviklingsdel præsenteres
# ligeledes de modeller …") or which offers an annex of it covers ("Tilbud, hvor mere end 5 kommuner bruger
# tilbuddet indgår i en allonge til rammeaftalen …")
_META = re.compile(r"^(?:\S+\s+){0,3}?(?:rammeaftale\w*|styringsdel\w*|styringsaftale\w*|udviklingsdel\w*)\s+"
                   r"(?:\S+\s+){0,2}?(?:omfatter|indeholder|lægger|træffes|indgår|præsenteres)\b"
                   r"|\bindgå\w*\s+i\s+(?:en|nærværende|denne)\s+allonge\b", re.IGNORECASE)
#: a list item that names topics ("Aftaler, takstmodel og procedurer, som understøtter …"): its opening
#: noun "Aftale(r)" is no verb; "Aftale om, at …" states what is agreed
_TOPIC_NOUN = re.compile(r"^aftale[rn]?\b(?!\s+om,?\s+at\b)", re.IGNORECASE)
#: a form and what it is for ("… modtager samtidig et vejledningsskema, som …", "Skemaet bruges til at udregne
#: …"); the duty to fill one in ("skal én gang årligt udfylde et indberetningsskema …") is a rule
_FORM = re.compile(r"skema(?:et|er|erne)?\b", re.IGNORECASE)
_FILL_IN = re.compile(r"\budfyld", re.IGNORECASE)
#: the residents' own payment ("Borgerens egenbetaling fastsættes på nationalt niveau …"): a tariff rule only
#: where it touches the tariff ("… egenbetalingen ikke må indregnes i takstgrundlaget")
_OWN_PAYMENT = re.compile(r"egenbetaling", re.IGNORECASE)
#: a working group set up to look into the tariffs ("… er ved at nedsætte en arbejdsgruppe omkring Kofoedsminde,
#: der skal undersøge … finansieringsmodellen"): a study under way, its "skal" the group's task
_STUDY = re.compile(r"\bnedsæt\w*\s+(?:en\s+)?arbejdsgruppe", re.IGNORECASE)
#: a remark that no agreement exists yet ("Der er endnu ikke indgået konkrete aftaler om lukning af pladser …"): a
#: status, no rule
_NOT_YET = re.compile(r"\bendnu\s+ikke\s+(?:indgået|aftalt|indgåede)\b", re.IGNORECASE)
#: the terms of a loan pool for building places ("… kriterier/forudsætninger for at få adgang til lånepuljerne: …"):
#: loans, not tariffs
_LOAN_POOL = re.compile(r"\blånepulje", re.IGNORECASE)
#: a sentence that places something in context ("Taskforce skal ses i sammenhæng med arbejdet med …"): its "skal"
#: states no duty
_IN_CONTEXT = re.compile(r"\bskal\s+ses\s+i\s+(?:sammenhæng\s+med|lyset\s+af)\b", re.IGNORECASE)


def tariff_clauses(sentences: list[Sentence], taken: frozenset[int] = frozenset()) -> Found:
    """Sentences that state a tariff rule, fact or figure.

    A sentence is a rule when it speaks of tariffs — a tariff word anywhere ("takst", "overhead",
    "efterregulering", "P/L"), or a context word ("belægning", "omkostninger", "kapacitet", "budget")
    under a heading about economy — and says something definite: a normative verb ("skal", "kan",
    "beregnes", "indregnes", …) or a number/rate. A sentence of the same paragraph right before or
    after a rule that speaks of tariffs without saying anything definite itself ("Basistaksten er et
    fast beløb pr. plads, som ikke er til forhandling.") belongs to that rule. Headings (except the
    header of a tariff table) and table rows that name no tariff ("SEL § 108 Pladstal 40 40 40",
    "Belægningsprocent 58% 87% 87%", "Kilde: … kapacitet og belægning") are not rules, nor are
    statements of what the agreement itself contains ("Rammeaftalens Styringsdel omfatter aftaler,
    takstmodel …"), sentences that state nothing (`_states_nothing`: an agenda item's title, a topic list
    item, rows of figures per municipality, a form's description, the residents' own payment without the
    tariff, a working group set up to study, a remark that no agreement exists yet, a sentence that places
    something in context, a loan pool's terms) or the sentences in `taken` (read as another kind: see
    `extract_clauses`).
    """
    status = [None if s.pos in taken or _META.search(s.text) else _tariff_status(s, sentences)
              for s in sentences]
    keep = {i for i, st in enumerate(status) if st == "rule"}
    for i, st in enumerate(status):
        if st == "context" and any(0 <= j < len(sentences) and status[j] == "rule"
                                   and sentences[j].block.index == sentences[i].block.index
                                   for j in (i - 1, i + 1)):
            keep.add(i)
    lists = _list_items(sentences, keep)
    in_list = {j for items in lists.values() for j in items}
    found: list[tuple[Sentence, Clause]] = []
    for i in sorted(keep - in_list):
        s = sentences[i]
        text = " ".join([s.text, *(sentences[j].text for j in lists.get(i, []))])
        detail, normalized = normalize_tariff(text)
        found.append((s, make_clause(ClauseKind.TARIFF_RULE, s, normalized, subject=offer_subject(s), detail=detail,
                                     text=text)))
    return Found(merge_adjacent(found, sentences, kinds={ClauseKind.TARIFF_RULE}), frozenset(s.pos for s, _ in found))


def _list_items(sentences: list[Sentence], rules: set[int]) -> dict[int, list[int]]:
    """A rule that opens a list ("Direkte omkostninger omfatter således:", "… er aftalt følgende
    betalingsmodeller:") and the bullet items right below it: one rule, not one per item."""
    lists: dict[int, list[int]] = {}
    for i in sorted(rules):
        lead = sentences[i]
        if not lead.text.rstrip().endswith(":"):
            continue
        items: list[int] = []
        j = i + 1
        while j < len(sentences) and len(items) < 12:
            following = sentences[j + 1] if j + 1 < len(sentences) else None
            if not _list_item(sentences[j], sentences[j - 1], lead, following):
                break
            items.append(j)
            j += 1
        if items:
            lists[i] = items
    return lists


def _list_item(s: Sentence, previous: Sentence, lead: Sentence, following: Sentence | None) -> bool:
    """The next item of the list `lead` opens: a bullet, or — web PDFs print bullets as glyphs apart
    from their text — a short paragraph of its own right below, in the same section. A table below the lead-in
    and its caption (a line of its own right above the table) are no items."""
    if s.block.index > previous.block.index + 1 or s.block.section != lead.block.section:
        return False
    if s.block.kind == BULLET:
        return True
    if s.block.kind != TEXT or s.block.tabular or len(s.block.text.split()) > 60:
        return False
    if len(s.block.lines) == 1 and following is not None and following.block.tabular \
            and following.block.index == s.block.index + 1:
        return False
    if s.block.index == previous.block.index:
        return s.block.index != lead.block.index
    # a paragraph that names a tariff itself ("… har et mål om en overheadprocent på 6.") is a rule of
    # its own after the list, not an item of it
    return not (s.labels & {"TARIFF_TERM", "TARIFF_PHRASE"})


def _tariff_status(s: Sentence, sentences: list[Sentence]) -> str | None:
    """"rule", "context" (speaks of tariffs but states nothing definite) or None."""
    strong = bool(s.labels & {"TARIFF_TERM", "TARIFF_PHRASE"})
    if s.block.kind == HEADING and not AGENDA_ITEM.match(s.text):
        return "rule" if strong and _TABLE_TARIFF.search(s.text) and _heads_table(s, sentences) else None
    if len(s.text.split()) < 3 or is_topic_item(s.text) or _states_nothing(s.text):
        return None
    if s.block.kind == TEXT and len(s.block.lines) == 1 and _heads_table(s, sentences):
        # a table's column headers on a line of their own ("Kommune/region Overheadprocent Evt. bemærkning" above
        # "Morsø 6%"): a rule, like a heading, only as the header of a tariff table
        return "rule" if strong and _TABLE_TARIFF.search(s.text) else None
    if is_table_row(s):  # a tariff figure names a tariff, or an amount next to a tariff word
        return "rule" if _TABLE_TARIFF.search(s.text) or (strong and "MONEY" in s.labels) else None
    topical = _tariff_topic(s.block)
    if strong or (topical and "TARIFF_CONTEXT_TERM" in s.labels):
        if _ASSESSMENT.search(s.text) and not _STRICT_NORMATIVE.search(s.text):
            return "context"
        return "rule" if NORMATIVE.search(s.text) or _rate(s) else "context"
    if s.block.heading and _TARIFF_SECTION.search(s.block.heading) and len(s.text.split()) >= 5 \
            and (_STRICT_NORMATIVE.search(s.text) or _rate(s)) and not s.text.rstrip().endswith("?"):
        return "rule"  # no tariff word, but an obligation right under a tariff heading (not a question asked there)
    return "context" if "TARIFF_CONTEXT_TERM" in s.labels else None


def _states_nothing(text: str) -> bool:
    """An agenda item's title ("Punkt 16. Overheadprocent"), a list item naming topics, rows of figures per
    municipality (a sentence opening with one `NAMED_PERCENTAGE` or holding two), a form's description, the
    residents' own payment without the tariff, a working group set up to study, a remark that no agreement exists
    yet, a sentence that places something in context, or the terms of a loan pool."""
    return bool(AGENDA_ITEM.match(text) or (_TOPIC_NOUN.match(text) and not NORMATIVE.search(_TOPIC_NOUN.sub("", text)))
                or NAMED_PERCENTAGE.match(text) or len(NAMED_PERCENTAGE.findall(text)) >= 2
                or (_FORM.search(text) and not _FILL_IN.search(text))
                or (_OWN_PAYMENT.search(text) and "takst" not in text.lower()) or _STUDY.search(text)
                or _NOT_YET.search(text) or _IN_CONTEXT.search(text) or _LOAN_POOL.search(text))


def _heads_table(s: Sentence, sentences: list[Sentence]) -> bool:
    """A heading right above a table (the next block on the page opens with a row of figures)."""
    following = sentences[s.pos + 1] if s.pos + 1 < len(sentences) else None
    return following is not None and following.block.page == s.block.page \
        and following.block.index == s.block.index + 1 and is_numeric_heavy(following.block.lines[0])


def _tariff_topic(block: Block) -> bool:
    """Whether the block stands under a heading about tariffs, costs or settlement."""
    return any(h and _TARIFF_SECTION.search(h) for h in (block.section, block.heading))


def _rate(s: Sentence) -> bool:
    """A percentage, an amount, or another number in the sentence (not a year, date or list number)."""
    if s.labels & {"PERCENT", "MONEY"}:
        return True
    return _NUMBER.search(s.text) is not None
