# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from contextlib import contextmanager
from datetime import date, timedelta

from odoo import fields

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import OcrCommon, hanging_service, png_bytes, receipt_fields, unreachable_host


@contextmanager
def captured_logs():
    """Every log line emitted meanwhile, with its traceback, formatted (a list, filled)."""
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Capture(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


class TestExpenseJob(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})

    def scanned_expense(self, answer=None, employee=None, content=None, **vals):
        expense = self.create_expense(employee=employee, **vals)
        self.attach(expense, content or png_bytes((len(self.service.requests), 1, 2)))
        self.service.push(200, answer or receipt_fields())
        self.run_job(expense)
        return expense

    def run_job_expect_retry(self, record):
        # not assertRaises: Odoo rolls its block back, history included
        try:
            self.run_job(record)
        except RetryableJobError as exc:
            self.assertNotIn("Corner", str(exc))
            return exc
        self.fail("the job did not ask to be retried")

    def log_retry(self, expense, duration_ms, code, status=None):
        """A history line of an earlier attempt that the job retried."""
        self.env["hr.ocr.history"].create(
            {
                "res_model": "hr.expense",
                "res_id": expense.id,
                "attachment_checksum": expense.ocr_checksum,
                "state": "retry",
                "duration_ms": duration_ms,
                "http_status": status,
                "error_code": code,
            }
        )

    def history_of(self, record):
        return self.env["hr.ocr.history"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )

    def test_fills_empty_fields(self):
        partners_before = self.env["res.partner"].search_count([])
        expense = self.scanned_expense(receipt_fields(receipt_number="R-1001"))
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.ocr_tax, 3.86)
        self.assertEqual(expense.ocr_date, date(2024, 3, 15))
        self.assertEqual(expense.ocr_currency_id, self.usd)
        self.assertEqual(expense.ocr_receipt_number, "R-1001")
        self.assertAlmostEqual(expense.ocr_confidence, 0.97)
        # empty expense fields were filled
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertEqual(expense.date, date(2024, 3, 15))
        self.assertEqual(expense.vendor_id, self.bakery)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        request = self.service.requests[-1]
        self.assertIn(b"receipt", request["body"])
        # the file name sent is neutral, never the user's
        self.assertNotIn(b"receipt.png", request["body"])

    def test_the_file_name_sent_keeps_a_file_types_extension_only(self):
        for name, sent in (
            ("Anna.Eriksson", b'filename="document-%d"'),
            ("Passport Dr. Jane Smith", b'filename="document-%d"'),
            ("J.Smith receipt", b'filename="document-%d"'),
            ("Receipt Jane Smith.JPG", b'filename="document-%d.jpg"'),
        ):
            with self.subTest(name=name):
                expense = self.create_expense()
                attachment = self.attach(expense, png_bytes((len(name), 7, 7)), name=name)
                self.service.push(200, receipt_fields())
                self.run_job(expense)
                body = self.service.requests[-1]["body"]
                self.assertIn(sent % attachment.id, body)
                for word in (b"smith", b"eriksson", b"anna"):
                    self.assertNotIn(word, body.lower())

    def test_never_overwrites_typed_values(self):
        other_vendor = self.env["res.partner"].create({"name": "Typed Vendor"})
        expense = self.scanned_expense(
            total_amount_currency=50.0, date=date(2024, 3, 1), vendor_id=other_vendor.id
        )
        self.assertEqual(expense.total_amount_currency, 50.0)
        self.assertEqual(expense.date, date(2024, 3, 1))
        self.assertEqual(expense.vendor_id, other_vendor)
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertTrue(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_date)
        self.assertFalse(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # an approver applies the receipt's values
        expense.action_ocr_apply_values()
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertEqual(expense.date, date(2024, 3, 15))
        self.assertEqual(expense.vendor_id, self.bakery)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_within_tolerance(self):
        self.set_param("amount_tolerance_pct", "1.0")
        self.set_param("date_tolerance_days", "3")
        expense = self.scanned_expense(total_amount_currency=42.80, date=date(2024, 3, 17))
        self.assertFalse(expense.ocr_flag_amount)
        self.assertFalse(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_currency_mismatch(self):
        expense = self.scanned_expense(answer=receipt_fields(currency="EUR"), total_amount_currency=42.50)
        self.assertEqual(expense.ocr_currency_id, self.eur)
        self.assertTrue(expense.ocr_flag_currency)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_sure_currency_filled(self):
        expense = self.scanned_expense(answer=receipt_fields(currency="EUR"))
        self.assertEqual(expense.currency_id, self.eur)
        self.assertFalse(expense.ocr_flag_currency)
        # the amount reimbursed in dollars: converted with no euro rate of the receipt's week
        self.assertTrue(expense.ocr_flag_reimbursed_unchecked)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.env["res.currency.rate"].create(
            {"currency_id": self.eur.id, "name": "2024-03-14", "rate": 0.9, "company_id": self.company.id}
        )
        self.assertFalse(expense.ocr_flag_reimbursed_unchecked)
        self.assertTrue(expense.ocr_flag_amount, "converted at 1 before the week's rate")
        # converted again at the week's rate (as the form does when the amount is typed again)
        expense.total_amount = expense._ocr_odoo_reimbursed()
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_low_confidence(self):
        expense = self.scanned_expense(answer=receipt_fields(confidence=0.4))
        self.assertTrue(expense.ocr_flag_low_confidence)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "review")
        # a doubtful reading is shown, never written onto the expense's empty fields
        self.assertEqual(expense.ocr_total, 42.50)
        self.assertEqual(expense.ocr_date, date(2024, 3, 15))
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertNotEqual(expense.date, date(2024, 3, 15))
        self.assertFalse(expense.ocr_filled_fields)
        self.assertFalse(expense.ocr_flag_amount or expense.ocr_flag_date)
        # a person who checked it applies it
        expense.action_ocr_apply_values()
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertEqual(expense.date, date(2024, 3, 15))
        self.assertEqual(expense.ocr_audit_status, "review")

    def test_missing_total_needs_review(self):
        answer = receipt_fields()
        answer["fields"].pop("total")
        expense = self.scanned_expense(answer=answer)
        self.assertEqual(expense.ocr_state, "needs_review")

    def test_unknown_vendor_not_created(self):
        partners_before = self.env["res.partner"].search_count([])
        expense = self.scanned_expense(answer=receipt_fields(vendor="Nowhere Diner Ltd"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_vendor, "Nowhere Diner Ltd")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_duplicate_same_content_other_employee(self):
        content = png_bytes("purple")
        first = self.scanned_expense(content=content)
        second = self.scanned_expense(content=content, employee=self.employee_2)
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertIn(first, second.ocr_duplicate_expense_ids)
        self.assertEqual(second.ocr_audit_status, "review")
        action = second.action_ocr_show_duplicates()
        self.assertIn(first.id, action["domain"][0][2])

    def test_duplicate_same_vendor_date_total(self):
        first = self.scanned_expense(content=png_bytes("cyan"))
        second = self.scanned_expense(content=png_bytes("navy"), employee=self.employee_2)
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertIn(first, second.ocr_duplicate_expense_ids)
        third = self.scanned_expense(answer=receipt_fields(total="12.00"), content=png_bytes("teal"))
        self.assertFalse(third.ocr_flag_duplicate)

    def test_duplicate_flagged_on_both_sides(self):
        content = png_bytes("purple")
        first = self.scanned_expense(content=content)
        self.assertFalse(first.ocr_flag_duplicate)
        second = self.scanned_expense(content=content, employee=self.employee_2)
        self.assertTrue(second.ocr_flag_duplicate)
        # the first expense learns it at once, not at its next audit
        self.assertTrue(first.ocr_flag_duplicate)
        self.assertEqual(first.ocr_audit_status, "review")
        self.assertIn(second, first.ocr_duplicate_expense_ids)
        # a manager sees both side by side, from either one
        action = first.action_ocr_show_duplicates()
        self.assertEqual(set(action["domain"][0][2]), {first.id, second.id})
        # the second expense goes away: the first is clear again
        second.unlink()
        self.assertFalse(first.ocr_flag_duplicate)
        self.assertEqual(first.ocr_audit_status, "ok")

    def test_duplicate_cleared_when_other_receipt_rescanned(self):
        first = self.scanned_expense(content=png_bytes("cyan"))
        second = self.scanned_expense(content=png_bytes("navy"), employee=self.employee_2)
        self.assertTrue(first.ocr_flag_duplicate)
        # the second receipt is read again as another one
        self.service.push(200, receipt_fields(total="7.00"))
        second.action_ocr_scan()
        self.run_job(second)
        self.assertFalse(second.ocr_flag_duplicate)
        self.assertFalse(first.ocr_flag_duplicate)

    def test_cached_answer_timing(self):
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields()
        # the service answers from its cache: the time is the first request's
        answer["processing_ms"] = 5055
        answer["cached"] = True
        self.service.push(200, answer)
        self.run_job(expense)
        history = self.history_of(expense)
        self.assertTrue(history.cached)
        self.assertFalse(history.service_ms, "5055 ms is not what this request took")
        self.assertLess(history.duration_ms, 5055)
        # a fresh answer keeps the service's own time
        other = self.create_expense()
        self.attach(other, png_bytes("lime"))
        self.service.push(200, receipt_fields())
        self.run_job(other)
        history = self.history_of(other)
        self.assertFalse(history.cached)
        self.assertEqual(history.service_ms, 321)

    def test_retry_after_honoured(self):
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(503, {"error": {"code": "busy", "message": "x"}}, {"Retry-After": "120"})
        exc = self.run_job_expect_retry(expense)
        self.assertEqual(exc.seconds, 120)
        # run as the queue does: the job's own back-off when it is longer
        self.service.push(429, {"error": {"code": "rate_limited", "message": "x"}}, {"Retry-After": "2"})
        job = Job.load(self.env, expense.ocr_job_uuid)
        try:
            job.perform()
        except RetryableJobError as caught:
            exc = caught
        else:
            self.fail("the job did not ask to be retried")
        self.assertEqual(exc.seconds, 30, "never sooner than asked, never sooner than the back-off")
        # without Retry-After queue_job applies the retry pattern
        self.service.push(504, {"error": {"code": "timeout", "message": "x"}})
        self.assertIsNone(self.run_job_expect_retry(expense).seconds)

    def test_document_that_times_out_is_not_retried_forever(self):
        expense = self.create_expense()
        self.attach(expense)
        # the request is an hour old and the service already spent 3 minutes on it
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        self.set_param("ocr_timeout", "60")
        for _attempt in range(3):
            self.log_retry(expense, 60000, "timeout", status=504)
        self.service.push(504, {"error": {"code": "timeout", "message": "x"}})
        result = self.run_job(expense)  # no RetryableJobError: given up
        self.assertIn("gave up", result)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("too large or too hard to read", expense.ocr_error)
        self.assertFalse(expense.ocr_failure_retryable, "the document, not the service, is the problem")
        self.assertEqual(self.history_of(expense)[-1].state, "failed")

    def test_an_unreachable_service_is_an_outage_not_a_hard_document(self):
        # a host that drops packets: every attempt ends in a connect timeout, the service never
        # held the document; the attempts count against the outage's hours, not the document
        expense = self.create_expense()
        self.attach(expense)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        self.set_param("ocr_timeout", "1")
        for _attempt in range(3):
            self.log_retry(expense, 1000, "connect_timeout")
        with unreachable_host() as url:
            self.set_param("ocr_api_url", url)
            exc = self.run_job_expect_retry(expense)
        self.assertIn("unreachable", str(exc))
        self.assertNotEqual(expense.ocr_state, "failed")
        # a document the service held as long does use up its budget
        self.log_retry(expense, 3000, "timeout", status=504)
        self.set_param("ocr_api_url", self.service.url)
        self.service.push(504, {"error": {"code": "timeout", "message": "x"}})
        self.assertIn("gave up", self.run_job(expense))
        self.assertIn("too large or too hard to read", expense.ocr_error)

    def test_a_service_that_never_answers_is_an_outage_not_a_hard_document(self):
        """A service (or proxy) that takes the document and hangs: the client's read timeout,
        longer than the service's own deadline (after which it answers 504), was counted against
        the document as a 504 is, and after three the request failed for good, "too large or too
        hard to read", never queued again."""
        expense = self.create_expense()
        self.attach(expense)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=1)})
        # (10 s: Odoo's tests raise a shorter request timeout to 10 s) a budget of 30 s, two
        # attempts of 10 s already spent on it
        self.set_param("ocr_timeout", "10")
        for _attempt in range(2):
            self.log_retry(expense, 10000, "read_timeout")
        with hanging_service() as url:
            self.set_param("ocr_api_url", url)
            exc = self.run_job_expect_retry(expense)
        self.assertIn("did not answer", str(exc))
        self.assertIn(expense.ocr_state, ("queued", "processing"))
        self.assertEqual(self.history_of(expense)[-1].error_code, "read_timeout")
        self.assertFalse(self.history_of(expense)[-1].http_status)
        # the service's own 504s do use up the document's budget, as before
        self.set_param("ocr_api_url", self.service.url)
        self.log_retry(expense, 30000, "timeout", status=504)
        self.service.push(504, {"error": {"code": "timeout", "message": "x"}})
        self.assertIn("gave up", self.run_job(expense))
        self.assertIn("too large or too hard to read", expense.ocr_error)

    def test_outage_bounded_by_time(self):
        expense = self.create_expense()
        self.attach(expense)
        self.reader_writes(expense, {"ocr_requested_at": fields.Datetime.now() - timedelta(hours=7)})
        self.service.push(503, {"error": {"code": "busy", "message": "x"}}, {"Retry-After": "5"})
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("unavailable", expense.ocr_error)
        self.assertTrue(expense.ocr_failure_retryable, "the scheduled action tries again later")

    def test_invalid_url_fails_without_retry(self):
        for url in ("file:///etc/passwd", "ftp://ocr.example.internal", "ocr.example.internal"):
            expense = self.create_expense()
            self.attach(expense, png_bytes((len(url), 7, 7)))
            self.set_param("ocr_api_url", url)
            result = self.run_job(expense)  # returns: no RetryableJobError
            self.assertIn("invalid service URL", result)
            self.assertEqual(expense.ocr_state, "failed")
            self.assertIn("http://", expense.ocr_error)
            self.assertFalse(expense.ocr_failure_retryable)
            self.assertEqual(self.history_of(expense).error_code, "invalid_url")
        self.assertFalse(self.service.requests)

    def test_a_ca_bundle_that_is_no_file_fails_with_a_clear_error(self):
        # requests refuses the setting before it connects: no attempt of the job can pass
        expense = self.create_expense()
        self.attach(expense, png_bytes((3, 7, 9)))
        self.set_param("ocr_api_url", "https://127.0.0.1:9")
        self.set_param("ocr_tls_verify", "True")
        self.set_param("ocr_ca_bundle", "/nonexistent/ocr-ca.pem")
        result = self.run_job(expense)  # returns: no RetryableJobError, no unexpected error
        self.assertIn("tls_config", result)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("CA bundle", expense.ocr_error)
        self.assertNotIn("/nonexistent", expense.ocr_error)
        self.assertFalse(expense.ocr_failure_retryable)
        self.assertEqual(self.history_of(expense).error_code, "tls_config")

    def run_as_the_runner(self, record):
        """Run the record's job as queue_job's runner does (a last failure logged and stored)."""
        from odoo.addons.queue_job.controllers.main import RunJobController

        self.env.flush_all()  # queued in an earlier transaction, as in production
        job = Job.load(self.env, record.ocr_job_uuid)
        raised = False
        try:
            RunJobController._runjob(self.env, job)
        except Exception:  # (the runner's own raise, once the job is stored failed)
            raised = True
        return self.env["queue.job"].search([("uuid", "=", job.uuid)]), raised

    def test_a_token_saved_with_a_line_break_never_shows_and_is_sent_without_it(self):
        """The System Parameters' value is a text field: a token pasted with its line's end
        failed every job on an "unexpected error" (http.client refuses the header), whose
        traceback, quoting the token, queue_job logged and stored on the job."""
        secret = "tok-3f9a1c2e7b"
        self.set_param("ocr_api_token", secret + "\n")
        expense = self.create_expense()
        self.attach(expense)
        with captured_logs() as logged:
            job, raised = self.run_as_the_runner(expense)
        self.assertNotIn(secret, "\n".join(logged))
        self.assertNotIn(secret, job.exc_info or "")
        self.assertFalse(raised)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(self.service.requests[-1]["headers"]["Authorization"], f"Bearer {secret}")

    def test_a_token_no_request_can_carry_is_a_setting_to_fix_never_shown(self):
        secret = "tok-3f9a1c2e7b"
        self.set_param("ocr_api_token", secret[:6] + "\n" + secret[6:])
        expense = self.create_expense()
        self.attach(expense)
        with captured_logs() as logged:
            job, raised = self.run_as_the_runner(expense)
        for text in ("\n".join(logged), job.exc_info or "", job.result or "", expense.ocr_error or ""):
            self.assertNotIn(secret[:6], text)
            self.assertNotIn(secret[6:], text)
        self.assertFalse(raised)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertFalse(expense.ocr_failure_retryable)
        self.assertIn("API token", expense.ocr_error)
        self.assertEqual(self.history_of(expense).error_code, "invalid_token")
        self.assertFalse(self.service.requests)

    def test_permanent_failures_no_retry(self):
        for status, code, hint in (
            (415, "unsupported_media_type", "file type"),
            (422, "unreadable_image", "could not read"),
        ):
            expense = self.create_expense()
            self.attach(expense, png_bytes((status, 0, 0)))
            self.service.push(status, {"error": {"code": code, "message": "x"}})
            result = self.run_job(expense)  # returns: no RetryableJobError
            self.assertIn(str(status), result)
            self.assertEqual(expense.ocr_state, "failed")
            self.assertIn(hint, expense.ocr_error)
            self.assertIn(code, expense.ocr_error)
            self.assertEqual(expense.ocr_audit_status, "failed")
            history = self.env["hr.ocr.history"].search(
                [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
            )
            self.assertEqual(history.state, "failed")
            self.assertEqual(history.http_status, status)
            self.assertEqual(history.error_code, code)
            self.assertFalse(expense.ocr_failure_retryable)

    def test_a_file_over_the_upload_limit_or_empty_is_refused_here(self):
        """Never sent: a clear message on the record, no retry (a service closing the connection
        on a large upload was retried as an outage, 13 times)."""
        self.set_param("ocr_max_upload_mb", "1")
        expense = self.create_expense()
        self.attach(expense, b"\x89PNG" + b"0" * (1024 * 1024))
        result = self.run_job(expense)
        self.assertIn("failed", result)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertFalse(expense.ocr_failure_retryable)
        self.assertIn("larger than the OCR service takes (1 MB)", expense.ocr_error)
        self.assertFalse(self.service.requests)
        expense = self.create_expense()
        self.attach(expense, b"")
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("The file is empty", expense.ocr_error)
        self.assertFalse(self.service.requests)

    def test_an_answer_the_record_cannot_take_fails_the_request_whole(self):
        """A receipt number sent as a number (the contract says a string): storing the answer
        raised after the record's row was locked; the job stopped, and queue_job's failure hook
        waited on that lock for ever. Now nothing of the answer is written, the request fails
        with a message, the history says so, and the log names the error's type only."""
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields(vendor="Vendor Of Anna Eriksson")
        answer["fields"]["receipt_number"] = {"value": 4711, "confidence": 0.9}
        self.service.push(200, answer)
        with self.assertLogs("odoo.addons.hr_expense_ocr_audit", level="WARNING") as logged:
            result = self.run_job(expense)
        self.assertEqual(result, "failed: answer not stored")
        self.assertNotIn("Eriksson", "\n".join(logged.output))
        self.assertIn("TypeError", "\n".join(logged.output))
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("could not be stored", expense.ocr_error)
        self.assertFalse(expense.ocr_vendor)
        self.assertFalse(expense.ocr_total)
        self.assertFalse(expense.total_amount_currency)
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(history.mapped("error_code"), ["answer_not_stored"])
        # Re-scan reads it again
        self.service.push(200, receipt_fields())
        expense.action_ocr_scan()
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")

    def test_the_failure_hook_does_not_wait_on_the_failed_jobs_lock(self):
        """queue_job runs the failure hook on a cursor of its own before it rolls the failed job's
        transaction back: a row the job locked made the hook wait for ever. It leaves such a row
        (the scheduled action takes the request up later) and marks the others. Two real
        transactions (not the test's), committed data removed after."""

        def queued_employees(env):
            # (employees: an expense needs the test's employee, which no other transaction sees)
            records = env["hr.employee"].create([{"name": f"Locked {n}"} for n in range(2)])
            env.cr.execute("UPDATE hr_employee SET ocr_state = 'queued' WHERE id IN %s", [tuple(records.ids)])
            return records

        with (
            self.committed(queued_employees) as (database, real_env, [ids]),
            database.cursor() as job_cr,
            database.cursor() as hook_cr,
        ):
            real_env(job_cr)["hr.employee"].browse(ids[0])._ocr_lock_for_result()
            hook_cr.execute("SET lock_timeout = '5s'")
            hooked = real_env(hook_cr)["hr.employee"].browse(ids)
            hooked._ocr_job_on_fail(exc_name="odoo.addons.queue_job.exception.FailedJobError")
            hooked.flush_recordset()
            hook_cr.execute("SELECT ocr_state FROM hr_employee WHERE id IN %s ORDER BY id", [tuple(ids)])
            self.assertEqual([row[0] for row in hook_cr.fetchall()], ["queued", "failed"])
            hook_cr.rollback()
            job_cr.rollback()

    def test_the_vendor_matched_is_held_until_the_job_ends(self):
        """A contact deleted while the job wrote what it read failed the write on its foreign key,
        and PostgreSQL's error, logged with the statement, carried the values read. The job holds
        the contact it matched: the deletion waits (here: gives up on its lock timeout). Two real
        transactions (not the test's), committed data removed after."""
        import psycopg2

        from ..models.hr_ocr_mixin import hold_for_reference

        def vendor(env):
            return env["res.partner"].create({"name": "Held Vendor", "is_company": True})

        with (
            self.committed(vendor) as (database, real_env, [[partner_id]]),
            database.cursor() as job_cr,
            database.cursor() as other_cr,
        ):
            hold_for_reference(real_env(job_cr)["res.partner"].browse(partner_id))
            other_cr.execute("SET lock_timeout = '1s'")
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                other_cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id], log_exceptions=False)
            other_cr.rollback()
            job_cr.rollback()

    def test_figures_of_the_answer_no_column_holds_are_left_out_of_the_history(self):
        """A processing time of 10**12 ms (an older or hostile service): the history's INSERT
        failed after the answer was stored, the job stopped with the row locked."""
        expense = self.create_expense()
        self.attach(expense)
        answer = receipt_fields()
        answer["processing_ms"] = 10**12
        answer["engine"] = {"name": ["not", "a", "string"], "version": "x" * 500}
        self.service.push(200, answer)
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertFalse(history.service_ms)
        self.assertFalse(history.engine_name)
        self.assertEqual(len(history.engine_version), 64)

    def test_the_history_keeps_each_requests_id(self):
        """The OCR history names the X-Request-ID of each request, failed ones included: the
        service's log line of a reading someone questions is found by it."""
        expense = self.create_expense()
        self.attach(expense)
        self.service.push(200, receipt_fields())
        self.run_job(expense)
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(history.request_id, self.service.requests[-1]["headers"]["X-Request-ID"])
        self.assertRegex(history.request_id, r"^[0-9a-f]{32}$")
        failed = self.create_expense()
        self.attach(failed, png_bytes("olive"))
        self.service.push(415, {"error": {"code": "unsupported_media_type", "message": "x"}})
        self.run_job(failed)
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", failed.id)]
        )
        self.assertEqual(history.request_id, self.service.requests[-1]["headers"]["X-Request-ID"])

    def test_an_answer_of_json_that_is_no_object_is_retried(self):
        """A 200 whose JSON is no object (a proxy's `null`, a list) crashed the job on an
        AttributeError: failed for good, no history line."""
        for body in ([], None, "ok"):
            expense = self.create_expense()
            self.attach(expense, png_bytes((len(str(body)), 3, 3)))
            self.service.push(200, body)
            self.run_job_expect_retry(expense)
            self.assertIn(expense.ocr_state, ("queued", "processing"))
            self.assertEqual(self.history_of(expense).error_code, "invalid_response")
            self.assertEqual(self.history_of(expense).state, "retry")

    def test_service_down_retries_then_completes(self):
        expense = self.create_expense()
        self.attach(expense)
        for status in (503, 504, 429):
            self.service.push(status, {"error": {"code": "busy", "message": "x"}})
            self.run_job_expect_retry(expense)
        # connection refused
        self.set_param("ocr_api_url", "http://127.0.0.1:9")
        self.run_job_expect_retry(expense)
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(len(history), 4)
        self.assertEqual(set(history.mapped("state")), {"retry"})
        # nothing lost: the expense still waits for its scan
        self.assertIn(expense.ocr_state, ("queued", "processing"))
        # the service is back
        self.set_param("ocr_api_url", self.service.url)
        self.run_job(expense)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_total, 42.50)

    def test_job_is_idempotent(self):
        expense = self.scanned_expense()
        requests = len(self.service.requests)
        self.assertIn("nothing to do", self.run_job(expense))
        self.assertEqual(len(self.service.requests), requests)
        # attachment replaced: the old job has nothing to do
        old = expense.ocr_attachment_id
        self.reader_writes(expense, {"ocr_state": "queued"})
        old.unlink()
        self.attach(expense, png_bytes("gold"))
        self.assertIn("nothing to do", expense._ocr_job_scan(old.id))
        # record deleted
        expense.unlink()
        self.assertIn("nothing to do", expense._ocr_job_scan(old.id))

    def test_job_on_fail_marks_record(self):
        expense = self.create_expense()
        self.attach(expense)
        self.job_fails(expense, "odoo.addons.queue_job.exception.FailedJobError", "Max. retries (10) reached")
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("Re-scan", expense.ocr_error)
        self.assertTrue(expense.ocr_failure_retryable)
        # an unexpected error is not an outage
        other = self.create_expense()
        self.attach(other, png_bytes("silver"))
        self.job_fails(other, "builtins.KeyError", "boom")
        self.assertEqual(other.ocr_state, "failed")
        self.assertIn("unexpected", other.ocr_error)
        self.assertFalse(other.ocr_failure_retryable)

    def test_attempts_run_out_the_record_says_what_the_last_one_met(self):
        """Every attempt exhausted was "could not be reached", even when the service answered
        500 each time, or took the document and never answered."""
        expense = self.create_expense()
        self.attach(expense)
        job = Job.load(self.env, expense.ocr_job_uuid)
        job.retry = job.max_retries - 1  # the earlier attempts, answered 500 too
        job.store()
        self.service.push(500, {"error": {"code": "internal_error", "message": "x"}})
        try:
            Job.load(self.env, expense.ocr_job_uuid).perform()
        except Exception as exc:  # (FailedJobError)
            raised = exc
        self.assertEqual(type(raised).__name__, "FailedJobError")
        self.job_fails(expense, "odoo.addons.queue_job.exception.FailedJobError", str(raised))
        self.assertNotIn("could not be reached", expense.ocr_error)
        self.assertIn("HTTP 500, internal_error", expense.ocr_error)
        self.assertTrue(expense.ocr_failure_retryable)
        for code, says in (("read_timeout", "did not answer"), ("connection_error", "could not be reached")):
            other = self.create_expense()
            self.attach(other, png_bytes((len(code), 5, 5)))
            self.log_retry(other, 10, code)
            self.job_fails(other, "odoo.addons.queue_job.exception.FailedJobError")
            self.assertIn(says, other.ocr_error)
            self.assertTrue(other.ocr_failure_retryable)

    def test_status_message_from_job(self):
        expense = self.create_expense()
        self.attach(expense)
        job = self.env["queue.job"].search([("uuid", "=", expense.ocr_job_uuid)])
        self.assertTrue(job)
        self.assertIn("queue", expense.ocr_status_message)
        job.write({"retry": 2, "result": "OCR service unreachable"})
        expense.invalidate_recordset(["ocr_status_message"])
        self.assertIn("Attempt 2", expense.ocr_status_message)
        self.assertIn("unreachable", expense.ocr_status_message)

    def test_history_has_engine_and_no_personal_data(self):
        expense = self.scanned_expense()
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(history.state, "done")
        self.assertEqual(history.engine_version, "2.10.0")
        self.assertEqual(history.attachment_checksum, expense.ocr_checksum)
        self.assertEqual(history.outcome, "done")
        self.assertGreaterEqual(history.duration_ms, 0)
        self.assertEqual(history.record_ref, expense)
        values = " ".join(str(v) for v in history.read()[0].values())
        self.assertNotIn("Corner Bakery", values)
        self.assertNotIn("receipt.png", values)


