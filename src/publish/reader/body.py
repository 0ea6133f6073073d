"""The docx-shaped parse: a story (the body, a note, a text box) as raw paragraphs and tables.

One handler per WordprocessingML element, an explicit set of elements ignored on
purpose, and a warning for anything else (mammoth's discipline). Nothing here
decides what is a heading: that is ``tree``'s job. What the author wrote inside a
paragraph reaches the model: formatting, links, note references (with the notes'
content), equations, pictures, and the text of text boxes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..model import Block, Cell, Equation, Image, Link, ListItem, Note, Paragraph, Run, Table
from . import omml
from .bounds import MAX_PICTURE_EMU, MAX_TABLE_COLUMNS, Clamps
from .numbering import Numbering, format_number
from .ns import A, A_NS, MC_NS, R, V_NS, W, WP, by_tag, local_name, prefixed_name, properties_of, w_attr
from .styles import ParagraphStyle, RunFormat, Styles, alignment, int_or, on_off, outline_level

GO_BACK = "_GoBack"  # Word's last-edit position, never a heading's
# LibreOffice keeps Word's _Toc22406 as __RefHeading___Toc22406 (its own are __RefHeading___Toc100_2863412133).
_LIBREOFFICE_RENAMED_TOC = re.compile(r"__RefHeading__(_Toc\d+)")
# Schemes that run code or read local files when followed; any other the author linked to is kept as written
# (a PDF writer may still decline to make it clickable).
UNSAFE_URL_SCHEMES = {"javascript", "vbscript", "data", "file", "jar", "blob", "about", "chrome", "res", "ms-its"}
TOC_TITLES = {"目录", "目次", "contents", "tableofcontents"}
_ANCHOR_IN_INSTRUCTION = re.compile(r'(?:PAGEREF|HYPERLINK\s+\\l)\s+"?([^\s"\\]+)"?', re.IGNORECASE)
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))?((?:\s+\\\w(?:\s+"[^"]*")?)*)', re.IGNORECASE)
_FIELD_ANCHOR = re.compile(r'\\l\s+"?([^"\s]+)"?')
_XML_UNSAFE = re.compile("[\x80-\x9f\ufffe\uffff]")  # allowed by XML 1.0 yet never text
M_NS = omml.M_NS
TXBX_CONTENT = W.txbxContent
MC_CHOICE, MC_FALLBACK = f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"

IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
               "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "emf": "image/x-emf",
               "wmf": "image/x-wmf", "svg": "image/svg+xml"}

# Elements that carry nothing the tree keeps, skipped without a warning.
IGNORED = {
    "pPr", "rPr", "proofErr", "lastRenderedPageBreak", "bookmarkEnd", "commentRangeStart",
    "commentRangeEnd", "commentReference", "annotationRef", "permStart", "permEnd", "softHyphen",
    "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "sdtEndPr", "footnoteRef", "endnoteRef",
    "separator", "continuationSeparator", "pgNum", "ptab", "cr_placeholder", "insideH", "tblPrEx",
    "customXmlPr", "smartTagPr", "rubyPr", "delText", "delInstrText", "fldData", "noProof",
    "contentPart", "dayShort", "monthShort", "yearShort", "dayLong", "monthLong", "yearLong",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "altChunk",
}


@dataclass
class RawParagraph:
    runs: list[Run]
    style: ParagraphStyle
    outline_level: int | None  # direct w:outlineLvl, 1-based
    bookmarks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    after: list[RawBlock] = field(default_factory=list)  # text boxes' content, placed after the paragraph
    toc_anchor: str | None = None  # set for entries of a table of contents
    in_toc: bool = False
    page_break_before: bool = False
    align: str = ""
    list_item: ListItem | None = None
    faces: set[str] = field(default_factory=set)  # the East Asian faces its visible runs set (a typed heading's 黑体)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs if run.note is None)

    @property
    def all_bold(self) -> bool:
        visible = [run for run in self.runs if run.text.strip() and run.note is None]
        return bool(visible) and all(run.bold for run in visible)

    @property
    def is_toc_title(self) -> bool:
        return re.sub(r"\s+", "", self.text).lower() in TOC_TITLES

    def to_model(self) -> Paragraph:
        return Paragraph(tuple(trim_runs(self.runs)), self.align, self.list_item)


@dataclass
class RawCell:
    blocks: list[RawBlock]
    column_span: int = 1
    vertical_merge: str | None = None  # "restart" | "continue" | None


@dataclass
class RawRow:
    cells: list[RawCell]
    header: bool = False


@dataclass
class RawTable:
    rows: list[RawRow]
    column_widths: list[float] = field(default_factory=list)  # points

    def to_model(self) -> Table:
        return Table(_merged_rows(self.rows), tuple(self.column_widths), _header_rows(self.rows))

    def paragraphs(self) -> list[RawParagraph]:
        """The cells' paragraphs, row by row, nested tables' included."""
        found: list[RawParagraph] = []
        for row in self.rows:
            for cell in row.cells:
                for block in cell.blocks:
                    found.extend(block.paragraphs() if isinstance(block, RawTable) else [block])
        return found


RawBlock = RawParagraph | RawTable


def to_model_blocks(raw_blocks: list[RawBlock]) -> tuple[Block, ...]:
    """Raw blocks as model blocks, without deciding headings (notes, cells, text boxes)."""
    out: list[Block] = []
    for raw in raw_blocks:
        if isinstance(raw, RawTable):
            out.append(raw.to_model())
            continue
        paragraph = raw.to_model()
        if paragraph.runs or paragraph.list_item:
            out.append(paragraph)
        out.extend(raw.images)
        out.extend(to_model_blocks(raw.after))
    return tuple(out)


@dataclass
class _Field:
    instruction: str = ""
    in_result: bool = False
    link: Link | None = None

    @property
    def is_toc(self) -> bool:
        return self.instruction.lstrip().upper().startswith("TOC")


@dataclass
class Story:
    """A part's relationships as the body reader needs them: links and pictures."""

    hyperlink: Callable[[str], str | None]  # relationship id -> external URL
    image: Callable[[str], tuple[bytes, str] | None]  # relationship id -> (data, part name)


