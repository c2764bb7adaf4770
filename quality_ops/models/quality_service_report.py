import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_LEAD
from ..periods import add_months
from ..ratios import percent
from ..sla_clock import BREACHED
from ..sla_credits import contract_key
from ..tools.argument_guard import arguments, check_vals, check_vals_list
from ..tools.portal_access import check_customer, customer_domain
from ..tools.record_fields import company_field, customer_field
from ..tools.workflow_fields import reference_field
from ..tools.workflow_pass import Transition, transitions
from ..xlsx_writing import NO_VALUE
from .quality_indicator_registry import Period

_lt = LazyTranslate(__name__)

FIGURES = (
    "ticket_count",
    "closed_count",
    "backlog_count",
    "response_met",
    "response_total",
    "response_rate",
    "resolution_met",
    "resolution_total",
    "resolution_rate",
    "rating_count",
    "csat_rate",
    "rating_average",
    "complaint_count",
    "complaint_closed_count",
)
STEPS = {
    "send": Transition("draft", "sent", GROUP_LEAD, stamp=(None, "sent_date")),
    "refresh": Transition("draft", None, GROUP_LEAD),
}
DENIED = {
    "send": _lt("Only project managers and the quality department send service reports."),
    "refresh": _lt("Only project managers and the quality department prepare service reports."),
}
VERBS = {
    "send": _lt("sent"),
    "refresh": _lt("refreshed (a sent report keeps the figures it sent)"),
}


