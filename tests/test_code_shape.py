"""The service keeps its shape: small modules, small functions (scripts/check_size.py, also run by lint)."""

from __future__ import annotations

import importlib.util

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("check_size", REPO / "scripts" / "check_size.py")
check_size = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_size)


def test_the_service_has_no_module_over_500_lines_no_function_over_80_no_line_over_110():
    assert check_size.offenders(REPO / "ocr_service") == []


def test_the_check_finds_a_long_function_and_a_long_module(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(85))
    pattern = "A|" * 60
    (tmp_path / "long.py").write_text(f"def long_one():\n{body}\n" + "\n" * 420 + f'P = r"{pattern}"\n')
    found = check_size.offenders(tmp_path)
    assert any("long_one is 86 lines" in f for f in found)
    assert any("long.py: 507 lines" in f for f in found)
    # a pattern without spaces, which ruff's line length leaves out
    assert any("long.py:507: 127 characters" in f for f in found)
