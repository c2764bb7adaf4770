"""The fixtures the test modules share: users of every role (their logins for
``@users`` role matrices), working-time calendars, helpdesk stages, Shanghai
wall-clock times, and the JSON-RPC helpers of the HTTP tests."""

import datetime as dt
import zoneinfo

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

# Logins of the users of every role QualityCommon creates once per class
# (password = login), for role matrices: ``@users(OFFICER, MANAGER)`` runs the
# test once as each, with ``self.env`` of that user.
REPRESENTATIVE = "qo_t_rep"
MANAGER = "qo_t_manager"
OFFICER = "qo_t_officer"
LEAD = "qo_t_lead"
OTHER_LEAD = "qo_t_lead2"
ENGINEER = "qo_t_engineer"
PORTAL = "qo_t_portal"
FOREIGN = "qo_t_foreign"
# the quality department: QA/QC officer, quality manager, management representative
QUALITY_DEPARTMENT = (OFFICER, MANAGER, REPRESENTATIVE)

# the groups of each role as the fixtures give them
ROLE_GROUPS = {
    "representative": "quality_ops.group_quality_representative",
    "rep": "quality_ops.group_quality_representative",
    "manager": "quality_ops.group_quality_manager",
    "officer": "quality_ops.group_quality_officer",
    "lead": "quality_ops.group_quality_project_lead,project.group_project_user",
    "engineer": "quality_ops.group_quality_engineer",
    "agent": "helpdesk_mgmt.group_helpdesk_user",
    "helpdesk_manager": "helpdesk_mgmt.group_helpdesk_manager",
    "portal": "base.group_portal",
}
# the helpdesk_mgmt stages the SLA and complaint tests move tickets through
STAGES = {
    "new": "helpdesk_mgmt.helpdesk_ticket_stage_new",
    "progress": "helpdesk_mgmt.helpdesk_ticket_stage_in_progress",
    "waiting": "helpdesk_mgmt.helpdesk_ticket_stage_awaiting",
    "done": "helpdesk_mgmt.helpdesk_ticket_stage_done",
    "cancelled": "helpdesk_mgmt.helpdesk_ticket_stage_cancelled",
}
# office hours of the calendars the tests build: 9:00-12:00 and 13:00-18:00
OFFICE_HOURS = (("AM", 9, 12, "morning"), ("PM", 13, 18, "afternoon"))


def local(*args):
    """Shanghai wall-clock time as the naive UTC datetime Odoo stores."""
    return dt.datetime(*args) - dt.timedelta(hours=8)


def company_today(company):
    """Today where the company is (its address's time zone, else its
    calendar's): the day the product dates a step with."""
    tz = company.partner_id.tz or company.resource_calendar_id.tz or "UTC"
    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()


def shift_month(day, months):
    """The first day of the month ``months`` away from ``day``'s."""
    return day.replace(day=1) + relativedelta(months=months)


def utc_str(*args):
    """:func:`local` as the string a client writes."""
    return local(*args).strftime("%Y-%m-%d %H:%M:%S")


def role_user(env, login, role=None, groups=None, company=None, **values):
    """A user of ``role`` (a key of ROLE_GROUPS) or of ``groups``, password =
    login; with ``company``, of that company only."""
    if company:
        values.update(company_id=company.id, company_ids=[(6, 0, company.ids)])
    return new_test_user(env, login, groups=groups or ROLE_GROUPS[role], **values)


def load_chinese(env):
    """zh_CN active, with the terms of quality_ops (what its users read)."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])


def foreign_representative(env, login, company_name="Elsewhere O&M"):
    """The management representative of another company (a new one)."""
    company = env["res.company"].create({"name": company_name})
    return role_user(env, login, "representative", company=company)


def company_quality_manager(env, login, company=None):
    """A quality manager, named the company's (who the quality reminders go to)."""
    company = company or env.company
    manager = role_user(env, login, "manager", company=company)
    company.quality_manager_id = manager
    return manager


def role_users(env, prefix, roles, company=None, **groups):
    """``{role: user}``, one user per role, login ``{prefix}_{role}``; ``groups``
    gives the groups of a role that ROLE_GROUPS does not or not so."""
    return {
        role: role_user(env, f"{prefix}_{role}", role, groups.get(role), company=company)
        for role in roles
    }


def set_stages(cls):
    """``cls.stage_new`` … ``cls.stage_cancelled``: helpdesk_mgmt's stages."""
    for key, xmlid in STAGES.items():
        setattr(cls, f"stage_{key}", cls.env.ref(xmlid))


