# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

OCR_JOB_METHOD = "_ocr_job_scan"


class QueueJob(models.Model):
    _inherit = "queue.job"

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("cancelled", "done"):
            self._ocr_release_records(vals["state"])
        return res

    def unlink(self):
        self._ocr_release_records("deleted")
        return super().unlink()

    def _ocr_release_records(self, reason):
        """An OCR job ended without reading: its record must not wait for it."""
        for job in self.sudo().filtered(lambda j: j.method_name == OCR_JOB_METHOD):
            records = job.records.sudo().exists()
            if "ocr_job_uuid" in records._fields:
                records._ocr_job_ended_without_result(job.uuid, reason)
