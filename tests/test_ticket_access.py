"""The quality department reads (never edits) the helpdesk tickets it
measures, in its companies; the helpdesk's own users see no more than before."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tools import mute_logger

from .common import ENGINEER, LEAD, QUALITY_DEPARTMENT, JsonRpcCalls, QualityCommon

AGENT = "qo_t_agent"
#: the dashboard's drill-downs that open tickets or what hangs on them
TICKET_MODELS = ("helpdesk.ticket", "quality_ops.ticket.sla", "quality_ops.complaint")


def form_spec(model, views):
    """A web_read specification of every field of the form view, as the
    web client sends it (relations with their display name)."""
    fields = views["models"][model]["fields"]
    spec = {}
    for name, field in fields.items():
        if field["type"] in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def open_form(test, records):
    """Open the first record's form as the web client does."""
    record = records[:1]
    views = record.get_views([(False, "form")])
    values = record.web_read(form_spec(record._name, views))
    test.assertEqual(values[0]["id"], record.id)
    return values[0]


class TicketAccessCommon(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            AGENT,
            groups="quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
            name="Test Agent",
        )
        cls.tag = cls.env["helpdesk.ticket.tag"].create({"name": "Network"})
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Printer"})
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Core switch down",
                "description": "<p>down</p>",
                "team_id": cls.team.id,
                "user_id": cls.engineer.id,
                "partner_id": cls.customer.id,
                "tag_ids": [(6, 0, cls.tag.ids)],
                "category_id": cls.category.id,
                "channel_id": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            }
        )
        cls.agent_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Agent's own", "description": "<p>x</p>", "user_id": cls.agent.id}
        )
        cls.rating = cls.env["rating.rating"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": cls.ticket.id,
                "rating": 5,
                "feedback": "Quick",
                "consumed": True,
            }
        )
        other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Other desk", "company_id": cls.other_company.id}
        )
        cls.foreign_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Elsewhere",
                "description": "<p>x</p>",
                "team_id": other_team.id,
                "company_id": cls.other_company.id,
            }
        )


class TestQualityReadsTickets(TicketAccessCommon):
    @users(*QUALITY_DEPARTMENT)
    def test_quality_roles_read_the_tickets_of_their_company(self):
        Ticket = self.env["helpdesk.ticket"]
        found = Ticket.search([("id", "in", (self.ticket | self.agent_ticket).ids)])
        self.assertEqual(found, (self.ticket | self.agent_ticket).with_env(self.env))
        ticket = self.ticket.with_env(self.env)
        self.assertEqual(ticket.name, "Core switch down")
        self.assertEqual(ticket.team_id.name, "Test Service Desk")
        self.assertTrue(ticket.stage_id.name)
        self.assertEqual(ticket.tag_ids.name, "Network")
        self.assertEqual(ticket.category_id.name, "Printer")
        self.assertTrue(ticket.channel_id.name)
        rating = self.rating.with_env(self.env)
        self.assertEqual(rating.feedback, "Quick")
        values = open_form(self, ticket)
        self.assertEqual(values["team_id"]["display_name"], "Test Service Desk")
        # company B's tickets stay invisible
        self.assertFalse(Ticket.search([("id", "=", self.foreign_ticket.id)]))
        with self.assertRaises(AccessError):
            self.foreign_ticket.with_env(self.env).read(["name"])

    @users(*QUALITY_DEPARTMENT)
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_quality_roles_never_edit_tickets_or_ratings(self):
        ticket = self.ticket.with_env(self.env)
        with self.assertRaises(AccessError):
            ticket.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].create({"name": "New", "description": "<p>x</p>"})
        with self.assertRaises(AccessError):
            ticket.unlink()
        # a rating is the customer's: refused by the rules or by its guard
        with self.assertRaises(UserError):
            self.rating.with_env(self.env).write({"rating": 1})
        with self.assertRaises(UserError):
            self.rating.with_env(self.env).unlink()
        self.assertEqual(self.ticket.sudo().name, "Core switch down")
        self.assertEqual(self.rating.sudo().rating, 5)

    @users(AGENT)
    def test_an_agent_on_own_tickets_still_reads_only_his_own(self):
        found = self.env["helpdesk.ticket"].search(
            [("id", "in", (self.ticket | self.agent_ticket).ids)]
        )
        self.assertEqual(found, self.agent_ticket)

    @users(ENGINEER, LEAD)
    def test_quality_engineers_and_project_leads_do_not_read_every_ticket(self):
        self.assertNotIn(self.agent_ticket, self.env["helpdesk.ticket"].search([]))
        with self.assertRaises(AccessError):
            self.mine(self.agent_ticket).read(["name"])


@tagged("post_install", "-at_install")
class TestQualityReadsTicketsOverRpc(JsonRpcCalls, TicketAccessCommon, HttpCase):
    @users(*QUALITY_DEPARTMENT)
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_quality_roles_over_json_rpc(self):
        login = self.env.user.login
        read = self.call(login, "helpdesk.ticket", "read", self.ticket.ids, ["name"])
        self.assertEqual(read[0]["name"], "Core switch down", login)
        found = self.call(login, "helpdesk.ticket", "search", [("id", "=", self.foreign_ticket.id)])
        self.assertEqual(found, [], login)
        for method, args in (
            ("write", (self.ticket.ids, {"name": "Renamed"})),
            ("create", ([{"name": "New", "description": "<p>x</p>"}],)),
            ("unlink", (self.ticket.ids,)),
        ):
            refusal = self.assert_refused(login, "helpdesk.ticket", method, *args)
            self.assertIn("AccessError", refusal, f"{login} {method}")
        self.env.invalidate_all()
        self.assertEqual(self.ticket.name, "Core switch down")
        self.assertTrue(self.ticket.exists())
