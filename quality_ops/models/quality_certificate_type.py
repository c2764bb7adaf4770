from odoo import fields, models

CATEGORIES = [
    ("itss", "ITSS Certificate"),
    ("vendor", "Vendor Certificate"),
    ("skill", "Skill"),
]


class QualityCertificateType(models.Model):
    """A kind of certificate or skill a person may hold: the ITSS project
    manager and engineer certificates, vendor certificates (HCIE, CCIE,
    RHCE, OCP...) with their issuer, or a skill assessed in-house."""

    _name = "quality_ops.certificate.type"
    _description = "Certificate or Skill Type"
    _order = "category, sequence, name"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    category = fields.Selection(CATEGORIES, required=True, default="vendor")
    issuer = fields.Char(help="Who issues the certificate (ITSS, Huawei, Cisco, Red Hat...).")
    validity_months = fields.Integer(
        string="Validity (Months)",
        help="How long a certificate is valid; 0 when it does not expire.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", index=True, help="Empty: shared by every company."
    )
