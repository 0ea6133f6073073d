"""Map the raw, docx-shaped blocks onto the format-neutral section tree.

Headings are recognised by every signal real producers use, strongest first:
a style named ``heading N`` (through ``basedOn``), ``w:outlineLvl`` on the
paragraph or its style (WPS), the level an existing TOC gives the paragraph's
bookmark, a ``_Toc`` bookmark alone, and last a short bold line standing alone
between body paragraphs (a guessed sub-heading, reported as a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .. import masthead_text
from ..model import Block, Document, ListItem, Paragraph, Run, Section, Source, TypedMasthead
from .body import RawBlock, RawParagraph, RawTable, to_model_blocks, trim_runs
from .numbering import format_number
from .styles import ParagraphStyle

SOURCE_LINE = re.compile(
    r"^[（(]\s*(?:来源|来\s*源|资料来源|稿件来源)\s*[:：]\s*(?P<body>.+?)\s*[）)]$")
SOURCE_DATE = re.compile(
    r"[,，、\s]*(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))\s*$")
COLUMN_MARK = re.compile(r"^[·•・]\s*")
SUBHEADING_MAX_CHARS = 20
SENTENCE_END = "。．.；;：:，,！!？?、）)」”"
SENTENCE_STOPS = "。．；;！!？?"  # what ends a sentence itself (not a bracket, a colon or a comma)
LONG_PARAGRAPH_CHARS = 20_000  # ten pages of one paragraph: most likely lost paragraph marks
HEADING_MAX_CHARS = 120  # a _Toc bookmark on a longer paragraph is not taken as a heading
NON_HEADING_STYLES = ("masthead", "toc heading", "column label", "source line")
TYPED_NAME_MAX_CHARS = 20  # a bulletin's name typed above its issue line: 国际科技合作动态


@dataclass
class _Open:
    """A section being filled; frozen into a model.Section when complete."""

    title: str
    level: int
    bookmarks: list[str]
    guessed: bool = False
    list_item: ListItem | None = None
    title_runs: tuple[Run, ...] = ()
    source: Source | None = None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(self.title, self.level, tuple(self.bookmarks), self.source,
                       tuple(self.blocks), tuple(child.freeze() for child in self.children), self.list_item,
                       self.title_runs)


class TreeBuilder:
    def __init__(self, warnings: list[str], details: list[str] | None = None) -> None:
        self.warnings = warnings
        self.details = details if details is not None else []  # what -v shows: one line per guess
        self._guessed: dict[int, list[str]] = {}
        self.title: str | None = None
        self.column: str | None = None
        self.preamble: list[Block] = []
        self.sections: list[_Open] = []
        self._stack: list[_Open] = []
        self._seen_bookmarks: set[str] = set()
        self._typed: dict = {}  # the masthead lines typed at the top, parsed: TypedMasthead's fields
        self._typed_lines: list[str] = []
        self._styled_sublevels: set[int] = set()  # sub-heading levels the document styles: none is typed there
        self._marks_headings = False  # any heading style, outline level or _Toc bookmark: no typed headings read
        self._typed_in_order: set[int] = set()  # ids of the lines typed 一、 二、 三、 … in order (_typed_in_order)

    def build(self, blocks: list[RawBlock], core_title: str | None) -> Document:
        toc_levels = _toc_levels(blocks)
        _check_toc_targets(blocks, self.warnings)
        paragraphs = [b for b in blocks if isinstance(b, RawParagraph)]
        _drop_body_styles_outline_levels(paragraphs)
        self._styled_sublevels = {level for p in paragraphs if not p.in_toc and (level := _styled_level(p) or 0) >= 2}
        self._marks_headings = bool(toc_levels) or any(_styled_level(p) or _has_toc_bookmark(p) for p in paragraphs)
        if not self._marks_headings:
            self._typed_in_order = _typed_in_order([p for p in paragraphs if not p.in_toc])
        # A "目录" line right before the contents is their title, not body text.
        toc_titles = {id(block) for block, after in zip(blocks, blocks[1:])
                      if isinstance(after, RawParagraph) and after.in_toc}
        body = [b for b in blocks if not (isinstance(b, RawParagraph) and b.in_toc)]
        for index, block in enumerate(body):
            if isinstance(block, RawTable):
                if not self._own_or_typed_masthead(block):
                    self._add_block(block.to_model())
                continue
            if id(block) in toc_titles and block.is_toc_title:
                continue
            following = body[index + 1] if index + 1 < len(body) else None
            self._paragraph(block, toc_levels, following)
        for level, titles in sorted(self._guessed.items()):
            shown = ", ".join(titles[:4]) + (", …" if len(titles) > 4 else "")
            plural = "s" if len(titles) != 1 else ""
            self.warnings.append(f"Guessed {len(titles)} level-{level} heading{plural} from short bold lines: {shown}")
        return Document(
            title=self.title or core_title or None,
            column=self.column,
            preamble=tuple(self.preamble),
            sections=tuple(section.freeze() for section in self.sections),
            typed_masthead=TypedMasthead(**self._typed, lines=tuple(self._typed_lines)) if self._typed else None,
        )

    def _paragraph(self, raw: RawParagraph, toc_levels: dict[str, int], following: RawBlock | None) -> None:
        runs = trim_runs(raw.runs)
        text = "".join(run.text for run in runs if run.note is None)
        style_name = raw.style.name
        if style_name.startswith(NON_HEADING_STYLES[:2]):
            # our own masthead and contents title: their text is regenerated, never body; a picture or a
            # text box anchored in one (a cover's box in an empty TOC Heading paragraph) is the editor's
            self._add_following(raw)
            return
        if not text and not raw.list_item and not any(run.note or run.equation for run in runs):
            if raw.bookmarks:
                self._carry_bookmarks(raw, following)
            self._add_following(raw)
            return
        if style_name == "title" and self.title is None:
            self.title = text
            return
        if not self.sections and not raw.bookmarks and self._typed_masthead(text.strip()):
            return
        if not self.sections and (style_name == "column label" or COLUMN_MARK.match(text)) \
                and self.column is None and not raw.bookmarks:
            self.column = COLUMN_MARK.sub("", text).strip()
            return
        source = _source(text)
        if source and self._stack:
            article = self._stack[0]
            if article.source is None:
                article.source = source
                return
            self.warnings.append(f"A second source line in '{article.title}' was kept as body text")
        level = self._heading_level(raw, text, toc_levels, following)
        if level is not None:
            self._open_section(text, level, raw, runs)
        else:
            if len(text) > LONG_PARAGRAPH_CHARS:
                where = f" in '{self._stack[-1].title}'" if self._stack else ""
                self.warnings.append(f"A paragraph of {len(text):,} characters{where}: "
                                     "check that paragraph marks were not lost")
            self._add_block(Paragraph(tuple(runs), raw.align, raw.list_item))
        self._add_following(raw)

    def _own_or_typed_masthead(self, table: RawTable) -> bool:
        """Whether a table is masthead, not body: our own 报尾 (every paragraph in a Masthead style, so
        regenerated), or, above the articles, the editor's masthead typed into a table, as many bulletins
        lay it out (国际科技合作动态 / 2016年第5期 | 总第87期 / 科技部国际合作司编 | 2016年6月3日), when every
        line of it reads as a masthead line."""
        paragraphs = table.paragraphs()
        if paragraphs and all(p.style.name.startswith(NON_HEADING_STYLES[0]) for p in paragraphs):
            return True
        if self.sections or self.preamble or any(p.bookmarks for p in paragraphs):
            return False
        lines = _table_lines(table)
        name = lines.pop(0) if len(lines) > 1 and _reads_as_name(lines[0]) \
            and masthead_text.ISSUE_LINE.match(lines[1]) else None
        before = (dict(self._typed), list(self._typed_lines))
        if lines and all(self._typed_masthead(line) for line in lines):
            if name:
                self._typed["name"] = name
                self._typed_lines.insert(len(before[1]), name)
            return True
        self._typed, self._typed_lines = before
        return False

    def _typed_masthead(self, text: str) -> bool:
        """Take a masthead line the editor typed above the articles (2016年第5期（总第87期）, then
        科技部国际合作司编　　2016年6月3日); the short line right above the issue line is the name."""
        found = masthead_text.ISSUE_LINE.match(text)
        if found and "issue" not in self._typed:
            self._typed.update(issue=masthead_text.number(found["issue"]),
                               total=masthead_text.number(found["total"]),
                               year=int(found["year"]) if found["year"] else None)
            above = self.preamble[-1] if self.preamble else None
            if len(self.preamble) == 1 and isinstance(above, Paragraph) and _reads_as_name(above.text.strip()):
                self.preamble.pop()
                self._typed["name"] = above.text.strip()
                self._typed_lines.append(above.text.strip())
            self._typed_lines.append(text)
            return True
        found = masthead_text.UNIT_DATE_LINE.match(text)
        if found and "date" not in self._typed and ("issue" in self._typed or found["verb"]):
            day = masthead_text.parse_date(f"{found['y']}年{found['m']}月{found['d']}日")
            if day is None:
                return False
            self._typed.update(unit=found["unit"].strip(), date=day)
            self._typed_lines.append(text)
            return True
        return False

    def _heading_level(self, raw: RawParagraph, text: str, toc_levels: dict[str, int],
                       following: RawBlock | None) -> int | None:
        if raw.style.name.startswith(NON_HEADING_STYLES):
            return None
        explicit = _styled_level(raw)
        if explicit:
            return explicit
        for name in raw.bookmarks:
            if name in toc_levels:
                return toc_levels[name]
        if _has_toc_bookmark(raw):
            # A document's contents link to its headings' bookmarks. One they leave out, on a sentence
            # (本文件没有规范性引用文件。), was left behind when a heading was edited into body text: stale, no
            # heading. Without contents, or on a line that reads as a title, it stays one (an article added after
            # the contents were last updated).
            if toc_levels and text.rstrip()[-1:] in SENTENCE_END:
                self.details.append(f"A _Toc bookmark the contents do not link to, on a sentence, was not taken as "
                                    f"a heading: {text[:20]}")
            elif not any(char.isalnum() for char in text):
                # ……, a placeholder line of a template (哈工大's thesis template): no words, no title
                self.details.append(f"A _Toc bookmark on a line of no words was not taken as a heading: {text[:20]}")
            elif len(text) <= HEADING_MAX_CHARS:
                return 1
            else:
                self.warnings.append(f"A _Toc bookmark on a long paragraph was not taken as a heading: {text[:20]}…")
        typed = None if self._marks_headings else _typed_heading_level(raw, text, id(raw) in self._typed_in_order)
        if typed is not None:
            self.details.append(f"Took the line '{text}' for a level-{typed} heading: its number and face (GB/T 9704)")
            return typed
        if self._looks_like_subheading(raw, text, following):
            parent = next((s for s in reversed(self._stack) if not s.guessed), None)
            level = (parent.level if parent else 0) + 1
            if level not in self._styled_sublevels:
                self._guessed.setdefault(level, []).append(text)
                self.details.append(f"Guessed a level-{level} heading from the short bold line '{text}'")
                return level
        return None

    def _looks_like_subheading(self, raw: RawParagraph, text: str, following: RawBlock | None) -> bool:
        """A short bold line standing alone between body paragraphs; not a bulleted item (• 加粗的要点 is a point,
        not a heading). It is taken as a heading only at a level the document does not style itself."""
        bulleted = raw.list_item is not None and bool(raw.list_item.label) \
            and not any(char.isalnum() for char in raw.list_item.label)
        return (bool(self._stack) and not bulleted
                and not raw.style.body_text and raw.all_bold and len(text) <= SUBHEADING_MAX_CHARS
                and text[-1] not in SENTENCE_END and "\n" not in text
                and isinstance(following, RawParagraph) and bool(following.text.strip())
                and not following.all_bold)

    def _open_section(self, title: str, level: int, raw: RawParagraph, runs: list[Run]) -> None:
        bookmarks = []
        for name in raw.bookmarks:
            if name in self._seen_bookmarks:
                self.warnings.append(f"Bookmark {name} appears on more than one heading; kept on the first")
            else:
                self._seen_bookmarks.add(name)
                bookmarks.append(name)
        section = _Open(title, level, bookmarks, guessed=_styled_level(raw) is None and not raw.bookmarks,
                        list_item=raw.list_item, title_runs=tuple(runs) if any(map(_more_than_text, runs)) else ())
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        (self._stack[-1].children if self._stack else self.sections).append(section)
        self._stack.append(section)

    def _carry_bookmarks(self, raw: RawParagraph, following: RawBlock | None) -> None:
        # An empty paragraph holding a heading's bookmark (seen in WPS files): pass it on.
        if isinstance(following, RawParagraph):
            following.bookmarks[:0] = raw.bookmarks

    def _add_block(self, block: Block) -> None:
        (self._stack[-1].blocks if self._stack else self.preamble).append(block)

    def _add_following(self, raw: RawParagraph) -> None:
        """The paragraph's pictures, then the text of its text boxes, as blocks after it."""
        for image in raw.images:
            self._add_block(image)
        for block in to_model_blocks(raw.after):
            self._add_block(block)


