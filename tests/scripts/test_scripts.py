"""The scripts a user runs first (README's two commands) and the file they source."""

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _source_venv(tmp_path, *args):
    """Source scripts/_venv.sh with ``args`` as a script would (its caller's arguments), a venv
    path that does not exist: what it does before creating anything."""
    venv = tmp_path / "venv"
    command = f'set -- {" ".join(args)}; . scripts/_venv.sh "$@"' if args else ". scripts/_venv.sh"
    done = subprocess.run(
        ["bash", "-c", f"set -euo pipefail; {command}"],
        cwd=REPO,
        env={**os.environ, "OCR_VENV": str(venv), "PYTHON": "/nonexistent/python"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, venv


def test_the_venv_script_refuses_a_mode_it_does_not_know_before_making_anything(tmp_path):
    # `scripts/run-service.sh --port 8765` sourced it without a mode: --port was taken for one,
    # and the package installed again (pip, the network) on every new first argument
    done, venv = _source_venv(tmp_path, "--port", "8765")
    assert done.returncode == 2
    assert "unknown mode '--port'" in done.stderr
    assert not venv.exists()


def test_the_scripts_name_the_mode_they_source_the_venv_with():
    for script in ("run-service.sh", "test.sh", "lint.sh", "bench.sh"):
        lines = (REPO / "scripts" / script).read_text().splitlines()
        sourcing = [line.split() for line in lines if line.startswith(". scripts/_venv.sh")]
        assert sourcing, script
        assert all(len(words) == 3 and words[2] in ("runtime", "dev") for words in sourcing), (
            script,
            sourcing,
        )


def test_test_sh_with_arguments_runs_pytest_alone():
    # `scripts/test.sh tests/deploy` (docs/deploy.md) ran the whole Odoo suite first
    this = "tests/scripts/test_scripts.py::test_the_scripts_name_the_mode_they_source_the_venv_with"
    env = {k: v for k, v in os.environ.items() if k != "ODOO_TESTS"}
    done = subprocess.run(
        ["bash", "scripts/test.sh", "--collect-only", "-q", this],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pytest only" in done.stderr
    assert "odoo-test:" not in done.stdout + done.stderr  # test-odoo.sh's lines: it did not run
    assert this in done.stdout
