# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL, is_html_empty

from .models.hr_expense import CORE_TABLE_INDEXES

MODULE = "hr_expense_ocr_audit"


def uninstall_hook(env):
    """Leave no settings, pending OCR jobs nor index on Odoo's own tables behind; nor what Odoo
    keeps of the fields it drops with the addon: the files of its binary fields (the passport
    scans) and the tracking of its fields (the passport's expiry date and issuing country, shown
    to HR officers only while the fields exist, to any administrator once they are gone)."""
    env["ir.config_parameter"].sudo().search([("key", "=like", "hr_expense_ocr_audit.%")]).unlink()
    env["queue.job"].sudo().search(
        [
            "|",
            "&",
            ("method_name", "=", "_ocr_job_scan"),
            ("model_name", "in", ("hr.expense", "hr.employee")),
            "&",
            ("method_name", "=", "_ocr_reaudit_job"),
            ("model_name", "=", "res.currency.rate"),
            ("state", "not in", ("done", "cancelled", "failed")),
        ]
    ).unlink()
    for index in CORE_TABLE_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    own_fields = _fields_dropped_with_the_addon(env)
    for field in own_fields.filtered(lambda f: f.ttype == "binary"):
        env["ir.attachment"].sudo().search(
            [("res_model", "=", field.model), ("res_field", "=", field.name)]
        ).unlink()
    trackings = env["mail.tracking.value"].sudo().search([("field_id", "in", own_fields.ids)])
    messages = trackings.mail_message_id
    trackings.unlink()
    # (a message that tracked nothing but them would be left an empty line in the chatter)
    messages.filtered(
        lambda m: not m.tracking_value_ids and not m.attachment_ids and is_html_empty(m.body)
    ).unlink()


def _fields_dropped_with_the_addon(env):
    """The fields the addon alone defines (those another module defines too stay)."""
    Data = env["ir.model.data"].sudo()
    own = set(Data.search([("module", "=", MODULE), ("model", "=", "ir.model.fields")]).mapped("res_id"))
    shared = Data.search(
        [("module", "!=", MODULE), ("model", "=", "ir.model.fields"), ("res_id", "in", list(own))]
    ).mapped("res_id")
    return env["ir.model.fields"].sudo().browse(sorted(own - set(shared)))
