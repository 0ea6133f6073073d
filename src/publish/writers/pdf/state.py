"""What one document's layout knows and gathers: its fonts, the page of each destination, the contents
numbers still to print, and the warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import ListDefinition, Masthead, Note

if TYPE_CHECKING:
    from .cidfont import CIDFont
    from .faces import Fonts


@dataclass
class State:
    masthead: Masthead
    fonts: Fonts
    shown: dict[str, CIDFont]  # font name → this document's font, which shows text (``CIDFont.show``)
    pages: dict[str, int] = field(default_factory=dict)  # destination key → page number
    # Contents page numbers still to print: page of the contents line → (x, y of its right end, destination key)
    contents_numbers: dict[int, list[tuple[float, float, str]]] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)  # bookmark name → destination key of its heading
    lists: dict[str, ListDefinition] = field(default_factory=dict)  # by key
    unknown_anchors: set[str] = field(default_factory=set)  # links to bookmarks that are no heading's
    unfollowed_links: set[str] = field(default_factory=set)  # schemes of links left as plain text
    note_keys: dict[int, str] = field(default_factory=dict)  # id of a Note → its destination
    placeholders: Counter = field(default_factory=Counter)  # picture kind → pictures shown as a box
    chart: tuple | None = None  # the bulletin's one chart: (first figure of its article, kind, currency, bars)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # destination key → its heading's bookmarks
    # called with (bookmark, page) as each heading is drawn, in document order: the annex's 页码 column
    on_heading: Callable[[str, int], None] | None = None

    def note_key(self, note: Note) -> str:
        """The destination of a note's printed text, which its marks link to."""
        return self.note_keys.setdefault(id(note), f"note{len(self.note_keys) + 1}")

    def warn_once(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
