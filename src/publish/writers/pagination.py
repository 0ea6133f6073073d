"""Where each heading of the written .docx lands, computed without a word processor.

The reference template is built for predictable pages: exact line spacing, spacing in whole line
pitches, no widow/orphan control, no automatic Chinese/Latin spacing, no hanging punctuation. What
is left to model is how many lines each paragraph takes, and that is LibreOffice's line breaking
(which WPS and Word follow closely for Chinese text):

- text is measured with the fonts LibreOffice substitutes here: East Asian script in Noto Sans CJK
  SC (for 仿宋/黑体/楷体/小标宋, which a Linux machine lacks) and Latin script in Liberation Serif
  (for Times New Roman); their advance widths are tabulated at the bottom of this module, so no
  font file is read at run time;
- each character's script is LibreOffice's: CJK blocks are Asian, Latin/Greek/Cyrillic are Latin,
  and "weak" characters (general punctuation such as “ ” — …) take the script before them;
- a line is filled greedily; where the first character that does not fit is Asian, the line breaks
  there unless the zh-CN forbidden-character rules (kinsoku) push the break back; where it is
  Latin, the break goes back to the last Unicode line-break opportunity (start of the word or
  number, a space, a hyphen).

Pages then follow from line pitches, spacing, page breaks and keep-with-next/keep-lines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# zh-CN forbidden characters as LibreOffice 7.4's locale data gives them (LocaleData.getForbiddenCharacters).
FORBIDDEN_BEGIN = frozenset(
    ':!),.:;?]}\xa2\'"\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u301e\ufe30\ufe31\ufe33'
    "\ufe50\uff64\ufe52\ufe54\ufe55\ufe56\ufe57\ufe5a\ufe5c\ufe5e\uff01\uff09\uff0c\uff0e\uff1a\uff1b"
    "\uff1f\uff5c\uff5d\ufe34\ufe36\ufe38\ufe3a\ufe3c\ufe3e\ufe40\ufe42\ufe44\ufe4f\uff5e\uffe0\u3005"
    "\u2016\u2022\xb7\u02c7\u02c9\u2015-\u2032\u2019\u201d")
FORBIDDEN_END = frozenset(
    '([{\xa3\xa5\'"\u2035\u3008\u300a\u300c\u300e\u3010\u3014\u3016\uff08\uff3b\uff5b\uffe1\uffe5\u301d'
    "\ufe35\ufe37\ufe39\ufe3b\ufe3d\ufe3f\ufe41\ufe43\ufe59\ufe5b\ufe5d\u201c\u2018")

# LibreOffice 7.4 ignores w:autoSpaceDE/DN and puts this much space (in em) between an ideograph and
# a Latin letter or digit next to it.
AUTOSPACE_EM = 0.2

LATIN, ASIAN, WEAK = 1, 2, 3
TWIPS_PER_POINT = 20


# -- layout parameters, read from the template ------------------------------------------------------


@dataclass(frozen=True)
class StyleMetrics:
    size: float = 16.0  # points
    line: int = 579  # twips; the line's height when exact
    exact: bool = True
    before: int = 0
    after: int = 0
    first_line: int = 0  # twips; negative for a hanging indent
    left: int = 0
    right: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    border: int = 0  # twips a paragraph border adds to the height
    bold: bool = False
    italic: bool = False


PLAIN_STYLE = StyleMetrics()  # for an item whose role the template has no style for; shared, being frozen


@dataclass
class Layout:
    text_width: int = 8845
    body_height: int = 12756
    pitch: int = 579
    styles: dict[str, StyleMetrics] = field(default_factory=dict)
    estimated: bool = False  # some style is not exact-spaced: pages are an estimate

    @classmethod
    def from_template(cls, styles_root, section, style_ids: dict[str, str]) -> Layout:  # noqa: ANN001 - lxml
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

        def val(element, name: str, default: int = 0) -> int:  # noqa: ANN001
            if element is None:
                return default
            value = element.get(f"{w}{name}")
            try:
                return int(float(value)) if value is not None else default
            except ValueError:
                return default

        width, height, margins = 11906, 16838, {"top": 1440, "bottom": 1440, "left": 1800, "right": 1800}
        if section is not None:
            size = section.find(f"{w}pgSz")
            width, height = val(size, "w", width), val(size, "h", height)
            margin = section.find(f"{w}pgMar")
            margins = {side: abs(val(margin, side, default)) for side, default in margins.items()}
        raw = {s.get(f"{w}styleId"): s for s in styles_root.iterfind(f"{w}style")}
        defaults = [styles_root.find(f"{w}docDefaults/{w}pPrDefault/{w}pPr"),
                    styles_root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")]

        def chain(style_id: str | None) -> list:
            found, seen = [], set()
            while style_id in raw and style_id not in seen:
                seen.add(style_id)
                found.append(raw[style_id])
                based = raw[style_id].find(f"{w}basedOn")
                style_id = based.get(f"{w}val") if based is not None else None
            return list(reversed(found))

        def on(element) -> bool:  # noqa: ANN001
            return element is not None and element.get(f"{w}val", "true") not in ("0", "false", "off")

        metrics = {}
        estimated = False
        for role, style_id in style_ids.items():
            props: dict = {}
            ppr_list = [defaults[0]] + [s.find(f"{w}pPr") for s in chain(style_id)]
            rpr_list = [defaults[1]] + [s.find(f"{w}rPr") for s in chain(style_id)]
            for ppr in ppr_list:
                if ppr is None:
                    continue
                spacing = ppr.find(f"{w}spacing")
                if spacing is not None:
                    for key in ("before", "after", "line"):
                        if spacing.get(f"{w}{key}") is not None:
                            props[key] = val(spacing, key)
                    if spacing.get(f"{w}lineRule") is not None:
                        props["rule"] = spacing.get(f"{w}lineRule")
                ind = ppr.find(f"{w}ind")
                if ind is not None:
                    for key, names in (("left", ("left", "start")), ("right", ("right", "end"))):
                        for name in names:
                            if ind.get(f"{w}{name}") is not None:
                                props[key] = val(ind, name)
                    if ind.get(f"{w}firstLine") is not None:
                        props["first_line"] = val(ind, "firstLine")
                    if ind.get(f"{w}hanging") is not None:
                        props["first_line"] = -val(ind, "hanging")
                for key in ("keepNext", "keepLines", "pageBreakBefore"):
                    element = ppr.find(f"{w}{key}")
                    if element is not None:
                        props[key] = on(element)
                border = ppr.find(f"{w}pBdr")
                if border is not None:
                    props["border"] = sum(
                        val(side, "sz") * 20 // 8 + val(side, "space") * 20
                        for side in (border.find(f"{w}top"), border.find(f"{w}bottom")) if side is not None
                        and side.get(f"{w}val") not in (None, "nil", "none"))
            for rpr in rpr_list:
                if rpr is None:
                    continue
                size = rpr.find(f"{w}sz")
                if size is not None:
                    props["size"] = val(size, "val", 32) / 2
                for key, tag in (("bold", "b"), ("italic", "i")):
                    element = rpr.find(f"{w}{tag}")
                    if element is not None:
                        props[key] = on(element)
            size_pt = props.get("size", 10.0)
            rule = props.get("rule", "auto")
            line = props.get("line", 240)
            exact = rule == "exact"
            if not exact:
                estimated = estimated or role in ("body", "heading1", "heading2", "toc1")
                natural = round(size_pt * 1.3 * TWIPS_PER_POINT)  # a CJK font's line height, roughly
                line = max(line, natural) if rule == "atLeast" else round(natural * line / 240)
            metrics[role] = StyleMetrics(
                size=size_pt, line=line, exact=exact, before=props.get("before", 0), after=props.get("after", 0),
                first_line=props.get("first_line", 0), left=props.get("left", 0), right=props.get("right", 0),
                keep_next=props.get("keepNext", False), keep_lines=props.get("keepLines", False),
                page_break_before=props.get("pageBreakBefore", False), border=props.get("border", 0),
                bold=props.get("bold", False), italic=props.get("italic", False))
        body = metrics.get("body")
        return cls(text_width=width - margins["left"] - margins["right"],
                   body_height=height - margins["top"] - margins["bottom"],
                   pitch=body.line if body else 579, styles=metrics, estimated=estimated)


# -- what is laid out -------------------------------------------------------------------------------


@dataclass
class Item:
    """One paragraph (or table, or picture) of the written body, in order."""

    role: str
    text: str
    runs: tuple[tuple[str, bool, bool], ...] = ()  # (text, bold, italic); empty: the text in the style's face
    page_break_before: bool = False
    bookmarks: tuple[str, ...] = ()
    toc_anchor: str | None = None  # a contents entry: its page number is laid out after a right tab
    fixed_height: int | None = None  # a picture's line, in twips
    table_rows: list[list[TableCell]] | None = None  # a table's rows, each the cells it starts
    header_rows: int = 0  # a table's leading rows, repeated at the top of each page it continues on
    notes: tuple[Item, ...] = ()  # the paragraphs of the footnotes this paragraph cites
    note_offset: int | None = None  # where in the runs' text the first footnote is cited; None: at the end
    indent: tuple[int, int] | None = None  # (left, first line) in twips, when not the style's (lists)


@dataclass
class TableCell:
    """A cell as the page model needs it: its paragraphs, its width and the rows it spans."""

    items: list[Item]
    width: int  # twips, spanned columns included
    row_span: int = 1


def paginate(items: Sequence[Item], layout: Layout) -> tuple[dict[str, int], list[str]]:
    """The page each bookmark (and each contents entry's anchor) lands on, and any warnings."""
    numbers: dict[str, int] = {}
    pages: dict[str, int] = {}
    cache: dict = {}  # only the contents entries change between passes
    for _ in range(4):  # the numbers' own widths can move a long entry onto another line
        pages = _place(items, layout, numbers, boxes_cache=cache)
        if all(numbers.get(item.toc_anchor) == pages.get(item.toc_anchor) for item in items if item.toc_anchor):
            break
        numbers = pages
    warnings = []
    if layout.estimated:
        warnings.append("The template's styles do not use exact line spacing: the contents' page numbers are "
                        "estimates (Word corrects them when it updates fields)")
    return pages, warnings


def _place(items: Sequence[Item], layout: Layout, numbers: dict[str, int],
           trace: list[tuple[int, int]] | None = None, boxes_cache: dict | None = None) -> dict[str, int]:
    """Lay the items out page by page; ``trace`` (when given) collects (page, item index) per line."""
    height = layout.body_height
    page, y = 1, 0
    pages: dict[str, int] = {}
    if boxes_cache is None:
        boxes_cache = {}
    boxes = []
    for index, item in enumerate(items):
        if item.toc_anchor is not None or index not in boxes_cache:
            boxes_cache[index] = _boxes(item, layout, numbers)
        boxes.append(boxes_cache[index])

    notes = 0  # height the footnotes cited so far take at this page's foot
    carry = 0  # the part of a footnote that did not fit, with its continuation separator, for the next page
    for index, item in enumerate(items):
        style = layout.styles.get(item.role, PLAIN_STYLE)
        lines, before, after = boxes[index]
        broke_here = False
        if (item.page_break_before or style.page_break_before) and y > 0:
            page, y, notes, carry = page + 1, 0, carry, 0
            broke_here = True
        if style.keep_next or style.keep_lines:
            need = _kept_height(items, boxes, index, layout)
            if y > 0 and y + need > height - notes and need <= height:
                page, y, notes, carry = page + 1, 0, carry, 0
        if item.table_rows is not None:
            repeated = sum(lines[:item.header_rows])
            for row_number, row_height in enumerate(lines):
                if y > 0 and y + row_height > height - notes:
                    page, y, notes, carry = page + 1, 0, carry, 0
                    if row_number >= item.header_rows:
                        y = repeated  # the header rows again, as Word and LibreOffice repeat them
                y += row_height
                if trace is not None:
                    trace.append((page, index))
            continue
        cited = _notes_height(item, layout, numbers, boxes_cache) if item.notes else 0
        cited_line = _cited_line(item, layout, len(lines)) if cited else -1
        first = True
        for number, line in enumerate(lines):
            # Spacing above a paragraph that opens a page after a natural break is dropped.
            extra = before if first and (y > 0 or page == 1 or broke_here) else 0
            # The notes go on the page of the line that cites them (the first citation's line for all).
            reserve = (cited + (NOTE_SEPARATOR if not notes else 0)) if number == cited_line and cited else 0
            if y > 0 and y + extra + line > height - notes - reserve:
                opening = _first_note_line(item, layout, numbers) + (NOTE_SEPARATOR if not notes else 0)
                if reserve and y + extra + line + opening <= height - notes:
                    # The cited line and the note's first line fit: the rest of the note continues at
                    # the foot of the next page, below a continuation separator (Word and LibreOffice alike).
                    room = height - notes - (y + extra + line)
                    carry = reserve - room + NOTE_SEPARATOR
                    reserve = room
                else:
                    page, y, notes, carry = page + 1, 0, carry, 0
                    extra = 0
                    reserve = (cited + NOTE_SEPARATOR) if reserve else 0
            if first:
                for name in item.bookmarks:
                    pages.setdefault(name, page)
                first = False
            y += extra + line
            notes += reserve
            if trace is not None:
                trace.append((page, index))
        y = min(y + after, height - notes) if lines else y
    return pages


NOTE_SEPARATOR = 240  # twips above the first footnote on a page: the separator line's paragraph


def _cited_line(item: Item, layout: Layout, count: int) -> int:
    """The index of the line that holds the paragraph's first footnote reference."""
    if item.note_offset is None:
        return count - 1
    style = _indented_style(item, layout)
    spans, _ = line_spans(item.runs or ((item.text, False, False),), style,
                          layout.text_width - style.left - style.right)
    line = next((i for i, (_, end) in enumerate(spans) if item.note_offset < end), len(spans) - 1)
    return min(line, count - 1)


def _first_note_line(item: Item, layout: Layout, numbers: dict[str, int]) -> int:
    """What must stay on the cited line's page: every note ``item`` cites begins there, so all of them
    but the last paragraph's second and later lines."""
    if not item.notes:
        return 0
    lines, before, after = _boxes(item.notes[-1], layout, numbers)
    return _notes_height(item, layout, numbers, {}) - (sum(lines[1:]) + after)


def _notes_height(item: Item, layout: Layout, numbers: dict[str, int], cache: dict) -> int:
    key = ("notes", id(item))
    if key not in cache:
        total = 0
        for note in item.notes:
            lines, before, after = _boxes(note, layout, numbers)
            total += before + sum(lines) + after
        cache[key] = total
    return cache[key]


def _kept_height(items: Sequence[Item], boxes: list, index: int, layout: Layout) -> int:
    """The height that must fit on this page: a keep-with-next chain and the next paragraph's first line."""
    need = 0
    while index < len(items):
        style = layout.styles.get(items[index].role, PLAIN_STYLE)
        lines, before, after = boxes[index]
        if items[index].table_rows is not None:
            return need + (lines[0] if lines else 0)
        if not style.keep_next:
            return need + before + (lines[0] if lines else 0)
        need += before + sum(lines) + after
        if need > layout.body_height:
            return need  # a chain longer than a page cannot be kept together: no need to walk it all
        index += 1
        if index < len(items) and (items[index].page_break_before
                                   or layout.styles.get(items[index].role, PLAIN_STYLE).page_break_before):
            return need
    return need


def _boxes(item: Item, layout: Layout, numbers: dict[str, int]) -> tuple[list[int], int, int]:
    """(line heights, spacing before, spacing after) of one item; a table's rows as its lines."""
    if item.table_rows is not None:
        return _row_heights(item.table_rows, layout, numbers), 0, 0
    style = _indented_style(item, layout)
    if item.fixed_height is not None:
        return [item.fixed_height], style.before, style.after
    width = layout.text_width - style.left - style.right
    runs = item.runs or ((item.text, False, False),)
    if item.toc_anchor is not None:
        number = str(numbers.get(item.toc_anchor, 9))
        count, last_width = count_lines(runs, style, width)
        if last_width + text_width(number, style.size, style.bold, style.italic) + TAB_MIN_GAP > width - (
                style.first_line if count == 1 else 0):
            count += 1
    else:
        count, _ = count_lines(runs, style, width)
    return [style.line] * count, style.before, style.after + style.border


def _indented_style(item: Item, layout: Layout) -> StyleMetrics:
    """The item's style, with a list item's own indents in place of the style's."""
    style = layout.styles.get(item.role, PLAIN_STYLE)
    if item.indent is not None:
        style = dataclasses.replace(style, left=item.indent[0], first_line=item.indent[1])
    return style


def _row_heights(rows: list[list[TableCell]], layout: Layout, numbers: dict[str, int]) -> list[int]:
    """Each row's height: its tallest cell; a cell spanning rows stretches the last of them if it must."""
    heights = [0] * len(rows)
    spanning: list[tuple[int, int, int]] = []  # (first row, last row, content height)
    for row_index, row in enumerate(rows):
        for cell in row:
            cell_layout = _cell_layout(layout, cell.width)
            content = 0
            for paragraph in cell.items:
                lines, before, after = _boxes(paragraph, cell_layout, numbers)
                content += before + sum(lines) + after
            if cell.row_span > 1:
                spanning.append((row_index, min(len(rows), row_index + cell.row_span) - 1, content))
            else:
                heights[row_index] = max(heights[row_index], content)
    heights = [h + TABLE_ROW_EXTRA for h in heights]
    for first, last, content in spanning:
        short = content + TABLE_ROW_EXTRA - sum(heights[first:last + 1])
        if short > 0:
            heights[last] += short
    return heights


TABLE_ROW_EXTRA = 10  # a half-point cell border adds to each row
TAB_MIN_GAP = 0


def _cell_layout(layout: Layout, column_width: int) -> Layout:
    """A table cell is laid out like a narrow page: its width less the cell's side margins."""
    return Layout(text_width=column_width - 216, body_height=layout.body_height, pitch=layout.pitch,
                  styles=layout.styles)  # 216: the table style's cell margins, 108 twips a side


# -- lines ---------------------------------------------------------------------------------------------


def count_lines(runs: Sequence[tuple[str, bool, bool]], style: StyleMetrics, width: int) -> tuple[int, float]:
    """How many lines the runs fill at this width (first line indented), and the last line's width."""
    spans, last = line_spans(runs, style, width)
    return len(spans), last


def line_spans(runs: Sequence[tuple[str, bool, bool]], style: StyleMetrics,
               width: int) -> tuple[list[tuple[int, int]], float]:
    """The lines as (start, end) offsets into the runs' joined text, and the last line's width."""
    text = "".join(run[0] for run in runs)
    if not text:
        return [(0, 0)], 0.0
    scripts = scripts_of(text)
    advances: list[float] = []
    offset = 0
    for run_text, bold, italic in runs:
        advances.extend(_advances(run_text, scripts[offset:offset + len(run_text)], style.size,
                                  bold or style.bold, italic or style.italic))
        offset += len(run_text)
    trailing = _add_autospace(text, advances, style.size)
    spans: list[tuple[int, int]] = []
    last = 0.0
    for start, end in _hard_lines(text):
        last = _break(text, advances, scripts, start, end, width, style.first_line if not spans else 0, spans,
                      trailing)
    return spans, last


def _hard_lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while (index := text.find("\n", start)) != -1:
        spans.append((start, index))
        start = index + 1
    spans.append((start, len(text)))
    return spans


def _break(text: str, advances: list[float], scripts: list[int], start: int, end: int, width: int,
           first_indent: int, spans: list[tuple[int, int]], trailing: list[float]) -> float:
    line_start = start
    first = True
    while True:
        available = width - (first_indent if first else 0)
        first = False
        used = 0.0
        cut = line_start
        while cut < end and used + advances[cut] - trailing[cut] <= available + 0.5:
            used += advances[cut]
            cut += 1
        if cut >= end:
            spans.append((line_start, end))
            return used
        position = _break_position(text, scripts, line_start, cut)
        if position <= line_start:
            position = max(cut, line_start + 1)
        spans.append((line_start, position))
        while position < end and text[position] == " ":
            position += 1  # spaces at a line's end hang in the margin
        line_start = position
        if line_start >= end:
            return used


def _break_position(text: str, scripts: list[int], line_start: int, cut: int) -> int:
    if text[cut] == " ":
        return cut
    position = cut
    if scripts[cut] == ASIAN:
        while position > line_start and (text[position] in FORBIDDEN_BEGIN or text[position - 1] in FORBIDDEN_END
                                         or text[position] == text[position - 1] == "\u2014"):
            position -= 1  # —— stays whole too (…… may be split, as LibreOffice does)
        if position == cut or scripts[position] == ASIAN or _opportunity(text, position):
            return position
        # pushed back into a Latin word or number (ARJ21-700，): it is not split, as ICU would not
    while position > line_start and not _opportunity(text, position):
        position -= 1
    return position


_LETTER = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_CLOSE = frozenset(",.;:?!)]}\u3001\u3002\uff0c\uff0e\uff1b\uff1a\uff1f\uff01\uff09\u300b\u300d\u300f\u3011\u3015\u3017")
_OPEN = frozenset("([{\uff08\u300a\u300c\u300e\u3010\u3014\u3016")
_QUOTE = frozenset("\"'\u201c\u201d\u2018\u2019")
_POSTFIX = frozenset("%\u2030\u2103\u00b0")
_PREFIX = frozenset("$\u00a3\u00a5\uffe5\u20ac")


def _opportunity(text: str, index: int) -> bool:
    """Whether LibreOffice's Unicode line breaking (for Latin text) allows a break before text[index].

    Checked against LibreOffice 7.4's own BreakIterator over UNO: no break inside a word or number
    (24.3, 60%), before closing or ellipsis marks, after opening marks and quotes, between two dashes,
    or after Chinese closing punctuation before a Latin letter or digit (，500); breaks after a space
    or a hyphen (TD-|LTE, ARJ21-|700) and between ideographs and Latin text.
    """
    before, after = text[index - 1], text[index]
    if after == " ":
        return False
    if before == " ":
        return True
    if (after in FORBIDDEN_BEGIN or after in _CLOSE or after in _QUOTE or after == "\u2026"
            or before in FORBIDDEN_END or before in _OPEN or before in _QUOTE or before in _PREFIX):
        return False
    if before == after and before in "\u2014\u2026\u2015":
        return False
    letter_before, letter_after = bool(_LETTER.match(before)), bool(_LETTER.match(after))
    if before in "-\u2010":
        return letter_after and index >= 2 and bool(_LETTER.match(text[index - 2]))
    if letter_after and (before in _CLOSE or before in _POSTFIX):
        return False
    if letter_before and (letter_after or after in _POSTFIX or after in "-\u2010"):
        return False
    return True


# -- characters --------------------------------------------------------------------------------------


_IDEOGRAPH = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0010ffff"
_ALNUM = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_AUTOSPACE_AT = re.compile(f"[{_IDEOGRAPH}](?=[{_ALNUM}])|[{_ALNUM}](?=[{_IDEOGRAPH}])")


def _add_autospace(text: str, advances: list[float], size: float) -> list[float]:
    """Widen each character that an ideograph/alphanumeric boundary follows, as LibreOffice spaces it;
    return the space added after each character (it does not count at a line's end)."""
    gap = AUTOSPACE_EM * size * TWIPS_PER_POINT
    trailing = [0.0] * len(text)
    for match in _AUTOSPACE_AT.finditer(text):
        index = match.start()
        advances[index] += gap
        trailing[index] = gap
    return trailing


def _is_ideograph(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x3040 <= code <= 0x30FF or 0xAC00 <= code <= 0xD7AF or code >= 0x20000)


def _is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum() or ("\u00c0" <= char <= "\u024f" and char.isalpha())


_SCRIPT_RUNS = re.compile(
    "([\u0000-\u02ff\u0370-\u058f\u10a0-\u10ff\u1e00-\u1fff]+)"
    "|([\u1100-\u11ff\u2e80-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0010ffff]+)"
    "|(.+?)(?=[\u0000-\u02ff\u0370-\u058f\u10a0-\u10ff\u1e00-\u1fff\u1100-\u11ff\u2e80-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0010ffff]|$)", re.S)


def scripts_of(text: str) -> list[int]:
    """Each character's script as LibreOffice assigns it: weak ones take the script before them, and
    at a paragraph's start the application language's (Latin: “ opening a paragraph is narrow)."""
    resolved: list[int] = []
    current = LATIN
    for match in _SCRIPT_RUNS.finditer(text):
        if match.group(1) is not None:
            current = LATIN
        elif match.group(2) is not None:
            current = ASIAN
        resolved.extend([current] * (match.end() - match.start()))
    return resolved


def _script(char: str) -> int:
    code = ord(char)
    if code < 0x0300 or 0x0370 <= code <= 0x058F or 0x10A0 <= code <= 0x10FF or 0x1E00 <= code <= 0x1FFF:
        return LATIN
    if (0x2E80 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or 0x1100 <= code <= 0x11FF or code >= 0x20000):
        return ASIAN
    return WEAK


def char_widths(text: str, size: float, bold: bool = False, italic: bool = False) -> list[float]:
    """Each character's advance in twips at this size, in the script LibreOffice draws it with."""
    return _advances(text, scripts_of(text), size, bold, italic)


def _advances(text: str, scripts: list[int], size: float, bold: bool, italic: bool) -> list[float]:
    scale = size * TWIPS_PER_POINT / 1000
    latin = _table(("LATIN", bold, italic))
    asian = _table(("CJK", bold, False))
    return [(asian.get(char, 1000) if script == ASIAN else latin.get(char, 500)) * scale
            for char, script in zip(text, scripts)]


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    return sum(char_widths(text, size, bold, italic))


@lru_cache(maxsize=8)
def _table(key: tuple[str, bool, bool]) -> dict[str, int]:
    kind, bold, italic = key
    if kind == "CJK":
        source = _CJK_BOLD if bold else _CJK_REGULAR
    else:
        source = {(False, False): _LATIN_REGULAR, (True, False): _LATIN_BOLD, (False, True): _LATIN_ITALIC,
                  (True, True): _LATIN_BOLD_ITALIC}[(bold, italic)]
    widths: dict[str, int] = {}
    for chunk in source.split():
        start, values = chunk.split(":")
        for offset, value in enumerate(values.split(",")):
            widths[chr(int(start, 16) + offset)] = int(value)
    if kind == "CJK":
        widths.update(CJK_MEASURED)
    return widths


# Where LibreOffice's shaping (Noto Sans CJK with the zh-Hans forms) differs from the font's default
# advance, as measured in its PDF output.
CJK_MEASURED = {"\u2014": 1000, "\u2015": 1000}


# Advance widths in 1/1000 em, as "first-codepoint-hex:w,w,w" runs. Latin: Liberation Serif (what
# LibreOffice draws Times New Roman with); CJK: Noto Sans CJK SC, only where not a full em.
_LATIN_REGULAR = (
    "20:250,333,408,500,500,833,778,180,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,5"
    "00,500,278,278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,556,7"
    "22,667,556,611,722,722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,500,278,2"
    "78,500,278,778,500,500,500,500,333,389,278,500,500,722,500,500,444,480,200,480,541 a0:250,333,500,50"
    "0,500,500,200,500,333,760,276,500,564,333,760,500,400,549,300,300,333,576,453,333,333,300,310,500,75"
    "0,750,750,444,722,722,722,722,722,722,889,667,611,611,611,611,333,333,333,333,722,722,722,722,722,72"
    "2,722,564,722,722,722,722,722,722,556,500,444,444,444,444,444,444,667,444,444,444,444,444,278,278,27"
    "8,278,500,500,500,500,500,500,500,549,500,500,500,500,500,500,500,500,722,444,722,444,722,444,667,44"
    "4,667,444,667,444,667,444,722,646,722,500,611,444,611,444,611,444,611,444,611,444,722,500,722,500,72"
    "2,500,722,500,722,500,722,500,333,278,333,278,333,278,333,278,333,278,708,552,389,278,722,500,500,61"
    "1,278,611,278,611,406,611,344,611,278,722,500,722,500,722,500,604,702,495,722,500,722,500,722,500,88"
    "9,722,667,333,667,333,667,333,556,389,556,389,556,389,556,389,611,278,611,427,611,278,722,500,722,50"
    "0,722,500,722,500,722,500,722,500,944,722,722,500,722,611,444,611,444,611,444,278 2b0:321,321,155,21"
    "7,217,217,293,428,297,219,365,333,333,333,333,333,248,248,564,564,564,564,333,333,333,333,333,333,33"
    "3,333,333,333,278,278,333,333,333,333,333,333,333,333,333,333,333,333,333,382,293,166,212,289,248,38"
    "3,383,383,383,383,333,333,333,333,444,333,333,333,333,333,333,333,333,333,278,333,333,333,333,397,39"
    "7,333 374:333,333 37a:333,444,444,444,278 384:333,333,722,278,694,808,411 38c:722 38e:816,743,269,72"
    "2,667,578,643,611,611,722,722,333,722,725,889,722,643,722,722,556 3a3:582,611,722,731,722,738,743,33"
    "3,722,524,420,523,269,495,524,509,442,471,420,414,523,479,269,504,485,536,452,446,500,505,499,396,53"
    "9,402,495,577,444,626,658,269,495,500,495,658 3d0:509,495,722,890,722,526,658,560,722,500,667,420,55"
    "6,447,576,451,731,554,828,778,616,521,661,444,542,542,656,581,699,509,475,386,560,509,444,278,722,40"
    "5,405,556,500,667,889,633,499,667,667,667,611,611,752,578,660,556,333,333,389,872,872,741,667,722,70"
    "8,722,722,574,667,578,682,611,896,501,722,722,667,678,889,722,722,722,556,667,611,708,790,722,722,65"
    "0,1009,1009,706,872,574,660,1028,667,444,509,472,410,509,444,691,395,535,535,486,499,633,535,500,535"
    ",500,444,437,500,648,500,535,503,770,770,517,672,456,429,747,460,444,444,483,410,429,389,278,278,278"
    ",727,723,500,486,535,500,535 2000:500,1000,500,1000,333,250,167,500,250,200,83,0,0,0,0,0,333 2012:50"
    "0,500,1000,1000,281,500,333,333,333,333,444,444,444,444,500,500,350 2026:1000 202a:0,0,0,0,0,200,100"
    "0 2032:219,417,417 2039:333,333 203c:573 203e:333 2044:167 205e:278 206a:0,0,0,0,0,0 20a0:617,667,66"
    "7,500,500,778,722,969,1102,944,608,513,500,722,611,1000,500,556,722,722,556,667 20bf:691 2105:833 21"
    "13:479 2116:954,760 2122:980 2126:768 212e:600 214d:882,417 2153:750,750 215b:750,750,750,750 2190:1"
    "000,500,1000,500,1000,500 21a8:500 21d4:1000 2202:494 2206:612 220f:823 2211:713,564 2215:167 2219:2"
    "50,549 221e:713,979 2229:722 222b:274 2248:549 2260:549,564,1000 2264:549,549 25a0:604,604 25aa:354,"
    "354,1000 25b2:990 25ba:990 25bc:990 25c4:990 25ca:494,604,594 25cf:604,604,604,604,604,604,604,604,6"
    "04,604,604 25e6:354"
)
_LATIN_BOLD = (
    "20:250,333,555,500,500,1000,833,278,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,"
    "500,500,333,333,570,570,570,500,930,722,667,722,722,667,611,778,778,389,500,778,667,944,722,778,611,"
    "778,722,556,667,722,722,1000,722,722,667,333,278,333,581,500,333,500,556,444,556,444,333,500,556,278"
    ",333,556,278,833,556,500,556,556,444,389,333,556,500,722,500,500,444,394,220,394,520 a0:250,333,500,"
    "500,500,500,220,500,333,747,300,500,570,333,747,500,400,549,300,300,333,576,540,333,333,300,330,500,"
    "750,750,750,500,722,722,722,722,722,722,1000,722,667,667,667,667,389,389,389,389,722,722,778,778,778"
    ",778,778,570,778,722,722,722,722,722,611,556,500,500,500,500,500,500,722,444,444,444,444,444,278,278"
    ",278,278,500,556,500,500,500,500,500,549,500,556,556,556,556,500,556,500,722,500,722,500,722,500,722"
    ",444,722,444,722,444,722,444,722,733,722,556,667,444,667,444,667,444,667,444,667,444,778,500,778,500"
    ",778,500,778,500,778,556,778,556,389,278,389,278,389,278,389,278,389,278,823,552,500,333,778,556,556"
    ",667,278,667,278,667,469,667,396,667,278,722,556,722,556,722,556,729,769,556,778,500,778,500,778,500"
    ",1000,722,722,444,722,444,722,444,556,389,556,389,556,389,556,389,667,333,667,521,667,333,722,556,72"
    "2,556,722,556,722,556,722,556,722,556,1000,722,722,500,722,667,444,667,444,667,444,278 2b0:325,325,1"
    "81,254,254,266,348,432,299,281,496,333,333,333,333,333,251,251,570,570,570,570,333,333,333,333,333,3"
    "33,333,333,333,333,278,278,333,333,333,333,333,333,333,333,333,333,333,333,333,382,299,177,217,286,2"
    "51,383,383,383,383,383,333,333,333,333,500,333,333,333,333,333,333,333,333,333,333,333,333,333,333,3"
    "97,397,333 374:333,333 37a:333,444,444,444,333 384:333,333,722,333,799,909,522 38c:778 38e:865,801,3"
    "10,722,667,636,627,667,667,778,778,389,778,717,944,722,677,778,778,611 3a3:654,667,722,829,722,780,8"
    "01,389,722,558,427,568,310,519,558,527,468,519,427,413,568,522,310,555,491,567,447,446,500,548,535,4"
    "22,544,461,519,624,462,688,731,310,519,500,519,731 3d0:527,599,722,923,722,624,731,580,778,500,722,4"
    "22,611,546,595,461,751,554,870,833,725,586,740,444,625,586,682,605,725,516,540,450,580,500,444,333,7"
    "78,421,421,611,556,722,944,681,535,722,722,722,667,667,800,636,678,556,389,389,500,1003,1002,800,725"
    ",778,734,778,722,661,667,636,688,667,989,528,778,778,725,745,944,778,778,778,611,722,667,734,859,722"
    ",778,734,1098,1098,765,982,661,678,1126,722,500,500,540,454,506,444,725,402,576,576,576,561,681,576,"
    "500,576,556,444,491,500,692,500,576,564,844,844,583,781,529,432,764,541,444,444,537,454,432,389,278,"
    "278,333,780,797,556,576,576,500,576 2000:500,1000,500,1000,333,250,167,500,250,200,83,0,0,0,0,0,333 "
    "2012:500,500,1000,1000,324,500,333,333,333,333,500,500,500,500,500,500,350 2026:1000 202a:0,0,0,0,0,"
    "200,1000 2032:281,552,552 2039:333,333 203c:604 203e:333 2044:167 205e:333 206a:0,0,0,0,0,0 20a0:637"
    ",722,722,500,500,833,722,969,1213,1000,608,513,500,778,667,1117,500,611,778,722,556,722 20bf:667 210"
    "5:833 2113:375 2116:1005,747 2122:1000 2126:768 212e:600 214d:918,479 2153:750,750 215b:750,750,750,"
    "750 2190:1000,500,1000,500,1000,500 21a8:500 21d4:1000 2202:494 2206:612 220f:823 2211:713,570 2215:"
    "167 2219:250,549 221e:713,979 2229:719 222b:274 2248:549 2260:549,570,1000 2264:549,549 25a0:604,604"
    " 25aa:354,354,1000 25b2:990 25ba:990 25bc:990 25c4:990 25ca:494,604,594 25cf:604,604,604,604,604,604"
    ",604,604,604,604,604 25e6:354"
)
_LATIN_ITALIC = (
    "20:250,333,420,500,500,833,778,214,333,333,500,675,250,333,250,278,500,500,500,500,500,500,500,500,5"
    "00,500,333,333,675,675,675,500,920,611,611,667,722,611,611,722,722,333,444,667,556,833,667,722,611,7"
    "22,611,500,556,722,611,833,611,556,556,389,278,389,422,500,333,500,500,444,500,444,278,500,500,278,2"
    "78,444,278,722,500,500,500,500,389,389,278,500,444,667,444,444,389,400,275,400,541 a0:250,389,500,50"
    "0,500,500,275,500,333,760,276,500,675,333,760,500,400,549,300,300,333,576,523,250,333,300,310,500,75"
    "0,750,750,500,611,611,611,611,611,611,889,667,611,611,611,611,333,333,333,333,722,667,722,722,722,72"
    "2,722,675,722,722,722,722,722,556,611,500,500,500,500,500,500,500,667,444,444,444,444,444,278,278,27"
    "8,278,500,500,500,500,500,500,500,549,500,500,500,500,500,444,500,444,611,500,611,500,611,500,667,44"
    "4,667,444,667,444,667,444,722,608,722,500,611,444,611,444,611,444,611,444,611,444,722,500,722,500,72"
    "2,500,722,500,722,500,722,500,333,278,333,278,333,278,333,278,333,278,750,500,444,278,667,444,444,55"
    "6,278,556,278,556,364,556,323,556,278,667,500,667,500,667,500,577,696,482,722,500,722,500,722,500,94"
    "4,667,611,389,611,389,611,389,500,389,500,389,500,389,500,389,556,278,556,364,556,278,722,500,722,50"
    "0,722,500,722,500,722,500,722,500,833,667,556,444,556,556,389,556,389,556,389,278 2b0:284,284,165,22"
    "2,222,222,285,389,255,214,420,333,333,333,333,333,272,272,675,675,675,675,333,333,333,333,333,333,33"
    "3,333,333,333,278,278,333,333,333,333,333,333,333,333,333,333,333,333,333,382,292,136,211,282,272,38"
    "3,383,383,383,383,333,333,333,333,556,333,333,333,333,333,333,333,333,333,333,333,333,333,333,397,39"
    "7,333 374:333,333 37a:333,446,446,446,333 384:333,333,611,333,679,792,402 38c:722 38e:660,726,278,61"
    "1,611,569,587,611,556,722,722,333,667,604,833,667,639,722,722,611 3a3:594,556,556,761,611,703,723,33"
    "3,556,525,394,496,278,459,525,498,394,465,394,405,496,491,278,480,433,502,444,428,500,501,480,406,49"
    "3,358,459,553,440,621,706,278,459,500,459,698 3d0:498,491,636,759,636,518,706,562,722,500,667,444,61"
    "1,463,517,451,702,522,784,722,581,519,773,437,542,542,620,524,701,495,392,339,562,507,446,278,722,40"
    "3,403,611,500,667,833,600,480,667,667,667,611,611,797,569,669,500,333,333,444,927,921,799,664,722,67"
    "3,722,611,590,611,569,636,611,916,495,722,722,664,677,833,722,722,722,611,667,556,673,804,611,722,68"
    "9,1043,1043,676,872,590,655,1032,657,500,503,434,390,506,444,930,390,500,500,468,436,638,496,500,500"
    ",500,444,722,444,710,444,500,477,755,755,519,677,455,441,705,465,444,444,479,377,436,389,278,278,278"
    ",679,712,500,468,500,444,500 2000:500,1000,500,1000,333,250,167,500,250,200,83,0,0,0,0,0,333 2012:50"
    "0,500,889,1000,281,500,333,333,333,333,556,556,556,556,500,500,350 2026:889 202a:0,0,0,0,0,200,1000 "
    "2032:219,417,420 2039:333,333 203c:573 203e:333 2044:167 205e:333 206a:0,0,0,0,0,0 20a0:617,667,667,"
    "500,500,722,667,990,1055,833,608,513,500,667,556,1000,500,611,722,611,500,667 20bf:661 2105:833 2113"
    ":417 2116:943,760 2122:980 2126:768 212e:600 214d:882,390 2153:750,750 215b:750,750,750,750 2190:100"
    "0,500,1000,500,1000,500 21a8:500 21d4:1000 2202:494 2206:612 220f:823 2211:713,675 2215:167 2219:250"
    ",549 221e:713,979 2229:722 222b:274 2248:549 2260:549,675,1000 2264:549,549 25a0:604,604 25aa:354,35"
    "4,1000 25b2:990 25ba:990 25bc:990 25c4:990 25ca:494,604,594 25cf:604,604,604,604,604,604,604,604,604"
    ",604,604 25e6:354"
)
_LATIN_BOLD_ITALIC = (
    "20:250,389,555,500,500,833,778,278,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,5"
    "00,500,333,333,570,570,570,500,832,667,667,667,722,667,667,722,778,389,500,667,611,889,722,722,611,7"
    "22,667,556,611,722,667,889,667,611,611,333,278,333,570,500,333,500,500,444,500,444,333,500,556,278,2"
    "78,500,278,778,556,500,500,500,389,389,278,556,444,667,500,444,389,348,220,348,570 a0:250,389,500,50"
    "0,500,500,220,500,333,747,266,500,606,333,747,500,400,549,300,300,333,576,500,250,333,300,300,500,75"
    "0,750,750,500,667,667,667,667,667,667,944,667,667,667,667,667,389,389,389,389,722,722,722,722,722,72"
    "2,722,570,722,722,722,722,722,611,611,500,500,500,500,500,500,500,722,444,444,444,444,444,278,278,27"
    "8,278,500,556,500,500,500,500,500,549,500,556,556,556,556,444,500,444,667,500,667,500,667,500,667,44"
    "4,667,444,667,444,667,444,722,749,722,500,667,444,667,444,667,444,667,444,667,444,722,500,722,500,72"
    "2,500,722,500,778,556,778,556,389,278,389,278,389,278,389,278,389,278,823,552,500,278,667,500,500,61"
    "1,278,611,278,611,521,611,375,611,278,722,556,722,556,722,556,719,784,541,722,500,722,500,722,500,94"
    "4,722,667,389,667,389,667,389,556,389,556,389,556,389,556,389,611,278,611,531,611,278,722,556,722,55"
    "6,722,556,722,556,722,556,722,556,889,667,611,444,611,611,389,611,389,611,389,333 2b0:288,288,187,21"
    "0,210,210,307,387,271,278,555,333,333,333,333,333,274,274,570,570,570,570,333,333,333,333,333,333,33"
    "3,333,333,333,333,333,333,333,333,333,333,333,333,333,333,333,333,333,333,382,316,169,236,340,274,38"
    "3,383,383,383,383,333,333,333,333,500,333,333,333,333,333,333,333,333,333,333,333,333,333,333,397,39"
    "7,333 374:333,333 37a:333,444,444,444,333 384:333,333,667,333,777,895,506 38c:731 38e:750,785,278,66"
    "7,667,604,627,667,611,778,763,389,667,667,889,722,659,722,778,611 3a3:619,611,611,789,667,800,746,38"
    "9,611,553,410,549,278,490,553,512,416,512,410,441,549,519,278,530,444,556,444,449,500,546,515,446,53"
    "9,444,490,585,465,668,723,278,490,500,490,723 3d0:512,527,725,841,725,579,756,566,722,500,667,451,66"
    "7,463,517,451,713,522,845,778,709,556,748,463,590,590,697,566,770,531,455,385,566,546,444,278,722,43"
    "0,430,611,500,667,889,661,515,667,667,667,667,667,818,604,657,556,389,389,500,908,976,811,678,778,69"
    "6,778,667,635,667,604,683,667,918,509,778,778,678,686,889,778,722,778,611,667,611,696,850,667,778,74"
    "8,1126,1126,760,969,634,651,1056,689,500,499,447,369,496,444,952,390,556,556,507,513,685,555,500,556"
    ",500,444,778,444,716,500,556,525,833,833,527,694,457,415,730,515,444,444,523,393,415,389,278,278,278"
    ",659,713,556,507,556,444,556 2000:500,1000,500,1000,333,250,167,500,250,200,83,0,0,0,0,0,333 2012:50"
    "0,500,1000,1000,346,500,333,333,333,333,500,500,500,500,500,500,350 2026:1000 202a:0,0,0,0,0,200,100"
    "0 2032:281,552,555 2039:333,333 203c:659 203e:333 2044:167 205e:333 206a:0,0,0,0,0,0 20a0:610,667,66"
    "7,500,500,778,722,969,1120,889,608,513,500,667,611,1169,500,611,722,667,556,667 20bf:735 2105:833 21"
    "13:427 2116:915,747 2122:1000 2126:768 212e:600 214d:880,480 2153:750,750 215b:750,750,750,750 2190:"
    "1000,500,1000,500,1000,500 21a8:500 21d4:1000 2202:494 2206:612 220f:823 2211:713,606 2215:167 2219:"
    "250,549 221e:713,979 2229:719 222b:274 2248:549 2260:549,570,1000 2264:549,549 25a0:604,604 25aa:354"
    ",354,1000 25b2:990 25ba:990 25bc:990 25c4:990 25ca:494,604,594 25cf:604,604,604,604,604,604,604,604,"
    "604,604,604 25e6:354"
)
_CJK_REGULAR = (
    "a0:224,323,555,555,555,555,270 a8:606,832,386,479,555,347,473,606,370 b2:411,411,606,628 b8:606,411,"
    "407,479,873,903,889,474,608,608,608,608,608,608,918,638,589,589,589,589,293,293,293,293,712,723,742,"
    "742,742,742,742 d8:742,721,721,721,721,531,652,643,563,563,563,563,563,563,877,510,554,554,554,554,2"
    "75,275,275,275,608,610,606,606,606,606,606 f8:606,607,607,607,607,521,620,521 2002:500 2011:347,536,"
    "536,894 201a:278 201e:474 2032:278,474 2039:302,302 203c:613 2047:910,758,758 2113:457 2116:997 2122"
    ":711 212e:894 2212:555 302a:0,0,0,0,250,250 ff61:500,500,500,500,500,500,500,500,500,500,500,500,500"
    ",500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500"
    ",500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500"
    ",920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920"
    ",920,920,920,920,920,920 ffc2:920,920,920,920,920,920 ffca:920,920,920,920,920,920 ffd2:920,920,920,"
    "920,920,920 ffda:920,920,920 ffe8:500,500,500,500,500,500,500"
)
_CJK_BOLD = (
    "a0:227,370,590,590,590,590,296 a8:626,849,403,529,590,370,513,626,404 b2:424,424,626,664 b8:626,424,"
    "420,529,909,948,921,514,641,641,641,641,641,641,951,656,615,615,615,615,330,330,330,330,742,749,770,"
    "770,770,770,770 d8:770,748,748,748,748,580,690,700,591,591,591,591,591,591,891,527,581,581,581,581,3"
    "04,304,304,304,630,641,626,626,626,626,626 f8:626,637,637,637,637,574,644,574 2002:500 2011:370,544,"
    "544,908 201a:325 201e:574 2032:325,574 2039:324,324 203c:677 2047:973,830,830 2113:514 2116:1074 212"
    "2:760 212e:908 2212:590 302a:0,0,0,0,250,250 ff61:500,500,500,500,500,500,500,500,500,500,500,500,50"
    "0,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,50"
    "0,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,500,50"
    "0,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,920,92"
    "0,920,920,920,920,920,920 ffc2:920,920,920,920,920,920 ffca:920,920,920,920,920,920 ffd2:920,920,920"
    ",920,920,920 ffda:920,920,920 ffe8:500,500,500,500,500,500,500"
)
