from odoo import fields, models
from odoo.tools import SQL

from .quality_vendor_case import KINDS, STATES


class QualityVendorReport(models.Model):
    """Vendor figures (厂商服务统计): one row per vendor case, counted in the
    local month (company time zone) it was opened; response and resolution
    on time against the terms the case was opened under, mean hours. Read
    per vendor and month by grouping (``_read_group``).

    On time is the rule of ``quality_ops/vendors.py`` (``on_time``), derived
    here in SQL: a case with terms counts once the vendor acted, or once it is
    late without having acted; it is met when the act came at or before the
    opening plus the terms' hours."""

    _name = "quality_ops.vendor.report"
    _description = "Vendor Figures"
    _auto = False
    _order = "month desc, partner_id"
    _rec_name = "case_id"
    _depends = {
        "quality_ops.vendor.case": [
            "name",
            "kind",
            "state",
            "ticket_id",
            "company_id",
            "partner_id",
            "contract_id",
            "owner_id",
            "opened_at",
            "responded_at",
            "resolved_at",
            "response_hours",
            "resolution_hours",
        ],
    }

    case_id = fields.Many2one(comodel_name="quality_ops.vendor.case", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Vendor", readonly=True)
    contract_id = fields.Many2one(comodel_name="quality_ops.supplier.contract", readonly=True)
    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", readonly=True)
    owner_id = fields.Many2one(comodel_name="res.users", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True, help="Local month the case was opened.")
    month_key = fields.Char(string="Month (YYYY-MM)", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    case_count = fields.Integer(string="Cases", readonly=True)
    response_counted = fields.Integer(
        string="Responses Judged",
        readonly=True,
        help="Cases with response terms the vendor responded to, or is late for.",
    )
    response_met = fields.Integer(string="Responses on Time", readonly=True)
    response_rate = fields.Float(
        string="Response on Time (%)",
        readonly=True,
        aggregator="avg",
        help="Responses on time / responses judged.",
    )
    resolution_counted = fields.Integer(
        string="Resolutions Judged",
        readonly=True,
        help="Cases with resolution terms the vendor resolved, or is late for.",
    )
    resolution_met = fields.Integer(string="Resolutions on Time", readonly=True)
    resolution_rate = fields.Float(
        string="Resolution on Time (%)",
        readonly=True,
        aggregator="avg",
        help="Resolutions on time / resolutions judged.",
    )
    response_elapsed = fields.Float(
        string="Mean Response (h)",
        readonly=True,
        aggregator="avg",
        help="Mean calendar hours from opening to the vendor's first response.",
    )
    resolution_elapsed = fields.Float(
        string="Mean Resolution (h)",
        readonly=True,
        aggregator="avg",
        help="Mean calendar hours from opening to the resolution.",
    )

    # ------------------------------------------------------------------
    def _judged_sql(self, done, hours):
        """SQL of ``vendors.on_time`` not being None: terms, and the act done
        or the deadline passed."""
        return SQL(
            "(c.%(hours)s > 0 AND (c.%(done)s IS NOT NULL"
            " OR (now() AT TIME ZONE 'UTC') > %(due)s))",
            hours=SQL.identifier(hours),
            done=SQL.identifier(done),
            due=self._due_sql(hours),
        )

    def _met_sql(self, done, hours):
        """SQL of ``vendors.on_time`` being True: the act at or before the deadline."""
        return SQL(
            "(c.%(hours)s > 0 AND c.%(done)s IS NOT NULL AND c.%(done)s <= %(due)s)",
            hours=SQL.identifier(hours),
            done=SQL.identifier(done),
            due=self._due_sql(hours),
        )

    def _due_sql(self, hours):
        return SQL("(c.opened_at + c.%s * INTERVAL '1 hour')", SQL.identifier(hours))

    def _elapsed_sql(self, done):
        return SQL(
            "EXTRACT(EPOCH FROM (c.%(done)s - c.opened_at)) / 3600.0", done=SQL.identifier(done)
        )

    def _select(self):
        local_month = self.env["quality_ops.indicator.registry"]._local_month_sql(
            SQL("c.opened_at"), SQL("c.company_id")
        )
        response_judged = self._judged_sql("responded_at", "response_hours")
        resolution_judged = self._judged_sql("resolved_at", "resolution_hours")
        response_met = self._met_sql("responded_at", "response_hours")
        resolution_met = self._met_sql("resolved_at", "resolution_hours")
        return SQL(
            """
            SELECT c.id,
                   c.id AS case_id,
                   c.kind,
                   c.state,
                   c.partner_id,
                   c.contract_id,
                   c.ticket_id,
                   c.owner_id,
                   c.company_id,
                   %(month)s AS month,
                   to_char(%(month)s, 'YYYY-MM') AS month_key,
                   EXTRACT(YEAR FROM %(month)s)::int AS year,
                   1 AS case_count,
                   %(response_judged)s::int AS response_counted,
                   %(response_met)s::int AS response_met,
                   CASE WHEN %(response_judged)s
                        THEN 100.0 * %(response_met)s::int END AS response_rate,
                   %(resolution_judged)s::int AS resolution_counted,
                   %(resolution_met)s::int AS resolution_met,
                   CASE WHEN %(resolution_judged)s
                        THEN 100.0 * %(resolution_met)s::int END AS resolution_rate,
                   %(response_elapsed)s AS response_elapsed,
                   %(resolution_elapsed)s AS resolution_elapsed
            """,
            month=local_month,
            response_judged=response_judged,
            response_met=response_met,
            resolution_judged=resolution_judged,
            resolution_met=resolution_met,
            response_elapsed=self._elapsed_sql("responded_at"),
            resolution_elapsed=self._elapsed_sql("resolved_at"),
        )

    def _from(self):
        return SQL("quality_ops_vendor_case c")

    def _where(self):
        return SQL("TRUE")

    @property
    def _table_query(self):
        return SQL("%s FROM %s WHERE %s", self._select(), self._from(), self._where())
