# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextvars
import functools
import logging
import math
import os
import re
import time
from contextlib import contextmanager
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL
from odoo.tools.misc import hmac

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.server_environment import serv_config

from ..tools.ocr_client import (
    OcrClient,
    OcrPermanentError,
    OcrRetryableError,
)
from .field_groupable import valid_groupable, without_not_groupable

_logger = logging.getLogger(__name__)

PARAM_PREFIX = "hr_expense_ocr_audit."
SERVER_ENV_SECTION = "hr_expense_ocr_audit"
# setting key -> default, as stored in ir.config_parameter (strings)
CONFIG_DEFAULTS = {
    "ocr_api_url": "http://127.0.0.1:8000",
    "ocr_api_token": "",
    # longer than the service's own deadline (OCR_REQUEST_TIMEOUT_S, 60 s): its 504 comes back,
    # not a timeout of this side racing it
    "ocr_timeout": "75",
    # MiB; the service's and its nginx's upload limit (OCR_MAX_UPLOAD_BYTES)
    "ocr_max_upload_mb": "20",
    "ocr_tls_verify": "True",
    "ocr_ca_bundle": "",
    "digitize_mode": "on_demand",
    "amount_tolerance_pct": "1.0",
    "date_tolerance_days": "3",
    # a receipt dated more than this many days before its expense was created: its date is not
    # filled automatically (a year's digit misread, 2018 read 2013); 0: any date is filled. Under
    # a year: a year misread by one on a receipt of the expense's own day is 365 days back
    "max_receipt_age_days": "360",
    "min_confidence": "0.8",
}
# the numbers a number setting may take; another (a typo, "inf", -1) is its default, the same in
# the jobs, the audit and the settings form
CONFIG_RANGES = {
    "ocr_timeout": (1.0, 3600.0),
    "ocr_max_upload_mb": (0.0, 4096.0),
    "amount_tolerance_pct": (0.0, 100.0),
    "date_tolerance_days": (0.0, 3650.0),
    "max_receipt_age_days": (0.0, 36500.0),
    "min_confidence": (0.0, 1.0),
}
TRUE_STRINGS = ("1", "true", "yes", "on")
DIGITIZE_MODES = ("off", "on_demand", "auto")
OCR_CHANNEL = "root.ocr"
# retries are bounded three ways: attempts, hours since the request, and the
# time the service spent on this one document (in timeouts' worth), so an
# outage is waited out but a document that times out cannot hold the engine
OCR_MAX_RETRIES = 10
OCR_RETRY_WINDOW = timedelta(hours=6)
OCR_BUSY_BUDGET_TIMEOUTS = 3
# the extensions a document's neutral file name keeps (the types the service reads)
FILE_EXTENSIONS = frozenset(
    ("jpg", "jpeg", "jpe", "png", "tif", "tiff", "webp", "bmp", "gif", "pdf", "heic", "heif")
)
# failures that count as an outage, never against the document: before the service took it, or
# no answer at all (``read_timeout``: the service answers 504 at its own deadline, shorter than
# ocr_timeout, so a client that waited out its timeout waited on a service or proxy that hangs)
NOT_HELD_CODES = ("connect_timeout", "connection_error", "tls_error", "read_timeout")
# refusals that say a setting is wrong (the URL, its path, the API token, the TLS settings), not
# the document: the scheduled action sends the request again once the settings change
CONFIG_ERROR_CODES = ("invalid_url", "invalid_token", "invalid_setting", "redirect", "tls_config")
CONFIG_ERROR_STATUSES = (401, 403, 404, 405)
# the settings a request's connection depends on
CONNECTION_SETTINGS = ("ocr_api_url", "ocr_api_token", "ocr_tls_verify", "ocr_ca_bundle")
# a request still queued or processing after this long, without a live job,
# is queued again
STUCK_AFTER = timedelta(hours=2)
# a request that failed for a retryable reason (service unavailable) is
# queued again by the scheduled action, this long after, at most this often
RETRY_FAILED_AFTER = timedelta(minutes=30)
CRON_MAX_RETRIES = 3
# seconds the scheduled action waits for /health/ready at most
READY_TIMEOUT = 15.0
BACKLOG_BATCH = 50
# seconds before a job that met a concurrent save runs again (queue_job's own PG_RETRY)
CONCURRENCY_RETRY_SECONDS = 5
# queue_job states in which a job will still run, or is running
JOB_ALIVE_STATES = ("wait_dependencies", "pending", "enqueued", "started")

OCR_STATES = [
    ("not_scanned", "Not Scanned"),
    ("queued", "Queued"),
    ("processing", "Processing"),
    ("done", "Done"),
    ("needs_review", "Needs Review"),
    ("failed", "Failed"),
]


@contextmanager
def retried_on_concurrent_save():
    """Run a job's body; a concurrent save of the rows it writes (a serialization failure, a
    deadlock, a lock another transaction holds) runs the job again shortly, as queue_job does
    for such errors, but without counting the run against the job's attempts: they bound an
    outage of the service (``OCR_MAX_RETRIES``), and a report whose expenses are edited while
    their receipts are read would otherwise spend them. The message names no value."""
    try:
        yield
    except psycopg2.OperationalError as exc:
        if exc.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
            raise
        raise RetryableJobError(
            "A concurrent save of the same records: run again shortly",
            seconds=CONCURRENCY_RETRY_SECONDS,
            ignore_retry=True,
        ) from exc


def lock_rows(records, mode, skip_locked=False):
    """Lock the rows of ``records`` until the transaction ends (``mode``: "NO KEY UPDATE" or
    "KEY SHARE"), with a statement that holds ids only and is not logged when it fails
    (PostgreSQL's error on a statement is logged with its values); with ``skip_locked``, rows
    another transaction holds are left. Returns the ids locked."""
    if not records:
        return []
    lock = {"NO KEY UPDATE": SQL("FOR NO KEY UPDATE"), "KEY SHARE": SQL("FOR KEY SHARE")}[mode]
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s %s %s",
            SQL.identifier(records._table),
            tuple(records.ids),
            lock,
            SQL("SKIP LOCKED") if skip_locked else SQL(),
        ),
        log_exceptions=False,
    )
    return [row[0] for row in records.env.cr.fetchall()]


