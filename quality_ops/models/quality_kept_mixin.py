from odoo import api, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals
from ..tools.group_guard import uninstalling


class QualityKeptMixin(models.AbstractModel):
    """A record kept as it was made (a seal, an anchor, a log entry, an
    acknowledgement, a row of a verification): no client changes or deletes
    it, whatever the context; only uninstalling the module removes it. Each
    model says what the user is told (``_quality_kept_changed`` and
    ``_quality_kept_deleted``)."""

    _name = "quality_ops.kept.mixin"
    _description = "Record Kept as Made"

    # what a user is told, set by each model (LazyTranslate texts)
    _quality_kept_changed = None
    _quality_kept_deleted = None

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if vals:
            raise UserError(self.env._(self._quality_kept_changed))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if uninstalling(self.env):
            return
        raise UserError(self.env._(self._quality_kept_deleted))
