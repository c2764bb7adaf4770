"""Periodic review of a released controlled document: when it is due, the
reminder to its owner, the confirmation that it is still valid."""

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..assurance import review_due
from ..choices import ASSIGNEE
from ..tools.argument_guard import arguments
from ..tools.recipients import recipients
from ..tools.workflow_fields import step_date_field


class QualityDocument(models.Model):
    _inherit = "quality_ops.document"

    review_months = fields.Integer(
        string="Review Every (Months)",
        default=12,
        help="The document is due for its periodic review this many months after "
        "its release or its last review (0: no periodic review).",
    )
    last_review_date = step_date_field("Last Periodic Review")
    next_review_date = fields.Date(
        compute="_compute_next_review_date", store=True, string="Next Periodic Review"
    )
    review_reminder_date = fields.Date(readonly=True, copy=False)
    is_review_due = fields.Boolean(
        compute="_compute_is_review_due", search="_search_is_review_due", string="Review Due"
    )

    @api.depends("release_date", "last_review_date", "review_months", "state")
    def _compute_next_review_date(self):
        for document in self:
            document.next_review_date = (
                review_due(document.release_date, document.last_review_date, document.review_months)
                if document.state == "released"
                else False
            )

    def _compute_is_review_due(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.is_review_due = bool(
                document.state == "released"
                and document.next_review_date
                and document.next_review_date <= today
            )

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search documents due for review with yes or no."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "released"), ("next_review_date", "<=", today)]
        return [
            "|",
            "|",
            ("state", "!=", "released"),
            ("next_review_date", "=", False),
            ("next_review_date", ">", today),
        ]

    @api.constrains("review_months")
    def _check_review_months(self):
        for document in self:
            if document.review_months < 0 or document.review_months > 120:
                raise ValidationError(
                    self.env._("The periodic review interval is 0 to 120 months.")
                )

    @arguments()
    def action_confirm_review(self):
        """The periodic review found the document still valid: its next
        review is counted from today."""
        self._quality_transition("confirm_review", {"review_reminder_date": False})
        for document in self:
            document.message_post(body=self.env._("Periodic review: still valid."))
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @api.model
    def _cron_review_reminders(self, today=None):
        """Owners of released documents due for their periodic review get an
        activity, once per due date. Review dates are the company's days:
        today is each company's (``today``, when given, is every company's)."""
        days = self.env["res.company"]._quality_scheduled_days(today)
        return sum(self._quality_remind_reviews(day, companies) for day, companies in days)

    @api.model
    def _quality_remind_reviews(self, today, companies):
        """The review reminders of the documents of ``companies`` (a domain) on ``today``."""
        due = self.search(
            [
                *companies,
                ("state", "=", "released"),
                ("next_review_date", "!=", False),
                ("next_review_date", "<=", today + datetime.timedelta(days=14)),
            ]
        ).filtered(lambda d: d.review_reminder_date != d.next_review_date)
        # once per due date
        return due._quality_remind(
            lambda document: recipients(ASSIGNEE, document.company_id, document.owner_id),
            lambda env, document: env._("Periodic review of the controlled document"),
            lambda document: document.next_review_date,
            lambda document: {"review_reminder_date": document.next_review_date},
        )
