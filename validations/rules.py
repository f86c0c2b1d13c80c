"""The rule catalogue: every check the validation stage runs against the store, as data.

A rule's query selects the rows that break it, one row per finding. Columns it may select (all
optional but document_id): document_id, agreement_id, offer_id, offer_year_id, clause_id, year,
subject (what the finding is about, e.g. offer name and table), expected (value or relation), page,
x0, top, x1, bottom, decimal_comma (the offer-year's, so numbers read as printed), and any number of
`printed_<name>` columns with the values as stored.

The queries run unchanged on SQLite and PostgreSQL. `{batch}` is the rule's table as Great
Expectations hands it over; every query joins (GX then substitutes a bare subquery that the query
aliases itself). Rows count only when their document is current (status 'loaded' or 'failed'; a
failed reload keeps the rows of the earlier good load). No ':' and no single braces in the SQL
(SQLAlchemy text() binds ':name', GX formats '{...}').
"""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import QUERIED_STATUSES, Severity

#: a document whose rows count
CURRENT = f"d.status IN ({', '.join(repr(status.value) for status in QUERIED_STATUSES)})"

#: occupancy as the printed whole percent should be: round half up, the same on SQLite and PostgreSQL
#: (PostgreSQL rounds a double half to even and casts by rounding, so FLOOR(x + 0.5)); NULL when
#: there is no capacity, which also keeps PostgreSQL from dividing by zero
EXPECTED_PCT = "CASE WHEN oy.capacity > 0 THEN FLOOR(100.0 * oy.usage / oy.capacity + 0.5) END"

#: the labels a region table prints on its total row (compared in lower case)
TOTAL_LABELS = ("i alt", "hele landet", "total", "samlet", "landet i alt")

#: Danish names of the printed values, for messages and the report
PRINTED_DA = {
    "capacity": "pladser", "usage": "belagte pladser", "occupancy_pct": "belægning (%)",
    "previous_capacity": "pladser året før", "previous_usage": "belagte pladser året før",
    "stated_count": "oplyst antal", "name": "navn", "operator": "driftsherre", "legal_basis": "paragraf",
    "copies": "antal forekomster", "text": "tekst", "region": "region", "period_start": "periode fra",
    "period_end": "periode til", "doc_type": "dokumenttype", "total": "total", "value": "værdi",
}


@dataclass(frozen=True)
class Rule:
    """One check: `query` selects the rows that break it, in `table`'s suite."""

    id: str
    severity: Severity
    table: str
    explanation_da: str
    explanation_en: str
    query: str


def _offer_year_query(condition: str, expected: str = "NULL") -> str:
    """Offer-years of current documents that meet `condition` (`oy` is the offer-year, `o` its offer)."""
    return f"""
        SELECT oy.id AS offer_year_id, oy.offer_id, oy.document_id, o.agreement_id, oy.year,
               o.name || COALESCE(' (' || o.table_label || ')', '') AS subject, oy.decimal_comma,
               oy.capacity AS printed_capacity, oy.usage AS printed_usage,
               oy.occupancy_pct AS printed_occupancy_pct, {expected} AS expected,
               oy.page, oy.x0, oy.top, oy.x1, oy.bottom
        FROM {{batch}} AS oy
        JOIN offer o ON o.id = oy.offer_id
        JOIN document d ON d.id = oy.document_id
        WHERE {CURRENT} AND ({condition})"""


def _without_digits(expression: str) -> str:
    """SQL: `expression` with the digits 0-9 removed (portable: nested REPLACE)."""
    for digit in "0123456789":
        expression = f"REPLACE({expression}, '{digit}', '')"
    return expression


