"""Engineers' quality assurance (seed §6.4): inspection plans, the inspection
records planned from them and filled by the engineers, abnormal items opening
tickets, and the INSPECTION coverage measured by the engine from them."""

import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged, users
from odoo.tools import SQL

from odoo.addons.quality_ops.quality_ops.models.quality_indicator_registry import Period
from odoo.addons.quality_ops.quality_ops.periods import utc_bounds

from .common import CurrentUser, company_of_their_own, role_user

D = dt.date
DAY = dt.timedelta(days=1)


@tagged("post_install", "-at_install")
class TestInspection(CurrentUser, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Inspections O&M", tz="Asia/Shanghai")

        def user(login, role=None, groups=None):
            return role_user(cls.env, login, role, groups, company=company)

        engineer = "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own"
        cls.engineer = user("qo_in_engineer", groups=engineer)
        cls.engineer2 = user("qo_in_engineer2", groups=engineer)
        cls.lead = user("qo_in_lead", "lead")
        cls.lead2 = user("qo_in_lead2", "lead")
        cls.officer = user("qo_in_officer", "officer")
        cls.manager = user("qo_in_manager", "manager")
        cls.portal = role_user(cls.env, "qo_in_portal", "portal")
        Partner, Project = cls.env["res.partner"], cls.env["project.project"]
        cls.bank = Partner.create({"name": "Bank", "is_company": True})
        cls.hospital = Partner.create({"name": "Hospital", "is_company": True})
        cls.project_a = Project.create(
            {
                "name": "Bank DC",
                "partner_id": cls.bank.id,
                "user_id": cls.lead.id,
                "company_id": company.id,
            }
        )
        cls.project_b = Project.create(
            {
                "name": "Hospital HIS",
                "partner_id": cls.hospital.id,
                "user_id": cls.lead2.id,
                "company_id": company.id,
            }
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.desk = Team.create({"name": "Desk", "company_id": company.id})
        cls.l2 = Team.create({"name": "L2", "company_id": company.id})
        cls.Plan = cls.env["quality_ops.inspection.plan"]
        cls.Inspection = cls.env["quality_ops.inspection"]
        cls.indicator = cls.env.ref("quality_ops.indicator_inspection")

    def plan(self, name, project, team, engineer, frequency, start, **extra):
        return self.Plan.create(
            {
                "name": name,
                "target": name,
                "project_id": project.id,
                "team_id": team.id,
                "user_id": engineer.id,
                "company_id": self.company.id,
                "frequency": frequency,
                "start_date": start,
                "item_ids": [
                    (0, 0, {"sequence": 1, "name": "Temperature", "standard": "18-27 °C"}),
                    (0, 0, {"sequence": 2, "name": "UPS", "standard": "On mains"}),
                ],
                **extra,
            }
        )

    def record(self, inspection, day, abnormal=False):
        """The engineer fills and records the inspection on ``day``."""
        user = inspection.user_id
        inspection.line_ids.with_user(user).write({"result": "ok"})
        if abnormal:
            inspection.line_ids[-1:].with_user(user).write(
                {"result": "abnormal", "note": "UPS on battery"}
            )
        with freeze_time(dt.datetime.combine(day, dt.time(10))):
            inspection.with_user(user).action_done()

    def local_today(self):
        self.env.cr.execute("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    def test_a_month_of_inspections_gives_the_hand_counted_coverage(self):
        march = (D(2026, 3, 1), D(2026, 3, 31))
        daily = self.plan("Room B2", self.project_a, self.desk, self.engineer, "daily", march[0])
        backup = self.plan(
            "Backups", self.project_a, self.desk, self.engineer, "weekly", D(2026, 3, 2)
        )
        his = self.plan("HIS", self.project_b, self.l2, self.engineer2, "weekly", D(2026, 3, 4))
        monthly = self.plan(
            "Fire panel", self.project_b, self.l2, self.engineer2, "monthly", D(2026, 1, 15)
        )
        plans = daily | backup | his | monthly
        # created today, they planned nothing in March: the past is planned on purpose
        self.assertFalse(self.Inspection.search([("due_date", "<=", march[1])]))
        created = plans._materialise(*march)
        self.assertEqual(len(created), 31 + 5 + 4 + 1)
        self.assertFalse(plans._materialise(*march), "planned once")
        in_march = created.filtered(lambda i: i.due_date <= march[1])
        self.assertEqual(in_march, created)
        self.assertEqual(
            sorted((created & his.inspection_ids).mapped("due_date")),
            [D(2026, 3, 4), D(2026, 3, 11), D(2026, 3, 18), D(2026, 3, 25)],
        )
        self.assertEqual((created & monthly.inspection_ids).due_date, D(2026, 3, 15))
        first = daily.inspection_ids.sorted("due_date")[0]
        self.assertEqual(first.line_ids.mapped("name"), ["Temperature", "UPS"])
        self.assertEqual(
            (first.project_id, first.team_id, first.user_id, first.is_planned),
            (self.project_a, self.desk, self.engineer, True),
        )
        # March as it went: on time, late, early, missed, cancelled, abnormal
        on_time, counted = [], []
        for inspection in created.sorted(lambda i: (i.due_date, i.id)):
            day = inspection.due_date.day
            if inspection.plan_id == daily and day in (7, 25):
                counted.append(inspection)  # missed: planned, never done
                continue
            if inspection.plan_id == daily and day == 20:
                inspection.with_user(self.lead).action_cancel("Room closed for works")
                continue  # counted neither way
            if inspection.plan_id == his and day == 25:
                counted.append(inspection)
                continue
            late = (inspection.plan_id == daily and day in (11, 18)) or (
                inspection.plan_id == his and day == 11
            )
            when = inspection.due_date + (DAY if late else dt.timedelta())
            if inspection.plan_id == monthly:
                when = inspection.due_date - 2 * DAY  # early is on time
            self.record(inspection, when, abnormal=inspection.plan_id == daily and day == 12)
            counted.append(inspection)
            if not late:
                on_time.append(inspection)
        # an inspection recorded by hand is not planned: it never counts
        extra = self.Inspection.with_user(self.engineer).create(
            {
                "target": "Extra look at the UPS",
                "project_id": self.project_a.id,
                "line_ids": [(0, 0, {"name": "UPS", "result": "ok"})],
            }
        )
        self.assertFalse(extra.is_planned)
        self.assertEqual((extra.company_id, extra.due_date), (self.company, self.local_today()))

        Measurement = self.env["quality_ops.measurement"]
        Measurement._compute_period("month", *march)
        rows = Measurement.search(
            [
                ("indicator_id", "=", self.indicator.id),
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", march[0]),
            ]
        )

        def hand(records):
            return (sum(1 for r in records if r in on_time), len(records))

        expected = {
            ("company", 0): counted,
            ("project", self.project_a.id): [r for r in counted if r.project_id == self.project_a],
            ("project", self.project_b.id): [r for r in counted if r.project_id == self.project_b],
            ("team", self.desk.id): [r for r in counted if r.team_id == self.desk],
            ("team", self.l2.id): [r for r in counted if r.team_id == self.l2],
            ("customer", self.bank.id): [r for r in counted if r.project_id == self.project_a],
            ("customer", self.hospital.id): [r for r in counted if r.project_id == self.project_b],
        }
        # and each engineer's own inspections (the engineer scope)
        for engineer in {r.user_id for r in counted}:
            expected[("engineer", engineer.id)] = [r for r in counted if r.user_id == engineer]
        # by hand: the bank 36 planned - 1 cancelled, 2 missed, 2 late; the
        # hospital 5 planned, 1 missed, 1 late
        self.assertEqual(hand(expected[("project", self.project_a.id)]), (31, 35))
        self.assertEqual(hand(expected[("project", self.project_b.id)]), (3, 5))
        self.assertEqual({(m.scope, m.scope_key) for m in rows if m.denominator}, set(expected))
        for (scope, key), records in expected.items():
            with self.subTest(scope=scope, key=key):
                measurement = rows.filtered(
                    lambda m, s=scope, k=key: (m.scope, m.scope_key) == (s, k)
                )
                self.assertEqual((measurement.numerator, measurement.denominator), hand(records))
                num, den = hand(records)
                self.assertAlmostEqual(measurement.value, round(100.0 * num / den, 2))
                # the drill-down lists exactly those records
                [(model, ids)] = measurement._drill_down()
                self.assertEqual(model, "quality_ops.inspection")
                self.assertEqual(sorted(ids), sorted(r.id for r in records))
                [(_model, numerator_ids)] = measurement._drill_down("numerator")
                self.assertEqual(
                    sorted(numerator_ids), sorted(r.id for r in records if r in on_time)
                )
        company_row = rows.filtered(lambda m: m.scope == "company")
        self.assertEqual((company_row.numerator, company_row.denominator), (34, 40))
        self.assertEqual(company_row.status, "no_target")
        action = company_row.action_view_records()
        self.assertEqual(action["res_model"], "quality_ops.inspection")
        # the abnormal item of 12 March opened a ticket of the project's team
        abnormal = created.filtered(lambda i: i.plan_id == daily and i.due_date == D(2026, 3, 12))
        ticket = abnormal.line_ids.filtered(lambda line: line.result == "abnormal").ticket_id
        self.assertEqual(
            (ticket.project_id, ticket.team_id, ticket.partner_id, ticket.company_id),
            (self.project_a, self.desk, self.bank, self.company),
        )
        self.assertIn("UPS", ticket.name)
        self.assertEqual(abnormal.ticket_ids, ticket)
        self.assertEqual(ticket.quality_inspection_count, 1)
        self.assertEqual(
            self.Inspection.search(ticket.action_view_quality_inspections()["domain"]), abnormal
        )
        # the recorded day is the server's: an engineer cannot backdate it
        late = created.filtered(lambda i: i.plan_id == daily and i.due_date == D(2026, 3, 11))
        self.assertEqual(late.date_done, D(2026, 3, 12))
        with self.assertRaises(UserError):
            late.with_user(self.engineer).write({"date_done": D(2026, 3, 11)})
        with self.assertRaises(UserError):
            late.with_user(self.engineer).write({"on_time": True})

    def own_and_other(self):
        """The engineer's daily plan of project A and engineer 2's of project B,
        their first two days planned."""
        start = D(2026, 3, 1)
        own = self.plan("Room", self.project_a, self.desk, self.engineer, "daily", start)
        other = self.plan("HIS", self.project_b, self.l2, self.engineer2, "daily", start)
        (own | other).sudo()._materialise(start, start + DAY)
        return own, other

    @users("qo_in_engineer", "qo_in_lead", "qo_in_officer", "qo_in_portal")
    def test_each_role_sees_its_inspections(self):
        own, other = self.own_and_other()
        # the engineer his own, the project lead the project's, the quality department all
        expected = {
            "qo_in_engineer": (own.inspection_ids, own),
            "qo_in_lead": (own.inspection_ids, own),
            "qo_in_officer": (own.inspection_ids | other.inspection_ids, own | other),
        }
        Inspection = self.env["quality_ops.inspection"]
        Plan = self.env["quality_ops.inspection.plan"]
        if self.env.user.login == "qo_in_portal":
            self.assertFalse(Inspection.has_access("read"))
            self.assertFalse(Plan.has_access("read"))
            return
        inspections, plans = expected[self.env.user.login]
        self.assertEqual(Inspection.search([("plan_id", "in", (own | other).ids)]), inspections)
        self.assertEqual(Plan.search([("id", "in", (own | other).ids)]), plans)

    @users("qo_in_engineer")
    def test_an_engineer_neither_reads_nor_fills_anothers_inspection(self):
        __, other = self.own_and_other()
        theirs = other.inspection_ids[0]
        with self.assertRaises(AccessError):
            self.mine(theirs).read(["target"])
        with self.assertRaises(AccessError):
            self.mine(theirs.line_ids).write({"result": "ok"})
        with self.assertRaises(AccessError):
            self.mine(theirs).action_done()

    def test_engineers_fill_only_their_own(self):
        start = D(2026, 3, 1)
        own, other = self.own_and_other()
        # handing one's inspection to someone else is the lead's call
        with self.assertRaises(AccessError):
            own.inspection_ids[0].with_user(self.engineer).write({"user_id": self.engineer2.id})
        own.inspection_ids[0].with_user(self.lead).write({"user_id": self.engineer2.id})
        self.assertEqual(own.inspection_ids[0].user_id, self.engineer2)
        # the quality department reads, does not fill
        with self.assertRaises(AccessError):
            own.inspection_ids[1].with_user(self.officer).write({"note": "x"})
        # recorded, an inspection is kept as it was; planned ones are not deleted
        done = own.inspection_ids[1]
        with self.assertRaises(UserError):
            done.with_user(self.engineer).action_done()  # no result yet
        self.record(done, start + DAY)
        with self.assertRaises(UserError):
            done.line_ids.with_user(self.engineer).write({"result": "abnormal"})
        with self.assertRaises(UserError):
            done.with_user(self.engineer).write({"note": "later"})
        with self.assertRaises(UserError):
            other.inspection_ids[1].with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            done.with_user(self.lead).action_reopen("Wrong room")
        done.with_user(self.manager).action_reopen("Wrong room")
        self.assertEqual((done.state, done.date_done, done.on_time), ("planned", False, False))
        # cancelling is the lead's of the project, with a reason
        with self.assertRaises(AccessError):
            other.inspection_ids[0].with_user(self.lead).action_cancel("Closed")
        with self.assertRaises(UserError):
            other.inspection_ids[0].with_user(self.lead2).action_cancel("")

    def test_inspection_recorded_from_a_ticket(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Quarterly inspection of the HIS servers",
                "description": "<p>Inspect</p>",
                "project_id": self.project_b.id,
                "team_id": self.l2.id,
                "partner_id": self.hospital.id,
                "user_id": self.engineer2.id,
                "company_id": self.company.id,
            }
        )
        action = ticket.action_quality_record_inspection()
        context = {k[8:]: v for k, v in action["context"].items() if k.startswith("default_")}
        inspection = self.Inspection.with_user(self.engineer2).create(
            {
                "origin_ticket_id": context["origin_ticket_id"],
                "target": context["target"],
                "line_ids": [(0, 0, {"name": "Disk", "result": "ok"})],
            }
        )
        self.assertEqual(
            (inspection.project_id, inspection.team_id, inspection.user_id),
            (self.project_b, self.l2, self.engineer2),
        )
        inspection.with_user(self.engineer2).action_done()
        self.assertEqual(ticket.quality_inspection_count, 1)
        self.assertFalse(inspection.is_planned)
        self.assertEqual(self.project_b.with_user(self.lead2).quality_inspection_count, 1)

    def test_plans_plan_ahead_and_replan_what_is_not_begun(self):
        today = self.local_today()
        plan = self.plan(
            "Room", self.project_a, self.desk, self.engineer, "daily", today - 10 * DAY
        )
        # planned from today on, the coming weeks only
        dues = sorted(plan.inspection_ids.mapped("due_date"))
        self.assertEqual(dues[0], today)
        self.assertEqual(dues[-1], today + 31 * DAY)
        count = len(dues)
        # the scheduled action plans nothing twice and nothing before the plan existed
        self.Plan._cron_schedule(today=today)
        self.Plan._cron_schedule(today=today, batch=1)
        self.assertEqual(len(plan.inspection_ids), count)
        self.Plan._cron_schedule(today=today + 5 * DAY)
        self.assertEqual(len(plan.inspection_ids), count + 5)
        # begun inspections stay; the others follow the new frequency and items
        begun = plan.inspection_ids.filtered(lambda i: i.due_date == today + DAY)
        begun.line_ids[:1].with_user(self.engineer).write({"result": "ok"})
        plan.write({"frequency": "weekly"})
        dues = plan.inspection_ids.sorted("due_date").mapped("due_date")
        self.assertIn(today + DAY, dues)
        weekly = [d for d in dues if d != today + DAY]
        self.assertTrue(all((d - plan.start_date).days % 7 == 0 for d in weekly), weekly)
        plan.write({"item_ids": [(0, 0, {"sequence": 3, "name": "Doors", "standard": "Locked"})]})
        untouched = plan.inspection_ids - begun
        self.assertTrue(all("Doors" in i.line_ids.mapped("name") for i in untouched))
        self.assertNotIn("Doors", begun.line_ids.mapped("name"))
        # archived, it plans nothing more and takes back what was not begun
        plan.action_archive()
        self.assertEqual(plan.with_context(active_test=False).inspection_ids, begun)
        self.Plan._cron_schedule(today=today + 10 * DAY)
        self.assertEqual(plan.with_context(active_test=False).inspection_ids, begun)

    def test_replanning_keeps_the_references_of_the_days_that_remain(self):
        today = self.local_today()
        plan = self.plan("Room", self.project_a, self.desk, self.engineer, "daily", today)
        before = {i.due_date: (i.id, i.reference) for i in plan.inspection_ids}
        # an item added: the same inspections, same numbers, with the new item
        plan.write({"item_ids": [(0, 0, {"sequence": 3, "name": "Doors", "standard": "Locked"})]})
        after = plan.inspection_ids
        self.assertEqual({i.due_date: (i.id, i.reference) for i in after}, before)
        self.assertTrue(
            all(i.line_ids.mapped("name") == ["Temperature", "UPS", "Doors"] for i in after)
        )
        # another engineer: the same inspections, handed to them
        plan.write({"user_id": self.engineer2.id})
        self.assertEqual(set(plan.inspection_ids.ids), {id_ for id_, _ref in before.values()})
        self.assertEqual(plan.inspection_ids.user_id, self.engineer2)
        # weekly: the days that remain keep their inspection, the others are taken back
        plan.write({"frequency": "weekly"})
        weekly = plan.inspection_ids
        self.assertEqual(weekly.mapped("due_date"), [today + 7 * n * DAY for n in range(5)])
        self.assertEqual(
            {i.due_date: (i.id, i.reference) for i in weekly},
            {day: before[day] for day in weekly.mapped("due_date")},
        )
        # back to daily: only the days that came back are new, numbered after the others
        plan.write({"frequency": "daily"})
        new = plan.inspection_ids - weekly
        self.assertEqual(len(new), 32 - 5)
        for reference in new.mapped("reference"):  # IN/<year>/<number>
            older = [r for _id, r in before.values() if r[:8] == reference[:8]]
            self.assertGreater(reference, max(older, default=""))

    def test_days_are_the_company_s_whatever_the_hour(self):
        # 20:00 UTC on 10 March is already 04:00 on 11 March in Shanghai: the
        # plan, a recorded inspection and its done date all take the company's day
        with freeze_time("2026-03-10 20:00:00"):
            plan = self.plan(
                "Rack", self.project_a, self.desk, self.engineer, "daily", D(2026, 3, 1)
            )
            dues = sorted(plan.inspection_ids.mapped("due_date"))
            self.assertEqual((dues[0], dues[-1]), (D(2026, 3, 11), D(2026, 3, 11) + 31 * DAY))
            extra = self.Inspection.with_user(self.engineer).create(
                {
                    "target": "Extra look at the rack",
                    "project_id": self.project_a.id,
                    "line_ids": [(0, 0, {"name": "Fans", "result": "ok"})],
                }
            )
            self.assertEqual(extra.due_date, D(2026, 3, 11))
            extra.with_user(self.engineer).action_done()
            self.assertEqual((extra.date_done, extra.on_time), (D(2026, 3, 11), True))

    def test_a_client_does_not_choose_a_recorded_inspection_s_days(self):
        # the due and done days are the server's (the company's), not a client's
        base = {"target": "Rack", "project_id": self.project_a.id}
        for vals in ({"due_date": "2030-01-01"}, {"date_done": "2030-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.Inspection.with_user(self.engineer).create({**base, **vals})
        extra = self.Inspection.with_user(self.engineer).create(base)
        with self.assertRaises(UserError):
            extra.with_user(self.engineer).write({"due_date": "2030-01-01"})

    def test_days_still_to_come_are_not_counted(self):
        today = self.local_today()
        plan = self.plan("Room", self.project_a, self.desk, self.engineer, "daily", today - 2 * DAY)
        plan._materialise(today - 2 * DAY, today + 2 * DAY)
        by_day = {i.due_date: i for i in plan.inspection_ids}
        self.record(by_day[today - 2 * DAY], today - 2 * DAY)
        self.record(by_day[today + DAY], today)  # done ahead of its day
        date_from, date_to = today - 2 * DAY, today + 2 * DAY
        period = Period(*utc_bounds(date_from, date_to, "Asia/Shanghai"), date_from, date_to)
        Registry = self.env["quality_ops.indicator.registry"]
        self.env.flush_all()
        # counted: the two past days (one done on time, one missed) and the one
        # done ahead; today and the day after tomorrow are still to come
        self.assertEqual(Registry._totals("inspection", period, companies=self.company.ids), (2, 3))
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM (%s) x",
                Registry._rows_sql("inspection", period, companies=self.company.ids),
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 3)
