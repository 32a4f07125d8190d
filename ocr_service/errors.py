"""Domain errors and their JSON shape: ``{"error": {"code": ..., "message": ...}}``.

Messages are fixed texts and numbers: never file names, OCR text or personal data.
"""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None, headers=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.headers = dict(headers or {})

    def payload(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


class ClientClosed(ServiceError):
    """The client hung up before its answer: nobody reads it (nginx's 499, for the log)."""

    status, code = 499, "client_closed_request"


class EmptyFile(ServiceError):
    status, code = 400, "empty_file"


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


class TooLarge(ServiceError):
    status, code = 413, "file_too_large"


class UnsupportedType(ServiceError):
    status, code = 415, "unsupported_media_type"


class Unprocessable(ServiceError):
    status, code = 422, "unreadable_image"


class RateLimited(ServiceError):
    status, code = 429, "rate_limited"


class Busy(ServiceError):
    status, code = 503, "busy"


class EngineStuck(ServiceError):
    """Every engine is held by a call that has not returned long past its deadline."""

    status, code = 503, "engine_stuck"


class Timeout(ServiceError):
    status, code = 504, "timeout"
