"""The one-screen dashboard shows the measurements as stored, narrows them by
its filters, opens the records behind each figure, is for the quality
department only and stays in the user's company."""

import datetime as dt

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged, users

from odoo.addons.quality_ops.quality_ops.models.quality_dashboard import MIN_SAMPLE

from .common import CurrentUser, role_user, role_users, shift_month

D = dt.date
YEAR = 2026


class DashboardCase(CurrentUser, TransactionCase):
    """The main company's dashboard, tracking off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        cls.Measurement = cls.env["quality_ops.measurement"]

    def dashboard_data(self, *args, user=None, **kwargs):
        """The dashboard's data as ``user`` (the manager by default) sees it."""
        return (
            self.env["quality_ops.dashboard"]
            .with_user(user or self.manager)
            .with_company(self.company)
            .get_dashboard_data(*args, **kwargs)
        )


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo year, measured by the engine as the scheduled action does
        cls.Measurement._compute_year(YEAR)
        roles = ("manager", "representative", "officer", "lead", "engineer", "portal")
        users = {
            user.login: user
            for user in role_users(cls.env, "qo_d", roles, company=cls.company).values()
        }
        cls.users = users
        cls.manager = users["qo_d_manager"]

    def data(self, user=None, **kwargs):
        return self.dashboard_data(YEAR, user=user, **kwargs)

    def stored(self, scope="company", key=0, **extra):
        domain = [
            ("company_id", "=", self.company.id),
            ("periodicity", "=", "month"),
            ("date_from", ">=", D(YEAR, 1, 1)),
            ("date_from", "<=", D(YEAR, 12, 1)),
            ("scope", "=", scope),
            ("scope_key", "=", key),
        ]
        return self.Measurement.search(
            domain + [(field, "=", value) for field, value in extra.items()]
        )

    def assertCellIsMeasurement(self, cell, measurement):
        self.assertEqual(cell["measurement_id"], measurement.id)
        self.assertEqual(cell["month"], measurement.date_from.isoformat())
        self.assertEqual(cell["status"], measurement.status)
        self.assertEqual(cell["has_value"], measurement.has_value)
        self.assertEqual(cell["value"], measurement.value if measurement.has_value else None)
        self.assertEqual(
            cell["target"], measurement.target_value if measurement.target_id else None
        )

    def assertKpisAreMeasurements(self, data, scope, key):
        stored = self.stored(scope, key)
        self.assertTrue(stored, "the demo year has measurements of this scope")
        by_id = {m.id: m for m in stored}
        shown = []
        for kpi in data["kpis"]:
            for month, cell in enumerate(kpi["trend"], start=1):
                if cell is None:
                    self.assertFalse(
                        stored.filtered(
                            lambda m, kpi=kpi, month=month: (
                                m.indicator_id.id == kpi["indicator_id"]
                                and m.date_from.month == month
                            )
                        )
                    )
                    continue
                measurement = by_id[cell["measurement_id"]]
                self.assertEqual(measurement.indicator_id.id, kpi["indicator_id"])
                self.assertEqual(measurement.date_from, D(YEAR, month, 1))
                self.assertCellIsMeasurement(cell, measurement)
                shown.append(measurement.id)
            # the headline: the measurement of the month shown
            of_month = stored.filtered(
                lambda m, kpi=kpi: (
                    m.indicator_id.id == kpi["indicator_id"]
                    and m.date_from.isoformat() == data["month"]
                )
            )
            if of_month:
                self.assertCellIsMeasurement(kpi["current"], of_month)
            else:
                self.assertIsNone(kpi["current"])
        # every measurement of the scope is on the dashboard, exactly once
        self.assertCountEqual(shown, stored.ids)

    # ------------------------------------------------------------------
    def test_every_figure_is_the_stored_measurement(self):
        data = self.data()
        self.assertEqual((data["year"], data["scope"], data["scope_key"]), (YEAR, "company", 0))
        self.assertKpisAreMeasurements(data, "company", 0)
        codes = {kpi["code"] for kpi in data["kpis"]}
        self.assertTrue({"RESP_SLA", "RESO_SLA", "CSAT", "NPS", "COMPLAINT"} <= codes)
        lights = {
            cell["status"]
            for kpi in data["kpis"]
            for cell in kpi["trend"]
            if cell and cell["has_value"]
        }
        self.assertTrue(lights & {"met", "warning", "missed"}, "the demo has traffic lights")

    def test_sla_by_team_and_month_is_the_team_measurements(self):
        data = self.data()
        self.assertEqual(data["sla"]["by"], "team")
        stored = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", ">=", D(YEAR, 1, 1)),
                ("date_from", "<=", D(YEAR, 12, 1)),
                ("scope", "=", "team"),
                ("source", "in", ("resp_sla", "reso_sla")),
            ]
        )
        self.assertGreater(len(stored.team_id), 1, "the demo has several teams")
        by_id = {m.id: m for m in stored}
        shown = []
        for row in data["sla"]["rows"]:
            for cell in filter(None, row["cells"]):
                measurement = by_id[cell["measurement_id"]]
                self.assertEqual(measurement.team_id.id, row["key"])
                self.assertEqual(measurement.source, row["source"])
                self.assertCellIsMeasurement(cell, measurement)
                shown.append(measurement.id)
        self.assertCountEqual(shown, stored.ids)

    def test_complaints_by_level_are_the_complaint_rate_numerators(self):
        # complaints received in the year: the numerator of the yearly
        # complaint rate, for the company and for each team
        def year_numerator(scope, key):
            return self.Measurement.search(
                [
                    ("company_id", "=", self.company.id),
                    ("periodicity", "=", "year"),
                    ("date_from", "=", D(YEAR, 1, 1)),
                    ("source", "=", "complaint"),
                    ("scope", "=", scope),
                    ("scope_key", "=", key),
                ]
            ).numerator

        complaints = self.data()["complaints"]
        self.assertGreater(complaints["received"], 0)
        self.assertEqual(complaints["received"], year_numerator("company", 0))
        self.assertEqual(
            complaints["received"], sum(level["received"] for level in complaints["levels"])
        )
        Complaint = self.env["quality_ops.complaint"]
        for level in complaints["levels"]:
            self.assertEqual(Complaint.search_count(level["domain"]), level["received"])
            self.assertEqual(Complaint.search_count(level["open_domain"]), level["open"])
            self.assertFalse(
                Complaint.search(level["open_domain"]).filtered("is_closed"),
                "open means not closed",
            )
        # open past their closing deadline: counted, and the list opened is theirs
        late = Complaint.search(complaints["open_domain"], limit=1)
        self.assertTrue(late)

        def close_deadline(hours):
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE quality_ops_complaint SET close_deadline = %s WHERE id = %s",
                [fields.Datetime.now() + dt.timedelta(hours=hours), late.id],
            )
            Complaint.invalidate_model(["close_deadline"])

        close_deadline(-1)
        overdue = self.data()["complaints"]
        self.assertGreaterEqual(overdue["overdue"], 1)
        self.assertEqual(overdue["overdue"], Complaint.search_count(overdue["overdue_domain"]))
        self.assertIn(late, Complaint.search(overdue["overdue_domain"]))
        close_deadline(24)
        self.assertNotIn(late, Complaint.search(self.data()["complaints"]["overdue_domain"]))
        teams = self.env["helpdesk.ticket.team"].browse(
            [option["id"] for option in self.data()["filters"]["team"]]
        )
        self.assertTrue(teams)
        for team in teams:
            received = self.data(team_id=team.id)["complaints"]["received"]
            self.assertEqual(received, year_numerator("team", team.id), team.name)

    def test_filters_narrow_the_figures_to_one_scope(self):
        filters = self.data()["filters"]
        for scope, argument in (
            ("team", "team_id"),
            ("project", "project_id"),
            ("customer", "partner_id"),
        ):
            self.assertTrue(filters[scope], f"the demo measures {scope}s")
            key = filters[scope][0]["id"]
            with self.subTest(scope=scope):
                data = self.data(**{argument: key})
                self.assertEqual((data["scope"], data["scope_key"]), (scope, key))
                self.assertKpisAreMeasurements(data, scope, key)
                company_ids = {
                    cell["measurement_id"]
                    for kpi in self.data()["kpis"]
                    for cell in kpi["trend"]
                    if cell
                }
                scoped_ids = {
                    cell["measurement_id"] for kpi in data["kpis"] for cell in kpi["trend"] if cell
                }
                self.assertFalse(company_ids & scoped_ids)
        # a team's SLA is its own rows only
        teams = {row["key"] for row in self.data()["sla"]["rows"]}
        self.assertGreater(len(teams), 1)
        for team in teams:
            rows = self.data(team_id=team)["sla"]["rows"]
            self.assertEqual({row["key"] for row in rows}, {team})
            self.assertEqual({row["source"] for row in rows}, {"resp_sla", "reso_sla"})
        # a customer's complaints are theirs, and add up to the company's
        total = 0
        for option in filters["customer"]:
            customer = self.env["res.partner"].browse(option["id"])
            complaints = self.data(partner_id=customer.id)["complaints"]
            found = self.env["quality_ops.complaint"].search(complaints["domain"])
            self.assertEqual(len(found), complaints["received"])
            if found:
                self.assertEqual(found.partner_id.commercial_partner_id, customer)
            total += complaints["received"]
        self.assertGreater(total, 0)
        company = self.data()["complaints"]
        without_customer = self.env["quality_ops.complaint"].search_count(
            [*company["domain"], ("partner_id", "=", False)]
        )
        self.assertEqual(total + without_customer, company["received"])
        with self.assertRaises(UserError):
            self.data(team_id=team, project_id=filters["project"][0]["id"])
        with self.assertRaises(UserError):
            self.data(team_id="1; DROP TABLE")
        with self.assertRaises(UserError):
            self.env["quality_ops.dashboard"].with_user(self.manager).get_dashboard_data(1850)

    def test_overdue_actions_and_open_findings_open_their_records(self):
        project = self.env["project.project"].create(
            {"name": "Dashboard project", "company_id": self.company.id}
        )
        other = self.env["project.project"].create(
            {"name": "Other project", "company_id": self.company.id}
        )
        before = self.data()["improvement"]
        Action = self.env["quality_ops.action"]
        yesterday = dt.date.today() - dt.timedelta(days=1)
        action = Action.create(
            {
                "name": "Late fix",
                "company_id": self.company.id,
                "project_id": project.id,
                "owner_id": self.manager.id,
                "due_date": yesterday,
            }
        )
        Action.create(
            {
                "name": "Fix in time",
                "company_id": self.company.id,
                "project_id": project.id,
                "owner_id": self.manager.id,
                "due_date": dt.date.today() + dt.timedelta(days=3),
            }
        )
        finding = self.env["quality_ops.finding"].create(
            {
                "name": "Dashboard finding",
                "description": "Found",
                "company_id": self.company.id,
                "project_id": project.id,
            }
        )
        after = self.data()["improvement"]
        self.assertEqual(after["overdue_actions"]["count"], before["overdue_actions"]["count"] + 1)
        self.assertEqual(after["open_findings"]["count"], before["open_findings"]["count"] + 1)
        scoped = self.data(project_id=project.id)["improvement"]
        self.assertEqual(scoped["overdue_actions"]["count"], 1)
        self.assertEqual(
            self.env[scoped["overdue_actions"]["model"]].search(
                scoped["overdue_actions"]["domain"]
            ),
            action,
        )
        self.assertEqual(
            self.env[scoped["open_findings"]["model"]].search(scoped["open_findings"]["domain"]),
            finding,
        )
        elsewhere = self.data(project_id=other.id)["improvement"]
        self.assertEqual(elsewhere["overdue_actions"]["count"], 0)
        self.assertEqual(elsewhere["open_findings"]["count"], 0)

    @users("qo_d_manager")
    def test_measurement_figures_drill_down_to_their_records(self):
        data = self.data(self.env.user)
        kpi = next(k for k in data["kpis"] if k["code"] == "RESO_SLA")
        cell = next(cell for cell in reversed(kpi["trend"]) if cell and cell["has_value"])
        measurement = self.Measurement.browse(cell["measurement_id"])
        action = self.mine(measurement).action_view_records()
        self.assertEqual(action["res_model"], "quality_ops.ticket.sla")
        clocks = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(len(clocks), measurement.denominator)
        self.assertEqual(
            self.mine(self.Measurement).search(kpi["measurements_domain"]),
            self.stored(indicator_id=kpi["indicator_id"]),
        )

    @users("qo_d_manager", "qo_d_representative", "qo_d_officer")
    def test_the_quality_department_reads_the_dashboard(self):
        self.assertTrue(self.data(self.env.user)["kpis"])

    @users("qo_d_lead", "qo_d_engineer", "qo_d_portal")
    def test_no_one_else_reads_the_dashboard(self):
        with self.assertRaises(AccessError):
            self.data(self.env.user)

    @users("qo_d_representative", "qo_d_engineer")
    def test_the_menu_follows_the_monthly_cards_stay(self):
        dashboard = self.env.ref("quality_ops.menu_quality_dashboard")
        cards = self.env.ref("quality_ops.menu_quality_dashboard_cards")
        visible = self.env["ir.ui.menu"]._visible_menu_ids()
        sees_dashboard = self.env.user.login == "qo_d_representative"
        self.assertEqual(dashboard.id in visible, sees_dashboard)
        # the monthly cards stay for every quality user
        self.assertIn(cards.id, visible)

    def test_another_company_is_never_shown(self):
        other = self.env["res.company"].create({"name": "Dashboard Other O&M"})
        availability = self.env.ref("quality_ops.indicator_availability")
        foreign = self.Measurement.with_company(other).create(
            {
                "indicator_id": availability.id,
                "periodicity": "month",
                "date_from": D(YEAR, 1, 1),
                "date_to": D(YEAR, 1, 31),
                "company_id": other.id,
                "value": 97.0,
            }
        )

        def shown(data):
            return {cell["measurement_id"] for kpi in data["kpis"] for cell in kpi["trend"] if cell}

        self.assertNotIn(foreign.id, shown(self.data()))
        # a manager of both companies sees the other one when it is the current company
        self.manager.company_ids |= other
        Dashboard = self.env["quality_ops.dashboard"].with_user(self.manager)
        in_other = Dashboard.with_context(allowed_company_ids=[other.id, self.company.id])
        data = in_other.get_dashboard_data(YEAR)
        self.assertEqual(data["company"], other.name)
        self.assertIn(foreign.id, shown(data))
        self.assertFalse(set(self.stored().ids) & shown(data))


