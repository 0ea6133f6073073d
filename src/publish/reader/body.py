"""The docx-shaped parse: the main part's body as a flat list of raw paragraphs and tables.

One handler per WordprocessingML element, an explicit set of elements ignored on
purpose, and a warning for anything else (mammoth's discipline). Nothing here
decides what is a heading: that is ``tree``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from ..model import Image, Run
from .ns import A, R, W, WP, local_name, prefixed_name, w_attr
from .styles import ParagraphStyle, Styles, on_off, outline_level

GO_BACK = "_GoBack"  # Word's last-edit position, never a heading's
# LibreOffice keeps Word's _Toc22406 as __RefHeading___Toc22406 (its own are __RefHeading___Toc100_2863412133).
_LIBREOFFICE_RENAMED_TOC = re.compile(r"__RefHeading__(_Toc\d+)")
TOC_TITLES = {"目录", "目次", "contents", "tableofcontents"}
_ANCHOR_IN_INSTRUCTION = re.compile(r'(?:PAGEREF|HYPERLINK\s+\\l)\s+"?([^\s"\\]+)"?', re.IGNORECASE)
_XML_UNSAFE = re.compile("[\x80-\x9f\ufffe\uffff]")  # allowed by XML 1.0 yet never text

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
    "contentPart", "object",
}


@dataclass
class RawParagraph:
    runs: list[Run]
    style: ParagraphStyle
    outline_level: int | None  # direct w:outlineLvl, 1-based
    bookmarks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    toc_anchor: str | None = None  # set for entries of a table of contents
    in_toc: bool = False
    page_break_before: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def all_bold(self) -> bool:
        visible = [run for run in self.runs if run.text.strip()]
        return bool(visible) and all(run.bold for run in visible)

    @property
    def is_toc_title(self) -> bool:
        return re.sub(r"\s+", "", self.text).lower() in TOC_TITLES


@dataclass
class RawTable:
    rows: list[list[list[RawParagraph]]]


RawBlock = RawParagraph | RawTable


@dataclass
class _Field:
    instruction: str = ""
    in_result: bool = False

    @property
    def is_toc(self) -> bool:
        return self.instruction.lstrip().upper().startswith("TOC")


class BodyReader:
    """Walks a body once, carrying field and bookmark state across paragraphs."""

    def __init__(self, styles: Styles, load_image: Callable[[str], tuple[bytes, str] | None]) -> None:
        self.styles = styles
        self.load_image = load_image
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._fields: list[_Field] = []
        self._pending_bookmarks: list[str] = []  # started between paragraphs
        self._sdt_toc_depth = 0
        self._tables = 0
        self._open_here: dict[str, tuple[str, int]] = {}  # bookmark id -> (name, text offset)

    # -- blocks ---------------------------------------------------------------------------------

    def read_body(self, body: etree._Element) -> list[RawBlock]:
        blocks: list[RawBlock] = []
        self._read_block_children(body, blocks)
        return blocks

    def _read_block_children(self, parent: etree._Element, blocks: list[RawBlock]) -> None:
        for child in parent:
            name = local_name(child)
            if child.tag == W.p:
                blocks.append(self._read_paragraph(child))
            elif child.tag == W.tbl:
                blocks.append(self._read_table(child))
            elif child.tag == W.sdt:
                self._read_block_sdt(child, blocks)
            elif child.tag in (W.customXml, W.ins, W.moveTo, W.smartTag):
                self._read_block_children(child, blocks)
            elif child.tag == W.bookmarkStart:
                self._start_bookmark(child, self._pending_bookmarks)
            elif name in IGNORED or not isinstance(child.tag, str):
                continue
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")
        # Bookmarks left open after the last paragraph belong to nothing.
        if parent.tag == W.body:
            self._pending_bookmarks.clear()

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
        rows = []
        try:
            for row in table.iter(W.tr):
                if row.getparent() is not table and local_name(row.getparent()) != "sdtContent":
                    continue  # rows of a nested table are read with their own table
                cells = []
                for cell in row.iterfind(W.tc):
                    cell_blocks: list[RawBlock] = []
                    self._read_block_children(cell, cell_blocks)
                    cells.append([b for b in cell_blocks if isinstance(b, RawParagraph)])
                    if any(isinstance(b, RawTable) for b in cell_blocks):
                        self._warn("A table nested in a table cell was flattened to its paragraphs")
                        for nested in (b for b in cell_blocks if isinstance(b, RawTable)):
                            cells[-1].extend(p for r in nested.rows for c in r for p in c)
                rows.append(cells)
        finally:
            self._tables -= 1
        return RawTable(rows)

    # -- paragraphs -----------------------------------------------------------------------------

    def _read_paragraph(self, p: etree._Element) -> RawParagraph:
        ppr = p.find(W.pPr)
        style_el = ppr.find(W.pStyle) if ppr is not None else None
        style = self.styles.get(w_attr(style_el, "val") if style_el is not None else None)
        outline_el = ppr.find(W.outlineLvl) if ppr is not None else None
        break_el = ppr.find(W.pageBreakBefore) if ppr is not None else None
        paragraph = RawParagraph(
            runs=[], style=style,
            outline_level=outline_level(outline_el) if outline_el is not None else None,
            page_break_before=break_el is not None and on_off(break_el),
        )
        paragraph.bookmarks.extend(self._pending_bookmarks)
        self._pending_bookmarks.clear()
        paragraph.in_toc = self._sdt_toc_depth > 0 or any(f.is_toc for f in self._fields)
        self._open_here = {}
        self._read_inline(p, paragraph, style.bold, False)
        self._carry_tail_bookmarks(paragraph)
        paragraph.runs = _merge_runs(paragraph.runs)
        if style.toc_level is not None and self._tables == 0:
            paragraph.in_toc = True
        return paragraph

    def _read_inline(self, parent: etree._Element, paragraph: RawParagraph, bold: bool, italic: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == W.r:
                self._read_run(child, paragraph, bold, italic)
            elif tag == W.hyperlink:
                anchor = word_bookmark_name(w_attr(child, "anchor") or "")
                if anchor and paragraph.toc_anchor is None and (paragraph.in_toc or paragraph.style.toc_level):
                    paragraph.toc_anchor = anchor
                self._read_inline(child, paragraph, bold, italic)
            elif tag == W.bookmarkStart:
                if self._start_bookmark(child, paragraph.bookmarks):
                    self._open_here[w_attr(child, "id") or ""] = (paragraph.bookmarks[-1], len(paragraph.text))
            elif tag == W.bookmarkEnd:
                self._open_here.pop(w_attr(child, "id") or "", None)
            elif tag == W.fldSimple:
                self._note_instruction(w_attr(child, "instr") or "", paragraph)
                self._read_inline(child, paragraph, bold, italic)
            elif tag == W.sdt:
                content = child.find(W.sdtContent)
                if content is not None:
                    self._read_inline(content, paragraph, bold, italic)
            elif tag in (W.ins, W.moveTo, W.smartTag, W.customXml, W.dir, W.bdo):
                self._read_inline(child, paragraph, bold, italic)
            elif local_name(child) in IGNORED or not isinstance(tag, str):
                continue
            elif local_name(child) in ("oMath", "oMathPara"):
                self._warn("An equation was dropped (equations are not supported)")
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")

    def _read_run(self, r: etree._Element, paragraph: RawParagraph, bold: bool, italic: bool) -> None:
        rpr = r.find(W.rPr)
        if rpr is not None:
            b, i = rpr.find(W.b), rpr.find(W.i)
            bold = on_off(b) if b is not None else bold
            italic = on_off(i) if i is not None else italic
            vanish = rpr.find(W.vanish)
            if vanish is not None and on_off(vanish):
                return  # hidden text is not part of what the editor sees
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == W.t:
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
                parts.append(_symbol(child))
            elif tag == W.fldChar:
                self._field_char(w_attr(child, "fldCharType") or "", paragraph)
            elif tag == W.instrText:
                if self._fields:
                    self._fields[-1].instruction += child.text or ""
            elif tag in (W.drawing, W.pict):
                self._read_picture(child, paragraph)
            elif tag in (W.footnoteReference, W.endnoteReference):
                self._warn("A footnote or endnote reference was dropped (notes are not carried over)")
            elif local_name(child) in IGNORED or not isinstance(tag, str):
                continue
            elif local_name(child) == "AlternateContent":
                fallback = child.find("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
                if fallback is not None:
                    for inner in fallback:
                        if inner.tag in (W.drawing, W.pict):
                            self._read_picture(inner, paragraph)
            else:
                self._warn(f"Unrecognised element {prefixed_name(child)} was ignored")
        text = "".join(parts)
        if _XML_UNSAFE.search(text):
            self._warn("Control characters were removed from the text")
            text = _XML_UNSAFE.sub("", text)
        if text:
            paragraph.runs.append(Run(text, bold, italic))

    def _showing_text(self) -> bool:
        return not self._fields or self._fields[-1].in_result

    def _field_char(self, kind: str, paragraph: RawParagraph) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            current = self._fields[-1]
            current.in_result = True
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
        name = w_attr(element, "name") or ""
        name = word_bookmark_name(name)
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

    def _read_picture(self, element: etree._Element, paragraph: RawParagraph) -> None:
        blip = next(element.iter(A.blip), None)
        rel_id = blip.get(R.embed) if blip is not None else None
        if rel_id is None:
            image_data = next(element.iter("{urn:schemas-microsoft-com:vml}imagedata"), None)
            rel_id = image_data.get(R.id) if image_data is not None else None
        loaded = self.load_image(rel_id) if rel_id else None
        if loaded is None:
            self._warn("A picture without readable image data was dropped")
            return
        data, part_name = loaded
        extent = next(element.iter(WP.extent), None)
        doc_pr = next(element.iter(WP.docPr), None)
        extension = part_name.rsplit(".", 1)[-1].lower()
        paragraph.images.append(Image(
            data=data,
            content_type=IMAGE_TYPES.get(extension, "application/octet-stream"),
            width_emu=_int(extent.get("cx")) if extent is not None else None,
            height_emu=_int(extent.get("cy")) if extent is not None else None,
            description=(doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else "",
        ))

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)


def word_bookmark_name(name: str) -> str:
    """A Word heading's bookmark name as Word wrote it, undoing LibreOffice's rename."""
    renamed = _LIBREOFFICE_RENAMED_TOC.fullmatch(name)
    return renamed[1] if renamed else name


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same formatting become one (Word splits runs freely)."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def _symbol(sym: etree._Element) -> str:
    try:
        code = int(w_attr(sym, "char") or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:  # symbol-font private-use mapping
        code -= 0xF000
    return chr(code) if 0x20 <= code < 0x110000 else ""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