def _reads_as_name(text: str) -> bool:
    """A bulletin's name, as typed above its issue line: short, and not a sentence."""
    return bool(text) and len(text) <= TYPED_NAME_MAX_CHARS and text[-1] not in SENTENCE_END


def _table_lines(table: RawTable) -> list[str]:
    """A table's text as the lines it shows: a row of one-line cells reads as one line (2016年第5期 |
    总第87期 as 2016年第5期　总第87期), else each paragraph is a line of its own."""
    lines: list[str] = []
    for row in table.rows:
        cells = [[text for block in cell.blocks if isinstance(block, RawParagraph) and (text := block.text.strip())]
                 for cell in row.cells]
        nested = any(isinstance(block, RawTable) for cell in row.cells for block in cell.blocks)
        if not nested and all(len(texts) <= 1 for texts in cells):
            joined = "\u3000".join(texts[0] for texts in cells if texts)
            lines.extend([joined] if joined else [])
        else:
            lines.extend(text for cell in row.cells for block in cell.blocks
                         for p in (block.paragraphs() if isinstance(block, RawTable) else [block])
                         if (text := p.text.strip()))
    return lines


# GB/T 9704's heading levels as an office types them, with no heading style: 一、 in 黑体, （一） in 楷体
_TYPED_LEVELS = ((re.compile("[一二三四五六七八九十]{1,3}、"), ("黑体", "simhei"), 1),
                 (re.compile("（[一二三四五六七八九十]{1,3}）"), ("楷体", "kaiti"), 2))
