# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job

from .common import OcrCommon, png_bytes, receipt_fields


class TestExpenseCompanies(OcrCommon):
    """A receipt of one company's expense says nothing of another company's, and a vendor is
    matched only when the database tells which contact it is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.employee_b = (
            cls.env["hr.employee"]
            .with_company(cls.company_b)
            .create({"name": "Carl Brandt", "company_id": cls.company_b.id})
        )

    def scan(self, expense, answer, content=None):
        self.attach(expense, content if content is not None else png_bytes((expense.id % 255, 9, 9)))
        self.service.push(200, answer)
        self.run_job(expense)
        return expense

    def create_expense_b(self, **vals):
        values = {
            "name": "Lunch B",
            "employee_id": self.employee_b.id,
            "product_id": self.product.id,
            "total_amount_currency": 0.0,
            "company_id": self.company_b.id,
        }
        values.update(vals)
        expense = self.env["hr.expense"].with_company(self.company_b).create(values)
        return self.env["hr.expense"].browse(expense.id)

    def vat_receipt(self, vendor, vat):
        answer = receipt_fields(vendor=vendor)
        answer["fields"]["vendor_vat"] = {"value": vat, "confidence": 0.97}
        return answer

    def test_history_line_has_the_documents_company(self):
        expense_b = self.create_expense_b()
        # the backlog, queued by the scheduled action as its own user (of company A)
        self.set_param("digitize_mode", "on_demand")
        self.attach(expense_b, png_bytes("teal"))
        self.set_param("digitize_mode", "auto")
        self.env["hr.ocr.history"].process_pending_ocr_queue()
        self.assertEqual(expense_b.ocr_state, "queued")
        self.service.push(200, receipt_fields())
        Job.load(self.env, expense_b.ocr_job_uuid).perform()
        self.assertEqual(expense_b.ocr_state, "done")
        line = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense_b.id)]
        )
        self.assertEqual(len(line), 1)
        self.assertEqual(line.company_id, self.company_b)
        managers = {}
        for company in (self.company_a, self.company_b):
            managers[company] = new_test_user(
                self.env,
                login=f"ocr_manager_{company.id}",
                groups="base.group_user,hr_expense.group_hr_expense_manager",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
        History = self.env["hr.ocr.history"]
        self.assertFalse(History.with_user(managers[self.company_a]).search([("id", "=", line.id)]))
        self.assertEqual(History.with_user(managers[self.company_b]).search([("id", "=", line.id)]), line)

    def test_same_file_in_another_company_is_no_duplicate(self):
        content = png_bytes("olive")
        expense_b = self.scan(
            self.create_expense_b(), receipt_fields(vendor="Shop B", total="10.00"), content
        )
        expense_a = self.scan(self.create_expense(), receipt_fields(vendor="Shop B", total="10.00"), content)
        self.assertFalse(expense_a.ocr_flag_duplicate)
        self.assertFalse(expense_b.ocr_flag_duplicate)
        # within one company the same file is still a duplicate
        other_a = self.scan(self.create_expense(), receipt_fields(vendor="Shop B", total="10.00"), content)
        self.assertTrue(other_a.ocr_flag_duplicate)
        self.assertTrue(expense_a.ocr_flag_duplicate)
        self.assertFalse(expense_b.ocr_flag_duplicate)

    def test_name_of_two_companies_matches_none(self):
        Partner = self.env["res.partner"]
        for vat, country in (("DE811111111", "base.de"), ("ATU22222222", "base.at")):
            Partner.create(
                {
                    "name": "Hotel Central",
                    "is_company": True,
                    "vat": vat,
                    "country_id": self.env.ref(country).id,
                }
            )
        # no VAT id printed: nothing tells which of the two it is
        expense = self.scan(self.create_expense(), receipt_fields(vendor="Hotel Central"))
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "name_ambiguous")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("several different contacts", expense.ocr_audit_summary)
        # the VAT id printed tells
        expense = self.scan(self.create_expense(), self.vat_receipt("Hotel Central", "ATU22222222"))
        self.assertEqual(expense.ocr_vendor_id.vat, "ATU22222222")
        self.assertEqual(expense.ocr_vendor_match, "vat")

    def test_one_company_and_its_contacts_is_one_vendor(self):
        Partner = self.env["res.partner"]
        hotel = Partner.create({"name": "Hotel Rose", "is_company": True})
        Partner.create({"name": "Hotel Rose", "parent_id": hotel.id, "type": "invoice"})
        expense = self.scan(self.create_expense(), receipt_fields(vendor="Hotel Rose"))
        self.assertEqual(expense.ocr_vendor_id, hotel)
        self.assertEqual(expense.ocr_vendor_match, "name")

    def test_vat_id_through_a_contact_of_another_companys_vendor(self):
        Partner = self.env["res.partner"]
        vendor_b = Partner.create(
            {
                "name": "Lieferant B GmbH",
                "is_company": True,
                "vat": "DE765432109",
                "country_id": self.env.ref("base.de").id,
                "company_id": self.company_b.id,
            }
        )
        # a contact made by an import, left without a company: it shares the VAT id
        contact = Partner.create({"name": "Buchhaltung", "parent_id": vendor_b.id, "company_id": False})
        self.assertEqual(contact.vat, vendor_b.vat)
        expense = self.scan(self.create_expense(), self.vat_receipt("Lieferant", "DE765432109"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)

    def test_vat_id_through_a_contact_of_an_archived_vendor(self):
        Partner = self.env["res.partner"]
        old = Partner.create(
            {
                "name": "Alter Laden GmbH",
                "is_company": True,
                "vat": "DE333444555",
                "country_id": self.env.ref("base.de").id,
            }
        )
        Partner.create({"name": "Kasse 1", "parent_id": old.id})
        old.active = False
        expense = self.scan(self.create_expense(), self.vat_receipt("Alter Laden", "DE333444555"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)

    def test_receipt_figures_are_rounded_in_the_expenses_currency_not_the_jobs_company(self):
        yen = self.env.ref("base.JPY")
        yen.active = True
        self.company_b.currency_id = yen
        expense = self.create_expense()  # company A, in its own currency (cents)
        self.assertLess(expense.currency_id.rounding, 1)
        # 10.00 + 1.50 is not 12.00 in cents; run by a user of the yen company, as the job may be
        adds_up = expense.with_company(self.company_b)._ocr_receipt_adds_up(
            Decimal("12.00"), Decimal("10.00"), Decimal("1.50"), [], None
        )
        self.assertFalse(adds_up)