def _danish_integer_query() -> str:
    """The region tables' figures of current documents with `number`: the printed value read as a Danish integer
    ('10.488' -> 10488, '-3' -> -3); NULL for anything else ('46,8%', '2,05', '-', blank)."""
    unsigned = "CASE WHEN TRIM(rf.value) LIKE '-%' THEN SUBSTR(TRIM(rf.value), 2) ELSE TRIM(rf.value) END"
    return f"""
        SELECT u.*,
               CASE WHEN u.digits <> '' AND {_without_digits('u.digits')} = ''
                    THEN u.sign * CAST(u.digits AS BIGINT) END AS number
        FROM (SELECT rf.id, rf.document_id, rf.table_index, rf.caption, rf.row_label, rf.region,
                     rf.column_index, rf.measure, rf.value, rf.page, rf.x0, rf.top, rf.x1, rf.bottom,
                     REPLACE({unsigned}, '.', '') AS digits,
                     CASE WHEN TRIM(rf.value) LIKE '-%' THEN -1 ELSE 1 END AS sign
              FROM {{batch}} AS rf
              JOIN document d ON d.id = rf.document_id
              WHERE {CURRENT} AND rf.row_kind = 'region') AS u"""


_TABLE_COLUMN = "PARTITION BY n.document_id, n.table_index, n.column_index"
_TOTAL_LABELS_SQL = ", ".join(f"'{label}'" for label in TOTAL_LABELS)

