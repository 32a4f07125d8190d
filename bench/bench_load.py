"""Load benchmark: the service under 1 to 16 clients, with and without hostile files mixed in.

Starts the real service (``python -m ocr_service serve``, a token, the result cache
off, the per-token rate limit off: this measures the engine's capacity, not the
fairness between clients; the failed-authentication limit stays on) and writes
``bench/reports/load.{md,json}``:

1. for 1, 2, 4, 8 and 16 concurrent clients, each sending real receipts one after
   the other (``doc_type=receipt``) for ``--duration`` seconds; a client told 503 or
   429 waits its ``Retry-After``, as the addon does;
2. the same, with hostile clients beside them (half as many, at least one), each from
   its own loopback address, sending a hostile file every ``--hostile-pause`` seconds:
   multi-frame TIFF bombs, PDFs of many huge pages, a 500-page PDF, a PNG bomb,
   truncated and corrupt files, a ZIP, a HEIC claiming 40,000 pixels a side, and requests
   with a wrong token (from an
   address of their own);
3. work that stops: a second service with a short timeout is sent a long document
   (a multi-page TIFF of receipts) that times out, then a small receipt at once; how
   long the engine stayed busy after each 504, and how long the next request waited;
4. the alternative measured for comparison: engines in worker processes, ended and
   restarted after a timeout (time to a warm replacement, the round trip of a
   receipt through a pipe, a worker's memory).

For each run: throughput, p50/p95 of accepted receipts, counts of 200/429/503/504,
the engine's busy time after timeouts, peak RSS (the kernel's high-water mark,
reset at the start of each run) and the load average of the machine.

    python bench/bench_load.py [RECEIPT_DIR] [--duration 40] [--levels 1,2,4,8,16]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEFAULT_SHARED, REPO, machine, percentile, rss_mb, summary, write_report

TOKEN = "bench-load-token"
# the most pages of the long document sent to force timeouts
STOP_PAGES_MAX = 80
RECEIPT_ADDRESS = "127.0.0.1"


# -- the service ---------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reset_peak(pid: int) -> bool:
    """Reset the kernel's peak-RSS mark of ``pid`` (VmHWM); False when not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def start_service(env_overrides: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ)
    env.update(
        OCR_HOST="127.0.0.1",
        OCR_PORT=str(port),
        OCR_API_TOKEN=TOKEN,
        OCR_CACHE_ENTRIES="0",
        OCR_RATE_LIMIT_PER_MINUTE="0",
        OCR_WORKERS="1",
        OCR_CPU_THREADS="2",
        PYTHONPATH=str(REPO),
    )
    env.update(env_overrides)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ocr_service", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the service exited during start-up")
        try:
            status, _, _ = request(port, "GET", "/health/ready", timeout=2)
            if status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the service did not become ready in 120 s")


