"""Every error code the service and its nginx proxy answer with is one the addon's client echoes:
the client drops any other (a body from something else at the URL could carry a name), so a code
added here and not there would reach the addon as a bare ``http_<status>``."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import ocr_service
from ocr_service.errors import ServiceError

REPO = Path(__file__).resolve().parents[2]
CLIENT = REPO / "addons" / "hr_expense_ocr_audit" / "tools" / "ocr_client.py"


def _client():
    spec = importlib.util.spec_from_file_location("known_codes_ocr_client", CLIENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _service_codes() -> set[str]:
    for info in pkgutil.walk_packages(ocr_service.__path__, "ocr_service."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    codes = {ServiceError.code} | {sub.code for sub in _subclasses(ServiceError)}
    sources = [*Path(ocr_service.__path__[0]).rglob("*.py"), *(REPO / "nginx").glob("*.conf")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r"""code=["']([a-z_]+)["']""", text))
        codes |= set(re.findall(r'\\?"code\\?"\s*:\s*\\?"([a-z_]+)\\?"', text))
        # the codes of HTTP statuses the framework answers (404, 405, the rest)
        codes |= set(re.findall(r'(?:\b\d{3}\s*:\s*|codes\.get\([^,]+,\s*)"([a-z_]+)"', text))
    return codes


def test_every_code_the_service_sends_is_known_to_the_client():
    known = _client().SERVICE_ERROR_CODES
    missing = _service_codes() - known
    assert not missing, f"codes the addon's client would drop: {sorted(missing)}"


def test_a_code_the_service_does_not_send_is_not_echoed():
    client = _client()

    class Response:
        def __init__(self, code):
            self._code = code

        def json(self):
            return {"error": {"code": self._code, "message": "x"}}

    assert client._error_code(Response("busy")) == "busy"
    assert client._error_code(Response("eriksson_anna_l898902c3")) is None
    assert client._error_code(Response(["busy"])) is None
