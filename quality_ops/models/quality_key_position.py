from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.field_checks import recheck_rules
from ..tools.people import check_internal_users
from ..tools.record_fields import belongs_to_field, company_field, internal_user_field


class QualityKeyPosition(models.Model):
    """A key position of an O&M project (project manager, on-site lead,
    database engineer...), its holder and the named backup (储备人员) who
    takes over; the certificates the role requires, and whether the holder
    has one that is valid."""

    _name = "quality_ops.key.position"
    _description = "Key Position"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "project_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Role", required=True, tracking=True)
    project_id = belongs_to_field("project.project", check_company=True, tracking=True)
    company_id = company_field()
    user_id = internal_user_field(
        string="Incumbent",
        index=True,
        tracking=True,
    )
    backup_id = internal_user_field(
        index=True,
        tracking=True,
        help="The named backup (储备人员) who takes over the position.",
    )
    required_type_ids = fields.Many2many(
        comodel_name="quality_ops.certificate.type",
        relation="quality_ops_key_position_certificate_type_rel",
        string="Required Certificates",
        help="The holder needs one valid certificate of these types.",
    )
    holder_certified = fields.Boolean(compute="_compute_certified", compute_sudo=True)
    backup_certified = fields.Boolean(compute="_compute_certified", compute_sudo=True)
    active = fields.Boolean(default=True)
    note = fields.Text()

    @api.constrains("user_id", "backup_id")
    def _check_internal_people(self):
        check_internal_users(self, "user_id", "backup_id")

    def write(self, vals):
        result = super().write(vals)
        # a record is not moved out of what its writer may write
        recheck_rules(self, vals)
        return result

    @api.constrains("user_id", "backup_id")
    def _check_backup(self):
        for position in self:
            if position.user_id and position.user_id == position.backup_id:
                raise ValidationError(
                    self.env._(
                        "The backup of %(role)s must be another person than its holder.",
                        role=position.name,
                    )
                )

    @api.constrains("project_id", "company_id")
    def _check_project_company(self):
        for position in self:
            if position.project_id.company_id and (
                position.project_id.company_id != position.company_id
            ):
                raise ValidationError(
                    self.env._("A key position belongs to the company of its project.")
                )

    @api.depends("user_id", "backup_id", "required_type_ids")
    def _compute_certified(self):
        people = (self.user_id | self.backup_id).ids
        certs = self.env["quality_ops.certificate"].search(
            [("user_id", "in", people), ("is_valid", "=", True)]
        )
        held = {(c.user_id.id, c.type_id.id) for c in certs}
        for position in self:
            types = position.required_type_ids.ids
            position.holder_certified = bool(position.user_id) and (
                not types or any((position.user_id.id, t) in held for t in types)
            )
            position.backup_certified = bool(position.backup_id) and (
                not types or any((position.backup_id.id, t) in held for t in types)
            )