class BodyReader:
    """Walks a story once, carrying field and bookmark state across paragraphs.

    Notes are read when their reference is met (so they are numbered in document order);
    ``notes`` maps (kind, id) to the note element and the story of its part.
    """

    def __init__(self, styles: Styles, story: Story, numbering: Numbering | None = None,
                 notes: dict[str, dict[str, etree._Element]] | None = None,
                 note_stories: dict[str, Story] | None = None, clamps: Clamps | None = None) -> None:
        self.styles = styles
        self.story = story
        self.numbering = numbering or Numbering(None)
        self.clamps = clamps or self.numbering.clamps
        self.notes = notes or {}
        self.note_stories = note_stories or {}
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._fields: list[_Field] = []
        self._pending_bookmarks: list[str] = []  # started between paragraphs
        self._sdt_toc_depth = 0
        self._tables = 0
        self._open_here: dict[str, tuple[str, int]] = {}  # bookmark id -> (name, text offset)
        self._note_counts = {"footnote": 0, "endnote": 0}
        self._notes_open: set[tuple[str, str]] = set()

    # -- blocks ---------------------------------------------------------------------------------

    def read_body(self, body: etree._Element) -> list[RawBlock]:
        blocks: list[RawBlock] = []
        self._read_block_children(body, blocks)
        self._pending_bookmarks.clear()  # bookmarks left open after the last paragraph mark nothing
        return blocks

    def _read_block_children(self, parent: etree._Element, blocks: list[RawBlock]) -> None:
        for child in parent:
            tag = child.tag
            if tag == W.p:
                blocks.append(self._read_paragraph(child))
            elif tag == W.tbl:
                blocks.append(self._read_table(child))
            elif tag == W.sdt:
                self._read_block_sdt(child, blocks)
            elif tag in (W.customXml, W.ins, W.moveTo, W.smartTag):
                self._read_block_children(child, blocks)
            elif tag == W.bookmarkStart:
                self._start_bookmark(child, self._pending_bookmarks)
            elif tag == f"{{{MC_NS}}}AlternateContent":
                branch = _alternate_branch(child)
                if branch is not None:
                    self._read_block_children(branch, blocks)
            elif tag in (f"{{{M_NS}}}oMathPara", f"{{{M_NS}}}oMath"):
                paragraph = RawParagraph([], self.styles.get(None), None)
                self._read_equation(child, paragraph)
                blocks.append(paragraph)
            elif not isinstance(tag, str) or local_name(child) in IGNORED:
                continue
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")

    def _read_block_sdt(self, sdt: etree._Element, blocks: list[RawBlock]) -> None:
        gallery = sdt.find(f"{W.sdtPr}/{W.docPartObj}/{W.docPartGallery}")
        is_toc = gallery is not None and (w_attr(gallery, "val") or "").lower() == "table of contents"
        content = sdt.find(W.sdtContent)
        if content is None:
            return
        self._sdt_toc_depth += is_toc
        try:
            self._read_block_children(content, blocks)
        finally:
            self._sdt_toc_depth -= is_toc

    def _read_table(self, table: etree._Element) -> RawTable:
        self._tables += 1
        widths = [int_or(w_attr(col, "w"), 0) / 20 for col in table.iterfind(f"{W.tblGrid}/{W.gridCol}")]
        row_elements = list(_wrapped(table, W.tr))
        # The writers pad every row to the grid, so the grid is bounded by real content: the declared grid
        # (w:tblGrid), or without one Word's 63 columns, and never fewer than the widest row's cells. Spans
        # and w:gridCol beyond that are damage: no row of the corpus's 2,421 spans past its declared grid, and
        # a span of 2147483647 in a three-column table made every cell a column of 138 twips (LibreOffice
        # took minutes over the table that wrapped a character a line).
        declared = min(len(widths), MAX_TABLE_COLUMNS) or MAX_TABLE_COLUMNS
        grid_limit = max(declared, max((sum(1 for _ in _wrapped(row, W.tc)) for row in row_elements), default=0))
        rows = []
        try:
            for row in row_elements:
                header = row.find(f"{W.trPr}/{W.tblHeader}")
                cells = []
                column = 0
                for cell in _wrapped(row, W.tc):
                    cell_blocks: list[RawBlock] = []
                    self._read_block_children(cell, cell_blocks)
                    tc_pr = cell.find(W.tcPr)
                    span, merge = 1, None
                    if tc_pr is not None:
                        span = self.clamps.clamp(
                            "A table cell's span (w:gridSpan)",
                            int_or(w_attr(tc_pr.find(W.gridSpan), "val") if tc_pr.find(W.gridSpan) is not None
                                   else None, 1), 1, max(1, grid_limit - column))
                        column += span
                        v_merge = tc_pr.find(W.vMerge)
                        if v_merge is not None:
                            merge = "restart" if w_attr(v_merge, "val") == "restart" else "continue"
                        h_merge = tc_pr.find(W.hMerge)
                        if h_merge is not None and w_attr(h_merge, "val") != "restart" and cells:
                            cells[-1].column_span += span  # the old way to merge across: fold into the left
                            cells[-1].blocks.extend(b for b in cell_blocks if _has_content(b))
                            continue
                    else:
                        column += 1
                    cells.append(RawCell(cell_blocks, span, merge))
                rows.append(RawRow(cells, header is not None and on_off(header)))
        finally:
            self._tables -= 1
        if len(widths) > MAX_TABLE_COLUMNS:  # a grid wider than Word's and than the cells: its unused end goes
            used = max((sum(cell.column_span for cell in row.cells) for row in rows), default=0)
            widths = widths[:self.clamps.clamp("A table grid's column count (w:gridCol)", len(widths), 1,
                                               max(used, MAX_TABLE_COLUMNS))]
        return RawTable(rows, widths)

    # -- paragraphs -----------------------------------------------------------------------------

    def _read_paragraph(self, p: etree._Element) -> RawParagraph:
        ppr = properties_of(p, W.pPr)
        properties = by_tag(ppr) if ppr is not None else {}
        style_el = properties.get(W.pStyle)
        style = self.styles.get(w_attr(style_el, "val") if style_el is not None else None)
        outline_el = properties.get(W.outlineLvl)
        break_el = properties.get(W.pageBreakBefore)
        jc = properties.get(W.jc)
        paragraph = RawParagraph(
            runs=[], style=style,
            outline_level=outline_level(outline_el) if outline_el is not None else None,
            page_break_before=break_el is not None and on_off(break_el),
            align=alignment(jc) if jc is not None else style.align,
        )
        paragraph.bookmarks.extend(self._pending_bookmarks)
        self._pending_bookmarks.clear()
        paragraph.in_toc = self._sdt_toc_depth > 0 or any(f.is_toc for f in self._fields)
        # An empty paragraph that only ends a section (it holds the w:sectPr) shows no list number and counts
        # none, though its heading style numbers it. Its number is taken before what is anchored in it (a text
        # box's list counts after it) and given back if it proves to hold nothing: then nothing took one since.
        checkpoint = self.numbering.checkpoint() if W.sectPr in properties else None
        paragraph.list_item = self._list_item(properties.get(W.numPr), style)
        self._open_here = {}
        self._read_inline(p, paragraph, RunFormat(bold=style.bold), None)
        self._carry_tail_bookmarks(paragraph)
        paragraph.runs = _merge_runs(paragraph.runs)
        if checkpoint is not None and not _has_content(paragraph):
            paragraph.list_item = None
            self.numbering.rewind(checkpoint)
        if style.toc_level is not None and self._tables == 0:
            paragraph.in_toc = True
        return paragraph

    def _list_item(self, num_pr: etree._Element | None, style: ParagraphStyle) -> ListItem | None:
        numbering = style.numbering
        if num_pr is not None:
            num_id, level = num_pr.find(W.numId), num_pr.find(W.ilvl)
            if num_id is not None:
                numbering = (w_attr(num_id, "val") or "0", int_or(w_attr(level, "val") if level is not None
                                                                  else None, numbering[1] if numbering else 0))
            elif level is not None and numbering:
                numbering = (numbering[0], int_or(w_attr(level, "val"), 0))
        if not numbering or numbering[0] == "0":
            return None
        return self.numbering.item(*numbering)

    def _read_inline(self, parent: etree._Element, paragraph: RawParagraph, fmt: RunFormat, link: Link | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == W.r:
                self._read_run(child, paragraph, fmt, link)
            elif tag == W.hyperlink:
                self._read_hyperlink(child, paragraph, fmt, link)
            elif tag == W.bookmarkStart:
                if self._start_bookmark(child, paragraph.bookmarks):
                    self._open_here[w_attr(child, "id") or ""] = (paragraph.bookmarks[-1], len(paragraph.text))
            elif tag == W.bookmarkEnd:
                self._open_here.pop(w_attr(child, "id") or "", None)
            elif tag == W.fldSimple:
                instruction = w_attr(child, "instr") or ""
                self._note_instruction(instruction, paragraph)
                self._read_inline(child, paragraph, fmt, self._safe_link(_field_link(instruction)) or link)
            elif tag == W.sdt:
                content = child.find(W.sdtContent)
                if content is not None:
                    self._read_inline(content, paragraph, fmt, link)
            elif tag in (W.ins, W.moveTo, W.smartTag, W.customXml, W.dir, W.bdo):
                self._read_inline(child, paragraph, fmt, link)
            elif tag == f"{{{M_NS}}}oMath" or tag == f"{{{M_NS}}}oMathPara":
                self._read_equation(child, paragraph)
            elif tag == f"{{{MC_NS}}}AlternateContent":
                branch = _alternate_branch(child)
                if branch is not None:
                    self._read_inline(branch, paragraph, fmt, link)
            elif tag == W.ruby:
                base = child.find(f"{W.rubyBase}")
                if base is not None:
                    self._read_inline(base, paragraph, fmt, link)
            elif not isinstance(tag, str) or local_name(child) in IGNORED:
                continue
            elif tag in (W.p, W.tbl):
                self._warn(f"A {prefixed_name(child)} inside a paragraph was read as a following block")
                with self._separate_story():
                    paragraph.after.append(self._read_paragraph(child) if tag == W.p else self._read_table(child))
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")

    def _read_hyperlink(self, element: etree._Element, paragraph: RawParagraph, fmt: RunFormat,
                        outer: Link | None) -> None:
        anchor = word_bookmark_name(w_attr(element, "anchor") or "")
        if anchor and paragraph.toc_anchor is None and (paragraph.in_toc or paragraph.style.toc_level):
            paragraph.toc_anchor = anchor
        rel_id = element.get(R.id)
        url = self._safe_url(self.story.hyperlink(rel_id) if rel_id else None)
        link = Link(url=url) if url else Link(anchor=anchor) if anchor else outer
        self._read_inline(element, paragraph, fmt, link)

    def _read_equation(self, element: etree._Element, paragraph: RawParagraph) -> None:
        display = element.tag == f"{{{M_NS}}}oMathPara"
        for equation in element.findall(f"{{{M_NS}}}oMath") if display else [element]:
            text = omml.linear(equation)
            source = etree.tostring(equation, encoding="unicode")
            paragraph.runs.append(Run(text or " ", equation=Equation(text, source, display)))

    def _read_run(self, r: etree._Element, paragraph: RawParagraph, fmt: RunFormat, link: Link | None) -> None:
        rpr = properties_of(r, W.rPr)
        if rpr is not None:
            properties = by_tag(rpr)
            vanish = properties.get(W.vanish)
            if vanish is not None and on_off(vanish):
                return  # hidden text is not part of what the editor sees
            style = properties.get(W.rStyle)
            if style is not None:
                fmt = self.styles.character(w_attr(style, "val"), fmt)
            fmt = fmt.updated(rpr)
        parts: list[str] = []
        if self._fields:  # inside a field's result, a HYPERLINK field links its text
            link = next((f.link for f in reversed(self._fields) if f.in_result and f.link), None) or link

        def flush() -> None:
            if not parts:
                return
            text = "".join(parts)
            parts.clear()
            if _XML_UNSAFE.search(text):
                self._warn("Control characters were removed from the text")
                text = _XML_UNSAFE.sub("", text)
            if text:
                paragraph.runs.append(Run(text, fmt.bold, fmt.italic, fmt.underline, fmt.strike, fmt.vertical, link))
                if not text.isspace():
                    paragraph.faces.add(fmt.east_asian_face)

        skip_custom_mark = False
        for child in r:
            tag = child.tag
            if tag == W.t:
                if skip_custom_mark:
                    skip_custom_mark = False
                    continue
                if self._showing_text():
                    parts.append(child.text or "")
            elif tag == W.tab:
                if self._showing_text():
                    parts.append("\t")
            elif tag in (W.br, W.cr):
                if w_attr(child, "type") in (None, "textWrapping") and self._showing_text():
                    parts.append("\n")
            elif tag == W.noBreakHyphen:
                parts.append("\u2011")
            elif tag == W.sym:
                parts.append(symbol_character(w_attr(child, "font") or "", w_attr(child, "char") or ""))
            elif tag == W.fldChar:
                self._field_char(w_attr(child, "fldCharType") or "", paragraph)
            elif tag == W.instrText:
                if self._fields:
                    self._fields[-1].instruction += child.text or ""
            elif tag in (W.drawing, W.pict, W.object):
                flush()
                self._read_drawing(child, paragraph)
            elif tag == W.ruby:  # 東京 with its reading above: the base text is what the sentence says
                flush()
                base = child.find(W.rubyBase)
                if base is not None:
                    self._read_inline(base, paragraph, fmt, link)
            elif tag in (W.footnoteReference, W.endnoteReference):
                flush()
                custom = w_attr(child, "customMarkFollows") in ("1", "true", "on")
                mark = _following_text(child) if custom else None
                self._read_note_reference(child, paragraph, fmt, mark)
                skip_custom_mark = custom
            elif tag == f"{{{MC_NS}}}AlternateContent":
                branch = _alternate_branch(child)
                if branch is not None:
                    flush()
                    for inner in branch:
                        if inner.tag in (W.drawing, W.pict, W.object):
                            self._read_drawing(inner, paragraph)
                        elif inner.tag == W.t and self._showing_text():
                            parts.append(inner.text or "")
            elif not isinstance(tag, str) or local_name(child) in IGNORED:
                continue
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")
        flush()

    def _showing_text(self) -> bool:
        return not self._fields or self._fields[-1].in_result

    def _field_char(self, kind: str, paragraph: RawParagraph) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            current = self._fields[-1]
            current.in_result = True
            current.link = self._safe_link(_field_link(current.instruction))
            self._note_instruction(current.instruction, paragraph)
            if current.is_toc:
                paragraph.in_toc = True
        elif kind == "end" and self._fields:
            finished = self._fields.pop()
            if not finished.in_result:
                self._note_instruction(finished.instruction, paragraph)

    def _note_instruction(self, instruction: str, paragraph: RawParagraph) -> None:
        if paragraph.toc_anchor is None and (paragraph.in_toc or paragraph.style.toc_level):
            match = _ANCHOR_IN_INSTRUCTION.search(instruction)
            if match:
                paragraph.toc_anchor = word_bookmark_name(match[1])

    def _start_bookmark(self, element: etree._Element, into: list[str]) -> bool:
        name = word_bookmark_name(w_attr(element, "name") or "")
        if name and name != GO_BACK:
            into.append(name)
            return True
        return False

    def _carry_tail_bookmarks(self, paragraph: RawParagraph) -> None:
        """A bookmark opened after a paragraph's last text and closed later marks the next one."""
        text_length = len(paragraph.text.rstrip())
        if not text_length:
            return
        for name, offset in self._open_here.values():
            if offset >= text_length:
                paragraph.bookmarks.remove(name)
                self._pending_bookmarks.append(name)

    # -- notes, pictures and text boxes ---------------------------------------------------------

    def _read_note_reference(self, reference: etree._Element, paragraph: RawParagraph, fmt: RunFormat,
                             custom_mark: str | None) -> None:
        kind = "footnote" if reference.tag == W.footnoteReference else "endnote"
        note_id = w_attr(reference, "id") or ""
        element = self.notes.get(kind, {}).get(note_id)
        if element is None or (kind, note_id) in self._notes_open:
            self._warn(f"A {kind} reference points at no {kind}; its mark was kept as text")
            self._note_counts[kind] += 1
            paragraph.runs.append(Run(custom_mark or str(self._note_counts[kind]), vertical="superscript"))
            return
        if custom_mark is None:
            self._note_counts[kind] += 1
            mark = format_number(self._note_counts[kind], "decimal" if kind == "footnote" else "lowerRoman")
        else:
            mark = custom_mark
        self._notes_open.add((kind, note_id))
        saved_story, self.story = self.story, self.note_stories.get(kind, self.story)
        try:
            blocks = to_model_blocks(self._nested_blocks(element))
        finally:
            self.story = saved_story
            self._notes_open.discard((kind, note_id))
        note = Note(kind, mark, blocks, custom_mark=custom_mark is not None)
        paragraph.runs.append(Run(mark, vertical="superscript", note=note))

    def _read_drawing(self, element: etree._Element, paragraph: RawParagraph) -> None:
        """A drawing, VML picture or embedded object: its pictures, and the text of its text boxes."""
        boxes = [box for box in element.iter(TXBX_CONTENT) if not _inside(box, TXBX_CONTENT, element)]
        for box in boxes:
            paragraph.after.extend(self._nested_blocks(box))
        found = False
        blips = [blip for blip in element.iter(A.blip) if not _inside(blip, TXBX_CONTENT, element)]
        for blip in blips:
            # one picture fills the drawing's extent; the pictures of a group have sizes of their own
            size = _drawing_size(element) if len(blips) == 1 else _grouped_size(blip, element)
            found |= self._add_picture(blip.get(R.embed) or blip.get(R.link), element, paragraph, size)
        if not found:
            for image_data in element.iter(f"{{{V_NS}}}imagedata"):
                if not _inside(image_data, TXBX_CONTENT, element):
                    found |= self._add_picture(image_data.get(R.id) or image_data.get(R.pict), element, paragraph,
                                               _vml_size(image_data.getparent()))
                    if element.tag == W.object:
                        break  # an embedded object shows one preview picture; a VML group, each of its own
        if not found and not boxes and element.tag in (W.object,) :
            self._warn("An embedded object without a preview picture was left out")

    def _add_picture(self, rel_id: str | None, element: etree._Element, paragraph: RawParagraph,
                     size: tuple[int | None, int | None]) -> bool:
        loaded = self.story.image(rel_id) if rel_id else None
        if loaded is None:
            self._warn("A picture without readable image data was left out")
            return False
        data, part_name = loaded
        width, height = (None if length is None else self.clamps.clamp("A picture's size (EMU)", length, 0, MAX_PICTURE_EMU)
                         for length in size)
        doc_pr = next(element.iter(WP.docPr), None)
        description = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
        if not description:
            shape = next(element.iter(f"{{{V_NS}}}shape"), None)
            description = (shape.get("alt") or "") if shape is not None else ""
        extension = part_name.rsplit(".", 1)[-1].lower()
        paragraph.images.append(Image(
            data=data, content_type=IMAGE_TYPES.get(extension, _sniff_image_type(data)),
            width_emu=width, height_emu=height, description=description))
        return True

    def _nested_blocks(self, container: etree._Element) -> list[RawBlock]:
        """Blocks of a note or text box: read with the body's counters, but its own field and bookmark state."""
        with self._separate_story():
            blocks: list[RawBlock] = []
            self._read_block_children(container, blocks)
            return blocks

    @contextlib.contextmanager
    def _separate_story(self) -> Iterator[None]:
        saved = (self._fields, self._pending_bookmarks, self._sdt_toc_depth, self._open_here)
        self._fields, self._pending_bookmarks, self._sdt_toc_depth, self._open_here = [], [], 0, {}
        self._tables += 1  # a story inside another is never a table of contents or a heading
        try:
            yield
        finally:
            self._tables -= 1
            self._fields, self._pending_bookmarks, self._sdt_toc_depth, self._open_here = saved

    def _safe_url(self, url: str | None) -> str | None:
        """A link is data: kept as the author wrote it unless following it would run code or open local files."""
        if not url:
            return None
        scheme = url.split(":", 1)[0].strip().lower() if ":" in url.split("/", 1)[0] else ""
        if scheme in UNSAFE_URL_SCHEMES:
            self._warn(f"A link to a {scheme}: address was kept as plain text")
            return None
        return url

    def _safe_link(self, link: Link | None) -> Link | None:
        if link is None or link.url is None:
            return link
        url = self._safe_url(link.url)
        return Link(url=url, anchor=link.anchor) if url or link.anchor else None

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)


