# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HTTP client for the self-hosted OCR service.

Plain Python on purpose: no Odoo import, so deployment checks can load this
file by path and talk to the service directly or through the TLS proxy.

Errors are split the way a job queue needs them: ``OcrPermanentError`` for
requests that will fail again unchanged (4xx except 429), ``OcrRetryableError``
for everything worth retrying later (5xx, 429, timeouts, connection and TLS
errors). Messages carry the HTTP status and the service's error code only,
never OCR text or file names: they end up in logs and job records.

A retryable error carries ``retry_after``, the seconds the service asked to
wait (``Retry-After`` on 429 and 503), so a queue never calls back sooner.
"""

import email.utils
import os
import re
import time
import uuid
from urllib.parse import urlsplit

import requests

__all__ = [
    "OcrClient",
    "OcrError",
    "OcrPermanentError",
    "OcrRetryableError",
    "check_url",
    "is_container_name",
    "is_loopback_host",
    "token_sent_in_clear",
]

DOC_TYPES = ("auto", "receipt", "passport", "text")
URL_SCHEMES = ("http", "https")
# why a service is not ready (GET /health/ready's 503): its models are loading, every
# worker is busy, its engine failed to load, or every worker is stuck in an engine call
READINESS_STATES = ("loading", "saturated", "failed", "stuck")
# a Retry-After beyond this is treated as this: a queue re-reads it next time
MAX_RETRY_AFTER = 3600
# control characters (a line break, a tab): no URL or header value can carry them
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# the request ids the service keeps (nginx's $request_id, or a UUID)
REQUEST_ID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class OcrError(Exception):
    """Base class of every error raised by :class:`OcrClient`."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code
        # the X-Request-ID of the request that failed (see OcrClient.last_request_id)
        self.request_id = None


class OcrPermanentError(OcrError):
    """The service refused the request; retrying it unchanged will not help."""


class OcrRetryableError(OcrError):
    """The service is unavailable, overloaded or too slow; retry later.

    ``retry_after``: seconds the service asked to wait, or ``None``; ``state``: on a 503
    of ``GET /health/ready``, why the service is not ready (``READINESS_STATES``).
    """

    def __init__(self, message, status=None, code=None, retry_after=None, state=None):
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after
        self.state = state


def check_url(url):
    """Return ``url`` without trailing slashes, or raise ``ValueError``.

    Only ``http://`` and ``https://`` URLs with a host are accepted: anything
    else (``file://``, ``ftp://``, a bare host name) is a setting to fix, not
    a request to retry.
    """
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        raise ValueError("the OCR service URL must be an http:// or https:// URL with a host name")
    if _CONTROL.search(url) or " " in url:
        # ("http://ocr:8000 /": no request can be sent to it, and requests says so with the URL)
        raise ValueError("the OCR service URL must hold no space, tab or line break")
    try:
        port = parts.port  # (a port that is no number, or over 65535, raises)
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError("the OCR service URL's port must be a number from 1 to 65535")
    if "@" in url:
        # (a user name and password in it would show wherever the URL is shown, and the service
        # takes the API token, set apart)
        raise ValueError("the OCR service URL must hold no user name or password")
    return url.rstrip("/")


def is_loopback_host(url):
    """Whether the URL's host is this machine (``localhost``, 127.0.0.0/8, ::1)."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host == "localhost" or host.startswith("127.") or host == "::1"


def is_container_name(url):
    """Whether the URL's host is one name without a dot (``ocr``, ``ocr-service``): a
    container of the same compose stack or a service of the same Kubernetes namespace,
    reached over their own network, not over the machines' one."""
    host = (urlsplit(url or "").hostname or "").lower()
    return bool(host) and "." not in host and ":" not in host and not host.isdigit()


def token_sent_in_clear(url, token):
    """Whether a bearer token would travel unencrypted to another machine: over http://,
    to a host that is neither this machine nor a container or service name (the compose
    stack's and Kubernetes' own ``http://ocr:8000``)."""
    if not token or urlsplit(url or "").scheme.lower() != "http":
        return False
    return not is_loopback_host(url) and not is_container_name(url)


def _retry_after(response):
    """Seconds from a ``Retry-After`` header (delay or HTTP date), or ``None``."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = int(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        seconds = int(when.timestamp() - time.time() + 0.999)
    return min(max(seconds, 0), MAX_RETRY_AFTER)


def _body(response):
    """The response's JSON object, or an empty one (no JSON, or not an object)."""
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _readiness_state(response):
    """Why a service answering 503 is not ready (its body's ``status``), or None."""
    state = _body(response).get("status")
    return state if state in READINESS_STATES else None