class QualityServiceReport(models.Model):
    """Monthly service report of one customer (optionally one project):
    tickets, SLA compliance, satisfaction and complaints, sent as PDF and XLSX."""

    _name = "quality_ops.service.report"
    _description = "Customer Service Report"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.month.mixin",
    ]
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    # what the customer receives is computed, never typed
    _quality_control_fields = frozenset(
        {"reference", "state", "user_id", "generated_at", "sent_date", "ticket_ids", *FIGURES}
    )
    _quality_frozen_states = ("sent",)
    _order = "date_from desc, partner_id, id desc"
    _rec_names_search = ["reference", "partner_id"]
    _check_company_auto = True

    reference = reference_field()
    partner_id = customer_field()
    project_id = fields.Many2one(
        comodel_name="project.project", index=True, tracking=True, check_company=True
    )
    date_from = fields.Date(
        string="Month",
        required=True,
        default=lambda self: add_months(fields.Date.context_today(self).replace(day=1), -1),
    )
    company_id = company_field()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Prepared By",
        default=lambda self: self.env.user,
        copy=False,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    generated_at = fields.Datetime(readonly=True, copy=False)
    sent_date = fields.Date(string="Sent On", readonly=True, copy=False)
    ticket_count = fields.Integer(string="Tickets Received", readonly=True, copy=False)
    closed_count = fields.Integer(string="Tickets Resolved", readonly=True, copy=False)
    backlog_count = fields.Integer(string="Open at Month End", readonly=True, copy=False)
    response_met = fields.Integer(readonly=True, copy=False)
    response_total = fields.Integer(readonly=True, copy=False)
    response_rate = fields.Float(
        string="Response SLA (%)", digits=(16, 2), readonly=True, copy=False
    )
    resolution_met = fields.Integer(readonly=True, copy=False)
    resolution_total = fields.Integer(readonly=True, copy=False)
    resolution_rate = fields.Float(
        string="Resolution SLA (%)", digits=(16, 2), readonly=True, copy=False
    )
    rating_count = fields.Integer(string="Rated Tickets", readonly=True, copy=False)
    csat_rate = fields.Float(string="CSAT (%)", digits=(16, 2), readonly=True, copy=False)
    rating_average = fields.Float(
        string="Average Rating", digits=(16, 2), readonly=True, copy=False
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True, copy=False)
    complaint_closed_count = fields.Integer(string="Complaints Closed", readonly=True, copy=False)
    note = fields.Html(string="Comments to the Customer")
    issues = fields.Html(
        string="Issues and Suggestions",
        help="What the project manager tells the customer of the month's problems and "
        "proposes to solve them (printed in the report).",
    )
    next_month_plan = fields.Html(
        string="Plan for Next Month",
        help="Maintenance windows, changes and inspections planned for the coming month.",
    )
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="quality_ops_service_report_ticket_rel",
        column1="report_id",
        column2="ticket_id",
        string="Tickets of the Month",
        readonly=True,
        copy=False,
        help="Tickets received or resolved in the month, as counted when the figures "
        "were computed (those the preparer may read).",
    )

    @api.depends("reference", "partner_id", "date_from")
    def _compute_display_name(self):
        for report in self:
            month = report.date_from.strftime("%Y-%m") if report.date_from else ""
            report.display_name = f"{report.reference} {report.partner_id.name or ''} {month}"

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        Report = self._quality_checked_for_create(vals_list)
        self._quality_set_references(vals_list, "quality_ops.service.report")
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        reports = super(QualityServiceReport, Report).create(vals_list).with_env(self.env)
        reports._compute_figures()
        return reports

    def write(self, vals):
        check_vals(self, vals)
        if "date_from" in vals and vals["date_from"]:
            vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        result = super().write(vals)
        if {"partner_id", "project_id", "date_from", "company_id"} & set(vals):
            self._compute_figures()
        return result

    def _quality_frozen_message(self):
        return self.env._(
            "Service report %(report)s was sent to the customer: it stays as it was sent.",
            report=self.display_name,
        )

    # ------------------------------------------------------------------
    # figures: one query per report, whatever the number of tickets
    # ------------------------------------------------------------------
    def _bounds(self):
        """The month in UTC, from the company's local midnight."""
        return self.company_id._quality_utc_bounds(self.date_from, self.date_to)

    def _tickets_query(self):
        """The customer's tickets (of the project) that the current user may
        read: the record rules of helpdesk tickets apply to the figures."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id),
        ]
        if self.project_id:
            domain.append(("project_id", "=", self.project_id.id))
        return self.env["helpdesk.ticket"]._search(domain)

    def _tickets_sql(self):
        return self._tickets_query().select(
            SQL('"helpdesk_ticket".id, "helpdesk_ticket".create_date')
        )

    def _complaints_query(self):
        """The customer's complaints (of the project) the current user may read."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
        ]
        if self.project_id:
            domain.append(("project_id", "=", self.project_id.id))
        return self.env["quality_ops.complaint"]._search(domain)

    def _compute_figures(self):
        """The month's figures from the indicator registry (the same definitions
        as the measurements: tickets received as the complaint rate's
        denominator, closed and open at the month's end as TICKETS_CLOSED and
        TICKETS_OPEN), over the records the current user may read."""
        self._quality_check_transition("refresh")
        self.env.flush_all()
        Registry = self.env["quality_ops.indicator.registry"]
        for report in self:
            start, end = report._bounds()
            period = Period(start, end, report.date_from, report.date_to)
            restrict = {
                "helpdesk.ticket": report._tickets_query(),
                "quality_ops.complaint": report._complaints_query(),
            }
            companies = report.company_id.ids
            resp_met, resp_total = Registry._totals("resp_sla", period, companies, restrict)
            reso_met, reso_total = Registry._totals("reso_sla", period, companies, restrict)
            happy, ratings = Registry._totals("csat", period, companies, restrict)
            complaints, received = Registry._totals("complaint", period, companies, restrict)
            complaints_closed = Registry._totals("complaint_close", period, companies, restrict)[1]
            closed = Registry._totals("tickets_closed", period, companies, restrict)[0]
            backlog = Registry._totals("tickets_open", period, companies, restrict)[0]
            self.env.cr.execute(
                SQL(
                    """
                SELECT
                  (SELECT AVG(r.rating) FROM rating_rating r WHERE r.id IN (
                      SELECT x.id FROM (%(ratings)s) AS x)),
                  ARRAY(SELECT x.id FROM (%(tickets)s) AS x
                         WHERE x.create_date >= %(start)s AND x.create_date < %(end)s
                        UNION SELECT x.id FROM (%(closed)s) AS x ORDER BY 1)
                """,
                    tickets=report._tickets_sql(),
                    ratings=Registry._rows_sql("csat", period, companies, restrict),
                    closed=Registry._rows_sql("tickets_closed", period, companies, restrict),
                    start=start,
                    end=end,
                )
            )
            average, ticket_ids = self.env.cr.fetchone()
            average = average or 0
            resp_met, resp_total, reso_met, reso_total, closed, backlog = map(
                int, (resp_met, resp_total, reso_met, reso_total, closed, backlog)
            )
            happy, ratings, complaints, received = map(int, (happy, ratings, complaints, received))
            complaints_closed = int(complaints_closed)

            report._quality_write(
                {
                    "ticket_ids": [(6, 0, ticket_ids or [])],
                    "ticket_count": received,
                    "closed_count": closed,
                    "backlog_count": backlog,
                    "response_met": resp_met,
                    "response_total": resp_total,
                    "response_rate": percent(resp_met, resp_total) or 0.0,
                    "resolution_met": reso_met,
                    "resolution_total": reso_total,
                    "resolution_rate": percent(reso_met, reso_total) or 0.0,
                    "rating_count": ratings,
                    "csat_rate": percent(happy, ratings) or 0.0,
                    "rating_average": round(float(average), 2),
                    "complaint_count": complaints,
                    "complaint_closed_count": complaints_closed,
                    "generated_at": fields.Datetime.now(),
                }
            )

    # a rate means something only with its population
    FIGURE_BASES = {
        "response_rate": "response_total",
        "resolution_rate": "resolution_total",
        "csat_rate": "rating_count",
        "rating_average": "rating_count",
    }

    def _figure(self, name):
        """The figure, or None when there is nothing to measure (no rating...)."""
        self.ensure_one()
        base = self.FIGURE_BASES.get(name)
        if base and not self[base]:
            return None
        return self[name]

    def _figure_text(self, name):
        value = self._figure(name)
        return NO_VALUE if value is None else f"{value:.2f}"

    def _sla_statement(self):
        """The approved SLA statement of the report's contract and month (the
        project's, else the customer's outside any project): what the customer
        is told of the month's service credits; nothing before its approval."""
        self.ensure_one()
        contract = contract_key(self.project_id.id, self.partner_id.id)
        return (
            self.env["quality_ops.sla.statement"]
            .sudo()
            .search(
                [
                    ("contract_key", "=", contract),
                    ("date_from", "=", self.date_from),
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "approved"),
                ],
                limit=1,
            )
        )

    def _sla_statement_rows(self):
        """``(label, value)`` of the approved statement, for the PDF and XLSX."""
        statement = self._sla_statement()
        if not statement:
            return []
        env = self.env
        return [
            (env._("Breaches"), statement.breach_count),
            (env._("Exempted"), statement.exempted_count),
            (env._("Charged"), statement.charged_count),
            (env._("Credit before Cap"), statement.gross_credit),
            (env._("Monthly Cap"), statement.cap_amount if statement.cap_amount else NO_VALUE),
            (env._("Credit after Cap"), statement.capped_credit),
            (env._("Bonus"), statement.bonus),
            (env._("Net Credit"), statement.net_credit),
        ]

    def _sla_statement_display(self, for_sheet=False):
        """``(label, value)`` of the approved statement as printed: amounts in the
        statement's currency (the company's) with thousands separators; in a
        sheet, the amounts stay numbers and their label names the currency."""
        statement = self._sla_statement()
        currency = statement.currency_id or self.company_id.currency_id
        amounts = {
            self.env._("Credit before Cap"),
            self.env._("Monthly Cap"),
            self.env._("Credit after Cap"),
            self.env._("Bonus"),
            self.env._("Net Credit"),
        }
        rows = []
        for label, value in self._sla_statement_rows():
            if label in amounts and isinstance(value, float | int):
                if for_sheet:
                    label = f"{label} ({currency.name})"
                else:
                    value = format_amount(self.env, value, currency)
            rows.append((label, value))
        return rows

    def _major_incident_rows(self):
        """The month's tickets of the highest priority and those that breached
        their SLA: ``(number, title, priority, stage, breaches)``, one query."""
        self.ensure_one()
        lang = self.env.lang or "en_US"
        Ticket = self.env["helpdesk.ticket"]
        priorities = dict(Ticket._fields["priority"]._description_selection(self.env))
        highest = max(priorities)
        kinds = dict(
            self.env["quality_ops.ticket.sla"]._fields["kind"]._description_selection(self.env)
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT t.number, t.name, t.priority,
                   COALESCE(st.name->>%(lang)s, st.name->>'en_US'),
                   ARRAY(SELECT DISTINCT c.kind FROM quality_ops_ticket_sla c
                          WHERE c.ticket_id = t.id AND c.state = %(breached)s
                            AND NOT COALESCE(c.quality_exempted, FALSE) ORDER BY c.kind)
              FROM quality_ops_service_report_ticket_rel rel
              JOIN helpdesk_ticket t ON t.id = rel.ticket_id
              LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
             WHERE rel.report_id = %(report)s
             ORDER BY t.priority DESC, t.create_date, t.id
            """,
                report=self.id,
                lang=lang,
                breached=BREACHED,
            )
        )
        return [
            (number, name, priorities.get(priority, ""), stage, ", ".join(kinds[k] for k in kinds_))
            for number, name, priority, stage, kinds_ in self.env.cr.fetchall()
            if priority == highest or kinds_
        ]

    def _inspections(self):
        """The inspections of the month (due or done in it) of the report's
        project, else of the customer's projects."""
        self.ensure_one()
        if self.project_id:
            projects = [("project_id", "=", self.project_id.id)]
        else:
            projects = [
                ("project_id.partner_id", "child_of", self.partner_id.commercial_partner_id.id)
            ]
        return self.env["quality_ops.inspection"].search(
            [
                ("company_id", "=", self.company_id.id),
                *projects,
                ("state", "!=", "cancelled"),
                "|",
                "&",
                ("date_done", ">=", self.date_from),
                ("date_done", "<=", self.date_to),
                "&",
                ("due_date", ">=", self.date_from),
                ("due_date", "<=", self.date_to),
            ],
            order="due_date, id",
        )

    def _quality_pdf_title(self):
        return self.env._("Monthly Service Report")

    def _quality_pdf_lang(self):
        """The customer reads the report in their language."""
        return self.partner_id.lang or self.env.user.lang or self.env.lang

    def _ticket_rows(self):
        """The tickets the figures counted (received or resolved in the month),
        one query, local times; stored with the figures, so what is printed is
        what was counted, whoever prints it."""
        self.ensure_one()
        lang = self.env.lang or "en_US"
        # the company's time zone, in which the figures were counted
        tz = self.company_id.sudo()._quality_tz()
        # translated labels first: their lookup may query on this cursor
        states = dict(
            self.env["quality_ops.ticket.sla"]._fields["state"]._description_selection(self.env)
        )
        exempted = self.env._("Exempted")
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT t.number, t.name,
                   t.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s,
                   t.closed_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s,
                   COALESCE(st.name->>%(lang)s, st.name->>'en_US'),
                   CASE WHEN resp.quality_exempted THEN 'exempted' ELSE resp.state END,
                   CASE WHEN reso.quality_exempted THEN 'exempted' ELSE reso.state END,
                   rt.rating
              FROM quality_ops_service_report_ticket_rel rel
              JOIN helpdesk_ticket t ON t.id = rel.ticket_id
              LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
              LEFT JOIN quality_ops_ticket_sla resp
                     ON resp.ticket_id = t.id AND resp.kind = 'response' AND resp.is_current
              LEFT JOIN quality_ops_ticket_sla reso
                     ON reso.ticket_id = t.id AND reso.kind = 'resolution' AND reso.is_current
              LEFT JOIN LATERAL (
                    SELECT MAX(r.rating) AS rating FROM rating_rating r
                     WHERE r.res_model = 'helpdesk.ticket' AND r.res_id = t.id
                       AND r.consumed AND r.rating > 0) rt ON TRUE
             WHERE rel.report_id = %(report)s
             ORDER BY t.create_date, t.id
            """,
                report=self.id,
                tz=tz,
                lang=lang,
            )
        )
        rows = self.env.cr.fetchall()
        states["exempted"] = exempted
        return [
            (number, name, created, closed, stage, states.get(resp, ""), states.get(reso, ""), rt)
            for number, name, created, closed, stage, resp, reso, rt in rows
        ]

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    @arguments()
    def action_refresh(self):
        self._compute_figures()
        return True

    @arguments()
    def action_mark_sent(self):
        return self._quality_transition("send")

    @arguments()
    def action_send(self):
        """Mail composer with the PDF and the XLSX attached."""
        self.ensure_one()
        if not self.partner_id.email and not self.partner_id.child_ids.filtered("email"):
            raise UserError(
                self.env._(
                    "%(customer)s has no email address: add one before sending.",
                    customer=self.partner_id.display_name,
                )
            )
        template = self.env.ref("quality_ops.mail_template_service_report")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "mark_service_report_as_sent": True,
                "force_email": True,
            },
        }

    def _message_post_after_hook(self, message, msg_values):
        if self.env.context.get("mark_service_report_as_sent"):
            drafts = self.filtered(lambda r: r.state == "draft")
            if drafts and message.message_type in ("comment", "email"):
                drafts._quality_transition("send")
        return super()._message_post_after_hook(message, msg_values)

    # ------------------------------------------------------------------
    # the customer's side (portal): the reports sent to their company, read
    # with sudo after the ownership check
    # ------------------------------------------------------------------
    PORTAL_DOCUMENTS = {
        "pdf": "quality_ops.action_report_service_report",
        "xlsx": "quality_ops.report_service_report_xlsx",
    }

    @api.model
    def _portal_domain(self):
        """The reports sent to the current user's company (commercial partner)."""
        return customer_domain(self.env, ("state", "=", "sent"))

    def _portal_check_owner(self):
        return check_customer(self, self.env._("This service report was not sent to you."))

    def _portal_document(self, kind):
        """``(content, mimetype, filename)`` of the report sent to the customer,
        as PDF or XLSX, in the reader's language."""
        self.ensure_one()
        if kind not in self.PORTAL_DOCUMENTS:
            raise UserError(self.env._("Service reports are downloaded as PDF or XLSX."))
        report = self._portal_check_owner().sudo().with_company(self.company_id)
        name = re.sub(r"[^\w-]+", "_", report.reference or "service_report")
        if kind == "xlsx":
            Xlsx = report.env[f"report.{self.PORTAL_DOCUMENTS['xlsx']}"].with_context(
                active_model=self._name
            )
            content, _type = Xlsx.create_xlsx_report(report.ids, {})
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return content, mimetype, f"{name}.xlsx"
        content, rendered = report.env["ir.actions.report"]._render_qweb_pdf(
            self.PORTAL_DOCUMENTS["pdf"], report.ids
        )
        if rendered == "html":  # test mode without a PDF engine: the page itself
            return content, "text/html; charset=utf-8", f"{name}.html"
        return content, "application/pdf", f"{name}.pdf"
