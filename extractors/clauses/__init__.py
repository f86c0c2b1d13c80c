"""Clauses of a framework agreement (or of minutes that discuss one), found with a rule-based spaCy
pipeline on `spacy.blank("da")`.

    from extractors.clauses.extract import extract_clauses
    clauses = extract_clauses(doc)          # doc: extractors.pdf.ParsedDocument

The document is segmented into blocks under their headings (`extractors.segment`) and split into labelled
sentences (`sentences.py`); one module per kind finds and normalises its clauses, and `extract.py`
settles what two kinds both claim (a sentence has one kind unless it states two things).

Kinds returned (`Clause.kind`):
- `notice_period` (`notice.py`): a notice wording with its offer type (`subject`), normalised
  `{"running_month", "plus_months", "plus_days"}` (+ `party`, `trigger`, `qualifier` when printed);
  an unrecognised wording has `normalized=None` and the flag `unrecognised_notice_wording`;
- `notice_extension`: extended notice (e.g. ≥3 places within 3 months or ≥20 % of income → +6 months);
- `notice_exception`: rules about notice that are not a period (lapse when a place is refilled, no
  notice for herberger/krisecentre, termination without notice, references elsewhere);
- `payment_term`: settlement/payment (see `payment.py`);
- `tariff_rule`: tariff rules (see `tariff.py`);
- `target_group` / `offer_type` (`groups.py`): target groups and offer types named, mapped to `models.vocabulary`;
- `legal_paragraph` (`paragraphs.py`): one per paragraph reference, normalised (`models.vocabulary.find_paragraph_refs`).

Every clause carries `page`, `bbox` (of its words on the page; `None` if not found)
and `section` (the numbered heading or agenda item it stands under, e.g. "4.2 OPSIGELSESVARSLER", plus a
real sub-heading). A clause whose wording the document quotes without stating it — a hearing proposal or
response, a template placeholder or unticked option, a question, a survey answer, an example — is kept
with `binding=False` and `not_binding_reason` (`binding.py`, rules in `patterns/binding.yaml`).
"""
