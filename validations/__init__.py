"""The validation stage: Great Expectations suites over the store, and the anomaly report.

- `validations.rules`: the rule catalogue (id, severity, table, Danish and English explanation, SQL);
- `validations.suites`: runs one GX suite per table against a database URL (`run_suites`, `build_data_docs`);
- `validations.report`: the self-contained HTML report of the findings (`write_report`).

Only stdlib, SQLAlchemy, Great Expectations and pypdfium2 are used here; the caller sets
GX_ANALYTICS_ENABLED=false before importing `validations.suites`.
"""
