"""The table grid: its column widths in twips, and a cell's span across them."""

from __future__ import annotations

from ...model import Table

CELL_MARGINS = 216  # the table style's left and right cell margins together
MIN_COLUMN = 300  # twips: no grid column narrower than about one character


def grid_span(span: int) -> str:
    return f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""


def column_widths(table: Table, columns: int, width: int) -> list[int]:
    """Grid column widths in twips: the author's proportions, scaled down to the text width if wider."""
    given = [max(0.0, w) * 20 for w in table.column_widths[:columns]]
    if len(given) < columns or not all(given):
        return [width // columns] * columns
    total = sum(given)
    scale = min(1.0, width / total)
    return [max(MIN_COLUMN, int(w * scale)) for w in given]
