"""Service benchmark: cold start to ready, warm latency per page, throughput, memory.

Starts the real service (``python -m ocr_service serve``) on loopback with the result
cache off, posts every image of a folder with ``doc_type=text``, and writes
``bench/reports/service.{md,json}``:

- cold start: process start until ``/health/ready`` answers 200;
- warm latency p50/p95 per page, one client, over the folder's images;
- throughput with 2 concurrent clients;
- RSS of the service after each request, over ``--requests`` requests in all,
  with the drift over the last 100.

    python bench/bench_service.py [IMAGE_DIR] [--requests 200] [--workers 1 --cpu-threads 2]
        [--runtime auto|openvino|onnxruntime]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEFAULT_SHARED, REPO, machine, rss_mb, summary, write_report
from ocr_service.config import RUNTIME_CHOICES


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, data: bytes, doc_type: str = "text") -> tuple[int, float]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n'.encode()
        + data
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="doc_type"\r\n\r\n{doc_type}'
        f"\r\n--{boundary}--\r\n".encode()
    )
    req = urllib.request.Request(
        url + "/ocr", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as resp:
        resp.read()
        return resp.status, (time.perf_counter() - started) * 1000.0


def start(workers: int, cpu_threads: int) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = dict(os.environ)
    env.update(
        OCR_PORT=str(port),
        OCR_HOST="127.0.0.1",
        OCR_CACHE_ENTRIES="0",
        OCR_RATE_LIMIT_PER_MINUTE="0",
        OCR_WORKERS=str(workers),
        OCR_CPU_THREADS=str(cpu_threads),
        OCR_MAX_QUEUE="64",
        PYTHONPATH=str(REPO),
    )
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ocr_service", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        if proc.poll() is not None:
            raise SystemExit("the service exited during start-up")
        try:
            with urllib.request.urlopen(url + "/health/ready", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
        if time.perf_counter() - started > 120:
            proc.kill()
            raise SystemExit("the service did not become ready in 120 s")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("images", nargs="?", default=str(DEFAULT_SHARED / "receipts" / "sroie" / "img"))
    parser.add_argument("--requests", type=int, default=200, help="requests in all, for the memory figures")
    parser.add_argument("--throughput-requests", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cpu-threads", type=int, default=2)
    parser.add_argument("--engine", choices=["onnx", "paddle"], default=None, help="default: the service's")
    parser.add_argument(
        "--runtime",
        choices=RUNTIME_CHOICES,
        default=None,
        help="what runs the onnx engine (default: the service's, OCR_RUNTIME)",
    )
    parser.add_argument("--out", default="service", help="report name under bench/reports/")
    parser.add_argument("--no-report", action="store_true", help="print only; keep the committed report")
    args = parser.parse_args()

    paths = sorted(p for p in Path(args.images).iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    if not paths:
        raise SystemExit(f"no images in {args.images}")
    images = [p.read_bytes() for p in paths]

    if args.engine:
        os.environ["OCR_ENGINE"] = args.engine
    if args.runtime:
        os.environ["OCR_RUNTIME"] = args.runtime
    load_before = [round(x, 2) for x in os.getloadavg()]
    proc, url, cold_s = start(args.workers, args.cpu_threads)
    rss_start = rss_mb(proc.pid)
    rss: list[float] = []
    latencies: list[float] = []
    failures = 0
    try:
        with urllib.request.urlopen(url + "/health/ready", timeout=5) as resp:
            ready_engine = json.loads(resp.read())["engine"]
        # 1. warm latency, one client: every image once (the first request is warm-up, not counted)
        post(url, images[0])
        sequential = max(0, min(len(images), args.requests - args.throughput_requests))
        for data in images[:sequential]:
            status, ms = post(url, data)
            failures += status != 200
            latencies.append(ms)
            rss.append(rss_mb(proc.pid))

        # 2. throughput, two clients
        lock = threading.Lock()
        queue = [images[i % len(images)] for i in range(args.throughput_requests)]
        done_ms: list[float] = []

        def client() -> None:
            nonlocal failures
            while True:
                with lock:
                    if not queue:
                        return
                    data = queue.pop()
                status, ms = post(url, data)
                with lock:
                    failures += status != 200
                    done_ms.append(ms)
                    rss.append(rss_mb(proc.pid))

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - t0
        throughput = len(done_ms) / wall

        # 3. top up to the requested count for the memory figures
        index = 0
        while len(rss) < args.requests:
            status, _ = post(url, images[index % len(images)])
            failures += status != 200
            rss.append(rss_mb(proc.pid))
            index += 1
    finally:
        proc.terminate()
        proc.wait(30)

    engine = ready_engine
    last = rss[-100:]
    n = len(last)
    mean_x = (n - 1) / 2.0
    mean_y = sum(last) / n
    slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(last)) / sum(
        (i - mean_x) ** 2 for i in range(n)
    )
    result = {
        "machine": machine(),
        "load_average": {"before": load_before, "after": [round(x, 2) for x in os.getloadavg()]},
        "settings": {"workers": args.workers, "cpu_threads": args.cpu_threads, "cache": "off"},
        "engine": engine,
        "images": {"folder": os.path.relpath(args.images, REPO), "count": len(images)},
        "cold_start_to_ready_s": round(cold_s, 2),
        "warm_latency_ms_per_page": summary(latencies),
        "throughput_2_clients_pages_per_s": round(throughput, 3),
        "throughput_2_clients_latency_ms": summary(done_ms),
        "rss_mb": {
            "at_start": round(rss_start, 1),
            "after_requests": len(rss),
            "after_last_request": round(rss[-1], 1),
            "max": round(max(rss), 1),
            "last_100_min": round(min(last), 1),
            "last_100_max": round(max(last), 1),
            "last_100_slope_mb_per_100_requests": round(slope * 100, 2),
        },
        "failures": failures,
    }
    m = result["machine"]
    lat = result["warm_latency_ms_per_page"]
    mem = result["rss_mb"]
    md = f"""# OCR service benchmark

Generated by `bench/bench_service.py` on {m["date_utc"]}: {m["cpus"]} CPUs ({m["cpu_model"]}),
{m["memory_gib"]} GiB, Python {m["python"]}. Service settings: {args.workers} worker(s) x
{args.cpu_threads} CPU thread(s), result cache off, `doc_type=text`; engine {engine.get("name")} \
{engine.get("version")} on {engine.get("runtime")}. Load average (1/5/15 min) \
{result["load_average"]["before"]} before, {result["load_average"]["after"]} after.
Images: `{result["images"]["folder"]}` ({len(images)} files).

| measure | value | target |
|---|---|---|
| cold start to `/health/ready` | {result["cold_start_to_ready_s"]} s | <= 10 s |
| warm latency per page, p50 | {lat["p50"]} ms | <= 1500 ms (goal < 1000 ms) |
| warm latency per page, p95 | {lat["p95"]} ms | |
| throughput, 2 concurrent clients | {result["throughput_2_clients_pages_per_s"]} pages/s | |
| RSS after {mem["after_requests"]} requests | {mem["after_last_request"]} MB | <= 800 MB |
| RSS over the last 100 requests | {mem["last_100_min"]}-{mem["last_100_max"]} MB, \
slope {mem["last_100_slope_mb_per_100_requests"]} MB/100 requests | no upward drift |
| failed requests | {failures} | 0 |
"""
    print(md)
    if not args.no_report:
        write_report(args.out, result, md, script="bench_service.py")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
