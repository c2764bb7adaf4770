from odoo.tests import TransactionCase, new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs


class QualityCommon(TransactionCase):
    """Users of every role, a project led by the project lead, a plan factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other O&M Co."})
        cls.representative = new_test_user(
            cls.env,
            "qo_t_rep",
            groups="quality_ops.group_quality_representative",
            name="Test Representative",
        )
        cls.manager = new_test_user(
            cls.env,
            "qo_t_manager",
            groups="quality_ops.group_quality_manager",
            name="Test Quality Manager",
        )
        cls.officer = new_test_user(
            cls.env,
            "qo_t_officer",
            groups="quality_ops.group_quality_officer",
            name="Test QA Officer",
        )
        cls.lead = new_test_user(
            cls.env,
            "qo_t_lead",
            groups="quality_ops.group_quality_project_lead,project.group_project_user",
            name="Test Project Lead",
        )
        cls.other_lead = new_test_user(
            cls.env,
            "qo_t_lead2",
            groups="quality_ops.group_quality_project_lead,project.group_project_user",
            name="Other Project Lead",
        )
        cls.engineer = new_test_user(
            cls.env,
            "qo_t_engineer",
            groups="quality_ops.group_quality_engineer",
            name="Test Engineer",
        )
        cls.portal = new_test_user(
            cls.env, "qo_t_portal", groups="base.group_portal", name="Test Customer"
        )
        cls.foreign_manager = new_test_user(
            cls.env,
            "qo_t_foreign",
            groups="quality_ops.group_quality_representative",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
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
    """Calls over JSON-RPC as a plain client sends them (for HttpCase tests
    with a ``users`` dict of roles): nothing of the web client's buttons or
    readonly attributes stands in the way, only the server."""

    REFUSED = ("UserError", "AccessError", "ValidationError")

    def call(self, role, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` as ``role`` (a key of
        ``self.users``, or a login)."""
        login = self.users[role].login if role in self.users else role
        self.authenticate(login, login)
        with mute_logger("odoo.http"):  # refusals a test provokes
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            )

    def assert_refused(self, role, model, method, *args, **kwargs):
        """The call is refused with a message (not another exception); the
        exception's class name is returned."""
        with self.assertRaises(JsonRpcException) as caught:
            self.call(role, model, method, *args, **kwargs)
        name = str(caught.exception)
        self.assertTrue(any(kind in name for kind in self.REFUSED), name)
        self.env.invalidate_all()
        return name


def perform_cron_jobs(cron, *args, **kwargs):
    """Run a scheduled action's method, then the jobs it queued (a scheduled
    action queues, its jobs compute); returns the jobs, performed."""
    with trap_jobs() as trap:
        cron(*args, **kwargs)
        jobs = list(trap.enqueued_jobs)
        trap.perform_enqueued_jobs()
    return jobs