# -- helpers ----------------------------------------------------------------------------------------


def word_bookmark_name(name: str) -> str:
    """A Word heading's bookmark name as Word wrote it, undoing LibreOffice's rename."""
    renamed = _LIBREOFFICE_RENAMED_TOC.fullmatch(name)
    return renamed[1] if renamed else name


def _field_link(instruction: str) -> Link | None:
    match = _HYPERLINK_FIELD.match(instruction)
    if not match:
        return None
    target = match[1] or match[2] or ""
    anchor = _FIELD_ANCHOR.search(match[3] or "")
    if anchor:
        return Link(url=target or None, anchor=word_bookmark_name(anchor[1])) if target else \
            Link(anchor=word_bookmark_name(anchor[1]))
    return Link(url=target) if target else None


def _alternate_branch(element: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent to read: the first Choice we understand, else the Fallback."""
    for choice in element.iterfind(MC_CHOICE):
        if (choice.get("Requires") or "") in UNDERSTOOD_PREFIXES:
            return choice
    return element.find(MC_FALLBACK)


# Markup-compatibility prefixes whose content is DrawingML/WordprocessingML we read.
UNDERSTOOD_PREFIXES = {"wps", "wpg", "wp14", "wpc", "a14", "w14", "w15", "v", "m"}


def _inside(element: etree._Element, tag: str, stop: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _following_text(reference: etree._Element) -> str:
    texts = []
    for sibling in reference.itersiblings():
        if sibling.tag == W.t:
            texts.append(sibling.text or "")
            break
    return "".join(texts) or "*"


def _wrapped(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The ``tag`` children of a table or row, looking through content controls and tracked insertions."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (W.sdt, W.customXml, W.ins, W.moveTo):
            content = child.find(W.sdtContent) if child.tag == W.sdt else child
            if content is not None:
                yield from _wrapped(content, tag)


def _has_content(block: RawBlock) -> bool:
    """Whether the block holds anything the author put there: text, a picture, a text box, a note's mark (which
    ``text`` leaves out) or an equation."""
    return isinstance(block, RawTable) or bool(block.text.strip() or block.images or block.after) \
        or any(run.note or run.equation for run in block.runs)


def _merged_rows(rows: list[RawRow]) -> tuple[tuple[Cell, ...], ...]:
    """Rows of model cells: vertical merges become row spans, continued cells are left out."""
    placed: list[list[tuple[int, RawCell]]] = []
    for row in rows:
        column, cells = 0, []
        for cell in row.cells:
            cells.append((column, cell))
            column += cell.column_span
        placed.append(cells)
    out = []
    for row_index, cells in enumerate(placed):
        row_cells = []
        for column, cell in cells:
            if cell.vertical_merge == "continue" and row_index > 0 and _origin_above(placed, row_index, column):
                continue
            blocks = list(cell.blocks)
            span = 1
            if cell.vertical_merge == "restart":
                for below in placed[row_index + 1:]:
                    continued = next((c for col, c in below if col == column and c.vertical_merge == "continue"), None)
                    if continued is None:
                        break
                    span += 1
                    blocks.extend(b for b in continued.blocks if _has_content(b))  # nothing the author typed is lost
            row_cells.append(Cell(to_model_blocks(blocks), cell.column_span, span))
        out.append(tuple(row_cells))
    return tuple(out)


def _origin_above(placed: list[list[tuple[int, RawCell]]], row_index: int, column: int) -> bool:
    above = next((c for col, c in placed[row_index - 1] if col == column), None)
    return above is not None and above.vertical_merge in ("restart", "continue")


def _header_rows(rows: list[RawRow]) -> int:
    count = 0
    for row in rows:
        if not row.header:
            break
        count += 1
    return count


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same formatting become one (Word splits runs freely)."""
    merged: list[Run] = []
    for run in runs:
        if (merged and run.note is None and run.equation is None and merged[-1].note is None
                and merged[-1].equation is None and merged[-1].formatting() == run.formatting()):
            merged[-1] = dataclasses.replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged


