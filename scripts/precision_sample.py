"""Draw a new precision sample from the extractor's current output, carrying earlier verdicts where they apply.

    .venv/bin/python scripts/precision_sample.py --seed 8 --out tests/gold/precision-draft.json

The sample is `tests/test_clause_precision.py::draw_sample` (up to 20 clauses per document and kind). A clause whose
judged fields (text key, kind, page, section, subject, normalised value, binding, reason) are identical to one
judged in an earlier sample (`tests/gold/precision-*.json` that store the normalised value) takes that verdict, with
`carried_from` naming the file, unless both store a fingerprint of the whole text (`text_sha`, from seed 17 on) and the
two differ: the text key is only the first 80 characters. Every other item is written with `verdict: null` for a
person to judge by reading the printed page (tests/gold/PRECISION.md says how). Nothing here judges a clause.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_clause_precision import GOLD, draw_sample  # noqa: E402
from tests.test_clauses_gold import extract_documents  # noqa: E402

JUDGED_FIELDS = ("document", "kind", "page", "text", "section", "subject", "binding", "not_binding_reason", "normalized")


def item_of(document: str, clause) -> dict:
    """The judged fields of one extracted clause, as the sample files store them."""
    return {"document": document, "kind": str(clause.kind), "page": clause.page, "text": clause.text[:80],
            "section": clause.section, "subject": clause.subject, "binding": clause.binding,
            "not_binding_reason": clause.not_binding_reason and str(clause.not_binding_reason),
            "normalized": json.loads(json.dumps(clause.normalized)),
            "text_sha": hashlib.sha1(clause.text.encode("utf-8")).hexdigest()[:16]}


def identity(item: dict) -> str:
    return json.dumps([item.get(field) for field in JUDGED_FIELDS], ensure_ascii=False, sort_keys=True)


def _age(path: Path) -> float:
    """precision-tuning.json, -tuning-2 … -tuning-N, then -checking: the order the samples were judged in."""
    name = path.stem.removeprefix("precision-")
    if name == "tuning":
        return 1
    return float(name.removeprefix("tuning-")) if name.startswith("tuning-") else float("inf")


def earlier_verdicts(exclude: Path) -> dict[str, dict]:
    """Identity → the judged item, from every sample file that stores the normalised value (newest file wins)."""
    verdicts: dict[str, dict] = {}
    for path in sorted(GOLD.glob("precision-*.json"), key=_age):
        if path.resolve() == exclude.resolve():
            continue
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            if "normalized" in item and item.get("verdict"):
                verdicts[identity(item)] = {**item, "carried_from": item.get("carried_from", path.name)}
    return verdicts


def carried_verdict(verdicts: dict[str, dict], item: dict) -> dict | None:
    """The earlier judged item whose verdict `item` takes: same judged fields and, where both have one, the same
    fingerprint of the whole text (two clauses can share their first 80 characters, and a text can change after
    them)."""
    known = verdicts.get(identity(item))
    if known is None or known.get("text_sha") not in (None, item.get("text_sha")):
        return None
    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    extracted = extract_documents()
    verdicts = earlier_verdicts(args.out)
    items = []
    for document, clause in draw_sample(extracted, args.seed):
        item = item_of(document, clause)
        known = carried_verdict(verdicts, item)
        item.update({"verdict": known["verdict"], "reason": known["reason"], "carried_from": known["carried_from"]}
                    if known else {"verdict": None, "reason": None})
        items.append(item)
    carried = sum(1 for item in items if item.get("carried_from"))
    args.out.write_text(json.dumps({"seed": args.seed, "drawn_from": "the extractor's output (draft: judge every "
                                    "item whose verdict is null)", "per_kind": 20, "items": items},
                                   ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} clauses drawn with seed {args.seed}: {carried} carry an earlier verdict, "
          f"{len(items) - carried} to judge → {args.out}")


if __name__ == "__main__":
    main()
