import datetime

from odoo.tests import tagged

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .people_common import PeopleCommon

MARCH = (datetime.date(2031, 3, 1), datetime.date(2031, 3, 31))


@tagged("post_install", "-at_install")
class TestPeopleIndicators(PeopleCommon):
    """Training hours per person and the certificate coverage of the key
    positions, measured by the engine, against a hand count on a company of
    their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.co = cls.env["res.company"].create({"name": "People Fixture Co."})
        cls.a, cls.b, cls.c = (cls.member, cls.outsider, cls.engineer)
        cls.ind_hours = cls.env.ref("quality_ops.indicator_training_hours")
        cls.ind_cover = cls.env.ref("quality_ops.indicator_key_position_cover")

    def measure(self, indicator, scope="company", project=None):
        Engine = self.env["quality_ops.measurement"]
        Engine._compute_period("month", *MARCH, indicators=indicator)
        domain = [
            ("indicator_id", "=", indicator.id),
            ("company_id", "=", self.co.id),
            ("periodicity", "=", "month"),
            ("date_from", "=", MARCH[0]),
            ("scope", "=", scope),
        ]
        if project:
            domain.append(("project_id", "=", project.id))
        return self.env["quality_ops.measurement"].search(domain)

    def held(self, session):
        with_pass(session).write({"state": "done"})  # dated ahead: set as held
        return session

    def test_training_hours_per_person(self):
        plan = self.make_training_plan(year=2031, company=self.co)
        # 4 h: a present, b absent; 2 h: a and c present -> 8 h / 3 people
        self.held(
            self.make_session(
                plan, datetime.date(2031, 3, 10), 4, [(self.a, True), (self.b, False)]
            )
        )
        self.held(
            self.make_session(plan, datetime.date(2031, 3, 20), 2, [(self.a, True), (self.c, True)])
        )
        # not counted: planned only; held in April
        self.make_session(
            plan, datetime.date(2031, 3, 25), 6, [(self.a, True), (self.outsider, True)]
        )
        self.held(self.make_session(plan, datetime.date(2031, 4, 2), 5, [(self.a, True)]))
        measurement = self.measure(self.ind_hours)
        self.assertEqual((measurement.numerator, measurement.denominator), (8, 3))
        self.assertAlmostEqual(measurement.value, 2.67)

    def test_training_hours_of_the_year_count_each_person_once(self):
        """The year's hours per person divide by the people invited in the
        year, not by person-months: the full-year recomputation (months
        queried, the rest rolled up) gives what measuring the year gives."""
        plan = self.make_training_plan(year=2031, company=self.co)
        # a attends in March and April, b in April: 4 + 2 + 3 h over 2 people
        self.held(self.make_session(plan, datetime.date(2031, 3, 10), 4, [(self.a, True)]))
        self.held(
            self.make_session(plan, datetime.date(2031, 4, 2), 2, [(self.a, True), (self.b, True)])
        )
        self.held(self.make_session(plan, datetime.date(2031, 4, 20), 3, [(self.b, True)]))
        Engine = self.env["quality_ops.measurement"]

        def of(periodicity, date_from):
            return Engine.search(
                [
                    ("indicator_id", "=", self.ind_hours.id),
                    ("company_id", "=", self.co.id),
                    ("periodicity", "=", periodicity),
                    ("date_from", "=", date_from),
                    ("scope", "=", "company"),
                ]
            )

        Engine._compute_year(2031, indicators=self.ind_hours)
        year = of("year", datetime.date(2031, 1, 1))
        self.assertEqual((year.numerator, year.denominator), (11, 2))
        self.assertAlmostEqual(year.value, 5.5)
        # a invited in March and in April: 3 person-months in the months, 2 people in H1
        half = of("half_year", datetime.date(2031, 1, 1))
        self.assertEqual((half.numerator, half.denominator), (11, 2))
        months = of("month", datetime.date(2031, 3, 1)) | of("month", datetime.date(2031, 4, 1))
        self.assertEqual(sum(months.mapped("denominator")), 3)
        Engine._compute_period(
            "year",
            datetime.date(2031, 1, 1),
            datetime.date(2031, 12, 31),
            indicators=self.ind_hours,
        )
        again = of("year", datetime.date(2031, 1, 1))
        self.assertEqual(again, year)
        self.assertEqual((again.numerator, again.denominator), (11, 2))

    def test_key_position_coverage(self):
        project = self.env["project.project"].create(
            {"name": "Fixture O&M", "company_id": self.co.id}
        )
        Position = self.env["quality_ops.key.position"]
        Cert = self.env["quality_ops.certificate"]

        def position(holder, types, backup=None):
            return Position.create(
                {
                    "name": "Role",
                    "project_id": project.id,
                    "company_id": self.co.id,
                    "user_id": holder and holder.id,
                    "backup_id": backup and backup.id,
                    "required_type_ids": [(6, 0, types.ids)],
                }
            )

        def cert(user, ctype, expiry, state="verified"):
            record = Cert.create(
                {
                    "user_id": user.id,
                    "type_id": ctype.id,
                    "expiry_date": expiry,
                    "company_id": self.co.id,
                }
            )
            with_pass(record).write({"state": state})
            return record

        cert(self.a, self.type_a, datetime.date(2031, 12, 31))  # valid at the end of March
        cert(self.b, self.type_a, datetime.date(2031, 12, 31), state="draft")  # not verified
        cert(self.c, self.type_b, datetime.date(2031, 3, 30))  # expired before the end
        cert(self.c, self.type_a, datetime.date(2032, 1, 1))  # valid but not required of c
        position(self.a, self.type_a, backup=self.b)
        position(self.b, self.type_a)
        position(self.c, self.type_b)
        position(False, self.type_a)  # vacant: not counted
        measurement = self.measure(self.ind_cover)
        self.assertEqual((measurement.numerator, measurement.denominator), (1, 3))
        self.assertAlmostEqual(measurement.value, 33.33)
        by_project = self.measure(self.ind_cover, scope="project", project=project)
        self.assertEqual(by_project.denominator, 3)
        covered = Position.search([("project_id", "=", project.id), ("user_id", "!=", False)])
        # today's view on the list: c's certificate of March 30 is still valid
        self.assertEqual(covered.filtered("holder_certified").user_id, self.a | self.c)
