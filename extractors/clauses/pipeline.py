"""The spaCy side: a blank Danish pipeline with rule components, built once per process.

- `spacy.blank("da")`: no trained Danish model exists on these machines (STACK.md §5), and none is needed.
- Tokenizer tweaks for notations the Danish defaults keep whole: "§107" → "§ 107", "md.+1" → "md. + 1",
  "stk.2" → "stk. 2".
- `sentencizer` for sentence boundaries on . ! ? only (the tokenizer keeps "pct.", "jf.", "stk.", "10." whole, so
  these do not end sentences).
- `entity_ruler` with the patterns in `patterns/entities.jsonl`: NOTICE, NOT_NOTICE, LEGAL_REF,
  PERCENT, MONEY, DAYS.
- A `Matcher` with the per-kind trigger tokens of `patterns/triggers.yaml`, and a `PhraseMatcher` with
  the multi-word phrases there plus every printed name in the vocabulary (`models.vocabulary`).

Never run this with `n_process`: for rule pipelines it is ~15x slower (STACK.md trap 9).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import compile_infix_regex, compile_prefix_regex

from models.vocabulary import surface_names

PATTERNS = Path(__file__).parent / "patterns"


class ClausePipeline:
    """The nlp object and the matchers that go with it."""

    def __init__(self) -> None:
        nlp = spacy.blank("da")
        prefixes = [r"§", *nlp.Defaults.prefixes]
        nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        infixes = [*nlp.Defaults.infixes, r"(?<=[a-zæøå]\.)\+(?=\d)", r"(?<=\.)(?=\+)",
                   r"(?<=stk\.)(?=\d)", r"(?<=nr\.)(?=\d)", r"(?<=\d)(?=§)"]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?"]})
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(_read_jsonl(PATTERNS / "entities.jsonl"))
        self.nlp: Language = nlp

        triggers = yaml.safe_load((PATTERNS / "triggers.yaml").read_text(encoding="utf-8"))
        self.matcher = Matcher(nlp.vocab)
        for label, regexes in triggers.items():
            if label.endswith("_phrase"):
                continue
            self.matcher.add(label.upper(), [[{"LOWER": {"REGEX": rx}}] for rx in regexes])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in triggers.items():
            if label.endswith("_phrase"):
                self.phrases.add(label.upper(), list(nlp.tokenizer.pipe(phrases)))
        by_term: dict[str, list[str]] = {}
        for name, term_id in surface_names():
            by_term.setdefault(term_id, []).append(name)
        for term_id, names in by_term.items():
            self.phrases.add(f"TERM:{term_id}", list(nlp.tokenizer.pipe(names)))


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def clause_pipeline() -> ClausePipeline:
    """The one pipeline of this process (building it takes ~0.5 s)."""
    return ClausePipeline()
