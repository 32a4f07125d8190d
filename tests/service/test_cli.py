"""`ocr-service scan`: several files and folders, JSON lines, a progress bar on terminals only.

The command runs as users run it: the console script the package installs, from a
folder outside the repository, without PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ocr_service import __version__, cli
from tests.fixtures import encode, receipt_image, receipt_jpeg

OCR_SERVICE = shutil.which("ocr-service", path=str(Path(sys.executable).parent))


def run_env(**extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(extra)
    return env


def scan(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    assert OCR_SERVICE, "the ocr-service command is not installed beside this Python (pip install -e .)"
    return subprocess.run(
        [OCR_SERVICE, "scan", *args], cwd=cwd, env=run_env(**env), capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """A user's folder: receipts, a file that is no image, an empty one, and things a folder scan skips."""
    root = tmp_path_factory.mktemp("documents")
    (root / "receipt one.jpg").write_bytes(receipt_jpeg())
    inbox = root / "inbox"
    (inbox / "old").mkdir(parents=True)
    (inbox / "b.png").write_bytes(encode(receipt_image(), "PNG"))
    (inbox / "a-not-an-image.JPG").write_bytes(b"this is a note, not a picture\n" * 20)
    (inbox / "notes.txt").write_text("skipped: not a document suffix")
    (inbox / ".hidden.png").write_bytes(encode(receipt_image(), "PNG"))
    (inbox / "old" / "c.png").write_bytes(b"")
    return root


def test_scan_of_files_and_a_folder_writes_one_json_line_per_file(documents):
    result = scan("receipt one.jpg", "inbox", "missing.pdf", "--doc-type", "receipt", cwd=documents)
    assert result.returncode == 1, result.stderr  # some files failed
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [
        "receipt one.jpg",
        str(Path("inbox") / "a-not-an-image.JPG"),
        str(Path("inbox") / "b.png"),
        "missing.pdf",
    ]
    receipt, not_image, second, missing = lines
    for ok in (receipt, second):
        assert "error" not in ok
        fields = ok["result"]["fields"]
        assert fields["total"]["value"] == "24.86"
        assert "SUNRISE" in fields["vendor"]["value"].upper()
        assert ok["result"]["doc_type"] == "receipt"
    assert not_image == {
        "file": str(Path("inbox") / "a-not-an-image.JPG"),
        "error": {"code": "unsupported_media_type", "message": not_image["error"]["message"]},
    }
    assert missing["error"]["code"] == "not_found"
    # no file contents in the output, and nothing on stderr when it is not a terminal
    assert "this is a note" not in result.stdout
    assert result.stderr == ""


def test_recursive_scan_reaches_sub_folders_and_reports_an_empty_file(documents):
    result = scan("inbox", "--recursive", "--doc-type", "text", cwd=documents)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [
        str(Path("inbox") / "a-not-an-image.JPG"),
        str(Path("inbox") / "b.png"),
        str(Path("inbox") / "old" / "c.png"),
    ]
    assert lines[2]["error"]["code"] == "empty_file"
    assert "24.86" in lines[1]["result"]["text"]


def test_file_over_the_upload_limit_is_refused_before_reading(documents):
    result = scan("receipt one.jpg", cwd=documents, OCR_MAX_UPLOAD_BYTES="1000")
    (line,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert line["error"]["code"] == "file_too_large"
    assert result.returncode == 1


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_the_scan_goes_on(tmp_path):
    """A name from a Latin-1 archive (byte 0xff) under a strict UTF-8 output, as a UTF-8
    locale gives: its line names it escaped, and the files after it are still read."""
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"a\xff.jpg"), "wb") as out:
        out.write(receipt_jpeg())
    (tmp_path / "b.jpg").write_bytes(receipt_jpeg())
    result = scan(".", "--doc-type", "receipt", cwd=tmp_path, PYTHONIOENCODING="utf-8:strict")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == ["a\\xff.jpg", "b.jpg"]
    assert all(line["result"]["fields"]["total"]["value"] == "24.86" for line in lines)