def trim_runs(runs: list[Run]) -> list[Run]:
    """Drop the paragraph's leading and trailing white space (typed indentation)."""
    runs = list(runs)
    while runs and not runs[0].text.strip() and runs[0].note is None and runs[0].equation is None:
        runs.pop(0)
    while runs and not runs[-1].text.strip() and runs[-1].note is None and runs[-1].equation is None:
        runs.pop()
    if runs and runs[0].note is None and runs[0].equation is None and runs[0].text[:1].isspace():
        runs[0] = dataclasses.replace(runs[0], text=runs[0].text.lstrip())
    if runs and runs[-1].note is None and runs[-1].equation is None and runs[-1].text[-1:].isspace():
        runs[-1] = dataclasses.replace(runs[-1], text=runs[-1].text.rstrip())
    return runs


# Symbol fonts draw private-use code points F020–F0FF; these are the characters they show.
_WINGDINGS = {0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒", 0x75: "◆", 0x76: "❖", 0x77: "◆",
              0x9F: "•", 0xA1: "○", 0xA7: "▪", 0xA8: "☐", 0xD8: "➢", 0xE0: "➔", 0xE8: "➔", 0xF0: "⇨",
              0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑", 0x4A: "☺", 0x4C: "☹", 0x3F: "✍", 0x28: "☎",
              0x2A: "✉", 0xB2: "◇", 0x9E: "·", 0x6D: "❍", 0x70: "◻", 0xA9: "▸"}
