# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ocr_trust_country_currency = fields.Boolean(
        string="Receipts Without a Currency Are in the Company's",
        help="A receipt that prints no currency the OCR service can read, and whose words place it "
        "in this company's country (the service's guess is the company's currency): fill its "
        "amount in the company's currency. Off: such an amount waits for a person. Turn it on "
        "when the employees' receipts are almost all from the company's own country.",
    )