def test_a_reader_that_goes_away_after_a_failed_file_still_gets_the_failure_status(tmp_path):
    """`ocr-service scan ... | head -1`: the scan stops quietly when its reader goes, and its
    status still says a file it wrote out had failed (1), as a whole run's would."""
    (tmp_path / "a-empty.png").write_bytes(b"")
    for name in ("b.jpg", "c.jpg"):
        (tmp_path / name).write_bytes(receipt_jpeg())
    assert OCR_SERVICE
    proc = subprocess.Popen(
        [OCR_SERVICE, "scan", "a-empty.png", "b.jpg", "c.jpg", "--doc-type", "receipt"],
        cwd=tmp_path,
        env=run_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = json.loads(proc.stdout.readline())
    proc.stdout.close()  # the reader goes away while b.jpg is read
    _, err = proc.communicate(timeout=180)
    assert first["error"]["code"] == "empty_file"
    assert proc.returncode == 1, err.decode()[-2000:]
    assert b"Traceback" not in err


def test_nothing_to_scan_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = scan("empty", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no document" in result.stderr


def test_progress_bar_goes_to_stderr_when_it_is_a_terminal(documents):
    """stderr on a pseudo-terminal: the bar is drawn there; stdout (a pipe) holds only JSON lines."""
    assert OCR_SERVICE
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [OCR_SERVICE, "scan", "receipt one.jpg", "inbox"],
        cwd=documents,
        env=run_env(COLUMNS="100"),
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
    )
    os.close(slave)
    terminal = b""
    while True:
        ready, _, _ = select.select([master], [], [], 180)
        if not ready:
            proc.kill()
            pytest.fail("no output from the scan within 180 s")
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed: the process is done
            break
        if not chunk:
            break
        terminal += chunk
    stdout = proc.stdout.read()
    proc.wait(timeout=30)
    os.close(master)
    shown = terminal.decode(errors="replace")
    assert "[" in shown and "/3" in shown, shown
    assert "scanned 3/3 file(s), 1 failed" in shown, shown
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert len(lines) == 3
    assert "\x1b" not in stdout and "scanned" not in stdout


def test_collect_files_orders_folders_by_name_once_each(documents):
    files = cli.collect_files([str(documents / "inbox"), str(documents / "inbox" / "b.png")])
    assert [path.name for path in files] == ["a-not-an-image.JPG", "b.png"]
    deep = cli.collect_files([str(documents)], recursive=True)
    assert [path.relative_to(documents).as_posix() for path in deep] == [
        "inbox/a-not-an-image.JPG",
        "inbox/b.png",
        "inbox/old/c.png",
        "receipt one.jpg",
    ]


def test_version_is_the_package_version(tmp_path):
    assert OCR_SERVICE
    result = subprocess.run(
        [OCR_SERVICE, "--version"], cwd=tmp_path, env=run_env(), capture_output=True, text=True
    )
    assert result.stdout.strip() == f"ocr-service {__version__}"
    shim = subprocess.run(
        [sys.executable, "-m", "ocr_service", "--version"],
        cwd=tmp_path,
        env=run_env(),
        capture_output=True,
        text=True,
    )
    assert shim.stdout.strip() == f"python -m ocr_service {__version__}"


def test_paddle_engine_without_its_extra_says_how_to_install_it(monkeypatch, tmp_path, capsys):
    """PaddlePaddle is an optional extra; the test venv has it, so its absence is simulated."""
    real_find_spec = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util, "find_spec", lambda name: None if name == "paddleocr" else real_find_spec(name)
    )
    monkeypatch.setenv("OCR_ENGINE", "paddle")
    (tmp_path / "r.jpg").write_bytes(receipt_jpeg())
    assert cli.main(["scan", str(tmp_path / "r.jpg")]) == 2
    assert "pip install 'ocr-service[paddle]'" in capsys.readouterr().err
