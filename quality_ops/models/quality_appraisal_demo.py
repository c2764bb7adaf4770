from odoo import api, models

from ..periods import add_months, period_bounds


class QualityDemoAppraisal(models.AbstractModel):
    _inherit = "quality_ops.demo"

    @api.model
    def _demo_appraisals(self, template_xmlid, manager_xmlid, rows):
        """The engineers' appraisals of the last months, each taken as far
        as ``rows`` say, by the people who make each step: ``rows`` are
        ``(engineer xmlid, months back, manager's score, manager's comment,
        engineer's comment, state)``."""
        template = self.env.ref(template_xmlid)
        manager = self.env.ref(manager_xmlid)
        today = self._demo_today()
        Appraisal = self.env["quality_ops.appraisal"].with_user(manager)
        for engineer_xmlid, back, score, comment, reply, state in rows:
            engineer = self.env.ref(engineer_xmlid)
            month = period_bounds("month", add_months(today, -back))[0]
            appraisal = Appraisal.with_company(template.company_id).create(
                {
                    "user_id": engineer.id,
                    "date_from": month,
                    "template_id": template.id,
                    "company_id": template.company_id.id,
                    "manager_score": score,
                    "manager_comment": comment,
                }
            )
            if state == "draft":
                continue
            appraisal.action_submit()
            # each step's trail in the name of who made it (one transaction here)
            appraisal._track_finalize()
            if reply:
                appraisal.with_user(engineer).write({"engineer_comment": reply})
            if state != "submitted":
                appraisal.with_user(engineer).action_confirm()
            appraisal.with_user(engineer)._track_finalize()
            if state in ("submitted", "confirmed"):
                continue
            appraisal.action_approve()
            appraisal._track_finalize()
