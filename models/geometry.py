"""Positions on a PDF page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points with the origin at the page's top-left corner (pdfplumber's
    convention): `top` < `bottom`, both measured down from the top edge."""

    x0: float
    top: float
    x1: float
    bottom: float

    def as_list(self) -> list[float]:
        """[x0, top, x1, bottom] rounded to 0.1 pt: how the contract JSON writes a box."""
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top),
                    max(self.x1, other.x1), max(self.bottom, other.bottom))

    @staticmethod
    def enclosing(boxes: Iterable[BBox]) -> BBox:
        boxes = list(boxes)
        result = boxes[0]
        for box in boxes[1:]:
            result = result.union(box)
        return result
