"""The spaCy side: a blank Danish pipeline with rule components, built once per process.

- `spacy.blank("da")`: no trained Danish model exists on these machines (docs/STACK.md §5), and none is needed.
- Tokenizer tweaks for notations the Danish defaults keep whole: "§107" → "§ 107", "md.+1" → "md. + 1",
  "stk.2" → "stk. 2".
- `sentencizer` for sentence boundaries on . ! ? only (the tokenizer keeps "pct.", "jf.", "stk.", "10." whole, so
  these do not end sentences); a footnote mark printed after a sentence's full stop ("… ikke kan dækkes der.11 I
  rammeaftalen …") is split off and stays with the sentence it marks, and so does the source in brackets printed after
  a quotation's full stop ("… jf. § 54.”(Folkeskoleloven, LBK nr. 998 af 16/08/2010) Specialundervisning for …")
  (`ClausePipeline.sentence_tails`, run only on the texts that hold such a tail).
- `entity_ruler` with the patterns in `patterns/entities.jsonl`: NOTICE, NOT_NOTICE, LEGAL_REF,
  PERCENT, MONEY, DAYS.
- The per-kind trigger tokens of `patterns/triggers.yaml` (one regular expression per whole
  lower-cased token), and a `PhraseMatcher` with the multi-word phrases there plus every printed name in
  the vocabulary (`models.vocabulary`).

Speed (the clause extractor's cost is almost all here; a profile of the 187-page Nordjylland minutes
showed ~9 s in spaCy's Matcher, `update_predicate_cache`):
- the trigger tokens are single-token patterns, so they are not run through a `Matcher` (which calls
  a Python REGEX predicate per token, pattern and sentence) but looked up per distinct lower-cased
  word, memoised (`token_labels`): the same answer, computed once per word instead of per occurrence;
- the `entity_ruler` only runs on texts that hold at least one of its anchor words (a word every
  match of some pattern must contain, e.g. "løbende", "§", "%", "kr.", "dage"); a text without any
  cannot match, so skipping it changes nothing (`needs_entities`).

Never run this with `n_process`: for rule pipelines it is ~15x slower (docs/STACK.md, trap 9).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex

from models.vocabulary import surface_names

PATTERNS = Path(__file__).parent / "patterns"
#: the full stop between a word and the footnote mark printed right after it ("der.11"), not after a word that a
#: number follows as its part ("stk.11", "bilag.2")
_FOOTNOTE_STOP = r"(?<=[a-zæøå]{3})(?<!stk|pkt|kap)(?<!side)(?<!bilag|punkt|figur|tabel)\.(?=\d{1,2}$)"
#: a quotation's end and the bracket with its source ("54.”(Folkeskoleloven")
_QUOTE_SOURCE = r"(?<=\.”)(?=\()|(?<=\.”\()"
#: a text that can hold either (`ClausePipeline.sentence_tails` leaves the others as they are)
_HAS_TAIL = re.compile(r"[a-zæøå]\.\d{1,2}(?:\s|$)|\.”\(")


def _sentence_tails(doc: Doc) -> Doc:
    """Keep what is printed right after a sentence's end with that sentence, and start the next one after it:
    - a footnote mark after a full stop: "… dækkes der.11 I rammeaftalen …" is "… dækkes der.11" and
      "I rammeaftalen …", not "11 I rammeaftalen …";
    - a quotation's source in brackets: "… jf. § 54.”(Folkeskoleloven, …) Specialundervisning for børn …" is
      two sentences."""
    for token in doc[2:]:
        stop, word = doc[token.i - 1], doc[token.i - 2]
        if token.is_sent_start and token.is_digit and len(token) <= 2 and stop.text == "." \
                and not word.whitespace_ and not stop.whitespace_ and word.is_alpha:
            token.is_sent_start = False
            if token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = True
    for token in doc[1:]:
        if token.text == "(" and doc[token.i - 1].text.endswith(".”") and not doc[token.i - 1].whitespace_:
            close = next((t for t in doc[token.i + 1:token.i + 20] if t.text == ")"), None)
            if close is not None and close.i + 1 < len(doc) and doc[close.i + 1].is_title:
                doc[close.i + 1].is_sent_start = True
    return doc


class ClausePipeline:
    """The nlp object and the matchers that go with it."""

    def __init__(self) -> None:
        nlp = spacy.blank("da")
        prefixes = [r"§", *nlp.Defaults.prefixes]
        nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
        infixes = [*nlp.Defaults.infixes, r"(?<=[a-zæøå]\.)\+(?=\d)", r"(?<=\.)(?=\+)",
                   r"(?<=stk\.)(?=\d)", r"(?<=nr\.)(?=\d)", r"(?<=\d)(?=§)", _FOOTNOTE_STOP, _QUOTE_SOURCE]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?"]})
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        entity_patterns = _read_jsonl(PATTERNS / "entities.jsonl")
        ruler.add_patterns(entity_patterns)
        self.nlp: Language = nlp
        self.ruler = ruler
        anchors = _anchor_words(entity_patterns)
        # as string hashes, the values of Doc.to_array("LOWER"/"ORTH")
        self._anchors = None if anchors is None else tuple(
            {nlp.vocab.strings.add(word) for word in words} for words in anchors)

        triggers = yaml.safe_load((PATTERNS / "triggers.yaml").read_text(encoding="utf-8"))
        self._triggers = [(label.upper(), [re.compile(rx) for rx in regexes])
                          for label, regexes in triggers.items() if not label.endswith("_phrase")]
        self._token_labels: dict[int, frozenset[str]] = {}  # LOWER hash → labels
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in triggers.items():
            if label.endswith("_phrase"):
                self.phrases.add(label.upper(), list(nlp.tokenizer.pipe(phrases)))
        by_term: dict[str, list[str]] = {}
        for name, term_id in surface_names():
            by_term.setdefault(term_id, []).append(name)
        for term_id, names in by_term.items():
            self.phrases.add(f"TERM:{term_id}", list(nlp.tokenizer.pipe(names)))


    def token_labels(self, doc: Doc) -> dict[int, frozenset[str]]:
        """Token index → trigger labels (NOTICE_TERM, TARIFF_TERM, …) for the tokens that have any.

        Reads the LOWER column as an array (no Token objects) and memoises the labels per word.
        """
        out: dict[int, frozenset[str]] = {}
        cache = self._token_labels
        strings = self.nlp.vocab.strings
        for i, key in enumerate(doc.to_array("LOWER").tolist()):
            labels = cache.get(key)
            if labels is None:
                lower = strings[key]
                labels = frozenset(label for label, regexes in self._triggers
                                   if any(rx.search(lower) for rx in regexes))
                cache[key] = labels
            if labels:
                out[i] = labels
        return out

    def needs_entities(self, doc: Doc) -> bool:
        """Whether the entity_ruler can match anything in `doc` (it holds an anchor word)."""
        if self._anchors is None:
            return True
        lower, orth = self._anchors
        if lower and not lower.isdisjoint(doc.to_array("LOWER").tolist()):
            return True
        return bool(orth) and not orth.isdisjoint(doc.to_array("ORTH").tolist())

    @staticmethod
    def sentence_tails(doc: Doc, text: str) -> Doc:
        """`doc` (of `text`) with what is printed after a sentence's end kept with it (`_sentence_tails`), when `text`
        holds any such tail; a scan of the text instead of every token of every text."""
        return _sentence_tails(doc) if _HAS_TAIL.search(text) else doc

    def entities(self, doc: Doc) -> Doc:
        """`doc` with the entity_ruler's entities set, when it can have any."""
        return self.ruler(doc) if self.needs_entities(doc) else doc


