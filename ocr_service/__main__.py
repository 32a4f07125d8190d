"""``python -m ocr_service``: the same as the ``ocr-service`` command (ocr_service/cli.py)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m ocr_service"))
