"""A QR code drawn as vector squares on a PDF page (the check-in code of a convocation letter).

The modules come from segno's matrix, so no image library is needed and the code stays sharp
at any printing resolution.
"""

from __future__ import annotations

import segno
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

#: Printed size of the code: large enough for any phone camera at arm's length.
QR_SIZE = 30 * mm


class QRCode(Flowable):
    """The QR code of ``data`` (error correction M: a crumpled letter still scans)."""

    def __init__(self, data: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.data = data
        self.size = size
        self.rows = [bytes(row) for row in segno.make_qr(data, error="m").matrix_iter(border=4)]

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.rows)
        module = self.size / count
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        for y, row in enumerate(self.rows):
            top = self.size - (y + 1) * module
            x = 0
            while x < count:  # one rectangle per run of dark modules: a smaller PDF
                if row[x]:
                    start = x
                    while x < count and row[x]:
                        x += 1
                    canvas.rect(start * module, top, (x - start) * module, module, 0, 1)
                else:
                    x += 1
        canvas.restoreState()
