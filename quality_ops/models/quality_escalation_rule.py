import datetime
import logging
from collections import namedtuple

from markupsafe import Markup
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from ..choices import RECIPIENTS
from ..sla_clock import BREACHED
from ..tools.argument_guard import check_ids, check_vals
from ..tools.calendars import working_calendar_sql
from ..tools.reader_lang import reader_env
from ..tools.recipients import recipients
from ..tools.record_fields import company_field
from .resource_calendar import WorkTimeCache

_logger = logging.getLogger(__name__)

TRIGGERS = [
    ("complaint_created", "Complaint created"),
    ("complaint_response_overdue", "Complaint response overdue"),
    ("complaint_close_overdue", "Complaint closing overdue"),
    ("sla_breached", "SLA breached"),
    ("low_rating", "Low rating"),
    ("low_survey", "Low survey score"),
]
# escalations inserted and notified per statement (and per commit in the cron)
BATCH = 500

# What each trigger watches, in SQL over the alias ``x`` of its table (and the
# joins its calendar needs): the records in the condition, the instant each
# entered it and the working calendar its delay is counted in.
Source = namedtuple("Source", "model table joins condition entered calendar levels")
_COMPLAINT = {
    "model": "quality_ops.complaint",
    "table": "quality_ops_complaint",
    "joins": "JOIN res_company co ON co.id = x.company_id "
    "LEFT JOIN helpdesk_ticket_team tm ON tm.id = x.team_id",
    "calendar": working_calendar_sql("x.calendar_id", "tm", "co"),
    "levels": True,
}
_FOLLOWUP = {
    "model": "quality_ops.followup",
    "table": "quality_ops_followup",
    "joins": "JOIN res_company co ON co.id = x.company_id",
    "entered": "x.create_date",
    "calendar": "co.resource_calendar_id",
    "levels": False,
}
SOURCES = {
    "complaint_created": Source(
        **_COMPLAINT, condition="x.is_closed IS NOT TRUE", entered="x.create_date"
    ),
    "complaint_response_overdue": Source(
        # the complaint's ``_response_overdue_domain``, in SQL
        **_COMPLAINT,
        condition="x.responded_at IS NULL AND x.response_deadline <= %(now)s",
        entered="x.response_deadline",
    ),
    "complaint_close_overdue": Source(
        # the complaint's ``_close_overdue_domain`` (the dashboard's count), in SQL
        **_COMPLAINT,
        condition="x.is_closed IS NOT TRUE AND x.close_deadline <= %(now)s",
        entered="x.close_deadline",
    ),
    "sla_breached": Source(
        model="quality_ops.ticket.sla",
        table="quality_ops_ticket_sla",
        joins="",
        # breached_at is set with the state (the deadline, or the instant seen late)
        condition="x.state = %(breached)s AND x.is_current",
        entered="x.breached_at",
        calendar="x.calendar_id",
        levels=False,
    ),
    "low_rating": Source(**_FOLLOWUP, condition="x.reason = 'low_rating' AND x.state = 'todo'"),
    "low_survey": Source(**_FOLLOWUP, condition="x.reason = 'low_survey' AND x.state = 'todo'"),
}
Candidate = namedtuple("Candidate", "rule_id delay res_id entered calendar_id")


