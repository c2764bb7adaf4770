"""The quality department reads (never edits) the helpdesk tickets it
measures, in its companies; the helpdesk's own users see no more than before."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import QualityCommon

QUALITY_ROLES = ("qo_t_rep", "qo_t_manager", "qo_t_officer")
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
            "qo_t_agent",
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
    @users(*QUALITY_ROLES)
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

    @users(*QUALITY_ROLES)
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

    def test_helpdesk_users_see_no_more_than_before(self):
        # an agent on 'own tickets' still reads only his own
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        self.assertEqual(
            Ticket.search([("id", "in", (self.ticket | self.agent_ticket).ids)]),
            self.agent_ticket.with_user(self.agent),
        )
        # neither does a quality engineer or project lead read every ticket
        for user in (self.engineer, self.lead):
            found = self.env["helpdesk.ticket"].with_user(user).search([])
            self.assertNotIn(self.agent_ticket.id, found.ids, user.login)
            with self.assertRaises(AccessError, msg=user.login):
                self.agent_ticket.with_user(user).read(["name"])


@tagged("post_install", "-at_install")
class TestQualityReadsTicketsOverRpc(TicketAccessCommon, HttpCase):
    def call(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):  # refusals a test provokes
            return self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            )

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_quality_roles_over_json_rpc(self):
        for login in QUALITY_ROLES:
            read = self.call(login, "helpdesk.ticket", "read", self.ticket.ids, ["name"])
            self.assertEqual(read[0]["name"], "Core switch down", login)
            found = self.call(
                login, "helpdesk.ticket", "search", [("id", "=", self.foreign_ticket.id)]
            )
            self.assertEqual(found, [], login)
            for method, args in (
                ("write", (self.ticket.ids, {"name": "Renamed"})),
                ("create", ([{"name": "New", "description": "<p>x</p>"}],)),
                ("unlink", (self.ticket.ids,)),
            ):
                with self.assertRaises(JsonRpcException, msg=f"{login} {method}") as caught:
                    self.call(login, "helpdesk.ticket", method, *args)
                self.assertIn("AccessError", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.ticket.name, "Core switch down")
        self.assertTrue(self.ticket.exists())