# the error codes the OCR service and its nginx proxy answer with (the API contract's); a code
# the body carries that is not one of them is not echoed: it goes into logs, the history and the
# record's error, and something else answering at the URL could put anything there (a name)
SERVICE_ERROR_CODES = frozenset(
    (
        "bad_request", "batch_too_large", "busy", "client_closed_request", "document_too_large",
        "empty_file", "engine_stuck", "file_too_large", "forbidden", "gateway_timeout", "http_error",
        "image_too_large", "internal_error", "invalid_doc_type", "invalid_request", "method_not_allowed",
        "missing_file", "no_mrz_found", "not_found", "not_ready", "page_too_large", "pdf_reader_failed",
        "rate_limited", "service_unavailable", "text_layer_too_large", "timeout", "too_many_files",
        "too_many_pages", "unauthorized", "unreadable_image", "unreadable_pdf", "unsupported_media_type",
    )
)  # fmt: skip


def _error_code(response):
    """Return the service's ``error.code`` if the body carries one the service is known to send."""
    error = _body(response).get("error")
    if isinstance(error, dict):
        code = error.get("code")
        if isinstance(code, str) and code in SERVICE_ERROR_CODES:
            return code
    return None


class OcrClient:
    """Talk to the OCR service (``GET /health``, ``POST /ocr``)."""

    def __init__(self, base_url, token=None, timeout=60.0, verify=True, max_upload_bytes=None):
        self.base_url = check_url(base_url)
        # (a token pasted with its line's end: the System Parameters' value is a text field)
        self.token = (token or "").strip() or None
        self.timeout = float(timeout) if timeout else 60.0
        # True/False, or a path to a CA bundle for a private CA
        self.verify = verify
        # a document larger than the service takes is refused here, never sent: a service (or
        # its proxy) refusing an upload early may close the connection before its 413 is read,
        # which a queue would take for an outage and send the document again and again
        self.max_upload_bytes = int(max_upload_bytes) if max_upload_bytes else None
        # the X-Request-ID of the last request: sent as 32 random hex digits (no personal data),
        # the service's answer's when it names another (a proxy's): the line of the service's
        # log that request left
        self.last_request_id = None

    def __repr__(self):
        # never show the token
        return f"OcrClient({self.base_url!r})"

    # -- helpers ------------------------------------------------------------
    def _headers(self):
        headers = {"Accept": "application/json", "X-Request-ID": self.last_request_id}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _request(self, method, path, **kwargs):
        url = f"{self.base_url}{path}"
        self.last_request_id = uuid.uuid4().hex
        try:
            return self._send(method, url, **kwargs)
        except OcrError as exc:
            exc.request_id = self.last_request_id
            raise

    def _send(self, method, url, **kwargs):
        if self.token and _CONTROL.search(self.token):
            # no request can carry it (http.client refuses the header, quoting it): a setting to
            # correct, said without the token
            raise OcrPermanentError(
                "the OCR service API token holds a line break or another control character",
                code="invalid_token",
            )
        # the URL set, and nothing else: no proxy from the environment (HTTP_PROXY would receive
        # the document and the token), no redirect followed (a POST turned into a GET, the token
        # sent to the next hop; a 3xx is reported as a setting to correct, see _check)
        session = requests.Session()
        session.trust_env = False
        verify = self.verify
        if verify is True:
            # (the CA bundle named in the environment is still the one trusted, as requests does
            # with trust_env: a private CA installed that way keeps working)
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        try:
            response = session.request(
                method,
                url,
                headers=self._headers(),
                timeout=self.timeout,
                verify=verify,
                allow_redirects=False,
                **kwargs,
            )
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader, ValueError):
            # (before RequestException: both are ValueErrors too) a URL or a header no request can
            # carry, which every attempt would meet alike: a setting to correct. Raised from None:
            # the error's text quotes the URL or the header (the token), and a job's traceback is
            # logged and stored with the job
            raise OcrPermanentError(
                "the OCR service URL or API token cannot be sent in a request", code="invalid_setting"
            ) from None
        except requests.exceptions.SSLError as exc:
            raise OcrRetryableError("OCR service TLS error", code="tls_error") from exc
        except requests.exceptions.ConnectTimeout as exc:
            # (before Timeout, its parent) the service never took the document: an outage
            raise OcrRetryableError(
                "OCR service unreachable (connect timeout)", code="connect_timeout"
            ) from exc
        except requests.exceptions.Timeout as exc:
            # the service gives up on a document at its own deadline, shorter than this timeout,
            # and answers 504 (code ``timeout``): no answer at all is a service or proxy that
            # hangs, an outage, not a document too hard to read
            raise OcrRetryableError("OCR service did not answer (read timeout)", code="read_timeout") from exc
        except requests.exceptions.ConnectionError as exc:
            raise OcrRetryableError("OCR service unreachable", code="connection_error") from exc
        except requests.exceptions.RequestException as exc:
            raise OcrRetryableError("OCR service request failed", code="request_error") from exc
        except OSError as exc:
            # requests' own check of the CA bundle setting: a path that is no file or folder
            # (every request would fail alike until the setting is corrected)
            raise OcrPermanentError(
                "the CA bundle set for the OCR service cannot be read", code="tls_config"
            ) from exc
        finally:
            session.close()
        # (only an id as the service keeps them, 32 hex digits or a UUID: whatever else answers
        # at the URL could put anything there, a name)
        answered = (response.headers.get("X-Request-ID") or "").strip().lower()
        if REQUEST_ID.fullmatch(answered):
            self.last_request_id = answered
        return self._check(response)

    @staticmethod
    def _check(response):
        status = response.status_code
        if 300 <= status < 400:
            # (http:// redirected to https://, an old host name): the setting is to be corrected
            raise OcrPermanentError(
                f"OCR service URL redirects (HTTP {status})", status=status, code="redirect"
            )
        if status < 400:
            try:
                payload = response.json()
            except ValueError as exc:
                raise OcrRetryableError(
                    f"OCR service returned HTTP {status} with a non-JSON body",
                    status=status,
                    code="invalid_response",
                ) from exc
            if not isinstance(payload, dict):
                # (a proxy's `null`, a list: every answer of the service is an object)
                raise OcrRetryableError(
                    f"OCR service returned HTTP {status} with JSON that is no object",
                    status=status,
                    code="invalid_response",
                )
            return payload
        code = _error_code(response) or f"http_{status}"
        message = f"OCR service returned HTTP {status} ({code})"
        # (408: a proxy gave up waiting for the upload; 425: too early to replay: both transient)
        if status in (408, 425, 429) or status >= 500:
            raise OcrRetryableError(
                message,
                status=status,
                code=code,
                retry_after=_retry_after(response),
                state=_readiness_state(response) if status == 503 else None,
            )
        raise OcrPermanentError(message, status=status, code=code)

    # -- API ----------------------------------------------------------------
    def health(self):
        """Return the service's liveness document (``GET /health``)."""
        return self._request("GET", "/health")

    def ready(self):
        """Return ``True`` when the models are loaded (``GET /health/ready``)."""
        try:
            self._request("GET", "/health/ready")
        except OcrError:
            return False
        return True

    def readiness(self):
        """Return the readiness document (``GET /health/ready``).

        A service still loading its models answers 503: that is a state to
        show, not an error, so it comes back as ``{"ready": False, ...}``.
        """
        try:
            return self._request("GET", "/health/ready")
        except OcrRetryableError as exc:
            if exc.status == 503:
                # the service says why: loading, saturated (every worker busy), failed or stuck
                return {"status": exc.state or "loading", "ready": False}
            raise

    def token_required(self):
        """Whether the service asks for a token at all: ``GET /ocr`` sent without one (401: it
        does; 405: it lets anyone past). None when the answer says neither."""
        token, self.token = self.token, None
        try:
            taken = self.token_taken()
        finally:
            self.token = token
        return None if taken is None else not taken

    def token_taken(self):
        """Whether the service takes this client's token (or asks for none): ``GET /ocr``, a
        route that needs the token where the service has one, and that answers only POST. The
        service checks the token before the route: 401 when it needs one this client lacks or
        does not take its own, 405 past the check. True or False; None when the answer says
        neither (whatever answers at the URL is not the service, or no service of this API).
        The health routes cannot tell: they answer without a token."""
        try:
            self._request("GET", "/ocr")
        except OcrPermanentError as exc:
            if exc.status == 401:
                return False
            if exc.status == 405:
                return True
            return None
        except OcrRetryableError:
            return None
        return None

    def scan(self, content, filename, doc_type="auto", mimetype=None):
        """OCR one document (``POST /ocr``) and return the parsed JSON."""
        if doc_type not in DOC_TYPES:
            raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)}")
        if not content:
            raise OcrPermanentError("empty document", code="empty_file")
        if self.max_upload_bytes and len(content) > self.max_upload_bytes:
            raise OcrPermanentError("document larger than the upload limit", code="file_too_large")
        files = {
            "file": (
                filename or "document",
                content,
                mimetype or "application/octet-stream",
            )
        }
        return self._request("POST", "/ocr", files=files, data={"doc_type": doc_type})
