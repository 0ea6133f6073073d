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
class Run:
    """A stretch of text with uniform inline formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: its runs, joined, are its text."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @classmethod
    def plain(cls, text: str) -> Paragraph:
        return cls((Run(text),))


@dataclass(frozen=True)
class Table:
    """A grid of cells; each cell holds its own paragraphs."""

    rows: tuple[tuple[tuple[Paragraph, ...], ...], ...]


@dataclass(frozen=True)
class Image:
    """A picture carried over from the input, with its size when known."""

    data: bytes = field(repr=False)
    content_type: str
    width_emu: int | None = None
    height_emu: int | None = None
    description: str = ""


Block = Union[Paragraph, Table, Image]


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
class Document:
    """A bulletin: an optional title, a column label, front matter and articles."""

    title: str | None = None
    column: str | None = None  # the column line, e.g. "国际科技合作动态"
    preamble: tuple[Block, ...] = ()  # body blocks before the first heading
    sections: tuple[Section, ...] = ()

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
