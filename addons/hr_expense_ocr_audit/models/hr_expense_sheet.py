# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import operator as py_operator

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

# the receipt audit's verdicts a report's approver looks at
FINDINGS = ("mismatch", "review", "failed")
COMPARISONS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    ocr_audit_findings = fields.Integer(
        string="Expenses With Receipt Findings",
        compute="_compute_ocr_audit_findings",
        search="_search_ocr_audit_findings",
        help="Expenses of this report whose receipt audit found a mismatch, needs a review or failed.",
    )

    @api.depends("expense_line_ids.ocr_audit_status")
    def _compute_ocr_audit_findings(self):
        for sheet in self:
            sheet.ocr_audit_findings = len(
                sheet.expense_line_ids.filtered(lambda e: e.ocr_audit_status in FINDINGS)
            )

    def _search_ocr_audit_findings(self, operator, value):
        """Reports by how many of their expenses have findings (the filter "Receipt Findings":
        more than none), counted among the expenses the user may read, as the field is."""
        # the filter editor's "is set" / "is not set" (False: a number that is none, 0) and
        # "is in" / "is not in" (a list of numbers)
        if isinstance(value, bool) and not value and operator in ("=", "!="):
            value = 0
        if operator in ("in", "not in") and isinstance(value, list | tuple):
            numbers = [0 if v is False else v for v in value]
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers):
                raise UserError(_("Expense reports are searched by a number of expenses with findings."))
            found = expression.OR([self._search_ocr_audit_findings("=", number) for number in numbers])
            if operator == "in":
                return found
            return ["!", *found] if numbers else expression.TRUE_DOMAIN
        compare = COMPARISONS.get(operator)
        if compare is None or isinstance(value, bool) or not isinstance(value, int):
            raise UserError(_("Expense reports are searched by a number of expenses with findings."))
        groups = self.env["hr.expense"]._read_group(
            [("sheet_id", "!=", False), ("ocr_audit_status", "in", FINDINGS)], ["sheet_id"], ["__count"]
        )
        counts = {sheet.id: count for sheet, count in groups}
        if compare(0, value):
            # reports without findings match too: all but those whose count does not
            return [("id", "not in", [sheet for sheet, count in counts.items() if not compare(count, value)])]
        return [("id", "in", [sheet for sheet, count in counts.items() if compare(count, value)])]

    # a refused expense is no duplicate of another (and one back from refusal is again): the
    # flags of the report's expenses and of those sharing their receipts follow
    def _do_refuse(self, reason):
        lines = self.expense_line_ids
        others = lines._ocr_sharing_receipt()
        res = super()._do_refuse(reason)
        lines._ocr_refresh_duplicates_around(others)
        lines._ocr_reaudit_splits()  # a refused part no longer adds to its split's amount
        return res

    def _do_reset_approval(self):
        res = super()._do_reset_approval()
        lines = self.expense_line_ids
        lines._ocr_refresh_duplicates_around()
        lines._ocr_reaudit_splits()
        # open again: what was read from a receipt deleted or replaced meanwhile goes
        lines._ocr_forget_changed_receipt()
        return res

    def unlink(self):
        lines = self.expense_line_ids
        others = lines._ocr_sharing_receipt()
        res = super().unlink()
        # the report's expenses stay, out of any report (the database unlinks them), and those
        # of a refused one are open again: a duplicate again, a part of their split's amount
        lines = lines.exists()
        lines.invalidate_recordset(["sheet_id", "state"])
        lines._ocr_refresh_duplicates_around(others)
        lines._ocr_reaudit_splits()
        lines.filtered("ocr_flag_receipt_changed")._ocr_forget_changed_receipt()
        return res
