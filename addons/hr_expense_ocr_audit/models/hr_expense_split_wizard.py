# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .hr_ocr_mixin import ocr_writing, splitting

# what a part does not take over from the expense it was split from: its own job, its own file
NOT_SHARED = frozenset(
    {"ocr_job_uuid", "ocr_attachment_id", "ocr_split_origin_id", "ocr_cron_retries", "ocr_jobs_lost"}
)


class HrExpenseSplitWizard(models.TransientModel):
    _inherit = "hr.expense.split.wizard"

    def action_split_expense(self):
        """Split: the parts share the receipt read from the expense (its file is copied onto
        each), which is not read again; their amounts together are compared with its total,
        and none is a duplicate of another."""
        original = self.expense_id
        before = set(self.env["hr.expense"].sudo().search([("ocr_split_origin_id", "=", original.id)]).ids)
        with splitting():
            res = super().action_split_expense()
        shown = self.env["hr.expense"].search(res.get("domain") or [("id", "=", original.id)])
        copies = (shown - original).filtered(lambda e: e.id not in before)
        if not copies:
            return res
        origin = original.ocr_split_origin_id or original
        read = original.ocr_state in ("done", "needs_review")
        names = [
            name
            for name, field in original._fields.items()
            if name.startswith("ocr_") and field.store and not field.compute and name not in NOT_SHARED
        ]
        # (not read yet: the date Odoo's copy passes on is typed only if it was on the expense; the
        # part's create took the original's default date, of another day, for a date typed)
        shared = (
            original._convert_to_write({name: original[name] for name in names})
            if read
            else {"ocr_date_typed": original.ocr_date_typed}
        )
        with ocr_writing():
            for copy in copies.sudo():
                vals = dict(shared, ocr_split_origin_id=origin.id)
                if read and original.ocr_attachment_id:
                    # the copy of the file read, on the part
                    vals["ocr_attachment_id"] = copy.attachment_ids.filtered(
                        lambda a: a.checksum == original.ocr_checksum
                    )[:1].id
                copy.write(vals)
        parts = original._ocr_split_parts()
        if read:
            parts.filtered(lambda e: e.ocr_state in ("done", "needs_review"))._ocr_audit()
        elif original._ocr_digitize_mode() == "auto":
            copies._ocr_on_receipt_uploaded()
        return res
