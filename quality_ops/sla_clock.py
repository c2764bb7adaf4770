"""The SLA clock state machine (plain Python, no Odoo import).

One definition of what an SLA clock is and how it moves.  A clock measures
working time against a target (first response or resolution, in working
hours of a calendar); it is stored as the values of :class:`Clock`, and every
event is a function

    stored values + event + instant + working time  ->  new values

with no side effect, so that the model only loads the clocks concerned, calls
these functions and writes what changed in bulk, for one ticket or thousands.

Events: :func:`start` (a policy starts applying, at creation or later, in the
ticket's stage), :func:`enter_stage` (the ticket entered a stage, with its
:class:`Stage` flags), :func:`reply` (a public reply by staff),
:func:`retarget` (another policy, target or calendar after a change of
priority, team...), :func:`replan` (the calendar's working time changed),
:func:`reopen` (a resolved ticket came back: a new cycle), :func:`cancel` and
:func:`take_back` (a cancellation taken back: the clock goes on).
The scheduled sweep promotes running clocks to warning and breached from the
stored instants, in SQL: :data:`TICKING_STATES` are the states it watches.

*Working time* is any object with ``hours_between(start, end)`` and
``add_hours(start, hours)`` over naive UTC datetimes, such as
:class:`quality_ops.worktime.WorkTime`.

State meanings:

======== ================================================================
running  consuming working time, no warning notified yet
paused   the ticket waits (e.g. for the customer): no time consumed
warning  consuming time, a warning threshold passed (``warning_level``)
breached the target was missed; the clock still runs until reached
met      reached within the target (final)
cancelled the ticket was cancelled or left every policy before a breach
         (final; counts neither as met nor as breached; taken back, it goes
         on in a new row of the same cycle)
======== ================================================================

A clock is *finished* once reached (``reached_at`` set: met or breached) or
cancelled; finished clocks never change again, except that a resolution clock
reached by closing the ticket starts a new cycle when the ticket is reopened.
"""

import dataclasses
import datetime as dt
import typing

RESPONSE = "response"
RESOLUTION = "resolution"
KINDS = [(RESPONSE, "First Response"), (RESOLUTION, "Resolution")]

RUNNING = "running"
PAUSED = "paused"
WARNING = "warning"
BREACHED = "breached"
MET = "met"
CANCELLED = "cancelled"
STATES = [
    (RUNNING, "Running"),
    (PAUSED, "Paused"),
    (WARNING, "At Risk"),
    (BREACHED, "Breached"),
    (MET, "Met"),
    (CANCELLED, "Cancelled"),
]
#: states of a clock that may still be reached (with ``reached_at`` empty)
OPEN_STATES = (RUNNING, PAUSED, WARNING, BREACHED)
#: states that consume working time towards a warning or a breach: the sweep's
TICKING_STATES = (RUNNING, WARNING)
#: states that are final whatever happens (a reopen starts a new cycle)
FINAL_STATES = (MET, CANCELLED)
#: states with a verdict, counted by compliance (a breached clock may still run)
OUTCOME_STATES = (MET, BREACHED)

DEFAULT_WARNINGS = (50.0, 75.0)
EPSILON_HOURS = 1e-6


def sql_states(states):
    """``('running', 'warning')``: a state tuple for an index's WHERE clause (DDL
    takes no parameters; queries pass the constants as parameters)."""
    assert all(state in dict(STATES) for state in states)
    return "(" + ", ".join(f"'{state}'" for state in states) + ")"


@dataclasses.dataclass(frozen=True, slots=True)
class Stage:
    """What a ticket stage means to the clocks of one policy."""

    closed: bool = False  # a closing stage: the ticket is resolved
    pause: bool = False  # clocks wait (waiting for the customer)
    excluded: bool = False  # cancelled, rejected: clocks are cancelled
    responded: bool = False  # entering it counts as the first response

    @property
    def ordinary(self):
        """A working stage: entering it changes no running clock."""
        return not (self.closed or self.pause or self.excluded or self.responded)


ORDINARY = Stage()


