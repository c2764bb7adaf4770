from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..choices import SLA_RECIPIENTS
from ..sla_policies import Policy, PolicyBook
from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.record_fields import company_field

# the name of the policy book's version (quality_ops.cache.version)
BOOK_VERSION = "sla_policy_book"
# what a policy matches and measures, as the compiled book reads it
MATCHING_FIELDS = (
    "company_id",
    "active",
    "team_ids",
    "project_ids",
    "partner_ids",
    "category_ids",
    "tag_ids",
    "line_ids",
    "calendar_id",
)
# a change to these (or to the order of the policies) brings the open tickets
# under the policy
COVERAGE_FIELDS = {"sequence", *MATCHING_FIELDS}


class QualitySlaPolicy(models.Model):
    _name = "quality_ops.sla.policy"
    _description = "SLA Policy"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10, help="The first matching policy applies.")
    active = fields.Boolean(default=True)
    company_id = company_field()
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
    notify_warning1 = fields.Selection(
        SLA_RECIPIENTS, string="First Warning Notifies", default="assignee"
    )
    notify_warning2 = fields.Selection(
        SLA_RECIPIENTS, string="Second Warning Notifies", default="team_leader"
    )
    notify_breach = fields.Selection(
        SLA_RECIPIENTS, string="Breach Notifies", default="quality_manager"
    )

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
    # matching: the policies compiled once per registry
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        self._quality_book_changed()
        policies = super().create(vals_list)
        policies._quality_cover_open_tickets()
        return policies

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        self._quality_book_changed()
        result = super().write(vals)
        if COVERAGE_FIELDS & set(vals):
            self._quality_cover_open_tickets()
        return result

    def _quality_cover_open_tickets(self):
        """The open tickets these policies match come under them, not only the
        tickets created afterwards (see quality_ops.sla.rebuild): once, before
        the transaction commits, when the policies and their lines are final."""
        if self:
            self.env["quality_ops.sla.rebuild"].sudo()._cover_before_commit(self)

    def unlink(self):
        check_ids(self)
        self._quality_book_changed()
        return super().unlink()

    @api.model
    def _quality_book_changed(self):
        """A new version of the policy book (a policy or a line changes): the
        compiled book is read again, in every worker; nothing else is dropped."""
        self.env["quality_ops.cache.version"].sudo()._bump(BOOK_VERSION)

    @api.model
    def _quality_book(self):
        """Every policy of the database as a :class:`PolicyBook` (ids only, no
        record), kept by the registry until a policy or a target changes."""
        version = self.env["quality_ops.cache.version"].sudo()._current(BOOK_VERSION)[0]
        return self._quality_compiled_book(version)

    @api.model
    @tools.ormcache("version")
    def _quality_compiled_book(self, version):
        policies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [],
                [
                    *MATCHING_FIELDS,
                    "pause_stage_ids",
                    "excluded_stage_ids",
                    "response_stage_ids",
                    "warning1_percent",
                    "warning2_percent",
                ],
            )
        )
        policies.line_ids.fetch(["priority", "response_hours", "resolution_hours"])
        return PolicyBook(
            Policy(
                id=policy.id,
                company_id=policy.company_id.id,
                active=policy.active,
                teams=frozenset(policy.team_ids.ids),
                projects=frozenset(policy.project_ids.ids),
                partners=frozenset(policy.partner_ids.ids),
                categories=frozenset(policy.category_ids.ids),
                tags=frozenset(policy.tag_ids.ids),
                lines={
                    line.priority: (line.response_hours, line.resolution_hours)
                    for line in policy.line_ids
                },
                calendar_id=policy.calendar_id.id or None,
                pause_stages=frozenset(policy.pause_stage_ids.ids),
                excluded_stages=frozenset(policy.excluded_stage_ids.ids),
                response_stages=frozenset(policy.response_stage_ids.ids),
                warnings=(policy.warning1_percent, policy.warning2_percent),
            )
            for policy in policies
        )

    @api.model
    def _quality_match(self, tickets):
        """Map each ticket id to its compiled :class:`Policy` or ``None``: a
        look-up per ticket, no query but the tickets' own fields."""
        book = self._quality_book()
        return {
            ticket.id: book.match(
                ticket.company_id.id,
                ticket.priority,
                ticket.team_id.id,
                ticket.project_id.id,
                ticket.partner_id.commercial_partner_id.id,
                ticket.category_id.id,
                ticket.tag_ids.ids,
            )
            for ticket in tickets
        }

    @api.model
    def _relevant_stages(self, company_ids):
        """Stages whose entry or exit changes a clock: everything else is skipped."""
        return self._quality_book().relevant_stages(company_ids)
