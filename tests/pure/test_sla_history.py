"""SLA clocks rebuilt from a ticket's recorded history: the replay of its events
through the clock state machine, in milliseconds."""

import datetime as dt

from quality_ops import sla_clock, sla_history
from quality_ops.sla_clock import BREACHED, MET, PAUSED, RESOLUTION, RESPONSE, WARNING, Stage
from quality_ops.sla_history import REPLY, STAGE, Event
from quality_ops.worktime import WorkTime, build_intervals

OFFICE = [(wd, 9, 12) for wd in range(5)] + [(wd, 13, 18) for wd in range(5)]
WORKING, WAITING, DONE, CANCELLED = (
    Stage(),
    Stage(pause=True),
    Stage(closed=True),
    Stage(excluded=True),
)
NEW, PROGRESS, WAIT, CLOSED, DROP = 1, 2, 3, 4, 5
FLAGS = {NEW: WORKING, PROGRESS: WORKING, WAIT: WAITING, CLOSED: DONE, DROP: CANCELLED}


def local(*args):
    return dt.datetime(*args) - dt.timedelta(hours=8)


WORK = WorkTime(
    build_intervals(OFFICE, "Asia/Shanghai", dt.date(2026, 9, 1), dt.date(2026, 12, 31), [], {})
)
MONDAY_9 = local(2026, 9, 28, 9)


def test_replay_equals_the_live_sequence():
    """Events replayed give what the live engine's calls in the same order give."""
    changes = [
        (local(2026, 9, 28, 10), NEW, WAIT),
        (local(2026, 9, 28, 14), WAIT, PROGRESS),
        (local(2026, 9, 28, 16), PROGRESS, CLOSED),
    ]
    first, events = sla_history.events_of(
        NEW, changes, local(2026, 9, 28, 9, 30), FLAGS.get, {CLOSED}
    )
    assert first == WORKING
    assert [event.kind for event in events] == [REPLY, STAGE, STAGE, STAGE]
    now = local(2026, 10, 5, 9)
    response = sla_history.replay(RESPONSE, 2, MONDAY_9, first, events, WORK, now)
    resolution = sla_history.replay(RESOLUTION, 16, MONDAY_9, first, events, WORK, now)
    live = sla_clock.start(RESPONSE, 2, MONDAY_9, WORK)
    live = sla_clock.reply(live, local(2026, 9, 28, 9, 30), WORK)
    assert response == [live]
    assert response[0].state == MET and response[0].consumed_hours == 0.5
    clock = sla_clock.start(RESOLUTION, 16, MONDAY_9, WORK)
    for at, _old, new in changes:
        clock, _cycle = sla_clock.enter_stage(clock, FLAGS[new], at, WORK)
    assert resolution == [clock]
    # 09:00-10:00 worked, 10:00-14:00 waiting (3 working hours: lunch 12-13), 14:00-16:00 worked
    assert clock.state == MET and clock.consumed_hours == 3 and clock.paused_hours == 3


def test_reopened_ticket_has_two_cycles():
    changes = [
        (local(2026, 9, 28, 11), NEW, CLOSED),
        (local(2026, 9, 29, 9), CLOSED, PROGRESS),
        (local(2026, 9, 29, 10), PROGRESS, CLOSED),
    ]
    first, events = sla_history.events_of(NEW, changes, None, FLAGS.get, {CLOSED})
    cycles = sla_history.replay(RESOLUTION, 16, MONDAY_9, first, events, WORK, MONDAY_9)
    assert [c.cycle for c in cycles] == [1, 2]
    assert cycles[0].reached_at == local(2026, 9, 28, 11)
    assert cycles[1].reached_at == local(2026, 9, 29, 10)
    # the day it stayed resolved counts as paused; the work before and after adds up
    assert cycles[1].consumed_hours == 3


def test_open_ticket_past_its_deadline_enters_breached_at_the_deadline():
    now = local(2026, 10, 2, 12)
    (clock,) = sla_history.replay(RESOLUTION, 16, MONDAY_9, WORKING, [], WORK, now)
    assert clock.state == BREACHED
    assert clock.breached_at == clock.deadline == local(2026, 9, 29, 18)
    assert clock.warning_level == 2 and clock.reached_at is None


def test_open_ticket_half_way_is_at_risk_and_a_waiting_one_paused():
    (clock,) = sla_history.replay(
        RESOLUTION, 16, MONDAY_9, WORKING, [], WORK, local(2026, 9, 29, 10)
    )
    assert clock.state == WARNING and clock.warning_level == 1
    events = [Event(local(2026, 9, 28, 10), STAGE, WAITING)]
    (clock,) = sla_history.replay(
        RESOLUTION, 16, MONDAY_9, WORKING, events, WORK, local(2026, 10, 9, 10)
    )
    assert clock.state == PAUSED and clock.consumed_hours == 1


def test_cancelled_and_before_creation():
    events = [
        Event(local(2026, 9, 27, 9), STAGE, DONE),  # before creation: imported clock skew
        Event(local(2026, 9, 28, 10), STAGE, CANCELLED),
    ]
    (clock,) = sla_history.replay(RESPONSE, 2, MONDAY_9, WORKING, events, WORK, MONDAY_9)
    assert clock.state == sla_clock.CANCELLED and clock.reached_at is None


def test_a_cancellation_taken_back_is_replayed_as_live():
    """Cancelled at 11:00 and back in progress on Tuesday 10:00: the same
    clocks as the live engine's calls give."""
    events = [
        Event(local(2026, 9, 28, 11), STAGE, CANCELLED),
        Event(local(2026, 9, 29, 10), STAGE, WORKING),
    ]
    cycles = sla_history.replay(RESOLUTION, 16, MONDAY_9, WORKING, events, WORK, MONDAY_9)
    live = sla_clock.start(RESOLUTION, 16, MONDAY_9, WORK)
    cancelled, _none = sla_clock.enter_stage(live, CANCELLED, local(2026, 9, 28, 11), WORK)
    again = sla_clock.take_back(cancelled, WORKING, local(2026, 9, 29, 10), WORK)
    assert cycles == [cancelled, sla_clock.sweep(again, MONDAY_9)]
    assert (cycles[1].cycle, cycles[1].consumed_hours) == (1, 9)


def test_created_stage_from_tracking():
    assert sla_history.created_stage(CLOSED, [(MONDAY_9, NEW, CLOSED)]) == NEW
    assert sla_history.created_stage(CLOSED, [(MONDAY_9, None, WAIT)]) == WAIT
    assert sla_history.created_stage(CLOSED, []) == CLOSED


def test_closing_and_reopening_within_a_month_is_replayed_in_place():
    month_of = lambda instant: (instant + dt.timedelta(hours=8)).date().replace(day=1)  # noqa: E731
    events = [
        Event(local(2026, 9, 28, 11), STAGE, DONE),
        Event(local(2026, 9, 28, 14), STAGE, WORKING, left_closed=True),
        Event(local(2026, 9, 28, 15), STAGE, DONE),
    ]
    args = (RESOLUTION, 16, MONDAY_9, WORKING, events, WORK, local(2026, 9, 30))
    (clock,) = sla_history.replay(*args, month_of=month_of)
    assert (clock.state, clock.cycle, clock.reached_at) == (MET, 2, local(2026, 9, 28, 15))
    # without the months (the live engine's rule not given): one clock a cycle
    assert len(sla_history.replay(*args)) == 2
