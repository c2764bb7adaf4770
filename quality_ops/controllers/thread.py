"""The chatter's post route on records whose trail is evidence.

Odoo's ``/mail/message/post`` forwards the client's ``message_type`` and
``subtype_xmlid`` to ``message_post`` with sudo. On a quality record or a
ticket that would let any client post a message "of the system" (a
notification, a stage change, an activity done) into the evidence: there a
person posts a note or a message, nothing else.
"""

from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.mail.controllers import thread

from ..tools.trail_posts import PERSON_TYPES, PLAIN_SUBTYPES


class ThreadController(thread.ThreadController):
    def _prepare_message_data(self, post_data, *, thread, **kwargs):
        data = super()._prepare_message_data(post_data, thread=thread, **kwargs)
        if kwargs.get("from_create") and thread._quality_trail_kept():
            subtype = data.get("subtype_xmlid")
            if data.get("message_type") not in PERSON_TYPES or (
                subtype and subtype not in PLAIN_SUBTYPES
            ):
                raise UserError(
                    request.env._(
                        "On a quality record, people post notes and messages; the messages "
                        "of the system are recorded by the system."
                    )
                )
        return data