def office_attendances(hours=OFFICE_HOURS, days=range(5), periods=False):
    """``resource.calendar.attendance`` commands: ``hours`` each day of ``days``
    (0 = Monday); ``hours`` rows are ``(name, from, to, day period)``."""
    return [
        (
            0,
            0,
            {
                "name": name,
                "dayofweek": str(day),
                "hour_from": start,
                "hour_to": end,
                **({"day_period": period} if periods else {}),
            },
        )
        for day in days
        for name, start, end, period in hours
    ]


def office_calendar(env, name, tz="Asia/Shanghai", hours=OFFICE_HOURS, company=None, **values):
    """A working-time calendar of ``hours`` Monday to Friday in ``tz``."""
    values.update(name=name, tz=tz, attendance_ids=office_attendances(hours))
    if company:
        values["company_id"] = company.id
    return env["resource.calendar"].create(values)


# one working day of 9:00-17:00, as the measurement and report tests use
DAY_HOURS = (("day", 9, 17, "morning"),)


def sla_policy(env, name, company, calendar, response=2, resolution=8, **values):
    """An SLA policy of ``company`` on ``calendar`` with one line: priority 1
    answered within ``response`` and resolved within ``resolution`` working
    hours."""
    line = {"priority": "1", "response_hours": response, "resolution_hours": resolution}
    return env["quality_ops.sla.policy"].create(
        {
            "name": name,
            "company_id": company.id,
            "calendar_id": calendar.id,
            "line_ids": [(0, 0, line)],
            **values,
        }
    )


def dated_ticket(env, created, closed=None, **values):
    """A ticket created at ``created`` and, with ``closed``, done then (naive UTC)."""
    with freeze_time(created):
        ticket = env["helpdesk.ticket"].create(
            {"name": "t", "description": "<p>t</p>", "priority": "1", **values}
        )
    if closed:
        with freeze_time(closed):
            ticket.stage_id = env.ref(STAGES["done"])
    return ticket


def answer_survey(user_input, dimension_value, nps_value):
    """The customer's answers: ``dimension_value`` to every dimension of the
    satisfaction survey, ``nps_value`` to its NPS question, written as the
    survey pages write them (as superuser); not yet marked done."""
    lines = []
    for question in user_input.survey_id.question_ids:
        if question.quality_role not in ("dimension", "nps"):
            continue
        value = nps_value if question.quality_role == "nps" else dimension_value
        choice = question.suggested_answer_ids.filtered(lambda a, v=value: a.quality_value == v)
        lines.append(
            {
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
                "user_input_id": user_input.id,
            }
        )
    return user_input.env["survey.user_input.line"].sudo().create(lines)


def company_of_their_own(cls, name, tz=None, **values):
    """``cls.company``: a new company, ``cls.env`` working in it (no tracking)."""
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    cls.company = cls.env["res.company"].create({"name": name, **values})
    if tz:
        cls.company.partner_id.tz = tz
    cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
    return cls.company


def helpdesk_team(env, name, leader=None, members=None, calendar=None, **values):
    """A helpdesk team led by ``leader`` (a member), with ``calendar``."""
    members = (members or env["res.users"]) | (leader or env["res.users"])
    values.update(name=name, user_ids=[(6, 0, members.ids)])
    if leader:
        values["user_id"] = leader.id
    if calendar:
        values["quality_calendar_id"] = calendar.id
    return env["helpdesk.ticket.team"].create(values)


class CurrentUser:
    """For ``@users`` role matrices, which set the test's ``self.env``."""

    def mine(self, records):
        """``records`` as the test's current user (the one ``@users`` set)."""
        return records.with_env(self.env)


