"""The PDF digest: an A4 bulletin set with reportlab's platypus in an embedded Chinese font.

Layout: the masthead (cover block) and the contents on page 1, then the articles (``story``). This module
writes the file: the document template, the running header of each page, and the canvas that finishes
the pages before saving them.

Page numbers that are only known at the end (the contents' numbers) are added to each page's
content just before the file is saved, so the document is laid out once, not twice. Each weight of the
font is embedded as one CID-keyed font (``cidfont``), not as reportlab's 256-character subsets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ...model import Document, Figure, Masthead
from ...version import __version__
from . import fonts as font_cache
from .faces import Fonts
from .fillers import right_to_left
from .flowables import Later
from .images import picture_warnings
from .state import State
from .story import build_story
from .styles import (
    BLACK, BODY, GREY, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, RED, TEXT_WIDTH,
)


PAGE_NUMBER_SIZE = 14.0  # 4号; also the one character the number stands in from the edge
PAGE_NUMBER_DROP = 7 * 72 / 25.4 + 12  # the dashes 7 mm below the type area, as GB/T 9704 puts them


def prepare() -> None:
    """What the writer needs before any document: reportlab's modules (imported with this one) and the
    font pair cached now.

    Run by a child forked for the PDF while the parent still reads (``publish.parallel.ReadyChild``).
    """
    from .system_fonts import cached_choice

    files = cached_choice()  # the machine's 仿宋/宋 face when it is cached, else the bundled pair
    if files is not None:
        Fonts.load_files(files)


def write_pdf(document: Document, figures: Sequence[Figure] | Callable[[], Sequence[Figure]], masthead: Masthead,
              path: Path, *, full: bool = False, characters: str | None = None,
              on_heading: Callable[[str, int], None] | None = None,
              font: str | None = None) -> tuple[str, ...]:
    """Write the digest (``full``: every paragraph) to ``path``; return warnings.

    ``on_heading(bookmark, page)`` is called for each bookmark of each heading as the layout places it, in
    document order (the annex's 页码 column); a link to ``bulletin.pdf#bookmark`` opens at that heading.

    ``figures``: the document's figures, or a function giving them, called when the layout first needs
    them (at the end of the first article): the PDF's own process lays out the text meanwhile.
    ``characters``: every character of the document and masthead (the figures are cut from the document's
    text), when the caller has them already. ``font``: the body face asked for (``--font``: a file, a
    family, or "bundled"); by default the machine's 仿宋 or 宋体 (``system_fonts``), else Noto Sans SC.
    """
    from .system_fonts import choose

    files, _ = choose(characters if characters is not None else font_cache.characters_in(document, masthead), font)
    fonts = Fonts.load_files(files)
    state = State(masthead=masthead, fonts=fonts, shown=fonts.for_document(), on_heading=on_heading)
    story = build_story(document, figures, masthead, state, full)

    doc = DocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{masthead.name} {masthead.issue}", author=masthead.unit,
        subject=f"{masthead.name}（{masthead.issue}，{masthead.date}）摘编",
        keywords=[section.title for section in document.sections][:20],
        creator=_creator(), producer=_creator(), lang="zh-CN",
        initialFontName=fonts.regular, initialFontSize=BODY.size, pageCompression=1,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=functools.partial(_running_header, state))])

    # Binary streams: smaller, and no slow pure-Python ASCII85.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(story, canvasmaker=functools.partial(FinishingCanvas, layout_state=state))
    finally:
        rl_config.useA85 = saved
    state.warnings.extend(picture_warnings(state.placeholders))
    if state.unknown_anchors:
        names = sorted(state.unknown_anchors)
        state.warnings.append(f"{len(names)} link(s) lead to a bookmark that is not a heading's and are plain text "
                              f"in the PDF: {', '.join(names[:5])}")
    if state.unfollowed_links:
        state.warnings.append("Links that are malformed or of a kind a PDF reader should not follow are plain text "
                              "in the PDF: "
                              + ", ".join(sorted(state.unfollowed_links)))
    # What no face had prints as the font's .notdef glyph: an empty box (a crossed one in Noto Sans SC).
    missing = sorted(char for char in state.missing if not right_to_left(char))
    if missing:
        state.warnings.append(f"{len(missing)} character(s) are not in the PDF font and print as empty boxes: "
                              + "".join(missing[:20]))
    unjoined = sorted(char for char in state.missing if right_to_left(char))
    if unjoined:
        state.warnings.append(f"{len(unjoined)} right-to-left character(s) (Arabic, Hebrew) are not in the PDF font "
                              "and print as empty boxes: the PDF writer neither joins nor orders them, so no other "
                              "face's letters are drawn in: " + "".join(unjoined[:20]))
    return tuple(state.warnings)


class DocTemplate(BaseDocTemplate):
    """platypus' template, making each ``Later`` flowable's flowables when the layout reaches it."""

    def filterFlowables(self, flowables: list) -> None:  # noqa: N802 - platypus' hook, run on the next flowable
        while flowables and isinstance(flowables[0], Later):
            # None, which platypus skips, when there is nothing to set: the list must not run empty here.
            flowables[0:1] = flowables[0].make() or [None]


class FinishingCanvas(Canvas):
    """reportlab's canvas, finishing every page (``_finish_pages``) just before the file is saved."""

    def __init__(self, *args, layout_state: State, **kwargs) -> None:  # noqa: ANN002, ANN003 - Canvas's own
        super().__init__(*args, **kwargs)
        self.layout_state = layout_state

    def save(self) -> None:
        _finish_pages(self.layout_state, self)
        self._name_destinations()
        super().save()

    def _name_destinations(self) -> None:
        """The headings' bookmarks as named destinations (the catalog's /Dests name tree), which reportlab does
        not write: a link to bulletin.pdf#_Toc5078 (or #nameddest=_Toc5078) then opens at that heading."""
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString

        names = sorted({name for names in self.layout_state.names.values() for name in names
                        if name in self._destinations}, key=lambda name: name.encode("utf-16-be"))
        if not names:
            return
        pairs = [item for name in names for item in (PDFString(name), self._destinations[name])]
        self._doc.Catalog.Names = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})


