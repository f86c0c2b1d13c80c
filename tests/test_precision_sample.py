"""`scripts/precision_sample.py` carries an earlier verdict only to the clause it was given for."""

from __future__ import annotations

from scripts.precision_sample import carried_verdict, identity

_ITEM = {"document": "002", "kind": "tariff_rule", "page": 18,
         "text": "Rammeaftalens bestemmelser om nedlukning af tilbud (med efterfølgende deling af ",
         "section": "Nedlukning af tilbud (uden efterfølgende deling af nedlukningsomkostninger)", "subject": None,
         "binding": True, "not_binding_reason": None, "normalized": {"percentages": [], "amounts_dkk": []}}


def test_a_verdict_carries_to_the_same_whole_text_only() -> None:
    """002 p. 18 prints two sentences that share their first 80 characters; the fingerprint tells them apart."""
    judged = {**_ITEM, "text_sha": "anvendes-ikke", "verdict": "correct", "reason": "as printed"}
    verdicts = {identity(judged): judged}
    assert carried_verdict(verdicts, {**_ITEM, "text_sha": "anvendes-ikke"}) is judged
    assert carried_verdict(verdicts, {**_ITEM, "text_sha": "anvendes-naar"}) is None


def test_a_verdict_of_a_sample_without_fingerprints_still_carries() -> None:
    """The samples before seed 17 store no fingerprint; their verdicts carry on the judged fields alone."""
    judged = {**_ITEM, "verdict": "correct", "reason": "as printed"}
    assert carried_verdict({identity(judged): judged}, {**_ITEM, "text_sha": "anything"}) is judged