TYPED_HEADING_MAX_CHARS = 30


def _typed_heading_level(raw: RawParagraph, text: str, in_order: bool) -> int | None:
    """The level of a heading typed as GB/T 9704 sets it (一、编制过程 in 黑体), in a document that marks no heading
    otherwise: a short line, its number typed or drawn by a list, set apart from the text by that level's face,
    by bold, or by its number following the one before (``in_order``: ``_typed_in_order``)."""
    numbered = _typed_line(raw, text)
    if numbered is None:
        return None
    for number, faces, level in _TYPED_LEVELS:
        if number.match(numbered) and (in_order or raw.all_bold or raw.faces and all(
                any(face in used.lower() for face in faces) for used in raw.faces)):
            return level
    return None


def _typed_line(raw: RawParagraph, text: str) -> str | None:
    """The line with its list number, if it is short and stands alone as a heading does (no sentence's end)."""
    numbered = (raw.list_item.label if raw.list_item else "") + text.strip()
    if not numbered or len(numbered) > TYPED_HEADING_MAX_CHARS or numbered[-1:] in SENTENCE_END or "\n" in text:
        return None
    return numbered


_CHINESE_NUMBERS = {format_number(value, "chineseCounting"): value for value in range(1, 100)}  # 一 … 九十九
IN_ORDER_MIN = 3  # 一、 二、 三、: a run of three numbers in order is a document's outline, not a chance


