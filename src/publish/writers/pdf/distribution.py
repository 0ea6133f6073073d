"""The 报尾 (GB/T 9704's 版记) at the foot of the last page: 报：… 送：… 发：…, then 共印N份 on the right,
between a thick rule above and below and a thin one between, the text one character in, as the .docx
sets it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from .state import State
from .styles import BODY

LINE_GAP = 1.6  # leading, in sizes: the .docx's lines at 三号 on a 22-line page
THICK, THIN = 1.0, 0.7  # pt: the standard's 0.35 mm and 0.25 mm rules


class Distribution(Flowable):
    """Takes what is left of the frame and draws at its foot, so its last line is the page's last line;
    when the lines do not fit under the text, the layout moves it whole to a page of its own, as a
    printed bulletin's 版记 gets its own last page."""

    def __init__(self, sent: tuple[str, ...], print_run: str, state: State) -> None:
        super().__init__()
        self.sent = sent
        self.copies = (print_run,) if print_run else ()
        self.state = state
        self.size = BODY.size
        self.needed = self.size * LINE_GAP * (len(self.sent) + len(self.copies)) + THICK * 2
        state.fonts.note_missing("".join(self.sent + self.copies), state.missing)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = max(self.needed, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list:
        return []  # whole, on this page or the next

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        leading = size * LINE_GAP
        inset = size  # one character in
        canvas.saveState()
        canvas.setFont(self.state.fonts.regular, size)
        y = THICK
        canvas.setLineWidth(THICK)
        canvas.line(0, y, self.width, y)
        for line in reversed(self.copies):
            canvas.drawRightString(self.width - inset, y + leading / 2 - size * 0.36, line)
            y += leading
        if self.copies and self.sent:
            canvas.setLineWidth(THIN)
            canvas.line(0, y, self.width, y)
        for line in reversed(self.sent):
            canvas.drawString(inset, y + leading / 2 - size * 0.36, line)
            y += leading
        canvas.setLineWidth(THICK)
        canvas.line(0, y, self.width, y)
        canvas.restoreState()


def distribution(sent: tuple[str, ...], print_run: str, state: State) -> list:
    """The 报尾's flowable when bulletin.toml fills it in, else nothing."""
    return [Distribution(sent, print_run, state)] if sent or print_run else []
