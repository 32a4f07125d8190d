"""Container health check of the OCR service: exit 0 when /health/ready answers 200, or 503
because every worker is busy ("saturated": loaded and working, only full).

A container is unhealthy while its models load, after its engine failed, and while every
worker is stuck in an engine call that does not return ("stuck"), not under load: Docker
would otherwise mark a replica working through a backlog unhealthy. Docker restarts a
container that exits, not one that is unhealthy: a request timeout after every worker got
stuck, ``/health`` fails (Kubernetes' liveness probe asks it) and the service ends itself
(``OCR_EXIT_WHEN_STUCK``), which Docker's restart policy answers.

Standard library only (the slim image has no curl). Reads the port from OCR_PORT.
"""

import json
import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('OCR_PORT', '8000')}/health/ready"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        try:
            state = json.loads(exc.read(4096) or b"{}").get("status")
        except (ValueError, AttributeError, OSError):
            state = None
        if exc.code == 503 and state == "saturated":
            return 0
        print(f"not ready: HTTP {exc.code} ({state or '-'})", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"not ready: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
