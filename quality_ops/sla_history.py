"""SLA clocks rebuilt from what a helpdesk recorded (plain Python, no Odoo import).

A ticket's history, as a helpdesk keeps it, is its creation, the stage changes
of its tracking (with the instant of each), its first public reply by staff and
its closing.  Replaying those events through the clock state machine
(:mod:`quality_ops.sla_clock`) gives the clocks the live engine would have
kept, had it been installed: the same functions, in the same order, with the
scheduled sweep's share (warnings, breach at the deadline) applied before each
event as the sweep would have applied it.

What history cannot tell is named here rather than guessed:

* the policy, priority and calendar are today's (a change of priority or team
  in the past is not replayed: tracking does not say what it was matched on);
* the sweep ran at every instant (live, it runs every few minutes, so an
  event in the minutes after a warning instant may see one level less).
"""

import dataclasses
import datetime as dt

from . import sla_clock
from .sla_clock import Stage

STAGE = "stage"
REPLY = "reply"


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    """One recorded event of a ticket: a stage entered or a public staff reply."""

    at: dt.datetime
    kind: str  # STAGE or REPLY
    stage: Stage | None = None  # the flags of the stage entered (STAGE)
    left_closed: bool = False  # the stage left was a closing one (STAGE)


def replay(
    kind, target_hours, created_at, first_stage, events, work, now, warnings=None, month_of=None
):
    """The clocks of one kind of one ticket, rebuilt from its ``events``.

    ``first_stage`` holds the flags of the stage the ticket was created in;
    ``events`` are sorted by instant (ties: stage changes first, as the live
    engine sees the write before the reply posted after it).  Returns the
    cycles, oldest first: the last one is the current clock, the others are
    the earlier resolution cycles of a reopened ticket.
    """
    warnings = warnings or sla_clock.DEFAULT_WARNINGS
    clock = sla_clock.start(kind, target_hours, created_at, work, warnings, first_stage)
    cycles = []
    for event in events:
        if event.at < created_at:
            continue  # a clock skew in imported data: nothing before creation counts
        clock = sla_clock.sweep(clock, event.at)
        if event.kind == REPLY:
            clock = sla_clock.reply(clock, event.at, work)
            continue
        if clock.state == sla_clock.CANCELLED:
            # a cancellation taken back: the next cycle continues, as live
            again = sla_clock.take_back(clock, event.stage, event.at, work, warnings)
            if again is not None:
                cycles.append(clock)
                clock = again
                continue
        clock, new_cycle = sla_clock.enter_stage(
            clock, event.stage, event.at, work, warnings, left_closed=event.left_closed
        )
        if new_cycle is not None:
            in_place = month_of and sla_clock.reopened_in_place(
                clock, new_cycle, event.at, month_of
            )
            if in_place is None:
                cycles.append(clock)
            clock = in_place or new_cycle
    cycles.append(sla_clock.sweep(clock, now))
    return cycles


def events_of(created_stage, stage_changes, first_reply, flags, closed_stages):
    """The replay's inputs from rows as a helpdesk stores them.

    ``stage_changes``: ``(instant, old stage id, new stage id)`` sorted by
    instant; ``first_reply``: the instant of the first public reply by staff,
    or None; ``flags(stage id) -> Stage``; ``closed_stages``: the ids of
    closing stages.  Returns ``(first stage flags, events)``.
    """
    events = [
        Event(at, STAGE, flags(new), left_closed=old in closed_stages)
        for at, old, new in stage_changes
        if old and new and new != old  # a change without a stage left: the creation
    ]
    if first_reply is not None:
        events.append(Event(first_reply, REPLY))
    # a stable sort keeps the stage changes of one instant in their order
    events.sort(key=lambda event: (event.at, event.kind == REPLY))
    return flags(created_stage), events


def created_stage(current_stage, stage_changes):
    """The stage a ticket was created in: the one its first tracked change left,
    else the one it is in."""
    for _at, old, new in stage_changes:
        return old or new or current_stage
    return current_stage
