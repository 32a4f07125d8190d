# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# what makes an attachment another file, or another record's
CONTENT_OR_OWNER = frozenset(("datas", "raw", "db_datas", "res_model", "res_id", "res_field"))


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        receipts = attachments.filtered(
            lambda a: a.res_model == "hr.expense" and a.res_id and not a.res_field
        )
        if receipts and not self.env.context.get("hr_expense_ocr_no_scan"):
            expenses = self.env["hr.expense"].browse(set(receipts.mapped("res_id")))
            expenses = expenses.exists()
            if expenses and expenses._ocr_digitize_mode() == "auto":
                expenses._ocr_on_receipt_uploaded(receipts)
        return attachments

    def write(self, vals):
        # a receipt's file replaced in place, or moved to another record, after it was read: the
        # reading (and its audit: "Matches Receipt", the duplicate check by the file's content)
        # must not go on vouching for a file no longer there, as when it is deleted
        if not CONTENT_OR_OWNER.intersection(vals):
            return super().write(vals)
        before = self._ocr_expense_ids()
        # (found by this file's content while it is there: their duplicate flags follow)
        sharing = self.env["hr.expense"].browse(before).exists()._ocr_sharing_receipt() if before else None
        res = super().write(vals)
        expenses = self.env["hr.expense"].browse(before | self._ocr_expense_ids()).exists()
        if expenses:
            expenses._ocr_on_receipt_changed()
            expenses.exists()._ocr_refresh_duplicates_around(sharing)
        return res

    def _ocr_expense_ids(self):
        """The expenses these attachments are receipts of (not a field's file)."""
        return {a.res_id for a in self.sudo() if a.res_model == "hr.expense" and a.res_id and not a.res_field}

    def _ocr_report_copies_expense_ids(self):
        """The expenses whose receipts Odoo (hr_expense) deletes with these attachments of their
        reports: the files of the report's expenses with the same content, deleted past this
        override (``super(IrAttachment, attachments_to_unlink).unlink()``)."""
        if not self.env.context.get("sync_attachment", True):
            return set()
        on_reports = self.sudo().filtered(lambda a: a.res_model == "hr.expense.sheet" and a.res_id)
        ids = set()
        for sheet in self.env["hr.expense.sheet"].sudo().browse(set(on_reports.mapped("res_id"))).exists():
            checksums = set((sheet.attachment_ids & on_reports).mapped("checksum"))
            ids.update(
                sheet.expense_line_ids.attachment_ids.filtered(
                    lambda a, checksums=checksums: a.checksum in checksums and not a.res_field
                ).mapped("res_id")
            )
        return ids

    def unlink(self):
        # (a report's attachment deleted takes the expenses' copies of its file along)
        expense_ids = self._ocr_expense_ids() | self._ocr_report_copies_expense_ids()
        expenses = self.env["hr.expense"].browse(expense_ids).exists()
        # found by this file's content while it is there: their duplicate flags follow
        sharing = expenses._ocr_sharing_receipt() if expenses else expenses
        res = super().unlink()
        if expenses:
            expenses = expenses.exists()
            expenses._ocr_on_receipt_changed()
            (sharing | expenses).exists()._ocr_refresh_duplicate_flags()
        return res
