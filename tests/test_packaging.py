"""The ocr-service package: its wheel, built offline from what the image's build stage copies,
then installed into a fresh virtualenv and run from a folder outside the repository.
"""

from __future__ import annotations

import email
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from ocr_service import __version__
from tests.fixtures import receipt_jpeg

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "docker" / "ocr.Dockerfile"


def build_stage_sources() -> list[tuple[str, str]]:
    """(source, destination) of each COPY into the build stage's work folder (/src)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    build = text.split("\nFROM ", 2)[1]
    copies = []
    for line in build.splitlines():
        words = line.split()
        if words[:1] != ["COPY"] or words[-1].startswith("/"):
            continue
        for source in words[1:-1]:
            copies.append((source, words[-1]))
    return copies


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel`` of the files the image's build stage copies, offline (no build isolation)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for source, destination in build_stage_sources():
        target = src / destination
        if destination.endswith("/") and not source.endswith("/"):
            target = target / Path(source).name
        if (REPO / source).is_dir():
            shutil.copytree(REPO / source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / source, target)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(work / "dist"), str(src)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (built,) = (work / "dist").glob("*.whl")
    return built


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


def test_wheel_holds_the_whole_package_and_nothing_else(wheel):
    assert wheel.name == f"ocr_service-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    sources = {
        path.relative_to(REPO).as_posix()
        for pattern in ("*.py", "*.npz", "*.txt")
        for path in (REPO / "ocr_service").rglob(pattern)
        if "__pycache__" not in path.parts
    }
    assert sources - names == set(), "modules or their data missing from the wheel"
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"ocr_service", f"ocr_service-{__version__}.dist-info"}
    with zipfile.ZipFile(wheel) as archive:
        entry_points = archive.read(f"ocr_service-{__version__}.dist-info/entry_points.txt").decode()
    assert "[console_scripts]\nocr-service = ocr_service.cli:main" in entry_points
    licences = {name.split("/licenses/", 1)[1] for name in names if "/licenses/" in name}
    assert licences == {"LICENSE", "LICENSES/Apache-2.0.txt", "LICENSES/BSD-3-Clause.txt"}


def test_wheel_requires_the_default_engine_only_and_offers_paddle_as_an_extra(wheel):
    meta = metadata(wheel)
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0 AND BSD-3-Clause"
    assert sorted(meta.get_all("Provides-Extra")) == ["openvino", "paddle"]
    requires = meta.get_all("Requires-Dist")
    plain = {
        re.split(r"[ <>=!~;\[]", req, maxsplit=1)[0].lower() for req in requires if "extra ==" not in req
    }
    extra = {
        re.split(r"[ <>=!~;\[]", req, maxsplit=1)[0].lower() for req in requires if 'extra == "paddle"' in req
    }
    # the default engine: the recogniser on ONNX Runtime, the detector on OpenVINO
    assert {"onnxruntime", "openvino", "onnx", "rapidocr", "fastapi", "uvicorn"} <= plain
    assert not plain & {"paddlepaddle", "paddleocr", "rapidocr-paddle", "opencv-python"}
    assert extra == {"paddlepaddle", "paddleocr", "rapidocr-paddle"}
    openvino = {
        re.split(r"[ <>=!~;\[]", req, maxsplit=1)[0].lower()
        for req in requires
        if 'extra == "openvino"' in req
    }
    assert openvino == {"openvino"}


def test_installed_wheel_runs_from_any_folder(wheel, tmp_path):
    """A fresh venv gets the wheel (its dependencies come from this venv, not from the network)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]
    result = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = Path(
        subprocess.check_output(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    (site / "deps_from_the_test_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    folder = tmp_path / "somewhere else"
    folder.mkdir()
    (folder / "receipt.jpg").write_bytes(receipt_jpeg())
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    where = subprocess.check_output(
        [str(venv / "bin" / "python"), "-c", "import ocr_service; print(ocr_service.__file__)"],
        cwd=folder, env=env, text=True,
    )  # fmt: skip
    assert Path(where.strip()).is_relative_to(venv), where
    version = subprocess.run(
        [str(venv / "bin" / "ocr-service"), "--version"], cwd=folder, env=env, capture_output=True, text=True
    )
    assert version.stdout.strip() == f"ocr-service {__version__}"
    scan = subprocess.run(
        [str(venv / "bin" / "ocr-service"), "scan", "receipt.jpg"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert scan.returncode == 0, scan.stderr[-2000:]
    (line,) = [json.loads(text) for text in scan.stdout.splitlines()]
    assert line["file"] == "receipt.jpg"
    assert line["result"]["fields"]["total"]["value"] == "24.86"