_WINGDINGS_2 = {0x52: "☑", 0x54: "☒", 0xA3: "□", 0x50: "✓", 0x4F: "✗", 0x97: "●", 0x98: "○"}
_SYMBOL = dict(zip(map(ord, "abgdezhqiklmnxoprstufcywjvJVABGDEZHQIKLMNXOPRSTUFCYW"),
                   "αβγδεζηθικλμνξοπρστυφχψωϕϖϑςΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"))
_SYMBOL.update({0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xA3: "≤", 0xB3: "≥", 0xB9: "≠", 0xBB: "≈", 0xA5: "∞",
                0xB0: "°", 0xD6: "√", 0xE5: "∑", 0xF2: "∫", 0xB6: "∂", 0xD1: "∇", 0xAE: "→", 0xAC: "←",
                0xAD: "↑", 0xAF: "↓", 0xB7: "•", 0xBA: "≡", 0xCE: "∈", 0xC7: "∩", 0xC8: "∪", 0x22: "∀",
                0x24: "∃", 0x5E: "⊥", 0xA2: "′", 0xB2: "″", 0xBC: "…", 0xD7: "⋅", 0xDE: "⇒", 0xDB: "⇔",
                0xC5: "⊕", 0xC4: "⊗", 0xC6: "∅", 0xD0: "∠", 0x40: "≅", 0x7E: "∼", 0x2D: "−"})


