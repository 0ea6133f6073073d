"""The format-neutral document tree that readers build and writers consume.

Everything here is a frozen dataclass holding plain values: no lxml, no zip, no
file paths. A reader maps its format onto these; a writer maps these onto its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union


@dataclass(frozen=True)
class Link:
    """Where a run of text leads: a web page or mail address, or a bookmark in this document."""

    url: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: its mark as the reader numbered it, and its content."""

    kind: str  # "footnote" | "endnote"
    mark: str  # as the reader numbered it ("1", "i"), or the author's own mark
    blocks: tuple[Block, ...] = ()
    custom_mark: bool = False  # the author typed the mark (w:customMarkFollows); not to be renumbered

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


@dataclass(frozen=True)
class Equation:
    """An equation: a readable linear form for any writer, and the OMML source for one that holds it."""

    linear: str  # e.g. "a/b", "x²", "√(x+1)"
    omml: str = field(default="", repr=False)  # the m:oMath element as written, for the .docx
    display: bool = False  # set on its own line (m:oMathPara) rather than in the text


@dataclass(frozen=True)
class Run:
    """A stretch of text with uniform inline formatting.

    A run may instead be a note's reference mark (``note``; its text is the mark) or an equation
    (``equation``; its text is the linear form). ``Paragraph.text`` leaves note marks out.
    """

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    vertical: str = ""  # "superscript" | "subscript" | ""
    link: Link | None = None
    note: Note | None = None
    equation: Equation | None = None

    def formatting(self) -> tuple:
        """What must match for two runs to merge into one."""
        return (self.bold, self.italic, self.underline, self.strike, self.vertical, self.link)


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition, in OOXML's terms, which Word, WPS and LibreOffice share."""

    format: str  # numFmt: decimal, chineseCounting, lowerLetter, decimalEnclosedCircle, bullet, none …
    text: str  # the label pattern: "%1、", "（%1）", "%1.%2.", or the bullet character
    start: int = 1
    restart_after: int | None = None  # restarts when this (0-based) level or a higher one counts; -1: never; None: any higher one
    legal: bool = False  # isLgl: lower levels' numbers shown in decimal
    indent: int | None = None  # left indent in twentieths of a point
    hanging: int | None = None
    font: str | None = None  # the bullet's font, when it needs one


@dataclass(frozen=True)
class ListDefinition:
    """A numbered or bulleted list as an author defined it.

    Definitions of one ``family`` share their counters, so a list interrupted by body text goes on
    counting; ``starts`` restarts chosen levels of this one ((level, start) pairs).
    """

    key: str
    family: str
    levels: tuple[ListLevel, ...]
    starts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ListItem:
    """A paragraph's place in a list and the label Word would draw for it."""

    list: str  # a ListDefinition.key of the document
    level: int  # 0-based
    label: str  # e.g. "（一）", "1.2", "•"


def labelled_title(title: str, list_item: ListItem | None) -> str:
    """A numbered heading's title as a reader sees it: 一、总体情况, （一）背景, 1.2 Methods."""
    label = list_item.label if list_item is not None else ""
    if not label:
        return title
    return label + title if label[-1] in "、．.）)：:" or not label[-1].isascii() else f"{label} {title}"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: its runs, joined, are its text."""

    runs: tuple[Run, ...]
    align: str = ""  # "" (the style's), "left", "center", "right", "justify"
    list_item: ListItem | None = None

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs if run.note is None)

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(run.note for run in self.runs if run.note is not None)

    @classmethod
    def plain(cls, text: str) -> Paragraph:
        return cls((Run(text),))


@dataclass(frozen=True)
class Cell:
    """A table cell: its blocks, and how many grid columns and rows it covers.

    Cells covered by another's span are left out of their row, as in HTML.
    """

    blocks: tuple[Block, ...] = ()
    column_span: int = 1
    row_span: int = 1

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(iter_paragraphs(self.blocks))

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


@dataclass(frozen=True)
class Table:
    """A grid of cells; each cell holds its own blocks, nested tables included."""

    rows: tuple[tuple[Cell, ...], ...]
    column_widths: tuple[float, ...] = ()  # in points, from the table's grid; empty when unknown
    header_rows: int = 0  # leading rows repeated on each page

    @property
    def columns(self) -> int:
        return max(len(self.column_widths), max((sum(c.column_span for c in row) for row in self.rows), default=0))

    def placed(self) -> Iterator[tuple[int, int, Cell]]:
        """(row, first grid column, cell) for every cell, skipping columns covered from rows above."""
        covered: dict[int, int] = {}  # grid column -> rows still covered below a row-spanning cell
        for row_index, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while covered.get(column, 0) > 0:
                    column += 1
                yield row_index, column, cell
                if cell.row_span > 1:
                    for spanned in range(column, column + cell.column_span):
                        covered[spanned] = cell.row_span
                column += cell.column_span
            covered = {c: n - 1 for c, n in covered.items() if n > 1}


@dataclass(frozen=True)
class Image:
    """A picture carried over from the input, with its size when known."""

    data: bytes = field(repr=False)
    content_type: str
    width_emu: int | None = None
    height_emu: int | None = None
    description: str = ""


Block = Union[Paragraph, Table, Image]


def iter_paragraphs(blocks: tuple[Block, ...]) -> Iterator[Paragraph]:
    """Every paragraph in ``blocks``, those in table cells (nested tables too) included, in order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from iter_paragraphs(cell.blocks)


