"""Page clean-up before Tesseract: a scan is tilted, speckled and grey; Tesseract wants it straight,
clean and black on white."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter

MAX_SKEW = 3.0  # degrees: a page fed by hand tilts less; more is a rotated page, not skew
SKEW_STEP = 0.1  # degrees: 0.1° drifts 1 pt over a 600 pt wide table, well inside a line


def clean_page(gray: Image.Image) -> tuple[Image.Image, float]:
    """Denoise, deskew and binarise a greyscale page; also return the angle it was turned by."""
    smooth = denoise(gray)
    angle = skew_angle(smooth)
    if angle:
        smooth = smooth.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return binarise(smooth), angle


def denoise(gray: Image.Image) -> Image.Image:
    """A 3×3 median removes scanner speckle (isolated dots a pixel or two wide) that Tesseract
    otherwise reads as full stops, commas and accents — in a table, a stray dot turns 38 into 3.8.
    Strokes of text are wider than the filter and survive."""
    return gray.filter(ImageFilter.MedianFilter(3))


def otsu_threshold(gray: Image.Image) -> int:
    """The grey level that best separates ink from paper (Otsu), from the histogram."""
    hist = np.asarray(gray.histogram()[:256], dtype=np.float64)
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    total_weight, total_mean = weight[-1], mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mean * weight - mean * total_weight) ** 2 / (weight * (total_weight - weight))
    return int(np.nanargmax(between))


def binarise(gray: Image.Image) -> Image.Image:
    """Black text on white at the Otsu threshold: a scan's grey paper and show-through vanish."""
    threshold = otsu_threshold(gray)
    return gray.point(lambda level: 255 if level > threshold else 0)


def skew_angle(gray: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) that makes the text lines horizontal.

    Projection profile: rotated right, the ink of each text line falls into few pixel rows, so the
    row sums vary most. Searched on a quarter-size image, coarse then fine, in `SKEW_STEP`s.
    """
    small = gray.reduce(4)
    ink = small.point(lambda level: 255 if level <= otsu_threshold(small) else 0)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, SKEW_STEP), key=sharpness)
    return round(float(fine), 2) if abs(fine) >= SKEW_STEP / 2 else 0.0
