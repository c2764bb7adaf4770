"""Service credits of one month, without a database."""

from quality_ops.sla_credits import (
    CAP_FEE_PERCENT,
    CAP_FIXED,
    CAP_NONE,
    Counts,
    Scheme,
    compliance,
    statement,
)

CREDITS = {("3", "resolution"): 500.0, ("2", "resolution"): 200.0, ("1", "response"): 50.0}


def test_exempted_breaches_are_counted_not_charged():
    counts = {
        ("3", "resolution"): Counts(verdicts=3, met=0, breached=3, exempted=1, exempted_breached=1),
        ("1", "response"): Counts(verdicts=4, met=3, breached=1),
    }
    result = statement(counts, Scheme(CREDITS))
    assert (result.breached, result.exempted, result.charged) == (4, 1, 3)
    assert result.gross == 2 * 500 + 50
    assert result.cap is None and result.capped == result.gross and not result.cap_reached
    # 3 met of 7 judged less 1 exempted
    assert result.compliance == 50.0
    lines = {(line.priority, line.kind): line for line in result.lines}
    # a priority the scheme charges but without breaches still gets its line
    assert lines["2", "resolution"].credit == 0 and lines["2", "resolution"].counts == Counts()


def test_cap_in_percent_of_the_fee_and_fixed():
    counts = {("3", "resolution"): Counts(verdicts=5, breached=5)}
    capped = statement(counts, Scheme(CREDITS, CAP_FEE_PERCENT, 10, monthly_fee=10000))
    assert (capped.gross, capped.cap, capped.capped, capped.cap_reached) == (2500, 1000, 1000, True)
    fixed = statement(counts, Scheme(CREDITS, CAP_FIXED, 3000))
    assert (fixed.capped, fixed.cap_reached) == (2500, False)
    none = statement(counts, Scheme(CREDITS, CAP_NONE, 5))
    assert none.cap is None and none.capped == 2500


def test_bonus_only_when_compliance_reaches_the_target():
    scheme = Scheme(CREDITS, bonus_target=95, bonus_value=300)
    good = statement({("1", "response"): Counts(verdicts=20, met=19, breached=1)}, scheme)
    assert (good.compliance, good.bonus, good.net) == (95.0, 300, 50 - 300)
    bad = statement({("1", "response"): Counts(verdicts=20, met=18, breached=2)}, scheme)
    assert (bad.bonus, bad.net) == (0, 100)
    # a month without any verdict earns nothing
    empty = statement({}, scheme)
    assert (empty.compliance, empty.bonus, empty.net) == (None, 0, 0)


def test_compliance_leaves_exempted_clocks_out():
    assert compliance(1, 7, 0) == 14.29
    assert compliance(1, 7, 1) == 16.67
    assert compliance(0, 1, 1) is None
