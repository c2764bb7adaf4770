import pytest

from quality_ops.indicators import (
    SATISFACTION,
    SLA,
    SOURCES,
    measured_value,
    personal_sources,
    rolled_up,
    scope_of,
    source_selection,
    sources_of,
)


def test_ratios_means_and_counts():
    assert measured_value("percent", "resp_sla", 19, 20) == 95
    assert measured_value("nps", "nps", 3, 10) == 30
    assert measured_value("hours", "resp_avg", 15, 10) == 1.5
    assert measured_value("score", "survey", 170, 2) == 85
    assert measured_value("count", "backlog", 4, 0) == 4


def test_nothing_measured():
    assert measured_value("percent", "csat", 0, 0) is None
    assert measured_value("hours", "reso_avg", 0, 0) is None
    assert measured_value("count", "backlog", 0, 0) == 0


@pytest.mark.parametrize(
    "mask,scope",
    [(15, "company"), (7, "team"), (11, "project"), (13, "customer"), (14, "engineer"), (0, None)],
)
def test_scope_of_grouping_sets(mask, scope):
    assert scope_of(mask) == scope


def test_months_roll_up_by_scope():
    january = [
        (15, 1, None, None, None, None, 3, 4),
        (7, 1, 10, None, None, None, 1, 2),
        (14, 1, None, None, None, 30, 1, 1),
    ]
    february = [
        (15, 1, None, None, None, None, 2, 6),
        (11, 1, None, 20, None, None, 2, 2),
        (14, 1, None, None, None, 30, 0, 2),
    ]
    rows = sorted(rolled_up([january, february], "resp_sla"), key=lambda r: r[0])
    assert rows == [
        (7, 1, 10, None, None, None, 1, 2),
        (11, 1, None, 20, None, None, 2, 2),
        (14, 1, None, None, None, 30, 1, 3),
        (15, 1, None, None, None, None, 5, 10),
    ]


def test_personal_sources():
    # the figures of tickets, inspections and actions are an engineer's own;
    # surveys, complaints and audits are not
    personal = personal_sources()
    assert {"resp_sla", "reso_sla", "csat", "reopen", "fcr", "inspection", "action_ontime"} <= set(
        personal
    )
    assert not {"survey", "nps", "complaint", "audit_conf", "training_hours"} & set(personal)


def test_backlog_rolls_up_as_the_last_month():
    january = [(15, 1, None, None, None, None, 9, 9)]
    february = [(15, 1, None, None, None, None, 4, 4)]
    assert rolled_up([january, february], "backlog") == february
    assert rolled_up([], "backlog") == []


def test_ticket_volume_closed_adds_up_open_is_the_last_month():
    january = [(7, 1, None, None, None, 9, 9)]
    february = [(7, 1, None, None, None, 4, 4)]
    assert rolled_up([january, february], "tickets_closed") == [(7, 1, None, None, None, 13, 13)]
    assert rolled_up([january, february], "tickets_open") == february
    assert measured_value("count", "tickets_open", 4, 4) == 4.0


def test_each_source_is_declared_once():
    keys = [source.key for source in SOURCES]
    assert len(keys) == len(set(keys))
    assert "manual" not in keys
    assert [key for key, _label in source_selection()] == [*keys, "manual"]
    for source in SOURCES:
        assert source.unit in ("percent", "hours", "count", "score", "nps"), source.key
        assert source.direction in ("higher", "lower"), source.key
        assert set(source.dimensions) <= {"team", "project", "customer", "engineer"}, source.key
    # what used to be special-cased by name: the backlog is a count at the period's end;
    # the certificate coverage of the key positions is a state at the period's end too
    assert [s.key for s in SOURCES if s.at_end] == [
        "backlog",
        "tickets_open",
        "key_position_cover",
    ]
    assert [s.key for s in SOURCES if s.count] == ["backlog", "tickets_closed", "tickets_open"]


def test_groupings():
    assert sources_of(SLA) == ("resp_sla", "reso_sla")
    assert sources_of(SATISFACTION) == ("csat", "survey", "nps")
    assert "reassign" in sources_of("tickets")
