# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """OCR jobs queued before 18.0.1.1.0 ran as whoever asked: those still waiting are queued
    again as the reader, under their document's company (``_ocr_requeue_as_reader``)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hr.ocr.mixin"]._ocr_requeue_as_reader()
