# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End to end with the real OCR service on loopback.

``scripts/test-odoo.sh`` starts the service and passes its URL in
``OCR_TEST_API_URL``. Without it these tests are skipped, and say so.
The documents are drawn by the tests with Pillow (``documents.py``): a till
receipt and a passport data page with its machine-readable zone in OCR-B.
"""

import logging
import os
import subprocess
from datetime import date

from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import OcrCommon
from .documents import (
    QUOTE_LINES,
    RECEIPT_LINES,
    RUPIAH_LINES,
    SROIE_LINES,
    render_passport,
    render_receipt,
    render_receipts_side_by_side,
)

_logger = logging.getLogger(__name__)

E2E_URL = os.environ.get("OCR_TEST_API_URL")
# the token the service was started with (scripts/test-odoo.sh starts it with one)
E2E_TOKEN = os.environ.get("OCR_TEST_API_TOKEN") or ""
SKIP_MESSAGE = "E2E SKIPPED: set OCR_TEST_API_URL to a running OCR service (scripts/test-odoo.sh does it)"


@tagged("post_install", "-at_install", "hr_expense_ocr_audit_e2e")
class TestEndToEnd(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if E2E_URL:
            cls.set_param("ocr_api_url", E2E_URL)
            cls.set_param("ocr_api_token", E2E_TOKEN)
            cls.set_param("ocr_timeout", "120")

    def setUp(self):
        super().setUp()
        if not E2E_URL:
            _logger.info(SKIP_MESSAGE)
            self.skipTest(SKIP_MESSAGE)

    def perform_job(self, record):
        """Run the stored job the way the queue runner does."""
        job = Job.load(self.env, record.ocr_job_uuid)
        job.set_started()
        job.perform()
        job.set_done()
        job.store()
        return job

    def test_receipt_end_to_end(self):
        bakery = self.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})
        expense = self.create_expense(name="Team breakfast")
        self.attach(expense, render_receipt(), name="breakfast.png")
        self.assertEqual(expense.ocr_state, "queued")
        job = self.perform_job(expense)
        self.assertEqual(job.state, "done")
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertAlmostEqual(expense.ocr_total, 20.52, places=2)
        self.assertEqual(expense.ocr_date, date(2024, 3, 15))
        # empty fields filled, audit clean
        self.assertAlmostEqual(expense.total_amount_currency, 20.52, places=2)
        self.assertEqual(expense.date, date(2024, 3, 15))
        self.assertFalse(expense.ocr_flag_amount)
        self.assertFalse(expense.ocr_flag_date)
        self.assertFalse(expense.ocr_flag_duplicate)
        # the receipt prints no VAT id: the vendor is found by its name; its
        # subtotal, tax and total add up
        self.assertEqual(expense.ocr_vendor_id, bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")
        self.assertEqual(expense.vendor_id, bakery)
        self.assertFalse(expense.ocr_flag_tax)
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(history.state, "done")
        self.assertTrue(history.engine_version)
        self.assertEqual(history.vendor_match, "name")

    def test_a_branch_printed_after_the_chains_name_proposes_the_chain(self):
        bakery = self.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})
        expense = self.create_expense(name="Breakfast at a branch")
        lines = ("CORNER BAKERY ALTONA",) + RECEIPT_LINES[1:]
        self.attach(expense, render_receipt(lines), name="branch.png")
        self.perform_job(expense)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertEqual(expense.ocr_vendor, "CORNER BAKERY ALTONA")
        # proposed, not filled: the expense waits for a person, who applies it
        self.assertEqual((expense.ocr_vendor_id, expense.ocr_vendor_match), (bakery, "name_start"))
        self.assertFalse(expense.vendor_id)
        self.assertAlmostEqual(expense.total_amount_currency, 20.52, places=2)
        self.assertEqual(expense.ocr_audit_status, "review")
        expense.action_ocr_apply_values()
        self.assertEqual(expense.vendor_id, bakery)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_two_receipts_scanned_on_one_page_fill_nothing(self):
        """A breakfast and a taxi receipt scanned side by side, attached to one expense: read as
        one, the page gives the breakfast's total with the taxi's name. The service says the page
        holds several; nothing is filled, and the audit says why."""
        self.env["res.partner"].create({"name": "City Taxi Company", "is_company": True})
        expense = self.create_expense(name="Trip")
        before = expense.date
        self.attach(expense, render_receipts_side_by_side(), name="scan.png")
        self.perform_job(expense)
        self.assertEqual(expense.ocr_state, "needs_review", expense.ocr_error)
        self.assertTrue(expense.ocr_flag_several_receipts)
        self.assertTrue(expense.ocr_total, "nothing was read: the test no longer shows what it is about")
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertEqual(expense.date, before)
        self.assertFalse(expense.vendor_id)
        self.assertFalse(expense.ocr_filled_fields)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("more than one receipt", expense.ocr_audit_summary)
        self.assertNotIn("hard to read", expense.ocr_audit_summary)

    def test_a_quote_attached_as_a_receipt_fills_nothing(self):
        """A bakery's quote for a catering attached as the receipt: its total is what the
        catering would cost, not what was paid. The real service says it records no payment;
        nothing is filled, the form names it a quote, and the audit says why."""
        self.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})
        expense = self.create_expense(name="Catering")
        before = expense.date
        self.attach(expense, render_receipt(QUOTE_LINES), name="quote.png")
        self.perform_job(expense)
        self.assertEqual(expense.ocr_state, "needs_review", expense.ocr_error)
        self.assertEqual(expense.ocr_no_payment, "quote")
        self.assertAlmostEqual(expense.ocr_total, 207.36, places=2, msg="the quote's total was not read")
        self.assertEqual(expense.total_amount_currency, 0.0)
        self.assertEqual(expense.date, before)
        self.assertFalse(expense.vendor_id)
        self.assertFalse(expense.ocr_filled_fields)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("quote", expense.ocr_audit_summary)
        self.assertNotIn("hard to read", expense.ocr_audit_summary)

    def test_a_receipt_in_rupiah_end_to_end(self):
        """A till receipt in rupiah, whose amounts have no cents: "Rp 18.500" is eighteen thousand
        five hundred rupiah, filled under the rupiah, never 18.50 of anything."""
        idr = self.env.ref("base.IDR")
        idr.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": idr.id, "name": "2024-03-01", "rate": 15600.0, "company_id": self.company.id}
        )
        expense = self.create_expense(name="Water and bread")
        self.attach(expense, render_receipt(RUPIAH_LINES), name="struk.png")
        self.perform_job(expense)
        self.assertIn(expense.ocr_state, ("done", "needs_review"), expense.ocr_error)
        self.assertEqual(expense.ocr_total, 18500.0)
        self.assertEqual(expense.ocr_currency_id, idr)
        self.assertIn("Total", expense.ocr_filled_fields or "")
        self.assertEqual(expense.currency_id, idr)
        self.assertEqual(expense.total_amount_currency, 18500.0)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertFalse(expense.ocr_flag_currency)

    def test_a_receipt_photographed_in_heic_end_to_end(self):
        """An iPhone's photo as a Mac or a mail keeps it (HEIC), attached to an expense: read by
        the real service, filled in. The photo is made by the service's interpreter (its test
        dependencies encode HEIC; Odoo's do not)."""
        python = os.environ.get("OCR_TEST_SERVICE_PYTHON")
        if not python:
            self.skipTest(
                "E2E HEIC SKIPPED: OCR_TEST_SERVICE_PYTHON names no interpreter "
                "(scripts/test-odoo.sh sets it)"
            )
        script = (
            "import io, sys; import pillow_heif; from PIL import Image; out = io.BytesIO(); "
            "pillow_heif.from_pillow(Image.open(io.BytesIO(sys.stdin.buffer.read())).convert('RGB'))"
            ".save(out, quality=90); sys.stdout.buffer.write(out.getvalue())"
        )
        photo = subprocess.run(
            [python, "-c", script], input=render_receipt(), capture_output=True, check=True, timeout=120
        )
        self.assertEqual(photo.stdout[4:12], b"ftypheic")
        expense = self.create_expense(name="Team breakfast")
        self.attach(expense, photo.stdout, name="IMG_0042.HEIC", mimetype="image/heic")
        self.perform_job(expense)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertAlmostEqual(expense.ocr_total, 20.52, places=2)
        self.assertEqual(expense.ocr_date, date(2024, 3, 15))
        self.assertAlmostEqual(expense.total_amount_currency, 20.52, places=2)

    def test_sroie_style_receipt(self):
        myr = self.env.ref("base.MYR")
        myr.active = True
        # a rate of the receipt's week (none: Odoo's conversion at 1 is vouched for by nothing)
        self.env["res.currency.rate"].create(
            {"currency_id": myr.id, "name": "2017-10-27", "rate": 4.2, "company_id": self.company.id}
        )
        # the flow under test, not the service's confidence calibration
        self.set_param("min_confidence", "0.6")
        expense = self.create_expense(name="Stationery")
        self.attach(expense, render_receipt(SROIE_LINES, font_size=24, width=800), name="sroie.png")
        self.perform_job(expense)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertAlmostEqual(expense.ocr_total, 19.50, places=2)
        self.assertEqual(expense.ocr_date, date(2017, 10, 27))
        self.assertEqual(expense.ocr_currency_id, myr)
        # empty expense: amount, date and currency come from the receipt
        self.assertEqual(expense.currency_id, myr)
        self.assertAlmostEqual(expense.total_amount_currency, 19.50, places=2)
        self.assertEqual(expense.date, date(2017, 10, 27))
        self.assertEqual(expense.ocr_audit_status, "ok")
        # another employee claims the same receipt, typed in US dollars
        other = self.create_expense(
            employee=self.employee_2,
            total_amount_currency=19.50,
            currency_id=self.usd.id,
            date=date(2017, 10, 27),
        )
        self.attach(other, render_receipt(SROIE_LINES, font_size=24, width=800), name="mine.png")
        self.perform_job(other)
        self.assertEqual(other.currency_id, self.usd, "typed currency kept")
        self.assertTrue(other.ocr_flag_currency)
        self.assertTrue(other.ocr_flag_duplicate)
        self.assertFalse(other.ocr_flag_date)
        self.assertIn(expense, other.ocr_duplicate_expense_ids)
        self.assertEqual(other.ocr_audit_status, "mismatch")

    def test_receipt_audit_flags_typed_amount(self):
        expense = self.create_expense(total_amount_currency=45.00, date=date(2024, 2, 1))
        self.attach(expense, render_receipt(), name="lunch.png")
        self.perform_job(expense)
        self.assertAlmostEqual(expense.ocr_total, 20.52, places=2)
        self.assertEqual(expense.total_amount_currency, 45.00)
        self.assertTrue(expense.ocr_flag_amount)
        self.assertTrue(expense.ocr_flag_date)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # the same receipt on another employee's expense is a duplicate
        other = self.create_expense(employee=self.employee_2)
        self.attach(other, render_receipt(), name="copy.png")
        self.perform_job(other)
        self.assertTrue(other.ocr_flag_duplicate)
        self.assertIn(expense, other.ocr_duplicate_expense_ids)
        self.assertTrue(expense.ocr_flag_duplicate, "flagged on both sides")
        # the service answered the copy from its cache: the history says so,
        # with the round trip it took, not the first reading's time
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", other.id)]
        )
        self.assertTrue(history.cached)
        self.assertFalse(history.service_ms)
        self.assertLess(history.duration_ms, 2000)

    def test_passport_end_to_end(self):
        employee = self.employee
        employee.write({"passport_scan": self.b64(render_passport())})
        self.assertEqual(employee.ocr_state, "queued")
        self.perform_job(employee)
        self.assertNotEqual(employee.ocr_state, "failed", employee.ocr_error)
        # the holder's values fill
        self.assertEqual(employee.birthday, date(1974, 8, 12))
        self.assertEqual(employee.gender, "female")
        self.assertEqual(employee.passport_mrz_valid, "valid")
        # the ICAO specimen expired on 2012-04-15: not the current passport, its own values wait
        self.assertFalse(employee.passport_id)
        self.assertFalse(employee.passport_expiry_date)
        self.assertEqual(employee.ocr_passport_number, "L898902C3")
        self.assertEqual(employee.ocr_passport_expiry_date, date(2012, 4, 15))
        self.assertIn("Passport expired", employee.ocr_passport_review_fields)
        # UTO is the ICAO specimen state: no country
        self.assertFalse(employee.country_id)
        self.assertFalse(employee.passport_issuing_country_id)
        self.assertFalse(employee.ocr_passport_name_mismatch)
        self.assertEqual(employee.ocr_state, "needs_review")

    def test_test_connection_says_whether_the_service_takes_the_token(self):
        """The health routes answer without a token: Test Connection said "ready" with no token
        set, and every document was then refused (401). The real service, started with one."""
        from odoo.exceptions import UserError

        self.assertTrue(E2E_TOKEN, "scripts/test-odoo.sh starts the service with a token")
        Settings = self.env["res.config.settings"]
        taken = Settings.create({"ocr_api_url": E2E_URL, "ocr_api_token": E2E_TOKEN})
        action = taken.action_ocr_test_connection()["params"]
        self.assertEqual(action["type"], "success")
        self.assertIn("takes the API token", action["message"])
        missing = Settings.create({"ocr_api_url": E2E_URL, "ocr_api_token": False})
        action = missing.action_ocr_test_connection()["params"]
        self.assertEqual(action["type"], "warning")
        self.assertIn("needs an API token and none is set", action["message"])
        wrong = Settings.create({"ocr_api_url": E2E_URL, "ocr_api_token": "not-the-token"})
        with self.assertRaises(UserError) as caught:
            wrong.action_ocr_test_connection()
        self.assertIn("refused the API token", str(caught.exception))
        self.assertNotIn("not-the-token", str(caught.exception))

    def test_a_document_sent_without_the_token_asks_for_an_administrator(self):
        self.set_param("ocr_api_token", "")
        expense = self.create_expense()
        self.attach(expense, render_receipt(), name="breakfast.png")
        job = self.perform_job(expense)
        self.assertEqual(job.state, "done", "a refused request is not retried as it is")
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("Ask an administrator", expense.ocr_error)
        self.assertIn("401", expense.ocr_error)
        # a setting it failed on: sent again once the settings change
        self.assertTrue(expense.ocr_config_failure)

    def test_unsupported_file_fails_without_retry(self):
        expense = self.create_expense()
        self.attach(expense, b"just some text, not an image", name="note.txt", mimetype="text/plain")
        job = self.perform_job(expense)
        self.assertEqual(job.state, "done", "a refused document is not retried")
        self.assertEqual(expense.ocr_state, "failed")
        self.assertIn("415", expense.ocr_error)

    def test_service_down_then_back(self):
        expense = self.create_expense()
        self.attach(expense, render_receipt(), name="later.png")
        self.set_param("ocr_api_url", "http://127.0.0.1:9")
        job = Job.load(self.env, expense.ocr_job_uuid)
        job.set_started()
        with self.assertRaises(RetryableJobError):
            job.perform()
        # what the runner does on a retryable error
        job.postpone(result="OCR service unreachable")
        job.set_pending(reset_retry=False)
        job.store()
        self.assertEqual(job.retry, 1)
        self.assertGreaterEqual(job.eta.timestamp() if hasattr(job.eta, "timestamp") else 1, 0)
        expense.invalidate_recordset(["ocr_status_message"])
        self.assertIn("Attempt 1", expense.ocr_status_message)
        self.assertIn(expense.ocr_state, ("queued", "processing"))
        # the service is back
        self.set_param("ocr_api_url", E2E_URL)
        job = self.perform_job(expense)
        self.assertEqual(job.state, "done")
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertAlmostEqual(expense.ocr_total, 20.52, places=2)