def symbol_character(font: str, code: str) -> str:
    """The character a w:sym draws: symbol fonts' private-use code points mapped to Unicode."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    low = value - 0xF000 if 0xF000 <= value <= 0xF0FF else value
    family = font.strip().lower()
    table = _WINGDINGS if family == "wingdings" else _WINGDINGS_2 if family == "wingdings 2" else \
        _SYMBOL if family == "symbol" else {}
    if low in table:
        return table[low]
    if 0xF000 <= value <= 0xF0FF:
        value = low
    return chr(value) if 0x20 <= value < 0x110000 and not 0xD800 <= value <= 0xDFFF else ""


def _sniff_image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] in (b"GIF8",):
        return "image/gif"
    if data[:2] == b"BM":
        return "image/bmp"
    if data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "image/x-emf"
    if data[:4] == b"\xd7\xcd\xc6\x9a":
        return "image/x-wmf"
    return "application/octet-stream"


def _drawing_size(element: etree._Element) -> tuple[int | None, int | None]:
    """A DrawingML drawing's extent in EMU, else the size of its first VML shape."""
    extent = next(element.iter(WP.extent), None)
    if extent is None:
        return _vml_size(next(element.iter(f"{{{V_NS}}}shape"), None))
    return _int(extent.get("cx")), _int(extent.get("cy"))