class Clock(typing.NamedTuple):
    """The stored values of a clock (names are the model's fields); a tuple,
    so that thousands are built from rows and compared cheaply."""

    kind: str
    target_hours: float
    start_at: dt.datetime
    segment_start: dt.datetime | None = None  # start of the running segment
    consumed_hours: float = 0.0  # working hours before the segment; final once reached
    paused_hours: float = 0.0
    paused_since: dt.datetime | None = None
    deadline: dt.datetime | None = None
    warning1_at: dt.datetime | None = None
    warning2_at: dt.datetime | None = None
    warning_level: int = 0  # warnings already notified
    reached_at: dt.datetime | None = None
    breached_at: dt.datetime | None = None
    state: str = RUNNING
    cycle: int = 1
    cancelled_at: dt.datetime | None = None  # when cancelled (consumption banked then)

    @property
    def finished(self):
        return self.reached_at is not None or self.state == CANCELLED

    @property
    def paused(self):
        return self.paused_since is not None


FIELDS = Clock._fields


def changes(old, new):
    """The fields whose value differs, as a dict (empty when nothing changed)."""
    if old is new:
        return {}
    return {name: getattr(new, name) for name in FIELDS if getattr(new, name) != getattr(old, name)}


def consumed_until(clock, now, work):
    """Working hours consumed at ``now`` (pauses excluded)."""
    if clock.paused_since is not None or clock.segment_start is None or clock.finished:
        return clock.consumed_hours
    return clock.consumed_hours + work.hours_between(clock.segment_start, now)


def schedule(clock, segment_start, work, warnings=DEFAULT_WARNINGS):
    """Deadline and the warning instants not yet notified of a running segment
    that starts at ``segment_start`` with ``clock.consumed_hours`` banked."""
    banked, target = clock.consumed_hours, clock.target_hours
    vals = {"deadline": work.add_hours(segment_start, max(target - banked, 0.0))}
    for number, percent in enumerate(warnings, start=1):
        if clock.warning_level < number:
            share = max(target * percent / 100.0 - banked, 0.0)
            vals[f"warning{number}_at"] = work.add_hours(segment_start, share)
    return vals


def _running_state(clock, now, breached_at=None):
    """State of a clock that runs (again) with its banked consumption."""
    if clock.state == BREACHED:
        return {}
    if clock.consumed_hours >= clock.target_hours - EPSILON_HOURS:
        return {"state": BREACHED, "breached_at": clock.breached_at or breached_at or now}
    return {"state": WARNING if clock.warning_level else RUNNING}


# ----------------------------------------------------------------------
# events
# ----------------------------------------------------------------------
def start(kind, target_hours, now, work, warnings=DEFAULT_WARNINGS, stage=ORDINARY):
    """A new clock: the ticket starts matching a policy at ``now``, in ``stage``."""
    if target_hours <= 0:
        raise ValueError("a clock needs a positive target")
    clock = Clock(kind=kind, target_hours=target_hours, start_at=now, segment_start=now)
    clock = clock._replace(**schedule(clock, now, work, warnings))
    if stage.ordinary:
        return clock
    clock, _new_cycle = enter_stage(clock, stage, now, work, warnings)
    return clock


def reach(clock, now, work):
    """The target is reached (first response given, ticket resolved)."""
    if clock.finished:
        return clock
    consumed = consumed_until(clock, now, work)
    vals = {"reached_at": now, "consumed_hours": consumed, "paused_since": None}
    if clock.paused_since is not None:
        vals["paused_hours"] = clock.paused_hours + work.hours_between(clock.paused_since, now)
    if consumed <= clock.target_hours + EPSILON_HOURS and clock.state != BREACHED:
        vals["state"] = MET
    else:
        vals["state"] = BREACHED
        vals["breached_at"] = clock.breached_at or clock.deadline or now
    return clock._replace(**vals)


def pause(clock, now, work):
    """The ticket waits: time stops counting (the instants stay as they were)."""
    if clock.finished or clock.paused_since is not None:
        return clock
    consumed = consumed_until(clock, now, work)
    vals = {"consumed_hours": consumed, "paused_since": now}
    if clock.state in TICKING_STATES:
        if consumed > clock.target_hours + EPSILON_HOURS:
            # the deadline passed before the sweep saw it: the pause cannot hide it
            vals.update(state=BREACHED, breached_at=clock.deadline or now)
        else:
            vals["state"] = PAUSED
    return clock._replace(**vals)


def resume(clock, now, work, warnings=DEFAULT_WARNINGS):
    """The ticket is worked on again: a new running segment from ``now``."""
    if clock.finished or clock.paused_since is None:
        return clock
    # a target used up by the time of the pause was missed at its deadline
    used_up_at = clock.deadline if clock.deadline and clock.deadline <= clock.paused_since else None
    vals = {
        "paused_hours": clock.paused_hours + work.hours_between(clock.paused_since, now),
        "paused_since": None,
        "segment_start": now,
    }
    clock = clock._replace(**vals)
    vals = schedule(clock, now, work, warnings)
    if clock.state == PAUSED:
        vals.update(_running_state(clock, now, breached_at=used_up_at))
    return clock._replace(**vals)


