"""Where each heading of the written .docx lands, computed without a word processor.

The reference template is built for predictable pages: exact line spacing, spacing in whole line
pitches, no widow/orphan control, no automatic Chinese/Latin spacing, no hanging punctuation. What
is left to model is how many lines each paragraph takes, and that is LibreOffice's line breaking
(which WPS and Word follow closely for Chinese text):

- text is measured with the fonts LibreOffice substitutes here (``metrics``: Noto Sans CJK SC for
  仿宋/黑体/楷体/小标宋, Liberation Serif for Times New Roman), tabulated so that no font file is read
  at run time;
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
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass, field

from . import metrics
from .metrics import ASIAN, TWIPS_PER_POINT, script_runs, scripts_of, text_width

# zh-CN forbidden characters as LibreOffice 7.4's locale data gives them (LocaleData.getForbiddenCharacters).
FORBIDDEN_BEGIN = frozenset(
    ':!),.:;?]}\xa2\'"\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u301e\ufe30\ufe31\ufe33'
    "\ufe50\uff64\ufe52\ufe54\ufe55\ufe56\ufe57\ufe5a\ufe5c\ufe5e\uff01\uff09\uff0c\uff0e\uff1a\uff1b"
    "\uff1f\uff5c\uff5d\ufe34\ufe36\ufe38\ufe3a\ufe3c\ufe3e\ufe40\ufe42\ufe44\ufe4f\uff5e\uffe0\u3005"
    "\u2016\u2022\xb7\u02c7\u02c9\u2015-\u2032\u2019\u201d")
FORBIDDEN_END = frozenset(
    '([{\xa3\xa5\'"\u2035\u3008\u300a\u300c\u300e\u3010\u3014\u3016\uff08\uff3b\uff5b\uffe1\uffe5\u301d'
    "\ufe35\ufe37\ufe39\ufe3b\ufe3d\ufe3f\ufe41\ufe43\ufe59\ufe5b\ufe5d\u201c\u2018")

# LibreOffice 7.4 sets characters under a negative w:spacing a little wider than the font's advance
# plus the spacing: at -7 twips a 16 pt ideograph takes 314-316 twips, not 313 (measured: 28 fit on
# the 8845-twip line at -7, not at -5; and a line of 26 ideographs and "IT" fits in 8205 twips only
# to the model's tolerance). The model counts this much more on an ideograph, in proportion on others.
LETTER_SPACING_ALLOWANCE = 2

# LibreOffice 7.4 ignores w:autoSpaceDE/DN and puts this much space (in em) between an ideograph and
# a Latin letter or digit next to it.
AUTOSPACE_EM = 0.2



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
    spacing: int = 0  # twips added after each character (w:spacing in the run properties; negative: tighter)


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
                letter = rpr.find(f"{w}spacing")
                if letter is not None:
                    props["spacing"] = val(letter, "val")
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
                bold=props.get("bold", False), italic=props.get("italic", False), spacing=props.get("spacing", 0))
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


def unsure_of(items: Sequence[Item], layout: Layout) -> set[str]:
    """What in these items the model cannot lay out exactly as LibreOffice does, named for a warning:
    characters it has no widths for, Latin text long enough for small width differences to add up,
    and tables whose rows it can only estimate (a table in a cell; a row taller than a page, which
    LibreOffice splits and the model does not). A row spanning rows is modelled (the rich bulletin's
    agree with LibreOffice), so it is not among them."""
    found: set[str] = set()
    texts: list[str] = []

    def walk(items: Sequence[Item], depth: int) -> None:
        for item in items:
            texts.append(item.text)
            texts.extend(text for text, _, _ in item.runs)
            if item.notes:
                walk(item.notes, depth)
            if item.table_rows is None:
                continue
            if depth:
                found.add("tables in table cells")
            for row in item.table_rows:
                for cell in row:
                    walk(cell.items, depth + 1)
            # the rows' heights as the page model lays them out
            lines, _, _ = _boxes(item, layout, {})
            if any(height > layout.body_height for height in lines):
                found.add("table rows longer than a page")

    walk(items, 0)
    text = "".join(texts)
    if metrics.unmeasured(text):
        found.add("characters without font metrics")
    if len(_LATIN_LETTER.findall(text)) > LONG_LATIN_LETTERS:
        found.add("long Latin text")
    return found


# Beyond this many Latin letters (some eight pages of English here), the small differences between
# these widths and LibreOffice's shaping add up to a line, then a page: in the corpus, the files not
# flagged otherwise were an 87-page manual (9 of 71 entries a page early) and, the shortest, a set of
# by-laws of 16,462 letters (1 of 14 a page late).
LONG_LATIN_LETTERS = 15_000
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


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
    start = index
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
    # The chain runs to the document's end: there is no next paragraph to keep it with, and LibreOffice
    # leaves it where it falls (the 3,500 headings of a list test file ended on a full page, not the next).
    lines, before, _ = boxes[start]
    return before + (lines[0] if lines else 0)


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
    stretches = script_runs(text)
    scripts: list[int] = []
    for start, end, script in stretches:
        scripts += [script] * (end - start)
    # the spacing allowance in proportion to the character's width: 2 twips on a 16 pt ideograph
    grow = LETTER_SPACING_ALLOWANCE / (style.size * TWIPS_PER_POINT) if style.spacing < 0 else 0.0
    spacing = (grow, style.spacing) if style.spacing else (0.0, 0.0)
    advances: list[float] = []
    offset = 0
    for length, bold, italic in _style_runs(runs, style):
        advances += metrics.advances(text, _clipped(stretches, offset, offset + length), style.size, bold, italic,
                                     spacing)
        offset += length
    trailing = _add_autospace(text, advances, style.size)
    running = list(accumulate(advances, initial=0.0))  # running[i]: the width of text[:i]
    spans: list[tuple[int, int]] = []
    last = 0.0
    for start, end in _hard_lines(text):
        last = _break(text, running, scripts, start, end, width, style.first_line if not spans else 0, spans,
                      trailing)
    return spans, last


def _style_runs(runs: Sequence[tuple[str, bool, bool]], style: StyleMetrics) -> list[tuple[int, bool, bool]]:
    """(length, bold, italic) of each stretch of the runs set in one face, neighbours of one face joined."""
    merged: list[tuple[int, bool, bool]] = []
    for run_text, bold, italic in runs:
        face = (bold or style.bold, italic or style.italic)
        if merged and merged[-1][1:] == face:
            merged[-1] = (merged[-1][0] + len(run_text), *face)
        elif run_text:
            merged.append((len(run_text), *face))
    return merged


def _clipped(stretches: list[tuple[int, int, int]], start: int, end: int) -> list[tuple[int, int, int]]:
    """The script stretches cut to text[start:end]."""
    if start == 0 and stretches[-1][1] <= end:
        return stretches  # the usual case: the paragraph is in one face
    return [(max(s, start), min(e, end), script) for s, e, script in stretches if s < end and e > start]


def _hard_lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while (index := text.find("\n", start)) != -1:
        spans.append((start, index))
        start = index + 1
    spans.append((start, len(text)))
    return spans


def _break(text: str, running: list[float], scripts: list[int], start: int, end: int, width: int,
           first_indent: int, spans: list[tuple[int, int]], trailing: list[float]) -> float:
    line_start = start
    first = True
    while True:
        available = width - (first_indent if first else 0)
        first = False
        limit = running[line_start] + available + 0.5
        # the characters that fit whole, found by bisection on the running widths; then the ones that fit
        # because the space an autospace adds after them does not count at a line's end
        cut = bisect_right(running, limit, line_start + 1, end + 1) - 1
        while cut < end and running[cut + 1] - trailing[cut] <= limit:
            cut += 1
        used = running[cut] - running[line_start]
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
    if after in "\u201c\u2018" and _IDEOGRAPH_AT.match(before):
        return True  # an opening quote after an ideograph opens (seen: 从“2G追赶”、“3G突破”到|“4G赶上”)
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
_IDEOGRAPH_AT = re.compile(f"[{_IDEOGRAPH}]")
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
