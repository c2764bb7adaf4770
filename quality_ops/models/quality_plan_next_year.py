"""The January routine: next year's plan from this year's targets."""

from odoo import models
from odoo.exceptions import UserError

from ..groups import GROUP_MANAGER
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group
from ..tools.smart_buttons import form_action


class QualityPlan(models.Model):
    _inherit = "quality_ops.plan"

    @arguments()
    def action_copy_to_next_year(self):
        if len(self) != 1:
            raise UserError(self.env._("Do this for one record at a time."))
        require_group(
            self.env,
            GROUP_MANAGER,
            self.env._("Only the quality manager can prepare next year's plan."),
        )
        next_year = self.year + 1
        domain = [("year", "=", next_year), ("plan_type", "=", self.plan_type)]
        if self.plan_type == "project":
            domain.append(("project_id", "=", self.project_id.id))
        else:
            domain.append(("company_id", "=", self.company_id.id))
        existing = self.search(domain, limit=1)
        if existing:
            raise UserError(
                self.env._(
                    "A plan for %(year)s already exists: %(plan)s.",
                    year=next_year,
                    plan=existing.display_name,
                )
            )
        name = self.name.replace(str(self.year), str(next_year))
        if name == self.name:
            name = f"{self.name} ({next_year})"
        new_plan = self._quality_copy_with_pass(
            {
                "year": next_year,
                "name": name,
                "previous_plan_id": self.id,
                "recipient_user_ids": [(6, 0, self.recipient_user_ids.ids)],
            }
        )
        new_plan.message_post(
            body=self.env._(
                "Prepared from %(plan)s: %(count)s targets carried over.",
                plan=self.display_name,
                count=len(new_plan.target_ids),
            )
        )
        return form_action(new_plan, target="current")
