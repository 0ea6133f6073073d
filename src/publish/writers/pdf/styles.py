"""The digest's page geometry, colours and paragraph styles, shared by every module that sets or draws."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * MM, 25 * MM, 28 * MM, 25 * MM
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # the frame's
RED = (0.80, 0.0, 0.0)
GREY = (0.35, 0.35, 0.35)
BLACK = (0.0, 0.0, 0.0)
LINK_BLUE = (0.0, 0.2, 0.6)


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    bold: bool = False
    color: tuple[float, float, float] = BLACK
    align: str = "justify"  # justify | left | center | right
    indent: float = 0.0  # the first line's, from ``left``
    left: float = 0.0  # every line's
    space_before: float = 0.0
    space_after: float = 0.0


BODY = Style(12, 21, indent=24, space_after=4)
LEAD = BODY
TITLE = Style(17, 25, bold=True, align="center", space_before=14, space_after=4)
SUBHEAD = Style(13.5, 22, bold=True, align="left", space_before=8, space_after=2)
MINOR_HEAD = Style(12, 21, bold=True, align="left", space_before=4)
SOURCE = Style(10.5, 16, color=GREY, align="center", space_after=8)
NOTE = Style(9.5, 15, color=GREY, align="right", space_before=2)
NOTE_HEAD = Style(NOTE.size, NOTE.leading, bold=True, color=GREY, align="left", space_before=6)
NOTE_TEXT = Style(NOTE.size, NOTE.leading, color=GREY, align="left")
CELL = Style(10, 14.5, align="left")
CELL_HEAD = Style(10, 14.5, bold=True, align="center")
CONTENTS_HEAD = Style(18, 28, bold=True, align="center", space_before=18, space_after=10)
