from odoo import models

from ..tools.reader_lang import reader_env
from ..tools.workflow_pass import with_pass


class QualityReminderMixin(models.AbstractModel):
    """The reminder of a scheduled action: a to-do activity per record for the
    person who must act, worded in that person's language, and a flag on the
    record so that it is reminded once; one create and one write per flag
    value, whatever the number of records."""

    _name = "quality_ops.reminder.mixin"
    _description = "Quality Reminders"

    def _quality_remind(self, user_of, summary_of, deadline_of, flags):
        """Remind ``self``: ``user_of(record)`` gets an activity (none without a
        user) summarised by ``summary_of(env, record)`` in that user's
        language (``record`` read in it as well), due ``deadline_of(record)``;
        ``flags(record)`` (or a dict) is written on the records, grouped by
        value. Returns their number."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        readers = {}
        activities = []
        for record in self:
            user = user_of(record)
            if not user:
                continue
            env = readers.get(user.id) or readers.setdefault(user.id, reader_env(self.env, user))
            activities.append(
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "user_id": user.id,
                    "activity_type_id": todo.id,
                    # the record read in the reader's language too (its name)
                    "summary": summary_of(env, record.with_env(env)),
                    "date_deadline": deadline_of(record),
                }
            )
        self.env["mail.activity"].sudo().create(activities)
        if isinstance(flags, dict):
            groups = {tuple(flags.items()): self}
        else:
            groups = self.grouped(lambda record: tuple(flags(record).items()))
        for items, records in groups.items():
            if records:
                with_pass(records.sudo()).write(dict(items))
        return len(self)
