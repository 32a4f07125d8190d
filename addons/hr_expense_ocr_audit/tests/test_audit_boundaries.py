# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from .common import OcrCommon, png_bytes, receipt_fields

RECEIPT_DAY = date(2024, 3, 15)  # receipt_fields' date


class TestAuditBoundaries(OcrCommon):
    """The audit's tolerances at their edges: a date exactly the tolerance away from its
    receipt's is within it, a day more is flagged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.env["res.partner"].create({"name": "Corner Bakery", "is_company": True})

    def scanned_expense(self, **vals):
        """An expense and its receipt, of one amount, another for each (two receipts alike are
        one receipt on two expenses, which the audit reports)."""
        amount = 40.0 + len(self.service.requests)
        expense = self.create_expense(total_amount_currency=amount, **vals)
        self.attach(expense, png_bytes((len(self.service.requests), 4, 8)))
        self.service.push(200, receipt_fields(total=f"{amount:.2f}"))
        self.run_job(expense)
        return expense

    def test_a_date_the_tolerance_away_is_within_it_and_a_day_more_is_flagged(self):
        for tolerance in (0, 1, 3):
            self.set_param("date_tolerance_days", str(tolerance))
            for sign in (1, -1):
                with self.subTest(tolerance=tolerance, sign=sign):
                    within = self.scanned_expense(date=RECEIPT_DAY + sign * timedelta(days=tolerance))
                    self.assertEqual(within.ocr_date, RECEIPT_DAY)
                    self.assertFalse(within.ocr_flag_date, within.ocr_audit_summary)
                    self.assertEqual(within.ocr_audit_status, "ok", within.ocr_audit_summary)
                    beyond = self.scanned_expense(date=RECEIPT_DAY + sign * timedelta(days=tolerance + 1))
                    self.assertEqual(beyond.ocr_date, RECEIPT_DAY)
                    self.assertTrue(beyond.ocr_flag_date, beyond.ocr_audit_summary)
                    self.assertEqual(beyond.ocr_audit_status, "mismatch", beyond.ocr_audit_summary)
