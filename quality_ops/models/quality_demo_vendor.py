import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..integrity import SEAL
from ..tools.workflow_pass import with_pass

# which vendor a history ticket went to, by a word of its title
VENDOR_OF = (
    ("交换机", "partner_vendor_huawei"),
    ("专线", "partner_vendor_huawei"),
    ("VPN", "partner_vendor_h3c"),
    ("无线", "partner_vendor_h3c"),
    ("存储", "partner_vendor_dell"),
    ("备份", "partner_vendor_dell"),
    ("服务器", "partner_vendor_dell"),
)
# how fast the vendor acted, in parts of its terms (cycled): mostly on time
RESPONSE_PACE = (0.5, 0.25, 0.8, 1.6, 0.4, 0.9)
RESOLUTION_PACE = (0.6, 0.9, 0.4, 1.3, 0.7, 0.5, 1.1)
# the cases each vendor kept open, at most
PER_VENDOR = 8


class QualityDemo(models.AbstractModel):
    _inherit = "quality_ops.demo"

    @api.model
    def _demo_vendor_history(self, today=None):
        """Vendor cases and RMAs, closed, on the history tickets of the last
        twelve months whose title calls for a vendor (at most eight per
        vendor), then last year's supplier evaluations of the vendors with
        cases that year: approved and sealed but one left in draft."""
        ref = self.env.ref
        today = today or self._demo_today()
        Case = self.env["quality_ops.vendor.case"].sudo()
        if Case.search_count([("ticket_id.create_date", "<", today - relativedelta(days=10))]):
            return False  # loaded already (module update)
        start = datetime.datetime.combine(today - relativedelta(months=12), datetime.time())
        end = datetime.datetime.combine(today - relativedelta(days=10), datetime.time())
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [("create_date", ">=", start), ("create_date", "<", end)],
                order="create_date, id",
            )
        )
        vendors = {xmlid: ref(f"quality_ops.{xmlid}") for _word, xmlid in VENDOR_OF}
        chosen = {xmlid: [] for xmlid in vendors}
        for ticket in tickets:
            xmlid = next((x for word, x in VENDOR_OF if word in ticket.name), None)
            if xmlid:
                chosen[xmlid].append(ticket)
        vals_list = []
        company = ref("base.main_company")
        fallback = ref("quality_ops.user_engineer3")
        Contract = self.env["quality_ops.supplier.contract"].sudo()
        for xmlid, found in chosen.items():
            # spread over the year
            step = max(1, len(found) // PER_VENDOR)
            for index, ticket in enumerate(found[::step][:PER_VENDOR]):
                opened = ticket.create_date + datetime.timedelta(hours=2)
                partner = vendors[xmlid]
                contract = Contract._quality_in_force(partner, company, opened.date()).get(
                    partner.id
                )
                if not contract:
                    continue
                responded = opened + datetime.timedelta(
                    hours=contract.response_hours * RESPONSE_PACE[index % len(RESPONSE_PACE)]
                )
                resolved = opened + datetime.timedelta(
                    hours=contract.resolution_hours * RESOLUTION_PACE[index % len(RESOLUTION_PACE)]
                )
                resolved = max(resolved, responded + datetime.timedelta(hours=1))
                rma = xmlid == "partner_vendor_dell" and index % 2 == 0
                vals = {
                    "kind": "rma" if rma else "case",
                    "ticket_id": ticket.id,
                    "partner_id": partner.id,
                    "contract_id": contract.id,
                    "vendor_reference": f"{partner.ref or 'V'}-{ticket.id:06d}",
                    "owner_id": (ticket.user_id or fallback).id,
                    "opened_at": opened,
                    "responded_at": responded,
                    "resolved_at": resolved,
                    "resolution": "厂商远程排查后确认故障原因并给出处理方案，现场验证恢复正常。",
                }
                if rma:
                    shipped = responded + datetime.timedelta(hours=3)
                    received = shipped + datetime.timedelta(hours=18)
                    vals.update(
                        part_number="PN 0XK12D（硬盘 1.2TB SAS）",
                        part_serial=f"SN{ticket.id:08d}",
                        part_shipped_at=shipped,
                        part_received_at=received,
                        resolved_at=max(resolved, received + datetime.timedelta(hours=2)),
                        resolution="厂商寄送备件，工程师现场更换故障硬盘，阵列重建完成。",
                    )
                vals_list.append(vals)
        cases = Case.create(vals_list)
        for case in cases:
            with_pass(case).write(
                {
                    "closed_at": case.resolved_at + datetime.timedelta(hours=4),
                    "closed_by_id": case.owner_id.id,
                }
            )
        cases._quality_add_seals(SEAL)

        # last year's evaluations
        year = today.year - 1
        Evaluation = self.env["quality_ops.supplier.evaluation"].sudo()
        evaluations = Evaluation._quality_generate(year, company)
        manager = ref("quality_ops.user_quality_manager")
        officer = ref("quality_ops.user_qa_officer")
        scores = {
            "partner_vendor_huawei": (92, 90, 95, "响应及时，备件充足，技术支持专业。"),
            "partner_vendor_h3c": (85, 88, 82, "整体服务合格，个别问题升级较慢。"),
            "partner_vendor_dell": (72, 75, 70, "备件到货偏慢，需在合同续签时明确 4 小时到场。"),
        }
        for xmlid, (service, cooperation, technical, comment) in scores.items():
            evaluation = evaluations.filtered(lambda e, p=vendors[xmlid]: e.partner_id == p)
            if not evaluation:
                continue
            evaluation.write(
                {
                    "score_service": service,
                    "score_cooperation": cooperation,
                    "score_technical": technical,
                    "comment": comment,
                    "evaluator_id": officer.id,
                }
            )
            if xmlid != "partner_vendor_dell":
                with_pass(evaluation).write(
                    {
                        "state": "approved",
                        "approved_by_id": manager.id,
                        "approved_on": min(today, datetime.date(today.year, 1, 15)),
                    }
                )
                evaluation._quality_add_seals(SEAL)
        return True