class TestOldReceiptDate(OcrCommon):
    """*Max Receipt Age to Fill*: a receipt dated more than so many days before its expense was
    created (a year's digit misread with confidence, 2018 read 2013) does not fill the date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})
        # the shipped default (OcrCommon sets 0 for the other classes)
        cls.set_param("max_receipt_age_days", False)

    def scanned(self, days_before, **vals):
        """An expense read from a receipt dated ``days_before`` days before the day it was
        created (its creator's), read surely; the receipt's date."""
        expense = self.create_expense(**vals)
        self.attach(expense, png_bytes((days_before % 256, len(self.service.requests), 3)))
        receipt_date = expense._ocr_created_day() - timedelta(days=days_before)
        self.service.push(200, receipt_fields(date=receipt_date.isoformat()))
        self.run_job(expense)
        return expense, receipt_date

    def test_old_receipt_date_not_filled_and_reviewed(self):
        expense, receipt_date = self.scanned(400)
        created = expense._ocr_created_day()
        self.assertEqual(expense.ocr_date, receipt_date)
        # the date keeps its default; the rest is filled as before
        self.assertEqual(expense.date, created)
        self.assertNotIn("date", expense.ocr_filled_fields or "")
        self.assertEqual(expense.total_amount_currency, 42.50)
        self.assertEqual(expense.vendor_id, self.bakery)
        self.assertEqual(expense.currency_id, self.usd)
        # the audit says so, and a person looks
        self.assertTrue(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertIn("too long before the expense", expense.ocr_audit_summary)

    def test_year_misread_by_one_not_filled(self):
        # a receipt of the expense's own day, its year read one less (2026 read 2025): 365 days
        # back (366 over a 29 February); with a limit of a year (365) it was filled, the wrong
        # year written onto the expense
        expense, misread = self.scanned(365)
        self.assertEqual(expense.ocr_date, misread)
        self.assertEqual(expense.date, expense._ocr_created_day())
        self.assertEqual(expense.ocr_state, "needs_review")
        self.assertTrue(expense.ocr_flag_date)

    def test_receipt_within_the_age_filled(self):
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_config()["max_receipt_age_days"], "360")
        for days in (300, 360):
            with self.subTest(days=days):
                expense, receipt_date = self.scanned(days)
                self.assertEqual(expense.date, receipt_date)
                self.assertFalse(expense.ocr_flag_date)
                self.assertEqual(expense.ocr_state, "done")
                self.assertEqual(expense.ocr_audit_status, "ok")

    def test_one_day_over_the_age_not_filled(self):
        expense, _receipt_date = self.scanned(361)
        self.assertEqual(expense.date, expense._ocr_created_day())
        self.assertEqual(expense.ocr_state, "needs_review")

    def test_zero_turns_it_off(self):
        self.set_param("max_receipt_age_days", "0")
        expense, receipt_date = self.scanned(4000)
        self.assertEqual(expense.date, receipt_date)
        self.assertFalse(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "done")

    def test_zero_saved_in_the_settings_turns_it_off(self):
        # (Odoo removes a number parameter saved as 0: the default came back)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.ocr_max_receipt_age_days, 360)
        settings.ocr_max_receipt_age_days = 0
        settings.execute()
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_config()["max_receipt_age_days"], "0")
        self.assertEqual(self.env["res.config.settings"].create({}).ocr_max_receipt_age_days, 0)
        expense, receipt_date = self.scanned(400)
        self.assertEqual(expense.date, receipt_date)
        self.assertEqual(expense.ocr_state, "done")

    def test_apply_writes_the_old_date(self):
        expense, receipt_date = self.scanned(400)
        expense.action_ocr_apply_values()
        self.assertEqual(expense.date, receipt_date)
        self.assertFalse(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_typed_date_audited_as_before(self):
        # a date typed is never filled; one that differs is a mismatch, as it was, with no word
        # of the receipt's age, and the expense does not wait for review on that account
        typed = fields.Date.context_today(self.env["hr.expense"]) - timedelta(days=10)
        expense, _receipt_date = self.scanned(400, date=typed)
        self.assertEqual(expense.date, typed)
        self.assertTrue(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_audit_summary, "date differs from the receipt")
        # the receipt's own old date typed: it matches (another receipt: not the first's duplicate)
        expense = self.create_expense()
        receipt_date = expense._ocr_created_day() - timedelta(days=400)
        expense.date = receipt_date
        self.attach(expense, png_bytes((9, 9, 9)))
        self.service.push(200, receipt_fields(date=receipt_date.isoformat(), total="17.00"))
        self.run_job(expense)
        self.assertEqual(expense.date, receipt_date)
        self.assertFalse(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_date_typed_later_ends_the_review(self):
        expense, receipt_date = self.scanned(400)
        self.assertEqual(expense.ocr_state, "needs_review")
        expense.date = receipt_date
        self.assertFalse(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_state, "done")
