from odoo.tests import new_test_user

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import QualityCommon


class PeopleCommon(QualityCommon):
    """An O&M manager leading a team of two engineers, a third engineer in
    no team of his, a training plan of the test year and certificate types."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.om = new_test_user(
            cls.env,
            "qo_t_om",
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_manager",
            name="Test O&M Manager",
        )
        cls.member = new_test_user(
            cls.env,
            "qo_t_member",
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
            name="Test Team Engineer",
        )
        cls.outsider = new_test_user(
            cls.env,
            "qo_t_outsider",
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
            name="Test Other Engineer",
        )
        cls.om_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test L2",
                "user_id": cls.om.id,
                "user_ids": [(6, 0, [cls.om.id, cls.member.id, cls.engineer.id])],
            }
        )
        cls.type_a = cls.env["quality_ops.certificate.type"].create(
            {"name": "Test cert A", "category": "vendor", "issuer": "Vendor A"}
        )
        cls.type_b = cls.env["quality_ops.certificate.type"].create(
            {"name": "Test cert B", "category": "itss", "issuer": "ITSS"}
        )

    @classmethod
    def make_training_plan(cls, year=2024, company=None, approve=True):
        """The plan of ``year`` (the one made before, under ``@users``)."""
        Plan = cls.env["quality_ops.training.plan"].sudo()
        found = Plan.search([("year", "=", year), ("company_id", "=", (company or cls.company).id)])
        if found:
            return found.with_env(cls.env)
        plan = cls.env["quality_ops.training.plan"].create(
            {
                "name": f"Training {year}",
                "year": year,
                "company_id": (company or cls.company).id,
            }
        )
        if approve and company:
            # a company of the fixture's own, outside the manager's
            with_pass(plan).write({"state": "approved"})
        elif approve:
            plan.with_user(cls.manager).action_approve()
        return plan

    @classmethod
    def make_session(cls, plan, day, hours, attendees, organiser=None, **vals):
        """``attendees``: ``[(user, attended)]``."""
        return cls.env["quality_ops.training.session"].create(
            {
                "plan_id": plan.id,
                "name": vals.pop("name", "Session"),
                "date": day,
                "hours": hours,
                "trainer": "Trainer",
                "organiser_id": (organiser or cls.officer).id,
                "attendance_ids": [
                    (0, 0, {"user_id": user.id, "attended": attended})
                    for user, attended in attendees
                ],
                **vals,
            }
        )

    @classmethod
    def make_certificate(cls, user, ctype, number, expiry=None, verify=True, issued=None):
        """A certificate of ``user`` made as the fixtures are (also under
        ``@users``), verified by the QA/QC officer unless not ``verify``."""
        cert = cls.env["quality_ops.certificate"].create(
            {
                "user_id": user.id,
                "type_id": ctype.id,
                "number": number,
                "issued_on": issued,
                "expiry_date": expiry,
                "company_id": cls.company.id,
            }
        )
        if verify:
            cls.env["ir.attachment"].create(
                {
                    "name": f"{number}.pdf",
                    "raw": b"%PDF-1.4 copy",
                    "res_model": cert._name,
                    "res_id": cert.id,
                }
            )
            cert.attachment_ids = cls.env["ir.attachment"].search(
                [("res_model", "=", cert._name), ("res_id", "=", cert.id)]
            )
            cert.with_user(cls.officer).action_verify()
        return cert
