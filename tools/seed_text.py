"""Parse the bulletin's text export (``input/bulletin.txt``) into the model.

The text export marks a bookmarked heading as ``[bookmark: _TocNNN]title``.
Within an article, a short line without closing punctuation is a sub-heading
(the seven of 国家科技重大专项成就); ``（来源：…）`` is the article's source line.
This parse is the sample builder's input and the tests' oracle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^\s*\[bookmark: (?P<bookmark>[^\]]+)\](?P<title>.*)$")
SOURCE = re.compile(r"^[（(]来源[:：].*[）)]$")
SUBHEADING_MAX_CHARS = 12
CLOSING_PUNCTUATION = "。；：！？，、）)”"


@dataclass
class SeedSection:
    title: str
    level: int
    bookmark: str | None
    paragraphs: list[str] = field(default_factory=list)  # trimmed body text
    source: str | None = None  # the source line as written, trimmed
    children: list["SeedSection"] = field(default_factory=list)


@dataclass
class SeedDocument:
    column: str | None
    sections: list[SeedSection]

    def walk(self):
        for section in self.sections:
            yield section
            yield from section.children


def parse(text: str) -> SeedDocument:
    column = None
    sections: list[SeedSection] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = HEADING.match(raw)
        if heading:
            sections.append(SeedSection(heading["title"].strip(), 1, heading["bookmark"]))
        elif not sections:
            column = line.lstrip("·").strip() if line.startswith("·") else line
        elif SOURCE.match(line):
            sections[-1].source = line
        elif len(line) <= SUBHEADING_MAX_CHARS and line[-1] not in CLOSING_PUNCTUATION:
            sections[-1].children.append(SeedSection(line, 2, None))
        else:
            owner = sections[-1].children[-1] if sections[-1].children else sections[-1]
            owner.paragraphs.append(line)
    return SeedDocument(column, sections)
