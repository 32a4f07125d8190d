"""Debian's nginx on loopback with the repository's nginx/*.conf, and a test CA for it.

The nginx under test reads the repository's own nginx/ocr.conf, odoo.conf and
security_headers.conf; only the listen ports, the upstream addresses and the
ACME folder are swapped for loopback values, in a copy under a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .helpers import NGINX_DIR


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


# -- certificates ------------------------------------------------------------


@dataclass(frozen=True)
class Pki:
    ca_cert: Path
    server_cert: Path
    server_key: Path


def _openssl(openssl: str, *args: str, cwd: Path) -> None:
    subprocess.run([openssl, *args], cwd=cwd, check=True, capture_output=True, timeout=30)


def make_pki(openssl: str, work: Path) -> Pki:
    """A throw-away CA and a server certificate for 127.0.0.1 and localhost, made with openssl."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(
        openssl, "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=hr_expense_ocr_audit deployment test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=work,
    )  # fmt: skip
    _openssl(
        openssl, "req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
        cwd=work,
    )  # fmt: skip
    (work / "server.ext").write_text(
        "basicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature\n"
        "extendedKeyUsage = serverAuth\n"
        "subjectAltName = IP:127.0.0.1, DNS:localhost\n"
        "subjectKeyIdentifier = hash\n"
        "authorityKeyIdentifier = keyid, issuer\n"
    )
    _openssl(
        openssl, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem",
        cwd=work,
    )  # fmt: skip
    return Pki(ca_cert=work / "ca.pem", server_cert=work / "server.pem", server_key=work / "server.key")


# -- nginx -------------------------------------------------------------------


# (text in nginx/ocr.conf, replacement, how many times it must occur)
def _ocr_conf_substitutions(http_port: int, https_port: int, upstream: str, acme_root: Path):
    return [
        ("    listen 80 default_server;\n", f"    listen 127.0.0.1:{http_port} default_server;\n", 1),
        ("    listen [::]:80 default_server;\n", "", 1),
        (
            "    listen 443 ssl default_server;\n",
            f"    listen 127.0.0.1:{https_port} ssl default_server;\n",
            1,
        ),
        ("    listen [::]:443 ssl default_server;\n", "", 1),
        ("    server ocr:8000 ", f"    server {upstream} ", 1),
        ("root /var/www/acme;", f"root {acme_root};", 1),
    ]


def _odoo_conf_substitutions(http_port: int, https_port: int, odoo_http: str, odoo_websocket: str, acme_root):
    return [
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n", 1),
        ("    listen [::]:80;\n", "", 1),
        ("root /var/www/acme;", f"root {acme_root};", 1),
        ("    listen 443 ssl;\n", f"    listen 127.0.0.1:{https_port} ssl;\n", 1),
        ("    listen [::]:443 ssl;\n", "", 1),
        ("    server odoo:8069;", f"    server {odoo_http};", 1),
        ("    server odoo:8072;", f"    server {odoo_websocket};", 1),
        # (relative to nginx's prefix: logs/ beside the tests' own access log)
        (
            "access_log /var/log/nginx/access.log odoo_path_only;",
            "access_log logs/odoo-access.log odoo_path_only;",
            2,
        ),
        # (the site's error log at the level the deployment sets, in a file of its own; the
        # tests' nginx.conf logs everything else at info)
        ("error_log /var/log/nginx/error.log crit;", "error_log logs/odoo-error.log crit;", 1),
    ]


def _substitute(name: str, text: str, substitutions) -> str:
    """Swap the deployment's ports and addresses for loopback ones; fail if the file drifted."""
    for old, new, count in substitutions:
        found = text.count(old)
        if found != count:
            raise AssertionError(f"nginx/{name}: expected {count} x {old.strip()!r}, found {found}")
        text = text.replace(old, new)
    return text


def render_ocr_conf(text: str, **values) -> str:
    return _substitute("ocr.conf", text, _ocr_conf_substitutions(**values))


def render_odoo_conf(text: str, **values) -> str:
    return _substitute("odoo.conf", text, _odoo_conf_substitutions(**values))


MAIN_CONF = """\
# written by tests/deploy/conftest.py: a minimal nginx.conf around the repository's ocr.conf
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log info;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format deploy_test '$status $upstream_addr "$request" $request_length';
    access_log {prefix}/logs/access.log deploy_test;
    client_body_temp_path {prefix}/temp/client_body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include conf.d/*.conf;
}}
"""


@dataclass
class NginxProxy:
    https_url: str
    http_url: str
    https_port: int
    prefix: Path
    ca_cert: Path

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "access.log"

    def odoo_access_log_lines(self) -> list[str]:
        """Lines of Odoo's site's own access log (nginx/odoo.conf's format)."""
        try:
            return (self.prefix / "logs" / "odoo-access.log").read_text().splitlines()
        except FileNotFoundError:
            return []

    def error_log_text(self) -> str:
        """Both error logs: the tests' nginx.conf's (info) and Odoo's site's own."""
        text = ""
        for name in ("error.log", "odoo-error.log"):
            try:
                text += (self.prefix / "logs" / name).read_text()
            except FileNotFoundError:
                pass
        return text

    def access_log_lines(self) -> list[str]:
        try:
            return self.access_log.read_text().splitlines()
        except FileNotFoundError:
            return []


def nginx_cmd(nginx: str, prefix: Path, *extra: str) -> list[str]:
    return [
        nginx, "-p", f"{prefix}/", "-c", str(prefix / "conf" / "nginx.conf"),
        "-e", str(prefix / "logs" / "error.log"), *extra,
    ]  # fmt: skip


def write_nginx_tree(prefix: Path, pki: Pki, conf_files: dict[str, str]) -> None:
    """Lay out conf/ (nginx.conf, conf.d/, snippets/, certs/), logs/ and temp/ under prefix."""
    conf = prefix / "conf"
    for sub in ("conf.d", "snippets", "certs/ocr", "certs/odoo"):
        (conf / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    (prefix / "temp").mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers keep the current user
    (conf / "nginx.conf").write_text(MAIN_CONF.format(prefix=prefix, user=user))
    shutil.copy(NGINX_DIR / "security_headers.conf", conf / "snippets" / "ocr_security_headers.conf")
    for site in ("ocr", "odoo"):
        shutil.copy(pki.server_cert, conf / "certs" / site / "fullchain.pem")
        shutil.copy(pki.server_key, conf / "certs" / site / "privkey.pem")
    for name, text in conf_files.items():
        (conf / "conf.d" / name).write_text(text)