def _grouped_size(blip: etree._Element, drawing: etree._Element) -> tuple[int | None, int | None]:
    """The size in EMU of one picture of a DrawingML group: its shape's own extent, in the coordinates of
    the groups around it (each maps its children's extent, a:chExt, onto its own, a:ext)."""
    width = height = None
    for ancestor in blip.iterancestors():
        if ancestor is drawing:
            break
        own = ancestor.find(f"{{*}}spPr/{{{A_NS}}}xfrm/{{{A_NS}}}ext")
        if width is None and own is not None:
            width, height = _int(own.get("cx")), _int(own.get("cy"))
        frame = ancestor.find(f"{{*}}grpSpPr/{{{A_NS}}}xfrm")
        if width is not None and frame is not None:
            outer, inner = frame.find(A.ext), frame.find(A.chExt)
            if outer is not None and inner is not None:
                width = _scaled(width, outer.get("cx"), inner.get("cx"))
                height = _scaled(height, outer.get("cy"), inner.get("cy"))
    return (width, height) if width is not None else _drawing_size(drawing)


def _scaled(length: int | None, outer: str | None, inner: str | None) -> int | None:
    outer_length, inner_length = _int(outer), _int(inner)
    if length is None or not outer_length or not inner_length:
        return length
    return length * outer_length // inner_length


