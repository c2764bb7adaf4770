from odoo import models
from odoo.tools import SQL, format_date

from ..indicators import ENGINEER
from ..tools.figures import figure_text
from ..tools.reader_lang import reader_env


class QualityMeasurementFindings(models.AbstractModel):
    """A finding for each measurement that missed its target, when the
    setting asks for them: opened in the quality manager's language, linked
    to its measurement in one statement."""

    _inherit = "quality_ops.measurement.engine"

    def _open_findings_for_misses(self):
        enabled = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("quality_ops.missed_target_finding", "False")
        )
        if enabled in ("False", "0", ""):
            return
        # an engineer's figures are his appraisal's, not the quality system's
        # findings (private: no finding names an engineer's missed figure)
        missed = self.filtered(
            lambda m: m.status == "missed" and not m.finding_id and m.scope != ENGINEER
        )
        if not missed:
            return
        readers = {}  # the company's quality department reads them, not the scheduled action
        vals_list = []
        for measurement in missed:
            manager = measurement.company_id.quality_manager_id
            env = readers.get(manager.id) or readers.setdefault(
                manager.id, reader_env(self.env, manager)
            )
            vals_list.append(
                {
                    "name": env._(
                        "%(indicator)s missed its target (%(value)s vs %(target)s)",
                        indicator=measurement.indicator_id.with_env(env).display_name,
                        value=figure_text(env, True, measurement.value, measurement.unit),
                        target=figure_text(env, True, measurement.target_value, measurement.unit),
                    ),
                    "origin": "indicator",
                    "source_ref": f"quality_ops.measurement,{measurement.id}",
                    "severity": "minor",
                    "description": env._(
                        "Period %(date_from)s to %(date_to)s, scope %(scope)s.",
                        date_from=format_date(env, measurement.date_from),
                        date_to=format_date(env, measurement.date_to),
                        scope=dict(self._fields["scope"]._description_selection(env)).get(
                            measurement.scope, measurement.scope
                        ),
                    ),
                    "project_id": measurement.project_id.id,
                    "company_id": measurement.company_id.id,
                    "responsible_id": manager.id,
                }
            )
        findings = self.env["quality_ops.finding"].sudo().create(vals_list)
        # one statement links them all (a control field, written by the engine)
        self.flush_model(["finding_id"])
        self.env.cr.execute(
            SQL(
                """UPDATE quality_ops_measurement m SET finding_id = link.finding_id
                     FROM unnest(%s::int[], %s::int[]) AS link(measurement_id, finding_id)
                    WHERE m.id = link.measurement_id""",
                missed.ids,
                findings.ids,
            )
        )
        missed.invalidate_recordset(["finding_id"])
