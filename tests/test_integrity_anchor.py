"""Verification results are what Verify found, and the head of every chain is
anchored outside it: driven over JSON-RPC as the officers who tried otherwise,
and with the chain cut in SQL."""

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import JsonRpcCalls, load_chinese, report_html
from .integrity_common import IntegrityFixture

CHECK = "quality_ops.integrity.check"
LINE = "quality_ops.integrity.check.line"
CHAIN = "quality_ops.integrity.check.chain"
ANCHOR = "quality_ops.integrity.anchor"


@tagged("post_install", "-at_install")
class TestIntegrityAnchors(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_all()

    def verify_over_rpc(self, role, check_id=None):
        """Open Verify Integrity and press Verify, as the web client does."""
        if check_id is None:
            check_id = self.call(role, CHECK, "create", {})
        action = self.call(role, CHECK, "action_verify", [check_id])
        self.env.invalidate_all()
        return self.env[CHECK].browse(action["res_id"])

    def snapshot(self, check):
        self.env.invalidate_all()
        return (
            check.read(["checked_at", "user_id", "is_clean", "seal_count", "problem_count"]),
            check.line_ids.read(["problem", "res_id", "sequence", "record_name"]),
            check.chain_ids.read(["chain", "seal_count", "head_sequence", "head_hash"]),
        )

    def statement_seal(self):
        return self.env["quality_ops.integrity.seal"].search(
            [
                ("res_model", "=", "quality_ops.sla.statement"),
                ("res_id", "=", self.statement_approved.id),
            ]
        )

    # ------------------------------------------------------------------
    def test_results_lines_and_chain_rows_cannot_be_changed_over_rpc(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_report_line SET value = 100 WHERE id = %s",
                self.line_approved.id,
            )
        )
        check = self.verify_over_rpc("officer")
        self.assertEqual(check.user_id, self.users["officer"])
        self.assertEqual(check.line_ids.problem, "content_changed")
        self.assertTrue(check.chain_ids)
        before = self.snapshot(check)
        lines, rows = check.line_ids.ids, check.chain_ids.ids
        for role in ("officer", "manager", "rep"):
            self.assert_refused(role, LINE, "unlink", lines)
            self.assert_refused(role, LINE, "write", lines, {"problem": False})
            self.assert_refused(role, CHAIN, "unlink", rows)
            self.assert_refused(role, CHAIN, "write", rows, {"problem_count": 0})
            self.assert_refused(role, CHECK, "write", check.ids, {"line_ids": [(5, 0, 0)]})
            self.assert_refused(role, CHECK, "write", check.ids, {"line_ids": [(2, lines[0])]})
            self.assert_refused(role, CHECK, "write", check.ids, {"is_clean": True})
            self.assert_refused(role, CHECK, "unlink", check.ids)
        # nor forged: a problem line or a chain row added to a result, a result typed
        self.assert_refused(
            "officer",
            LINE,
            "create",
            {"check_id": check.id, "problem": "record_missing", "record_name": "Forged"},
        )
        self.assert_refused(
            "officer", CHAIN, "create", {"check_id": check.id, "chain": "x", "seal_count": 9}
        )
        self.assert_refused("officer", CHECK, "create", {"is_clean": True, "seal_count": 3})
        self.assertEqual(self.snapshot(check), before)
        # the printed result still names the problem
        html = report_html(self.env, "quality_ops.report_integrity_check", check)
        self.assertIn(self.report_approved.reference, html)

    def test_a_rerun_makes_a_new_result_of_its_own_author(self):
        mine = self.verify_over_rpc("officer")
        before = self.snapshot(mine)
        # the manager presses Verify Again on the officer's result
        theirs = self.verify_over_rpc("manager", mine.id)
        self.assertNotEqual(theirs, mine)
        self.assertEqual(theirs.user_id, self.users["manager"])
        self.assertEqual(theirs.create_uid, self.users["manager"])
        self.assertTrue(theirs.checked_at)
        self.assertEqual(self.snapshot(mine), before)
        self.assertEqual(mine.user_id, self.users["officer"])
        # and her own Verify Again keeps her first result too
        again = self.verify_over_rpc("officer", mine.id)
        self.assertNotIn(again, mine | theirs)
        self.assertEqual(self.snapshot(mine), before)
        self.assertEqual(
            self.env[CHECK].search([("id", "in", (mine | theirs | again).ids)]).user_id,
            self.users["officer"] | self.users["manager"],
        )

    def test_a_truncated_chain_is_named_by_the_next_verification(self):
        statement = self.statement_approved
        seal = self.statement_seal()
        self.assertEqual(seal.event, "seal")
        anchor = self.env[ANCHOR].search(
            [("res_model", "=", statement._name), ("res_id", "=", statement.id)]
        )
        self.assertEqual((anchor.sequence, anchor.hash), (seal.sequence, seal.hash))
        first = self.verify_over_rpc("officer")
        self.assertTrue(first.is_clean, first.line_ids.mapped("detail"))
        row = first.chain_ids.filtered(
            lambda r: r.chain == statement._name and r.company_id == self.company
        )
        self.assertEqual((row.head_sequence, row.head_hash), (seal.sequence, seal.hash))
        sequence, end, sealed_name = seal.sequence, seal.sequence - 1, seal.record_name
        self.assertIn(statement.reference, sealed_name)
        # the statement zeroed and its seal, the chain's last, deleted in SQL
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_sla_statement SET breach_count = 0, charged_count = 0,"
                " gross_credit = 0, capped_credit = 0, net_credit = 0 WHERE id = %s",
                statement.id,
            )
        )
        self.env.cr.execute(SQL("DELETE FROM quality_ops_integrity_seal WHERE id = %s", seal.id))
        self.env.invalidate_all()
        check = self.verify_over_rpc("officer")
        self.assertFalse(check.is_clean)
        truncated = check.line_ids.filtered(lambda line: line.problem == "chain_truncated")
        by_record = truncated.filtered("res_id")
        self.assertEqual(by_record.res_id, statement.id)
        self.assertEqual((by_record.sequence, by_record.chain_end), (sequence, end))
        self.assertEqual(
            by_record.detail,
            f"Chain SLA Statement of {self.company.name} ends at seal No. {end} but"
            f" {sealed_name} was sealed as No. {sequence}.",
        )
        by_check = truncated - by_record
        self.assertEqual(by_check.seen_at, first.checked_at)
        self.assertIn(f"saw seal No. {sequence}", by_check.detail)
        self.assertIn(f"ends at seal No. {end}", by_check.detail)
        text = report_html(self.env, "quality_ops.report_integrity_check", check)
        self.assertIn(f"was sealed as No. {sequence}", text)
        # the anchor deleted too: the earlier verification still names it
        self.env.cr.execute(
            SQL("DELETE FROM quality_ops_integrity_anchor WHERE id = %s", anchor.id)
        )
        self.env.invalidate_all()
        check = self.verify_over_rpc("officer")
        truncated = check.line_ids.filtered(lambda line: line.problem == "chain_truncated")
        self.assertEqual(len(truncated), 1)
        self.assertEqual(truncated.seen_at, first.checked_at)

    def test_a_seal_replaced_where_a_deleted_one_stood_is_named(self):
        seal = self.statement_seal()
        sequence = seal.sequence
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM quality_ops_integrity_seal WHERE id = %s", seal.id))
        self.env.invalidate_all()
        # the next approval takes the deleted seal's number: its chain links
        self.statement_confirmed.with_user(self.users["manager"]).action_approve()
        new_seal = self.env["quality_ops.integrity.seal"].search(
            [
                ("res_model", "=", "quality_ops.sla.statement"),
                ("res_id", "=", self.statement_confirmed.id),
            ]
        )
        self.assertEqual(new_seal.sequence, sequence)
        check = self.verify_over_rpc("officer")
        self.assertNotIn("chain_broken", check.line_ids.mapped("problem"))
        mismatch = check.line_ids.filtered(lambda line: line.problem == "anchor_mismatch")
        self.assertEqual(mismatch.res_id, self.statement_approved.id)
        self.assertIn("is not the one", mismatch.detail)

    def test_the_anchor_is_printed_on_approved_pdfs(self):
        Report = self.env["ir.actions.report"]
        seal = self.statement_seal()
        service = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": "2026-01-01",
            }
        )
        self.assertEqual(service._sla_statement(), self.statement_approved)
        html = Report._render_qweb_html("quality_ops.report_service_report", service.ids)[0]
        html = html.decode()
        self.assertIn(seal.hash, html)
        self.assertIn(f"Integrity seal No. {seal.sequence} of the chain SLA Statement", html)
        # the statement's own PDF, approved: its seal at the foot; a draft: none
        html = Report._render_qweb_html(
            "quality_ops.report_sla_statement", self.statement_approved.ids
        )[0].decode()
        self.assertIn(seal.hash, html)
        self.assertIn(f"Integrity seal No. {seal.sequence} of the chain SLA Statement", html)
        self.assertIn(self.statement_approved.reference, html)
        html = Report._render_qweb_html(
            "quality_ops.report_sla_statement", self.statement_draft.ids
        )[0].decode()
        self.assertIn(self.statement_draft.reference, html)
        self.assertNotIn("Integrity seal No.", html)
        # in the reader's language
        manager = self.users["manager"]
        manager.lang = "zh_CN"
        load_chinese(self.env)
        report_seal = self.env["quality_ops.integrity.seal"].search(
            [("res_model", "=", "quality_ops.report"), ("res_id", "=", self.report_approved.id)]
        )
        html = (
            Report.with_user(manager)
            .with_context(lang="zh_CN")
            ._render_qweb_html("quality_ops.report_quality_report", self.report_approved.ids)[0]
            .decode()
        )
        self.assertIn(report_seal.hash, html)
        self.assertIn(f"封存链第 {report_seal.sequence} 号", html)
        # a report not approved prints none
        html = Report._render_qweb_html(
            "quality_ops.report_quality_report", self.report_reviewed.ids
        )[0].decode()
        self.assertNotIn("Integrity seal No.", html)