def _anchor_words(patterns: list[dict]) -> tuple[set[str], set[str]] | None:
    """(LOWER values, ORTH values) such that every match of every pattern holds one of them.

    Any required token (no "?"/"*"/"!" operator) given by a literal LOWER/ORTH value or an IN list
    would do; per pattern the most selective one is taken (fewest values, then longest words:
    "udgangen" rather than "af", "procent"/"pct." rather than the number words). None (always run the
    ruler) when some pattern has no such token or is a phrase pattern.
    """
    lower: set[str] = set()
    orth: set[str] = set()
    for entry in patterns:
        pattern = entry["pattern"]
        if isinstance(pattern, str):
            return None
        candidates = []
        for spec in pattern:
            if spec.get("OP", "1") in {"?", "*", "!"}:
                continue
            for attr in ("LOWER", "ORTH"):
                value = spec.get(attr)
                if isinstance(value, str):
                    candidates.append((attr, {value}))
                elif isinstance(value, dict) and set(value) == {"IN"}:
                    candidates.append((attr, set(value["IN"])))
        if not candidates:
            return None
        attr, values = min(candidates, key=lambda c: (len(c[1]), -min(len(v) for v in c[1])))
        (lower if attr == "LOWER" else orth).update(values)
    return lower, orth


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def clause_pipeline() -> ClausePipeline:
    """The one pipeline of this process (building it takes ~0.5 s)."""
    return ClausePipeline()
