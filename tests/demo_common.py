"""The demo as installed, read relative to the day the tests run (test_demo,
test_demo_records)."""

import csv
import datetime
import io
import zoneinfo

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase
from odoo.tools import file_open

from odoo.addons.quality_ops.quality_ops.holidays import (
    OfficialCalendarUnavailable,
    official_days,
    parse_holiday_lines,
)

from .common import company_today

DEMO_USERS = (
    "user_representative",
    "user_quality_manager",
    "user_qa_officer",
    "user_qc_officer",
    "user_project_lead",
    "user_project_lead2",
    "user_om_manager",
    "user_engineer",
    "user_customer_portal",
)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# the demo calendar's working periods, local time
PERIODS = ((datetime.time(9), datetime.time(12)), (datetime.time(13, 30), datetime.time(18)))


def holidays_2026():
    """(public holidays, make-up working days) of the State Council's 2026 list."""
    with file_open("quality_ops/data/cn_public_holidays_2026.csv") as source:
        days = parse_holiday_lines(csv.reader(io.StringIO(source.read())))
    holidays, workdays = set(), set()
    for day in days:
        current = day.date_from
        while current <= day.date_to:
            (holidays if day.kind == "holiday" else workdays).add(current)
            current += datetime.timedelta(days=1)
    return holidays, workdays


class DemoCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("quality_ops.plan_2026_organisation", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("database installed without demo data")

    def today(self):
        """The demo's today: the main company's, as the demo takes it."""
        return company_today(self.env.ref("base.main_company"))

    def first_month(self):
        """The first of the twelve complete months before today."""
        return self.today().replace(day=1) - relativedelta(months=12)

    def official(self, year):
        """Whether the official calendar (chinesecalendar) knows ``year``."""
        try:
            return bool(official_days(year))
        except OfficialCalendarUnavailable:
            return False

    def calendar_days(self, calendar):
        """(days off, make-up working days) of a calendar, local dates."""
        off, makeup = set(), set(calendar.quality_makeup_day_ids.mapped("date"))
        leaves = self.env["resource.calendar.leaves"].search([("calendar_id", "=", calendar.id)])
        for leave in leaves:
            day = leave.date_from.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI).date()
            end = leave.date_to.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI).date()
            while day < end:
                off.add(day)
                day += datetime.timedelta(days=1)
        return off, makeup

    def demo_tickets(self):
        """The five tickets the demo data files describe (not generated)."""
        return self.env["helpdesk.ticket"].browse(
            self.env.ref(f"quality_ops.ticket_{name}").id
            for name in ("core_switch", "vpn", "his_slow", "printer", "backup")
        )

    def user(self, xmlid):
        return self.env.ref(f"quality_ops.{xmlid}")
