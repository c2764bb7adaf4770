"""SLA working time is Odoo's own calendar: the deadlines of a two-week and of
a flexible-hours calendar are those ``resource.calendar.plan_hours`` gives,
make-up days still count, and a change of a calendar or a policy invalidates
that, not the registry's whole cache."""

import datetime as dt
from unittest.mock import patch

import pytz
from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.quality_ops.quality_ops.models.resource_calendar import WorkTimeCache

SHANGHAI = pytz.timezone("Asia/Shanghai")


def local(*args):
    """Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return SHANGHAI.localize(dt.datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def attendance(day, hour_from, hour_to, week_type=None):
    vals = {
        "name": f"{day} {hour_from}-{hour_to}",
        "dayofweek": str(day),
        "hour_from": hour_from,
        "hour_to": hour_to,
        "day_period": "morning" if hour_from < 12 else "afternoon",
    }
    if week_type is not None:
        vals["week_type"] = week_type
    return (0, 0, vals)


@tagged("post_install", "-at_install")
class TestWorktimeFromCalendar(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Calendar = cls.env["resource.calendar"]
        # week A: Monday to Friday; week B: Monday to Wednesday only
        cls.two_weeks = Calendar.create(
            {
                "name": "Two weeks",
                "tz": "Asia/Shanghai",
                "two_weeks_calendar": True,
                "attendance_ids": [attendance(d, 9, 12, "0") for d in range(5)]
                + [attendance(d, 13, 18, "0") for d in range(5)]
                + [attendance(d, 9, 12, "1") for d in range(3)]
                + [attendance(d, 13, 18, "1") for d in range(3)],
            }
        )
        cls.flexible = Calendar.create(
            {
                "name": "Flexible",
                "tz": "Asia/Shanghai",
                "flexible_hours": True,
                "hours_per_day": 8,
                "full_time_required_hours": 40,
            }
        )

    def plan(self, calendar, start, hours):
        """``plan_hours`` of the calendar, as naive UTC."""
        planned = calendar.plan_hours(hours, pytz.utc.localize(start), compute_leaves=True)
        return planned.astimezone(pytz.utc).replace(tzinfo=None)

    def assert_deadlines_as_odoo(self, calendar, starts, hours_list):
        cache = WorkTimeCache(self.env)
        compared = 0
        for start in starts:
            for hours in hours_list:
                with self.subTest(start=start, hours=hours):
                    self.assertEqual(
                        cache.add_hours(calendar, start, hours), self.plan(calendar, start, hours)
                    )
                    compared += 1
        return compared

    def test_two_week_calendar_deadlines_are_plan_hours(self):
        starts = [local(2026, 3, day, hour) for day in range(2, 16) for hour in (8, 10, 17)]
        compared = self.assert_deadlines_as_odoo(self.two_weeks, starts, [0.5, 2, 8, 16, 40, 80])
        self.assertEqual(compared, 14 * 3 * 6)
        # the two weeks differ: one of them has no Thursday
        weeks = {
            self.env["resource.calendar.attendance"].get_week_type(day)
            for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 12))
        }
        self.assertEqual(weeks, {0, 1})
        cache = WorkTimeCache(self.env)
        thursdays = [
            cache.hours_between(self.two_weeks, local(2026, 3, day), local(2026, 3, day + 1))
            for day in (5, 12)
        ]
        self.assertEqual(sorted(thursdays), [0.0, 8.0])

    def test_flexible_calendar_deadlines_are_plan_hours(self):
        starts = [local(2026, 3, day, hour) for day in (2, 4, 7) for hour in (0, 10, 15)]
        compared = self.assert_deadlines_as_odoo(self.flexible, starts, [1, 8, 30, 45, 100])
        self.assertEqual(compared, 3 * 3 * 5)

    def test_switched_to_flexible_hours_in_the_form(self):
        # the form sets the schedule type (flexible_hours is computed from it):
        # the next deadline is counted in flexible hours, not from the cached week
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Office, then flexible",
                "tz": "Asia/Shanghai",
                "attendance_ids": [attendance(d, 9, 12) for d in range(5)]
                + [attendance(d, 13, 18) for d in range(5)],
            }
        )
        start = local(2026, 3, 6, 17)  # a Friday, 17:00
        self.assertEqual(
            WorkTimeCache(self.env).add_hours(calendar, start, 2), local(2026, 3, 9, 10)
        )
        calendar.write(
            {"schedule_type": "flexible", "hours_per_day": 8, "full_time_required_hours": 40}
        )
        self.assertTrue(calendar.flexible_hours)
        deadline = WorkTimeCache(self.env).add_hours(calendar, start, 2)
        self.assertEqual(deadline, self.plan(calendar, start, 2))
        self.assertNotEqual(deadline, local(2026, 3, 9, 10))

    def test_public_holidays_as_plan_hours(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.two_weeks.id,
                "date_from": local(2026, 3, 9),
                "date_to": local(2026, 3, 10),
            }
        )
        starts = [local(2026, 3, 6, 17), local(2026, 3, 9, 10)]
        self.assert_deadlines_as_odoo(self.two_weeks, starts, [2, 8, 24])
        cache = WorkTimeCache(self.env)
        self.assertEqual(
            cache.hours_between(self.two_weeks, local(2026, 3, 9), local(2026, 3, 10)), 0.0
        )

    def test_makeup_day_works_the_hours_of_its_week(self):
        # Saturday 14 March (week B) worked like Thursday: week B has no
        # Thursday, so it works nothing; Saturday 7 March (week A) works 8 hours
        Makeup = self.env["quality_ops.makeup.day"]
        Makeup.create(
            {
                "name": "A",
                "date": dt.date(2026, 3, 7),
                "works_like": "3",
                "calendar_id": self.two_weeks.id,
            }
        )
        Makeup.create(
            {
                "name": "B",
                "date": dt.date(2026, 3, 14),
                "works_like": "3",
                "calendar_id": self.two_weeks.id,
            }
        )
        self.assertNotEqual(
            self.env["resource.calendar.attendance"].get_week_type(dt.date(2026, 3, 7)),
            self.env["resource.calendar.attendance"].get_week_type(dt.date(2026, 3, 14)),
        )
        cache = WorkTimeCache(self.env)
        worked = {
            day: cache.hours_between(self.two_weeks, local(2026, 3, day), local(2026, 3, day + 1))
            for day in (7, 14)
        }
        week_a = (
            7
            if self.env["resource.calendar.attendance"].get_week_type(dt.date(2026, 3, 7)) == 0
            else 14
        )
        self.assertEqual(worked[week_a], 8.0)
        self.assertEqual(worked[21 - week_a], 0.0)
        # and Odoo's plan_hours, which knows no make-up day, skips that Saturday
        start = local(2026, 3, week_a - 1, 17)
        self.assertEqual(cache.add_hours(self.two_weeks, start, 2), local(2026, 3, week_a, 10))
        self.assertGreater(self.plan(self.two_weeks, start, 2), local(2026, 3, week_a + 1))

    def test_a_change_invalidates_its_calendar_not_the_registry(self):
        manager = new_test_user(
            self.env, "qo_wt_manager", groups="quality_ops.group_quality_manager"
        )
        team = self.env["helpdesk.ticket.team"].create({"name": "Two-week desk"})
        policy = self.env["quality_ops.sla.policy"].create(
            {
                "name": "Two-week policy",
                "team_ids": [(6, 0, team.ids)],
                "calendar_id": self.two_weeks.id,
                "line_ids": [(0, 0, {"priority": "2", "response_hours": 2})],
            }
        )
        self.env.company.quality_manager_id = manager
        with (
            patch.object(type(self.env.registry), "clear_cache") as clear_cache,
            freeze_time("2026-03-06 09:00:00"),  # Friday 17:00 in Shanghai
        ):
            ticket = self.env["helpdesk.ticket"].create(
                {"name": "Two-week ticket", "description": "x", "team_id": team.id, "priority": "2"}
            )
            clock = ticket.quality_sla_ids.filtered(lambda c: c.kind == "response")
            self.assertEqual(clock.deadline, self.plan(self.two_weeks, clock.start_at, 2))
            # Monday 9 March becomes a public holiday: the clock moves with it
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Closed",
                    "calendar_id": self.two_weeks.id,
                    "date_from": local(2026, 3, 9),
                    "date_to": local(2026, 3, 10),
                }
            )
            self.env.invalidate_all()
            self.assertEqual(clock.deadline, local(2026, 3, 10, 10))
            # a policy line changed: the book is read again
            policy.line_ids.response_hours = 4
            ticket2 = self.env["helpdesk.ticket"].create(
                {"name": "Second", "description": "x", "team_id": team.id, "priority": "2"}
            )
            clock2 = ticket2.quality_sla_ids.filtered(lambda c: c.kind == "response")
            self.assertEqual(clock2.target_hours, 4)
        clear_cache.assert_not_called()
