"""The first steps on an existing helpdesk: the settings' checklist, and next
year's public holidays from the State Council's notice in December."""

import datetime as dt

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import QualityCommon, role_user

NOTICE_2027 = (
    "国务院办公厅关于2027年部分节假日安排的通知\n"
    "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
    "二、春节：2月6日（农历除夕、周六）至14日（周日）放假调休，共9天。"
    "2月20日（周六）上班。\n"
)


@tagged("post_install", "-at_install")
class TestSetupChecklist(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Setup Co"})
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Setup office", "tz": "Asia/Shanghai", "company_id": cls.company_b.id}
        )
        cls.company_b.resource_calendar_id = cls.calendar
        cls.boss = role_user(
            cls.env,
            "qo_setup_manager",
            groups="quality_ops.group_quality_manager,base.group_system",
            company=cls.company_b,
        )
        # a QA officer of the first company, not (yet) of Setup Co
        cls.officer = new_test_user(
            cls.env, "qo_setup_officer", groups="quality_ops.group_quality_officer"
        )

    def done(self):
        return self.env["quality_ops.setup"]._done(self.company_b)

    def test_steps_turn_done_as_the_company_takes_them(self):
        done = self.done()
        self.assertTrue(done["calendar"], "a calendar with a time zone and attendances")
        for step in ("holidays", "roles", "policies", "plan", "history"):
            self.assertFalse(done[step], step)
        self.company_b.write(
            {"quality_manager_id": self.boss.id, "quality_representative_id": self.boss.id}
        )
        self.assertFalse(self.done()["roles"], "nobody in the quality groups works there yet")
        self.officer.company_ids += self.company_b
        self.assertTrue(self.done()["roles"])
        year = self.env["quality_ops.setup"]._holiday_year(dt.date.today())
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "company_id": self.company_b.id,
                "date_from": dt.datetime(year, 5, 1),
                "date_to": dt.datetime(year, 5, 2),
            }
        )
        self.assertTrue(self.done()["holidays"])
        self.env["quality_ops.sla.policy"].create(
            {
                "name": "B standard",
                "company_id": self.company_b.id,
                "line_ids": [(0, 0, {"priority": "1", "response_hours": 4})],
            }
        )
        done = self.done()
        self.assertTrue(done["policies"])
        self.assertTrue(done["history"], "no ticket predates the first policy")
        settings = self.env["res.config.settings"].with_company(self.company_b).create({})
        self.assertTrue(settings.quality_setup_policies)
        self.assertEqual(settings.quality_setup_holiday_year, year)

    def test_december_plans_next_year(self):
        Setup = self.env["quality_ops.setup"]
        self.assertEqual(Setup._holiday_year(dt.date(2026, 12, 6)), 2027)
        self.assertEqual(Setup._holiday_year(dt.date(2026, 11, 30)), 2026)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_steps_open_for_the_quality_manager_only(self):
        settings = self.env["res.config.settings"].with_user(self.boss).create({})
        action = settings.with_context(quality_setup_step="history").action_quality_setup_step()
        self.assertEqual(action["res_model"], "quality_ops.sla.rebuild.wizard")
        with self.assertRaises(AccessError):
            settings.with_user(self.officer).with_context(
                quality_setup_step="history"
            ).action_quality_setup_step()

    def test_next_years_holidays_from_the_state_councils_notice(self):
        """December 2026: the library knows 2026 only; the notice of 2027 pasted
        as published fills the calendar."""
        Wizard = self.env["quality_ops.holiday.import.wizard"]
        official = Wizard.create(
            {"source": "official", "year": 2099, "calendar_id": self.calendar.id}
        )
        with self.assertRaisesRegex(UserError, "国务院办公厅关于2099年部分节假日安排的通知"):
            official.action_import()
        Wizard.create(
            {
                "source": "lines",
                "year": 2027,
                "calendar_id": self.calendar.id,
                "company_id": self.company_b.id,
                "lines": NOTICE_2027,
            }
        ).action_import()
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        self.assertEqual(len(leaves), 2)
        makeups = self.env["quality_ops.makeup.day"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        self.assertEqual(makeups.mapped("date"), [dt.date(2027, 2, 20)])

    def test_holiday_import_answers_bad_input_with_a_message(self):
        Wizard = self.env["quality_ops.holiday.import.wizard"]
        bad = [
            {"source": "lines", "file": "bm90IGJhc2U2NCAh!!"},  # not base64
            {"source": "lines", "year": 10000, "lines": "一、元旦：12月31日放假。"},
            {"source": "lines", "lines": "9999-12-31,,holiday,x"},
            {
                "source": "lines",
                "year": 2031,
                "lines": "一、春节：2031年1月1日至2033年12月31日放假。",
            },
            {"source": "lines", "year": 2027, "lines": "一、春节：2月30日放假。"},
        ]
        for vals in bad:
            # a file that is not base64 is refused as soon as it is sent
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Wizard.create(dict(vals, calendar_id=self.calendar.id)).action_import()
        self.assertFalse(
            self.env["resource.calendar.leaves"].search([("calendar_id", "=", self.calendar.id)])
        )
