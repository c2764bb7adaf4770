"""A breach stays a breach, and the rest of the attack's list, driven over
JSON-RPC as the role that tried each side door: the engineer reopening or
cancelling his breached ticket, a helpdesk manager deleting one, a quality
officer answering a ticket he only reads, the quality manager of one company
changing a calendar another company's deadlines depend on, and text fields
given lists. Each case checks the refusal and that the figures did not move.

Every date is fixed (January 2026 and June 2031); none depends on today."""

import datetime
from urllib.parse import urljoin

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import chatter_post
from .integrity_common import IntegrityFixture

JANUARY = datetime.date(2026, 1, 1)


@tagged("post_install", "-at_install")
class TestBreachGuard(IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        cls.setup_assurance()
        env, users = cls.env, cls.users
        # engineers work their own tickets in the helpdesk (as in the demo)
        users["engineer"].group_ids += env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_cancelled = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        # the engineer's ticket: resolved late in January 2026, before the
        # statements of that month are drawn up (then approved)
        cls.breached_ticket = cls._january_breach()
        cls.setup_credits()
        cls.hd_manager = new_test_user(
            env, "qo_b_hdmanager", groups="helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.users["hd_manager"] = cls.hd_manager
        # a desk with an SLA policy: priority 2 has targets, priority 1 none
        cls.desk = env["helpdesk.ticket.team"].create(
            {
                "name": "Policy desk",
                "user_id": users["agent"].id,
                "user_ids": [(6, 0, users["agent"].ids)],
            }
        )
        cls.policy = env["quality_ops.sla.policy"].create(
            {
                "name": "Desk policy",
                "team_ids": [(6, 0, cls.desk.ids)],
                "excluded_stage_ids": [(6, 0, cls.stage_cancelled.ids)],
                "line_ids": [
                    (0, 0, {"priority": "2", "response_hours": 4, "resolution_hours": 16})
                ],
            }
        )

    @classmethod
    def _january_breach(cls):
        env = cls.env
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Core router flapping",
                "description": "Core router flapping",
                "team_id": cls.team.id,
                "user_id": cls.users["engineer"].id,
                "partner_id": cls.customer.id,
                "project_id": cls.project.id,
                "priority": "1",
            }
        )
        Clock = env["quality_ops.ticket.sla"].sudo()
        Clock.search([("ticket_id", "=", ticket.id)]).unlink()
        ticket.stage_id = cls.stage_done
        at = datetime.datetime
        common = {"ticket_id": ticket.id, "company_id": ticket.company_id.id, "target_hours": 4}
        Clock.create(
            [
                dict(
                    common,
                    kind="response",
                    start_at=at(2026, 1, 12, 1),
                    reached_at=at(2026, 1, 12, 2),
                    consumed_hours=1,
                    state="met",
                ),
                dict(
                    common,
                    kind="resolution",
                    start_at=at(2026, 1, 12, 1),
                    breached_at=at(2026, 1, 12, 5),
                    reached_at=at(2026, 1, 13, 9),
                    consumed_hours=12,
                    state="breached",
                ),
            ]
        )
        return ticket

    # ------------------------------------------------------------------
    def call(self, role, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC as ``role``; an
        error is raised with its class and message (the user's words)."""
        login = self.users[role].login
        self.authenticate(login, login)
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        response = self.opener.post(
            urljoin(self.base_url(), f"/web/dataset/call_kw/{model}/{method}"),
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"]["data"]
            raise JsonRpcException(body["error"]["code"], f"{data['name']}: {data['message']}")
        return body.get("result")

    def assert_refused(self, role, model, method, *args, kinds=None, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(role, model, method, *args, **kwargs)
        name = str(caught.exception)
        kinds = kinds or ("UserError", "AccessError", "ValidationError")
        self.assertTrue(any(kind in name for kind in kinds), name)
        self.env.invalidate_all()
        return name

    def figures(self, ticket):
        """What the SLA figures and the credits make of ``ticket`` and of
        January 2026: the analysis and credit rows by month, the counts a
        statement of January would take, the January indicator."""
        self.env.invalidate_all()
        self.env.flush_all()
        analysis = sorted(
            (row.kind, row.verdict_month, row.met_count, row.breached_count)
            for row in self.env["quality_ops.sla.report"].search([("ticket_id", "=", ticket.id)])
            if row.verdict_month
        )
        credits = sorted(
            (row.kind, row.month, row.breach_count, row.credit)
            for row in self.env["quality_ops.sla.credit.report"].search(
                [("ticket_id", "=", ticket.id)]
            )
        )
        Statement = self.env["quality_ops.sla.statement"]
        gathered = Statement._gather([(self.credit_scheme, JANUARY)])
        Measurement = self.env["quality_ops.measurement"]
        Measurement._compute_period("month", JANUARY, datetime.date(2026, 1, 31))
        reso = Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", JANUARY),
                ("scope", "=", "company"),
                ("indicator_id.code", "=", "RESO_SLA"),
            ]
        )
        return analysis, credits, gathered, (reso.numerator, reso.denominator)

    def clocks(self, ticket):
        return (
            self.env["quality_ops.ticket.sla"]
            .sudo()
            .search([("ticket_id", "=", ticket.id)], order="kind, cycle, id")
        )

    def desk_ticket(self, **vals):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Disk full",
                "description": "Disk full",
                "team_id": self.desk.id,
                "user_id": self.users["agent"].id,
                "priority": "2",
                "stage_id": self.stage_new.id,
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # deliverable 3: a breach stays a breach
    # ------------------------------------------------------------------
    def test_statement_counts_the_january_breach(self):
        """The fixture means what the other tests assume."""
        january = self.statement_approved
        self.assertEqual(january.state, "approved")
        self.assertGreaterEqual(january.breach_count, 1)
        analysis, credits, gathered, _reso = self.figures(self.breached_ticket)
        self.assertIn(("resolution", JANUARY, 0, 1), analysis)
        self.assertIn(("resolution", JANUARY, 1, 100.0), credits)
        counts = gathered[(self.credit_scheme.id, JANUARY)][("1", "resolution")]
        self.assertEqual(counts.breached, january.breach_count)

    def test_engineer_cannot_cancel_a_ticket_of_an_approved_month(self):
        ticket = self.breached_ticket
        before, clocks = self.figures(ticket), self.clocks(ticket).read(["state", "is_current"])
        message = self.assert_refused(
            "engineer",
            "helpdesk.ticket",
            "write",
            ticket.ids,
            {"stage_id": self.stage_cancelled.id},
        )
        self.assertIn("statement", message)
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertEqual(self.clocks(ticket).read(["state", "is_current"]), clocks)
        self.assertEqual(self.figures(ticket), before)

    def test_reopening_keeps_the_breach_in_its_month(self):
        ticket = self.breached_ticket
        before = self.figures(ticket)
        first = self.clocks(ticket).filtered(lambda c: c.kind == "resolution")
        started = fields.Datetime.now().replace(microsecond=0)
        # the engineer reopens his ticket: allowed, a new resolution cycle
        self.call(
            "engineer", "helpdesk.ticket", "write", ticket.ids, {"stage_id": self.stage_progress.id}
        )
        self.env.invalidate_all()
        self.assertEqual(ticket.stage_id, self.stage_progress)
        resolution = self.clocks(ticket).filtered(lambda c: c.kind == "resolution")
        self.assertEqual(len(resolution), 2)
        old, new = resolution
        self.assertEqual(old, first)
        self.assertEqual((old.state, old.is_current, old.cycle), ("breached", False, 1))
        self.assertEqual((new.state, new.is_current, new.cycle), ("breached", True, 2))
        # the new cycle is a breach of its own, counted from the reopening on:
        # never again in January
        self.assertGreaterEqual(new.breached_at, started)
        after = self.figures(ticket)
        self.assertEqual(after[2:], before[2:])  # January: statement counts, indicator
        self.assertTrue(set(before[0]) <= set(after[0]), after[0])
        self.assertTrue(set(before[1]) <= set(after[1]), after[1])
        self.assertFalse(
            [row for row in after[0] if row not in before[0] and row[1] <= JANUARY], after[0]
        )
        # resolved again, then cancelled: January still counts its breach
        self.call(
            "engineer", "helpdesk.ticket", "write", ticket.ids, {"stage_id": self.stage_done.id}
        )
        self.env.invalidate_all()
        self.assertEqual(self.figures(ticket)[2:], before[2:])
        self.assertEqual((old.state, new.state), ("breached", "breached"))

    def test_closed_ticket_keeps_what_it_is_counted_under(self):
        """Handing a closed, breached ticket to a colleague, a team or project
        without a policy or a lower priority would take its breach out of the
        engineer's figures; its stamped dates would move its month."""
        ticket = self.breached_ticket
        engineer, colleague = self.users["engineer"], self.users["agent"]
        before = self.figures(ticket)
        for vals in (
            {"user_id": colleague.id},
            {"priority": "0"},
            {"team_id": self.desk.id},
            {"project_id": False},
            {"partner_id": False},
        ):
            message = self.assert_refused("engineer", "helpdesk.ticket", "write", ticket.ids, vals)
            self.assertIn("is closed", message)
        for name in ("closed_date", "assigned_date", "last_stage_update"):
            message = self.assert_refused(
                "engineer", "helpdesk.ticket", "write", ticket.ids, {name: "2026-02-02 08:00:00"}
            )
            self.assertIn("stamped", message)
        message = self.assert_refused(
            "engineer",
            "helpdesk.ticket",
            "create",
            {"name": "Done long ago", "stage_id": self.stage_done.id, "closed_date": "2026-01-02"},
        )
        self.assertIn("stamped", message)
        message = self.assert_refused(
            "engineer",
            "helpdesk.ticket",
            "create",
            {"name": "Done long ago", "stage_id": self.stage_done.id},
            context={"default_closed_date": "2026-01-02"},
        )
        self.assertIn("stamped", message)
        # a copy is a new ticket, stamped anew by the helpdesk
        copy_id = self.call("engineer", "helpdesk.ticket", "copy", ticket.ids)[0]
        copy = self.env["helpdesk.ticket"].browse(copy_id)
        self.assertTrue(copy.exists())
        self.assertNotEqual(copy.number, ticket.number)
        # an import is a write too: refused line by line, nothing changes
        with mute_logger("odoo.sql_db"):
            result = self.call(
                "engineer", "helpdesk.ticket", "load", [".id", "priority"], [[str(ticket.id), "0"]]
            )
        self.assertFalse(result["ids"])
        self.env.invalidate_all()
        self.assertEqual((ticket.user_id, ticket.priority), (engineer, "1"))
        self.assertEqual(self.figures(ticket), before)
        # what is there already is no change; reopened, the ticket is handed on
        self.call("engineer", "helpdesk.ticket", "write", ticket.ids, {"user_id": engineer.id})
        self.call(
            "engineer", "helpdesk.ticket", "write", ticket.ids, {"stage_id": self.stage_progress.id}
        )
        self.call("engineer", "helpdesk.ticket", "write", ticket.ids, {"user_id": colleague.id})
        self.env.invalidate_all()
        self.assertEqual(ticket.user_id, colleague)
        # closed again, it is reopened and handed back in one write
        self.call("agent", "helpdesk.ticket", "write", ticket.ids, {"stage_id": self.stage_done.id})
        self.call(
            "agent",
            "helpdesk.ticket",
            "write",
            ticket.ids,
            {"stage_id": self.stage_progress.id, "user_id": engineer.id},
        )
        self.env.invalidate_all()
        self.assertEqual((ticket.user_id, ticket.stage_id), (engineer, self.stage_progress))

    def test_a_stage_holding_tickets_keeps_its_closing(self):
        """A working stage made closing for a moment would stop the clocks of
        every ticket moved through it meanwhile."""
        ticket = self.desk_ticket(stage_id=self.stage_progress.id)
        clocks = ticket.quality_sla_ids.read(["state"])
        message = self.assert_refused(
            "hd_manager",
            "helpdesk.ticket.stage",
            "write",
            self.stage_progress.ids,
            {"closed": True},
        )
        self.assertIn("holds tickets", message)
        self.assertFalse(self.stage_progress.closed)
        self.assertEqual(ticket.quality_sla_ids.read(["state"]), clocks)
        # a stage no ticket is in is the helpdesk manager's to set up
        parked = self.env["helpdesk.ticket.stage"].create({"name": "Parked", "sequence": 99})
        self.call("hd_manager", "helpdesk.ticket.stage", "write", parked.ids, {"closed": True})
        self.env.invalidate_all()
        self.assertTrue(parked.closed)

    @mute_logger("odoo.http")
    def test_only_the_quality_department_corrects_a_contract(self):
        wizard = "quality_ops.ticket.correction"
        ticket = self.desk_ticket()
        vals = {"ticket_id": ticket.id, "priority": "1", "reason": "Filed as P2 by mistake"}
        for role in ("engineer", "agent", "hd_manager", "lead"):
            self.assert_refused(role, wizard, "create", vals, kinds=("AccessError",))
        self.call(
            "officer", wizard, "action_confirm", [self.call("officer", wizard, "create", vals)]
        )
        self.assertEqual(ticket.priority, "1")
        # the January breach is counted in an approved statement: it stays
        vals = dict(vals, ticket_id=self.breached_ticket.id, priority="3")
        wizard_id = self.call("officer", wizard, "create", vals)
        refusal = self.assert_refused("officer", wizard, "action_confirm", [wizard_id])
        self.assertIn("UserError", refusal)
        self.assertEqual(self.breached_ticket.priority, "1")

    def test_a_contract_with_verdicts_is_archived_not_deleted(self):
        # a project administrator deleting the project (or the customer) of a
        # breached ticket would empty the ticket's contract in the database
        self.users["project_admin"] = new_test_user(
            self.env,
            "qo_b_project_admin",
            groups="base.group_user,project.group_project_manager,base.group_partner_manager",
        )
        project, customer = self.breached_ticket.project_id, self.breached_ticket.partner_id
        refusal = self.assert_refused("project_admin", "project.project", "unlink", project.ids)
        self.assertIn("archive the project", refusal)
        refusal = self.assert_refused("project_admin", "res.partner", "unlink", customer.ids)
        self.assertIn("archive the contact", refusal)
        self.assertEqual(
            (self.breached_ticket.project_id, self.breached_ticket.partner_id), (project, customer)
        )
        # one without tickets judged goes as before
        spare = self.env["project.project"].create({"name": "Spare"})
        self.call("project_admin", "project.project", "unlink", spare.ids)
        self.assertFalse(spare.exists())

    def test_helpdesk_manager_cannot_delete_a_breached_ticket(self):
        ticket = self.credit_other_ticket  # breached in June 2031, in no statement
        self.assertIn("breached", self.clocks(ticket).mapped("state"))
        before = self.figures(ticket)
        message = self.assert_refused("hd_manager", "helpdesk.ticket", "unlink", ticket.ids)
        self.assertIn("breached", message)
        self.assertTrue(ticket.exists())
        self.assertEqual(self.figures(ticket), before)
        self.assert_refused("hd_manager", "helpdesk.ticket", "unlink", self.breached_ticket.ids)
        self.assertTrue(self.breached_ticket.exists())
        # a ticket with no breach is still the helpdesk's to delete
        spam = self.desk_ticket(name="Spam")
        self.call("hd_manager", "helpdesk.ticket", "unlink", spam.ids)
        self.assertFalse(spam.exists())

    def test_ticket_returning_to_a_policy_is_measured_again(self):
        # an agent working in Chinese, through a client that sends no language
        self.env["res.lang"]._activate_lang("zh_CN")
        self.users["agent"].lang = "zh_CN"
        ticket = self.desk_ticket()
        self.assertEqual(
            sorted(ticket.quality_sla_ids.mapped("state")), ["running", "running"], "fixture"
        )
        # priority 1 has no target: the ticket leaves every policy...
        self.call("agent", "helpdesk.ticket", "write", ticket.ids, {"priority": "1"})
        self.env.invalidate_all()
        self.assertEqual(ticket.quality_sla_ids.mapped("state"), ["cancelled", "cancelled"])
        # ...and comes back: its clocks go on (not a reopening: the same
        # cycle), the cancelled ones kept as history
        self.call("agent", "helpdesk.ticket", "write", ticket.ids, {"priority": "2"})
        self.env.invalidate_all()
        current = ticket.quality_sla_ids
        self.assertEqual(sorted(current.mapped("kind")), ["resolution", "response"])
        self.assertEqual(current.mapped("state"), ["running", "running"])
        self.assertEqual(current.mapped("policy_id"), self.policy)
        self.assertEqual(current.mapped("cycle"), [1, 1])
        # the chatter says so, in the agent's language
        self.assertIn("SLA 计时继续", ticket.message_ids[0].body)
        self.assertEqual(ticket.quality_sla_history_ids.mapped("state"), ["cancelled"] * 2)
        # a cancelled ticket is closed: its priority stays, and nothing is measured again
        self.call(
            "agent", "helpdesk.ticket", "write", ticket.ids, {"stage_id": self.stage_cancelled.id}
        )
        self.assert_refused("agent", "helpdesk.ticket", "write", ticket.ids, {"priority": "1"})
        self.env.invalidate_all()
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.quality_sla_ids.mapped("state"), ["cancelled", "cancelled"])

    def test_first_response_comes_from_the_helpdesk(self):
        ticket = self.desk_ticket()
        response = ticket.quality_sla_ids.filtered(lambda c: c.kind == "response")
        reply = {"body": "Looked at it", "message_type": "comment"}
        reply["subtype_xmlid"] = "mail.mt_comment"
        # a quality officer reads the ticket and answers: not the first response
        chatter_post(self, self.users["officer"].login, ticket, **reply)
        self.env.invalidate_all()
        self.assertEqual((response.state, response.reached_at), ("running", False))
        # the helpdesk's agent answers: it is
        chatter_post(self, self.users["agent"].login, ticket, **reply)
        self.env.invalidate_all()
        self.assertEqual(response.state, "met")
        self.assertTrue(response.reached_at)

    # ------------------------------------------------------------------
    # deliverable 6: the rest of the list
    # ------------------------------------------------------------------
    def test_default_parent_of_a_settled_scheme_is_refused(self):
        scheme = self.credit_scheme
        lines = scheme.line_ids.read(["priority", "kind", "credit"])
        message = self.assert_refused(
            "manager",
            "quality_ops.sla.credit.scheme.line",
            "create",
            [{"priority": "2", "kind": "response", "credit": 1}],
            context={"default_scheme_id": scheme.id},
        )
        self.assertIn("confirmed or approved statements", message)
        self.assertEqual(scheme.line_ids.read(["priority", "kind", "credit"]), lines)
        # nor an action raised on a cancelled finding through its default
        finding = self.finding_draft
        finding.with_user(self.users["manager"]).action_cancel()
        self.assertEqual(finding.state, "cancelled")
        Action = self.env["quality_ops.action"]
        count = Action.search_count([("finding_id", "=", finding.id)])
        message = self.assert_refused(
            "manager",
            "quality_ops.action",
            "create",
            [{"name": "Late fix", "owner_id": self.users["manager"].id, "due_date": "2031-12-31"}],
            context={"default_finding_id": finding.id},
        )
        self.assertIn("kept as it was", message)
        self.assertEqual(Action.search_count([("finding_id", "=", finding.id)]), count)

    def test_shared_calendar_is_changed_only_by_a_user_of_every_company(self):
        env = self.env
        shared = env["resource.calendar"].create(
            {"name": "Shared 5x8", "company_id": False, "tz": "Asia/Shanghai"}
        )
        self.assertTrue(shared.attendance_ids, "Odoo's default office hours")
        # company A's desk and company B's policy both work by it
        self.desk.quality_calendar_id = shared
        env["quality_ops.sla.policy"].create(
            {
                "name": "Hospital policy",
                "company_id": self.other_company.id,
                "calendar_id": shared.id,
                "line_ids": [(0, 0, {"priority": "3", "resolution_hours": 8})],
            }
        )
        Leaves = env["resource.calendar.leaves"].sudo()
        Makeup = env["quality_ops.makeup.day"].sudo()
        on_calendar = [("calendar_id", "=", shared.id)]
        before = (Leaves.search_count(on_calendar), Makeup.search_count(on_calendar))
        wizard = self.call(
            "manager",
            "quality_ops.holiday.import.wizard",
            "create",
            [
                {
                    "source": "lines",
                    "calendar_id": shared.id,
                    "lines": "2031-10-01,2031-10-03,holiday,National Day\n"
                    "2031-10-11,,workday,Make-up day\n",
                }
            ],
        )
        message = self.assert_refused(
            "manager", "quality_ops.holiday.import.wizard", "action_import", wizard
        )
        self.assertIn("drives the SLA deadlines", message)
        message = self.assert_refused(
            "manager",
            "quality_ops.makeup.day",
            "create",
            [{"name": "Make-up", "date": "2031-10-12", "calendar_id": shared.id}],
        )
        self.assertIn("drives the SLA deadlines", message)
        # nor company A's administrator, through Odoo's own models
        self.users["admin_a"] = new_test_user(
            env, "qo_b_admin_a", groups="base.group_system,base.group_user"
        )
        message = self.assert_refused(
            "admin_a",
            "resource.calendar.leaves",
            "create",
            [
                {
                    "name": "Holiday",
                    "calendar_id": shared.id,
                    "date_from": "2031-10-01 00:00:00",
                    "date_to": "2031-10-01 23:59:59",
                }
            ],
        )
        self.assertIn("drives the SLA deadlines", message)
        hours = shared.attendance_ids[:1]
        hour_to = hours.hour_to
        message = self.assert_refused(
            "admin_a",
            "resource.calendar.attendance",
            "write",
            hours.ids,
            {"hour_to": hour_to - 1},
        )
        self.assertIn("drives the SLA deadlines", message)
        message = self.assert_refused(
            "admin_a", "resource.calendar", "write", shared.ids, {"tz": "UTC"}
        )
        self.assertIn("drives the SLA deadlines", message)
        self.assertEqual(hours.hour_to, hour_to)
        self.assertNotEqual(shared.tz, "UTC")
        self.assertEqual(
            (Leaves.search_count(on_calendar), Makeup.search_count(on_calendar)), before
        )
        # a quality manager of both companies may
        both = new_test_user(
            env,
            "qo_b_manager_both",
            groups="quality_ops.group_quality_manager",
            company_ids=[(6, 0, (self.company | self.other_company).ids)],
        )
        self.users["both"] = both
        wizard = self.call(
            "both",
            "quality_ops.holiday.import.wizard",
            "create",
            [{"source": "lines", "calendar_id": shared.id, "lines": "2031-10-01,,holiday,NDay\n"}],
        )
        self.call("both", "quality_ops.holiday.import.wizard", "action_import", wizard)
        self.assertEqual(Leaves.search_count(on_calendar), before[0] + 1)

    def test_lists_are_refused_where_text_is_expected(self):
        doc = self.doc_draft
        before = doc.change_location
        message = self.assert_refused(
            "officer",
            "quality_ops.document",
            "write",
            doc.ids,
            {"change_location": ["2.1", "3.4"]},
            kinds=("ValidationError", "UserError"),
        )
        self.assertIn("Where Changed", message)
        self.assertEqual(doc.change_location, before)
        line = self.line_draft
        self.assert_refused(
            "manager",
            "quality_ops.report.line",
            "write",
            line.ids,
            {"comment": {"text": "fine"}},
            kinds=("ValidationError", "UserError"),
        )
        self.assertFalse(line.comment)
        self.assert_refused(
            "manager",
            "quality_ops.review.decision",
            "create",
            [{"review_id": self.review_planned.id, "name": ["Hire", "two"]}],
            kinds=("ValidationError", "UserError"),
        )
        self.assertFalse(
            self.env["quality_ops.review.decision"].search(
                [("review_id", "=", self.review_planned.id)]
            )
        )
        # text is still text
        self.call(
            "officer", "quality_ops.document", "write", doc.ids, {"change_location": "2.1, 3.4"}
        )
        self.env.invalidate_all()
        self.assertEqual(doc.change_location, "2.1, 3.4")
