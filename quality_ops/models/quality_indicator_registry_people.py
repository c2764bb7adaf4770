"""The people indicators (training and competence), added to the registry as
another module would add them: training hours per person and the
certificate coverage of the key positions."""

from odoo import models
from odoo.tools import SQL

from .quality_indicator_registry import Part, project_record_part


class QualityIndicatorRegistryPeople(models.AbstractModel):
    _inherit = "quality_ops.indicator.registry"

    def _source_training_hours(self, period):
        """Hours attended / people invited, over the sessions held in the
        period: the hours of each attendance line, and each person invited
        once (per company) in the period's denominator."""
        held = SQL(
            "quality_ops_training_attendance r"
            " JOIN quality_ops_training_session s ON s.id = r.session_id"
        )
        common = {
            "model": "quality_ops.training.attendance",
            "company": SQL("r.company_id"),
            "team": SQL("NULL::int"),
            "project": SQL("NULL::int"),
            "customer": SQL("NULL::int"),
            "day": SQL("r.session_date"),
        }
        first_of_person = SQL(
            "r.id = (SELECT MIN(a.id) FROM quality_ops_training_attendance a"
            " JOIN quality_ops_training_session sa ON sa.id = a.session_id"
            " WHERE a.user_id = r.user_id AND a.company_id = r.company_id"
            " AND sa.state = 'done' AND a.session_date >= %s AND a.session_date <= %s)",
            period.date_from,
            period.date_to,
        )
        return [
            Part(
                from_clause=held,
                numerator=SQL("COALESCE(r.hours, 0)"),
                denominator=SQL("0"),
                where=SQL("s.state = 'done' AND r.attended"),
                **common,
            ),
            Part(
                from_clause=held,
                numerator=SQL("0"),
                denominator=SQL("1"),
                where=SQL("s.state = 'done' AND %s", first_of_person),
                **common,
            ),
        ]

    def _source_key_position_cover(self, period):
        """Key positions at the period's end whose holder has a verified
        certificate, valid on the last day, of a type the role requires / key
        positions with a holder (a state at the period's end)."""
        certified = SQL(
            "EXISTS (SELECT 1 FROM quality_ops_certificate c"
            " JOIN quality_ops_key_position_certificate_type_rel rel"
            " ON rel.quality_ops_certificate_type_id = c.type_id"
            " AND rel.quality_ops_key_position_id = r.id"
            " WHERE c.user_id = r.user_id AND c.state = 'verified'"
            " AND (c.expiry_date IS NULL OR c.expiry_date >= %s)"
            " AND (c.issued_on IS NULL OR c.issued_on <= %s))",
            period.date_to,
            period.date_to,
        )
        return [
            project_record_part(
                "quality_ops.key.position",
                SQL("(%s)::int", certified),
                join="JOIN",
                at_end=True,
                where=SQL(
                    "r.active AND r.user_id IS NOT NULL AND r.create_date < %s",
                    period.end,
                ),
            )
        ]