RULES: tuple[Rule, ...] = (
    # --- offer_year: the printed capacity / places used / occupancy of one offer in one year ---------
    Rule("zero_occupancy_with_usage", Severity.ERROR, "offer_year",
         "Belægningen er 0 %, selv om der er belagte pladser.",
         "Occupancy is 0% although places are used.",
         _offer_year_query("oy.occupancy_pct = 0 AND oy.usage > 0", EXPECTED_PCT)),
    Rule("occupancy_mismatch", Severity.ERROR, "offer_year",
         "Belægningen afviger mere end 2 procentpoint fra belagte pladser / pladser.",
         "Occupancy differs by more than 2 points from 100 × places used / capacity.",
         _offer_year_query("oy.capacity > 0 AND oy.usage IS NOT NULL AND oy.occupancy_pct IS NOT NULL "
                           f"AND ABS(oy.occupancy_pct - ({EXPECTED_PCT})) > 2", EXPECTED_PCT)),
    Rule("occupancy_over_110", Severity.WARNING, "offer_year",
         "Belægningen er over 110 %.",
         "Occupancy is above 110%.",
         _offer_year_query("oy.occupancy_pct > 110", "'≤ 110 %'")),
    Rule("capacity_missing_with_use", Severity.ERROR, "offer_year",
         "Ingen pladser (0 eller tom), men belagte pladser eller belægning over 0.",
         "Capacity is 0 or blank while places are used or occupancy is above 0.",
         _offer_year_query("(oy.capacity IS NULL OR oy.capacity = 0) AND (oy.usage > 0 OR oy.occupancy_pct > 0)",
                           "'pladser > 0'")),
    Rule("blank_value", Severity.WARNING, "offer_year",
         "Tom celle: pladser, belagte pladser eller belægning mangler, mens en anden af dem er udfyldt.",
         "Blank cell: capacity, places used or occupancy is blank while another of them is given.",
         _offer_year_query("(oy.capacity IS NULL OR oy.usage IS NULL OR oy.occupancy_pct IS NULL) AND "
                           "(oy.capacity IS NOT NULL OR oy.usage IS NOT NULL OR oy.occupancy_pct IS NOT NULL)",
                           "'alle tre udfyldt'")),
    Rule("value_carried_forward", Severity.WARNING, "offer_year",
         "Samme decimaltal for pladser eller belagte pladser som året før: muligvis overført.",
         "The same non-integer capacity or places used as the year before: possibly carried forward.",
         f"""
         SELECT oy.id AS offer_year_id, oy.offer_id, oy.document_id, o.agreement_id, oy.year,
                o.name || COALESCE(' (' || o.table_label || ')', '') AS subject, oy.decimal_comma,
                oy.capacity AS printed_capacity, oy.usage AS printed_usage,
                prev.capacity AS printed_previous_capacity, prev.usage AS printed_previous_usage,
                'afviger fra året før' AS expected, oy.page, oy.x0, oy.top, oy.x1, oy.bottom
         FROM {{batch}} AS oy
         JOIN offer_year prev ON prev.offer_id = oy.offer_id AND prev.year = oy.year - 1
         JOIN offer o ON o.id = oy.offer_id
         JOIN document d ON d.id = oy.document_id
         WHERE {CURRENT}
           AND ((oy.capacity = prev.capacity AND oy.capacity <> FLOOR(oy.capacity))
             OR (oy.usage = prev.usage AND oy.usage <> FLOOR(oy.usage)))"""),

    # --- offer -------------------------------------------------------------------------------------
    Rule("duplicate_offer", Severity.WARNING, "offer",
         "Samme tilbud (navn, driftsherre og paragraf) står flere gange i samme rammeaftale.",
         "The same offer (name, operator and legal basis) appears more than once in one agreement.",
         f"""
         SELECT x.* FROM (
             SELECT o.id AS offer_id, o.document_id, COALESCE(o.agreement_id, d.agreement_id) AS agreement_id,
                    o.name || COALESCE(' (' || o.table_label || ')', '') AS subject,
                    o.name AS printed_name, COALESCE(o.operator_name, o.operator) AS printed_operator,
                    o.legal_basis AS printed_legal_basis,
                    COUNT(*) OVER (PARTITION BY COALESCE(o.agreement_id, d.agreement_id), o.name,
                                   COALESCE(o.operator_name, o.operator), o.legal_basis) AS printed_copies,
                    'én gang pr. aftale' AS expected, o.page, o.x0, o.top, o.x1, o.bottom
             FROM {{batch}} AS o
             JOIN document d ON d.id = o.document_id
             WHERE {CURRENT} AND COALESCE(o.agreement_id, d.agreement_id) IS NOT NULL) AS x
         WHERE x.printed_copies > 1"""),

    # --- stated_count: "Udviklingshæmning (13)" against the offers loaded for that target group ----
    Rule("stated_count_mismatch", Severity.ERROR, "stated_count",
         "Antallet af indlæste tilbud i målgruppen svarer ikke til det antal, dokumentet selv oplyser.",
         "The number of offers loaded for the target group differs from the count the document states.",
         f"""
         SELECT s.* FROM (
             SELECT sc.document_id,
                    sc.target_group || COALESCE(' (' || CASE sc.age_group WHEN 'children' THEN 'børn og unge'
                        WHEN 'adults' THEN 'voksne' ELSE sc.age_group END || ')', '') AS subject,
                    sc.count AS printed_stated_count,
                    (SELECT COUNT(*) FROM offer o
                     WHERE o.document_id = sc.document_id
                       AND (sc.age_group IS NULL OR o.age_group = sc.age_group)
                       AND ((sc.target_group_key IS NOT NULL AND o.target_group_key = sc.target_group_key)
                         OR (sc.target_group_key IS NULL AND o.target_group = sc.target_group))) AS expected,
                    sc.page, sc.x0, sc.top, sc.x1, sc.bottom
             FROM {{batch}} AS sc
             JOIN document d ON d.id = sc.document_id
             WHERE {CURRENT}) AS s
         WHERE s.expected <> s.printed_stated_count"""),

    # --- clause ------------------------------------------------------------------------------------
    # `normalized` is SQL NULL or JSON null (SQLAlchemy's JSON type writes None as 'null')
    Rule("notice_period_not_normalised", Severity.WARNING, "clause",
         "Opsigelsesvarslet er ikke genkendt (ingen normaliseret værdi).",
         "Notice-period clause whose wording was not recognised (no normalised value).",
         f"""
         SELECT c.id AS clause_id, c.document_id,
                COALESCE(c.subject, c.section, 'Opsigelsesvarsel') AS subject, c.text AS printed_text,
                'genkendt varsel' AS expected, c.page, c.x0, c.top, c.x1, c.bottom
         FROM {{batch}} AS c
         JOIN document d ON d.id = c.document_id
         WHERE {CURRENT} AND c.kind = 'notice_period'
           AND (c.normalized IS NULL OR CAST(c.normalized AS TEXT) = 'null')"""),

    # --- agreement ---------------------------------------------------------------------------------
    Rule("agreement_without_notice_period", Severity.WARNING, "agreement",
         "Rammeaftalen har intet opsigelsesvarsel i sine gældende dokumenter.",
         "The agreement has no notice-period clause in any of its current documents.",
         f"""
         SELECT a.id AS agreement_id,
                (SELECT MIN(d.id) FROM document d WHERE d.agreement_id = a.id AND {CURRENT}) AS document_id,
                COALESCE(a.title, 'Rammeaftale') || ' (' || a.region || ')' AS subject,
                'mindst ét opsigelsesvarsel' AS expected
         FROM {{batch}} AS a
         WHERE EXISTS (SELECT 1 FROM document d WHERE d.agreement_id = a.id AND {CURRENT})
           AND NOT EXISTS (SELECT 1 FROM clause c JOIN document d ON d.id = c.document_id
                           WHERE d.agreement_id = a.id AND {CURRENT} AND c.kind = 'notice_period')"""),

    # --- document ----------------------------------------------------------------------------------
    Rule("document_missing_metadata", Severity.ERROR, "document",
         "Indlæst dokument uden region, periode eller dokumenttype.",
         "Loaded document without region, period or document type.",
         """
         SELECT d.id AS document_id, d.agreement_id, COALESCE(d.title, a.title, d.file_name) AS subject,
                d.region AS printed_region, d.period_start AS printed_period_start,
                d.period_end AS printed_period_end, d.doc_type AS printed_doc_type,
                'region, periode og dokumenttype' AS expected
         FROM {batch} AS d
         LEFT JOIN agreement a ON a.id = d.agreement_id
         WHERE d.status = 'loaded'
           AND (d.region IS NULL OR d.region = '' OR d.period_start IS NULL OR d.period_end IS NULL
                OR d.doc_type IS NULL OR d.doc_type = 'unknown')"""),

    # --- table_figure of region tables: checked where all cells of a column are printed integers; shares ('46,8%')
    # and decimals are averages or rates, whose total row is no sum ---------------------------------
    Rule("region_total_mismatch", Severity.WARNING, "table_figure",
         "Totalrækken er ikke summen af regionernes tal.",
         "The total row is not the sum of the regions' figures.",
         f"""
         SELECT t.document_id, t.row_label || ', ' || t.measure || ' (' || t.caption || ')' AS subject,
                t.value AS printed_total, t.parts_sum AS expected, t.page, t.x0, t.top, t.x1, t.bottom
         FROM (SELECT n.*,
                      SUM(CASE WHEN n.region IS NOT NULL THEN n.number END) OVER ({_TABLE_COLUMN}) AS parts_sum,
                      COUNT(CASE WHEN n.region IS NOT NULL THEN 1 END) OVER ({_TABLE_COLUMN}) AS parts,
                      COUNT(CASE WHEN n.region IS NOT NULL THEN n.number END) OVER ({_TABLE_COLUMN}) AS numeric_parts
               FROM ({_danish_integer_query()}) AS n) AS t
         WHERE t.region IS NULL AND LOWER(TRIM(t.row_label)) IN ({_TOTAL_LABELS_SQL})
           AND t.number IS NOT NULL AND t.parts > 1 AND t.parts = t.numeric_parts
           AND t.parts_sum <> t.number"""),
)

#: the rules by id
RULES_BY_ID = {rule.id: rule for rule in RULES}
