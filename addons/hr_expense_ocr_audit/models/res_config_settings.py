# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .hr_ocr_mixin import CONFIG_DEFAULTS, PARAM_PREFIX, TRUE_STRINGS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ocr_api_url = fields.Char(
        string="OCR Service URL",
        config_parameter=PARAM_PREFIX + "ocr_api_url",
        default=CONFIG_DEFAULTS["ocr_api_url"],
    )
    ocr_api_token = fields.Char(
        string="OCR API Token",
        config_parameter=PARAM_PREFIX + "ocr_api_token",
        groups="base.group_system",
    )
    ocr_timeout = fields.Integer(
        string="OCR Timeout (s)",
        config_parameter=PARAM_PREFIX + "ocr_timeout",
        default=int(CONFIG_DEFAULTS["ocr_timeout"]),
    )
    # stored by get/set_values: a boolean config_parameter cannot default to True
    ocr_tls_verify = fields.Boolean(string="Verify TLS Certificate", default=True)
    ocr_ca_bundle = fields.Char(
        string="CA Bundle Path",
        config_parameter=PARAM_PREFIX + "ocr_ca_bundle",
        help="PEM file of the private CA that signed the OCR service's "
        "certificate. Leave empty to use the system's trusted CAs.",
    )
    ocr_digitize_mode = fields.Selection(
        selection=[
            ("off", "Off"),
            ("on_demand", "On demand"),
            ("auto", "Automatic on upload"),
        ],
        string="Digitize Documents",
        config_parameter=PARAM_PREFIX + "digitize_mode",
        default=CONFIG_DEFAULTS["digitize_mode"],
    )
    ocr_amount_tolerance_pct = fields.Float(
        string="Amount Tolerance (%)",
        config_parameter=PARAM_PREFIX + "amount_tolerance_pct",
        default=float(CONFIG_DEFAULTS["amount_tolerance_pct"]),
    )
    ocr_date_tolerance_days = fields.Integer(
        string="Date Tolerance (days)",
        config_parameter=PARAM_PREFIX + "date_tolerance_days",
        default=int(CONFIG_DEFAULTS["date_tolerance_days"]),
    )
    ocr_min_confidence = fields.Float(
        string="Minimum OCR Confidence",
        config_parameter=PARAM_PREFIX + "min_confidence",
        default=float(CONFIG_DEFAULTS["min_confidence"]),
        help="Receipts read with a lower confidence (0-1) are flagged for review.",
    )
    ocr_server_env_keys = fields.Char(
        string="Set by the Server Environment",
        compute="_compute_ocr_server_env_keys",
    )

    @api.depends("company_id")
    def _compute_ocr_server_env_keys(self):
        keys = ", ".join(self.env["hr.ocr.mixin"]._ocr_server_env_keys())
        for settings in self:
            settings.ocr_server_env_keys = keys or False

    @api.model
    def get_values(self):
        res = super().get_values()
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(PARAM_PREFIX + "ocr_tls_verify", CONFIG_DEFAULTS["ocr_tls_verify"])
        )
        res["ocr_tls_verify"] = str(value).strip().lower() in TRUE_STRINGS
        return res

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            PARAM_PREFIX + "ocr_tls_verify", str(bool(self.ocr_tls_verify))
        )
        return res

    def action_ocr_test_connection(self):
        self.ensure_one()
        health = self.env["hr.ocr.mixin"]._ocr_test_connection()
        if health.get("error"):
            raise UserError(_("The OCR service cannot be reached: %(error)s", error=health["error"]))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "OCR service reachable (engine %(engine)s, version %(version)s).",
                    engine=health.get("engine") or "-",
                    version=health.get("version") or "-",
                ),
            },
        }