_VML_LENGTH = re.compile(r"(?<![-\w])(width|height)\s*:\s*([\d.]+)\s*(pt|in|cm|mm|px)?", re.IGNORECASE)
_EMU_PER = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, None: 12700}


def _vml_lengths(shape: etree._Element) -> dict[str, tuple[float, str | None]]:
    lengths: dict[str, tuple[float, str | None]] = {}
    for name, number, unit in _VML_LENGTH.findall(shape.get("style", "")):
        try:
            lengths[name.lower()] = (float(number), unit.lower() or None)
        except ValueError:
            continue
    return lengths


def _vml_size(shape: etree._Element | None) -> tuple[int | None, int | None]:
    """A VML shape's size in EMU. Inside a group a length without a unit is in the group's coordinates
    (its coordsize, 1000 by default), which map onto the group's own width and height, group by group."""
    if shape is None:
        return None, None
    lengths = _vml_lengths(shape)
    size: list[int | None] = []
    for axis, name in enumerate(("width", "height")):
        value, unit = lengths.get(name, (None, None))
        for group in shape.iterancestors(f"{{{V_NS}}}group"):
            if value is None or unit is not None:
                break
            outer, outer_unit = _vml_lengths(group).get(name, (None, None))
            coordinates = _coordsize(group)[axis]
            value, unit = (value * outer / coordinates, outer_unit) if outer is not None and coordinates else (None, None)
        size.append(None if value is None else int(value * _EMU_PER[unit]))
    return size[0], size[1]


def _coordsize(group: etree._Element) -> tuple[float, float]:
    parts = (group.get("coordsize") or "1000,1000").split(",")
    try:
        return float(parts[0]), float(parts[1] if len(parts) > 1 else parts[0])
    except ValueError:
        return 1000.0, 1000.0


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
