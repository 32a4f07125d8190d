# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

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

    def requeue(self):
        # "Requeue" in the job queue: the record whose request the job is waits for it again
        # (it said the request failed, and the job, run again, found it so and did nothing)
        res = super().requeue()
        for failed in self.filtered(lambda j: j.state == "pending")._ocr_records(("failed",)):
            failed._ocr_requeued()
        return res

    def _ocr_release_records(self, reason):
        """OCR jobs ended without reading: their records must not wait for them."""
        for waiting in self._ocr_records(("queued", "processing")):
            waiting._ocr_job_ended_without_result(reason)

    def _ocr_records(self, ocr_states):
        """The records (one recordset per model, sudo) whose current request is one of these OCR
        jobs, in one of ``ocr_states``."""
        uuids_by_model = defaultdict(list)
        for job in self.sudo().filtered(lambda j: j.method_name == OCR_JOB_METHOD):
            uuids_by_model[job.model_name].append(job.uuid)
        for model_name, uuids in uuids_by_model.items():
            model = self.env.get(model_name)
            if model is None or "ocr_job_uuid" not in model._fields:
                continue
            yield model.sudo().search([("ocr_job_uuid", "in", uuids), ("ocr_state", "in", list(ocr_states))])
