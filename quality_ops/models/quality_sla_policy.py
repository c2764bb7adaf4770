from odoo import api, fields, models
from odoo.exceptions import ValidationError

NOTIFY = [
    ("none", "Nobody"),
    ("assignee", "Assignee"),
    ("team_leader", "Team Leader"),
    ("quality_manager", "Quality Manager"),
]


class QualitySlaPolicy(models.Model):
    _name = "quality_ops.sla.policy"
    _description = "SLA Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10, help="The first matching policy applies.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda s: s.env.company
    )
    description = fields.Text(translate=True)
    # matching criteria: empty means any
    team_ids = fields.Many2many(comodel_name="helpdesk.ticket.team", string="Teams")
    project_ids = fields.Many2many(comodel_name="project.project", string="Projects")
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        domain="[('is_company', '=', True)]",
        help="Commercial entities; a contact's tickets match through their company.",
    )
    category_ids = fields.Many2many(comodel_name="helpdesk.ticket.category", string="Categories")
    tag_ids = fields.Many2many(comodel_name="helpdesk.ticket.tag", string="Tags")
    line_ids = fields.One2many(
        comodel_name="quality_ops.sla.policy.line",
        inverse_name="policy_id",
        string="Targets per Priority",
        copy=True,
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        help="Empty: the team's working hours, else the company's.",
    )
    pause_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        relation="quality_ops_sla_policy_pause_stage_rel",
        string="Pause Stages",
        help="Clocks stop while the ticket waits in these stages (e.g. waiting for customer).",
    )
    excluded_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        relation="quality_ops_sla_policy_excluded_stage_rel",
        string="Excluded Stages",
        help="Cancelled or rejected: clocks are cancelled and count neither as met "
        "nor as breached.",
    )
    response_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        relation="quality_ops_sla_policy_response_stage_rel",
        string="Responded Stages",
        help="Entering one of these stages counts as the first response.",
    )
    warning1_percent = fields.Float(string="First Warning (%)", default=50.0)
    warning2_percent = fields.Float(string="Second Warning (%)", default=75.0)
    notify_warning1 = fields.Selection(NOTIFY, string="First Warning Notifies", default="assignee")
    notify_warning2 = fields.Selection(
        NOTIFY, string="Second Warning Notifies", default="team_leader"
    )
    notify_breach = fields.Selection(NOTIFY, string="Breach Notifies", default="quality_manager")

    @api.constrains("warning1_percent", "warning2_percent")
    def _check_warnings(self):
        for policy in self:
            if not 0 < policy.warning1_percent <= policy.warning2_percent < 100:
                raise ValidationError(
                    self.env._(
                        "Warning thresholds must satisfy 0 < first warning <= second "
                        "warning < 100 %."
                    )
                )

    @api.constrains("pause_stage_ids", "excluded_stage_ids")
    def _check_stages(self):
        for policy in self:
            both = policy.pause_stage_ids & policy.excluded_stage_ids
            if both:
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s cannot both pause and cancel the clocks.",
                        stage=both[0].display_name,
                    )
                )

    # ------------------------------------------------------------------
    # matching (called for many tickets at once: no query per ticket)
    # ------------------------------------------------------------------
    @api.model
    def _quality_match(self, tickets):
        """Map each ticket id to ``(policy, line)`` or ``None``; two queries in all."""
        policies = self.sudo().search([("company_id", "in", tickets.company_id.ids)])
        criteria = [
            (
                policy,
                policy.company_id.id,
                set(policy.team_ids.ids),
                set(policy.project_ids.ids),
                set(policy.partner_ids.ids),
                set(policy.category_ids.ids),
                set(policy.tag_ids.ids),
                {line.priority: line for line in policy.line_ids},
            )
            for policy in policies
        ]
        result = {}
        for ticket in tickets:
            company = ticket.company_id.id
            team = ticket.team_id.id
            project = ticket.project_id.id
            partner = ticket.partner_id.commercial_partner_id.id
            category = ticket.category_id.id
            tags = set(ticket.tag_ids.ids)
            priority = ticket.priority
            result[ticket.id] = None
            for policy, p_company, teams, projects, partners, categories, p_tags, lines in criteria:
                if (
                    p_company == company
                    and priority in lines
                    and (not teams or team in teams)
                    and (not projects or project in projects)
                    and (not partners or partner in partners)
                    and (not categories or category in categories)
                    and (not p_tags or tags & p_tags)
                ):
                    result[ticket.id] = (policy, lines[priority])
                    break
        return result

    @api.model
    def _relevant_stages(self, company_ids):
        """Stages whose entry or exit changes a clock: everything else is skipped."""
        policies = self.sudo().search([("company_id", "in", company_ids)])
        stages = policies.pause_stage_ids | policies.excluded_stage_ids
        stages |= policies.response_stage_ids
        return set(stages.ids)

    def _calendar_for(self, ticket):
        self.ensure_one()
        return (
            self.calendar_id
            or ticket.team_id.quality_calendar_id
            or ticket.company_id.resource_calendar_id
        )
