"""Fixtures of the deployment checks: a test CA, and Debian's nginx running nginx/ocr.conf on loopback.

Nothing here needs Docker; see nginx_harness.py for how the configuration is laid out.
"""

from __future__ import annotations

import signal
import subprocess
from urllib.parse import urlsplit

import pytest

from .helpers import NGINX_DIR, free_port, missing_tools, require_tool
from .nginx_harness import (
    NginxProxy,
    Pki,
    make_pki,
    nginx_cmd,
    render_ocr_conf,
    render_odoo_conf,
    wait_for_port,
    write_nginx_tree,
)


def pytest_terminal_summary(terminalreporter):
    if not missing_tools:
        return
    terminalreporter.write_sep("!", "DEPLOYMENT CHECKS SKIPPED", red=True, bold=True)
    for name, hint in missing_tools.items():
        terminalreporter.write_line(f"  {name} is missing, its checks did not run: {hint}", red=True)


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory) -> Pki:
    """A throw-away CA and a server certificate for 127.0.0.1 and localhost."""
    return make_pki(require_tool("openssl"), tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def nginx_bin() -> str:
    return require_tool("nginx")


@pytest.fixture(scope="session")
def nginx_proxy(nginx_bin, test_pki, live_service, tmp_path_factory):
    """Debian's nginx serving nginx/ocr.conf (and odoo.conf) on loopback, in front of the live OCR service."""
    service = urlsplit(live_service)
    prefix = tmp_path_factory.mktemp("nginx")
    acme = prefix / "acme"
    acme.mkdir()
    http_port, https_port = free_port(), free_port()
    conf = render_ocr_conf(
        (NGINX_DIR / "ocr.conf").read_text(),
        http_port=http_port,
        https_port=https_port,
        upstream=f"{service.hostname}:{service.port}",
        acme_root=acme,
    )
    # Odoo's site shares the https port; nothing listens on its upstream ports
    odoo_conf = render_odoo_conf(
        (NGINX_DIR / "odoo.conf").read_text(),
        http_port=http_port,
        https_port=https_port,
        acme_root=acme,
        odoo_http=f"127.0.0.1:{free_port()}",
        odoo_websocket=f"127.0.0.1:{free_port()}",
    )
    # default.conf: the name docker-compose.yml mounts ocr.conf under, loaded first
    write_nginx_tree(prefix, test_pki, {"default.conf": conf, "odoo.conf": odoo_conf})
    check = subprocess.run(nginx_cmd(nginx_bin, prefix, "-t"), capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t rejected nginx/ocr.conf:\n{check.stderr}"

    proc = subprocess.Popen(
        nginx_cmd(nginx_bin, prefix, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(https_port, proc)
        wait_for_port(http_port, proc)
        yield NginxProxy(
            https_url=f"https://127.0.0.1:{https_port}",
            http_url=f"http://127.0.0.1:{http_port}",
            https_port=https_port,
            prefix=prefix,
            ca_cert=test_pki.ca_cert,
        )
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful stop
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if proc.stderr:
            proc.stderr.close()