@dataclass(frozen=True)
class Source:
    """An article's attribution line, e.g. （来源：科技日报，2016年03月09日）."""

    name: str
    date: dt.date | None
    text: str  # the line as written, for writers that reproduce it


@dataclass(frozen=True)
class Section:
    """A heading with the blocks that follow it up to its first sub-section."""

    title: str
    level: int
    bookmarks: tuple[str, ...] = ()
    source: Source | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    list_item: ListItem | None = None  # a numbered heading's place and label (一、, 第一章, 1.2); not in title
    # The heading as the editor set it when it holds more than its plain title (a link, a note's mark, an
    # equation, raised or underlined text): the writers set these runs; empty when the title says it all.
    title_runs: tuple[Run, ...] = ()

    @property
    def anchor(self) -> str | None:
        """The bookmark other documents link to: the first one kept."""
        return self.bookmarks[0] if self.bookmarks else None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()


@dataclass(frozen=True)
class TypedMasthead:
    """The masthead lines an editor typed at the top of the document, as parsed.

    ``2016年第5期（总第87期）`` gives year 2016, issue 5, total 87; ``科技部国际合作司编　　2016年6月3日`` gives
    the unit and the date. ``lines`` are the paragraphs as typed (they are not body text).
    """

    name: str | None = None
    issue: int | None = None
    total: int | None = None
    year: int | None = None
    unit: str | None = None
    date: dt.date | None = None
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A bulletin: an optional title, a column label, front matter and articles."""

    title: str | None = None
    column: str | None = None  # the column line, e.g. "国际科技合作动态"
    preamble: tuple[Block, ...] = ()  # body blocks before the first heading
    sections: tuple[Section, ...] = ()
    lists: tuple[ListDefinition, ...] = ()  # the definitions that paragraphs' list items name
    typed_masthead: TypedMasthead | None = None  # the masthead lines the editor typed at the top

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    @property
    def latest_source_date(self) -> dt.date | None:
        dates = [s.source.date for s in self.walk() if s.source and s.source.date]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Figure:
    """A quantity stated in the text: 投入759亿元 → 75900000000 元, labelled 投入."""

    text: str  # the exact span: number, unit and qualifier as written
    value: Decimal | None  # in the base unit, multipliers applied; None when vague
    unit: str  # measure word or unit as written; "" when none
    approx: str | None  # qualifier as written (多, 以上, 超过 …); None when exact
    label: str | None  # what is counted, when the sentence says
    sentence: str
    section: str  # the top-level article's title
    bookmark: str | None  # the top-level article's first bookmark
    subsection: str | None = None  # the sub-heading it sits under, if any
    subsection_bookmark: str | None = None


@dataclass(frozen=True)
class Masthead:
    """What the cover or masthead of a bulletin says."""

    name: str
    issue: str  # e.g. "第1期"
    unit: str  # the compiling unit
    date: str  # as printed, e.g. "2016年5月27日"
    number: int | None = None  # the issue number in ``issue`` (5 for 2016年第5期), when it has one
    total: int | None = None  # 总第N期
    year: int | None = None
    day: dt.date | None = None  # ``date`` as a date, when it is one
    sources: tuple[tuple[str, str], ...] = ()  # (part, where it came from): ("issue", "file name") …
    # The 报尾, from bulletin.toml: to whom it goes (报：…, 送：…, 发：…), then its print run (共印N份)
    distribution: tuple[str, ...] = ()
    print_run: str = ""
    repeat_name: bool = False  # the column line repeats the name under the contents (bulletin.toml [layout])


FRESH_ANCHOR_BASE = 500_000_000  # a heading without a bookmark gets _Toc + 9 digits, as Word names them


def heading_anchors(document: Document) -> dict[int, str]:
    """Each heading's link target, by id() of its Section: its first _Toc bookmark, else its first bookmark
    (a name on two headings stays on the first), else a fresh _Toc name (_Toc500000000, _Toc500000001 …).

    The same rule as the .docx writer's, so that the PDF's destinations, the annex's links and the .docx's
    bookmarks agree on every heading, a sub-heading guessed from a short bold line included.
    """
    used = {name for section in document.walk() for name in section.bookmarks}
    fresh = FRESH_ANCHOR_BASE
    anchors: dict[int, str] = {}
    taken: set[str] = set()
    for section in document.walk():
        kept = [name for name in dict.fromkeys(section.bookmarks) if name and name not in taken]
        taken.update(kept)
        toc_names = [name for name in kept if name.startswith("_Toc")]
        if toc_names or kept:
            anchors[id(section)] = (toc_names or kept)[0]
            continue
        while f"_Toc{fresh}" in used:
            fresh += 1
        anchors[id(section)] = f"_Toc{fresh}"
        used.add(f"_Toc{fresh}")
    return anchors