def _running_header(state: State, canvas: Canvas, doc: BaseDocTemplate) -> None:  # platypus' onPage, with the state
    """The running header, on every page but the first (which has the masthead)."""
    if canvas.getPageNumber() == 1:
        return
    canvas.saveState()
    canvas.setFont(state.fonts.regular, 9.5)
    canvas.setFillColorRGB(*RED)
    top = PAGE_HEIGHT - MARGIN_TOP + 14
    canvas.drawString(MARGIN_LEFT, top, state.masthead.name)
    canvas.setFillColorRGB(*GREY)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top, f"{state.masthead.issue}　{state.masthead.date}")
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_LEFT, top - 5, PAGE_WIDTH - MARGIN_RIGHT, top - 5)
    canvas.restoreState()


def _finish_pages(state: State, canvas: Canvas) -> None:
    """Add what is known only now to every page laid out: its page number ("— N —") and, on a
    contents page, the page number of each contents line.

    reportlab keeps a finished page's content as a string until the file is saved, so this is added
    to its end. (Forms defined here and called by each page as it was laid out did the same, at a
    twentieth of a big digest's time: one form object per page.)
    """
    pages = canvas._doc.Pages.pages
    next_page_code = canvas._code  # the page reportlab has begun after the last: left empty
    for number, page in enumerate(pages, start=1):
        canvas._code = []
        canvas.saveState()
        # GB/T 9704 7.5: "— N —" in 14 pt (4号) below the type area, one character in from its outside
        # edge: right on odd pages, left on even ones.
        canvas.setFont(state.fonts.regular, PAGE_NUMBER_SIZE)
        canvas.setFillColorRGB(*BLACK)
        label, baseline = f"— {number} —", MARGIN_BOTTOM - PAGE_NUMBER_DROP
        if number % 2:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT - PAGE_NUMBER_SIZE, baseline, label)
        else:
            canvas.drawString(MARGIN_LEFT + PAGE_NUMBER_SIZE, baseline, label)
        if number in state.contents_numbers:
            # One text object for all of them (drawRightString makes one for each), placed as it places them.
            font = state.shown[state.fonts.regular]
            text_object = canvas.beginText()
            text_object.setFont(font.fontName, BODY.size)
            for x, y, key in state.contents_numbers[number]:
                digits = str(state.pages.get(key, ""))
                text_object.setTextOrigin(x - font.stringWidth(digits, BODY.size), y)
                text_object._code.append(font.show(digits))
            canvas.drawText(text_object)
        canvas.restoreState()
        page.stream += "\n".join(canvas._code) + "\n"
    canvas._code = next_page_code


def _creator() -> str:
    return f"publish {__version__} (reportlab)"
