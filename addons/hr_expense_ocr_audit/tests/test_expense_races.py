# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Races between an OCR job and other transactions, for real: the job runs in a transaction of
its own (not the test's), and the change races it in another one, committed while the service
reads (the client's call is where the test makes it: a service cannot be made to answer at a
chosen moment). The job's commit runs what it leaves for after the commit, as queue_job's does.
Data is committed for the test and removed after."""

import base64
from datetime import date, timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..models.hr_ocr_mixin import ocr_writing
from ..tools.ocr_client import OcrClient
from .common import OcrCommon, passport_fields, png_bytes, receipt_fields

DAY = date.today() - timedelta(days=2)


class TestExpenseRaces(OcrCommon):
    # what the jobs commit beside the records a test makes (``committed`` removes those): the
    # history lines they write, the contacts Odoo makes for the employees; removed after each
    # test, or the tests that run next would find them
    LEFT_BY_JOBS = ("hr.ocr.history", "res.partner")

    def setUp(self):
        super().setUp()
        from odoo.sql_db import db_connect

        database = db_connect(self.env.cr.dbname)
        with database.cursor() as cr:
            env = self.su(cr)
            last = {}
            for model in self.LEFT_BY_JOBS:
                newest = env[model].with_context(active_test=False).search([], order="id desc", limit=1)
                last[model] = newest.id or 0

        def remove_what_the_jobs_left():
            with database.cursor() as cr:
                env = self.su(cr)
                for model in self.LEFT_BY_JOBS:
                    env[model].with_context(active_test=False).search([("id", ">", last[model])]).unlink()
                cr.commit()  # pylint: disable=invalid-commit

        self.addCleanup(remove_what_the_jobs_left)

    # ------------------------------------------------------------------ helpers
    def su(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def make_expenses(self, amounts, same_file=True, split=False, extra=None):
        def make(env):
            made = []
            if extra:
                made += extra(env)
            product = env["product.product"].create(
                {"name": "Race cat", "can_be_expensed": True, "type": "service", "standard_price": 0.0}
            )
            employee = env["hr.employee"].create({"name": "Race Employee"})
            expenses = env["hr.expense"]
            for i, amount in enumerate(amounts):
                expense = env["hr.expense"].create(
                    {
                        "name": f"Race {i}",
                        "employee_id": employee.id,
                        "product_id": product.id,
                        "total_amount_currency": amount,
                    }
                )
                att = env["ir.attachment"].create(
                    {
                        "name": "r.png",
                        "res_model": "hr.expense",
                        "res_id": expense.id,
                        "raw": png_bytes((7, 7, 7)) if same_file else png_bytes((i, 8, 8)),
                        "mimetype": "image/png",
                    }
                )
                with ocr_writing():
                    expense.write(
                        {
                            "ocr_state": "queued",
                            "ocr_attachment_id": att.id,
                            "ocr_checksum": att.checksum,
                            "ocr_requested_at": fields.Datetime.now(),
                        }
                    )
                expenses |= expense
            if split:
                with ocr_writing():
                    expenses[1:].write({"ocr_split_origin_id": expenses[0].id})
            return made + [employee, product, expenses]

        return self.committed(make)

    def answer(self, **kw):
        kw.setdefault("date", DAY.isoformat())
        kw.setdefault("currency", self.env.company.currency_id.name)
        return receipt_fields(**kw)

    def run_job(self, database, model, rec_id, answer, during=None, cr=None, after_commit=True):
        """The job body in a real transaction; ``during(env)`` runs in another one, committed,
        while the service reads. Returns the job's result, or "retry" on a concurrency error
        (run again by queue_job, not counted as an attempt).
        Without ``after_commit``, what the job leaves for after its commit does not run."""

        def fake_scan(client, content, filename, doc_type="auto", mimetype=None):
            if during:
                with database.cursor() as other:
                    during(self.su(other))
                    other.commit()  # pylint: disable=invalid-commit
            return answer

        own = cr is None
        cr = cr or database.cursor()
        try:
            with patch.object(OcrClient, "scan", autospec=True, side_effect=fake_scan):
                env = self.su(cr)
                record = env[model].browse(rec_id)
                try:
                    result = record._ocr_job_scan(record.ocr_attachment_id.id)
                    if not after_commit:
                        cr.postcommit.clear()
                    # what the job left for after its commit runs as queue_job's does: in a
                    # transaction of its own, not the test's (OcrCommon's test mode, left here)
                    self.registry.leave_test_mode()
                    try:
                        cr.commit()  # pylint: disable=invalid-commit
                    finally:
                        self.registry.enter_test_mode(self.cr)
                    return result
                except RetryableJobError as exc:
                    cr.rollback()
                    self.assertTrue(exc.ignore_retry, "a concurrent save spends no attempt")
                    return "retry"
        finally:
            if own:
                cr.close()

    def committed_values(self, database, model, ids, names):
        with database.cursor() as cr:
            return self.su(cr)[model].browse(ids).read(names)

    # ------------------------------------------------------------------ the audit after commit
    def test_split_part_edited_while_the_other_part_is_read(self):
        """Two parts of a split (30.00 + 12.50 for a 42.50 receipt), both waiting to be read.
        While part A's job reads, the employee changes part B to 20.00: B's save audits the
        parts already read (none: A's reading is not committed), A's job audits A against B's
        old 12.50. The parts claim 50.00 for a 42.50 receipt: A said "Matches Receipt" until
        the audit after the job's commit."""
        with self.make_expenses([30.0, 12.5], split=True) as (database, _env, [_e, _p, ids]):
            a, b = ids

            def edit_b(env):
                env["hr.expense"].browse(b).write({"total_amount_currency": 20.0})

            self.assertEqual(
                self.run_job(database, "hr.expense", a, self.answer(total="42.50"), during=edit_b), "OCR done"
            )
            self.run_job(database, "hr.expense", b, self.answer(total="42.50"))
            rows = {
                r["id"]: r
                for r in self.committed_values(
                    database,
                    "hr.expense",
                    ids,
                    ["total_amount_currency", "ocr_audit_status", "ocr_flag_amount", "ocr_state"],
                )
            }
            self.assertEqual(rows[a]["total_amount_currency"] + rows[b]["total_amount_currency"], 50.0)
            self.assertEqual(rows[b]["ocr_audit_status"], "mismatch")
            self.assertTrue(
                rows[a]["ocr_flag_amount"],
                f"part A vouches for the split: {rows[a]['ocr_audit_status']} while the parts claim 50.00 "
                f"for a 42.50 receipt",
            )

    def test_rate_corrected_while_the_receipt_is_read(self):
        """A receipt of 20.00 EUR claimed 22.50 USD. The euro's rate of that day, 0.9 (22.22 USD),
        is corrected to 0.5 (40.00 USD) while the job reads: the correction re-audits the
        receipts already read of that week (this one's reading is not committed), the job
        audits at 0.9: "Matches Receipt" at a rate no longer in the database, until the audit
        after the job's commit."""
        eur = self.env.ref("base.EUR")

        def rate(env):
            # (EUR left as it is: the test transaction holds its row, activated in setUpClass)
            env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
            return [
                env["res.currency.rate"].create(
                    {"currency_id": eur.id, "name": DAY, "rate": 0.9, "company_id": env.company.id}
                )
            ]

        with self.make_expenses([22.5], extra=rate) as (database, _env, [[rate_id], _e, _p, [expense]]):

            def correct(env):
                rate = env["res.currency.rate"].browse(rate_id)
                rate.rate = 0.5
                rate.flush_recordset()

            result = self.run_job(
                database, "hr.expense", expense, self.answer(total="20.00", currency="EUR"), during=correct
            )
            self.assertEqual(result, "OCR done")
            [row] = self.committed_values(
                database,
                "hr.expense",
                [expense],
                ["ocr_audit_status", "ocr_flag_currency", "ocr_converted_total"],
            )
            # what the audit finds at the rates now in the database
            with database.cursor() as cr:
                fresh = self.su(cr)["hr.expense"].browse(expense)
                fresh._ocr_audit()
                fresh.flush_recordset()
                now = (fresh.ocr_audit_status, fresh.ocr_converted_total)
                cr.rollback()
            self.assertEqual(now, ("mismatch", 40.0))
            self.assertEqual(
                (row["ocr_audit_status"], row["ocr_converted_total"]),
                now,
                "stored audit was computed at the rate corrected meanwhile",
            )

    def test_a_job_that_writes_no_amount_does_not_wait_on_its_reports_changes(self):
        """The report's row is locked before an amount is written onto one of its expenses (its
        totals follow). A job that fills nothing (the amount typed already) writes nothing onto
        the report: another expense of it changed meanwhile must not fail it, and send the
        document to the service again."""
        with self.make_expenses([42.5, 10.0], same_file=False) as (database, _env, [_e, _p, expenses]):
            with database.cursor() as cr:
                env = self.su(cr)
                sheet = env["hr.expense.sheet"].create(
                    {
                        "name": "Trip",
                        "employee_id": env["hr.expense"].browse(expenses[0]).employee_id.id,
                        "expense_line_ids": [(6, 0, expenses)],
                    }
                )
                sheet_id = sheet.id
                cr.commit()  # pylint: disable=invalid-commit
            try:

                def other_expense_edited(env):
                    env["hr.expense"].browse(expenses[1]).write({"total_amount_currency": 11.0})

                result = self.run_job(
                    database,
                    "hr.expense",
                    expenses[0],
                    self.answer(total="42.50"),
                    during=other_expense_edited,
                )
                self.assertEqual(result, "OCR done")
            finally:
                with database.cursor() as cr:
                    self.su(cr)["hr.expense.sheet"].browse(sheet_id).unlink()
                    cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------ a change the job sees
    def test_a_concurrent_save_spends_none_of_the_job_s_attempts(self):
        """queue_job's ten attempts bound an outage of the service. An expense saved while its
        receipt is read runs the job again, through queue_job's own runner (its controller's
        ``_runjob``, on real transactions): the job waits again, its attempts untouched (one
        was spent before, each time: a report edited during its receipts' reads left a real
        outage fewer attempts, and a job failed sooner)."""
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):
            with database.cursor() as cr:
                env = self.su(cr)
                record = env["hr.expense"].browse(expense)
                record._ocr_enqueue(force=True)
                uuid = record.ocr_job_uuid
                cr.commit()  # pylint: disable=invalid-commit
            self.assertTrue(uuid)

            def remove_job():
                with database.cursor() as cr:
                    cr.execute("DELETE FROM queue_job WHERE uuid = %s", [uuid])
                    cr.commit()  # pylint: disable=invalid-commit

            self.addCleanup(remove_job)

            def typed(env):
                env["hr.expense"].browse(expense).write({"total_amount_currency": 99.0})

            def fake_scan(client, content, filename, doc_type="auto", mimetype=None):
                with database.cursor() as other:
                    typed(self.su(other))
                    other.commit()  # pylint: disable=invalid-commit
                return self.answer()

            try:
                # queue_job's runner leaves the test's cursor: its retry is stored in a
                # transaction of its own, as in production
                self.registry.leave_test_mode()
                with (
                    database.cursor() as cr,
                    patch.object(OcrClient, "scan", autospec=True, side_effect=fake_scan),
                ):
                    env = self.su(cr)
                    job = Job.load(env, uuid)
                    job.set_started()
                    job.store()
                    RunJobController._runjob(env, job)
            finally:
                self.registry.enter_test_mode(self.cr)
            with database.cursor() as cr:
                cr.execute("SELECT state, retry FROM queue_job WHERE uuid = %s", [uuid])
                self.assertEqual(cr.fetchone(), ("pending", 0))
            [row] = self.committed_values(
                database, "hr.expense", [expense], ["total_amount_currency", "ocr_state"]
            )
            self.assertEqual((row["total_amount_currency"], row["ocr_state"]), (99.0, "queued"))

    def test_amount_typed_while_read_is_not_overwritten(self):
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):

            def typed(env):
                env["hr.expense"].browse(expense).write({"total_amount_currency": 99.0})

            self.assertEqual(
                self.run_job(database, "hr.expense", expense, self.answer(), during=typed), "retry"
            )
            self.run_job(database, "hr.expense", expense, self.answer())
            [row] = self.committed_values(
                database, "hr.expense", [expense], ["total_amount_currency", "ocr_flag_amount"]
            )
            self.assertEqual(row["total_amount_currency"], 99.0)
            self.assertTrue(row["ocr_flag_amount"])

    def test_receipt_replaced_in_place_while_read(self):
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):

            def replace(env):
                env["hr.expense"].browse(expense).ocr_attachment_id.raw = png_bytes((1, 99, 99))

            self.assertEqual(
                self.run_job(database, "hr.expense", expense, self.answer(), during=replace), "retry"
            )
            result = self.run_job(database, "hr.expense", expense, self.answer())
            [row] = self.committed_values(
                database, "hr.expense", [expense], ["ocr_total", "ocr_state", "total_amount_currency"]
            )
            self.assertIn("nothing to do", result)
            self.assertEqual((row["ocr_total"], row["total_amount_currency"]), (0.0, 0.0))

    def test_receipt_deleted_while_read(self):
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):

            def delete(env):
                env["hr.expense"].browse(expense).ocr_attachment_id.unlink()

            self.assertEqual(
                self.run_job(database, "hr.expense", expense, self.answer(), during=delete), "retry"
            )
            result = self.run_job(database, "hr.expense", expense, self.answer())
            [row] = self.committed_values(
                database, "hr.expense", [expense], ["ocr_total", "total_amount_currency"]
            )
            self.assertIn("nothing to do", result)
            self.assertEqual((row["ocr_total"], row["total_amount_currency"]), (0.0, 0.0))

    def test_another_receipt_attached_as_the_receipt_while_read(self):
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):

            def attach_new(env):
                record = env["hr.expense"].browse(expense)
                att = env["ir.attachment"].create(
                    {
                        "name": "n.png",
                        "res_model": "hr.expense",
                        "res_id": expense,
                        "raw": png_bytes((5, 55, 5)),
                    }
                )
                record.attach_document(attachment_ids=[att.id])

            self.assertEqual(
                self.run_job(database, "hr.expense", expense, self.answer(), during=attach_new), "retry"
            )
            result = self.run_job(database, "hr.expense", expense, self.answer())
            self.assertIn("nothing to do", result)

    def test_submitted_while_read_fills_nothing(self):
        with self.make_expenses([0.0]) as (database, _env, [_e, _p, [expense]]):

            def submit(env):
                record = env["hr.expense"].browse(expense)
                sheet = env["hr.expense.sheet"].create(
                    {
                        "name": "S",
                        "employee_id": record.employee_id.id,
                        "expense_line_ids": [(6, 0, [expense])],
                    }
                )
                sheet.action_submit_sheet()

            self.assertEqual(
                self.run_job(database, "hr.expense", expense, self.answer(), during=submit), "retry"
            )
            self.run_job(database, "hr.expense", expense, self.answer())
            [row] = self.committed_values(
                database, "hr.expense", [expense], ["total_amount_currency", "state", "ocr_state"]
            )
            self.assertEqual(row["state"], "submitted")
            self.assertEqual(row["total_amount_currency"], 0.0)
            with database.cursor() as cr:
                self.su(cr)["hr.expense"].browse(expense).sheet_id.unlink()
                cr.commit()  # pylint: disable=invalid-commit

    def test_passport_replaced_while_read(self):
        def make(env):
            employee = env["hr.employee"].create(
                {"name": "Anna Maria Eriksson", "passport_scan": base64.b64encode(png_bytes((3, 3, 3)))}
            )
            att = employee._ocr_get_attachment()
            with ocr_writing():
                employee.write(
                    {
                        "ocr_state": "queued",
                        "ocr_attachment_id": att.id,
                        "ocr_checksum": att.checksum,
                        "ocr_requested_at": fields.Datetime.now(),
                    }
                )
            return employee

        with self.committed(make) as (database, _env, [[employee]]):

            def replace(env):
                env["hr.employee"].browse(employee).passport_scan = base64.b64encode(png_bytes((4, 4, 4)))

            self.assertEqual(
                self.run_job(database, "hr.employee", employee, passport_fields(), during=replace), "retry"
            )
            result = self.run_job(database, "hr.employee", employee, passport_fields())
            [row] = self.committed_values(
                database,
                "hr.employee",
                [employee],
                ["ocr_passport_number", "passport_id", "passport_mrz_valid"],
            )
            self.assertIn("nothing to do", result)
            self.assertEqual((row["ocr_passport_number"], row["passport_id"]), (False, False))
            self.assertEqual(row["passport_mrz_valid"], "unknown")

    def test_two_photos_read_side_by_side_flag_each_other(self):
        with self.make_expenses([0.0, 0.0], same_file=False) as (database, _env, [_e, _p, ids]):
            a, b = ids
            with database.cursor() as cr_b:
                cr_b.execute("SELECT 1")  # B's snapshot: before A commits
                self.su(cr_b)["hr.expense"].browse(b).ocr_state  # noqa: B018
                self.run_job(database, "hr.expense", a, self.answer())
                self.run_job(database, "hr.expense", b, self.answer(), cr=cr_b)
            # each job's audit after its commit, as the commits ran: the later one sees the other
            rows = self.committed_values(database, "hr.expense", ids, ["ocr_flag_duplicate"])
            self.assertEqual([r["ocr_flag_duplicate"] for r in rows], [True, True])