def sweep(clock, now):
    """The clock as the scheduled sweep leaves it at ``now``: warning levels
    for the instants passed, breached at its deadline (the sweep's SQL does
    the same in bulk; notifications are the caller's)."""
    if clock.state not in TICKING_STATES or clock.paused_since is not None or clock.finished:
        return clock
    vals = {}
    level, state = clock.warning_level, clock.state
    for number in (1, 2):
        instant = getattr(clock, f"warning{number}_at")
        if level < number and instant is not None and instant <= now:
            level = number
            state = WARNING if state == RUNNING else state
    if level != clock.warning_level:
        vals.update(warning_level=level, state=state)
    if clock.deadline is not None and clock.deadline <= now:
        vals.update(state=BREACHED, breached_at=clock.deadline)
    return clock._replace(**vals) if vals else clock


def cancel(clock, now=None, work=None):
    """The ticket is cancelled or no policy targets it any more (at ``now``).

    A breach stays a breach: a breached clock keeps its verdict whatever
    happens to the ticket afterwards (only an approved exemption takes it out
    of the figures and the credits), so cancelling a ticket cancels only the
    clocks that have not breached -- including one whose deadline passed
    before the sweep came by.  With the working time ``work``, the time
    consumed is banked and the instant kept, so that a cancellation taken back
    continues the clock (:func:`revive`) instead of starting it again."""
    if now is not None:
        clock = sweep(clock, now)
    if clock.state in (CANCELLED, BREACHED):
        return clock
    vals = {"state": CANCELLED, "paused_since": None}
    if now is not None and work is not None:
        vals.update(cancelled_at=now, consumed_hours=consumed_until(clock, now, work))
        if clock.paused_since is not None and clock.reached_at is None:
            vals["paused_hours"] = clock.paused_hours + work.hours_between(clock.paused_since, now)
    return clock._replace(**vals)


def revive(clock, now, work, warnings=DEFAULT_WARNINGS):
    """A cancellation taken back (the ticket left its cancelled stage, or
    matches a policy again): the clock cancelled at ``cancelled_at``, going on
    (the same cycle: nothing was resolved), or None for one cancelled before
    that was kept.

    The customer waited all the while: the time the clock was cancelled counts
    as consumed (only a waiting stage pauses a clock), so that cancelling a
    ticket and taking it back never buys time.  A clock reached before the
    cancellation gets its verdict back (a response given stays given); the
    caller reopens a resolution the ticket is worked on again."""
    if clock.state != CANCELLED or clock.cancelled_at is None:
        return None
    if clock.reached_at is not None:
        return clock._replace(state=MET, cancelled_at=None)
    consumed = clock.consumed_hours + work.hours_between(clock.cancelled_at, now)
    new = clock._replace(
        consumed_hours=consumed,
        segment_start=now,
        paused_since=None,
        state=RUNNING,
        cancelled_at=None,
    )
    new = new._replace(**schedule(new, now, work, warnings))
    new = new._replace(**_running_state(new, now))
    if new.state == BREACHED and clock.deadline:
        # the target ran out while cancelled: the deadline it missed stays
        new = new._replace(deadline=clock.deadline)
    return new


def reply(clock, now, work):
    """A public reply by staff: the first response is reached."""
    if clock.kind != RESPONSE:
        return clock
    return reach(clock, now, work)


def retarget(clock, target_hours, now, work, new_work=None, warnings=DEFAULT_WARNINGS):
    """Another target (or calendar ``new_work``) applies from ``now``.

    The time consumed so far is kept, measured with the old calendar; the rest
    is scheduled with the new one.  No target any more cancels the clock;
    finished clocks are history and stay as they are, and so does a breached
    one: its breach was judged against its target and deadline, which stay.
    """
    if clock.finished or clock.state == BREACHED:
        return clock
    if not target_hours:
        return cancel(clock, now, work)
    new_work = new_work or work
    if clock.paused_since is not None:
        # the instants are computed again when the ticket resumes
        return clock._replace(target_hours=target_hours)
    banked = consumed_until(clock, now, work)
    clock = clock._replace(target_hours=target_hours, consumed_hours=banked, segment_start=now)
    vals = schedule(clock, now, new_work, warnings)
    if banked >= target_hours - EPSILON_HOURS and clock.state != BREACHED:
        vals.update(state=BREACHED, breached_at=now)
    return clock._replace(**vals)


