# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Expense and Passport OCR Audit",
    "summary": "Read receipts and passports with a self-hosted OCR service, "
    "fill expenses and employees, and audit what was typed",
    "version": "18.0.1.1.0",
    "category": "Human Resources/Expenses",
    "author": "hr_expense_ocr_audit authors",
    "license": "LGPL-3",
    "depends": ["hr_expense", "queue_job", "server_environment"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/hr_expense_ocr_audit_security.xml",
        "security/ir.model.access.csv",
        "views/hr_ocr_history_views.xml",
        "views/hr_expense_views.xml",
        "views/hr_employee_views.xml",
        "views/res_config_settings_views.xml",
        "views/hr_expense_ocr_audit_menus.xml",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "hr_expense_ocr_audit/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "hr_expense_ocr_audit/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
