from odoo import api, fields, models
from odoo.exceptions import UserError

from ..periods import add_months, period_bounds
from ..tools.argument_guard import arguments
from ..tools.period_label import period_label


def _last_month(wizard):
    today = fields.Date.context_today(wizard)
    return period_bounds("month", add_months(today, -1))[0]


class QualityAppraisalGenerateWizard(models.TransientModel):
    """Draw up the month's appraisals of a team's engineers at once: one
    draft per member who has none yet (the team's leader and the manager
    himself excepted), each with its figures, in one creation."""

    _name = "quality_ops.appraisal.generate.wizard"
    _description = "Generate Monthly Appraisals"

    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        required=True,
        domain="[('user_id', '=', uid)]",
    )
    date_from = fields.Date(string="Month", required=True, default=_last_month)
    month_label = fields.Char(string="Month Name", compute="_compute_month_label")
    template_id = fields.Many2one(comodel_name="quality_ops.appraisal.template", required=True)

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for wizard in self:
            wizard.month_label = period_label(self.env, "month", wizard.date_from)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "template_id" in fields_list and not values.get("template_id"):
            template = self.env["quality_ops.appraisal.template"].search(
                [("company_id", "in", self.env.companies.ids)], limit=1
            )
            values["template_id"] = template.id
        return values

    @arguments()
    def action_generate(self):
        self.ensure_one()
        month = period_bounds("month", self.date_from)[0]
        team = self.team_id
        company = self.template_id.company_id
        engineers = (team.sudo().user_ids - team.sudo().user_id - self.env.user).filtered(
            lambda u: not u.share and company in u.company_ids
        )
        Appraisal = self.env["quality_ops.appraisal"]
        existing = Appraisal.sudo().search(
            [
                ("user_id", "in", engineers.ids),
                ("date_from", "=", month),
                ("company_id", "=", company.id),
            ]
        )
        missing = engineers - existing.user_id
        if not missing:
            raise UserError(
                self.env._(
                    "Every engineer of %(team)s already has an appraisal for this month.",
                    team=team.display_name,
                )
            )
        created = Appraisal.with_company(company).create(
            [
                {
                    "user_id": user.id,
                    "date_from": month,
                    "template_id": self.template_id.id,
                    "company_id": company.id,
                }
                for user in missing
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appraisals"),
            "res_model": "quality_ops.appraisal",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", created.ids)],
        }
