"""The chart: a bar chart of the bulletin's amounts of one kind, drawn by ``Sketch`` straight onto the page."""

from __future__ import annotations

import math

from reportlab.platypus.flowables import Flowable

from ...figures import ChartAmount
from .state import State
from .styles import BLACK, RED, TEXT_WIDTH


class Sketch(Flowable):
    """A fixed-size picture of lines, then filled bars, then strings, drawn straight onto the page."""

    def __init__(self, width: float, height: float, lines: list[tuple], bars: list[tuple],
                 strings: list[tuple]) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.lines, self.bars, self.strings = lines, bars, strings
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for x1, y1, x2, y2, colour, thickness in self.lines:
            canvas.setStrokeColorRGB(*colour)
            canvas.setLineWidth(thickness)
            canvas.line(x1, y1, x2, y2)
        for x, y, width, height, colour in self.bars:
            canvas.setFillColorRGB(*colour)
            canvas.rect(x, y, width, height, stroke=0, fill=1)
        anchored = {"start": canvas.drawString, "middle": canvas.drawCentredString, "end": canvas.drawRightString}
        for x, y, text, font, size, anchor, colour in self.strings:
            canvas.setFillColorRGB(*colour)
            canvas.setFont(font, size)
            anchored[anchor](x, y, text)


def money_chart(kind: str, currency: str, bars: list[ChartAmount], state: State) -> Sketch:
    """A horizontal bar chart in 亿 of ``currency``, one bar per amount of ``kind``, largest at the top
    (figures.chart_amounts: the same bars as the annex's chart).

    Lines, bars and strings drawn straight onto the page (``Sketch``): reportlab's chart widgets, and
    even its shape renderer, cost several times as much, which counts when a long bulletin has many.
    """
    fonts = state.fonts
    width = TEXT_WIDTH
    labels = [bar.label for bar in bars]
    values = [float(bar.value) for bar in bars]
    label_size, bar_pitch, bar_height = 9.5, 24, 15
    label_room = min(0.45 * width, 8 + max(fonts.text_width(label, False, label_size) for label in labels))
    plot_left, plot_width = label_room, width - label_room - 50
    plot_bottom, plot_height = 20, bar_pitch * len(bars)
    height = plot_bottom + plot_height + 30
    step = _nice_step(max(values))
    top_value = max(step, -(-max(values) // step) * step)
    scale = plot_width / top_value
    grey, rule = (0.55, 0.55, 0.55), (0.88, 0.88, 0.88)
    lines: list[tuple] = []  # (x1, y1, x2, y2, colour, thickness)
    bars: list[tuple] = []  # (x, y, width, height, colour)
    strings: list[tuple] = [(width / 2, height - 14, f"文中的{kind}（亿{currency}）", fonts.bold, 11, "middle", BLACK)]
    tick = 0.0
    while tick <= top_value + 1e-9:
        x = plot_left + tick * scale
        lines.append((x, plot_bottom, x, plot_bottom + plot_height, rule, 0.5))
        strings.append((x, plot_bottom - 11, _chart_number(tick), fonts.regular, 8.5, "middle", grey))
        tick += step
    lines.append((plot_left, plot_bottom, plot_left + plot_width, plot_bottom, grey, 0.7))
    lines.append((plot_left, plot_bottom, plot_left, plot_bottom + plot_height, grey, 0.7))
    for index, (label, value) in enumerate(zip(labels, values)):
        middle = plot_bottom + plot_height - bar_pitch * (index + 0.5)
        bars.append((plot_left, middle - bar_height / 2, value * scale, bar_height, RED))
        strings.append((plot_left - 6, middle - label_size * 0.36, label, fonts.regular, label_size, "end", BLACK))
        strings.append((plot_left + value * scale + 4, middle - 9 * 0.36, _chart_number(value), fonts.regular, 9,
                        "start", BLACK))
    for label in labels:
        fonts.note_missing(label, state.missing)
    return Sketch(width, height, lines, bars, strings)


def _chart_number(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 or value >= 10 else f"{value:,.2f}"


def _nice_step(largest: float) -> float:
    """A tick step of 1, 2 or 5 × 10^n giving four to eight ticks up to ``largest``."""
    magnitude = 10 ** math.floor(math.log10(largest)) if largest > 0 else 1
    for factor in (0.1, 0.2, 0.5, 1, 2, 5):
        if largest / (factor * magnitude) <= 8:
            return factor * magnitude
    return 10 * magnitude
