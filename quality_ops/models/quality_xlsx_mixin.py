import psycopg2

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.argument_guard import arguments

EXPORT_REPORT = "quality_ops.xlsx_export"


class QualityXlsxMixin(models.AbstractModel):
    """XLSX export of the current selection or the current search.

    A model lists the columns it exports in ``_quality_xlsx_fields`` (field
    names, or ``(many2one, field of the target)`` pairs) and, for records with
    lines, ``_quality_xlsx_children`` (one2many field names): the lines go to a
    sheet of their own, with the columns their model exports. The rows are read
    in batches by SQL and streamed to the workbook (see
    ``report.quality_ops.xlsx_export``).
    """

    _name = "quality_ops.xlsx.mixin"
    _description = "XLSX Export Mixin"

    _quality_xlsx_fields = ()
    _quality_xlsx_children = ()

    @api.model
    def _quality_xlsx_readable(self):
        """Extra domain of what quality_ops exports of this model: the rows of
        other modules' models it rolls up (ratings...) follow the records they
        belong to."""
        return []

    def _quality_xlsx_report_action(self, data):
        if not self._quality_xlsx_fields:
            raise UserError(self.env._("%(model)s has no XLSX export.", model=self._description))
        self.check_access("read")
        return {
            "type": "ir.actions.report",
            "report_name": EXPORT_REPORT,
            "report_type": "xlsx",
            "name": self._description,
            "data": {"model": self._name, **data},
            "context": {"active_model": self._name},
        }

    @arguments()
    def action_quality_export_xlsx(self):
        """Export the selected records."""
        if not self:
            raise UserError(self.env._("Select the records to export first."))
        return self._quality_xlsx_report_action({"ids": self.ids})

    @api.model
    @arguments(domain="domain")
    def action_quality_export_search_xlsx(self, domain=None):
        """Export every record of the current search, however many."""
        domain = list(domain or [])
        # a filter the ORM cannot read or PostgreSQL cannot run is said now,
        # not when the file is written
        try:
            with self.env.cr.savepoint():
                self.search_count(domain, limit=1)
        except (ValueError, TypeError, KeyError, IndexError, psycopg2.Error):
            raise UserError(self.env._("The filter sent is not a valid search.")) from None
        return self._quality_xlsx_report_action({"domain": domain})
