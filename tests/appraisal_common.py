import datetime as dt

from odoo.tests import TransactionCase

from .common import (
    DAY_HOURS,
    CurrentUser,
    company_of_their_own,
    dated_ticket,
    helpdesk_team,
    office_calendar,
    role_user,
    sla_policy,
)

D = dt.date
MONTH = D(2025, 3, 1)
MONTH_END = D(2025, 3, 31)
ENGINEER_GROUPS = "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own"
OM_GROUPS = "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_manager"
# logins of the role matrices
ENG_A = "qo_a_eng_a"
ENG_B = "qo_a_eng_b"
OUTSIDER = "qo_a_outsider"
OM = "qo_a_om"
OTHER_OM = "qo_a_om2"
OFFICER = "qo_a_officer"


class AppraisalCommon(CurrentUser, TransactionCase):
    """A company of its own (UTC, one working day 9:00-17:00, response 2 h and
    resolution 8 h): an O&M manager leading engineers A and B, another
    leading an outsider, a QA officer; March 2025's tickets of each,
    counted by hand, measured once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Appraised O&M")
        env = cls.env
        cls.om = role_user(env, OM, groups=OM_GROUPS, company=company, name="A Manager")
        cls.other_om = role_user(env, OTHER_OM, groups=OM_GROUPS, company=company, name="B Manager")
        cls.eng_a = role_user(env, ENG_A, groups=ENGINEER_GROUPS, company=company, name="Eng A")
        cls.eng_b = role_user(env, ENG_B, groups=ENGINEER_GROUPS, company=company, name="Eng B")
        cls.outsider = role_user(
            env, OUTSIDER, groups=ENGINEER_GROUPS, company=company, name="Eng Out"
        )
        cls.officer = role_user(env, OFFICER, "officer", company=company, name="A Officer")
        cls.users = {
            "om": cls.om,
            "other_om": cls.other_om,
            "eng_a": cls.eng_a,
            "eng_b": cls.eng_b,
            "outsider": cls.outsider,
            "officer": cls.officer,
        }
        cls.team = helpdesk_team(
            env, "A desk", leader=cls.om, members=cls.eng_a | cls.eng_b, company_id=company.id
        )
        cls.other_team = helpdesk_team(
            env, "B desk", leader=cls.other_om, members=cls.outsider, company_id=company.id
        )
        calendar = office_calendar(env, "Appraised", tz="UTC", hours=DAY_HOURS, company=company)
        sla_policy(env, "A policy", company, calendar)
        ref = env.ref
        cls.resp = ref("quality_ops.indicator_resp_sla")
        cls.reso = ref("quality_ops.indicator_reso_sla")
        cls.reso_avg = ref("quality_ops.indicator_reso_avg")
        cls.csat = ref("quality_ops.indicator_csat")
        cls.fcr = ref("quality_ops.indicator_fcr")
        cls.inspection = ref("quality_ops.indicator_inspection")
        cls.survey = ref("quality_ops.indicator_survey")

        def ticket(created, closed, user=None, rating=None):
            ticket = dated_ticket(
                env,
                created,
                closed,
                team_id=(cls.other_team if user == cls.outsider else cls.team).id,
                company_id=company.id,
                user_id=user.id if user else False,
            )
            if rating:
                rated = env["rating.rating"].create(
                    {
                        "res_model_id": env["ir.model"]._get_id("helpdesk.ticket"),
                        "res_id": ticket.id,
                    }
                )
                rated.write({"rating": rating, "consumed": True})
            return ticket

        # Monday 3 March 2025. A: closed at 10:00 (both met, 1 h), rated 5;
        # closed at 15:00 (response late, resolution met, 6 h), rated 1
        ticket("2025-03-03 09:00:00", "2025-03-03 10:00:00", cls.eng_a, 5)
        ticket("2025-03-04 09:00:00", "2025-03-04 15:00:00", cls.eng_a, 1)
        # B: closed the next day at 12:00 (11 working hours, both late), rated 5
        ticket("2025-03-05 09:00:00", "2025-03-06 12:00:00", cls.eng_b, 5)
        # nobody's (the company's only), and the outsider's (met)
        ticket("2025-03-07 09:00:00", "2025-03-07 10:00:00")
        ticket("2025-03-07 09:00:00", "2025-03-07 10:00:00", cls.outsider, 5)
        cls.Measurement = env["quality_ops.measurement"]
        cls.Measurement._compute_period("month", MONTH, MONTH_END, companies=company)
        cls.template = env["quality_ops.appraisal.template"].create(
            {
                "name": "Monthly",
                "company_id": company.id,
                "measured_share": 60,
                "line_ids": [
                    (0, 0, {"indicator_id": cls.resp.id, "weight": 50, "target_value": 90}),
                    (0, 0, {"indicator_id": cls.csat.id, "weight": 50, "target_value": 100}),
                    # no inspection due to anyone: left out of the measured part
                    (0, 0, {"indicator_id": cls.inspection.id, "weight": 20, "target_value": 100}),
                ],
            }
        )

    def figure(self, indicator, user, env=None):
        Measurement = self.Measurement.with_env(env) if env else self.Measurement
        return Measurement.search(
            [
                ("indicator_id", "=", indicator.id),
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", MONTH),
                ("scope", "=", "engineer"),
                ("user_id", "=", user.id),
            ]
        )

    def appraise(self, engineer, user=None):
        """The March appraisal of ``engineer``, drawn up by ``user`` (his O&M manager)."""
        return (
            self.env["quality_ops.appraisal"]
            .with_user(user or self.om)
            .create(
                {
                    "user_id": engineer.id,
                    "date_from": "2025-03-17",
                    "template_id": self.template.id,
                    "company_id": self.company.id,
                }
            )
        )
