# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

from odoo.addons.hr_expense_ocr_audit.models.hr_ocr_mixin import CONFIG_DEFAULTS, PARAM_PREFIX

# 18.0.1.0.0's default client timeout, stored by any save of its settings: the service's own
# deadline (60 s), so a document the service gave up on came back as a client timeout, an outage
OLD_DEFAULT_TIMEOUT = "60"


def migrate(cr, version):
    """From 18.0.1.0.0:

    - OCR jobs queued as whoever asked, still waiting, or left started by a server stopped
      mid-job, are queued again as the reader, under their document's company
      (``_ocr_requeue_as_reader``);
    - a client timeout saved at the old default (60 s) takes the new one (75 s, above the
      service's 60 s deadline); one an administrator chose otherwise stays;
    - the column of the audit's summary, stored then and computed now, is dropped (Odoo leaves
      the column of a field no longer stored, and would leave it after an uninstall too).
    """
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["hr.ocr.mixin"]._ocr_requeue_as_reader()
    params = env["ir.config_parameter"].sudo()
    key = PARAM_PREFIX + "ocr_timeout"
    if (params.get_param(key) or "").strip() == OLD_DEFAULT_TIMEOUT:
        params.set_param(key, CONFIG_DEFAULTS["ocr_timeout"])
    cr.execute("ALTER TABLE hr_expense DROP COLUMN IF EXISTS ocr_audit_summary")
