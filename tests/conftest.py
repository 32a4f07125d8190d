"""Fixtures shared by every test folder: one warm engine, and a live service process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def engine():
    """The default engine (as the settings name it), loaded once from the bundled models and warmed up."""
    from ocr_service.config import Settings
    from ocr_service.runtime import build_engine, warm_up

    loaded = build_engine(Settings())
    warm_up(loaded)
    return loaded


@pytest.fixture(scope="session")
def ocr_workers():
    """One warm worker thread owning its engine, shared by every app a test builds."""
    from ocr_service.config import Settings
    from ocr_service.runtime import OcrWorkers

    workers = OcrWorkers(Settings(workers=1)).start()
    assert workers.wait_ready(120), "the OCR engine did not load"
    yield workers
    workers.shutdown()


def start_service(env_overrides: dict | None = None, timeout: float = 90.0, stderr=subprocess.PIPE):
    """Start ``python -m ocr_service serve`` on a free loopback port; return (process, url).
    ``stderr``: where its log goes (a pipe, read on failure to start; or an open file)."""
    port = free_port()
    env = dict(os.environ)
    env.update({"OCR_HOST": "127.0.0.1", "OCR_PORT": str(port), "PYTHONPATH": str(REPO)})
    env.update(env_overrides or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "ocr_service", "serve"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stderr.read()[-2000:] if proc.stderr else b"(its log: the file given)"
            raise RuntimeError(f"the OCR service exited with {proc.returncode}: {said!r}")
        try:
            with urllib.request.urlopen(url + "/health/ready", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            pass
        time.sleep(0.25)
    proc.kill()
    raise RuntimeError("the OCR service did not become ready in time")


def stop_service(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def live_service():
    """Base URL of a real service process on loopback (models from disk, no network)."""
    proc, url = start_service({"OCR_RATE_LIMIT_PER_MINUTE": "6000", "OCR_RATE_LIMIT_BURST": "1000"})
    try:
        yield url
    finally:
        stop_service(proc)


@pytest.fixture(scope="session")
def live_service_process():
    """(process, url) of a dedicated service process, for memory and stream tests."""
    proc, url = start_service({"OCR_RATE_LIMIT_PER_MINUTE": "0"})
    try:
        yield proc, url
    finally:
        stop_service(proc)
