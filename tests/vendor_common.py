import datetime as dt

from odoo.fields import Datetime

from .common import QualityCommon, dated_ticket, local, role_user

# an engineer of the helpdesk, the ticket's assignee; another one
VC_ENGINEER = "qo_t_vc_engineer"
VC_OTHER = "qo_t_vc_other"


class VendorCommon(QualityCommon):
    """Two vendors with their 2024 support contracts, a ticket of the
    engineer's, and the cases of the hand count (Shanghai wall-clock times)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        groups = "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own"
        cls.vc_engineer = role_user(cls.env, VC_ENGINEER, groups=groups, name="VC Engineer")
        cls.vc_other = role_user(cls.env, VC_OTHER, groups=groups, name="VC Other")
        Partner = cls.env["res.partner"]
        cls.vendor_a = Partner.create({"name": "Vendor A Networks", "is_company": True})
        cls.vendor_b = Partner.create({"name": "Vendor B Storage", "is_company": True})
        Contract = cls.env["quality_ops.supplier.contract"]
        cls.contract_a = Contract.create(
            {
                "name": "A-2024",
                "partner_id": cls.vendor_a.id,
                "date_start": "2024-01-01",
                "date_end": "2024-12-31",
                "response_hours": 4,
                "resolution_hours": 24,
                "user_id": cls.officer.id,
            }
        )
        cls.contract_b = Contract.create(
            {
                "name": "B-2024",
                "partner_id": cls.vendor_b.id,
                "date_start": "2024-01-01",
                "date_end": "2024-12-31",
                "response_hours": 2,
                "resolution_hours": 48,
                "user_id": cls.officer.id,
            }
        )
        cls.ticket = dated_ticket(
            cls.env, local(2024, 3, 31, 20, 0), user_id=cls.vc_engineer.id, team_id=cls.team.id
        )
        cls.other_ticket = dated_ticket(
            cls.env, local(2024, 3, 31, 20, 0), user_id=cls.vc_other.id, team_id=cls.team.id
        )

    @classmethod
    def make_case(cls, vendor, opened, responded=None, resolved=None, **vals):
        """A case of the ticket opened at ``opened`` (a Shanghai wall-clock
        tuple), acted after so many hours."""
        opened_at = local(*opened)
        values = {
            "ticket_id": cls.ticket.id,
            "partner_id": vendor.id,
            "owner_id": cls.vc_engineer.id,
            "opened_at": Datetime.to_string(opened_at),
        }
        if responded is not None:
            values["responded_at"] = opened_at + dt.timedelta(hours=responded)
        if resolved is not None:
            values["resolved_at"] = opened_at + dt.timedelta(hours=resolved)
            values["resolution"] = "Firmware upgraded by the vendor."
        values.update(vals)
        return cls.env["quality_ops.vendor.case"].create(values)

    @classmethod
    def make_hand_count_cases(cls):
        """c1: March (local); c2: April local, still March in UTC; c3 April,
        responded, not resolved (late now); c4: vendor B, both at the limit;
        c5: 2025, no contract in force (not judged)."""
        cls.c1 = cls.make_case(cls.vendor_a, (2024, 3, 31, 23, 30), responded=3, resolved=30)
        cls.c2 = cls.make_case(cls.vendor_a, (2024, 4, 1, 0, 30), responded=5, resolved=20)
        cls.c3 = cls.make_case(cls.vendor_a, (2024, 4, 10, 10, 0), responded=1)
        cls.c4 = cls.make_case(cls.vendor_b, (2024, 4, 15, 9, 0), responded=2, resolved=48)
        cls.c5 = cls.make_case(cls.vendor_a, (2025, 2, 3, 9, 0), responded=1, resolved=2)
