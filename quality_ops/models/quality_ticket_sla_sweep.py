import logging

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

from ..sla_clock import (
    BREACHED,
    RUNNING,
    WARNING,
)
from ..tools.reader_lang import reader_env
from ..tools.recipients import recipients
from .quality_ticket_sla_store import STAMP_AT_BREACH, TICKING_SQL

_logger = logging.getLogger(__name__)

SWEEP_BATCH = 1000
SWEEP_LOCK = 0x51A5_3E3E  # advisory lock key of the SLA sweep
# what a step of the sweep writes
SWEPT_FIELDS = [
    "warning_level",
    "state",
    "breached_at",
    "write_date",
    "verdict_stamped",
    "verdict_user_id",
    "verdict_team_id",
]


class QualityTicketSlaSweep(models.AbstractModel):
    """The scheduled sweep of the SLA clocks: warnings and breaches from their
    stored instants, claimed in batches (two sweeps at once never notify a
    clock twice), and the notifications they send."""

    _name = "quality_ops.ticket.sla.sweep"
    _description = "SLA Clock Sweep"

    # ------------------------------------------------------------------
    # scheduled sweep: warnings and breaches from stored instants
    # ------------------------------------------------------------------
    @api.model
    def _cron_sweep(self, now=None, batch=SWEEP_BATCH):
        """Promote clocks to warning / breached, each notified exactly once.

        Each step claims rows with one UPDATE ... RETURNING on an indexed
        instant, whose WHERE clause excludes what was already claimed, so a
        second run finds nothing.  A session advisory lock keeps two runs from
        sweeping at the same moment: the later one returns at once, and should
        its snapshot predate the other's commits, the serialization failure is
        absorbed the same way.
        """
        now = now or fields.Datetime.now()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_lock(%s)", SWEEP_LOCK))
        if not cr.fetchone()[0]:
            _logger.info("SLA sweep already running elsewhere: nothing to do")
            return 0
        try:
            return self._sweep_steps(now, batch)
        finally:
            cr.execute(SQL("SELECT pg_advisory_unlock(%s)", SWEEP_LOCK))

    @api.model
    def _sweep_thresholds(self, now):
        """``(level, condition, assignment)`` of each step of the sweep."""
        # the sweep's share of the state machine: ticking clocks whose stored
        # instants passed get a warning level, or breach at their deadline
        warn = SQL("state = CASE WHEN state = %s THEN %s ELSE state END", RUNNING, WARNING)
        steps = [
            (
                1,
                SQL("warning_level < 1 AND warning1_at <= %s", now),
                SQL("warning_level = 1, %s", warn),
            ),
            (
                2,
                SQL("warning_level < 2 AND warning2_at <= %s", now),
                SQL("warning_level = 2, %s", warn),
            ),
            (
                3,
                SQL("deadline <= %s", now),
                SQL("state = %s, breached_at = deadline, %s", BREACHED, STAMP_AT_BREACH),
            ),
        ]
        return steps

    @api.model
    def _sweep_claim(self, condition, assignment, now, batch):
        """The UPDATE that claims up to ``batch`` ticking clocks matching
        ``condition``: rows locked by another transaction are skipped, the
        others found through the partial index of their instant (no ORDER
        BY), then updated by id; the WHERE clause excludes what is claimed."""
        return SQL(
            """
            UPDATE quality_ops_ticket_sla
               SET %(assignment)s, write_date = %(now)s
             WHERE id = ANY(ARRAY(
                SELECT id FROM quality_ops_ticket_sla
                 WHERE state IN %(ticking)s AND %(condition)s
                 LIMIT %(batch)s
                   FOR UPDATE SKIP LOCKED))
               AND state IN %(ticking)s
            RETURNING id
            """,
            assignment=assignment,
            condition=condition,
            now=now,
            batch=batch,
            ticking=SQL(TICKING_SQL),
        )

    def _sweep_steps(self, now, batch):
        total = 0
        for level, condition, assignment in self._sweep_thresholds(now):
            while True:
                try:
                    with self.env.cr.savepoint():
                        self.env.cr.execute(self._sweep_claim(condition, assignment, now, batch))
                        ids = [row[0] for row in self.env.cr.fetchall()]
                except errors.SerializationFailure:
                    _logger.info("SLA sweep: rows swept by a concurrent run, stopping")
                    return total
                if not ids:
                    break
                self.invalidate_model(SWEPT_FIELDS)
                self.browse(ids)._notify_threshold(level, now)
                total += len(ids)
                self._commit_batch(len(ids))
        return total

    @api.model
    def _sweep_tickets(self, tickets, now=None):
        """The sweep's share for ``tickets`` at once (``now``), before a write
        moves them: a deadline passed before the change is a breach of the
        engineer, team and target the ticket had then, whether the scheduled
        sweep came by yet or not (a re-plan or a handover in that gap would
        otherwise take it away). One UPDATE per step, notified as the sweep
        notifies."""
        now = now or fields.Datetime.now()
        for level, condition, assignment in self._sweep_thresholds(now):
            self.env.cr.execute(
                SQL(
                    "UPDATE quality_ops_ticket_sla SET %s, write_date = %s"
                    " WHERE ticket_id = ANY(%s) AND state IN %s AND %s RETURNING id",
                    assignment,
                    now,
                    tickets.ids,
                    SQL(TICKING_SQL),
                    condition,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if ids:
                self.invalidate_model(SWEPT_FIELDS)
                self.browse(ids)._notify_threshold(level, now)

    def _commit_batch(self, count):
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress(count)

    def _notify_threshold(self, level, now):
        """Chatter note and activity for each clock, in batches; the
        activities due on the sweep's day where the ticket's company is."""
        field = {1: "notify_warning1", 2: "notify_warning2", 3: "notify_breach"}[level]
        todo = self.env.ref("mail.mail_activity_data_todo")
        ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
        bodies, activities = {}, []
        kinds = {}  # {language: {kind: label}}
        todays = {}
        for clock in self.sudo():
            ticket = clock.ticket_id
            user = clock._recipient(clock.policy_id[field])
            # the note and the activity are read by the recipient
            env = reader_env(self.env, user)
            if env.lang not in kinds:
                kinds[env.lang] = dict(self._fields["kind"]._description_selection(env))
            if level == 3:
                text = env._(
                    "SLA breached: %(kind)s target of %(hours)s working hours missed.",
                    kind=kinds[env.lang][clock.kind],
                    hours=clock.target_hours,
                )
            else:
                percent = clock.policy_id[f"warning{level}_percent"]
                text = env._(
                    "SLA at risk: %(percent)s%% of the %(kind)s target used.",
                    percent=round(percent),
                    kind=kinds[env.lang][clock.kind],
                )
            bodies[ticket.id] = bodies.get(ticket.id, Markup("")) + Markup("<p>%s</p>") % text
            if user:
                company = ticket.company_id or self.env.company
                if company not in todays:
                    todays[company] = company._quality_local_date(now)
                activities.append(
                    {
                        "res_model_id": ticket_model,
                        "res_id": ticket.id,
                        "user_id": user.id,
                        "activity_type_id": todo.id,
                        "summary": text,
                        "date_deadline": todays[company],
                        "automated": True,
                    }
                )
        tickets = self.env["helpdesk.ticket"].browse(list(bodies))
        tickets._message_log_batch(bodies=bodies)
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )

    def _recipient(self, who):
        self.ensure_one()
        ticket = self.ticket_id
        return recipients(who, ticket.company_id, ticket.user_id, ticket.team_id)
