"""docker-compose.yml as Debian's docker-compose reads it, with an .env made from .env.example."""

from __future__ import annotations

import fnmatch
import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest
import yaml

from .helpers import REPO, require_tool

COMPOSE_FILE = REPO / "docker-compose.yml"
OCR_HOST_COMPOSE_FILE = REPO / "docker" / "ocr-host.compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
SECRET_KEYS = ("POSTGRES_PASSWORD", "ODOO_ADMIN_PASSWD", "OCR_API_TOKEN")


def make_env_file(path: Path) -> dict[str, str]:
    """Write .env.example with every empty secret filled in; return the secrets."""
    values = {key: secrets.token_hex(12) for key in SECRET_KEYS}
    lines = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={values[key]}" if key in values else line)
    path.write_text("\n".join(lines) + "\n")
    return values


def compose_config(env_file: Path, compose_file: Path = COMPOSE_FILE) -> subprocess.CompletedProcess:
    """``docker-compose -f FILE --env-file ENV config``; relative paths resolve from FILE's folder."""
    compose = require_tool("docker-compose")
    # a bare environment: variables of the caller's shell would override .env
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(env_file.parent)}
    return subprocess.run(
        [compose, "-f", str(compose_file), "--env-file", str(env_file), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=env_file.parent,
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    env_file = tmp_path_factory.mktemp("compose") / ".env"
    values = make_env_file(env_file)
    result = compose_config(env_file)
    assert result.returncode == 0, f"docker-compose config rejected the file:\n{result.stderr}"
    return yaml.safe_load(result.stdout), values, result


@pytest.fixture(scope="module")
def rendered_ocr_host(tmp_path_factory):
    env_file = tmp_path_factory.mktemp("compose-ocr-host") / ".env"
    values = make_env_file(env_file)
    result = compose_config(env_file, OCR_HOST_COMPOSE_FILE)
    assert result.returncode == 0, f"docker-compose config rejected the OCR host file:\n{result.stderr}"
    return yaml.safe_load(result.stdout), values, result


def test_compose_config_accepts_the_file(rendered):
    config, _, result = rendered
    assert "WARNING" not in result.stderr, result.stderr
    assert set(config["services"]) == {"db", "odoo", "ocr", "nginx"}


def test_compose_config_refuses_to_run_without_the_secrets(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_EXAMPLE.read_text())  # secrets left empty
    result = compose_config(env_file)
    assert result.returncode != 0
    assert any(key in result.stderr for key in SECRET_KEYS), result.stderr


def test_only_nginx_publishes_ports(rendered):
    config, _, _ = rendered
    published = {name for name, service in config["services"].items() if service.get("ports")}
    assert published == {"nginx"}
    targets = sorted(int(port["target"]) for port in config["services"]["nginx"]["ports"])
    assert targets == [80, 443]


def test_every_service_has_a_healthcheck_and_waits_for_healthy_dependencies(rendered):
    services = rendered[0]["services"]
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert services["odoo"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    # the OCR service started, not healthy: one that fails to load its models must not keep
    # nginx, Odoo's only published entry, from starting
    assert services["nginx"]["depends_on"] == {
        "ocr": {"condition": "service_started"},
        "odoo": {"condition": "service_healthy"},
    }
    assert "/health/ready" in (REPO / "docker" / "ocr-healthcheck.py").read_text()
    assert services["ocr"]["healthcheck"]["test"][-1] == "/usr/local/bin/ocr-healthcheck"


def test_database_keeps_its_data_in_a_named_volume(rendered):
    config = rendered[0]
    assert "db-data:/var/lib/postgresql/data:rw" in config["services"]["db"]["volumes"]
    assert "db-data" in config["volumes"]


def test_database_and_ocr_service_are_on_the_internal_network_only(rendered):
    config = rendered[0]
    assert config["networks"]["backend"].get("internal") is True
    for name in ("db", "ocr"):
        assert set(config["services"][name]["networks"]) == {"backend"}, name


def test_secrets_come_from_the_env_file_and_none_is_committed(rendered):
    config, values, _ = rendered
    odoo_env = config["services"]["odoo"]["environment"]
    assert odoo_env["PASSWORD"] == values["POSTGRES_PASSWORD"]
    assert odoo_env["ODOO_ADMIN_PASSWD"] == values["ODOO_ADMIN_PASSWD"]
    assert f"ocr_api_token = {values['OCR_API_TOKEN']}" in odoo_env["SERVER_ENV_CONFIG_SECRET"]
    assert config["services"]["ocr"]["environment"]["OCR_API_TOKEN"] == values["OCR_API_TOKEN"]
    # .env.example names the secrets and holds none
    example = dict(
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line and not line.startswith("#")
    )
    for key in SECRET_KEYS:
        assert example[key] == "", f".env.example must leave {key} empty"
    # every secret in the compose file is a required variable, not a default
    text = COMPOSE_FILE.read_text()
    for key in SECRET_KEYS:
        assert re.search(rf"\$\{{{key}:\?", text), key
        assert not re.search(rf"\$\{{{key}:-", text), key
    assert ".env" in (REPO / ".gitignore").read_text().split()
    assert ".env" in (REPO / ".dockerignore").read_text().split()


def test_ocr_host_file_runs_the_service_and_nginx_only(rendered_ocr_host):
    config, values, result = rendered_ocr_host
    assert "WARNING" not in result.stderr, result.stderr
    services = config["services"]
    assert set(services) == {"ocr", "nginx"}
    assert {name for name, service in services.items() if service.get("ports")} == {"nginx"}
    assert services["nginx"]["depends_on"] == {"ocr": {"condition": "service_healthy"}}
    assert services["ocr"]["environment"]["OCR_API_TOKEN"] == values["OCR_API_TOKEN"]
    assert all(service.get("healthcheck", {}).get("test") for service in services.values())
    assert config["networks"]["backend"].get("internal") is True
    # the same image and nginx files as the one-host stack
    assert Path(services["ocr"]["build"]["context"]) == REPO
    assert f"{REPO}/nginx/ocr.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]


@pytest.mark.parametrize("which", ["rendered", "rendered_ocr_host"])
def test_files_the_stack_mounts_exist(which, request):
    config = request.getfixturevalue(which)[0]
    for name, service in config["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("/") and source.startswith(str(REPO)):
                assert Path(source).exists(), f"{name} mounts missing {source}"
        build = service.get("build")
        if build:
            assert (Path(build["context"]) / build["dockerfile"]).is_file(), name


def _dockerignore_patterns() -> list[str]:
    lines = (REPO / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored(path: str, patterns: list[str]) -> bool:
    ignored = False
    parts = path.strip("/").split("/")
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if fnmatch.fnmatch(prefix, pattern) or fnmatch.fnmatch(prefix, pattern.replace("**/", "")):
                ignored = not negate
    return ignored


@pytest.mark.parametrize("dockerfile", sorted((REPO / "docker").glob("*.Dockerfile")), ids=lambda p: p.name)
def test_every_copied_path_exists_in_the_build_context(dockerfile):
    patterns = _dockerignore_patterns()
    sources = []
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(word.startswith("--from") for word in words):
            sources += [word for word in words[1:-1] if not word.startswith("--")]
    assert sources, dockerfile
    for source in sources:
        assert (REPO / source).exists(), f"{dockerfile.name}: COPY {source}: no such path"
        assert not _ignored(source, patterns), (
            f"{dockerfile.name}: COPY {source} is excluded by .dockerignore"
        )


def test_odoo_host_settings_of_a_two_host_deployment(tmp_path):
    """The Odoo host: RUNNING_ENV=prod and nginx without the OCR site."""
    env_file = tmp_path / ".env"
    make_env_file(env_file)
    with env_file.open("a") as env:
        env.write("RUNNING_ENV=prod\nNGINX_OCR_SITE=./nginx/none.conf\n")
    result = compose_config(env_file)
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert services["odoo"]["environment"]["RUNNING_ENV"] == "prod"
    assert f"{REPO}/nginx/none.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]
    assert (REPO / "server_env" / "prod").is_dir()


@pytest.mark.parametrize("which", ["rendered", "rendered_ocr_host"])
def test_the_service_trusts_forwarded_headers_from_nginx_only(which, request):
    """X-Forwarded-For from nginx's fixed address on the internal network, from nobody else."""
    import ipaddress

    config, _, _ = request.getfixturevalue(which)
    services = config["services"]
    trusted = services["ocr"]["environment"]["OCR_FORWARDED_ALLOW_IPS"]
    assert "FORWARDED_ALLOW_IPS" not in services["ocr"]["environment"]
    nginx_address = services["nginx"]["networks"]["backend"]["ipv4_address"]
    assert trusted == nginx_address
    ipam = config["networks"]["backend"]["ipam"]["config"][0]
    subnet, handed_out = ipaddress.ip_network(ipam["subnet"]), ipaddress.ip_network(ipam["ip_range"])
    assert ipaddress.ip_address(nginx_address) in subnet
    # Docker hands out addresses from the range only: none can be nginx's
    assert handed_out.subnet_of(subnet)
    assert ipaddress.ip_address(nginx_address) not in handed_out
    assert "*" not in trusted


def test_a_stop_lets_the_running_requests_and_jobs_finish(rendered):
    # Docker's default is 10 s: a request may take the service's 60 s deadline, a job waits up to
    # the addon's 75 s for its answer
    services = rendered[0]["services"]

    def seconds(value) -> float:
        text = str(value)
        return float(text[:-1]) if text.endswith("s") else float(text) / 1e9  # rendered in ns

    assert seconds(services["ocr"]["stop_grace_period"]) >= 65
    assert seconds(services["odoo"]["stop_grace_period"]) >= 80
