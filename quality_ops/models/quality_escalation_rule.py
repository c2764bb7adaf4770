import datetime

from odoo import api, fields, models
from odoo.tools import SQL

from .quality_ticket_sla import WorkTimeCache

TRIGGERS = [
    ("complaint_created", "Complaint created"),
    ("complaint_response_overdue", "Complaint response overdue"),
    ("complaint_close_overdue", "Complaint closing overdue"),
    ("sla_breached", "SLA breached"),
    ("low_rating", "Low rating"),
    ("low_survey", "Low survey score"),
]
RECIPIENTS = [
    ("assignee", "Assignee / Owner"),
    ("team_leader", "Team Leader"),
    ("quality_manager", "Quality Manager"),
    ("representative", "Management Representative"),
    ("users", "Named Users"),
]


class QualityEscalationRule(models.Model):
    """One rung of the escalation ladder: who hears of what, and when."""

    _name = "quality_ops.escalation.rule"
    _description = "Escalation Rule"
    _order = "trigger, level, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda s: s.env.company
    )
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

    # ------------------------------------------------------------------
    def _candidates(self, trigger, records=None):
        """Records whose trigger instant has passed: (record, instant)."""
        now = fields.Datetime.now()
        Complaint = self.env["quality_ops.complaint"]
        if trigger == "complaint_created":
            found = (
                records if records is not None else Complaint.search([("is_closed", "=", False)])
            )
            return [(c, c.create_date or now) for c in found]
        if trigger == "complaint_response_overdue":
            found = Complaint.search(
                [("responded_at", "=", False), ("response_deadline", "<=", now)]
            )
            return [(c, c.response_deadline) for c in found]
        if trigger == "complaint_close_overdue":
            found = Complaint.search([("is_closed", "=", False), ("close_deadline", "<=", now)])
            return [(c, c.close_deadline) for c in found]
        if trigger in ("low_rating", "low_survey"):
            found = (
                records
                if records is not None
                else self.env["quality_ops.followup"].search(
                    [("reason", "=", trigger), ("state", "=", "todo")]
                )
            )
            return [(followup, followup.create_date or now) for followup in found]
        if trigger == "sla_breached":
            clocks = self.env["quality_ops.ticket.sla"].search(
                [("state", "=", "breached"), ("is_current", "=", True)]
            )
            return [(clock, clock.breached_at or now) for clock in clocks]
        return []

    @api.model
    def _escalate(self, trigger, records=None):
        """Fire every due rule of ``trigger`` once per record.

        The log's unique index (rule, model, record) and INSERT ... ON CONFLICT
        DO NOTHING make a rule fire once per record, whatever runs at the same
        time; only the rows actually inserted are notified.
        """
        rules = self.search([("trigger", "=", trigger)])
        if not rules:
            return self.env["quality_ops.escalation"]
        now = fields.Datetime.now()
        cache = WorkTimeCache(self.env)
        candidates = self._candidates(trigger, records)
        Log = self.env["quality_ops.escalation"]
        created = Log
        for rule in rules:
            done = set(
                Log.search([("rule_id", "=", rule.id)]).mapped(lambda e: (e.res_model, e.res_id))
            )
            for record, instant in candidates:
                if (record._name, record.id) in done or not rule._applies_to(record):
                    continue
                if rule.delay_hours:
                    calendar = rule._calendar_of(record)
                    due = (
                        cache.add_hours(calendar, instant, rule.delay_hours)
                        if calendar
                        else instant + datetime.timedelta(hours=rule.delay_hours)
                    )
                    if due > now:
                        continue
                users = rule._recipients(record)
                log_id = rule._claim(record, users, now)
                if log_id:
                    entry = Log.browse(log_id)
                    rule._notify(record, users, entry)
                    created |= entry
        if created:
            # rows inserted in SQL: refresh what the ORM cached
            self.env["quality_ops.complaint"].invalidate_model(["escalation_ids"])
            Log.invalidate_model()
        return created

    def _applies_to(self, record):
        self.ensure_one()
        if record._name == "quality_ops.complaint":
            if record.company_id != self.company_id:
                return False
            return not self.level_ids or record.level_id in self.level_ids
        return record.company_id == self.company_id

    def _calendar_of(self, record):
        if record._name == "quality_ops.complaint":
            return record._calendar()
        if record._name == "quality_ops.followup":
            return record.company_id.resource_calendar_id
        return record.calendar_id

    def _recipients(self, record):
        self.ensure_one()
        company = record.company_id
        ticket = record.ticket_id
        if self.recipient == "assignee":
            owned = record._name in ("quality_ops.complaint", "quality_ops.followup")
            users = record.owner_id if owned else ticket.user_id
            return users or ticket.user_id
        if self.recipient == "team_leader":
            team = record.team_id if record._name == "quality_ops.complaint" else ticket.team_id
            return team.user_id
        if self.recipient == "quality_manager":
            return company.quality_manager_id
        if self.recipient == "representative":
            return company.quality_representative_id
        return self.user_ids

    def _claim(self, record, users, now):
        """Insert the log row unless it exists; its id only for the winner."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_ops_escalation
                    (rule_id, res_model, res_id, complaint_id, level, company_id,
                     escalated_at, create_uid, create_date, write_uid, write_date)
                VALUES (%(rule)s, %(model)s, %(res_id)s, %(complaint)s, %(level)s,
                        %(company)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s)
                ON CONFLICT (rule_id, res_model, res_id) DO NOTHING
                RETURNING id
                """,
                rule=self.id,
                model=record._name,
                res_id=record.id,
                complaint=record.id if record._name == "quality_ops.complaint" else None,
                level=self.level,
                company=record.company_id.id,
                now=now,
                uid=self.env.uid,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        if users:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO quality_ops_escalation_res_users_rel "
                    "(quality_ops_escalation_id, res_users_id) VALUES %s",
                    SQL(", ").join(SQL("(%s, %s)", row[0], user.id) for user in users),
                )
            )
        return row[0]

    def _notify(self, record, users, entry):
        self.ensure_one()
        own_thread = record._name in ("quality_ops.complaint", "quality_ops.followup")
        thread = record if own_thread else record.ticket_id
        text = self.env._(
            "Escalation %(rule)s (level %(level)s) to %(users)s.",
            rule=self.name,
            level=self.level,
            users=", ".join(users.mapped("name")) or "-",
        )
        thread.message_post(body=text, subtype_xmlid="mail.mt_note")
        if self.notify_by in ("activity", "both"):
            for user in users:
                thread.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.name,
                    note=text,
                )
        if self.notify_by in ("mail", "both") and record._name == "quality_ops.complaint":
            template = self.mail_template_id or self.env.ref(
                "quality_ops.mail_template_complaint_escalation"
            )
            # queued: the mail cron sends it
            template.with_context(escalation_users=users).send_mail(
                record.id, email_values={"recipient_ids": [(6, 0, users.partner_id.ids)]}
            )

    @api.model
    def _cron_escalate(self):
        for trigger, _label in TRIGGERS:
            self._escalate(trigger)
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(1)
