"""One licence story and one version, told the same way everywhere it is told."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from ocr_service import __version__

REPO = Path(__file__).resolve().parent.parent
ADDON = REPO / "addons" / "hr_expense_ocr_audit"


def test_the_service_is_apache_2_in_pyproject_the_image_and_the_licence_file():
    pyproject = (REPO / "pyproject.toml").read_text()
    # the service's code is Apache-2.0; the brands list it ships is BSD-3-Clause
    assert re.search(r'^license = "Apache-2.0 AND BSD-3-Clause"$', pyproject, re.MULTILINE)
    label = re.search(
        r'org\.opencontainers\.image\.licenses="([^"]+)"', (REPO / "docker" / "ocr.Dockerfile").read_text()
    )
    assert label and label.group(1) == "Apache-2.0 AND BSD-3-Clause"
    licence = (REPO / "LICENSE").read_text()
    assert "Apache-2.0" in licence and "LGPL-3.0-or-later" in licence
    for name in ("Apache-2.0.txt", "LGPL-3.0-or-later.txt", "GPL-3.0-or-later.txt"):
        assert (REPO / "LICENSES" / name).is_file(), name
    assert "Apache License" in (REPO / "LICENSES" / "Apache-2.0.txt").read_text()[:200]
    bsd = (REPO / "LICENSES" / "BSD-3-Clause.txt").read_text()
    assert "BSD 3-Clause" in bsd and "name-suggestion-index contributors" in bsd
    # the notice travels with the data too, as the licence asks
    brands = (REPO / "ocr_service" / "receipt" / "brands.txt").read_text()[:2000]
    assert "name-suggestion-index contributors" in brands and "BSD 3-Clause" in brands
    assert "brands.txt" in licence and "BSD 3-Clause" in licence
    files = re.search(r"^license-files = \[(.*)\]$", pyproject, re.MULTILINE)
    for file in re.findall(r'"([^"]+)"', files.group(1)):
        assert (REPO / file).is_file(), file


def test_the_addon_is_lgpl_3_in_its_manifest_and_every_file_header():
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text().split("\n", 2)[2])
    assert manifest["license"] == "LGPL-3"
    for path in ADDON.rglob("*.py"):
        header = path.read_text()[:300]
        if "License" in header:
            assert "License LGPL-3.0 or later" in header, path


def test_no_other_licence_is_claimed_anywhere():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    skip = {
        "scripts/lint-odoo.sh",  # OCA's list of licences an addon may have
        "CHANGELOG.md",  # says what the licence was
        "tests/test_licence_and_version.py",
    }
    for name in tracked:
        path = REPO / name
        if name.startswith("LICENSES/") or name in skip or not path.is_file():
            continue
        if path.suffix in {
            ".py",
            ".md",
            ".toml",
            ".cfg",
            ".txt",
            ".yml",
            ".yaml",
            ".conf",
            ".sh",
            ".rst",
            "",
        }:
            assert "AGPL" not in path.read_text(errors="replace"), name


def test_the_changelog_starts_with_the_service_version():
    text = (REPO / "CHANGELOG.md").read_text()
    first = re.search(r"^## ocr-service (\S+)", text, re.MULTILINE)
    assert first and first.group(1) == __version__
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text().split("\n", 2)[2])
    assert f"## hr_expense_ocr_audit {manifest['version']}" in text


def test_the_version_is_written_once():
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'version = { attr = "ocr_service.__version__" }' in pyproject
    assert not re.search(r"^version\s*=\s*\"", pyproject, re.MULTILINE)
    for path in (REPO / "ocr_service").rglob("*.py"):
        if path.name == "__init__.py" and path.parent.name == "ocr_service":
            continue
        assert f'"{__version__}"' not in path.read_text(), path


def test_deploy_docs_take_the_database_name_from_the_env_file():
    text = (REPO / "docs" / "deploy.md").read_text()
    assert not re.search(r"odoo\S* -d odoo\b", text), "a hard-coded database name"
    assert "ODOO_DB_NAME" in text
