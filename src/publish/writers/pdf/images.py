"""The author's pictures: drawn when PIL decodes them for reportlab, else a framed placeholder carrying
the picture's description, with one warning per kind."""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image as PILImage  # reportlab's image support imports PIL anyway
from reportlab.platypus import Image as ImageFlowable
from reportlab.platypus import Table as PlatypusTable
from reportlab.platypus import TableStyle

from ...model import Image
from .flowables import make_text
from .state import State
from .styles import CELL, GREY, TEXT_WIDTH, Style

DRAWABLE = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff")  # what PIL decodes for reportlab


def image_flowables(image: Image, state: State, width: float | None = None) -> list:
    """The picture at its size, scaled down to ``width`` and 500 points high; a placeholder when it cannot be drawn."""
    width = max(1.0, width if width is not None else TEXT_WIDTH)
    kind = image.content_type.split("/")[-1].removeprefix("x-").split("+")[0].upper()
    if image.content_type not in DRAWABLE:
        state.placeholders[kind] += 1
        return [_placeholder(image, kind, state, width)]
    try:
        with PILImage.open(io.BytesIO(image.data)) as decoded:
            decoded.load()  # the whole picture now: reportlab would only find a damaged one while drawing
        flowable = ImageFlowable(io.BytesIO(image.data))
    except Exception:  # a damaged picture must not stop the digest
        state.placeholders["damaged " + kind] += 1
        return [_placeholder(image, kind, state, width, damaged=True)]
    if image.width_emu and image.height_emu:
        flowable.drawWidth, flowable.drawHeight = image.width_emu / 12700, image.height_emu / 12700
    scale = min(1.0, width / max(flowable.drawWidth, 1), 500 / max(flowable.drawHeight, 1))
    flowable.drawWidth *= scale
    flowable.drawHeight *= scale
    return [flowable]


def picture_warnings(placeholders: Counter) -> list[str]:
    """One warning per kind of picture shown as a placeholder."""
    warnings = []
    for kind, count in sorted(placeholders.items()):
        if kind.startswith("damaged "):
            warnings.append(f"{count} {kind.removeprefix('damaged ')} picture(s) cannot be decoded and are shown "
                            "in the PDF as framed placeholders with their descriptions")
        elif count == 1:
            warnings.append(f"A {kind} picture is shown in the PDF as a framed placeholder (the PDF cannot draw it); "
                            "the .docx keeps the picture")
        else:
            warnings.append(f"{count} {kind} pictures are shown in the PDF as framed placeholders (the PDF cannot "
                            "draw them); the .docx keeps the pictures")
    return warnings


def _placeholder(image: Image, kind: str, state: State, width: float, *, damaged: bool = False) -> PlatypusTable:
    """A framed box where a picture stands, carrying its description."""
    description = image.description.strip() or "无说明"
    why = "图片已损坏" if damaged else f"{kind} 格式，PDF 中无法显示，见 .docx"
    text = make_text(f"［图片：{description}（{why}）］", Style(CELL.size, CELL.leading, color=GREY, align="center"),
                     state)
    box_width = min(width, max(120.0, (image.width_emu or 0) / 12700))
    box = PlatypusTable([[text]], colWidths=[box_width],
                        rowHeights=[max(40.0, min(300.0, (image.height_emu or 0) / 12700))], hAlign="CENTER")
    # FONTNAME although the cell holds a flowable: reportlab sets the cell's font anyway, Helvetica by default.
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, GREY), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("FONTNAME", (0, 0), (-1, -1), state.fonts.regular)]))
    return box
