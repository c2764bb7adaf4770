"""Each role starts at its work, and every drill-down of the dashboard opens
records for the quality department (on the demo data: records exist, counts
are not relied on)."""

import datetime

from odoo import fields
from odoo.tests import TransactionCase, tagged, users

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import company_today, role_users
from .test_ticket_access import TICKET_MODELS, open_form

QUALITY_DEMO_USERS = (
    "quality_ops.user_quality_manager",
    "quality_ops.user_representative",
    "quality_ops.user_qa_officer",
)


@tagged("post_install", "-at_install")
class TestDashboardDrillDownsOpenRecords(TransactionCase):
    def assert_opens(self, env, model, domain, what):
        records = env[model].search(domain)
        self.assertTrue(records, f"{env.user.login}: {what} opens no {model}")
        rows = env[model].search_read(domain, ["display_name"], limit=20)
        self.assertEqual(len(rows), min(len(records), 20), what)
        if model in TICKET_MODELS or model == "rating.rating":
            open_form(self, records)
        return records

    def test_every_drill_down_opens_records_for_the_quality_department(self):
        for xmlid in QUALITY_DEMO_USERS:
            user = self.env.ref(xmlid)
            env = self.env(user=user)
            Measurement = env["quality_ops.measurement"]
            # the figures of the cards, the trends and the SLA grid: each
            # stored monthly measurement with a value opens what it counts
            measured = Measurement.search(
                [
                    ("company_id", "=", env.company.id),
                    ("periodicity", "=", "month"),
                    ("source", "!=", "manual"),
                    ("has_value", "=", True),
                    ("denominator", "!=", 0),
                ],
                order="date_from desc",
            )
            self.assertTrue(measured, user.login)
            latest = {}
            for measurement in measured:
                latest.setdefault((measurement.source, measurement.scope), measurement)
            opened = set()
            for (source, scope), measurement in latest.items():
                action = measurement.action_view_records()
                model = action["res_model"]
                records = env[model].search(action["domain"])
                # every record the figure counts is readable by the user
                ids = action["domain"][0][2]
                self.assertEqual(
                    sorted(records.ids), sorted(ids), f"{user.login}: {source} ({scope})"
                )
                self.assert_opens(env, model, action["domain"], f"{source} ({scope})")
                opened.add(model)
            self.assertIn("helpdesk.ticket", opened | {"quality_ops.ticket.sla"})
            self.assertIn("quality_ops.ticket.sla", opened, user.login)
            # the complaints, overdue actions and open findings of the year
            today = company_today(self.env.ref("base.main_company"))
            data = env["quality_ops.dashboard"].get_dashboard_data(
                year=today.year - (1 if today.month == 1 else 0)
            )
            complaints = data["complaints"]
            if complaints["received"]:
                found = self.assert_opens(
                    env, complaints["model"], complaints["domain"], "complaints"
                )
                open_form(self, found.ticket_id)
            for tile in ("overdue_actions", "open_findings"):
                figure = data["improvement"][tile]
                if figure["count"]:
                    self.assert_opens(env, figure["model"], figure["domain"], tile)
            # a clock opens its ticket
            clock = env["quality_ops.ticket.sla"].search([], limit=1)
            self.assertTrue(clock, user.login)
            open_form(self, clock.ticket_id)


# where the root menu lands each role of TestLanding
LANDS_AT = {
    "qo_t_land_engineer": "quality_ops.my_work",
    "qo_t_land_lead": "quality_ops.my_work",
    "qo_t_land_om": "quality_ops.my_work",
    "qo_t_land_officer": "quality_ops.my_work",
    "qo_t_land_manager": "quality_ops.dashboard",
    "qo_t_land_representative": "quality_ops.my_work",
}


@tagged("post_install", "-at_install")
class TestLanding(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = role_users(
            cls.env,
            "qo_t_land",
            ("engineer", "lead", "officer", "manager", "representative", "om"),
            engineer="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
            om="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_manager",
        )

    def work(self, role):
        return self.env["quality_ops.my_work"].with_user(self.users[role]).get_my_work()

    def keys(self, role):
        return [section["key"] for section in self.work(role)["sections"]]

    def test_the_root_menu_opens_the_landing(self):
        menu = self.env.ref("quality_ops.menu_quality_root")
        self.assertEqual(menu.action, self.env.ref("quality_ops.quality_landing_action"))

    @users(*LANDS_AT)
    def test_the_root_menu_lands_each_role_at_its_work(self):
        action = self.env.ref("quality_ops.quality_landing_action").run()
        self.assertEqual(action["tag"], LANDS_AT[self.env.user.login])

    def test_each_role_has_its_sections(self):
        engineer = self.keys("engineer")
        self.assertEqual(engineer, ["my_inspections", "my_actions", "my_tickets_at_risk"])
        self.assertIn("statements_to_confirm", self.keys("lead"))
        self.assertIn("team_tickets_at_risk", self.keys("om"))
        self.assertIn("exemptions_to_decide", self.keys("officer"))
        representative = self.work("representative")["sections"]
        self.assertEqual(
            {s["key"] for s in representative},
            {
                "plans_to_approve",
                "regulation_to_approve",
                "reports_to_approve",
                "reviews_to_close",
                "statements_to_approve",
            },
        )
        self.assertEqual({s["kind"] for s in representative}, {"approval"})

    def test_sections_count_the_records_their_domain_finds(self):
        today = fields.Date.context_today(self.env["quality_ops.my_work"])
        engineer = self.users["engineer"]
        project = self.env["project.project"].create({"name": "Landing O&M"})
        Inspection = self.env["quality_ops.inspection"]
        due = [today + datetime.timedelta(days=d) for d in (3, -2, 0, 30)]
        # as an inspection plan creates them (the due date is the plan's)
        inspections = with_pass(Inspection, creating=True).create(
            [
                {"target": "UPS", "project_id": project.id, "user_id": engineer.id, "due_date": day}
                for day in due
            ]
        )
        section = next(s for s in self.work("engineer")["sections"] if s["key"] == "my_inspections")
        # late, today and the next days, soonest first; not next month's
        self.assertEqual(section["count"], 3)
        self.assertEqual(
            [r["id"] for r in section["records"]],
            [inspections[1].id, inspections[2].id, inspections[0].id],
        )
        self.assertEqual([r["late"] for r in section["records"]], [True, False, False])
        self.assertEqual(section["date_label"], "Due Date")
        found = Inspection.with_user(engineer).search(section["domain"])
        self.assertEqual(len(found), 3)
        # the inspection list, too, shows the soonest first
        self.assertEqual(
            Inspection.search([("id", "in", inspections.ids)]).mapped("due_date"), sorted(due)
        )
