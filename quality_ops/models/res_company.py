from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..periods import local_date, utc_bounds

# the name of the complaint rules' version (quality_ops.cache.version)
COMPLAINT_RULES_VERSION = "complaint_rules"
COMPLAINT_RULE_FIELDS = {
    "quality_complaint_category_ids",
    "quality_complaint_tag_ids",
    "quality_complaint_channel_ids",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    quality_manager_id = fields.Many2one(
        comodel_name="res.users",
        help="Head of the quality department: receives escalations and owns plans.",
    )
    quality_representative_id = fields.Many2one(
        comodel_name="res.users",
        string="Management Representative",
        help="Technical VP with final authority on quality: approves plans and reports.",
    )
    quality_audit_month_h1 = fields.Selection(
        [(str(m), str(m)) for m in range(1, 7)],
        string="First Internal Audit Month",
        default="6",
    )
    quality_audit_month_h2 = fields.Selection(
        [(str(m), str(m)) for m in range(7, 13)],
        string="Second Internal Audit Month",
        default="12",
    )
    quality_complaint_category_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.category",
        relation="res_company_quality_complaint_category_rel",
        string="Complaint Categories",
    )
    quality_complaint_tag_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.tag",
        relation="res_company_quality_complaint_tag_rel",
        string="Complaint Tags",
    )
    quality_complaint_channel_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.channel",
        relation="res_company_quality_complaint_channel_rel",
        string="Complaint Channels",
    )

    def _quality_tz(self):
        """The time zone in which the company's periods start: its address's
        (the partner's) time zone, else its working calendar's, else UTC."""
        self.ensure_one()
        return self.partner_id.tz or self.resource_calendar_id.tz or "UTC"

    def _quality_local_date(self, instant):
        """The local date of a naive UTC instant, in the company's time zone."""
        self.ensure_one()
        return local_date(instant, self.sudo()._quality_tz())

    def _quality_today(self):
        """The company's today: the day its periods, steps and reminders count."""
        return self._quality_local_date(fields.Datetime.now())

    @api.model
    def _quality_todays(self):
        """Every company's today, in order: the days scheduled work takes as
        today (one, or two while midnight lies between their time zones)."""
        return list(self._quality_companies_by_today())

    @api.model
    def _quality_companies_by_today(self):
        """``{day: companies}``: every company under its today, in order of
        the days (one, or two while midnight lies between their time zones)."""
        now = fields.Datetime.now()
        every = self.sudo().search([])  # pylint: disable=no-search-all
        return dict(sorted(every.grouped(lambda company: company._quality_local_date(now)).items()))

    @api.model
    def _quality_scheduled_days(self, today=None):
        """What scheduled work takes as today, for records of companies:
        ``[(day, domain)]``, each company's today and the domain of the
        records (by ``company_id``) whose company is on that day. Usually one
        day, the domain then empty (every record); two while midnight lies
        between the companies' time zones, the records of no company or of an
        archived one going with the current company's day. ``today``, when
        given, is every record's."""
        if today:
            return [(today, [])]
        by_day = self._quality_companies_by_today()
        if len(by_day) == 1:
            return [(day, []) for day in by_day]
        every = self.browse().union(*by_day.values())
        own = self.env.company._quality_today()
        return [
            (day, [("company_id", "not in", (every - companies).ids)])
            if day == own
            else (day, [("company_id", "in", companies.ids)])
            for day, companies in by_day.items()
        ]

    @api.model
    def _quality_tz_sql(self, company):
        """SQL: the time zone of the company whose id is the SQL expression
        ``company``, by the rule of ``_quality_tz`` (for queries over several
        companies)."""
        return SQL(
            "(SELECT COALESCE(NULLIF(zp.tz, ''), NULLIF(zc.tz, ''), 'UTC')"
            " FROM res_company zr JOIN res_partner zp ON zp.id = zr.partner_id"
            " LEFT JOIN resource_calendar zc ON zc.id = zr.resource_calendar_id"
            " WHERE zr.id = %s)",
            company,
        )

    def _quality_local_date_sql(self, instant, company=None):
        """SQL: the local date of the naive UTC instant ``instant`` (an SQL
        expression), in this company's time zone, or, given ``company`` (an
        SQL expression of a company id), in that row's company's: the SQL twin
        of ``_quality_local_date``."""
        if company is None:
            self.ensure_one()
            zone = self.sudo()._quality_tz()
        else:
            zone = self._quality_tz_sql(company)
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", instant, zone)

    def _quality_utc_bounds(self, date_from, date_to):
        """``[start, end)`` in UTC of local days ``date_from`` to ``date_to``."""
        self.ensure_one()
        return utc_bounds(date_from, date_to, self.sudo()._quality_tz())

    @api.model_create_multi
    def create(self, vals_list):
        if any(COMPLAINT_RULE_FIELDS & set(vals) for vals in vals_list):
            self.env["quality_ops.cache.version"].sudo()._bump(COMPLAINT_RULES_VERSION)
        return super().create(vals_list)

    def write(self, vals):
        if COMPLAINT_RULE_FIELDS & set(vals):
            # the complaint rules below are read again, nothing else
            self.env["quality_ops.cache.version"].sudo()._bump(COMPLAINT_RULES_VERSION)
        return super().write(vals)

    @api.model
    def _quality_complaint_rules(self):
        """``{company id: (category ids, tag ids, channel ids)}`` of the companies
        that turn tickets into complaints, kept by the registry: creating a
        ticket reads no settings but their version."""
        version = self.env["quality_ops.cache.version"].sudo()._current(COMPLAINT_RULES_VERSION)
        return self._quality_cached_complaint_rules(version[0])

    @api.model
    @tools.ormcache("version")
    def _quality_cached_complaint_rules(self, version):
        companies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], sorted(COMPLAINT_RULE_FIELDS))
        )
        rules = {}
        for company in companies:
            rule = (
                frozenset(company.quality_complaint_category_ids.ids),
                frozenset(company.quality_complaint_tag_ids.ids),
                frozenset(company.quality_complaint_channel_ids.ids),
            )
            if any(rule):
                rules[company.id] = rule
        return rules
