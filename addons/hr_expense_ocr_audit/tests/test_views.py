# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests.common import new_test_user

from .common import OcrCommon


class TestViews(OcrCommon):
    """The views load for each kind of user, showing what they may see."""

    def arch(self, model, view_type, user):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_expense_views_for_employee(self):
        form = self.arch("hr.expense", "form", self.user_employee)
        self.assertTrue(form.xpath("//button[@name='action_ocr_scan']"))
        self.assertTrue(form.xpath("//field[@name='ocr_total']"))
        self.assertTrue(form.xpath("//field[@name='ocr_audit_summary']"))
        search = self.arch("hr.expense", "search", self.user_employee)
        for name in ("ocr_mismatch", "ocr_needs_review", "ocr_failed"):
            self.assertTrue(search.xpath(f"//filter[@name='{name}']"), name)
        listing = self.arch("hr.expense", "list", self.user_expense_manager)
        self.assertTrue(listing.xpath("//field[@name='ocr_audit_status']"))

    def test_report_shows_receipt_audit(self):
        form = self.arch("hr.expense.sheet", "form", self.user_expense_manager)
        self.assertTrue(form.xpath("//field[@name='expense_line_ids']//field[@name='ocr_audit_status']"))
        self.assertTrue(form.xpath("//field[@name='ocr_audit_findings']"))
        expense = self.create_expense(total_amount_currency=99.0)
        self.attach(expense)
        self.run_job(expense)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        sheet = self.env["hr.expense.sheet"].create(
            {"name": "March", "employee_id": self.employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
        )
        self.assertEqual(sheet.ocr_audit_findings, 1)

    def test_list_action_bound(self):
        action = self.env.ref("hr_expense_ocr_audit.hr_expense_action_ocr_scan")
        self.assertEqual(action.binding_model_id.model, "hr.expense")
        self.assertEqual(action.binding_view_types, "list")

    def test_employee_form_passport_for_hr_only(self):
        form = self.arch("hr.employee", "form", self.user_hr)
        self.assertTrue(form.xpath("//field[@name='passport_scan']"))
        self.assertTrue(form.xpath("//field[@name='passport_mrz_valid']"))
        self.assertTrue(form.xpath("//button[@name='action_passport_scan']"))
        self.assertTrue(form.xpath("//button[@name='action_passport_apply_ocr']"))
        # without HR rights the employee form is the public one
        form = self.arch("hr.employee", "form", self.user_employee)
        self.assertFalse(form.xpath("//field[@name='passport_scan']"))
        self.assertFalse(form.xpath("//field[@name='ocr_passport_number']"))

    def test_settings_and_history_views(self):
        admin = new_test_user(
            self.env,
            login="ocr_admin",
            groups="base.group_user,base.group_system,hr_expense.group_hr_expense_manager",
        )
        settings = self.arch("res.config.settings", "form", admin)
        for name in ("ocr_api_url", "ocr_api_token", "ocr_digitize_mode", "ocr_min_confidence"):
            self.assertTrue(settings.xpath(f"//field[@name='{name}']"), name)
        # an expense manager without the Settings group never gets the token
        manager_fields = self.env["res.config.settings"].with_user(self.user_expense_manager).fields_get()
        self.assertNotIn("ocr_api_token", manager_fields)
        for view_type in ("list", "form", "search"):
            self.assertIsNotNone(self.arch("hr.ocr.history", view_type, self.user_expense_manager))
