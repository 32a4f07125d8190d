# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.ocr_client import OcrError, check_url, token_sent_in_clear
from .hr_ocr_mixin import CONFIG_DEFAULTS, PARAM_PREFIX, TRUE_STRINGS


def _valid_url(value):
    """Whether ``value`` is a URL the settings form's OCR Service URL can hold."""
    try:
        check_url(value)
    except ValueError:
        return False
    return True


def _settings_field(key):
    """The settings form's field of a setting key ("digitize_mode": ``ocr_digitize_mode``)."""
    return key if key.startswith("ocr_") else f"ocr_{key}"


# number settings whose 0 means what it says, not "the default"
ZERO_IS_A_SETTING = ("amount_tolerance_pct", "date_tolerance_days", "max_receipt_age_days", "min_confidence")


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
    ocr_max_upload_mb = fields.Integer(
        string="OCR Upload Limit (MB)",
        config_parameter=PARAM_PREFIX + "ocr_max_upload_mb",
        default=int(CONFIG_DEFAULTS["ocr_max_upload_mb"]),
        help="Documents larger than this are refused before they are sent: the OCR service's "
        "own limit (OCR_MAX_UPLOAD_BYTES, 20 MB by default, as its TLS proxy's).",
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
    ocr_max_receipt_age_days = fields.Integer(
        string="Max Receipt Age to Fill (days)",
        config_parameter=PARAM_PREFIX + "max_receipt_age_days",
        default=int(CONFIG_DEFAULTS["max_receipt_age_days"]),
        help="A receipt dated more than this many days before its expense was created does not "
        "fill the expense's date: the date stays as it was and the expense waits for review (a "
        "year's digit misread, 2018 read as 2013 or 2026 as 2025, is more likely than so old a "
        "receipt; under 365, a year misread by one is caught even on a receipt of the expense's own day). "
        "Apply OCR Values still takes it. 0: any receipt date is filled.",
    )
    ocr_min_confidence = fields.Float(
        string="Minimum OCR Confidence",
        config_parameter=PARAM_PREFIX + "min_confidence",
        default=float(CONFIG_DEFAULTS["min_confidence"]),
        help="Receipts read with a lower confidence (0-1) are flagged for review.",
    )
    ocr_trust_country_currency = fields.Boolean(
        related="company_id.ocr_trust_country_currency",
        readonly=False,
    )
    ocr_server_env_keys = fields.Char(
        string="Set by the Server Environment",
        compute="_compute_ocr_server_env_keys",
    )
    ocr_api_url_warning = fields.Char(
        string="OCR Service URL Warning",
        compute="_compute_ocr_api_url_warning",
    )

    @api.depends("company_id")
    def _compute_ocr_server_env_keys(self):
        keys = ", ".join(self.env["hr.ocr.mixin"]._ocr_server_env_keys())
        for settings in self:
            settings.ocr_server_env_keys = keys or False

    @api.depends("ocr_api_url", "ocr_api_token")
    def _compute_ocr_api_url_warning(self):
        for settings in self:
            config = settings._ocr_form_config()
            url = config["ocr_api_url"]
            if token_sent_in_clear(url, config["ocr_api_token"]):
                settings.ocr_api_url_warning = _(
                    "The API token would travel unencrypted to another machine: "
                    "use an https:// URL (the TLS proxy in front of the service)."
                )
            else:
                settings.ocr_api_url_warning = False

    @api.constrains("ocr_api_url")
    def _check_ocr_api_url(self):
        for settings in self:
            if settings.ocr_api_url:
                try:
                    check_url(settings.ocr_api_url)
                except ValueError as exc:
                    raise ValidationError(
                        _(
                            "The OCR Service URL must start with http:// or https:// and "
                            "name a host, e.g. http://127.0.0.1:8000 or "
                            "https://ocr.example.internal, with no user name or password in it "
                            "(the OCR API Token is set apart)."
                        )
                    ) from exc

    @api.model
    def get_values(self):
        res = super().get_values()
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(PARAM_PREFIX + "ocr_tls_verify", CONFIG_DEFAULTS["ocr_tls_verify"])
        )
        res["ocr_tls_verify"] = str(value).strip().lower() in TRUE_STRINGS
        # a setting the server environment sets shows the value in effect (the form's field is
        # read-only then): the database's, which it overrides, showed a URL nothing uses. The
        # token stays out of the form (a secret of the environment is not sent to a browser)
        mixin = self.env["hr.ocr.mixin"]
        config = mixin._ocr_config()
        for key in mixin._ocr_server_env_keys():
            name = _settings_field(key)
            field = self._fields.get(name)
            if field is None or key == "ocr_api_token":
                continue
            value = config[key]
            if field.type == "boolean":
                res[name] = str(value).strip().lower() in TRUE_STRINGS
            elif field.type in ("integer", "float"):
                # (the value in effect: out of its range, the default, as the jobs take it)
                number = mixin._ocr_config_float(config, key)
                res[name] = int(number) if field.type == "integer" else number
            elif key != "ocr_api_url" or _valid_url(value):
                res[name] = value
            # (a value of the environment this form cannot hold, a typo, shows the database's:
            # saving the settings of every application must not fail on it)
        # the mode in effect, the environment's or the database's, a misspelled one as the jobs
        # take it (the default): a mode the form cannot hold failed every settings save
        res["ocr_digitize_mode"] = mixin._ocr_digitize_mode()
        return res

    def set_values(self):
        # the database's values of settings the server environment sets are kept as they were:
        # the form shows (and would save) the environment's
        params = self.env["ir.config_parameter"].sudo()
        kept = {
            key: params.get_param(PARAM_PREFIX + key)
            for key in self.env["hr.ocr.mixin"]._ocr_server_env_keys()
        }
        res = super().set_values()
        if "ocr_tls_verify" not in kept:
            params.set_param(PARAM_PREFIX + "ocr_tls_verify", str(bool(self.ocr_tls_verify)))
        # 0 is a setting of its own for these (no tolerance, no age check, every reading
        # trusted): Odoo removes a number parameter saved as 0, and the default came back
        for key in ZERO_IS_A_SETTING:
            if key not in kept and not self[_settings_field(key)]:
                params.set_param(PARAM_PREFIX + key, "0")
        for key, value in kept.items():
            params.set_param(PARAM_PREFIX + key, value)
        return res

    def _ocr_form_config(self):
        """The settings as this form would save them, server environment first."""
        self.ensure_one()
        mixin = self.env["hr.ocr.mixin"]
        config = mixin._ocr_config()
        overridden = set(mixin._ocr_server_env_keys())
        form = {
            "ocr_api_url": (self.ocr_api_url or "").strip(),
            "ocr_api_token": self.sudo().ocr_api_token or "",
            "ocr_timeout": self.ocr_timeout,
            "ocr_tls_verify": str(bool(self.ocr_tls_verify)),
            "ocr_ca_bundle": self.ocr_ca_bundle or "",
        }
        for key, value in form.items():
            if key not in overridden:
                config[key] = value
        return config

    @api.model
    def _ocr_connection_error(self, url, exc):
        """What Test Connection says of a request that failed (``OcrError``), in the words of
        what to do; the client's own texts are for logs."""
        code, status = exc.code, exc.status
        if code == "redirect":
            return _(
                "The OCR service URL %(url)s redirects elsewhere (HTTP %(status)s): set the URL it "
                "redirects to (https:// rather than http://, the new host name).",
                url=url,
                status=status,
            )
        if code == "unauthorized" or status == 401:
            return _(
                "The OCR service at %(url)s answered and refused the API token: enter the token "
                "the service was started with (OCR_API_TOKEN).",
                url=url,
            )
        if code == "rate_limited" or status == 429:
            return _(
                "The OCR service at %(url)s refuses this server for now (too many requests, or too "
                "many wrong tokens): wait a minute and test again.",
                url=url,
            )
        if status in (404, 405):
            return _(
                "Something answers at %(url)s, but no OCR service (HTTP %(status)s): check the "
                "URL's path (the service's address, with no /ocr or /health at its end).",
                url=url,
                status=status,
            )
        if code == "forbidden" or status == 403:
            return _(
                "The OCR service at %(url)s, or its proxy, refused this server (HTTP 403): check "
                "the proxy's access rules.",
                url=url,
            )
        if code == "tls_error":
            return _(
                "The TLS connection to %(url)s failed: its certificate is not one this server "
                "trusts, or is for another host name. Set OCR CA Bundle to the certificate of the "
                "authority that signed it, or correct the host name.",
                url=url,
            )
        messages = {
            "tls_config": _(
                "The CA bundle set for the OCR service (OCR CA Bundle) is no file this server can read."
            ),
            "invalid_token": _(
                "The API token holds a line break or another control character, which no request "
                "can carry: enter it again."
            ),
            "invalid_setting": _(
                "The URL or the API token holds a character no request can carry: correct it."
            ),
            "connection_error": _(
                "The OCR service at %(url)s cannot be reached (no connection): check the host "
                "name and port, and that the service runs.",
                url=url,
            ),
            "connect_timeout": _(
                "The OCR service at %(url)s cannot be reached (no answer to the connection): "
                "check the host name, port and firewall.",
                url=url,
            ),
            "read_timeout": _("The OCR service at %(url)s did not answer in time.", url=url),
        }
        if code in messages:
            return messages[code]
        return _(
            "The OCR service at %(url)s answered with an error (HTTP %(status)s, %(code)s).",
            url=url,
            status=status or "-",
            code=code or "-",
        )

    def action_ocr_test_connection(self):
        """Button "Test Connection": the health of the service this form points at."""
        self.ensure_one()
        config = self._ocr_form_config()
        # an answer within seconds, whatever the documents' timeout
        config["ocr_timeout"] = min(self.env["hr.ocr.mixin"]._ocr_config_float(config, "ocr_timeout"), 15.0)
        try:
            client = self.env["hr.ocr.mixin"]._ocr_client(config)
        except ValueError as exc:
            raise UserError(
                _(
                    "The OCR Service URL must start with http:// or https:// and name a host, with "
                    "no user name or password in it."
                )
            ) from exc
        try:
            health = client.health()
            ready = client.readiness()
            token_taken = client.token_taken()
            # whether the service asks for a token at all: one with none of its own takes any
            # token, so a token taken is asked about again without it
            required = None
            if token_taken:
                required = client.token_required() if client.token else False
        except OcrError as exc:
            raise UserError(self._ocr_connection_error(client.base_url, exc)) from exc
        if ready.get("ready"):
            state = _("ready (models loaded in %(seconds)s s)", seconds=ready.get("ready_after_s", "-"))
        elif ready.get("status") == "failed":
            state = _(
                "NOT ready: its OCR engine failed to load (see the service's log); documents "
                "wait and are retried until it is restarted and ready"
            )
        elif ready.get("status") == "saturated":
            state = _("busy: every worker is taken, documents wait their turn")
        elif ready.get("status") == "stuck":
            state = _(
                "NOT ready: every OCR engine is stuck in a call that does not return; documents "
                "wait and are retried until it returns or the service is restarted"
            )
        else:
            state = _("still loading its models: documents wait until it is ready")
        message = _(
            "OCR service at %(url)s: %(status)s, %(state)s; engine %(engine)s, version %(version)s.",
            url=client.base_url,
            status=health.get("status") or "-",
            state=state,
            engine=health.get("engine") or "-",
            version=health.get("version") or "-",
        )
        # the health routes answer without a token: only a route that needs one says whether
        # the documents will be taken
        has_token = bool(client.token)
        if token_taken is False:
            token = _(
                "It needs an API token and none is set: every document would be refused. Enter "
                "the token the service was started with (OCR_API_TOKEN)."
            )
        elif token_taken is None:
            token = _(
                "Whether it takes the API token could not be checked (no OCR service of this API answered)."
            )
        elif has_token and required:
            token = _("It takes the API token.")
        elif has_token and required is None:
            token = _("It takes the API token; whether it needs one could not be checked.")
        else:
            token = _(
                "It asks for no API token: anyone who can reach it can use it. Start it with "
                "OCR_API_TOKEN and enter the same token here."
            )
        message = f"{message} {token}"
        if self.ocr_api_url_warning:
            message = f"{message} {self.ocr_api_url_warning}"
        good = ready.get("ready") and token_taken and required and not self.ocr_api_url_warning
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if good else "warning",
                "title": _("Test Connection"),
                "message": message,
                "sticky": True,
            },
        }
