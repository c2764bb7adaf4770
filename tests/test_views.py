"""Every Quality menu opens for every role that sees it (views and first page)."""

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

ROLES = {
    "engineer": "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own",
    "lead": "quality_ops.group_quality_project_lead,project.group_project_user",
    "officer": "quality_ops.group_quality_officer",
    "manager": "quality_ops.group_quality_manager,base.group_system",
    "representative": "quality_ops.group_quality_representative",
    "helpdesk_manager": "helpdesk_mgmt.group_helpdesk_manager",
}


@tagged("post_install", "-at_install")
class TestViewsPerRole(TransactionCase):
    def test_menus_open_for_each_role(self):
        root = self.env.ref("quality_ops.menu_quality_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])

        def window_actions(records):
            found = [m.action for m in records if m.action]
            return [a for a in found if a._name == "ir.actions.act_window"]

        self.assertGreater(len(window_actions(menus)), 15)
        for role, groups in ROLES.items():
            user = new_test_user(self.env, f"qo_view_{role}", groups=groups)
            visible = menus.with_user(user)._filter_visible_menus()
            for action in window_actions(visible.sudo()):
                model = self.env[action.res_model].with_user(user)
                if not model.has_access("read"):
                    continue
                views = [(False, mode.strip()) for mode in action.view_mode.split(",")]
                views.append((False, "search"))
                with self.subTest(role=role, action=action.name):
                    model.get_views(views)
                    domain = safe_eval(action.domain or "[]", {"uid": user.id})
                    if action.view_mode.split(",")[0] in ("list", "kanban"):
                        fields = {"display_name": {}}
                        model.web_search_read(domain, fields, limit=20)
                    elif action.view_mode.split(",")[0] in ("pivot", "graph"):
                        model.formatted_read_group(domain, [], ["__count"])