def write_locked(records, vals):
    """Write ``vals`` on ``records`` once their rows are locked, by a statement that is not
    logged: a row another transaction changed since this one began (another job's audit, a
    save) fails the lock with a concurrency error, retried, where the flush's UPDATE failed too
    but was logged by PostgreSQL as a "bad query" with its statement. Records not yet saved are
    written in the cache only, as by ``write``."""
    lock_rows(records.filtered("id"), "NO KEY UPDATE")
    return records.write(vals)


def hold_for_reference(records):
    """Keep ``records`` from being deleted until the transaction ends (a key-share lock): a row
    the job is about to point at (a deletion committed since the job's snapshot fails this lock:
    a serialization failure, retried)."""
    lock_rows(records, "KEY SHARE")


# set while the addon itself writes what it read and its audit: a flag no request can carry
# (a context key can be sent by any RPC client)
_OCR_WRITING = contextvars.ContextVar("hr_expense_ocr_audit_writing", default=False)
# tests only: the superuser is refused too, so that a write the addon forgot to mark shows
_STRICT = os.environ.get("HR_EXPENSE_OCR_AUDIT_STRICT_GUARD") == "1"


@contextmanager
def _set(flag):
    token = flag.set(True)
    try:
        yield
    finally:
        flag.reset(token)


def ocr_writing():
    """The addon's own writes of the fields ``check_ocr_write`` protects."""
    return _set(_OCR_WRITING)


# set while Split copies an expense and its files: the copies share the receipt read
_SPLITTING = contextvars.ContextVar("hr_expense_ocr_audit_splitting", default=False)


def splitting():
    """Split at work: the files it copies onto the parts are no new receipts to read."""
    return _set(_SPLITTING)


def splitting_now():
    return _SPLITTING.get()


def ocr_writing_now():
    """Whether the addon is writing what it read (a value it fills is no value typed)."""
    return _OCR_WRITING.get()


def writes_ocr_fields(method):
    """A method that writes what was read, or the audit (see ``ocr_writing``)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with ocr_writing():
            return method(*args, **kwargs)

    return wrapper


def check_ocr_write(records, keys, creating=False, also=()):
    """Refuse a write of what the reader wrote (stored ``ocr_*`` fields, the audit's computed
    status among them, and the fields named in ``also``) unless the addon writes it (or the
    superuser, in a shell): ``readonly`` holds in the form only, and an employee could otherwise
    rewrite the audit of their own expense over RPC ("Matches Receipt" for a receipt never read).
    A create's ``default_*`` context keys of those fields count as values."""
    if _OCR_WRITING.get() or (records.env.su and not _STRICT):
        return
    context = records.env.context if creating else {}
    defaults = [key[len("default_") :] for key in context if key.startswith("default_")]
    protected = [
        name
        for name in [*keys, *defaults]
        if (name.startswith("ocr_") or name in also)
        and name in records._fields
        and records._fields[name].store
    ]
    if protected:
        raise AccessError(
            records.env._(
                "What was read from a document and its audit are written by the document "
                "reader only (fields: %(fields)s).",
                fields=", ".join(sorted(protected)),
            )
        )