def _typed_in_order(paragraphs: list[RawParagraph]) -> set[int]:
    """The ids of the short lines typed 一、 二、 三、 … (or （一） （二） （三） …) in order, three or more from the
    first: headings that a document sets in its body's face (行标编制说明 of 核电厂定期安全评价指南 第6部分, 宋体
    throughout, its headings told apart only by their numbers and by standing unindented)."""
    found: set[int] = set()
    runs: list[list[RawParagraph]] = [[] for _ in _TYPED_LEVELS]  # per level, the numbers in order so far
    for paragraph in paragraphs:
        numbered = _typed_line(paragraph, paragraph.text)
        if numbered is None:
            continue
        for (number, _, _), run in zip(_TYPED_LEVELS, runs):
            typed = number.match(numbered)
            value = _CHINESE_NUMBERS.get(typed[0].strip("（）、")) if typed else None
            if value == 1:
                run[:] = [paragraph]
            elif value is not None and run and value == len(run) + 1:
                run.append(paragraph)
            else:
                continue
            if len(run) >= IN_ORDER_MIN:
                found.update(map(id, run))
    return found


def _styled_level(raw: RawParagraph) -> int | None:
    """The level a paragraph's style or outline level gives it (a heading style, WPS's w:outlineLvl), or None."""
    return raw.style.heading_level or raw.outline_level or raw.style.outline_level


