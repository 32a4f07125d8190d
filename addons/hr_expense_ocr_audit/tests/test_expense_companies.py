# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.exceptions import AccessError
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
        # the job is company B's, as the expense: B's queue managers see it, A's do not
        self.assertEqual(self.job_of(expense_b).company_id, self.company_b)
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

    def test_a_job_queued_among_archived_records_matches_active_vendors_only(self):
        # a list showing archived records too carries active_test=False in its context: the
        # job it queues must not keep it, or an archived contact of the receipt's name matches
        Partner = self.env["res.partner"]
        gone = Partner.create({"name": "Imbiss Ost GmbH", "is_company": True})
        gone.active = False
        expense = self.create_expense()
        self.env["ir.attachment"].with_context(active_test=False).create(
            {"name": "r.png", "res_model": expense._name, "res_id": expense.id, "raw": png_bytes("plum")}
        )
        self.assertEqual(expense.ocr_state, "queued")
        job = Job.load(self.env, expense.ocr_job_uuid)
        self.assertIs(job.recordset.env.context.get("active_test", True), True)
        self.service.push(200, receipt_fields(vendor="Imbiss Ost"))
        job.perform()
        self.assertEqual(expense.ocr_state, "done")
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)

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

    def test_a_job_run_from_another_company_matches_the_expenses_vendor(self):
        """A job runs in the company of whoever queued it (the scheduled action's, a user's
        current one): the vendor is one of the expense's company, never a namesake of the job's."""
        Partner = self.env["res.partner"]
        Partner.create({"name": "Shop Twin", "is_company": True, "company_id": self.company_a.id})
        shop_b = Partner.create({"name": "Shop Twin", "is_company": True, "company_id": self.company_b.id})
        expense_b = self.create_expense_b()
        self.attach(expense_b, png_bytes("navy"))
        self.service.push(200, receipt_fields(vendor="Shop Twin"))
        expense_b.with_company(self.company_a)._ocr_job_scan(expense_b.ocr_attachment_id.id)
        self.assertEqual(expense_b.ocr_vendor_id, shop_b)
        self.assertEqual(expense_b.vendor_id, shop_b)
        self.assertEqual(expense_b.ocr_vendor_match, "name")

    def test_another_companys_expense_and_employee_are_out_of_reach(self):
        """Over RPC, a manager of company A (expenses, HR) reaches nothing of company B's: neither
        its expenses' buttons nor its employees' passports."""
        expense_b = self.scan(self.create_expense_b(total_amount_currency=99.0), receipt_fields())
        self.assertEqual(expense_b.ocr_audit_status, "mismatch")
        self.employee_b.passport_scan = self.b64(png_bytes("white", (80, 50)))
        manager_a = new_test_user(
            self.env,
            login="ocr_manager_a_only",
            groups="base.group_user,hr_expense.group_hr_expense_manager,hr.group_hr_manager",
            company_id=self.company_a.id,
            company_ids=[(6, 0, self.company_a.ids)],
        )
        env = self.env(user=manager_a.id, context={})
        for model, record, method in (
            ("hr.expense", expense_b, "action_ocr_apply_values"),
            ("hr.expense", expense_b, "action_ocr_scan"),
            ("hr.employee", self.employee_b, "action_passport_scan"),
            ("hr.employee", self.employee_b, "action_passport_apply_ocr"),
        ):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=method):
                getattr(env[model].browse(record.id), method)()
        with self.assertRaises(AccessError):
            env["hr.employee"].browse(self.employee_b.id).read(["passport_mrz_valid", "passport_scan"])
        self.assertFalse(env["hr.expense"].search([("ocr_state", "!=", "not_scanned")]))
        self.env.invalidate_all()
        self.assertEqual(expense_b.total_amount_currency, 99.0)

    def test_passport_reminder_leaves_archived_employees(self):
        manager = self.env["hr.employee"].create({"name": "Manager", "user_id": self.user_hr.id})
        gone = self.env["hr.employee"].create(
            {
                "name": "Gone Person",
                "parent_id": manager.id,
                "passport_expiry_date": fields.Date.today() + timedelta(days=20),
            }
        )
        gone.active = False
        self.env["hr.employee"]._cron_check_passport_validity()
        self.assertFalse(gone.activity_ids)
        self.assertFalse(gone.passport_expiry_scheduled_activity)
