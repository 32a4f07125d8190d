"""From printed paper to the file an employee uploads: a scan or a phone photo, as JPEG.

Three ways in: a receipt scanner (cropped, 200-300 dpi), a flatbed scan of an A4 page with
the receipt somewhere on it, and a phone photo (perspective, rotation, table behind, uneven
light, a shadow, blur, noise). On the paper itself: faded thermal print, a worn print head
(pale stripes), folds (creases with shading and a kink) and crumpling.
"""

from __future__ import annotations

import random

import cv2
import numpy as np

MAX_SIDE = 4000


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Low-frequency noise in [0, 1] over ``shape``."""
    h, w = shape
    gh, gw = max(2, cells), max(2, int(cells * w / max(h, 1)) + 1)
    grid = rng.random((gh, gw)).astype(np.float32)
    field = cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / (hi - lo + 1e-6)


def _paper(ink: np.ndarray, r: random.Random, g: np.random.Generator, scale: float, meta: dict) -> np.ndarray:
    """Grey paper (float 0-255) with the print on it, at the capture scale."""
    h, w = ink.shape
    size = (max(8, int(round(w * scale))), max(8, int(round(h * scale))))
    ink = cv2.resize(ink, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    # dot gain: the dots spread a little into the paper
    ink = cv2.GaussianBlur(ink, (0, 0), max(0.3, 0.35 * scale * r.uniform(0.6, 1.3)))
    ink = np.clip(ink * r.uniform(1.0, 1.35), 0, 1)
    # faded print: darker and paler regions, and the paler stripes of a worn print head
    fade_min = r.uniform(0.5, 1.0)
    meta["fade_min"] = round(fade_min, 2)
    ink *= fade_min + (1 - fade_min) * _smooth_field(g, ink.shape, r.randint(3, 9))
    stripes = 0
    if r.random() < 0.3:
        for _ in range(r.randint(1, 2)):
            x0 = r.randint(0, ink.shape[1] - 2)
            bw = r.randint(3, max(4, int(25 * scale)))
            ink[:, x0 : x0 + bw] *= r.uniform(0.45, 0.85)
            stripes += 1
    meta["stripes"] = stripes
    tone = r.uniform(228, 252)
    darkness = r.uniform(0.7, 0.95)
    texture = cv2.GaussianBlur(g.normal(0, 1, ink.shape).astype(np.float32), (0, 0), 1.2) * r.uniform(1, 3)
    return np.clip(tone * (1 - ink * darkness) + texture, 0, 255)


def _folds(
    paper: np.ndarray, r: random.Random, g: np.random.Generator, amplitude: float, meta: dict
) -> np.ndarray:
    """Creases (shading on one side, a dark line, a kink) and crumpling, as a remap."""
    h, w = paper.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    map_x, map_y = xx.copy(), yy.copy()
    shade = np.ones_like(paper)
    folds = []
    for _ in range(r.choices([0, 1, 2, 3], [30, 35, 25, 10])[0]):
        yf = r.uniform(0.15, 0.85) * h
        width = r.uniform(8, 50)
        depth = r.uniform(0.03, 0.12)
        side = r.choice([-1, 1])
        d = (yy - yf) * side
        shade *= 1 - depth * np.exp(-np.clip(d, 0, None) / width) * (d >= 0)
        shade *= 1 - r.uniform(0.04, 0.14) * np.exp(-((yy - yf) ** 2) / (2 * r.uniform(0.6, 1.6) ** 2))
        kink = r.uniform(-0.012, 0.012) * amplitude
        map_x += np.where(yy > yf, (yy - yf) * kink, 0)
        folds.append(round(float(yf / h), 3))
    if r.random() < 0.15:
        xf = r.uniform(0.3, 0.7) * w
        shade *= 1 - r.uniform(0.03, 0.1) * np.exp(-((xx - xf) ** 2) / (2 * r.uniform(1, 3) ** 2))
        folds.append("v")
    meta["folds"] = folds
    crumple = r.uniform(0, amplitude)
    meta["crumple_px"] = round(crumple, 2)
    if crumple > 0.2:
        for _ in range(3):
            fx, fy = r.uniform(1, 4) / w, r.uniform(2, 9) / h
            px, py = r.uniform(0, 6.28), r.uniform(0, 6.28)
            map_x += crumple / 3 * np.sin(2 * np.pi * (fy * yy) + px).astype(np.float32)
            map_y += crumple / 3 * np.sin(2 * np.pi * (fx * xx + fy * yy) + py).astype(np.float32)
    warped = cv2.remap(paper * shade, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return warped


def _background(r: random.Random, g: np.random.Generator, h: int, w: int) -> np.ndarray:
    base = np.array(r.choice([(60, 45, 35), (110, 85, 60), (150, 150, 150), (200, 195, 185), (40, 40, 45),
                              (170, 120, 80), (90, 100, 110)]), np.float32)  # fmt: skip
    field = _smooth_field(g, (h, w), r.randint(2, 6))[..., None]
    grain = cv2.GaussianBlur(g.normal(0, 1, (h, w)).astype(np.float32), (0, 0), r.uniform(1, 4))[..., None]
    return np.clip(base * (0.75 + 0.5 * field) + grain * 10, 0, 255)


def capture(ink: np.ndarray, seed: int, render_meta: dict) -> tuple[np.ndarray, dict]:
    """Scan or photograph the printed receipt; returns a BGR image and what was done."""
    r = random.Random(f"receipt-capture-{seed}")
    g = np.random.default_rng(r.getrandbits(63))
    mode = r.choices(["scanner", "flatbed", "photo"], [30, 15, 55])[0]
    meta: dict = {"mode": mode}
    # the paper is wider than the printable dots
    side = (render_meta["paper_dots"] - render_meta["printable_dots"]) // 2
    ink = np.pad(ink, ((0, 0), (side, side)))
    if mode in ("scanner", "flatbed"):
        dpi = r.choice([200, 300, 300]) if mode == "scanner" else 300
        scale = dpi / 203.0
        meta["dpi"] = dpi
    else:
        # the receipt's width in the photo; text never smaller than about 13 pixels tall
        min_scale = 13.0 / (render_meta["line_dots"] - 4)
        scale = max(min_scale, r.uniform(480, 1250) / ink.shape[1])
    meta["scale"] = round(scale, 3)
    paper = _paper(ink, r, g, scale, meta)
    paper = _folds(paper, r, g, 1.5 if mode != "photo" else 4.0, meta)
    ph, pw = paper.shape
    warm = np.array([r.uniform(0.93, 1.0), r.uniform(0.97, 1.0), 1.0], np.float32)  # B, G, R
    paper_bgr = paper[..., None] * warm

    if mode == "flatbed" and ph < 3508 - 100 and pw < 2480 - 100:
        canvas = np.full((3508, 2480, 3), r.uniform(240, 255), np.float32)
        x0 = r.choice([r.randint(40, 200), (2480 - pw) // 2, 2480 - pw - r.randint(40, 200)])
        y0 = r.randint(40, max(41, 3508 - ph - 40))
        canvas[y0 : y0 + ph, x0 : x0 + pw] = paper_bgr
        angle = r.uniform(-1.5, 1.5)
        m = cv2.getRotationMatrix2D((x0 + pw / 2, y0 + ph / 2), angle, 1.0)
        image = cv2.warpAffine(canvas, m, (2480, 3508), borderMode=cv2.BORDER_REPLICATE)
        meta["angle"] = round(angle, 2)
    elif mode in ("scanner", "flatbed"):
        meta["mode"] = "scanner"
        margin = r.randint(8, 60)
        bg = r.uniform(235, 255)
        canvas = np.full((ph + 2 * margin, pw + 2 * margin, 3), bg, np.float32)
        canvas[margin : margin + ph, margin : margin + pw] = paper_bgr
        angle = r.uniform(-2.0, 2.0)
        ch, cw = canvas.shape[:2]
        m = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
        image = cv2.warpAffine(canvas, m, (cw, ch), borderValue=(bg, bg, bg))
        meta["angle"] = round(angle, 2)
    else:
        # phone photo: the paper's corners moved by a perspective and a rotation
        angle = np.deg2rad(r.uniform(-8, 8))
        src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
        jitter = np.float32([[r.uniform(-0.06, 0.06) * pw, r.uniform(-0.03, 0.03) * ph] for _ in range(4)])
        centre = np.float32([pw / 2, ph / 2])
        rot = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        dst = (src + jitter - centre) @ rot.T
        margin_x = r.uniform(0.06, 0.3) * pw
        margin_y = r.uniform(0.03, 0.12) * ph
        dst -= dst.min(axis=0)
        dst += np.float32([margin_x, margin_y])
        out_w = int(dst[:, 0].max() + margin_x)
        out_h = int(dst[:, 1].max() + margin_y)
        m = cv2.getPerspectiveTransform(src, dst)
        warped = cv2.warpPerspective(paper_bgr, m, (out_w, out_h), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (out_w, out_h), flags=cv2.INTER_LINEAR)
        mask = cv2.GaussianBlur(mask, (0, 0), 0.8)[..., None]
        image = warped * mask + _background(r, g, out_h, out_w) * (1 - mask)
        # uneven light: a gradient in some direction, a vignette, sometimes a soft shadow
        yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
        theta = r.uniform(0, 2 * np.pi)
        grad = (np.cos(theta) * xx / out_w + np.sin(theta) * yy / out_h).astype(np.float32)
        light = r.uniform(0.72, 0.95) + r.uniform(0.05, 0.3) * (grad - grad.min()) / (np.ptp(grad) + 1e-6)
        vign = 1 - r.uniform(0, 0.25) * (((xx / out_w - 0.5) ** 2 + (yy / out_h - 0.5) ** 2) * 2)
        image *= (light * vign)[..., None]
        if r.random() < 0.3:
            pts = np.int32([[r.uniform(0, out_w), r.uniform(0, out_h)] for _ in range(4)])
            shadow = np.zeros((out_h, out_w), np.float32)
            cv2.fillConvexPoly(shadow, cv2.convexHull(pts), 1.0)
            shadow = cv2.GaussianBlur(shadow, (0, 0), r.uniform(15, 60))
            image *= (1 - r.uniform(0.15, 0.35) * shadow)[..., None]
            meta["shadow"] = True
        meta["angle"] = round(float(np.rad2deg(angle)), 2)
        cast = np.float32([r.uniform(0.9, 1.05), r.uniform(0.95, 1.03), r.uniform(0.92, 1.08)])
        image *= cast
        blur = r.choice(["none", "gauss", "gauss", "motion"])
        if blur == "gauss":
            sigma = r.uniform(0.4, 1.5)
            image = cv2.GaussianBlur(image, (0, 0), sigma)
            meta["blur"] = f"gauss {sigma:.2f}"
        elif blur == "motion":
            k = r.choice([3, 5, 7])
            kernel = np.zeros((k, k), np.float32)
            kernel[k // 2, :] = 1.0 / k
            m = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), r.uniform(0, 180), 1.0)
            kernel = cv2.warpAffine(kernel, m, (k, k))
            kernel /= max(kernel.sum(), 1e-6)
            image = cv2.filter2D(image, -1, kernel)
            meta["blur"] = f"motion {k}"
        image = image + g.normal(0, r.uniform(1.5, 6.0), image.shape).astype(np.float32)
    image = np.clip(image, 0, 255).astype(np.uint8)
    h, w = image.shape[:2]
    if max(h, w) > MAX_SIDE:
        f = MAX_SIDE / max(h, w)
        image = cv2.resize(image, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA)
    meta["jpeg_quality"] = r.randint(75, 95) if meta["mode"] != "photo" else r.randint(45, 92)
    meta["size"] = [int(image.shape[1]), int(image.shape[0])]
    return image, meta


def encode_jpeg(image: np.ndarray, quality: int) -> bytes:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()
