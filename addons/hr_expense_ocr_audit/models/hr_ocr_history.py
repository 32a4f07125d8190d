# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import api, fields, models

from .hr_expense import VENDOR_MATCHES
from .hr_ocr_mixin import OCR_STATES

_logger = logging.getLogger(__name__)


class HrOcrHistory(models.Model):
    """One line per request sent to the OCR service, kept for audit.

    Holds no personal data: the record reference, the attachment checksum,
    timings, the engine and the error code, never OCR text.
    """

    _name = "hr.ocr.history"
    _description = "OCR Request History"
    _order = "create_date desc, id desc"
    _rec_name = "display_ref"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    res_model = fields.Selection(
        selection=[("hr.expense", "Expense"), ("hr.employee", "Employee")],
        string="Document Model",
        required=True,
        readonly=True,
        index=True,
    )
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True, index=True
    )
    record_ref = fields.Reference(
        selection=[("hr.expense", "Expense"), ("hr.employee", "Employee")],
        string="Record",
        compute="_compute_record_ref",
    )
    display_ref = fields.Char(string="Reference", compute="_compute_display_ref")
    doc_type = fields.Selection(
        selection=[
            ("auto", "Auto"),
            ("receipt", "Receipt"),
            ("passport", "Passport"),
            ("text", "Text"),
        ],
        string="Document Type",
        readonly=True,
    )
    attachment_checksum = fields.Char(readonly=True, index=True)
    state = fields.Selection(
        selection=[
            ("done", "Done"),
            ("retry", "Failed, will retry"),
            ("failed", "Failed"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    # the record's OCR status once the answer was stored, as the job writes it (its keys: lines
    # logged before this was a selection hold the same text; another key reads as none)
    outcome = fields.Selection(
        selection=OCR_STATES,
        readonly=True,
        help="OCR status of the record after the answer was stored.",
    )
    vendor_match = fields.Selection(
        selection=VENDOR_MATCHES,
        string="Vendor Matched By",
        readonly=True,
        help="Receipts: the evidence that matched the vendor to a contact.",
    )
    duration_ms = fields.Integer(
        string="Duration (ms)",
        readonly=True,
        help="Round trip of the request, as Odoo measured it.",
    )
    service_ms = fields.Integer(
        string="Service Time (ms)",
        readonly=True,
        help="Processing time reported by the OCR service; empty for a cached answer.",
    )
    cached = fields.Boolean(
        string="Cached Answer",
        readonly=True,
        help="The service answered from its cache (the same document was read "
        "before): it did not read it again.",
    )
    http_status = fields.Integer(string="HTTP Status", readonly=True)
    error_code = fields.Char(readonly=True)
    error_message = fields.Char(readonly=True)
    engine_name = fields.Char(readonly=True)
    engine_version = fields.Char(readonly=True)
    service_url = fields.Char(string="Service URL", readonly=True)
    request_id = fields.Char(
        string="Request ID",
        readonly=True,
        help="The X-Request-ID of the request: the line it left in the OCR service's log.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        readonly=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for line in self:
            if line.res_model and line.res_id:
                line.record_ref = f"{line.res_model},{line.res_id}"
            else:
                line.record_ref = False

    @api.depends("res_model", "res_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_display_ref(self):
        """The record's name, as its form shows it, to a reader who may read the record; to
        anyone else (a record of another company, an administrator outside HR, a record
        deleted since), its kind and id: never a name they could not read."""
        labels = dict(self._fields["res_model"].selection)
        ids_by_model = defaultdict(set)
        for line in self:
            if line.res_model in labels and line.res_id:
                ids_by_model[line.res_model].add(line.res_id)
        names = {}
        for model, ids in ids_by_model.items():
            for record in self.env[model].browse(ids).exists()._filtered_access("read"):
                names[model, record.id] = record.display_name
        for line in self:
            line.display_ref = (
                names.get((line.res_model, line.res_id))
                or f"{labels.get(line.res_model, line.res_model)} #{line.res_id}"
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _log_autonomous(self, vals):
        """Create a history line that survives the caller's rollback.

        Used by jobs that are about to raise a retryable error: queue_job
        rolls their transaction back, and the attempt must still be logged.
        """
        vals = dict(vals)
        vals.setdefault("user_id", self.env.uid)
        vals.setdefault("company_id", self.env.company.id)
        try:
            with self.env.registry.cursor() as cr:
                self.env(cr=cr, su=True)[self._name].create(vals)
        except Exception:  # pylint: disable=broad-except
            # logging must never hide the real error (the retry)
            _logger.warning("could not log an OCR attempt", exc_info=True)
        return True

    @api.model
    def process_pending_ocr_queue(self):
        """Scheduled action "Process Pending OCR": queue the backlog.

        Public because the scheduled action calls it by this name; it runs
        with the rights of the scheduled action or of an administrator only.
        """
        mixin = self.env["hr.ocr.mixin"]
        mixin._ocr_check_can_process_queue()
        return mixin.sudo()._ocr_process_pending_queue()
