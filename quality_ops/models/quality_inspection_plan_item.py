from odoo import api, fields, models

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.record_fields import belongs_to_field, company_of_field


class QualityInspectionPlanItem(models.Model):
    """An item an inspection checks (temperature of the machine room, state
    of the core switches, last backup...), with what it should show."""

    _name = "quality_ops.inspection.plan.item"
    _description = "Inspection Plan Item"
    _order = "plan_id, sequence, id"

    plan_id = belongs_to_field("quality_ops.inspection.plan")
    company_id = company_of_field("plan_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    standard = fields.Char(string="Expected", help="What a normal reading is.")

    # the inspections not yet begun take the items as they are now
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        items = super().create(vals_list)
        items.plan_id._replan()
        return items

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        plans = self.plan_id
        result = super().write(vals)
        (plans | self.plan_id)._replan()
        return result

    def unlink(self):
        check_ids(self)
        plans = self.plan_id
        result = super().unlink()
        plans.exists()._replan()
        return result
