"""Publication of an approved quality plan: to whom, and what they are asked."""

from odoo import models

from ..tools.argument_guard import arguments
from ..tools.reader_lang import reader_env


class QualityPlan(models.Model):
    _inherit = "quality_ops.plan"

    @arguments()
    def action_publish(self):
        self._quality_transition("publish")
        notify = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("quality_ops.plan_notify_on_publish", "True")
        )
        for plan in self:
            recipients = plan._get_publication_recipients()
            # stored: recipients read the published plan (record rule)
            plan._quality_write({"recipient_user_ids": [(6, 0, recipients.ids)]})
            plan.message_subscribe(partner_ids=recipients.partner_id.ids)
            plan.message_post(
                body=self.env._(
                    "Quality plan %(plan)s published to: %(names)s",
                    plan=plan.display_name,
                    names=", ".join(recipients.mapped("name")) or "-",
                ),
                subtype_xmlid="mail.mt_comment",
                partner_ids=recipients.partner_id.ids,
            )
            if notify not in ("False", "0", ""):
                for user in recipients:
                    plan.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=user.id,
                        summary=reader_env(self.env, user)._("Apply the published quality plan"),
                        note=reader_env(self.env, user)._(
                            "Share the targets of %(plan)s with your team and "
                            "follow them during the year.",
                            plan=plan.display_name,
                        ),
                    )
        return True

    def _get_publication_recipients(self):
        self.ensure_one()
        if self.recipient_user_ids:
            return self.recipient_user_ids
        users = self.env["res.users"]
        if self.plan_type == "project":
            users |= self.project_id.user_id | self.project_id.quality_lead_id
        else:
            teams = (
                self.env["helpdesk.ticket.team"]
                .sudo()
                .search([("company_id", "in", [self.company_id.id, False])])
            )
            users |= teams.user_id
            users |= self.target_ids.team_id.user_id
            users |= self.target_ids.project_id.user_id
        return users.filtered(lambda u: not u.share and u.active)
