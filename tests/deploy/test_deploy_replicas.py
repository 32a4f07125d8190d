"""Two real OCR service processes behind the real nginx `upstream` of nginx/ocr.conf.

Both replicas get work; one is killed (SIGKILL) while it holds a request, and every
document still gets its result through the addon's own HTTP client: the request the
dead replica held is sent to the other by nginx, and anything the client sees fail is
an error the addon retries (OcrRetryableError), which a retry then recovers.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import start_service, stop_service
from tests.fixtures import font

from .helpers import NGINX_DIR, free_port
from .nginx_harness import nginx_cmd, render_ocr_conf, wait_for_port, write_nginx_tree
from .test_deploy_nginx import load_ocr_client

REPLICA_ENV = {
    # two replicas share this machine's cores; every request is real work (no cache)
    "OCR_CPU_THREADS": "1",
    "OCR_CACHE_ENTRIES": "0",
    "OCR_RATE_LIMIT_PER_MINUTE": "0",
}
PLACEHOLDER = "replicas.invalid:8000"


def two_replica_conf(http_port: int, https_port: int, replicas: list[str], acme_root) -> str:
    """nginx/ocr.conf with its one `server` line repeated for each replica, parameters kept."""
    conf = render_ocr_conf(
        (NGINX_DIR / "ocr.conf").read_text(),
        http_port=http_port,
        https_port=https_port,
        upstream=PLACEHOLDER,
        acme_root=acme_root,
    )
    line = re.search(rf"^( +)server {re.escape(PLACEHOLDER)}( [^;\n]*)?;\n", conf, re.MULTILINE)
    assert line, "no server line in nginx/ocr.conf's upstream"
    indent, params = line.group(1), line.group(2) or ""
    servers = "".join(f"{indent}server {replica}{params};\n" for replica in replicas)
    return conf[: line.start()] + servers + conf[line.end() :]


def receipt(amount: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (560, 180), "white")
    draw = ImageDraw.Draw(image)
    draw.text((30, 25), "CORNER CAFE", fill="black", font=font(34))
    draw.text((30, 100), f"TOTAL {amount}", fill="black", font=font(34))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def inflight(url: str) -> float:
    with urllib.request.urlopen(f"{url}/metrics", timeout=2) as response:
        text = response.read().decode()
    match = re.search(r"^ocr_inflight (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


@pytest.fixture(scope="module")
def replicas():
    started = []
    try:
        for _ in range(2):
            started.append(start_service(REPLICA_ENV))
        yield started
    finally:
        for proc, _ in started:
            if proc.poll() is None:
                stop_service(proc)


@pytest.fixture(scope="module")
def balanced_proxy(nginx_bin, test_pki, replicas, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("nginx-replicas")
    acme = prefix / "acme"
    acme.mkdir()
    http_port, https_port = free_port(), free_port()
    upstreams = [url.removeprefix("http://") for _, url in replicas]
    conf = two_replica_conf(http_port, https_port, upstreams, acme)
    write_nginx_tree(prefix, test_pki, {"default.conf": conf})
    check = subprocess.run(nginx_cmd(nginx_bin, prefix, "-t"), capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(
        nginx_cmd(nginx_bin, prefix, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(https_port, proc)
        yield f"https://127.0.0.1:{https_port}", prefix / "logs" / "access.log", test_pki.ca_cert, upstreams
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def access_log(path) -> list[tuple[str, list[str]]]:
    """(status, upstreams tried in order) of each request to /ocr."""
    entries = []
    for line in path.read_text().splitlines():
        if '"POST /ocr ' not in line:
            continue
        status, rest = line.split(" ", 1)
        tried = rest.split(' "', 1)[0]
        entries.append((status, [addr.strip() for addr in tried.split(",")]))
    return entries


def test_upstream_has_one_server_line_per_replica():
    conf = two_replica_conf(1080, 1443, ["127.0.0.1:1", "127.0.0.1:2"], "/tmp")
    servers = re.findall(r"^\s+server (\S+)( [^;]*)?;$", conf, re.MULTILINE)
    assert [address for address, _ in servers] == ["127.0.0.1:1", "127.0.0.1:2"]
    assert all("max_fails=" in params for _, params in servers)


def test_two_replicas_share_the_work_and_one_dying_mid_run_loses_nothing(balanced_proxy, replicas):
    url, log, ca_cert, upstreams = balanced_proxy
    ocr_client = load_ocr_client()
    client = ocr_client.OcrClient(url, timeout=60, verify=str(ca_cert))
    (victim_proc, victim_url), _ = replicas
    victim, survivor = upstreams

    def read(index: int):
        """Scan one receipt; return (index, result or the error the client raised)."""
        amount = f"{10 + index}.{(index * 7) % 100:02d}"
        try:
            return index, amount, client.scan(receipt(amount), f"r{index}.png", doc_type="text")
        except ocr_client.OcrError as exc:
            return index, amount, exc

    # -- both replicas get work ---------------------------------------------------------
    with ThreadPoolExecutor(max_workers=2) as pool:
        warm = list(pool.map(read, range(6)))
    for index, amount, outcome in warm:
        assert isinstance(outcome, dict), (index, outcome)
        assert amount in outcome["text"], (amount, outcome["text"])
    served = {tried[-1] for status, tried in access_log(log) if status == "200"}
    assert served == {victim, survivor}, access_log(log)
    before_kill = len(access_log(log))

    # -- one replica is killed while it holds a request -----------------------------------
    killed = threading.Event()

    def kill_when_busy():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if inflight(victim_url) >= 1:
                victim_proc.send_signal(signal.SIGKILL)
                victim_proc.wait(timeout=10)
                killed.set()
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(read, range(100, 118)))
    killer.join()
    assert killed.is_set(), "the replica never held a request to be killed with"

    # what the addon would do with each error: a permanent one is lost, a retryable one retried
    permanent = [o for o in outcomes if isinstance(o[2], ocr_client.OcrPermanentError)]
    assert not permanent, permanent
    retried = []
    for index, amount, outcome in outcomes:
        attempts = 0
        while isinstance(outcome, ocr_client.OcrRetryableError) and attempts < 3:
            attempts += 1
            time.sleep(1)
            index, amount, outcome = read(index)
        retried += [index] if attempts else []
        assert isinstance(outcome, dict), (index, outcome)
        assert amount in outcome["text"], (amount, outcome["text"])

    after = access_log(log)[before_kill:]
    # the request the dead replica held was answered by the other one, within the same call
    rerouted = [tried for status, tried in after if status == "200" and tried == [victim, survivor]]
    assert rerouted, after
    # nginx's failover hid the death from the client: nothing needed the addon's retry
    assert retried == [], (retried, after)
    # once dead, the replica answers nothing: documents sent after the kill are all read by the
    # survivor (during the run above, the victim may have answered some before it was killed)
    dead_since = len(access_log(log))
    with ThreadPoolExecutor(max_workers=2) as pool:
        late = list(pool.map(read, range(200, 206)))
    for index, amount, outcome in late:
        assert isinstance(outcome, dict), (index, outcome)
        assert amount in outcome["text"], (amount, outcome["text"])
    since = access_log(log)[dead_since:]
    assert since and all(tried[-1] == survivor for status, tried in since if status == "200"), since
