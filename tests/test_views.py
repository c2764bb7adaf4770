"""Every Quality menu opens for every role that sees it (views and first page)."""

from odoo.tests import TransactionCase, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import role_users

ROLES = ("engineer", "lead", "officer", "manager", "representative", "helpdesk_manager")
# the groups of these roles where they are not the fixtures' own
GROUPS = {
    "engineer": "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
    "manager": "quality_ops.group_quality_manager,base.group_system",
}
LOGINS = tuple(f"qo_view_{role}" for role in ROLES)


@tagged("post_install", "-at_install")
class TestViewsPerRole(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        role_users(cls.env, "qo_view", ROLES, **GROUPS)
        root = cls.env.ref("quality_ops.menu_quality_root")
        cls.menus = cls.env["ir.ui.menu"].search([("id", "child_of", root.id)])

    @staticmethod
    def window_actions(records):
        found = [m.action for m in records if m.action]
        return [a for a in found if a._name == "ir.actions.act_window"]

    def test_the_quality_menus_open_windows(self):
        self.assertGreater(len(self.window_actions(self.menus)), 15)

    @users(*LOGINS)
    def test_menus_open_for_each_role(self):
        visible = self.menus.with_env(self.env)._filter_visible_menus()
        for action in self.window_actions(visible.sudo()):
            model = self.env[action.res_model]
            if not model.has_access("read"):
                continue
            views = [(False, mode.strip()) for mode in action.view_mode.split(",")]
            views.append((False, "search"))
            with self.subTest(action=action.name):
                model.get_views(views)
                domain = safe_eval(action.domain or "[]", {"uid": self.env.uid})
                if action.view_mode.split(",")[0] in ("list", "kanban"):
                    fields = {"display_name": {}}
                    model.web_search_read(domain, fields, limit=20)
                elif action.view_mode.split(",")[0] in ("pivot", "graph"):
                    model.formatted_read_group(domain, [], ["__count"])