def _drop_body_styles_outline_levels(paragraphs: list[RawParagraph]) -> None:
    """A style that is no heading style but has an outline level makes headings of its paragraphs (WPS's own
    outline styles), unless the document writes its body text in it: then its level is dropped. 新疆大学's
    规范及格式要求 (WPS 10.8) sets its Plain Text style at outline level 1 and writes sentences in it
    (参考文献采用实引方式，即在文中用上角标标注。); a style most of whose paragraphs end as sentences do is such a style."""
    by_style: dict[ParagraphStyle, list[RawParagraph]] = {}
    for paragraph in paragraphs:
        style = paragraph.style
        if style.outline_level and not style.heading_level and not paragraph.in_toc and paragraph.text.strip():
            by_style.setdefault(style, []).append(paragraph)
    for style, members in by_style.items():
        if 2 * sum(p.text.rstrip()[-1:] in SENTENCE_STOPS for p in members) > len(members):
            for paragraph in members:
                paragraph.style = replace(style, outline_level=None)


def _has_toc_bookmark(raw: RawParagraph) -> bool:
    return any(name.startswith("_Toc") for name in raw.bookmarks)


def _more_than_text(run: Run) -> bool:
    """Whether a heading's run holds what its plain title would lose (bold is the heading's own look)."""
    return bool(run.link or run.note or run.equation or run.vertical or run.italic or run.underline or run.strike)


def _toc_levels(blocks: list[RawBlock]) -> dict[str, int]:
    """The level an existing TOC gives each bookmark it links to."""
    levels = {}
    for block in blocks:
        if isinstance(block, RawParagraph) and block.in_toc and block.toc_anchor:
            levels.setdefault(block.toc_anchor, block.style.toc_level or 1)
    return levels


def _check_toc_targets(blocks: list[RawBlock], warnings: list[str]) -> None:
    anchors = {b.toc_anchor for b in blocks if isinstance(b, RawParagraph) and b.in_toc and b.toc_anchor}
    present = {name for b in blocks if isinstance(b, RawParagraph) for name in b.bookmarks}
    missing = sorted(anchors - present)
    if missing:
        warnings.append(f"The table of contents links to bookmarks that are not in the document: "
                        f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}")


def _source(text: str) -> Source | None:
    match = SOURCE_LINE.match(text)
    if not match:
        return None
    body = match["body"]
    date = None
    found = SOURCE_DATE.search(body)
    if found:
        month, day = found["m"] or found["m2"], found["d"] or found["d2"]
        try:
            date = dt.date(int(found["y"]), int(month), int(day))
        except ValueError:
            date = None
        if date:
            body = body[:found.start()]
    return Source(name=body.strip(" ，,、"), date=date, text=text)
