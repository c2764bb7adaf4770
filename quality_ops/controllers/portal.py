"""The customer's side of complaints and service reports, on the portal pages
of OCA helpdesk_mgmt.

Portal users have no access right on quality records: each route finds the
record, and the model's ``_portal_*`` methods, called with sudo by the portal
user, check that it is their company's and follow the complaint's closed loop
(raise on their ticket, confirm or refuse at the return visit), whatever the
client sends. Only what the templates name is shown: never the cause
analysis, the handling notes, the escalations or the chatter of a complaint.
"""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import pager as portal_pager

COMPLAINT = "quality_ops.complaint"
SERVICE_REPORT = "quality_ops.service.report"
COMPLAINT_HISTORY = "my_quality_complaints_history"


class QualityCustomerPortal(CustomerPortalHelpdesk):
    def _quality_sudo(self, model):
        """The model with sudo for the request's user (``env.user`` stays theirs:
        the ``_portal_*`` methods check against it)."""
        return request.env[model].sudo()

    def _quality_portal_list(self, model, url, page, template, names, order=None, history=None):
        """The page ``page`` of the user's records of ``model`` listed at
        ``url``, rendered by ``template`` with its pager; ``names``: the
        records' name in the template's values and the page's name;
        ``history``: the session key keeping their ids (the pager of a
        record's own page)."""
        key, page_name = names
        Model = self._quality_sudo(model)
        domain = Model._portal_domain()
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page
        )
        records = Model.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        if history:
            request.session[history] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({key: records, "pager": pager, "page_name": page_name, "default_url": url})
        return request.render(template, values)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for key, model in (
            ("quality_complaint_count", COMPLAINT),
            ("quality_service_report_count", SERVICE_REPORT),
        ):
            if key in counters:
                Model = self._quality_sudo(model)
                values[key] = Model.search_count(Model._portal_domain())
        return values

    # ------------------------------------------------------------------
    # the ticket page: its complaints and the form to raise one
    # ------------------------------------------------------------------
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values.update(self._quality_ticket_values(ticket))
        return values

    def _quality_ticket_values(self, ticket):
        Complaint = self._quality_sudo(COMPLAINT)
        try:
            ticket = Complaint._portal_ticket(ticket)
        except AccessError:
            # a visitor with the ticket's link, or a follower of another company
            return {"quality_complaints": Complaint.browse(), "quality_can_complain": False}
        return {
            "quality_complaints": Complaint.search(
                [*Complaint._portal_domain(), ("ticket_id", "=", ticket.id)]
            ),
            "quality_can_complain": not Complaint._portal_complaint_pending(ticket),
            "quality_reasons": Complaint._portal_reasons(),
        }

    @http.route(
        "/my/ticket/<int:ticket_id>/complaint",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def quality_raise_complaint(self, ticket_id, reason=None, text=None, **kw):
        Complaint = self._quality_sudo(COMPLAINT)
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            complaint = Complaint._portal_raise_complaint(ticket, reason, text)
        except AccessError:
            return request.redirect("/my")
        except UserError as error:
            return self._quality_ticket_page(ticket_id, error.args[0], reason, text)
        return request.redirect(f"/my/complaints/{complaint.id}")

    def _quality_ticket_page(self, ticket_id, error, reason, text):
        """The ticket page again, with the form as sent and what is wrong."""
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        for attachment in ticket_sudo.attachment_ids:
            attachment.generate_access_token()
        values = self._ticket_get_page_view_values(ticket_sudo, None)
        values.update(
            quality_error=error, quality_form={"reason": reason or "", "text": text or ""}
        )
        return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values)

    # ------------------------------------------------------------------
    # My Complaints
    # ------------------------------------------------------------------
    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        # a list only reads: served from the database replica when there is one
        readonly=True,
    )
    def quality_my_complaints(self, page=1, **kw):
        return self._quality_portal_list(
            COMPLAINT,
            "/my/complaints",
            page,
            "quality_ops.portal_my_complaints",
            ("complaints", "quality_complaints"),
            order="create_date desc, id desc",
            history=COMPLAINT_HISTORY,
        )

    def _quality_neighbours(self, history, record, url):
        """The previous and next records of the list the user came from, as
        the portal's record pager reads them (Odoo's ``get_records_pager``
        wants an ``access_url`` and a token, which these records, reached by
        their customer's login alone, have not)."""
        ids = request.session.get(history, [])
        if record.id not in ids:
            return {}
        index = ids.index(record.id)
        return {
            "prev_record": index > 0 and f"{url}/{ids[index - 1]}",
            "next_record": index < len(ids) - 1 and f"{url}/{ids[index + 1]}",
        }

    def _quality_complaint(self, complaint_id):
        """The complaint if it is the user's company's, else None."""
        complaint = self._quality_sudo(COMPLAINT).browse(complaint_id).exists()
        if not complaint:
            return None
        try:
            return complaint._portal_check_owner()
        except AccessError:
            return None

    def _quality_complaint_page(self, complaint, error=None, comment=None):
        values = self._prepare_portal_layout_values()
        values.update(
            complaint=complaint,
            stages=complaint._portal_stages(complaint.company_id),
            page_name="quality_complaint",
            quality_error=error,
            quality_comment=comment or "",
        )
        values.update(self._quality_neighbours(COMPLAINT_HISTORY, complaint, "/my/complaints"))
        return request.render("quality_ops.portal_my_complaint", values)

    # read/write on purpose: raising or answering a complaint redirects here,
    # and a replica might not have the new complaint yet
    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="user", website=True)
    def quality_my_complaint(self, complaint_id, **kw):
        complaint = self._quality_complaint(complaint_id)
        if complaint is None:
            return request.redirect("/my")
        return self._quality_complaint_page(complaint)

    @http.route(
        "/my/complaints/<int:complaint_id>/answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def quality_answer_complaint(self, complaint_id, answer=None, comment=None, **kw):
        complaint = self._quality_complaint(complaint_id)
        if complaint is None:
            return request.redirect("/my")
        if answer not in ("resolved", "not_resolved"):
            error = request.env._("Say whether the complaint is resolved.")
            return self._quality_complaint_page(complaint, error, comment)
        try:
            complaint._portal_confirm(answer == "resolved", comment)
        except UserError as error:
            return self._quality_complaint_page(complaint, error.args[0], comment)
        return request.redirect(f"/my/complaints/{complaint.id}")

    # ------------------------------------------------------------------
    # My Service Reports
    # ------------------------------------------------------------------
    @http.route(
        ["/my/service_reports", "/my/service_reports/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        # a list only reads: served from the database replica when there is one
        readonly=True,
    )
    def quality_my_service_reports(self, page=1, **kw):
        return self._quality_portal_list(
            SERVICE_REPORT,
            "/my/service_reports",
            page,
            "quality_ops.portal_my_service_reports",
            ("service_reports", "quality_service_reports"),
        )

    @http.route(
        "/my/service_reports/<int:report_id>/<string:kind>",
        type="http",
        auth="user",
        website=True,
    )
    def quality_service_report_download(self, report_id, kind, **kw):
        Report = self._quality_sudo(SERVICE_REPORT)
        report = Report.browse(report_id).exists()
        if not report or kind not in Report.PORTAL_DOCUMENTS:
            raise request.not_found()
        try:
            content, mimetype, filename = report._portal_document(kind)
        except AccessError:
            raise request.not_found() from None
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