class QualityEscalationRule(models.Model):
    """One rung of the escalation ladder: who hears of what, and when."""

    _name = "quality_ops.escalation.rule"
    _description = "Escalation Rule"
    _order = "trigger, level, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    active_since = fields.Datetime(
        required=True,
        copy=False,
        default=lambda self: self.env.cr.now(),
        help="The rule escalates the records that entered its condition (complaint created, "
        "deadline missed, clock breached, follow-up opened) from this instant on, never "
        "those of before. Set when the rule is created, reactivated or given another "
        "trigger or company; move it back to escalate earlier records on the next run.",
    )
    company_id = company_field()
    trigger = fields.Selection(TRIGGERS, required=True, default="complaint_created")
    level = fields.Integer(default=1, help="Rung of the ladder, shown in the escalation log.")
    level_ids = fields.Many2many(
        comodel_name="quality_ops.complaint.level",
        string="Complaint Levels",
        help="Empty: every level.",
    )
    delay_hours = fields.Float(
        string="Delay (working hours)",
        help="Working hours after the trigger (creation, or the missed deadline) before "
        "the escalation fires; 0 fires at once.",
    )
    recipient = fields.Selection(RECIPIENTS, required=True, default="quality_manager")
    user_ids = fields.Many2many(comodel_name="res.users", string="Users")
    notify_by = fields.Selection(
        [("activity", "Activity"), ("mail", "Email"), ("both", "Activity and Email")],
        required=True,
        default="activity",
    )
    mail_template_id = fields.Many2one(
        comodel_name="mail.template",
        domain="[('model', '=', 'quality_ops.complaint')]",
    )

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        restarted = self.browse()
        if "active_since" not in vals:
            for rule in self:
                if (
                    (vals.get("active") and not rule.active)
                    or ("trigger" in vals and vals["trigger"] != rule.trigger)
                    or ("company_id" in vals and vals["company_id"] != rule.company_id.id)
                ):
                    restarted |= rule
        result = super().write(vals)
        if restarted:
            # a reactivated or redirected rule is a new rule: nothing of before
            super(QualityEscalationRule, restarted).write({"active_since": self.env.cr.now()})
        return result

    # ------------------------------------------------------------------
    # selection: one statement per trigger
    # ------------------------------------------------------------------
    @api.model
    def _candidates(self, trigger, now, records=None):
        """Records of ``trigger`` not yet escalated by an active rule.

        One statement for every rule of the trigger: the records in the
        condition that entered it since the rule became active, of the rule's
        company (and complaint levels), absent from the rule's log, and whose
        delay, counted in wall-clock hours, has passed (working hours are never
        fewer: the exact due instant is computed in Python for these rows only).
        """
        source = SOURCES.get(trigger)
        if not source or (records is not None and not records):
            return []
        self.env.flush_all()
        entered = SQL(source.entered)
        levels = SQL()
        if source.levels:
            field = self._fields["level_ids"]
            levels = SQL(
                """AND (NOT EXISTS (SELECT 1 FROM %(rel)s lr WHERE lr.%(rule)s = r.id)
                        OR EXISTS (SELECT 1 FROM %(rel)s lr
                                    WHERE lr.%(rule)s = r.id AND lr.%(level)s = x.level_id))""",
                rel=SQL.identifier(field.relation),
                rule=SQL.identifier(field.column1),
                level=SQL.identifier(field.column2),
            )
        only = SQL("AND x.id = ANY(%s)", list(records.ids)) if records is not None else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id, COALESCE(r.delay_hours, 0), x.id, %(entered)s, %(calendar)s
                  FROM quality_ops_escalation_rule r
                  JOIN %(table)s x ON x.company_id = r.company_id
                       %(joins)s
                 WHERE r.active AND r.trigger = %(trigger)s
                   AND %(condition)s
                   AND %(entered)s >= r.active_since
                   AND (COALESCE(r.delay_hours, 0) <= 0
                        OR %(entered)s + r.delay_hours * interval '1 hour' <= %(now)s)
                       %(levels)s %(only)s
                   AND NOT EXISTS (SELECT 1 FROM quality_ops_escalation e
                                    WHERE e.rule_id = r.id AND e.res_model = %(model)s
                                      AND e.res_id = x.id
                                      -- an index range: the log of these rules only
                                      AND e.rule_id = ANY(ARRAY(
                                          SELECT id FROM quality_ops_escalation_rule
                                           WHERE active AND trigger = %(trigger)s)))
                 ORDER BY 4, 3, 1
                """,
                entered=entered,
                calendar=SQL(source.calendar),
                table=SQL.identifier(source.table),
                joins=SQL(source.joins),
                trigger=trigger,
                condition=SQL(source.condition, now=now, breached=BREACHED),
                now=now,
                levels=levels,
                only=only,
                model=source.model,
            )
        )
        return [Candidate(*row) for row in self.env.cr.fetchall()]

    @api.model
    def _due(self, candidates, now):
        """The candidates whose delay, in working hours of their calendar, has passed."""
        delayed = [c for c in candidates if c.delay > 0]
        if not delayed:
            return candidates
        cache = WorkTimeCache(self.env)
        Calendar = self.env["resource.calendar"]
        spans = {}
        for cand in delayed:
            if cand.calendar_id:
                low, high, hours = spans.get(cand.calendar_id, (cand.entered, cand.entered, 0))
                spans[cand.calendar_id] = (
                    min(low, cand.entered),
                    max(high, cand.entered),
                    max(hours, cand.delay),
                )
        failed = set()
        for calendar_id, (low, high, hours) in spans.items():
            # one working-time window per calendar over all its candidates
            try:
                cache.get(
                    Calendar.browse(calendar_id),
                    low.date() - datetime.timedelta(days=1),
                    high.date() + datetime.timedelta(days=31 + int(hours // 2)),
                )
            except Exception:
                _logger.exception("Escalations: working time of calendar %s failed", calendar_id)
                failed.add(calendar_id)
        due = []
        for cand in candidates:
            if cand.delay > 0:
                if cand.calendar_id in failed:
                    continue
                if cand.calendar_id:
                    try:
                        when = cache.add_hours(
                            Calendar.browse(cand.calendar_id), cand.entered, cand.delay
                        )
                    except UserError as error:
                        _logger.warning(
                            "Escalations: calendar %s skipped: %s", cand.calendar_id, error
                        )
                        failed.add(cand.calendar_id)
                        continue
                else:
                    when = cand.entered + datetime.timedelta(hours=cand.delay)
                if when > now:
                    continue
            due.append(cand)
        return due

    # ------------------------------------------------------------------
    # firing: one insert and one notification batch per BATCH rows
    # ------------------------------------------------------------------
    @api.model
    def _escalate(self, trigger, records=None, commit=False):
        """Fire every due rule of ``trigger`` once per record.

        The log's unique index (rule, model, record) and INSERT ... ON CONFLICT
        DO NOTHING make a rule fire once per record, whatever runs at the same
        time; only the rows actually inserted are notified. ``commit`` (the
        cron) commits after each batch.
        """
        now = fields.Datetime.now()
        due = self._due(self._candidates(trigger, now, records), now)
        return self._fire(trigger, due, now, commit=commit)

    @api.model
    def _fire(self, trigger, due, now, commit=False):
        Log = self.env["quality_ops.escalation"]
        if not due:
            return Log
        model = SOURCES[trigger].model
        created = []
        for chunk in split_every(BATCH, due, list):
            try:
                created += self._fire_batch(model, chunk, now)
            except errors.SerializationFailure:
                # a run started at the same time inserted some of these first and
                # notifies them; this snapshot is stale: the next run does the rest
                _logger.info("Escalations %s: rows claimed by a concurrent run, stopping", trigger)
                break
            if commit:
                self.env["ir.cron"]._commit_progress(len(chunk))
        # rows inserted in SQL: refresh what the ORM cached
        self.env["quality_ops.complaint"].invalidate_model(["escalation_ids"])
        Log.invalidate_model()
        return Log.browse(created)

    def _fire_batch(self, model, chunk, now):
        """Claim and notify ``chunk`` at once; if anything raises, one by one,
        logging and skipping the records that fail (tried again next run)."""
        rules = self.browse({cand.rule_id for cand in chunk})
        records = self.env[model].browse({cand.res_id for cand in chunk})
        rule_of = {rule.id: rule for rule in rules}
        record_of = {record.id: record for record in records}
        items = [(rule_of[cand.rule_id], record_of[cand.res_id]) for cand in chunk]
        try:
            with self.env.cr.savepoint():
                return self._claim_and_notify(items, now)
        except errors.SerializationFailure:
            raise
        except Exception:
            if len(items) == 1:
                rule, record = items[0]
                _logger.exception(
                    "Escalation rule %s (id %s) on %s,%s failed; skipped, tried again next run",
                    rule.name,
                    rule.id,
                    record._name,
                    record.id,
                )
                return []
            _logger.warning(
                "Escalations: a batch of %s failed, escalating its records one by one",
                len(items),
                exc_info=True,
            )
        done = []
        for cand in chunk:
            done += self._fire_batch(model, [cand], now)
        return done

    def _claim_and_notify(self, items, now):
        entries = self._claim(items, now)
        self._notify(entries)
        return [entry_id for entry_id, _rule, _record, _users in entries]

    @api.model
    def _claim(self, items, now):
        """Insert the log rows of ``items`` (rule, record) in one statement,
        skipping those that exist; returns (entry id, rule, record, users) of
        the rows inserted here, the only ones to notify."""
        users_of = {}
        for rule, record in items:
            users_of[rule.id, record.id] = rule._recipients(record)
        model = items[0][1]._name
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_ops_escalation
                    (rule_id, res_model, res_id, complaint_id, level, company_id,
                     escalated_at, create_uid, create_date, write_uid, write_date)
                SELECT u.rule_id, %(model)s, u.res_id,
                       CASE WHEN %(complaint)s THEN u.res_id END, u.level, u.company_id,
                       %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(rules)s::int[], %(res_ids)s::int[], %(levels)s::int[],
                              %(companies)s::int[]) AS u(rule_id, res_id, level, company_id)
                    ON CONFLICT (rule_id, res_model, res_id) DO NOTHING
                RETURNING id, rule_id, res_id
                """,
                model=model,
                complaint=model == "quality_ops.complaint",
                now=now,
                uid=self.env.uid,
                rules=[rule.id for rule, _record in items],
                res_ids=[record.id for _rule, record in items],
                levels=[rule.level for rule, _record in items],
                companies=[record.company_id.id or None for _rule, record in items],
            ),
            # a run racing this one makes it fail (serialization): handled by _fire
            log_exceptions=False,
        )
        won = self.env.cr.fetchall()
        rule_of = {rule.id: rule for rule, _record in items}
        record_of = {record.id: record for _rule, record in items}
        entries = [
            (entry_id, rule_of[rule_id], record_of[res_id], users_of[rule_id, res_id])
            for entry_id, rule_id, res_id in won
        ]
        pairs = [(entry_id, user.id) for entry_id, _r, _x, users in entries for user in users]
        if pairs:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO quality_ops_escalation_res_users_rel
                        (quality_ops_escalation_id, res_users_id)
                    SELECT * FROM unnest(%s::int[], %s::int[])
                    """,
                    [entry for entry, _user in pairs],
                    [user for _entry, user in pairs],
                )
            )
        return entries

    def _recipients(self, record):
        self.ensure_one()
        ticket = record.ticket_id
        owned = record._name in ("quality_ops.complaint", "quality_ops.followup")
        team = record.team_id if record._name == "quality_ops.complaint" else ticket.team_id
        return recipients(
            self.recipient,
            record.company_id,
            assignee=(record.owner_id if owned else ticket.user_id) or ticket.user_id,
            team=team,
            users=self.user_ids,
        )

    @api.model
    def _notify(self, entries):
        """Chatter notes (one batch per thread model), the activities (one
        create) and the queued mails of freshly inserted ``entries``."""
        bodies = {}
        activities = []
        mails = []
        todo = self.env.ref("mail.mail_activity_data_todo")
        # due on the day of the record's company (the cron's user has none)
        now = fields.Datetime.now()
        todays = {}
        model_ids = {}
        for _entry_id, rule, record, users in entries:
            own_thread = record._name in ("quality_ops.complaint", "quality_ops.followup")
            thread = record if own_thread else record.ticket_id

            def text(env, rule=rule, users=users):
                # in the language of whoever reads it (env), not the cron's
                return env._(
                    "Escalation %(rule)s (level %(level)s) to %(users)s.",
                    rule=rule.with_env(env).name,
                    level=rule.level,
                    users=", ".join(users.mapped("name")) or "-",
                )

            # the note is read by those it escalates to
            note = text(reader_env(self.env, users))
            notes = bodies.setdefault(thread._name, {})
            notes[thread.id] = notes.get(thread.id, Markup("")) + Markup("<p>%s</p>") % note
            if rule.notify_by in ("activity", "both"):
                if thread._name not in model_ids:
                    model_ids[thread._name] = self.env["ir.model"]._get_id(thread._name)
                company = record.company_id or self.env.company
                if company.id not in todays:
                    todays[company.id] = company._quality_local_date(now)
                activities += [
                    {
                        "res_model_id": model_ids[thread._name],
                        "res_id": thread.id,
                        "user_id": user.id,
                        "activity_type_id": todo.id,
                        "summary": rule.with_env(reader_env(self.env, user)).name,
                        "note": Markup("<p>%s</p>") % text(reader_env(self.env, user)),
                        "date_deadline": todays[company.id],
                        "automated": True,
                    }
                    for user in users
                ]
            if rule.notify_by in ("mail", "both") and record._name == "quality_ops.complaint":
                mails.append((rule, record, users))
        for model, notes in bodies.items():
            threads = self.env[model].browse(list(notes))
            threads._message_log_batch(bodies=notes)
            # an activity reads its record's name one record at a time: one read for all
            threads.mapped("display_name")
        if activities:
            # one create; no "assigned to you" message per activity (as the SLA
            # sweep): the rule's mail, when it has one, is the email
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )
        default = None
        for rule, record, users in mails:
            template = rule.mail_template_id
            if not template:
                default = default or self.env.ref("quality_ops.mail_template_complaint_escalation")
                template = default
            # queued: the mail cron sends it
            template.with_context(escalation_users=users).send_mail(
                record.id, email_values={"recipient_ids": [(6, 0, users.partner_id.ids)]}
            )

    @api.model
    def _cron_escalate(self):
        in_cron = bool(self.env.context.get("cron_id"))
        for trigger, _label in TRIGGERS:
            now = fields.Datetime.now()
            try:
                with self.env.cr.savepoint():
                    due = self._due(self._candidates(trigger, now), now)
            except Exception:
                _logger.exception("Escalations: selecting %s failed; next trigger", trigger)
                continue
            self._fire(trigger, due, now, commit=in_cron)
