#!/usr/bin/env python3
"""Hold the service's shape: no module in ocr_service/ over 500 lines, no function over 80, no line
over 110 characters (ruff's own check leaves out a line without spaces, a long pattern's).

    python scripts/check_size.py [PACKAGE_DIR]

Prints each offender and exits 1 when there is one. Run by scripts/lint.sh.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MAX_LINE = 110


def offenders(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{path}: {lines} lines (a module holds at most {MAX_MODULE_LINES})")
        for number, line in enumerate(text.splitlines(), 1):
            if len(line) > MAX_LINE:
                found.append(f"{path}:{number}: {len(line)} characters (a line holds at most {MAX_LINE})")
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = node.end_lineno - start + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        f"{path}:{node.lineno}: {node.name} is {length} lines "
                        f"(a function holds at most {MAX_FUNCTION_LINES})"
                    )
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "ocr_service"
    found = offenders(root)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
