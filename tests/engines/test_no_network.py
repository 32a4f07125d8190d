"""The engines reach no network: building and running the default engine (OpenVINO where the
CPU has bfloat16, whose Python package would send a usage event on import) resolves no host
name and opens no connection, and writes nothing under ~/intel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, os, sys
LOG = os.environ["NETWORK_CALLS_LOG"]

def hook(event, args):
    # appended to a file: a child forked to send (as OpenVINO's telemetry does) logs too
    if event in ("socket.getaddrinfo", "socket.connect", "urllib.Request", "http.client.connect"):
        with open(LOG, "a") as log:
            log.write(json.dumps([os.getpid(), event, repr(args)[:120]]) + "\n")

sys.addaudithook(hook)
import numpy as np
from ocr_service.config import Settings
from ocr_service.runtime import build_engine, warm_up
engine = build_engine(Settings())
warm_up(engine)
engine.ocr(np.full((200, 400, 3), 255, np.uint8))
import openvino  # whether the runtime chose it or not: importing it sends nothing either
import time
time.sleep(2.0)  # the event was sent from a thread and a forked child after the import
telemetry = sys.modules.get("openvino_telemetry")
print(json.dumps({"telemetry_loaded": telemetry is not None}))
"""


def test_building_and_running_the_default_engine_reaches_no_network(tmp_path):
    log = tmp_path / "network-calls.jsonl"
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(REPO), "NETWORK_CALLS_LOG": str(log)}
    env.pop("CI", None)  # OpenVINO's telemetry stays quiet in CI by itself: not what users run
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"telemetry_loaded": False}
    calls = log.read_text().splitlines() if log.exists() else []
    assert calls == [], calls
    assert not (tmp_path / "intel").exists(), "a consent or client-id file was written under ~/intel"
