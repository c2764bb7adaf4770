# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "O&M Service Quality",
    "summary": "Service quality management for IT operations and maintenance: "
    "quality plans, indicators, SLA, satisfaction, complaints, audits, CAPA",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/quality-ops/quality_ops",
    "author": "quality_ops developers",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "mail",
        "resource",
        "project",
        "survey",
        "helpdesk_mgmt",
        "helpdesk_mgmt_rating",
        "helpdesk_mgmt_project",
        "report_xlsx",
    ],
    "data": [
        "security/quality_ops_security.xml",
        "security/ir.model.access.csv",
        "data/quality_ops_sequence.xml",
        "data/quality_indicator_data.xml",
        "data/quality_sla_cron.xml",
        "views/quality_indicator_views.xml",
        "views/quality_target_views.xml",
        "views/quality_plan_views.xml",
        "views/quality_sla_views.xml",
        "views/project_project_views.xml",
        "views/res_config_settings_views.xml",
        "views/quality_ops_menus.xml",
    ],
    "demo": [
        "demo/quality_ops_demo.xml",
        "demo/quality_sla_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "quality_ops/static/tests/tours/**/*.js",
        ],
    },
}