def replan(clock, work, warnings=DEFAULT_WARNINGS):
    """The working time changed (public holidays, make-up days or hours of the
    calendar): the running segment is measured and scheduled again with
    ``work``, from its start; the time banked before it stays as measured.

    Only clocks still counting down move: paused clocks are scheduled when
    they resume, breached and finished ones are history.
    """
    if clock.finished or clock.paused_since is not None or clock.state not in TICKING_STATES:
        return clock
    if clock.segment_start is None:
        return clock
    return clock._replace(**schedule(clock, clock.segment_start, work, warnings))


def reopen(clock, now, work, warnings=DEFAULT_WARNINGS):
    """A resolved ticket came back: the next cycle of a reached resolution clock.

    The consumption carries over and the time the ticket spent resolved counts
    as paused.  Returns the new cycle; the reached clock itself stays as it is,
    and keeps its verdict in the figures of its month.  Each cycle is one
    verdict: a cycle reopened after a breach starts past its target, so it is
    breached at once, at ``now`` -- a breach of this cycle, counted in the
    month of the reopening, never again in the month of the first one.
    Within the month of the verdict, the caller continues the reached clock
    with these values instead (:func:`reopened_in_place`).
    """
    if clock.reached_at is None or clock.state == CANCELLED:
        raise ValueError("only a reached clock can be reopened")
    paused = clock.paused_hours + work.hours_between(clock.reached_at, now)
    breached = clock.state == BREACHED
    new = clock._replace(
        segment_start=now,
        paused_hours=paused,
        paused_since=None,
        reached_at=None,
        cycle=clock.cycle + 1,
        state=BREACHED if breached else RUNNING,
        breached_at=now if breached else None,
    )
    vals = schedule(new, now, work, warnings)
    vals.update(_running_state(new, now))
    return new._replace(**vals)


def reopened_in_place(clock, new_cycle, now, month_of):
    """A reached resolution reopened in the local month of its verdict goes on
    in place: the clock takes the reopening's values (``new_cycle``, numbered
    as the next cycle, a breach keeping its instant) and is judged once when
    the ticket is resolved again, so that closing and reopening a ticket
    within a month counts one verdict, not one more each time.  Reopened in a
    later month, the verdict stays counted where it fell (a settled month
    never moves) and the next cycle is a clock of its own: returns None.
    ``month_of`` gives the local month of a naive UTC instant."""
    verdict = clock.breached_at or clock.reached_at
    if verdict is None or month_of(verdict) != month_of(now):
        return None
    if clock.state == BREACHED:
        return new_cycle._replace(breached_at=clock.breached_at, deadline=clock.deadline)
    return new_cycle


def take_back(clock, stage, now, work, warnings=DEFAULT_WARNINGS):
    """The clock that goes on from a cancelled one whose ticket is taken back
    into ``stage`` (see :func:`revive`), or None when it stays cancelled: a
    stage that excludes the ticket, or a clock cancelled before its time was
    banked.  A resolution reached before the cancellation is reopened (its
    next cycle) unless the ticket comes back resolved."""
    new = revive(clock, now, work, warnings)
    if new is None or stage.excluded:
        return None
    if new.reached_at is not None and new.kind == RESOLUTION and not stage.closed:
        new = reopen(new, now, work, warnings)
    return enter_stage(new, stage, now, work, warnings)[0]


def enter_stage(clock, stage, now, work, warnings=DEFAULT_WARNINGS, *, left_closed=False):
    """The ticket entered ``stage`` (coming from a closed stage if ``left_closed``).

    Returns ``(clock, new_cycle)``: the clock's new values, and the next cycle
    when a reached resolution clock is reopened (else None).
    """
    if stage.excluded:
        return cancel(clock, now, work), None
    if clock.state == CANCELLED:
        return clock, None
    if clock.reached_at is not None:
        if clock.kind == RESOLUTION and left_closed and not stage.closed:
            new_cycle = reopen(clock, now, work, warnings)
            if stage.pause:
                new_cycle = pause(new_cycle, now, work)
            return clock, new_cycle
        return clock, None
    if stage.closed or (clock.kind == RESPONSE and stage.responded):
        return reach(clock, now, work), None
    if stage.pause:
        return pause(clock, now, work), None
    return resume(clock, now, work, warnings), None
