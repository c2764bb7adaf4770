import datetime

from odoo import api, fields, models

from ..groups import GROUP_ENGINEER
from ..tools.smart_buttons import window_action

# the first steps on an existing helpdesk, in the order they are taken
STEPS = ("calendar", "holidays", "roles", "policies", "plan", "history")


class QualitySetup(models.AbstractModel):
    """What a company has set up of quality_ops, read by the settings'
    checklist (*Getting started*): each step is done or opens what it needs."""

    _name = "quality_ops.setup"
    _description = "Quality Setup Checklist"

    @api.model
    def _holiday_year(self, today):
        """The year whose public holidays matter now: next year's in December,
        when the State Council has published them and SLA calendars are planned."""
        return today.year + 1 if today.month == 12 else today.year

    @api.model
    @api.readonly
    def _done(self, company):
        """``{step: done}`` for ``company``: a handful of counts."""
        company = company.sudo()
        today = fields.Date.context_today(self)
        calendar = company.resource_calendar_id
        year = self._holiday_year(today)
        first = datetime.datetime(year, 1, 1)
        holidays = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search_count(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", [calendar.id, False]),
                    ("company_id", "in", [company.id, False]),
                    ("date_from", ">=", first - datetime.timedelta(days=1)),
                    ("date_from", "<", first.replace(year=year + 1)),
                ],
                limit=1,
            )
        )
        engineers = self.env.ref(GROUP_ENGINEER).sudo().all_user_ids
        Policy = self.env["quality_ops.sla.policy"].sudo()
        first_policy = Policy.search(
            [("company_id", "=", company.id)], order="create_date", limit=1
        )
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        older_tickets = bool(first_policy) and self.env["helpdesk.ticket"].sudo().search_count(
            [("company_id", "=", company.id), ("create_date", "<", first_policy.create_date)],
            limit=1,
        )
        return {
            "calendar": bool(calendar and calendar.tz and calendar.attendance_ids),
            "holidays": bool(holidays),
            # besides the two named above, people of the company in the quality groups
            "roles": bool(
                company.quality_manager_id
                and company.quality_representative_id
                and (
                    engineers - company.quality_manager_id - company.quality_representative_id
                ).filtered(lambda user: company in user.company_ids)
            ),
            "policies": bool(first_policy),
            "plan": bool(
                self.env["quality_ops.plan"]
                .sudo()
                .search_count(
                    [
                        ("company_id", "=", company.id),
                        ("plan_type", "=", "organisation"),
                        ("year", "=", today.year),
                    ],
                    limit=1,
                )
            ),
            # tickets older than the first policy had no live clocks: rebuilt, or none
            "history": bool(first_policy)
            and (
                not older_tickets
                or bool(
                    Clock.search_count(
                        [("company_id", "=", company.id), ("reconstructed", "=", True)], limit=1
                    )
                )
            ),
        }

    @api.model
    def _action(self, step, company):
        """The window that does ``step``."""
        if step == "calendar":
            return {
                "type": "ir.actions.act_window",
                "res_model": "resource.calendar",
                "res_id": company.resource_calendar_id.id,
                "views": [(False, "form")],
                "target": "current",
            }
        if step == "roles":
            return window_action(self.env, "base.action_res_users", [("share", "=", False)])
        xmlid = {
            "holidays": "quality_ops.quality_holiday_import_wizard_action",
            "policies": "quality_ops.quality_sla_policy_action",
            "plan": "quality_ops.quality_plan_action",
            "history": "quality_ops.quality_sla_rebuild_wizard_action",
        }[step]
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if step == "holidays":
            year = self._holiday_year(fields.Date.context_today(self))
            action["context"] = {"default_year": year, "default_company_id": company.id}
        return action
