"""The customer's side of a complaint (portal): the controllers check nothing
but the login; these methods, called with sudo by the portal user, check that
the records are the user's and follow the closed loop whatever is sent."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..tools.portal_access import check_customer, customer_domain
from ..tools.reader_lang import reader_env
from ..tools.workflow_pass import with_pass
from .quality_complaint import REASONS

# what a customer may write on the portal, at most
PORTAL_TEXT_LIMIT = 5000


class QualityComplaint(models.Model):
    _inherit = "quality_ops.complaint"

    @api.model
    def _portal_domain(self):
        """The complaints of the current user's company (commercial partner)."""
        return customer_domain(self.env)

    def _portal_check_owner(self):
        """The records, if every one of them is the current user's customer's."""
        return check_customer(self, self.env._("This complaint is not one of yours."))

    @api.model
    def _portal_reasons(self):
        return self._fields["reason"]._description_selection(self.env)

    @api.model
    def _portal_stages(self, company):
        """The steps of the closed loop, as the customer follows them."""
        return (
            self.env["quality_ops.complaint.stage"]
            .sudo()
            .search([("company_id", "in", [False, company.id])])
        )

    @api.model
    def _portal_ticket(self, ticket):
        """``ticket`` (sudo) if it is one of the current user's company's."""
        ticket = self.env["helpdesk.ticket"].sudo().browse(ticket.ids[:1] if ticket else [])
        # the tickets of the company and of its subsidiaries, as its complaints
        # (not those it merely follows)
        ticket = ticket.exists().filtered_domain(customer_domain(self.env))
        if not ticket:
            raise AccessError(self.env._("You can only complain about your company's tickets."))
        return ticket

    @api.model
    def _portal_complaint_pending(self, ticket):
        """Whether an open complaint about ``ticket`` is being handled."""
        return bool(ticket.sudo().quality_complaint_ids.filtered(lambda c: not c.is_closed))

    @api.model
    def _portal_raise_complaint(self, ticket, reason, text):
        """The current (portal) user complains about their ticket: a complaint
        like any other, escalated at once to the quality department."""
        ticket = self._portal_ticket(ticket)
        if self._portal_complaint_pending(ticket):
            raise UserError(
                self.env._(
                    "A complaint about this ticket is being handled: follow it under My Complaints."
                )
            )
        if reason not in dict(REASONS):
            raise UserError(self.env._("Choose the reason of your complaint."))
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise UserError(self.env._("Tell us what went wrong."))
        if len(text) > PORTAL_TEXT_LIMIT:
            raise UserError(
                self.env._(
                    "Keep your complaint under %(limit)s characters.", limit=PORTAL_TEXT_LIMIT
                )
            )
        Complaint = with_pass(self.sudo().with_context(mail_create_nosubscribe=True), True)
        complaint = Complaint.create(
            {
                "ticket_id": ticket.id,
                "reason": reason,
                "portal_raised": True,
                "customer_text": text,
                "description": plaintext2html(text),
            }
        ).with_env(self.sudo().env)
        complaint.message_post(
            body=self.env._(
                "Raised by %(customer)s on the customer portal.",
                customer=self.env.user.partner_id.display_name,
            ),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return complaint

    def _portal_confirm(self, resolved, comment=None):
        """The customer's answer at the return visit: resolved confirms the
        result (what the closing requires), not resolved sends the complaint
        back to handling."""
        self.ensure_one()
        self._portal_check_owner()
        complaint = self.sudo()
        if not complaint.awaits_customer:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s is not waiting for your answer.",
                    complaint=complaint.reference,
                )
            )
        comment = comment.strip() if isinstance(comment, str) else ""
        if len(comment) > PORTAL_TEXT_LIMIT:
            raise UserError(
                self.env._("Keep your comment under %(limit)s characters.", limit=PORTAL_TEXT_LIMIT)
            )
        vals = {
            "customer_answer": "resolved" if resolved else "not_resolved",
            "customer_answer_date": fields.Datetime.now(),
            "customer_answer_comment": comment or False,
        }
        # the notes and the to-do are read by the complaint's owner
        staff = reader_env(self.env, complaint.owner_id)
        if resolved:
            vals["customer_confirmed"] = True
            body = staff._("The customer confirmed the result at the return visit.")
            summary = staff._("Customer confirmed: close the complaint")
        else:
            if not comment:
                raise UserError(self.env._("Tell us what is still not resolved."))
            stage = complaint._quality_handling_stage()
            vals.update(stage_id=stage.id, customer_confirmed=False)
            body = staff._(
                "The customer says the complaint is not resolved; back to %(stage)s.",
                stage=stage.with_env(staff).name,
            )
            summary = staff._("Customer says not resolved")
        complaint._quality_write(vals)
        if comment:
            said = staff._("Comment: %(comment)s", comment=comment)
            body = f"{body} {said}"
        complaint.message_post(
            body=body, author_id=self.env.user.partner_id.id, subtype_xmlid="mail.mt_note"
        )
        if complaint.owner_id:
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                user_id=complaint.owner_id.id,
            )
        return True
