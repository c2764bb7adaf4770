"""The SLA clock state machine: the scenarios of the Odoo SLA tests and the
edge cases, in milliseconds and without a database."""

import datetime as dt
import random

import pytest

from quality_ops import sla_clock
from quality_ops.sla_clock import (
    BREACHED,
    CANCELLED,
    FINAL_STATES,
    MET,
    OPEN_STATES,
    OUTCOME_STATES,
    PAUSED,
    RESOLUTION,
    RESPONSE,
    RUNNING,
    STATES,
    TICKING_STATES,
    WARNING,
    Clock,
    Stage,
)
from quality_ops.worktime import WorkTime, build_intervals

SHANGHAI = "Asia/Shanghai"
# Monday-Friday 09:00-12:00 and 13:00-18:00 (a lunch break)
OFFICE = [(wd, 9, 12) for wd in range(5)] + [(wd, 13, 18) for wd in range(5)]
WORKING = Stage()
WAITING = Stage(pause=True)
DONE = Stage(closed=True)
CANCELLED_STAGE = Stage(excluded=True)
ANSWERED = Stage(responded=True)


def local(*args):
    """A Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return dt.datetime(*args) - dt.timedelta(hours=8)


@pytest.fixture(scope="module")
def work():
    """National Day week off (1-7 October 2026), make-up Sunday 27 September and
    Saturday 10 October: the calendar of the Odoo SLA tests."""
    holidays = [(local(2026, 10, 1), local(2026, 10, 8))]
    makeup = {dt.date(2026, 9, 27): [(9, 12), (13, 18)], dt.date(2026, 10, 10): [(9, 12), (13, 18)]}
    return WorkTime(
        build_intervals(
            OFFICE, SHANGHAI, dt.date(2026, 9, 1), dt.date(2026, 12, 31), holidays, makeup
        )
    )


MONDAY_9 = local(2026, 9, 28, 9)


def start(work, kind=RESOLUTION, target=16, at=MONDAY_9, stage=WORKING):
    return sla_clock.start(kind, target, at, work, stage=stage)


def test_acceptance_scenario(work):
    """Created on the eve of the holiday week, paused across it, resumed on the
    make-up Saturday, resolved on Monday (test_sla.test_acceptance_scenario)."""
    created = local(2026, 9, 29, 17, 30)
    response = start(work, RESPONSE, 2, created)
    resolution = start(work, RESOLUTION, 16, created)
    assert response.deadline == local(2026, 9, 30, 10, 30)
    assert resolution.deadline == local(2026, 10, 8, 17, 30)
    assert resolution.target_hours == 16
    assert (resolution.state, resolution.start_at, resolution.segment_start) == (
        RUNNING,
        created,
        created,
    )

    def move(clock, stage, at):
        clock, new_cycle = sla_clock.enter_stage(clock, stage, at, work)
        assert new_cycle is None
        return clock

    resolution = move(resolution, WAITING, local(2026, 10, 8, 10))
    response = move(response, WAITING, local(2026, 10, 8, 10))
    assert resolution.state == PAUSED
    assert resolution.consumed_hours == pytest.approx(9.5)
    assert resolution.paused_since == local(2026, 10, 8, 10)
    # the response was due on 30 September: pausing does not hide the breach
    assert response.state == BREACHED
    assert response.breached_at == local(2026, 9, 30, 10, 30)

    resolution = move(resolution, WORKING, local(2026, 10, 10, 11))
    assert resolution.state == RUNNING
    assert resolution.paused_hours == pytest.approx(17)
    assert resolution.paused_since is None
    assert resolution.deadline == local(2026, 10, 12, 9, 30)

    resolution = move(resolution, DONE, local(2026, 10, 12, 9, 15))
    response = move(response, DONE, local(2026, 10, 12, 9, 15))
    assert resolution.state == MET
    assert resolution.consumed_hours == pytest.approx(15.75)
    assert resolution.reached_at == local(2026, 10, 12, 9, 15)
    assert response.state == BREACHED
    assert response.reached_at == local(2026, 10, 12, 9, 15)


def test_warning_instants(work):
    clock = start(work, target=8, at=local(2026, 9, 28, 9))
    assert clock.warning1_at == local(2026, 9, 28, 14)  # 4 h = 50 %, after lunch
    assert clock.warning2_at == local(2026, 9, 28, 16)
    assert clock.deadline == local(2026, 9, 28, 18)
    custom = sla_clock.start(RESOLUTION, 8, local(2026, 9, 28, 9), work, warnings=(25.0, 90.0))
    assert custom.warning1_at == local(2026, 9, 28, 11)
    assert custom.warning2_at == local(2026, 9, 28, 17, 12)


def test_lunch_break(work):
    # created during lunch: the clock starts at 13:00
    clock = start(work, RESPONSE, 1, local(2026, 9, 28, 12, 15))
    assert clock.deadline == local(2026, 9, 28, 14)
    # reached at 13:30: the lunch break did not count
    reached = sla_clock.reply(clock, local(2026, 9, 28, 13, 30), work)
    assert reached.state == MET
    assert reached.consumed_hours == pytest.approx(0.5)
    # a deadline that falls on 12:00 stays before the break
    assert start(work, RESPONSE, 3, local(2026, 9, 28, 9)).deadline == local(2026, 9, 28, 12)


def test_holiday_week(work):
    # one hour left on 30 September, the next working hour after the week off
    clock = start(work, RESPONSE, 2, local(2026, 9, 30, 17))
    assert clock.deadline == local(2026, 10, 8, 10)
    assert clock.warning1_at == local(2026, 9, 30, 18)
    answered = sla_clock.reply(clock, local(2026, 10, 8, 9, 30), work)
    assert (answered.state, answered.consumed_hours) == (MET, pytest.approx(1.5))


def test_makeup_day(work):
    # Saturday evening before the make-up Sunday 27 September: worked on Sunday
    clock = start(work, RESPONSE, 2, local(2026, 9, 26, 18))
    assert clock.deadline == local(2026, 9, 27, 11)
    # the make-up Saturday 10 October counts as a working day
    clock = start(work, RESOLUTION, 8, local(2026, 10, 9, 18))
    assert clock.deadline == local(2026, 10, 10, 18)


def test_pause_across_nights(work):
    clock = start(work, target=16, at=local(2026, 9, 28, 9))
    clock = sla_clock.pause(clock, local(2026, 9, 28, 17), work)
    assert (clock.state, clock.consumed_hours) == (PAUSED, pytest.approx(7))
    resumed = sla_clock.resume(clock, local(2026, 9, 29, 10), work)
    # 17:00-18:00 on Monday and 09:00-10:00 on Tuesday; the night does not count
    assert resumed.paused_hours == pytest.approx(2)
    assert resumed.segment_start == local(2026, 9, 29, 10)
    # 9 h left from Tuesday 10:00: 7 h on Tuesday, 2 h on Wednesday
    assert resumed.deadline == local(2026, 9, 30, 11)
    # the first warning (8 h) is one hour into the new segment
    assert resumed.warning1_at == local(2026, 9, 29, 11)
    # a paused clock keeps its instants until it resumes
    assert clock.deadline == local(2026, 9, 29, 18)


def test_reopen_resumes_resolution_and_keeps_history(work):
    clock = start(work, target=16, at=local(2026, 9, 28, 9))
    closed, _none = sla_clock.enter_stage(clock, DONE, local(2026, 9, 28, 13), work)
    assert (closed.state, closed.consumed_hours) == (MET, pytest.approx(3))
    same, second = sla_clock.enter_stage(
        closed, WORKING, local(2026, 9, 29, 9), work, left_closed=True
    )
    assert same is closed  # the first cycle is history
    assert second.cycle == 2
    assert second.state == RUNNING
    assert second.reached_at is None
    assert second.consumed_hours == pytest.approx(3)
    assert second.paused_hours == pytest.approx(5)  # the afternoon it stayed resolved
    # 13 h left from Tuesday 09:00: 8 h that day, 5 h on Wednesday
    assert second.deadline == local(2026, 9, 30, 15)
    assert second.start_at == clock.start_at


def test_reopen_only_from_a_closed_stage_and_only_resolution(work):
    closed = sla_clock.reach(start(work), local(2026, 9, 28, 13), work)
    # leaving a closed stage for another closed stage, or not leaving one
    assert (
        sla_clock.enter_stage(closed, DONE, local(2026, 9, 29), work, left_closed=True)[1] is None
    )
    assert sla_clock.enter_stage(closed, WORKING, local(2026, 9, 29), work)[1] is None
    answered = sla_clock.reply(start(work, RESPONSE, 2), local(2026, 9, 28, 10), work)
    assert sla_clock.enter_stage(answered, WORKING, local(2026, 9, 29), work, left_closed=True) == (
        answered,
        None,
    )
    with pytest.raises(ValueError):
        sla_clock.reopen(start(work), local(2026, 9, 29), work)


def test_reopen_keeps_a_breach_and_may_wait_at_once(work):
    late = sla_clock.reach(start(work, target=2), local(2026, 9, 28, 15), work)
    assert (late.state, late.breached_at) == (BREACHED, local(2026, 9, 28, 11))
    _same, again = sla_clock.enter_stage(
        late, WORKING, local(2026, 9, 29, 9), work, left_closed=True
    )
    # the new cycle is a verdict of its own: breached at the reopening, so the
    # first cycle's breach stays alone in its month
    assert (again.state, again.breached_at, again.cycle) == (BREACHED, local(2026, 9, 29, 9), 2)
    assert (late.state, late.breached_at) == (BREACHED, local(2026, 9, 28, 11))
    # reopened straight into a waiting stage: the new cycle waits
    met = sla_clock.reach(start(work), local(2026, 9, 28, 13), work)
    _same, waiting = sla_clock.enter_stage(
        met, WAITING, local(2026, 9, 29, 9), work, left_closed=True
    )
    assert (waiting.state, waiting.paused_since) == (PAUSED, local(2026, 9, 29, 9))


def test_retarget_after_a_priority_change(work):
    clock = start(work, target=24, at=local(2026, 9, 28, 9))
    assert clock.deadline == local(2026, 9, 30, 18)
    retargeted = sla_clock.retarget(clock, 16, local(2026, 9, 28, 11), work)
    assert retargeted.target_hours == 16
    assert retargeted.start_at == local(2026, 9, 28, 9)
    assert retargeted.consumed_hours == pytest.approx(2)
    # 14 h left from Monday 11:00: 6 h on Monday, 8 h on Tuesday
    assert retargeted.deadline == local(2026, 9, 29, 18)
    assert retargeted.state == RUNNING
    # no target for the new priority: the clock is cancelled
    cancelled = sla_clock.retarget(retargeted, 0, local(2026, 9, 28, 12), work)
    assert (cancelled.state, cancelled.paused_since) == (CANCELLED, None)


def test_retarget_below_the_consumption_breaches_now(work):
    clock = start(work, target=16, at=local(2026, 9, 28, 9))
    shorter = sla_clock.retarget(clock, 2, local(2026, 9, 28, 14), work)
    assert (shorter.state, shorter.breached_at) == (BREACHED, local(2026, 9, 28, 14))
    assert shorter.consumed_hours == pytest.approx(4)


def test_retarget_with_another_calendar(work):
    nights = WorkTime(
        build_intervals([(0, 0, 24)], "UTC", dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    )
    clock = start(work, target=16, at=local(2026, 9, 28, 9))
    moved = sla_clock.retarget(clock, 16, local(2026, 9, 28, 11), work, nights)
    # 2 h consumed in office hours, the 14 h left on Mondays around the clock
    assert moved.consumed_hours == pytest.approx(2)
    assert moved.deadline == local(2026, 9, 28, 11) + dt.timedelta(hours=14)


def test_retarget_while_paused_schedules_at_resume(work):
    clock = sla_clock.pause(start(work, target=24), local(2026, 9, 28, 11), work)
    retargeted = sla_clock.retarget(clock, 16, local(2026, 9, 28, 15), work)
    assert retargeted == clock._replace(target_hours=16)
    resumed = sla_clock.resume(retargeted, local(2026, 9, 29, 9), work)
    # 2 h consumed, 14 h left from Tuesday 09:00: 8 h that day, 6 h on Wednesday
    assert resumed.deadline == local(2026, 9, 30, 16)


def test_finished_clocks_are_history(work):
    met = sla_clock.reach(start(work), local(2026, 9, 28, 13), work)
    assert sla_clock.retarget(met, 2, local(2026, 9, 29), work) is met
    assert sla_clock.reach(met, local(2026, 9, 29), work) is met
    assert sla_clock.pause(met, local(2026, 9, 29), work) is met
    assert sla_clock.resume(met, local(2026, 9, 29), work) is met
    assert met.finished and met.state in FINAL_STATES
    cancelled = sla_clock.cancel(start(work))
    assert cancelled.finished
    assert sla_clock.enter_stage(cancelled, WORKING, local(2026, 9, 29), work) == (cancelled, None)
    assert sla_clock.cancel(cancelled) is cancelled


def test_cancel(work):
    clock = sla_clock.pause(start(work), local(2026, 9, 28, 11), work)
    cancelled, _none = sla_clock.enter_stage(clock, CANCELLED_STAGE, local(2026, 9, 28, 12), work)
    assert (cancelled.state, cancelled.paused_since) == (CANCELLED, None)
    assert cancelled.state not in OUTCOME_STATES  # neither met nor breached
    # a ticket cancelled after it was resolved counts neither
    met = sla_clock.reach(start(work), local(2026, 9, 28, 13), work)
    assert (
        sla_clock.enter_stage(met, CANCELLED_STAGE, local(2026, 9, 29), work)[0].state == CANCELLED
    )


def test_created_in_a_closed_waiting_or_cancelled_stage(work):
    at = local(2026, 9, 28, 10)
    closed = start(work, at=at, stage=DONE)
    assert (closed.state, closed.reached_at, closed.consumed_hours) == (MET, at, 0)
    waiting = start(work, at=at, stage=WAITING)
    assert (waiting.state, waiting.paused_since) == (PAUSED, at)
    assert start(work, at=at, stage=CANCELLED_STAGE).state == CANCELLED
    # an ordinary stage changes nothing: the same as no stage at all
    assert start(work, at=at, stage=WORKING) == start(work, at=at)
    with pytest.raises(ValueError):
        start(work, target=0)


def test_public_reply_reaches_the_response_only(work):
    at = local(2026, 9, 28, 10)
    response = sla_clock.reply(start(work, RESPONSE, 2, local(2026, 9, 28, 9)), at, work)
    assert (response.state, response.reached_at, response.consumed_hours) == (MET, at, 1)
    resolution = start(work, RESOLUTION, 16, local(2026, 9, 28, 9))
    assert sla_clock.reply(resolution, at, work) is resolution
    # a responded stage counts as the first response, not as a resolution
    assert sla_clock.enter_stage(start(work, RESPONSE, 2), ANSWERED, at, work)[0].state == MET
    assert sla_clock.enter_stage(resolution, ANSWERED, at, work)[0] == resolution


def test_reply_while_paused_adds_the_pause(work):
    clock = sla_clock.pause(start(work, RESPONSE, 4), local(2026, 9, 28, 10), work)
    answered = sla_clock.reply(clock, local(2026, 9, 28, 11), work)
    assert (answered.state, answered.consumed_hours, answered.paused_hours) == (MET, 1, 1)
    assert answered.paused_since is None


def test_late_reply_after_a_sweep_and_after_none(work):
    clock = start(work, RESPONSE, 2, local(2026, 9, 28, 9))
    # no sweep ran: the breach is found at the reply, dated at the deadline
    late = sla_clock.reply(clock, local(2026, 9, 28, 14), work)
    assert (late.state, late.breached_at) == (BREACHED, local(2026, 9, 28, 11))
    # the sweep marked it first: its instant stays
    swept = clock._replace(state=BREACHED, breached_at=local(2026, 9, 28, 11, 5))
    assert sla_clock.reply(swept, local(2026, 9, 28, 14), work).breached_at == swept.breached_at
    # reached exactly at the deadline: met
    assert sla_clock.reply(clock, local(2026, 9, 28, 11), work).state == MET


def test_resume_keeps_the_warning_level(work):
    clock = start(work, target=8)._replace(state=WARNING, warning_level=1)
    paused = sla_clock.pause(clock, local(2026, 9, 28, 15), work)
    assert paused.state == PAUSED
    resumed = sla_clock.resume(paused, local(2026, 9, 29, 9), work)
    assert resumed.state == WARNING
    assert resumed.warning1_at == clock.warning1_at  # notified already: not rescheduled
    # 5 h consumed by 15:00: 75 % (6 h) one hour into Tuesday, the target three
    assert resumed.warning2_at == local(2026, 9, 29, 10)
    assert resumed.deadline == local(2026, 9, 29, 12)


def test_resume_after_the_target_was_used_up(work):
    # paused exactly at the deadline (11:00): no breach yet, it was not late
    paused = sla_clock.pause(start(work, RESPONSE, 2), local(2026, 9, 28, 11), work)
    assert (paused.state, paused.consumed_hours) == (PAUSED, pytest.approx(2))
    # resumed later: nothing left, missed at the deadline
    resumed = sla_clock.resume(paused, local(2026, 9, 28, 14), work)
    assert (resumed.state, resumed.breached_at) == (BREACHED, local(2026, 9, 28, 11))
    assert resumed.deadline == local(2026, 9, 28, 14)
    # target shortened while paused: missed when the ticket is worked on again
    retargeted = sla_clock.retarget(
        sla_clock.pause(start(work, target=8), local(2026, 9, 28, 12), work),
        2,
        local(2026, 9, 28, 15),
        work,
    )
    resumed = sla_clock.resume(retargeted, local(2026, 9, 29, 9), work)
    assert (resumed.state, resumed.breached_at) == (BREACHED, local(2026, 9, 29, 9))


def test_consumption_and_pauses_add_up_to_the_working_time(work):
    """Whatever the pauses, consumed + paused = working hours from start to end."""
    rng = random.Random(20260929)
    for _case in range(200):
        at = local(2026, 9, 14, 9) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        clock = start(work, target=rng.choice([4, 16, 40]), at=at)
        began = at
        for _event in range(rng.randrange(0, 6)):
            at += dt.timedelta(minutes=rng.randrange(1, 60 * 30))
            stage = rng.choice([WAITING, WORKING])
            clock, _none = sla_clock.enter_stage(clock, stage, at, work)
        at += dt.timedelta(minutes=rng.randrange(1, 600))
        clock = sla_clock.reach(clock, at, work)
        total = work.hours_between(began, at)
        assert clock.consumed_hours + clock.paused_hours == pytest.approx(total)
        assert clock.state == (MET if clock.consumed_hours <= clock.target_hours else BREACHED)


def test_changes_lists_only_what_differs(work):
    clock = start(work)
    assert sla_clock.changes(clock, clock) == {}
    answered = sla_clock.reach(clock, local(2026, 9, 28, 10), work)
    assert sla_clock.changes(clock, answered) == {
        "reached_at": local(2026, 9, 28, 10),
        "consumed_hours": 1.0,
        "state": MET,
    }
    assert sla_clock.FIELDS == Clock._fields


def test_state_constants_are_one_definition():
    names = [state for state, _label in STATES]
    assert names == [RUNNING, PAUSED, WARNING, BREACHED, MET, CANCELLED]
    assert set(TICKING_STATES) < set(OPEN_STATES)
    assert set(OUTCOME_STATES) == {MET, BREACHED}
    assert set(FINAL_STATES) == {MET, CANCELLED}
    assert not set(FINAL_STATES) & set(OPEN_STATES)
    assert sla_clock.sql_states(TICKING_STATES) == "('running', 'warning')"
    with pytest.raises(AssertionError):
        sla_clock.sql_states(("running'; DROP TABLE x; --",))
    assert [kind for kind, _label in sla_clock.KINDS] == [RESPONSE, RESOLUTION]


@pytest.fixture(scope="module")
def plain_weeks():
    """The same office hours before the National Day week was imported."""
    return WorkTime(
        build_intervals(OFFICE, SHANGHAI, dt.date(2026, 9, 1), dt.date(2026, 12, 31), [], {})
    )


def test_replan_after_the_national_day_week_is_imported(work, plain_weeks):
    # opened Wednesday 30 September 16:00 with 8 working hours: without the
    # holidays 2 h that day and 6 h on Thursday 1 October, due at 16:00
    clock = sla_clock.start(RESOLUTION, 8, local(2026, 9, 30, 16), plain_weeks)
    assert clock.deadline == local(2026, 10, 1, 16)
    assert clock.warning1_at == local(2026, 10, 1, 11)  # 4 h: 2 h + 09-11
    assert clock.warning2_at == local(2026, 10, 1, 14)  # 6 h: 2 h + 09-12 + 13-14
    # the week off arrives: 2 h on the 30th, then Thursday 8 October 09-12 and 13-16
    moved = sla_clock.replan(clock, work)
    assert moved.deadline == local(2026, 10, 8, 16)
    assert moved.warning1_at == local(2026, 10, 8, 11)
    assert moved.warning2_at == local(2026, 10, 8, 14)
    assert sla_clock.changes(clock, moved).keys() == {"deadline", "warning1_at", "warning2_at"}
    # the holidays withdrawn again: back to the first plan
    assert sla_clock.replan(moved, plain_weeks) == clock


def test_replan_keeps_banked_time_notified_warnings_and_history(work, plain_weeks):
    clock = sla_clock.start(RESOLUTION, 16, local(2026, 9, 30, 9), plain_weeks)
    paused = sla_clock.pause(clock, local(2026, 9, 30, 12), plain_weeks)  # 3 h banked
    assert sla_clock.replan(paused, work) is paused  # scheduled again at resume
    resumed = sla_clock.resume(paused, local(2026, 9, 30, 17), plain_weeks)
    # 13 h left from 17:00: 1 h, 1 October 8 h, 2 October 09-12 and 13-14
    assert resumed.deadline == local(2026, 10, 2, 14)
    warned = resumed._replace(state=WARNING, warning_level=1)
    moved = sla_clock.replan(warned, work)
    assert moved.consumed_hours == pytest.approx(3)  # banked before the segment
    # with the week off: 1 h, 8 October 8 h, 9 October 09-12 and 13-14
    assert moved.deadline == local(2026, 10, 9, 14)
    # the first warning was notified: it stays; the second (12 h, 9 h left) moves
    assert moved.warning1_at == warned.warning1_at
    assert warned.warning2_at == local(2026, 10, 1, 18)
    assert moved.warning2_at == local(2026, 10, 8, 18)
    breached = warned._replace(state=BREACHED)
    assert sla_clock.replan(breached, work) is breached
    reached = sla_clock.reach(clock, local(2026, 9, 30, 11), plain_weeks)
    assert sla_clock.replan(reached, work) is reached


def test_a_breach_stays_a_breach(work):
    """Cancelling, reopening or moving a ticket never takes a breach out of the
    figures: Done -> Cancelled -> Done leaves a breached clock breached."""
    late = sla_clock.reach(start(work, target=2), local(2026, 9, 29, 9), work)
    assert late.state == BREACHED
    cancelled, _cycle = sla_clock.enter_stage(late, CANCELLED_STAGE, local(2026, 9, 29, 10), work)
    assert cancelled is late
    again, cycle = sla_clock.enter_stage(cancelled, DONE, local(2026, 9, 29, 11), work)
    assert (again.state, cycle) == (BREACHED, None)
    # breached while still open: cancelling the ticket or dropping its policy keeps it
    open_breach = sla_clock.pause(start(work, target=2), local(2026, 9, 28, 16), work)
    assert open_breach.state == BREACHED and open_breach.reached_at is None
    assert sla_clock.cancel(open_breach) is open_breach
    assert sla_clock.retarget(open_breach, 0, local(2026, 9, 29), work).state == BREACHED
    # nor is it judged again against another target or deadline
    assert sla_clock.retarget(open_breach, 40, local(2026, 9, 29), work) is open_breach


def test_cancelled_after_its_deadline_before_the_sweep_came(work):
    """A clock whose deadline passed is breached, even if the ticket is
    cancelled (or leaves its policy) before the sweep has seen it."""
    clock = start(work, target=2)  # due Monday 11:00
    assert clock.state == sla_clock.RUNNING
    late = local(2026, 9, 28, 11, 2)
    cancelled, _cycle = sla_clock.enter_stage(clock, CANCELLED_STAGE, late, work)
    assert (cancelled.state, cancelled.breached_at) == (BREACHED, clock.deadline)
    assert sla_clock.retarget(clock, 0, late, work).state == BREACHED
    # before the deadline, cancelling still cancels
    early = local(2026, 9, 28, 10, 59)
    assert sla_clock.enter_stage(clock, CANCELLED_STAGE, early, work)[0].state == CANCELLED


def test_a_cancellation_taken_back_continues_the_clock(work):
    """Cancelled at Monday 11:00 after 2 h, taken back at Tuesday 10:00: the
    next cycle counts the 7 working hours it was cancelled (the customer
    waited), so that cancelling and taking back never buys time."""
    clock = start(work, target=16)  # due Tuesday 18:00
    cancelled, _none = sla_clock.enter_stage(clock, CANCELLED_STAGE, local(2026, 9, 28, 11), work)
    assert (cancelled.cancelled_at, cancelled.consumed_hours) == (local(2026, 9, 28, 11), 2)
    back = local(2026, 9, 29, 10)
    again = sla_clock.take_back(cancelled, WORKING, back, work)
    assert (again.state, again.cycle, again.cancelled_at) == (RUNNING, 1, None)
    assert (again.consumed_hours, again.segment_start) == (9, back)
    assert again.deadline == clock.deadline  # as if it had never been cancelled
    assert sla_clock.consumed_until(again, back, work) == 9
    # taken back after its target was used up: breached then, in this cycle
    late = sla_clock.take_back(cancelled, WORKING, local(2026, 9, 30, 10), work)
    assert (late.state, late.breached_at) == (BREACHED, local(2026, 9, 30, 10))
    assert late.deadline == clock.deadline  # the one it missed
    # into a waiting stage: paused from then on, the cancelled time counted
    waiting = sla_clock.take_back(cancelled, WAITING, back, work)
    assert (waiting.state, waiting.paused_since, waiting.consumed_hours) == (PAUSED, back, 9)
    # into a cancelled stage again, or a clock cancelled before the time was kept
    assert sla_clock.take_back(cancelled, CANCELLED_STAGE, back, work) is None
    assert sla_clock.take_back(sla_clock.cancel(clock), WORKING, back, work) is None


def test_a_cancellation_taken_back_restores_a_response_and_reopens_a_resolution(work):
    answered = sla_clock.reply(start(work, RESPONSE, 2), local(2026, 9, 28, 10), work)
    resolved = sla_clock.reach(start(work), local(2026, 9, 28, 14), work)
    at = local(2026, 9, 29, 9)
    back = local(2026, 9, 29, 15)
    for clock in (answered, resolved):
        cancelled, _none = sla_clock.enter_stage(clock, CANCELLED_STAGE, at, work)
        assert cancelled.state == CANCELLED and cancelled.reached_at == clock.reached_at
    response = sla_clock.take_back(sla_clock.cancel(answered, at, work), WORKING, back, work)
    assert (response.state, response.reached_at, response.cycle) == (MET, answered.reached_at, 1)
    # the resolution is worked on again: reopened (its next cycle), the time
    # since it was resolved paused as for any reopening
    resolution = sla_clock.take_back(sla_clock.cancel(resolved, at, work), WORKING, back, work)
    assert (resolution.state, resolution.reached_at, resolution.cycle) == (RUNNING, None, 2)
    assert resolution.consumed_hours == resolved.consumed_hours == 4
    assert resolution.paused_hours == work.hours_between(resolved.reached_at, back)
    # taken back resolved: the verdict it had
    closed = sla_clock.take_back(sla_clock.cancel(resolved, at, work), DONE, back, work)
    assert (closed.state, closed.reached_at) == (MET, resolved.reached_at)


def test_leaving_every_policy_banks_the_time_for_a_later_match(work):
    """A ticket moved to a team without a policy and back: the clock continues
    with the time away counted, instead of starting again with a later deadline."""
    clock = start(work, target=16)
    away = sla_clock.retarget(clock, 0, local(2026, 9, 28, 14), work)
    assert (away.state, away.consumed_hours, away.cancelled_at) == (
        CANCELLED,
        4,
        local(2026, 9, 28, 14),
    )
    back = sla_clock.take_back(away, WORKING, local(2026, 9, 28, 16), work)
    assert (back.consumed_hours, back.deadline) == (6, clock.deadline)


def test_reopened_within_the_month_of_its_verdict_goes_on_in_place(work):
    """Closed and reopened within a month: one verdict, not one more each time;
    reopened in a later month, the verdict stays where it fell."""
    month_of = lambda instant: (instant + dt.timedelta(hours=8)).date().replace(day=1)  # noqa: E731
    resolved = sla_clock.reach(start(work), local(2026, 9, 28, 13), work)
    back = local(2026, 9, 29, 9)
    _same, cycle2 = sla_clock.enter_stage(resolved, WORKING, back, work, left_closed=True)
    in_place = sla_clock.reopened_in_place(resolved, cycle2, back, month_of)
    assert in_place == cycle2 and (in_place.cycle, in_place.reached_at) == (2, None)
    # the verdict fell in September (Shanghai), reopened on 1 October local
    october = local(2026, 10, 1, 0, 30)
    _same, later = sla_clock.enter_stage(resolved, WORKING, october, work, left_closed=True)
    assert sla_clock.reopened_in_place(resolved, later, october, month_of) is None
    # a breach reopened within its month keeps the instant it fell at
    late = sla_clock.reach(start(work, target=2), local(2026, 9, 28, 15), work)
    assert (late.state, late.breached_at) == (BREACHED, local(2026, 9, 28, 11))
    _same, again = sla_clock.enter_stage(late, WORKING, back, work, left_closed=True)
    kept = sla_clock.reopened_in_place(late, again, back, month_of)
    assert (kept.state, kept.breached_at, kept.cycle) == (BREACHED, late.breached_at, 2)
    assert kept.deadline == late.deadline
