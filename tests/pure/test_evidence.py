import datetime as dt

import pytest

from quality_ops.evidence import (
    BY_KEY,
    KINDS,
    EvidenceKind,
    Fact,
    audited_period,
    fact_values,
    period_domain,
    scope_domain,
)

D = dt.date


def test_one_table_of_unique_kinds():
    assert len(BY_KEY) == len(KINDS)
    assert {"certificate", "training_record", "key_position", "document"} <= set(BY_KEY)
    for kind in KINDS:
        assert kind.model.startswith("quality_ops.")
        assert kind.period is None or kind.period[0] in ("date", "overlap", "within", "year")


def test_a_date_in_the_period_and_a_date_and_time_in_its_local_days():
    kind = EvidenceKind("k", "K", "m", period=("date", "when"))
    assert period_domain(kind, D(2026, 1, 1), D(2026, 6, 30)) == [
        ("when", ">=", D(2026, 1, 1)),
        ("when", "<=", D(2026, 6, 30)),
    ]
    start, end = dt.datetime(2025, 12, 31, 16), dt.datetime(2026, 6, 30, 16)
    assert period_domain(
        kind, D(2026, 1, 1), D(2026, 6, 30), utc_bounds=(start, end), datetime_fields=["when"]
    ) == [("when", ">=", start), ("when", "<", end)]


def test_a_validity_overlapping_the_period_open_at_either_end():
    kind = BY_KEY["certificate"]
    assert period_domain(kind, D(2026, 1, 1), D(2026, 6, 30)) == [
        "|",
        ("issued_on", "=", False),
        ("issued_on", "<=", D(2026, 6, 30)),
        "|",
        ("expiry_date", "=", False),
        ("expiry_date", ">=", D(2026, 1, 1)),
    ]


def test_yearly_records_within_and_standing_records():
    assert period_domain(BY_KEY["training_plan"], D(2025, 7, 1), D(2026, 6, 30)) == [
        ("year", ">=", 2025),
        ("year", "<=", 2026),
    ]
    assert period_domain(BY_KEY["measurement"], D(2026, 1, 1), D(2026, 6, 30)) == [
        ("date_from", ">=", D(2026, 1, 1)),
        ("date_to", "<=", D(2026, 6, 30)),
    ]
    assert period_domain(BY_KEY["key_position"], D(2026, 1, 1), D(2026, 6, 30)) == []
    with pytest.raises(ValueError):
        period_domain(
            EvidenceKind("k", "K", "m", period=("never", "x")), D(2026, 1, 1), D(2026, 1, 2)
        )


def test_scope_the_company_and_the_project_when_the_kind_has_one():
    assert scope_domain(BY_KEY["key_position"], 1, 7) == [
        ("company_id", "=", 1),
        ("project_id", "=", 7),
    ]
    # certificates are the company's: a project audit reads them all
    assert scope_domain(BY_KEY["certificate"], 1, 7) == [("company_id", "=", 1)]
    assert scope_domain(BY_KEY["key_position"], 1, False) == [("company_id", "=", 1)]


def test_freshness_facts_as_of_the_audit_date():
    rows = [
        {"expiry_date": D(2026, 5, 31), "last_update": dt.datetime(2026, 3, 1, 8)},
        {"expiry_date": D(2026, 6, 1), "last_update": dt.datetime(2026, 5, 2, 9)},
        {"expiry_date": D(2026, 7, 31), "last_update": None},
        {"expiry_date": D(2026, 8, 1), "last_update": None},
        {"expiry_date": False, "last_update": None},
    ]
    facts = fact_values(BY_KEY["certificate"], rows, D(2026, 6, 1))
    # expired the day before; expiring on the day and 60 days after (the first
    # reminder's horizon), not 61
    assert facts == {"latest": dt.datetime(2026, 5, 2, 9), "expired": 1, "expiring": 2}
    # nothing found: no fact at all (not "0 expired")
    assert fact_values(BY_KEY["certificate"], [], D(2026, 6, 1)) == {}


def test_missing_total_and_matching_facts():
    kind = EvidenceKind(
        "k",
        "K",
        "m",
        facts=(
            Fact("missing", "backup"),
            Fact("total", "hours"),
            Fact("matching", "s", value="done"),
        ),
    )
    rows = [
        {"backup": 4, "hours": 1.5, "s": "done"},
        {"backup": False, "hours": 2, "s": "planned"},
        {"backup": False, "hours": None, "s": "done"},
    ]
    assert fact_values(kind, rows, D(2026, 1, 1)) == {"missing": 2, "total": 3.5, "matching": 2}


def test_default_audited_period():
    assert audited_period(2026, "h1") == (D(2026, 1, 1), D(2026, 6, 30))
    assert audited_period(2026, "h2") == (D(2026, 7, 1), D(2026, 12, 31))
    assert audited_period(2026) == (D(2026, 1, 1), D(2026, 12, 31))