def stop_service(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def request(port, method, path, body=b"", headers=None, source=RECEIPT_ADDRESS, timeout=300.0):
    """One request on a fresh connection from ``source``; returns (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def multipart(data: bytes, doc_type: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="doc_type"\r\n\r\n{doc_type}'
        f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def post_ocr(port, data, doc_type="receipt", token=TOKEN, source=RECEIPT_ADDRESS, timeout=300.0):
    """POST /ocr; returns (status, seconds, headers, json body or None)."""
    body, content_type = multipart(data, doc_type)
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        status, resp_headers, payload = request(port, "POST", "/ocr", body, headers, source, timeout)
    except (ConnectionError, http.client.HTTPException, TimeoutError):
        return 0, time.perf_counter() - started, {}, None
    elapsed = time.perf_counter() - started
    try:
        parsed = json.loads(payload)
    except ValueError:
        parsed = None
    return status, elapsed, {k.lower(): v for k, v in resp_headers.items()}, parsed


def metric(port: int, name: str) -> float:
    status, _, body = request(port, "GET", "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    if status != 200:
        return float("nan")
    for line in body.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def overrun_totals(port: int) -> tuple[float, float]:
    return metric(port, "ocr_work_overrun_seconds_count"), metric(port, "ocr_work_overrun_seconds_sum")


# -- hostile files ----------------------------------------------------------------------------


def hostile_files(receipt: bytes) -> list[tuple[str, bytes, str | None]]:
    """(name, bytes, token) of each hostile request; a wrong token goes with a real receipt."""
    from tests.service import hostile

    files = [(name, data, TOKEN) for name, (data, _, _) in sorted(hostile.hostile_documents().items())]
    files.append(("wrong_token", receipt, "not-the-token"))
    files.append(("no_token", receipt, None))
    return files


# -- one run ------------------------------------------------------------------------------------


class Monitor(threading.Thread):
    """Samples the service's RSS every 0.1 s; the kernel's high-water mark gives the true peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.samples: list[float] = []
        self.hwm_reset = reset_peak(pid)
        self.start_rss = rss_mb(pid)

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.samples.append(rss_mb(self.pid))

    def peak(self) -> float:
        sampled = max(self.samples, default=self.start_rss)
        return max(sampled, rss_mb(self.pid, "VmHWM")) if self.hwm_reset else sampled


def hostile_count(clients: int) -> int:
    """Hostile clients beside ``clients`` receipt clients: half as many, at least one (8 alone)."""
    return max(1, clients // 2) if clients else 8


def run_load(port, pid, receipts, clients, duration, hostile=None, hostile_pause=0.5) -> dict:
    lock = threading.Lock()
    results: list[tuple[int, float]] = []
    hostile_results: list[tuple[str, int, float]] = []
    retry_waits: list[float] = []
    next_receipt = [0]
    end = time.monotonic() + duration
    count_before, sum_before = overrun_totals(port)
    load_before = os.getloadavg()
    monitor = Monitor(pid)
    monitor.start()
    started = time.monotonic()

    def receipt_client() -> None:
        while time.monotonic() < end:
            with lock:
                data = receipts[next_receipt[0] % len(receipts)]
                next_receipt[0] += 1
            status, seconds, headers, _ = post_ocr(port, data)
            with lock:
                results.append((status, seconds))
            if status in (429, 503):
                wait = min(float(headers.get("retry-after", "1")), max(0.0, end - time.monotonic()))
                retry_waits.append(wait)
                time.sleep(wait)

    def hostile_client(index: int) -> None:
        documents_from = f"127.0.1.{index + 1}"
        tokens_from = f"127.0.2.{index + 1}"
        turn = index
        while time.monotonic() < end:
            name, data, token = hostile[turn % len(hostile)]
            turn += 1
            source = tokens_from if token != TOKEN else documents_from
            status, seconds, _, _ = post_ocr(port, data, "auto", token=token, source=source, timeout=30)
            with lock:
                hostile_results.append((name, status, seconds))
            time.sleep(hostile_pause)

    hostile_clients = hostile_count(clients) if hostile else 0
    threads = [threading.Thread(target=receipt_client) for _ in range(clients)]
    threads += [threading.Thread(target=hostile_client, args=(i,)) for i in range(hostile_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    monitor.stop.set()
    monitor.join()
    count_after, sum_after = overrun_totals(port)
    accepted = [seconds * 1000.0 for status, seconds in results if status == 200]
    statuses = [status for status, _ in results]
    overruns = count_after - count_before
    row = {
        "clients": clients,
        "hostile_clients": hostile_clients,
        "wall_s": round(wall, 1),
        "receipts": {
            "sent": len(results),
            "ok_per_s": round(len(accepted) / wall, 3),
            "latency_ms": summary(accepted),
            "status": {str(code): statuses.count(code) for code in (200, 429, 503, 504)},
            "other_status": sorted({code for code in statuses if code not in (200, 429, 503, 504)}),
            "retry_after_waits": len(retry_waits),
        },
        "timeouts_engine_busy_after_s": {
            "count": int(overruns),
            "mean": round((sum_after - sum_before) / overruns, 3) if overruns else None,
        },
        "rss_mb": {"at_start": round(monitor.start_rss, 1), "peak": round(monitor.peak(), 1)},
        "rss_peak_is_kernel_high_water_mark": monitor.hwm_reset,
        "load_average_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }
    row["rss_mb"]["growth"] = round(row["rss_mb"]["peak"] - row["rss_mb"]["at_start"], 1)
    if hostile:
        by_name: dict[str, dict] = {}
        for name, status, seconds in hostile_results:
            entry = by_name.setdefault(name, {"sent": 0, "status": {}, "max_ms": 0.0})
            entry["sent"] += 1
            entry["status"][str(status)] = entry["status"].get(str(status), 0) + 1
            entry["max_ms"] = round(max(entry["max_ms"], seconds * 1000.0), 1)
        refused = [s * 1000.0 for _, status, s in hostile_results if 400 <= status < 500]
        row["hostile"] = {
            "sent": len(hostile_results),
            "refused_4xx": len(refused),
            "not_refused": sum(1 for _, status, _ in hostile_results if not 400 <= status < 500),
            "latency_ms": summary([s * 1000.0 for _, _, s in hostile_results]),
            "max_ms": round(max((s * 1000.0 for _, _, s in hostile_results), default=0.0), 1),
            "by_file": by_name,
        }
    return row


# -- work that stops ------------------------------------------------------------------------------


def long_document(receipts: list[bytes], pages: int) -> bytes:
    from PIL import Image

    frames = [Image.open(io.BytesIO(receipts[i % len(receipts)])).convert("RGB") for i in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], compression="jpeg")
    return buffer.getvalue()


def run_stops(receipts: list[bytes], timeout_s: float, rounds: int, pages: int) -> dict:
    """Force timeouts with a long document; measure the engine's busy time after each and the next wait."""
    from tests import fixtures

    document = long_document(receipts, pages)
    # the request after each 504: a small receipt, so the figure is its wait, not its reading
    small = fixtures.encode(fixtures.receipt_image(), "PNG")
    proc, port = start_service(
        {
            "OCR_REQUEST_TIMEOUT_S": str(timeout_s),
            "OCR_MAX_TOTAL_PIXELS": "400000000",
            "OCR_MAX_PAGES": str(pages),
            # the long document may outgrow the default upload limit (64 pages: over 20 MiB)
            "OCR_MAX_UPLOAD_BYTES": str(max(20 << 20, len(document) + (1 << 20))),
        }
    )
    events = []
    try:
        post_ocr(port, receipts[0])
        for _ in range(rounds):
            count_before, sum_before = overrun_totals(port)
            status, seconds, _, _ = post_ocr(port, document, "text")
            answered = time.perf_counter()
            next_status, next_seconds, _, body = post_ocr(port, small)
            processing = (body or {}).get("processing_ms", 0.0) / 1000.0
            count_after, sum_after = overrun_totals(port)
            events.append(
                {
                    "long_document_status": status,
                    "answered_after_s": round(seconds, 2),
                    "engine_busy_after_timeout_s": round(sum_after - sum_before, 3)
                    if count_after > count_before
                    else None,
                    "next_receipt_status": next_status,
                    "next_receipt_waited_s": round(next_seconds - processing, 3),
                    "since_504_s": round(time.perf_counter() - answered, 2),
                }
            )
    finally:
        stop_service(proc)
    if not any(e["long_document_status"] == 504 for e in events):  # the section would say nothing
        print(f"no timeout forced: the long document was answered {events[0]['long_document_status']}")
    busy = [e["engine_busy_after_timeout_s"] for e in events if e["engine_busy_after_timeout_s"] is not None]
    waited = [e["next_receipt_waited_s"] for e in events if e["next_receipt_status"] == 200]
    return {
        "timeout_s": timeout_s,
        "long_document_pages": pages,
        "long_document_bytes": len(document),
        "events": events,
        "engine_busy_after_timeout_s": {"max": max(busy, default=None), "p50": percentile(busy, 50)},
        "next_receipt_waited_s": {"max": max(waited, default=None), "p50": percentile(waited, 50)},
        "timeouts_forced": sum(1 for e in events if e["long_document_status"] == 504),
        "next_receipts_ok": sum(1 for e in events if e["next_receipt_status"] == 200),
    }


def _process_worker(conn) -> None:
    """An engine in a process of its own: load, warm, then read documents sent down the pipe."""
    from ocr_service.config import Settings
    from ocr_service.imaging import Limits
    from ocr_service.pipeline import process_document
    from ocr_service.runtime import build_engine, warm_up

    settings = Settings()
    engine = build_engine(settings)
    warm_up(engine)
    conn.send("ready")
    limits = Limits.from_settings(settings)
    while True:
        data = conn.recv()
        if data is None:
            return
        started = time.perf_counter()
        result = process_document(data, "receipt", engine, limits).model_dump(mode="json")
        result["worker_seconds"] = time.perf_counter() - started
        conn.send(result)


def run_process_alternative(receipts: list[bytes], rounds: int) -> dict:
    """Engines in worker processes: what ending one after a timeout, and running through a pipe, cost."""
    context = multiprocessing.get_context("spawn")

    def spawn():
        parent, child = context.Pipe()
        started = time.perf_counter()
        proc = context.Process(target=_process_worker, args=(child,), daemon=True)
        proc.start()
        if not parent.poll(120) or parent.recv() != "ready":
            raise SystemExit("the worker process did not start")
        return proc, parent, time.perf_counter() - started

    proc, pipe, first_start = spawn()
    overheads, replacements, worker_rss = [], [], []
    try:
        for index in range(rounds):
            data = receipts[index % len(receipts)]
            started = time.perf_counter()
            pipe.send(data)
            result = pipe.recv()
            overheads.append((time.perf_counter() - started - result["worker_seconds"]) * 1000.0)
            worker_rss.append(rss_mb(proc.pid))
            # a timeout: end the worker in the middle of a document, start a warm replacement
            pipe.send(receipts[(index + 1) % len(receipts)])
            time.sleep(0.3)
            ended = time.perf_counter()
            os.kill(proc.pid, signal.SIGKILL)
            proc.join()
            pipe.close()
            proc, pipe, _ = spawn()
            replacements.append(time.perf_counter() - ended)
    finally:
        pipe.send(None)
        proc.join(10)
        if proc.is_alive():
            proc.kill()
    return {
        "first_start_s": round(first_start, 2),
        "engine_free_after_timeout_s": {
            "max": round(max(replacements), 2),
            "p50": round(percentile(replacements, 50), 2),
        },
        "pipe_round_trip_overhead_ms": summary(overheads),
        "worker_rss_mb": round(max(worker_rss), 1),
        "rounds": rounds,
    }


# -- the report -----------------------------------------------------------------------------------


def checks(rows: dict, timeout_s: float) -> list[tuple[str, bool, str]]:
    out = []
    clean8 = rows.get("clean", {}).get(8)
    if clean8:
        status = clean8["receipts"]["status"]
        p95 = clean8["receipts"]["latency_ms"]["p95"]
        out.append(("8 clients: no 504", status["504"] == 0, f"{status['504']} x 504"))
        out.append(
            (
                "8 clients: p95 of accepted receipts under the timeout",
                p95 < timeout_s * 1000.0,
                f"p95 {p95:.0f} ms, timeout {timeout_s * 1000:.0f} ms",
            )
        )
    alone = rows.get("hostile_only")
    if alone:
        out.append(
            (
                f"hostile files alone ({alone['hostile_clients']} clients): every one refused in under 1 s",
                alone["hostile"]["not_refused"] == 0 and alone["hostile"]["max_ms"] < 1000.0,
                f"{alone['hostile']['refused_4xx']}/{alone['hostile']['sent']} refused, "
                f"slowest {alone['hostile']['max_ms']:.0f} ms",
            )
        )
        out.append(
            (
                "hostile files alone: RSS growth under 100 MB",
                alone["rss_mb"]["growth"] < 100.0,
                f"{alone['rss_mb']['growth']:+.0f} MB (peak {alone['rss_mb']['peak']:.0f} MB)",
            )
        )
    for clients, row in sorted(rows.get("hostile", {}).items()):
        hostile = row["hostile"]
        clean = rows["clean"].get(clients)
        out.append(
            (
                f"{clients} clients + hostile: every hostile file refused (4xx) in under 1 s",
                hostile["not_refused"] == 0 and hostile["max_ms"] < 1000.0,
                f"{hostile['refused_4xx']}/{hostile['sent']} refused, slowest {hostile['max_ms']:.0f} ms",
            )
        )
        if clean:
            extra = row["rss_mb"]["peak"] - clean["rss_mb"]["peak"]
            out.append(
                (
                    f"{clients} clients + hostile: peak RSS under 100 MB above the run without",
                    extra < 100.0,
                    f"{extra:+.0f} MB ({clean['rss_mb']['peak']:.0f} to {row['rss_mb']['peak']:.0f} MB)",
                )
            )
            base, mixed = clean["receipts"]["latency_ms"]["p95"], row["receipts"]["latency_ms"]["p95"]
            out.append(
                (
                    f"{clients} clients + hostile: receipts' p95 within 1.5x of the run without",
                    mixed <= 1.5 * base,
                    f"{mixed:.0f} ms vs {base:.0f} ms ({mixed / base:.2f}x)",
                )
            )
    return out


def _row_line(label: str, row: dict) -> str:
    r = row["receipts"]
    busy = row["timeouts_engine_busy_after_s"]
    hostile = row.get("hostile")
    cells = [
        label,
        str(row["clients"]),
        str(row["hostile_clients"]),
        f"{r['ok_per_s']:.2f}",
        f"{r['latency_ms']['p50']:.0f}" if r["latency_ms"]["n"] else "-",
        f"{r['latency_ms']['p95']:.0f}" if r["latency_ms"]["n"] else "-",
        *(str(r["status"][code]) for code in ("200", "429", "503", "504")),
        f"{busy['count']} x, {busy['mean']:.2f} s" if busy["count"] else "none",
        f"{row['rss_mb']['peak']:.0f}",
        f"{row['rss_mb']['growth']:+.0f}",
        f"{hostile['refused_4xx']}/{hostile['sent']}" if hostile else "-",
        f"{hostile['max_ms']:.0f}" if hostile else "-",
        "{}-{}".format(*row["load_average_1m"]),
    ]
    return "| " + " | ".join(cells) + " |"


def _seconds(figures: dict) -> str:
    """p50 / max in seconds, or why there are none (no timeout forced, or the engine free)."""
    if figures.get("max") is None:
        return "no overrun measured"
    return f"{figures['p50']:.2f} s / {figures['max']:.2f} s"


def markdown(result: dict) -> str:
    m = result["machine"]
    settings = result["settings"]
    lines = [
        "# Load: 1 to 16 clients, with and without hostile files",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB, Python {m['python']}, "
        f"{m['date_utc']}. Load average (1, 5, 15 min) at start: {result['load_average_start']}, "
        f"at end: {result['load_average_end']}.",
        "",
        f"Service: one engine ({result['engine']}), 2 threads, request timeout "
        f"{settings['request_timeout_s']:g} s, result cache and per-token rate limit off, "
        "failed-authentication limit on. "
        f"Receipts: {result['receipts']['count']} images from `{result['receipts']['folder']}`, "
        f"`doc_type=receipt`, {settings['duration_s']:g} s a run. Hostile clients send a file every "
        f"{settings['hostile_pause_s']:g} s. After the runs the service measured "
        f"{result['measured_page_seconds']:.2f} s a page and stated a capacity of "
        f"{result['stated_capacity_pages']:.1f} pages within its timeout (`ocr_capacity_pages`).",
        "",
        "## Must show",
        "",
        "| check | met | measured |",
        "|---|---|---|",
    ]
    for name, ok, measured in result["checks"]:
        lines.append(f"| {name} | {'yes' if ok else '**no**'} | {measured} |")
    lines += [
        "",
        "## Runs",
        "",
        "Receipts: accepted per second, latency of accepted (200) receipts, the status of every "
        "receipt sent. Busy after timeout: timeouts in the run and the mean time the engine stayed "
        "busy after each. RSS: the service's peak (kernel high-water mark) and its growth over the run "
        "(reading receipts grows it too). Hostile: refused (4xx) of sent, and the slowest answer.",
        "",
        "| mix | clients | hostile clients | receipts/s | p50 ms | p95 ms | 200 | 429 | 503 | 504 | "
        "busy after timeout | peak RSS MB | RSS growth MB | hostile refused | hostile slowest ms | load 1m |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for mix in ("clean", "hostile"):
        for _, row in sorted(result["runs"][mix].items()):
            lines.append(_row_line(mix, row))
    alone = result["runs"].get("hostile_only")
    if alone:
        lines.append(_row_line("hostile only", alone))
        lines += ["", "Hostile files sent alone (status: count, slowest answer):", ""]
        lines += ["| file | sent | status | slowest ms |", "|---|---|---|---|"]
        for name, entry in sorted(alone["hostile"]["by_file"].items()):
            status = ", ".join(f"{code}: {n}" for code, n in sorted(entry["status"].items()))
            lines.append(f"| {name} | {entry['sent']} | {status} | {entry['max_ms']:.0f} |")
    stops = result["stops"]
    alt = result["process_alternative"]
    busy = stops["engine_busy_after_timeout_s"]
    free = alt["engine_free_after_timeout_s"]
    waited = stops["next_receipt_waited_s"]
    lines += [
        "",
        "## Work that stops",
        "",
        f"A {stops['long_document_pages']}-page TIFF of receipts sent {len(stops['events'])} times to a "
        f"service with a {stops['timeout_s']:g} s timeout ({stops['timeouts_forced']} timeouts forced); "
        f"a small receipt sent right after each 504 ({stops['next_receipts_ok']} answered 200). "
        f"The alternative ran {alt['rounds']} times: an engine in a worker process, killed in the "
        "middle of a receipt and replaced by a new, warm one.",
        "",
        "| approach | engine free again after a timeout (p50 / max) | cost on every request | memory |",
        "|---|---|---|---|",
        f"| stop between pages and batches (chosen) | {_seconds(busy)} | none | one engine in the service |",
        f"| worker process ended and restarted | {free['p50']:.2f} s / {free['max']:.2f} s "
        f"| {alt['pipe_round_trip_overhead_ms']['p50']:.0f} ms through the pipe (p50) "
        f"| {alt['worker_rss_mb']:.0f} MB per worker process, beside the service |",
        "",
    ]
    if waited["max"] is not None:
        lines.append(
            f"The small receipt sent right after each 504 waited {waited['p50']:.2f} s (p50), "
            f"{waited['max']:.2f} s at most, before its own reading began."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("receipts", nargs="?", default=str(DEFAULT_SHARED / "receipts" / "sroie"))
    parser.add_argument("--duration", type=float, default=30.0, help="seconds each run sends requests")
    parser.add_argument("--levels", default="1,2,4,8,16", help="concurrent receipt clients")
    parser.add_argument("--timeout", type=float, default=60.0, help="the service's request timeout")
    parser.add_argument("--hostile-pause", type=float, default=0.5, help="seconds between hostile files")
    parser.add_argument("--stop-timeout", type=float, default=8.0, help="timeout of the stop measurement")
    parser.add_argument("--stop-rounds", type=int, default=5)
    parser.add_argument("--process-rounds", type=int, default=3)
    parser.add_argument("--out", default="load", help="report name under bench/reports/")
    args = parser.parse_args()

    folder = Path(args.receipts)
    folder = folder / "img" if (folder / "img").is_dir() else folder
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    if not paths:
        raise SystemExit(f"no receipt images in {folder}")
    receipts = [p.read_bytes() for p in paths]
    levels = [int(n) for n in args.levels.split(",") if n.strip()]
    hostile = hostile_files(receipts[0])
    load_start = [round(v, 2) for v in os.getloadavg()]

    proc, port = start_service({"OCR_REQUEST_TIMEOUT_S": str(args.timeout)})
    runs: dict = {"clean": {}, "hostile": {}}
    try:
        _, _, body = request(port, "GET", "/health/ready", headers={"Authorization": f"Bearer {TOKEN}"})
        engine = json.loads(body).get("engine", {})
        for data in receipts[:3]:  # warm-up, and a first measure of the page time
            post_ocr(port, data)
        for clients in levels:
            for mix in ("clean", "hostile"):
                row = run_load(
                    port,
                    proc.pid,
                    receipts,
                    clients,
                    args.duration,
                    hostile if mix == "hostile" else None,
                    args.hostile_pause,
                )
                runs[mix][clients] = row
                r = row["receipts"]
                print(
                    f"{mix:8s} {clients:2d} clients: {r['ok_per_s']:.2f}/s p50 {r['latency_ms']['p50']} "
                    f"p95 {r['latency_ms']['p95']} status {r['status']} rss {row['rss_mb']}"
                    + (f" hostile max {row['hostile']['max_ms']} ms" if mix == "hostile" else ""),
                    flush=True,
                )
        alone = run_load(port, proc.pid, receipts, 0, min(args.duration, 20.0), hostile, args.hostile_pause)
        runs["hostile_only"] = alone
        print(f"hostile alone: {alone['hostile']} rss {alone['rss_mb']}", flush=True)
        page_seconds = metric(port, "ocr_page_seconds")
        capacity = metric(port, "ocr_capacity_pages")
    finally:
        stop_service(proc)

    # twice the pages the timeout lets the engine read at the pace it just measured (a fixed 24
    # forced no timeout once a page took 0.28 s), so that every round is cut by its timeout
    pace = page_seconds if page_seconds > 0 else 0.65  # (nan compares False)
    pages = min(STOP_PAGES_MAX, max(24, math.ceil(2 * args.stop_timeout / pace)))
    stops = run_stops(receipts, args.stop_timeout, args.stop_rounds, pages=pages)
    print("stops:", stops["engine_busy_after_timeout_s"], stops["next_receipt_waited_s"], flush=True)
    alternative = run_process_alternative(receipts, args.process_rounds)
    print("process alternative:", alternative, flush=True)

    result = {
        "machine": machine(),
        "load_average_start": load_start,
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "engine": engine.get("name", "?"),
        "settings": {
            "request_timeout_s": args.timeout,
            "duration_s": args.duration,
            "workers": 1,
            "cpu_threads": 2,
            "hostile_pause_s": args.hostile_pause,
        },
        "receipts": {"folder": os.path.relpath(folder, REPO), "count": len(receipts)},
        "measured_page_seconds": page_seconds,
        "stated_capacity_pages": capacity,
        "runs": runs,
        "stops": stops,
        "process_alternative": alternative,
    }
    result["checks"] = checks(runs, args.timeout)
    write_report(args.out, result, markdown(result), script="bench_load.py")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