class QualityCommon(CurrentUser, TransactionCase):
    """Users of every role, a project led by the project lead, a plan factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other O&M Co."})
        env = cls.env
        cls.representative = role_user(
            env, REPRESENTATIVE, "representative", name="Test Representative"
        )
        cls.manager = role_user(env, MANAGER, "manager", name="Test Quality Manager")
        cls.officer = role_user(env, OFFICER, "officer", name="Test QA Officer")
        cls.lead = role_user(env, LEAD, "lead", name="Test Project Lead")
        cls.other_lead = role_user(env, OTHER_LEAD, "lead", name="Other Project Lead")
        cls.engineer = role_user(env, ENGINEER, "engineer", name="Test Engineer")
        cls.portal = role_user(env, PORTAL, "portal", name="Test Customer")
        cls.foreign_manager = role_user(
            env,
            FOREIGN,
            "representative",
            company=cls.other_company,
            name="Other Company Representative",
        )
        cls.company.write(
            {
                "quality_manager_id": cls.manager.id,
                "quality_representative_id": cls.representative.id,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Test Bank", "is_company": True})
        cls.project = cls.env["project.project"].create(
            {
                "name": "Bank O&M",
                "partner_id": cls.customer.id,
                "user_id": cls.lead.id,
            }
        )
        cls.other_project = cls.env["project.project"].create(
            {
                "name": "Hospital O&M",
                "user_id": cls.other_lead.id,
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test Service Desk",
                "user_id": cls.engineer.id,
            }
        )
        ref = cls.env.ref
        cls.ind_resp = ref("quality_ops.indicator_resp_sla")
        cls.ind_resp_avg = ref("quality_ops.indicator_resp_avg")
        cls.ind_csat = ref("quality_ops.indicator_csat")
        cls.ind_nps = ref("quality_ops.indicator_nps")
        cls.ind_backlog = ref("quality_ops.indicator_backlog")

    @classmethod
    def make_plan(
        cls,
        year=2031,
        plan_type="organisation",
        project=None,
        targets=None,
        company=None,
        user=None,
    ):
        targets = (
            targets
            if targets is not None
            else [
                {"indicator_id": cls.ind_resp.id, "target_value": 95, "warning_value": 90},
            ]
        )
        env = cls.env(user=user) if user else cls.env
        vals = {
            "name": f"Quality plan {year}",
            "year": year,
            "plan_type": plan_type,
            "target_ids": [(0, 0, t) for t in targets],
        }
        if project:
            vals["project_id"] = project.id
        if company:
            vals["company_id"] = company.id
        return env["quality_ops.plan"].create(vals)


def reason_wizard(user, records, method, reason):
    """The dialog of a step that takes a reason, as its button opens it."""
    context = {
        "active_model": records._name,
        "active_ids": records.ids,
        "quality_reason_method": method,
    }
    wizard = records.env["quality_ops.reason.wizard"].with_user(user).with_context(**context)
    return wizard.create({"reason": reason})


def chatter_post(case, login, record, **post_data):
    """Post on ``record`` as ``login`` the way the web client's chatter does
    (``/mail/message/post``; ``message_post`` itself is not called remotely
    on quality records and tickets). Returns the new message's id."""
    case.authenticate(login, login)
    with mute_logger("odoo.http"):  # refusals a test provokes
        result = case.make_jsonrpc_request(
            "/mail/message/post",
            {"thread_model": record._name, "thread_id": record.id, "post_data": post_data},
        )
    return result["message_id"]


class JsonRpcCalls:
    """Calls over JSON-RPC as a plain client sends them (for HttpCase tests,
    as a role of a ``users`` dict or as a login): nothing of the web client's
    buttons or readonly attributes stands in the way, only the server."""

    REFUSED = ("UserError", "AccessError", "ValidationError")

    def call(self, role, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` as ``role`` (a key of
        ``self.users``, or a login)."""
        users = getattr(self, "users", {})
        login = users[role].login if role in users else role
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assert_refused(self, role, model, method, *args, **kwargs):
        """The call is refused with a message (not another exception); the
        exception's class name is returned."""
        # the server logs the refusal it sends (odoo.http): expected here
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(role, model, method, *args, **kwargs)
        name = str(caught.exception)
        self.assertTrue(any(kind in name for kind in self.REFUSED), name)
        self.env.invalidate_all()
        return name


def report_html(env, report_ref, records, user=None, lang=None):
    """The HTML of the QWeb report ``report_ref`` of ``records``, rendered in
    ``env``, as ``user`` and in ``lang`` when given."""
    Report = env["ir.actions.report"]
    if user:
        Report = Report.with_user(user)
    if lang:
        Report = Report.with_context(lang=lang)
    return Report._render_qweb_html(report_ref, records.ids)[0].decode()


def perform_cron_jobs(cron, *args, **kwargs):
    """Run a scheduled action's method, then the jobs it queued (a scheduled
    action queues, its jobs compute); returns the jobs, performed."""
    with trap_jobs() as trap:
        cron(*args, **kwargs)
        jobs = list(trap.enqueued_jobs)
        trap.perform_enqueued_jobs()
    return jobs
