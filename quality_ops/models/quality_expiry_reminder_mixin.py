import datetime

from odoo import fields, models
from odoo.tools import SQL


class QualityExpiryReminderMixin(models.AbstractModel):
    """Reminders before a date runs out (a certificate's validity, a supplier
    contract's end): the last threshold reminded is kept on the record, so
    that each threshold reminds once."""

    _name = "quality_ops.expiry.reminder.mixin"
    _inherit = ["quality_ops.reminder.mixin"]
    _description = "Quality Expiry Reminders"

    reminded_days = fields.Integer(
        readonly=True,
        copy=False,
        help="The last expiry reminder sent, in days before expiry (0: none yet).",
    )

    def _quality_expiring(self, date_field, where, thresholds, today=None):
        """The records whose ``date_field`` falls within each of ``thresholds``
        days of today (nearest threshold last) and not yet reminded at it
        (their ``reminded_days``), among those ``where`` (SQL) selects:
        yields ``(days, records)``. Today is each record's company's (dates
        are the company's days), or ``today`` when given. The rows are locked
        as they are chosen, so that two runs at once remind each record once;
        the caller writes ``reminded_days`` before the next threshold is read."""
        column = SQL.identifier(date_field)
        for day, companies in self.env["res.company"]._quality_scheduled_days(today):
            chosen = where
            if companies:
                of_companies = self.sudo().with_context(active_test=False)._search(companies)
                chosen = SQL("%s AND id IN %s", where, of_companies.subselect())
            for days in sorted(thresholds):
                self.env.flush_all()
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE %s AND %s >= %s AND %s <= %s"
                        " AND (COALESCE(reminded_days, 0) = 0 OR reminded_days > %s)"
                        " ORDER BY id FOR UPDATE SKIP LOCKED",
                        SQL.identifier(self._table),
                        chosen,
                        column,
                        day,
                        column,
                        day + datetime.timedelta(days=days),
                        days,
                    )
                )
                due = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
                if due:
                    yield days, due