class HrOcrMixin(models.AbstractModel):
    """What expenses and employees share: state, queueing, the job, history."""

    _name = "hr.ocr.mixin"
    _description = "OCR Document Mixin"

    # ------------------------------------------------------------------
    # Fields (``groupable=False``: technical, not offered by the custom group-by; the models
    # honour it in ``fields_get``, see field_groupable.py)
    # ------------------------------------------------------------------
    ocr_state = fields.Selection(
        selection=OCR_STATES,
        string="OCR Status",
        default="not_scanned",
        required=True,
        copy=False,
        index=True,
        readonly=True,
    )
    ocr_error = fields.Char(string="OCR Error", copy=False, readonly=True, groupable=False)
    ocr_failure_retryable = fields.Boolean(
        string="OCR Failure Is Temporary",
        groupable=False,
        copy=False,
        readonly=True,
        help="The last request failed because the service was unavailable: "
        "the scheduled action queues it again, a few times.",
    )
    ocr_config_failure = fields.Char(
        string="OCR Settings at Failure",
        groupable=False,
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="The last request failed on a setting (the service's URL, its API token, the TLS "
        "settings): a keyed fingerprint of those settings. The scheduled action queues the "
        "request again once they change and the service is ready.",
    )
    ocr_cron_retries = fields.Integer(
        string="OCR Automatic Retries",
        groupable=False,
        copy=False,
        readonly=True,
        help="How many times the scheduled action queued this failed request again.",
    )
    ocr_jobs_lost = fields.Integer(
        string="OCR Jobs Lost",
        groupable=False,
        copy=False,
        readonly=True,
        help="How many times this request's job ended without an answer or a failure (a worker "
        "killed over its time limit) and the scheduled action queued it again.",
    )
    ocr_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Scanned Document",
        groupable=False,
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    ocr_checksum = fields.Char(string="Scanned Checksum", copy=False, readonly=True, groupable=False)
    ocr_job_uuid = fields.Char(string="OCR Job", copy=False, readonly=True, groupable=False)
    ocr_requested_at = fields.Datetime(string="OCR Requested On", copy=False, readonly=True)
    ocr_scanned_at = fields.Datetime(string="OCR Scanned On", copy=False, readonly=True)
    ocr_confidence = fields.Float(
        string="OCR Confidence",
        digits=(3, 2),
        copy=False,
        readonly=True,
        help="Lowest confidence (0-1) among the key values read: total and date "
        "for receipts, the MRZ fields for passports.",
    )
    ocr_status_message = fields.Char(
        string="OCR Progress",
        compute="_compute_ocr_status_message",
        help="Where the queued OCR request stands, from the job queue.",
    )
    ocr_job_lost = fields.Boolean(
        string="OCR Job Lost",
        compute="_compute_ocr_status_message",
        help="The request waits for a job that is no longer in the job queue.",
    )
    ocr_enabled = fields.Boolean(
        string="Digitization On",
        compute="_compute_ocr_enabled",
        help="Technical: documents may be scanned (the digitization setting is not off); the "
        "scan buttons show only then.",
    )

    # fields beside the stored ``ocr_*`` ones that only the reader writes (``check_ocr_write``)
    _ocr_reader_fields = ()

    @api.model
    def _valid_field_parameter(self, field, name):
        return valid_groupable(name) or super()._valid_field_parameter(field, name)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        return without_not_groupable(self, super().fields_get(allfields, attributes))

    def _compute_ocr_enabled(self):
        # (the rule the scan actions refuse by: the buttons show where the actions scan)
        enabled = self._ocr_digitize_mode() != "off"
        for record in self:
            record.ocr_enabled = enabled

    @api.model
    def default_get(self, fields_list):
        """What the reader writes takes the field's own default only: a personal default
        (ir.default, which any internal user sets for themselves over RPC) or a context key is
        applied by ``create`` after ``check_ocr_write`` looked at its values."""
        defaults = super().default_get(fields_list)
        if _OCR_WRITING.get():
            return defaults
        for name in list(defaults):
            field = self._fields.get(name)
            if (
                field is None
                or not field.store
                or not (name.startswith("ocr_") or name in self._ocr_reader_fields)
            ):
                continue
            if field.default:
                defaults[name] = field.convert_to_write(
                    field.convert_to_record(field.convert_to_cache(field.default(self), self), self), self
                )
            else:
                del defaults[name]
        return defaults

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("ocr_state", "ocr_job_uuid")
    def _compute_ocr_status_message(self):
        uuids = [r.ocr_job_uuid for r in self if r.ocr_job_uuid]
        jobs = {}
        if uuids:
            # queue.job is for queue managers only; read the little we show
            for job in self.env["queue.job"].sudo().search([("uuid", "in", uuids)]):
                jobs[job.uuid] = job
        for record in self:
            job = jobs.get(record.ocr_job_uuid)
            message = False
            record.ocr_job_lost = record.ocr_state in ("queued", "processing") and not job
            if record.ocr_job_lost:
                message = _(
                    "The OCR request is no longer in the job queue. It is queued again "
                    "automatically within a few hours, or use Re-scan now."
                )
            elif record.ocr_state in ("queued", "processing"):
                if job.state in ("pending", "enqueued") and job.retry:
                    message = _(
                        "Attempt %(retry)s of %(max)s failed (%(reason)s); next attempt after %(eta)s.",
                        retry=job.retry,
                        max=job.max_retries or "-",
                        reason=job.result or _("service unavailable"),
                        eta=fields.Datetime.to_string(job.eta) if job.eta else "-",
                    )
                elif job.state in ("pending", "enqueued", "wait_dependencies"):
                    message = _("Waiting in the OCR queue.")
                elif job.state == "started":
                    message = _("The OCR service is reading the document.")
            record.ocr_status_message = message

    # ------------------------------------------------------------------
    # Configuration
    # ------------------------------------------------------------------
    @api.model
    def _ocr_config(self):
        """Return the effective settings: server environment over database."""
        params = self.env["ir.config_parameter"].sudo()
        config = {}
        for key, default in CONFIG_DEFAULTS.items():
            value = params.get_param(PARAM_PREFIX + key, default)
            if serv_config.has_option(SERVER_ENV_SECTION, key):
                value = serv_config.get(SERVER_ENV_SECTION, key)
            config[key] = value if value not in (None, False) else default
        return config

    @api.model
    def _ocr_server_env_keys(self):
        """Return the setting keys overridden by the server environment."""
        return [key for key in CONFIG_DEFAULTS if serv_config.has_option(SERVER_ENV_SECTION, key)]

    @api.model
    def _ocr_config_float(self, config, key):
        """A number setting; its default when the value is none (a typo, "inf", "nan") or out of
        its range (``CONFIG_RANGES``)."""
        try:
            value = float(config[key])
        except (TypeError, ValueError):
            return float(CONFIG_DEFAULTS[key])
        low, high = CONFIG_RANGES.get(key, (-math.inf, math.inf))
        return value if math.isfinite(value) and low <= value <= high else float(CONFIG_DEFAULTS[key])

    @api.model
    def _ocr_client(self, config=None):
        """Return an :class:`OcrClient` built from the effective settings (or ``config``).

        Raises ``ValueError`` when the URL is not an http(s) URL.
        """
        config = config or self._ocr_config()
        verify = str(config["ocr_tls_verify"]).strip().lower() in TRUE_STRINGS
        if verify and config["ocr_ca_bundle"]:
            verify = config["ocr_ca_bundle"]
        return OcrClient(
            config["ocr_api_url"],
            token=config["ocr_api_token"] or None,
            timeout=self._ocr_config_float(config, "ocr_timeout"),
            verify=verify,
            max_upload_bytes=max(int(self._ocr_config_float(config, "ocr_max_upload_mb") * 1024 * 1024), 0)
            or None,
        )

    @api.model
    def _ocr_settings_fingerprint(self, config=None):
        """A fingerprint of the connection settings in effect (``CONNECTION_SETTINGS``), keyed
        with the database's secret: it tells a change of the settings, and nothing of the token."""
        config = config or self._ocr_config()
        message = "\n".join(str(config[key] or "").strip() for key in CONNECTION_SETTINGS)
        return hmac(self.env(su=True), "hr_expense_ocr_audit.settings", message)[:32]

    @api.model
    def _ocr_quick_ask(self, ask):
        """``ask(client)`` with a client of the settings in effect, within seconds whatever the
        documents' timeout (a service that hangs holds the scheduled action's run no longer);
        False when the URL is no http(s) URL."""
        config = dict(self._ocr_config())
        config["ocr_timeout"] = min(self._ocr_config_float(config, "ocr_timeout"), READY_TIMEOUT)
        try:
            return ask(self._ocr_client(config))
        except ValueError:  # (a URL that is no http(s) URL)
            return False

    @api.model
    def _ocr_service_ready(self):
        """Whether the service the settings name answers ``/health/ready`` with ready."""
        return self._ocr_quick_ask(lambda client: client.ready())

    @api.model
    def _ocr_service_takes_settings(self):
        """Whether a request sent with the settings in effect reaches the service and passes
        its token check (``OcrClient.token_taken``), within seconds."""
        return self._ocr_quick_ask(lambda client: client.token_taken() is True)

    @api.model
    def _ocr_busy_budget_seconds(self):
        """Seconds the service may spend on one document over all its attempts."""
        return OCR_BUSY_BUDGET_TIMEOUTS * self._ocr_config_float(self._ocr_config(), "ocr_timeout")

    @api.model
    def _ocr_digitize_mode(self):
        """off, on_demand or auto; another value (a typo in the server environment) is the
        default, as the settings form shows it."""
        mode = str(self._ocr_config()["digitize_mode"]).strip()
        return mode if mode in DIGITIZE_MODES else CONFIG_DEFAULTS["digitize_mode"]

    # ------------------------------------------------------------------
    # Hooks (override in the concrete models)
    # ------------------------------------------------------------------
    def _ocr_doc_type(self):
        """Return the doc_type sent to the service; override per model."""
        return "auto"

    def _ocr_get_attachment(self):
        """Return the attachment to scan for this record; override per model."""
        return self.env["ir.attachment"]

    def _ocr_apply_result(self, result):
        """Store the service's answer on the record; override per model."""
        self.ensure_one()
        return "done"

    def _ocr_reset_result(self):
        """Forget previous OCR values before a new scan; override per model."""
        return True

    def _ocr_history_result_values(self):
        """Return extra history values once the answer is stored (no personal data); override per model."""
        return {}

    @api.model
    def _ocr_backlog_domain(self):
        """Domain of records that should have been queued; override per model."""
        return [("id", "=", 0)]

    # ------------------------------------------------------------------
    # Queueing
    # ------------------------------------------------------------------
    def _ocr_identity_key(self, attachment):
        self.ensure_one()
        # the attachment too: a job left for a deleted copy of the same file is not this one's
        return f"hr_expense_ocr_audit:{self._name}:{self.id}:{attachment.id}:{attachment.checksum}"

    @writes_ocr_fields
    def _ocr_forget_request(self):
        """The records' document was replaced or removed: no request stands for it any more
        (its state, error, retries, job and the file read go; what was read is the model's
        ``_ocr_reset_result``)."""
        self.sudo().write(
            {
                "ocr_state": "not_scanned",
                "ocr_error": False,
                "ocr_failure_retryable": False,
                "ocr_config_failure": False,
                "ocr_checksum": False,
                "ocr_attachment_id": False,
                "ocr_job_uuid": False,
                "ocr_cron_retries": 0,
                "ocr_jobs_lost": 0,
            }
        )
        return True

    @writes_ocr_fields
    def _ocr_enqueue(self, force=False):
        """Queue one OCR job per record for its current attachment.

        Nothing is queued when the same attachment is already queued or was
        already read, unless ``force`` (re-scan) is set; never while a job for
        the same attachment still waits or runs.
        """
        queued = self.browse()
        for record in self:
            attachment = record._ocr_get_attachment()
            if not attachment:
                continue
            same_content = record.ocr_checksum == attachment.checksum
            if same_content and record._ocr_waiting_on_live_job():
                continue
            if same_content and not force:
                if record.ocr_state in ("queued", "processing"):
                    continue
                if record.ocr_state in ("done", "needs_review"):
                    continue
            # the job is stored under the record's company (its queue managers see it, not the
            # company of whoever queued it: the scheduled action's), and runs as the reader, in
            # that company, not as whoever queued it: a job keeps its user and their companies of
            # the moment, and one whose user has since lost the record's company, or was deleted,
            # did not even load (queue_job checks the companies, and stores the job as its user),
            # again and again, its record queued for ever. Who asked is kept for the history
            company = record._ocr_company()
            job = (
                record.with_user(SUPERUSER_ID)
                .with_company(company)
                .with_context(company_id=company.id, ocr_requested_by=self.env.uid, active_test=True)
                .with_delay(
                    channel=OCR_CHANNEL,
                    identity_key=record._ocr_identity_key(attachment),
                    max_retries=OCR_MAX_RETRIES,
                    description=_("OCR: %(model)s #%(id)s", model=record._description, id=record.id),
                )
                ._ocr_job_scan(attachment.id)
            )
            vals = {
                "ocr_state": "queued",
                "ocr_error": False,
                "ocr_failure_retryable": False,
                "ocr_config_failure": False,
                "ocr_attachment_id": attachment.id,
                "ocr_checksum": attachment.checksum,
                "ocr_requested_at": fields.Datetime.now(),
            }
            if job is not None and getattr(job, "uuid", None):
                vals["ocr_job_uuid"] = job.uuid
            record.sudo().write(vals)
            queued |= record
        return queued

    def _ocr_company(self):
        """The company a record's job is stored under: the record's, else the current one."""
        self.ensure_one()
        return self["company_id"] if "company_id" in self._fields and self["company_id"] else self.env.company

    def _job_prepare_context_before_enqueue_keys(self):
        """A job keeps, besides what queue_job keeps, who asked for it (``_ocr_enqueue``), whose
        request the history line is. (``_ocr_enqueue`` queues with ``active_test`` set: a list of
        archived records queues a job that must still match contacts in use only; other jobs of
        these models keep theirs.)"""
        return (*super()._job_prepare_context_before_enqueue_keys(), "ocr_requested_by")

    @api.model
    def _ocr_check_can_process_queue(self):
        """Only the scheduled action and administrators run the backlog."""
        if not (self.env.su or self.env.user._is_superuser() or self.env.user._is_system()):
            raise AccessError(_("Only administrators can run the OCR backlog."))

    @writes_ocr_fields
    @api.model
    def _ocr_process_pending_queue(self, limit=BACKLOG_BATCH):
        """Queue the backlog, requests stuck too long, temporary failures, failures on a setting
        since corrected, and, a few rounds at most, failures on the settings still in effect once
        a request with them is taken (a proxy's fault mended). Failed requests are queued again
        only while the service says it is ready (asked once a run): an outage, however long,
        uses up none of their rounds."""
        queued = 0
        now = fields.Datetime.now()
        readiness, taken = [], []

        def service_ready():
            if not readiness:
                readiness.append(self._ocr_service_ready())
                if not readiness[0]:
                    _logger.info("OCR service not ready: failed OCR requests wait for it")
            return readiness[0]

        def settings_work():
            # the settings' URL, TLS settings and token lead to the service, which takes them
            # (``GET /ocr`` answered as the service answers it past its token check): asked
            # once a run, only when a failure on a setting still in effect waits for it
            if not taken:
                taken.append(service_ready() and self._ocr_service_takes_settings())
            return taken[0]

        fingerprint = self._ocr_settings_fingerprint()
        for model_name in self._ocr_models():
            model = self.env[model_name].sudo()
            mode = model._ocr_digitize_mode()
            if mode == "off":
                continue
            if mode == "auto":
                backlog = model.search(model._ocr_backlog_domain(), limit=limit, order="id")
                queued += len(backlog._ocr_enqueue())
            # stuck: still queued or processing, and no job of theirs will run (a job lost, found
            # dead by the runner, its worker killed): those with a live job are left out of the
            # search itself, or a long outage's retrying requests took every place of the batch
            live = (
                self.env["queue.job"]
                .sudo()
                .search(
                    [
                        ("model_name", "=", model_name),
                        ("method_name", "=", "_ocr_job_scan"),
                        ("state", "in", JOB_ALIVE_STATES),
                    ]
                )
                .mapped("uuid")
            )
            stuck = model.search(
                [
                    ("ocr_state", "in", ("queued", "processing")),
                    ("ocr_requested_at", "<", now - STUCK_AFTER),
                    ("ocr_job_uuid", "not in", live),
                ],
                limit=limit,
                order="ocr_requested_at",
            )
            for record in stuck:
                if not record._ocr_get_attachment():
                    record._ocr_forget_request()  # nothing is left to read
                    continue
                if record.ocr_jobs_lost >= CRON_MAX_RETRIES:
                    # a document whose job dies each time (a worker killed over its time limit)
                    # is not sent again and again (counted apart from an outage's retries)
                    record._ocr_set_failed(
                        _(
                            "The OCR job stopped %(count)s times without an answer. The document "
                            "may be too large or too hard to read: attach a smaller or clearer "
                            "scan, then use Re-scan.",
                            count=record.ocr_jobs_lost + 1,
                        )
                    )
                    continue
                lost = record.ocr_jobs_lost + 1
                if record._ocr_enqueue(force=True):
                    record.ocr_jobs_lost = lost
                    queued += 1
            # failed because the service was unavailable: try again, a few times;
            # a document the service refused (4xx) is never sent again by itself
            failed = model._ocr_failed_with_rounds_left([("ocr_failure_retryable", "=", True)], now, limit)
            # (a round is counted only when the service was ready to take the document)
            queued += failed._ocr_requeue_round() if failed and service_ready() else 0
            # failed on a setting (the URL, the token, the TLS settings) since changed: once per
            # change (a request failing on the new settings is marked with them)
            misconfigured = model.search(
                [
                    ("ocr_state", "=", "failed"),
                    ("ocr_config_failure", "!=", False),
                    ("ocr_config_failure", "!=", fingerprint),
                ]
                + model._ocr_retry_domain(),
                limit=limit,
                order="ocr_requested_at",
            )
            for record in misconfigured if misconfigured and service_ready() else ():
                if record._ocr_enqueue(force=True):
                    queued += 1
            # failed on the settings still in effect, on a fault mended where no setting shows it
            # (the proxy's certificate renewed, its location or the token it passes on fixed):
            # queued again, a few rounds at most, once a request with these settings reaches the
            # service and is taken (``settings_work``)
            mended = model._ocr_failed_with_rounds_left(
                [("ocr_config_failure", "=", fingerprint)], now, limit
            )
            queued += mended._ocr_requeue_round() if mended and settings_work() else 0
        return queued

    @api.model
    def _ocr_failed_with_rounds_left(self, domain, now, limit):
        """Failed requests of ``domain`` the scheduled action may queue again: rounds left
        (``CRON_MAX_RETRIES``), failed ``RETRY_FAILED_AFTER`` ago, oldest first."""
        return self.search(
            [
                ("ocr_state", "=", "failed"),
                ("ocr_cron_retries", "<", CRON_MAX_RETRIES),
                ("ocr_requested_at", "<", now - RETRY_FAILED_AFTER),
            ]
            + domain
            + self._ocr_retry_domain(),
            limit=limit,
            order="ocr_requested_at",
        )

    def _ocr_requeue_round(self):
        """Queue these failed requests again, each a round of the scheduled action's
        (``ocr_cron_retries``); returns how many were queued."""
        queued = 0
        for record in self:
            retries = record.ocr_cron_retries + 1
            if record._ocr_enqueue(force=True):
                record.ocr_cron_retries = retries
                queued += 1
        return queued

    @api.model
    def _ocr_requeue_as_reader(self):
        """Queue again, as the reader (``_ocr_enqueue``), the OCR jobs still waiting that were
        queued as whoever asked (before 18.0.1.1.0): one whose user has since lost the record's
        company, or was deleted, never loads, and the runner puts it back for ever, its record
        queued behind a job that looks alive. Started ones too: none runs during an upgrade, so a
        job started is one a stopped server left, which queue_job puts back to run. Run by the
        upgrade only; returns how many were queued."""
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("method_name", "=", "_ocr_job_scan"),
                    ("model_name", "in", self._ocr_models()),
                    ("state", "in", ("wait_dependencies", "pending", "enqueued", "started")),
                    ("user_id", "!=", SUPERUSER_ID),
                ]
            )
        )
        queued = 0
        for job in jobs:
            stored = job.records
            records = self.env[job.model_name].sudo().browse(stored.ids).exists()
            mine = records.filtered(lambda r, uuid=job.uuid: r.ocr_job_uuid == uuid)
            # the request's language and time zone stay (what the job writes is in them), as for
            # a job its user queues now; not its user or its companies
            kept = {key: stored.env.context[key] for key in ("lang", "tz") if stored.env.context.get(key)}
            # cancelled as queue_job stores a job, but not through Job.load: loading is what such a
            # job cannot do (its user's companies are checked)
            job.with_context(_job_edit_sentinel=job.EDIT_SENTINEL).write(
                {"state": "cancelled", "date_cancelled": fields.Datetime.now(), "result": "queued again"}
            )
            # asked again by the upgrade: the history line names the superuser, not a user who
            # may have lost the record since
            queued += len(mine.with_context(**kept)._ocr_enqueue(force=True))
        return queued

    @api.model
    def _ocr_retry_domain(self):
        """Extra domain on failed records the scheduled action may retry; override per model."""
        return []

    @api.model
    def _ocr_models(self):
        """Models handled by the scheduled action; extend to add more."""
        return ["hr.expense", "hr.employee"]

    def _ocr_waiting_on_live_job(self):
        """Whether the record's request is queued or being read right now."""
        self.ensure_one()
        return self.ocr_state in ("queued", "processing") and self._ocr_job_alive()

    def _ocr_job_alive(self):
        """Whether the record's job is still waiting or running."""
        self.ensure_one()
        if not self.ocr_job_uuid:
            return False
        return bool(
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("uuid", "=", self.ocr_job_uuid),
                    ("state", "in", JOB_ALIVE_STATES),
                ]
            )
        )

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------
    @writes_ocr_fields
    def _ocr_job_scan(self, attachment_id):
        """Job: send the attachment to the OCR service and store the answer.

        Idempotent: does nothing when the record is gone, the attachment was
        replaced, or the result is already there. Never commits. A concurrent save
        runs it again, not counted as an attempt (``retried_on_concurrent_save``).
        """
        with retried_on_concurrent_save():
            return self._ocr_scan_attachment(attachment_id)

    def _ocr_scan_attachment(self, attachment_id):
        """The scan job's body (``_ocr_job_scan``)."""
        record = self.exists()
        if not record:
            return "record deleted: nothing to do"
        record.ensure_one()
        record = record.sudo()
        attachment = self.env["ir.attachment"].sudo().browse(attachment_id).exists()
        current = record._ocr_get_attachment()
        if not attachment or attachment != current:
            if not (
                current
                and record.ocr_state in ("queued", "processing")
                # (a file deleted leaves none: ``ondelete="set null"``)
                and record.ocr_attachment_id.id in (attachment_id, False)
                and current.checksum == record.ocr_checksum
            ):
                return "document removed or replaced: nothing to do"
            # the file requested went (to another record, or deleted) while a copy of it stays,
            # which the record kept waiting for: that copy is the document requested (left
            # unread, the job's end would mark the record failed, "not read")
            attachment = current
            record.ocr_attachment_id = current
        if record.ocr_state not in ("queued", "processing") or (record.ocr_checksum != attachment.checksum):
            return "already processed: nothing to do"
        job_uuid = self.env.context.get("job_uuid")
        if job_uuid and record.ocr_job_uuid and record.ocr_job_uuid != job_uuid:
            # a newer request of the same file (its content written again in place, a re-scan
            # while this one waited): that request's job reads it, not this one as well
            return "superseded by a newer request: nothing to do"
        if record._ocr_digitize_mode() == "off":
            record.write({"ocr_state": "not_scanned", "ocr_job_uuid": False})
            return "OCR disabled: nothing to do"

        # who asked (the job runs as the reader): a user deleted since is no one
        # (a job queued before it said so runs as its requester)
        requested_by = self.env.context.get("ocr_requested_by", self.env.uid)
        requester = self.env["res.users"].sudo().browse(requested_by).exists()
        history_vals = {
            "user_id": requester.id or False,
            "res_model": record._name,
            "res_id": record.id,
            "doc_type": record._ocr_doc_type(),
            "attachment_checksum": attachment.checksum,
            # the document's company, not the company of the user the job runs as (the
            # scheduled action's): its managers see the line, and only they
            "company_id": record._ocr_company().id,
        }
        config = record._ocr_config()
        try:
            client = record._ocr_client(config)
        except ValueError:
            # a setting to fix, not an outage to wait out
            history_vals.update(state="failed", error_code="invalid_url")
            self.env["hr.ocr.history"].sudo().create(history_vals)
            record._ocr_set_failed(
                _(
                    "The OCR service URL in the settings is not an http:// or https:// "
                    "URL naming a host (with no user name or password in it). Ask an "
                    "administrator to correct it, then use Re-scan."
                ),
                settings=record._ocr_settings_fingerprint(config),
            )
            return "failed: invalid service URL"
        history_vals["service_url"] = client.base_url
        record.ocr_state = "processing"
        started = time.monotonic()
        try:
            result = client.scan(
                attachment.raw,
                self._ocr_safe_filename(attachment),
                doc_type=record._ocr_doc_type(),
                mimetype=attachment.mimetype,
            )
        except OcrPermanentError as exc:
            history_vals.update(
                request_id=exc.request_id,
                state="failed",
                duration_ms=int((time.monotonic() - started) * 1000),
                http_status=exc.status,
                error_code=exc.code,
                error_message=str(exc),
            )
            self.env["hr.ocr.history"].sudo().create(history_vals)
            config_error = exc.code in CONFIG_ERROR_CODES or exc.status in CONFIG_ERROR_STATUSES
            record._ocr_set_failed(
                record._ocr_permanent_error_message(exc),
                settings=config_error and record._ocr_settings_fingerprint(config),
            )
            _logger.info(
                "OCR request for %s #%s refused: HTTP %s (%s)",
                record._name,
                record.id,
                exc.status,
                exc.code,
            )
            return f"failed: HTTP {exc.status} ({exc.code})"
        except OcrRetryableError as exc:
            history_vals.update(
                request_id=exc.request_id,
                duration_ms=int((time.monotonic() - started) * 1000),
                http_status=exc.status,
                error_code=exc.code,
                error_message=str(exc),
            )
            held_ms = 0 if exc.code in NOT_HELD_CODES else history_vals["duration_ms"]
            give_up = record._ocr_give_up_message(held_ms)
            if give_up:
                history_vals["state"] = "failed"
                self.env["hr.ocr.history"].sudo().create(history_vals)
                record._ocr_set_failed(give_up[0], retryable=give_up[1])
                return f"failed: gave up after {exc.code}"
            history_vals["state"] = "retry"
            # the job's transaction is rolled back on retry: log the attempt
            # in its own transaction so the history keeps every request
            self.env["hr.ocr.history"]._log_autonomous(history_vals)
            raise RetryableJobError(str(exc), seconds=record._ocr_retry_seconds(exc.retry_after)) from exc

        duration = int((time.monotonic() - started) * 1000)
        engine = result.get("engine") if isinstance(result.get("engine"), dict) else {}
        cached = result.get("cached") is True
        service_ms = result.get("processing_ms")

        def text(value):
            # (the service's words for itself, as the contract gives them: short strings)
            return value[:64] if isinstance(value, str) else False

        history_vals.update(
            request_id=client.last_request_id,
            state="done",
            duration_ms=duration,
            http_status=200,
            engine_name=text(engine.get("name")),
            engine_version=text(engine.get("version")),
            cached=cached,
            # a cached answer carries the time of the request that filled the
            # cache, not of this one: the round trip is all this one took (and a figure no
            # column can hold is none)
            service_ms=(
                int(service_ms)
                if not cached and isinstance(service_ms, int | float) and 0 <= service_ms < 2**31
                else False
            ),
        )
        record._ocr_lock_for_result()
        try:
            # written whole or not at all: an answer the record cannot take (a value of a type the
            # contract does not give, a contact deleted meanwhile) fails the request here; raised
            # on, it stopped the job with the record's row locked, and queue_job's failure hook
            # then waited on that lock for ever (and logged the error's text, which may quote
            # what was read)
            with self.env.cr.savepoint():
                outcome = record._ocr_apply_result(result)
                history_vals["outcome"] = record.ocr_state
                history_vals.update(record._ocr_history_result_values())
        except Exception as exc:
            if isinstance(exc, psycopg2.OperationalError) and exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise  # a concurrent save: run again (``retried_on_concurrent_save``)
            _logger.warning(
                "OCR answer for %s #%s could not be stored (%s)", record._name, record.id, type(exc).__name__
            )
            history_vals.update(state="failed", error_code="answer_not_stored")
            self.env["hr.ocr.history"].sudo().create(history_vals)
            record._ocr_set_failed(
                _(
                    "The OCR service's answer could not be stored on this record (an answer this "
                    "version of the addon does not understand, or a value changed meanwhile). Use "
                    "Re-scan; if it fails again, tell your administrator (see the server's log)."
                )
            )
            return "failed: answer not stored"
        self.env["hr.ocr.history"].sudo().create(history_vals)
        # (the request is answered: what it took to get there counts against none to come)
        record.sudo().write({"ocr_cron_retries": 0, "ocr_jobs_lost": 0})
        return f"OCR {outcome}"

    def _ocr_lock_for_result(self):
        """Lock the record before what was read is written onto it. A save of the record since
        the job's transaction began (an HR officer's, an employee's, while the service read)
        fails the job's writes; PostgreSQL's error on the statement that wrote what was read
        would be logged with its values (a passport number, a name, a vendor). It fails here
        instead, on a statement that holds the record's id only, and is not logged (taken
        before the state written before the request is flushed, which would fail first and be
        logged); queue_job retries the job as it retries any concurrent update."""
        self.ensure_one()
        lock_rows(self, "NO KEY UPDATE")

    @writes_ocr_fields
    def _ocr_set_failed(self, message, retryable=False, settings=False):
        """Mark the request failed with a message that says what to do. ``settings``: the
        fingerprint of the settings a request failed on (``_ocr_settings_fingerprint``), when a
        setting is what failed it: the scheduled action queues it again once they change."""
        if settings:
            message = _(
                "%(message)s Once the settings are corrected, the document is sent again automatically.",
                message=message,
            )
        self.sudo().write(
            {
                "ocr_state": "failed",
                "ocr_error": message,
                "ocr_failure_retryable": retryable,
                "ocr_config_failure": settings or False,
            }
        )

    def _ocr_give_up_message(self, duration_ms):
        """Return (message, retryable) when a retryable failure should not be retried.

        Two bounds beside queue_job's count of attempts: the time since the
        request (an outage is not waited out forever), and the time the
        service spent on this very document (a document that times out again
        and again would hold the engine for every attempt). ``duration_ms`` is
        this attempt's share of the latter: 0 when the service never took the
        document (unreachable, a connect timeout, TLS refused), whose attempts
        count as an outage, not against the document.
        """
        self.ensure_one()
        History = self.env["hr.ocr.history"].sudo()
        spent_ms = duration_ms + sum(
            History.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("attachment_checksum", "=", self.ocr_checksum),
                    ("state", "=", "retry"),
                    ("error_code", "not in", list(NOT_HELD_CODES)),
                    ("create_date", ">=", self.ocr_requested_at),
                ]
            ).mapped("duration_ms")
        )
        budget = self._ocr_busy_budget_seconds()
        if spent_ms >= budget * 1000:
            return (
                _(
                    "The OCR service spent %(seconds)s s on this document without "
                    "an answer. It may be too large or too hard to read: attach a "
                    "smaller or clearer scan, then use Re-scan.",
                    seconds=int(spent_ms / 1000),
                ),
                False,
            )
        if self.ocr_requested_at and fields.Datetime.now() - self.ocr_requested_at > OCR_RETRY_WINDOW:
            return (
                _(
                    "The OCR service stayed unavailable for %(hours)s hours. The "
                    "document is queued again automatically a few times; use "
                    "Re-scan once the service is back.",
                    hours=int(OCR_RETRY_WINDOW.total_seconds() // 3600),
                ),
                True,
            )
        return None

    def _ocr_retry_seconds(self, retry_after):
        """Seconds before the next attempt: the job's back-off, never sooner
        than the service asked (Retry-After). None lets queue_job decide."""
        if not retry_after:
            return None
        job_uuid = self.env.context.get("job_uuid")
        backoff = 0
        if job_uuid:
            job = Job.load(self.env, job_uuid)
            # the stored job does not count the attempt running now
            job.retry += 1
            backoff = job._get_retry_seconds()
        return max(int(retry_after), int(backoff or 0))

    def _ocr_job_on_fail(self, exc_info=None, exc_name=None, exc_message=None):
        """Job failed for good: say so on the record, and whether it is worth a retry."""
        retries_exhausted = (exc_name or "").endswith("FailedJobError")
        message = _(
            "The OCR job stopped on an unexpected error. Use Re-scan; if it "
            "fails again, tell your administrator (see the job queue)."
        )
        records = self.sudo().exists()
        # (the rows a job still holds locked are left: it may be the failed job itself, whose
        # transaction is rolled back only after this hook, on a cursor of its own, has run;
        # waiting on it would wait for ever. Such a record stays queued, and the scheduled action
        # takes it up as a stuck request)
        for record in records.browse(lock_rows(records, "NO KEY UPDATE", skip_locked=True)):
            # (queue_job stores the job failed before it calls this: a record whose job is still
            # alive waits on another, newer one, queued since for a new scan: it is that job's)
            if record.ocr_state in ("queued", "processing") and not record._ocr_job_alive():
                if retries_exhausted:
                    message = record._ocr_attempts_exhausted_message()
                record._ocr_set_failed(message, retryable=retries_exhausted)

    def _ocr_attempts_exhausted_message(self):
        """What the job's attempts met, from the last one's history line: no answer, an error
        answered, or no service reached."""
        self.ensure_one()
        last = (
            self.env["hr.ocr.history"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("attachment_checksum", "=", self.ocr_checksum),
                    ("state", "=", "retry"),
                ],
                order="id desc",
                limit=1,
            )
        )
        if last.error_code == "read_timeout":
            return _(
                "The OCR service did not answer after several attempts (it took the document "
                "and hung). The document is queued again automatically a few times; use "
                "Re-scan once the service is back."
            )
        if last.http_status:
            return _(
                "The OCR service answered with an error to several attempts (the last: HTTP "
                "%(status)s, %(code)s). The document is queued again automatically a few times; "
                "if it fails again, use Re-scan or tell your administrator (see the OCR history).",
                status=last.http_status,
                code=last.error_code or "-",
            )
        return _(
            "The OCR service could not be reached after several attempts. "
            "The document is queued again automatically a few times; use "
            "Re-scan once the service is back."
        )

    @writes_ocr_fields
    def _ocr_requeued(self):
        """The records' job was put back in the queue by hand: they wait for it again."""
        self.sudo().write(
            {
                "ocr_state": "queued",
                "ocr_error": False,
                "ocr_failure_retryable": False,
                "ocr_config_failure": False,
                "ocr_requested_at": fields.Datetime.now(),
            }
        )

    @writes_ocr_fields
    def _ocr_job_ended_without_result(self, reason):
        """The records' job was cancelled, deleted or set done by hand: free them."""
        messages = {
            "cancelled": _(
                "The OCR request was cancelled in the job queue. Use Re-scan to read the document."
            ),
            "deleted": _("The OCR request was deleted from the job queue. Use Re-scan to read the document."),
            "done": _(
                "The OCR request was marked done in the job queue without being read. "
                "Use Re-scan to read the document."
            ),
        }
        self._ocr_set_failed(messages[reason])

    @api.model
    def _ocr_safe_filename(self, attachment):
        """A neutral file name: the real one may hold personal data."""
        extension = ""
        if attachment.name and "." in attachment.name:
            # only a known file type's extension: what follows a dot may be a name ("Anna.Eriksson")
            suffix = attachment.name.rsplit(".", 1)[1].strip().lower()
            extension = f".{suffix}" if suffix in FILE_EXTENSIONS else ""
        return f"document-{attachment.id}{extension}"

    def _ocr_permanent_error_message(self, exc):
        messages = {
            "unsupported_media_type": _(
                "The OCR service does not accept this file type. Attach a JPEG, "
                "PNG, TIFF, WebP, BMP, GIF or PDF file."
            ),
            "file_too_large": _(
                "The document is larger than the OCR service takes (%(limit)s MB): attach a "
                "smaller scan (a photo or a PDF of the receipt alone), then use Re-scan.",
                limit=self._ocr_config()["ocr_max_upload_mb"],
            ),
            "empty_file": _("The file is empty (0 bytes): attach the document again."),
            "redirect": _(
                "The OCR Service URL in the settings redirects elsewhere (an http:// URL "
                "answered by https://, an old host name). Ask an administrator to set the URL "
                "it redirects to, then use Re-scan."
            ),
            "no_mrz_found": _("No machine-readable zone (MRZ) was found on the document."),
            "unreadable_image": _("The OCR service could not read the image."),
            "unauthorized": _(
                "The OCR service refused the API token in the settings, or needs one and none is "
                "set. Ask an administrator to enter the service's token, then use Re-scan."
            ),
            "invalid_token": _(
                "The OCR service API token in the settings holds a line break or another control "
                "character, which no request can carry. Ask an administrator to enter it again."
            ),
            "invalid_setting": _(
                "The OCR service URL or API token in the settings cannot be sent in a request (a "
                "character no request can carry). Ask an administrator to correct it."
            ),
            "not_found": _(
                "The OCR Service URL in the settings does not lead to the OCR service (a wrong "
                "path or prefix). Ask an administrator to correct it."
            ),
            "forbidden": _(
                "The OCR service, or its proxy, refused this server's request. Ask an "
                "administrator to check the settings and the proxy's access rules."
            ),
            "tls_config": _(
                "The CA bundle set for the OCR service (OCR CA Bundle) is no file this server "
                "can read. Ask an administrator to correct it, then use Re-scan."
            ),
        }
        status_messages = {
            401: messages["unauthorized"],
            403: messages["forbidden"],
            404: messages["not_found"],
            405: messages["not_found"],
            413: messages["file_too_large"],
            415: messages["unsupported_media_type"],
        }
        text = messages.get(exc.code) or status_messages.get(exc.status)
        if not text:
            text = _("The OCR service rejected the document.")
        return _(
            "%(text)s (HTTP %(status)s, %(code)s)",
            text=text,
            status=exc.status or "-",
            code=exc.code or "-",
        )

    # ------------------------------------------------------------------
    # Helpers for result parsing
    # ------------------------------------------------------------------
    @api.model
    def _ocr_field(self, fields_dict, name):
        """Return (value, confidence) of one field of the service's answer."""
        item = (fields_dict or {}).get(name)
        if isinstance(item, dict):
            return item.get("value"), item.get("confidence")
        return item, None

    @api.model
    def _ocr_parse_date(self, value):
        """A date of the service's answer (ISO 8601), or False."""
        if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            return False
        try:
            return fields.Date.to_date(str(value))
        except ValueError:
            return False

    @api.model
    def _ocr_min_confidence(self, fields_dict, names):
        """The lowest confidence of the named fields that have a value, between 0 and 1; 0 for
        none (a confidence that is no finite number, NaN or Infinity, vouches for nothing)."""
        confidences = []
        for name in names:
            value, confidence = self._ocr_field(fields_dict, name)
            if value in (None, ""):
                continue
            if isinstance(confidence, int | float) and not isinstance(confidence, bool):
                confidences.append(
                    min(1.0, max(0.0, float(confidence))) if math.isfinite(confidence) else 0.0
                )
        return min(confidences) if confidences else 0.0