@tagged("post_install", "-at_install")
class TestDashboardMonth(DashboardCase):
    """The month shown is said: the last complete month by default, the
    current one as month to date; each value with its sample, its change on
    the previous month and on the same month a year earlier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = role_user(
            cls.env,
            "qo_dm_manager",
            groups="quality_ops.group_quality_manager,helpdesk_mgmt.group_helpdesk_manager",
            company=cls.company,
        )
        cls.today = cls.company._quality_local_date(fields.Datetime.now())
        cls.this_month = cls.today.replace(day=1)
        cls.last_month = shift_month(cls.this_month, -1)
        # the engine's figures of the months shown and compared with
        for year in {cls.last_month.year, cls.this_month.year}:
            cls.Measurement._compute_year(year)

    def data(self, **kwargs):
        return self.dashboard_data(**kwargs)

    def manual_indicator(self, direction):
        return self.env["quality_ops.indicator"].create(
            {
                "code": f"DASH_{direction.upper()}",
                "name": f"Dashboard {direction}",
                "unit": "hours",
                "direction": direction,
                "source": "manual",
                "periodicity": "month",
                "company_id": self.company.id,
            }
        )

    def enter(self, indicator, month, value):
        return self.Measurement.create(
            {
                "indicator_id": indicator.id,
                "periodicity": "month",
                "date_from": month,
                "date_to": shift_month(month, 1) - dt.timedelta(days=1),
                "company_id": self.company.id,
                "value": value,
            }
        )

    def test_the_last_complete_month_by_default(self):
        data = self.data()
        self.assertEqual(data["month"], self.last_month.isoformat())
        self.assertEqual(data["year"], self.last_month.year)
        self.assertFalse(data["month_to_date"])
        self.assertFalse(data["as_of"])
        # a year asked for without its month: its last complete month
        self.assertEqual(self.data(year=self.last_month.year)["month"], self.last_month.isoformat())
        self.assertEqual(
            self.data(year=self.this_month.year - 2)["month"],
            D(self.this_month.year - 2, 12, 1).isoformat(),
        )
        # in January, the last complete month is December of the year before
        january = dt.datetime(self.today.year + 1, 1, 20, 4, 0)
        with freeze_time(january):
            data = self.data()
        self.assertEqual(data["month"], D(self.today.year, 12, 1).isoformat())
        self.assertEqual(data["year"], self.today.year)

    def test_the_current_month_is_month_to_date_with_its_tickets(self):
        before = self.data(year=self.this_month.year, month=self.this_month.month)
        self.assertTrue(before["month_to_date"])
        self.assertEqual(before["month"], self.this_month.isoformat())
        self.assertLessEqual(before["as_of"], self.today.isoformat())
        self.assertGreaterEqual(before["as_of"], self.this_month.isoformat())
        self.assertEqual(before["month_options"][-1], self.this_month.isoformat())
        team = self.env["helpdesk.ticket.team"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.env["helpdesk.ticket"].create(
            {
                "name": "Printer down",
                "description": "<p>down</p>",
                "company_id": self.company.id,
                "team_id": team.id,
            }
        )
        after = self.data(year=self.this_month.year, month=self.this_month.month)
        self.assertEqual(after["tickets"], before["tickets"] + 1)
        # a complete month has no count "to date"; a month to come is refused
        self.assertFalse(self.data()["tickets"])
        future = shift_month(self.this_month, 1)
        with self.assertRaises(UserError):
            self.data(year=future.year, month=future.month)
        with self.assertRaises(UserError):
            self.data(year=self.this_month.year, month=13)

    def test_sample_size_is_the_stored_numerator_and_denominator(self):
        data = self.data()
        self.assertEqual(data["min_sample"], MIN_SAMPLE)
        shown = 0
        for kpi in data["kpis"]:
            cell = kpi["current"]
            if not cell or not cell["has_value"]:
                continue
            measurement = self.Measurement.browse(cell["measurement_id"])
            self.assertEqual(measurement.date_from.isoformat(), data["month"])
            if kpi["unit"] == "count" or kpi["source"] == "manual":
                continue
            shown += 1
            self.assertEqual(cell["numerator"], measurement.numerator, kpi["code"])
            self.assertEqual(cell["denominator"], measurement.denominator, kpi["code"])
            self.assertEqual(cell["sample"], int(measurement.denominator))
            self.assertEqual(cell["small_sample"], measurement.denominator < MIN_SAMPLE)
        self.assertTrue(shown, "the last complete month has measured rates")
        backlog = next(kpi for kpi in data["kpis"] if kpi["unit"] == "count")
        if backlog["current"]:
            self.assertIsNone(backlog["current"]["sample"], "a count has no sample")

    def test_changes_are_the_stored_previous_month_and_last_year(self):
        month = self.last_month
        lower = self.manual_indicator("lower")
        higher = self.manual_indicator("higher")
        for indicator in (lower, higher):
            self.enter(indicator, month, 4.0)
            self.enter(indicator, shift_month(month, -1), 5.5)
            self.enter(indicator, shift_month(month, -12), 3.0)
        kpis = {kpi["indicator_id"]: kpi for kpi in self.data()["kpis"]}
        for indicator, mom, yoy in ((lower, "better", "worse"), (higher, "worse", "better")):
            kpi = kpis[indicator.id]
            self.assertEqual(kpi["current"]["value"], 4.0)
            previous = self.Measurement.search(
                [("indicator_id", "=", indicator.id), ("date_from", "=", shift_month(month, -1))]
            )
            self.assertEqual(kpi["previous"]["measurement_id"], previous.id)
            self.assertEqual(kpi["previous"]["value"], previous.value)
            self.assertEqual(kpi["previous"]["delta"], -1.5)
            self.assertEqual(kpi["previous"]["trend"], mom, indicator.code)
            last_year = self.Measurement.search(
                [("indicator_id", "=", indicator.id), ("date_from", "=", shift_month(month, -12))]
            )
            self.assertEqual(kpi["last_year"]["measurement_id"], last_year.id)
            self.assertEqual(kpi["last_year"]["value"], 3.0)
            self.assertEqual(kpi["last_year"]["delta"], 1.0)
            self.assertEqual(kpi["last_year"]["trend"], yoy, indicator.code)
        # the engine's figures: the stored values of the months compared with
        for kpi in kpis.values():
            if kpi["previous"]:
                stored = self.Measurement.browse(kpi["previous"]["measurement_id"])
                self.assertEqual(stored.date_from, shift_month(month, -1))
                self.assertEqual(stored.indicator_id.id, kpi["indicator_id"])
                self.assertEqual(stored.scope, "company")
                self.assertEqual(
                    kpi["previous"]["delta"], round(kpi["current"]["value"] - stored.value, 2)
                )

    def test_no_data_is_none_never_zero(self):
        indicator = self.manual_indicator("higher")
        kpi = next(k for k in self.data()["kpis"] if k["indicator_id"] == indicator.id)
        self.assertIsNone(kpi["current"])
        self.assertIsNone(kpi["previous"])
        self.assertIsNone(kpi["last_year"])
        empty = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("scope", "=", "company"),
                ("has_value", "=", False),
                ("date_from", "<=", self.this_month),
                ("date_from", ">=", D(self.last_month.year, 1, 1)),
            ],
            limit=1,
        )
        self.enter(indicator, self.last_month, 2.0)
        kpi = next(k for k in self.data()["kpis"] if k["indicator_id"] == indicator.id)
        self.assertIsNone(kpi["previous"], "nothing stored the month before: no change")
        if not empty:
            return
        data = self.data(year=empty.date_from.year, month=empty.date_from.month)
        kpi = next(k for k in data["kpis"] if k["indicator_id"] == empty.indicator_id.id)
        self.assertEqual(kpi["current"]["measurement_id"], empty.id)
        self.assertIsNone(kpi["current"]["value"])
        self.assertIsNone(kpi["current"]["sample"])
        self.assertIsNone(kpi["previous"])
        self.assertIsNone(kpi["last_year"])


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_opens_for_the_manager_and_the_representative(self):
        company = self.env.ref("base.main_company")
        this_month = company._quality_local_date(fields.Datetime.now()).replace(day=1)
        # the months shown: the last complete one by default, and this one
        for year in {shift_month(this_month, -1).year, this_month.year}:
            self.env["quality_ops.measurement"]._compute_year(year)
        for login in ("qo_manager", "qo_representative"):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user, f"demo user {login}")
            with self.subTest(login=login):
                self.start_tour(
                    "/odoo/quality-dashboard", "quality_ops_dashboard_tour", login=login
                )
