# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

from .models.hr_expense import CORE_TABLE_INDEXES


def uninstall_hook(env):
    """Leave no settings, pending OCR jobs nor index on Odoo's own tables behind."""
    env["ir.config_parameter"].sudo().search([("key", "=like", "hr_expense_ocr_audit.%")]).unlink()
    env["queue.job"].sudo().search(
        [
            ("method_name", "=", "_ocr_job_scan"),
            ("model_name", "in", ("hr.expense", "hr.employee")),
            ("state", "not in", ("done", "cancelled", "failed")),
        ]
    ).unlink()
    for index in CORE_TABLE_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
