from odoo import api, models
from odoo.exceptions import UserError

from ..tools.argument_guard import (
    check_ids,
    check_vals,
    check_vals_list,
    is_quality_model,
    quality_fields_vals,
)


class Base(models.AbstractModel):
    """The values a client writes to a quality_ops model (records and
    wizards) and to the ``quality_`` fields quality_ops adds to other models,
    checked before the ORM converts them: a wrong type, an
    impossible date, an unknown choice or a file that is not base64 gets a
    message instead of a traceback. Models that read the values before
    calling ``super()`` check them first themselves (``check_vals``)."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if is_quality_model(self):
            check_vals_list(self, vals_list)
        else:
            for vals in vals_list if isinstance(vals_list, list) else [vals_list]:
                ours = quality_fields_vals(vals)
                if ours:
                    check_vals(self, ours)
        return super().create(vals_list)

    def write(self, vals):
        if is_quality_model(self):
            check_ids(self)
            check_vals(self, vals)
        else:
            ours = quality_fields_vals(vals)
            if ours:
                check_vals(self, ours)
        return super().write(vals)

    def unlink(self):
        if is_quality_model(self):
            check_ids(self)
        return super().unlink()

    # the ids a client sends to Odoo's own record methods: refused with a
    # message before they reach PostgreSQL
    def read(self, fields=None, load="_classic_read"):
        if is_quality_model(self):
            check_ids(self)
        return super().read(fields=fields, load=load)

    def web_read(self, specification):
        if is_quality_model(self):
            check_ids(self)
        return super().web_read(specification)

    def copy(self, default=None):
        if is_quality_model(self):
            check_ids(self)
        return super().copy(default=default)

    def _search(self, domain, *args, **kwargs):
        """A filter a client sends with a value its field cannot take (a date
        '2026-13-01', 20261101 or 'last month') gets a message, not the
        ORM's ValueError."""
        if not is_quality_model(self):
            return super()._search(domain, *args, **kwargs)
        try:
            return super()._search(domain, *args, **kwargs)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The filter on %(model)s is not valid: %(error)s",
                    model=self._description,
                    error=str(error),
                )
            ) from None
