"""The formatted .docx: masthead, a table of contents as Word writes it, and the articles.

``write_docx(document, masthead, path)`` takes every style, the page set-up, the footer and the font
table from a reference .docx (``templates/reference.docx`` unless ``template`` names another, like
pandoc's ``--reference-doc``), throws its body away and writes ours. The body is built as XML text
directly: no python-docx proxies, nothing parsed per paragraph.

The contents are one ``TOC N`` paragraph per heading down to ``toc_depth``, each a ``w:hyperlink``
to the heading's bookmark holding the title, a dot-leader tab and a ``PAGEREF`` field whose cached
result is the page number, all inside a TOC field inside a ``w:sdt`` (docPartGallery "Table of
Contents"). LibreOffice and WPS show the cached numbers as they are, so they are computed before
writing (``publish.writers.pagination``) or, with ``page_numbers="libreoffice"``, asked of
LibreOffice itself (``publish.writers.lo_pages``). Word is asked to refresh fields on open.

What the reader must recognise, it can: headings use styles named ``heading N`` with an outline
level; the masthead paragraphs use styles whose names start with "Masthead", the contents title
"TOC Heading", the column line "Column Label", source lines "Source Line" (their text as written).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .. import safexml
from ..model import Block, Cell, Document, Image, ListDefinition, ListItem, Masthead, Paragraph, Run, Section, Table
from . import pagination

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[3] / "templates" / "reference.docx"
PAGE_NUMBER_MODES = ("compute", "libreoffice")

# Style names the writer looks up in the template (by name, never by id: Chinese Word uses ids "1", "2").
STYLE_NAMES = {
    "heading1": "heading 1", "heading2": "heading 2", "heading3": "heading 3",
    "toc1": "toc 1", "toc2": "toc 2", "toc3": "toc 3", "toc_heading": "TOC Heading",
    "body": "Body Text", "source": "Source Line", "column": "Column Label",
    "masthead_name": "Masthead Name", "masthead_issue": "Masthead Issue", "masthead_line": "Masthead Line",
    "table_text": "Table Text", "figure": "Figure", "normal": "Normal", "table": "Table Grid",
    "footnote_text": "footnote text", "footnote_reference": "footnote reference",
    "endnote_text": "endnote text", "endnote_reference": "endnote reference", "hyperlink": "Hyperlink",
}
TOC_TITLE = "目  录"
# Said on every paragraph because LibreOffice 7.4 reads these only as direct formatting, and reads
# w:overflowPunct inverted: "1" gives no hanging punctuation there (hung commas and full stops were
# not drawn at all), while Word and WPS hang them as they do by default. LibreOffice ignores
# autoSpaceDE/DN either way (pagination models its spacing); Word and WPS honour them.
DIRECT_PPR = '<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
FRESH_BOOKMARK_BASE = 500_000_000  # fresh names look like Word's: _Toc + 9 digits

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
DOCUMENT_NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:m="{M_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/bmp": "bmp",
                    "image/tiff": "tiff", "image/x-emf": "emf", "image/x-wmf": "wmf", "image/svg+xml": "svg"}
IMAGE_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"), (b"BM", "image/bmp"),
               (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"\x01\x00\x00\x00", "image/x-emf"),
               (b"\xd7\xcd\xc6\x9a", "image/x-wmf"), (b"<svg", "image/svg+xml"))
EMU_PER_TWIP = 635
MAX_IMAGE_PITCHES = 16  # a picture is scaled down to at most this many body lines tall
JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
FULL_WIDTH_ENDS = frozenset("、，。．：；）】〕」』》〉")
CELL_MARGINS = 216  # the Table Grid style's left and right cell margins, in twips
MIN_COLUMN = 144  # no grid column narrower than a tenth of an inch



def write_docx(document: Document, masthead: Masthead, path: Path, *, template: Path | None = None,
               toc_depth: int = 2, page_numbers: str = "compute") -> tuple[str, ...]:
    """Write the bulletin to ``path``; return what the caller should be warned about."""
    if page_numbers not in PAGE_NUMBER_MODES:
        raise ValueError(f"page_numbers must be one of {PAGE_NUMBER_MODES}, not {page_numbers!r}")
    reference = load_template(Path(template) if template else DEFAULT_TEMPLATE)
    warnings: list[str] = list(reference.warnings)
    package = _Package(reference)
    body = _BodyBuilder(reference, max(1, toc_depth), package)
    body.build(document, masthead)
    warnings += body.warnings

    pages, layout_warnings = body.compute_pages()
    warnings += layout_warnings
    package.finish(document, masthead, body)
    package.save(path, body.document_xml(pages))

    if page_numbers == "libreoffice" and body.toc_entries:
        from . import lo_pages

        found, problem = lo_pages.bookmark_pages(path, [entry.anchor for entry in body.toc_entries])
        if problem:
            warnings.append(f"LibreOffice could not give the page numbers ({problem}); computed ones were kept")
        else:
            mismatched = sum(1 for entry in body.toc_entries if found.get(entry.anchor) != pages.get(entry.anchor))
            if mismatched:
                pages = {**pages, **found}
                package.save(path, body.document_xml(pages))
    elif body.uncertain:
        warnings.append(f"The contents' page numbers are computed around {'; '.join(sorted(body.uncertain))} whose "
                        "height is not known exactly; use --page-numbers libreoffice to have LibreOffice count them")
    return tuple(warnings)


# -- the template ---------------------------------------------------------------------------------


@dataclass
class Reference:
    """A reference .docx, read once: its parts, style ids by our role, and its page layout."""

    parts: dict[str, bytes]
    style_ids: dict[str, str]
    section_xml: str
    layout: pagination.Layout
    settings_xml: bytes
    template_bytes: bytes  # the file as it is, for python-docx to open afresh on each write
    styles_borrowed: bool = False  # styles.xml was completed from the default template
    warnings: tuple[str, ...] = ()


_TEMPLATE_CACHE: dict[tuple[str, float, int], Reference] = {}


def load_template(template: Path) -> Reference:
    """The template's parts and styles; cached per file version, as ``publish all`` may write many."""
    from ..errors import PublishError

    try:
        stat = template.stat()
    except OSError:
        raise PublishError(f"{template}: template not found") from None
    key = (str(template.resolve()), stat.st_mtime, stat.st_size)
    if key not in _TEMPLATE_CACHE:
        try:
            _TEMPLATE_CACHE[key] = _read_template(template)
        except (zipfile.BadZipFile, KeyError, ValueError) as error:  # safexml.UnsafeXML is a ValueError
            raise PublishError(f"{template}: not a usable reference .docx ({error})") from None
    return _TEMPLATE_CACHE[key]


def _read_template(template: Path) -> Reference:
    from lxml import etree

    with zipfile.ZipFile(template) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    warnings: list[str] = []
    styles_root = safexml.parse(parts["word/styles.xml"])
    w = f"{{{W_NS}}}"
    by_name = {}
    for style in styles_root.iterfind(f"{w}style"):
        name = style.find(f"{w}name")
        if name is not None:
            by_name.setdefault((name.get(f"{w}val") or "").strip().lower(), style.get(f"{w}styleId"))
    missing = [role for role, name in STYLE_NAMES.items() if name.lower() not in by_name]
    if missing and template.resolve() != DEFAULT_TEMPLATE.resolve():
        # Borrow what the editor's template lacks from ours, so every paragraph has its style.
        default = load_template(DEFAULT_TEMPLATE)
        ours = safexml.parse(default.parts["word/styles.xml"])
        for style in ours.iterfind(f"{w}style"):
            name = (style.find(f"{w}name").get(f"{w}val") or "").strip().lower()
            if name in {STYLE_NAMES[role].lower() for role in missing}:
                if style.get(f"{w}styleId") in set(by_name.values()):
                    style.set(f"{w}styleId", "Publish" + style.get(f"{w}styleId"))
                styles_root.append(style)
                by_name[name] = style.get(f"{w}styleId")
        warnings.append(f"The template has no style named {', '.join(repr(STYLE_NAMES[r]) for r in missing)}; "
                        "the default ones were used")
        parts["word/styles.xml"] = etree.tostring(styles_root, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    elif missing:
        raise ValueError(f"styles missing: {', '.join(STYLE_NAMES[r] for r in missing)}")
    style_ids = {role: by_name[name.lower()] for role, name in STYLE_NAMES.items()}

    document_root = safexml.parse(parts["word/document.xml"])
    body = document_root.find(f"{w}body")
    section = body.find(f"{w}sectPr") if body is not None else None
    section_xml = etree.tostring(section, encoding="unicode") if section is not None else ""
    # lxml repeats namespace declarations on a detached element; the document root declares them.
    section_xml = re.sub(r'\sxmlns:\w+="[^"]*"', "", section_xml)
    layout = pagination.Layout.from_template(styles_root, section, style_ids)

    settings = parts.get("word/settings.xml", f'<w:settings xmlns:w="{W_NS}"/>'.encode())
    if b"updateFields" not in settings:
        settings = re.sub(rb"(<w:settings\b[^>]*>)", rb'\1<w:updateFields w:val="true"/>', settings, count=1)
    return Reference(
        parts=parts, style_ids=style_ids, section_xml=section_xml, layout=layout, settings_xml=settings,
        template_bytes=template.read_bytes(), styles_borrowed=bool(missing), warnings=tuple(warnings))


# -- the body -------------------------------------------------------------------------------------


@dataclass
class TocEntry:
    title: str
    level: int
    anchor: str


class _BodyBuilder:
    """Builds document.xml's body as text pieces, and the paragraphs' layout for pagination alongside.

    The contents' page numbers are not known while building, so each one is a placeholder piece
    (``_PageSlot``) filled in when the document part is rendered. Notes are built into their own
    parts' XML as their references are met; relationships (links, pictures) go to ``package``.
    """

    def __init__(self, reference: Reference, toc_depth: int, package: _Package) -> None:
        self.reference = reference
        self.styles = reference.style_ids
        self.toc_depth = toc_depth
        self.package = package
        self.pieces: list[str | _PageSlot] = []
        self.flow: list[pagination.Item] = []
        self.toc_entries: list[TocEntry] = []
        self.notes: dict[str, list[str]] = {"footnote": [], "endnote": []}  # each note's w:footnote/w:endnote XML
        self.endnote_decimal = False
        self.warnings: list[str] = []
        self.uncertain: set[str] = set()  # what pagination can only estimate
        self.lists: dict[str, int] = {}  # ListDefinition.key -> w:numId
        self._story = "document"  # the part whose relationships runs being built go to
        self._anchors: set[str] = set()
        self._unknown_anchors: set[str] = set()
        self._drawing_id = 0
        self._bookmark_id = 0
        self._used_names: set[str] = set()
        self._names: dict[int, list[str]] = {}  # each heading's bookmarks, by id() of its Section
        self._fresh = FRESH_BOOKMARK_BASE

    # the document, top to bottom

    def build(self, document: Document, masthead: Masthead) -> None:
        self._used_names = {name for section in document.walk() for name in section.bookmarks}
        anchors = self._assign_anchors(document)
        self._anchors = {name for names in self._names.values() for name in names}
        self.lists = self.package.add_numbering(document.lists)
        self._masthead(masthead)
        entries = [TocEntry(_label(s.list_item) + s.title, s.level, anchors[id(s)]) for s in document.walk()
                   if s.level <= self.toc_depth]
        self.toc_entries = entries
        if entries:
            self._contents(entries)
        break_before = bool(entries)
        if document.column:
            self._plain("column", document.column, page_break_before=break_before)
            break_before = False
        for block in document.preamble:
            self._block(block, page_break_before=break_before)
            break_before = False
        for section in document.sections:
            self._section(section, anchors, page_break_before=break_before)
            break_before = False
        if self._unknown_anchors:
            self.warnings.append(f"{len(self._unknown_anchors)} link(s) to a place the document no longer marks "
                                 f"({', '.join(sorted(self._unknown_anchors)[:3])}) were written as plain text")

    def _assign_anchors(self, document: Document) -> dict[int, str]:
        """Each heading's bookmarks (a name on two headings stays on the first) and the one its entry
        links to: its first _Toc name, else its first name, else a fresh _Toc name."""
        anchors = {}
        taken: set[str] = set()
        for section in document.walk():
            kept = [name for name in dict.fromkeys(_clean(n) for n in section.bookmarks) if name and name not in taken]
            taken.update(kept)
            toc_names = [name for name in kept if name.startswith("_Toc")]
            anchor = toc_names[0] if toc_names else (kept[0] if kept else self._fresh_name())
            self._names[id(section)] = kept if anchor in kept else [anchor, *kept]
            anchors[id(section)] = anchor
        return anchors

    def _fresh_name(self) -> str:
        while f"_Toc{self._fresh}" in self._used_names:
            self._fresh += 1
        name = f"_Toc{self._fresh}"
        self._used_names.add(name)
        return name

    def _masthead(self, masthead: Masthead) -> None:
        self._plain("masthead_name", masthead.name)
        self._plain("masthead_issue", masthead.issue)
        self._plain("masthead_line", f"{masthead.unit}\t{masthead.date}")

    def _contents(self, entries: list[TocEntry]) -> None:
        tab_pos = self.reference.layout.text_width
        self.pieces.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                           '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>')
        self._plain("toc_heading", TOC_TITLE)
        hidden = "<w:rPr><w:webHidden/></w:rPr>"
        for index, entry in enumerate(entries):
            role = f"toc{min(entry.level, 3)}"
            anchor = _attr(entry.anchor)
            self.pieces.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self.styles[role]}"/><w:tabs>'
                f'<w:tab w:val="right" w:leader="dot" w:pos="{tab_pos}"/></w:tabs>{DIRECT_PPR}</w:pPr>')
            if index == 0:
                self.pieces.append(
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                    f' TOC \\o "1-{self.toc_depth}" \\h \\z \\u </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
            self.pieces.append(
                f'<w:hyperlink w:anchor="{anchor}" w:history="1">{_text_run(entry.title)}'
                f'<w:r>{hidden}<w:tab/></w:r><w:r>{hidden}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{hidden}<w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
                f'<w:r>{hidden}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{hidden}<w:t>')
            self.pieces.append(_PageSlot(entry.anchor))
            self.pieces.append(f'</w:t></w:r><w:r>{hidden}<w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
            if index == len(entries) - 1:
                # The TOC field ends in its last entry, not in a paragraph of its own as Word writes it:
                # LibreOffice drops such an empty paragraph and Word keeps it, so neither could be counted on.
                self.pieces.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
            self.pieces.append("</w:p>")
            self.flow.append(pagination.Item(role, entry.title, toc_anchor=entry.anchor))
        self.pieces.append("</w:sdtContent></w:sdt>")

    def _section(self, section: Section, anchors: dict[int, str], *, page_break_before: bool) -> None:
        role = f"heading{min(section.level, 3)}"
        names = self._names[id(section)]
        starts, ends = [], []
        for name in names:
            self._bookmark_id += 1
            starts.append(f'<w:bookmarkStart w:id="{self._bookmark_id}" w:name="{_attr(name)}"/>')
            ends.append(f'<w:bookmarkEnd w:id="{self._bookmark_id}"/>')
        ppr = self._ppr(role, page_break_before, list_item=section.list_item)
        self.pieces.append(f"<w:p>{ppr}{''.join(starts)}{_text_run(section.title)}"
                           f"{''.join(reversed(ends))}</w:p>")
        self.flow.append(pagination.Item(role, _label(section.list_item, self.lists) + section.title,
                                         page_break_before=page_break_before, bookmarks=tuple(names)))
        for block in section.blocks:
            self._block(block)
        for child in section.sections:
            self._section(child, anchors, page_break_before=False)
        if section.source is not None:
            self._plain("source", section.source.text)

    def _block(self, block: Block, *, page_break_before: bool = False, role: str = "body",
               width: int | None = None) -> list[pagination.Item]:
        """Append the block's XML; return its layout items (also added to the flow when ``width`` is None)."""
        if isinstance(block, Paragraph):
            items = [self._paragraph(block, role, page_break_before)]
        elif isinstance(block, Table):
            items = [self._table(block, width or self.reference.layout.text_width)]
        elif isinstance(block, Image):
            items = self._image(block, page_break_before, width)
        else:
            items = []
        if width is None:
            self.flow.extend(items)
        return items

    def _plain(self, role: str, text: str, *, page_break_before: bool = False) -> None:
        self._block(Paragraph.plain(text), role=role, page_break_before=page_break_before)

    def _paragraph(self, paragraph: Paragraph, role: str, page_break_before: bool = False) -> pagination.Item:
        display = [run.equation for run in paragraph.runs if run.equation is not None and run.equation.display]
        ppr = self._ppr(role, page_break_before, list_item=paragraph.list_item, align=paragraph.align)
        if display and display[0].omml:
            self.pieces.append(f"<w:p>{ppr}<m:oMathPara>{_omml(display[0].omml)}</m:oMathPara></w:p>")
            self.uncertain.add("an equation")
            return pagination.Item(role, display[0].linear, page_break_before=page_break_before)
        label = _label(paragraph.list_item, self.lists)
        layout_runs: list[tuple[str, bool, bool]] = [(label, False, False)] if label else []
        notes: list[tuple[int, tuple[pagination.Item, ...]]] = []
        xml = [f"<w:p>{ppr}"]
        for run in paragraph.runs:
            if run.note is not None:
                note_items = self._note(run, xml)
                if run.note.kind == "footnote":
                    notes.append((sum(len(t) for t, _, _ in layout_runs), note_items))
            elif run.equation is not None and run.equation.omml:
                xml.append(_omml(run.equation.omml))
                self.uncertain.add("an equation")
            else:
                xml.append(self._linked_run(run))
            layout_runs.append((_clean(run.text), run.bold, run.italic))
        xml.append("</w:p>")
        self.pieces.append("".join(xml))
        return pagination.Item(role, "", runs=tuple(layout_runs), page_break_before=page_break_before,
                               footnotes=tuple(notes))

    def _linked_run(self, run: Run) -> str:
        link = run.link
        if link is None or not (link.url or link.anchor):
            return _run_xml(run)
        style = self.styles["hyperlink"]
        if link.url:
            rel_id = self.package.relate_link(self._story, link.url)
            return f'<w:hyperlink r:id="{rel_id}" w:history="1">{_run_xml(run, style)}</w:hyperlink>'
        if link.anchor in self._anchors:
            return f'<w:hyperlink w:anchor="{_attr(link.anchor)}" w:history="1">{_run_xml(run, style)}</w:hyperlink>'
        self._unknown_anchors.add(link.anchor)
        return _run_xml(run)

    def _note(self, run: Run, xml: list[str]) -> tuple[pagination.Item, ...]:
        """The note's reference in place, its content into the notes part; its layout items."""
        note = run.note
        kind = "endnote" if note.kind == "endnote" else "footnote"
        if self._story != "document":  # a note inside a note: its mark stays as text
            xml.append(_run_xml(Run(run.text, vertical="superscript")))
            return ()
        number = len(self.notes[kind]) + 1
        if kind == "endnote" and number == 1:
            self.endnote_decimal = run.text.strip().isdigit()
        ref_style = self.styles[f"{kind}_reference"]
        custom = ' w:customMarkFollows="1"' if note.custom_mark else ""
        mark = f'<w:t xml:space="preserve">{escape(_clean(run.text))}</w:t>' if note.custom_mark else ""
        xml.append(f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr>'
                   f'<w:{kind}Reference{custom} w:id="{number}"/>{mark}</w:r>')
        saved, self.pieces = self.pieces, []
        self._story = kind
        items: list[pagination.Item] = []
        blocks = note.blocks or (Paragraph(()),)
        for index, block in enumerate(blocks):
            if index == 0 and isinstance(block, Paragraph):
                own = _run_xml(Run(run.text), ref_style) if note.custom_mark else (
                    f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{kind}Ref/></w:r>')
                block = Paragraph((Run(" "), *block.runs), block.align, block.list_item)
                item = self._block(block, role=f"{kind}_text", width=self.reference.layout.text_width)
                first = self.pieces[-1]
                self.pieces[-1] = first.replace("</w:pPr>", "</w:pPr>" + own, 1)
                items += item
            else:
                items += self._block(block, role=f"{kind}_text", width=self.reference.layout.text_width)
        self.notes[kind].append(f'<w:{kind} w:id="{number}">{"".join(self.pieces)}</w:{kind}>')
        self.pieces, self._story = saved, "document"
        return tuple(items)

    def _ppr(self, role: str, page_break_before: bool = False, *, list_item: ListItem | None = None,
             align: str = "") -> str:
        extra = "<w:pageBreakBefore/>" if page_break_before else ""
        if list_item is not None and list_item.list in self.lists:
            extra += (f'<w:numPr><w:ilvl w:val="{max(0, min(8, list_item.level))}"/>'
                      f'<w:numId w:val="{self.lists[list_item.list]}"/></w:numPr>')
        jc = JUSTIFICATION.get(align)
        tail = f'<w:jc w:val="{jc}"/>' if jc else ""
        return f'<w:pPr><w:pStyle w:val="{self.styles[role]}"/>{extra}{DIRECT_PPR}{tail}</w:pPr>'

    def _table(self, table: Table, available: int) -> pagination.Item:
        columns = table.columns
        if columns == 0 or not table.rows:
            return pagination.Item("table", "", table_rows=[])
        widths = _column_widths(table, columns, available)
        self.pieces.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table"]}"/><w:tblW w:w="{sum(widths)}" '
            'w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths) + "</w:tblGrid>")
        by_row: dict[int, list[tuple[int, Cell]]] = {}
        for row_index, column, cell in table.placed():
            by_row.setdefault(row_index, []).append((column, cell))
        continuing: dict[int, tuple[int, int]] = {}  # grid column -> (rows left below, columns spanned)
        rows = []
        for row_index in range(len(table.rows)):
            header = "<w:tblHeader/>" if row_index < table.header_rows else ""
            # No w:cantSplit: LibreOffice 7.4 drops the rows of such a table from a page that has a footnote.
            self.pieces.append(f"<w:tr><w:trPr>{header}</w:trPr>" if header else "<w:tr>")
            placed = [(column, cell, False) for column, cell in by_row.get(row_index, [])]
            placed += [(column, Cell(column_span=span), True) for column, (_, span) in continuing.items()]
            placed.sort(key=lambda entry: entry[0])
            continuing = {c: (left - 1, span) for c, (left, span) in continuing.items() if left > 1}
            cells, column = [], 0
            for start, cell, merged_below in placed:
                if start >= columns:
                    continue
                if start > column:  # a short row: fill the grid so Word and LibreOffice agree on columns
                    self._cell(Cell(column_span=start - column), sum(widths[column:start]), "", [])
                span = max(1, min(cell.column_span, columns - start))
                width = sum(widths[start:start + span])
                merge = '<w:vMerge/>' if merged_below else (
                    '<w:vMerge w:val="restart"/>' if cell.row_span > 1 else "")
                if cell.row_span > 1 and not merged_below:
                    continuing[start] = (cell.row_span - 1, span)
                items = self._cell(cell, width, merge, [], span)
                if not merged_below:
                    cells.append(pagination.CellBox(width, cell.row_span, items))
                column = start + span
            if column < columns:
                self._cell(Cell(column_span=columns - column), sum(widths[column:]), "", [], columns - column)
            self.pieces.append("</w:tr>")
            rows.append(cells)
        self.pieces.append("</w:tbl>")
        return pagination.Item("table", "", table_rows=rows)

    def _cell(self, cell: Cell, width: int, merge: str, items: list, span: int | None = None) -> list:
        span = span if span is not None else cell.column_span
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        self.pieces.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{merge}</w:tcPr>')
        inner = width - CELL_MARGINS
        for block in cell.blocks:
            items += self._block(block, role="table_text", width=inner)
        if not cell.blocks or not isinstance(cell.blocks[-1], Paragraph):
            # A cell ends in a paragraph (Word's rule), after a nested table or picture too.
            items += self._block(Paragraph(()), role="table_text", width=inner)
        self.pieces.append("</w:tc>")
        return items

    def _image(self, image: Image, page_break_before: bool, width: int | None) -> list[pagination.Item]:
        content_type = image.content_type if image.content_type in IMAGE_EXTENSIONS else _sniff(image.data)
        if content_type is None:
            self.warnings.append(f"A picture of an unknown kind ({image.content_type}) was left out")
            return []
        width_emu, height_emu, known = _image_size(image)
        if not known:
            self.uncertain.add("a picture without a size")
        layout = self.reference.layout
        max_width = (width or layout.text_width) * EMU_PER_TWIP
        max_height = MAX_IMAGE_PITCHES * layout.pitch * EMU_PER_TWIP
        scale = min(1.0, max_width / width_emu, max_height / height_emu)
        cx, cy = max(1, int(width_emu * scale)), max(1, int(height_emu * scale))
        rel_id, part_name = self.package.add_image(self._story, image.data, content_type)
        self._drawing_id += 1
        number = self._drawing_id
        # An exact line height of whole pitches that holds the picture keeps the pages predictable.
        lines = -(-cy // (layout.pitch * EMU_PER_TWIP))
        height = lines * layout.pitch
        description = _attr(image.description)
        extra = "<w:pageBreakBefore/>" if page_break_before else ""
        self.pieces.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self.styles["figure"]}"/>{extra}'
            f'<w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>{DIRECT_PPR}</w:pPr>'
            '<w:r><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{number}" name="Picture {number}" descr="{description}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{_attr(part_name)}" descr="{description}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r></w:p>")
        return [pagination.Item("figure", "", page_break_before=page_break_before, fixed_height=height)]

    # pages

    def compute_pages(self) -> tuple[dict[str, int], list[str]]:
        return pagination.paginate(self.flow, self.reference.layout)

    def document_xml(self, pages: dict[str, int]) -> bytes:
        body = "".join(piece if isinstance(piece, str) else str(pages.get(piece.anchor, "")) for piece in self.pieces)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<w:document {DOCUMENT_NAMESPACES}><w:body>{body}{self._section_xml()}</w:body></w:document>"
                ).encode("utf-8")

    def _section_xml(self) -> str:
        """The template's section, told to number endnotes 1, 2, 3 when the author's were (Word's default is i, ii)."""
        section = self.reference.section_xml
        if not self.endnote_decimal or "<w:endnotePr" in section or not section:
            return section
        properties = '<w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr>'
        references = list(re.finditer(r"<w:(?:header|footer)Reference\b[^>]*/>", section))
        at = references[-1].end() if references else section.index(">") + 1
        return section[:at] + properties + section[at:]


@dataclass(frozen=True)
class _PageSlot:
    anchor: str


def _column_widths(table: Table, columns: int, available: int) -> list[int]:
    """Grid column widths in twips: the table's own, scaled down to fit; else equal shares."""
    given = [max(0.0, w) * 20 for w in table.column_widths[:columns]]
    if len(given) < columns or sum(given) <= 0:
        return [available // columns] * columns
    scale = min(1.0, available / sum(given))
    return [max(MIN_COLUMN, int(w * scale)) for w in given]


def _label(item: ListItem | None, lists: dict[str, int] | None = None) -> str:
    """The label Word draws before a list paragraph, and what follows it (see _suffix)."""
    if item is None or not item.label or (lists is not None and item.list not in lists):
        return ""
    return item.label + ("" if _suffix(item.label) == "nothing" else " ")


def _suffix(label_text: str) -> str:
    """Nothing after a label that ends in full-width punctuation (一、 （一）), else a space (1. a)):
    predictable for pagination, where Word's default tab would depend on tab stops."""
    return "nothing" if label_text[-1:] in FULL_WIDTH_ENDS else "space"


def _omml(omml: str) -> str:
    """The equation as the reader kept it; nothing that is not one OMML element gets through."""
    from lxml import etree

    try:
        element = safexml.parse(omml.encode("utf-8"))
    except (ValueError, etree.XMLSyntaxError):
        return ""
    if element.tag != f"{{{M_NS}}}oMath":
        return ""
    return re.sub(r'\sxmlns:m="[^"]*"', "", etree.tostring(element, encoding="unicode"), count=1)


# -- runs and text --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return safexml.NOT_XML_CHARS.sub("", text)


def _attr(text: str) -> str:
    return escape(_clean(text), {'"': "&quot;"})


def _text_run(text: str) -> str:
    return _run_xml(Run(text))


def _run_xml(run: Run, character_style: str | None = None) -> str:
    text = _clean(run.text)
    if not text:
        return ""
    props = (f'<w:rStyle w:val="{character_style}"/>' if character_style else "") + (
        "<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "") + (
        "<w:strike/>" if run.strike else "") + ('<w:u w:val="single"/>' if run.underline else "") + (
        f'<w:vertAlign w:val="{run.vertical}"/>' if run.vertical in ("superscript", "subscript") else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    content = []
    for line_index, line in enumerate(text.split("\n")):
        if line_index:
            content.append("<w:br/>")
        for tab_index, chunk in enumerate(line.split("\t")):
            if tab_index:
                content.append("<w:tab/>")
            if chunk:
                content.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def _image_size(image: Image) -> tuple[int, int, bool]:
    """The picture's size in EMU: as the input gave it, else from its pixels at 96 dpi, else 4:3 (and
    whether it is known)."""
    if image.width_emu and image.height_emu and image.width_emu > 0 and image.height_emu > 0:
        return image.width_emu, image.height_emu, True
    pixels = _pixel_size(image.data)
    if pixels:
        return pixels[0] * 9525, pixels[1] * 9525, True
    return 4 * 914400, 3 * 914400, False


def _sniff(data: bytes) -> str | None:
    """The content type of a picture the reader could not name, from its first bytes."""
    for magic, content_type in IMAGE_MAGIC:
        if data.startswith(magic):
            return content_type
    return None


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                return None
            marker = data[index + 1]
            length = struct.unpack(">H", data[index + 2:index + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[index + 5:index + 9])
                return (width, height) if width and height else None
            index += 2 + length
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return (width, height) if width and height else None
    return None


# -- the package ----------------------------------------------------------------------------------


class _Package:
    """The .docx package, by python-docx: the template opened afresh, and the parts this document adds
    (pictures, link targets, numbering, notes, core properties) related to the parts that use them."""

    def __init__(self, reference: Reference) -> None:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.reference = reference
        self.document = docx.Document(io.BytesIO(reference.template_bytes))
        self.main = self.document.part
        self.stories = {"document": self.main}
        self._images: dict[tuple[str, bytes], str] = {}
        self._links: dict[tuple[str, str], str] = {}
        # The template's own notes are only separators: ours replace them.
        for rel_id, rel in list(self.main.rels.items()):
            if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
                self.main.rels.pop(rel_id)

    def story(self, name: str):  # noqa: ANN201 - a docx Part
        """The part that ``name``'s relationships belong to; a notes part is made when first needed."""
        if name not in self.stories:
            from docx.opc.constants import CONTENT_TYPE as CT
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.opc.part import Part

            content_type, reltype = {"footnote": (CT.WML_FOOTNOTES, RT.FOOTNOTES),
                                     "endnote": (CT.WML_ENDNOTES, RT.ENDNOTES)}[name]
            part = Part(PackURI(f"/word/{name}s.xml"), content_type, b"", self.main.package)
            self.main.relate_to(part, reltype)
            self.stories[name] = part
        return self.stories[name]

    def relate_link(self, story: str, url: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        key = (story, url)
        if key not in self._links:
            self._links[key] = self.story(story).relate_to(_clean(url), RT.HYPERLINK, is_external=True)
        return self._links[key]

    def add_image(self, story: str, data: bytes, content_type: str) -> tuple[str, str]:
        """The relationship id of the picture's part from ``story``'s part, and the part's file name.

        python-docx reads the kinds it knows (PNG, JPEG, GIF, BMP, TIFF) itself; EMF, WMF and SVG, which
        Word shows too, get an image part of their own.
        """
        from docx.image.exceptions import UnrecognizedImageError
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.parts.image import ImagePart

        part = self.story(story)
        key = (story, data)
        if key not in self._images:
            try:
                if story == "document":
                    rel_id, image = part.get_or_add_image(io.BytesIO(data))
                    self._images[key] = rel_id
                else:
                    raise UnrecognizedImageError  # notes parts are plain parts: relate the picture below
            except UnrecognizedImageError:
                package = self.main.package
                extension = IMAGE_EXTENSIONS[content_type]
                image_part = ImagePart(package.next_partname(f"/word/media/image%d.{extension}"), content_type, data)
                self._images[key] = part.relate_to(image_part, RT.IMAGE)
            except Exception:  # noqa: BLE001 - a damaged picture python-docx cannot measure: keep its bytes
                package = self.main.package
                extension = IMAGE_EXTENSIONS[content_type]
                image_part = ImagePart(package.next_partname(f"/word/media/image%d.{extension}"), content_type, data)
                self._images[key] = part.relate_to(image_part, RT.IMAGE)
        target = part.rels[self._images[key]].target_part
        return self._images[key], str(target.partname).rsplit("/", 1)[-1]

    def add_numbering(self, lists: tuple[ListDefinition, ...]) -> dict[str, int]:
        """Word numbering for the document's lists: one w:abstractNum per family (shared counters), one
        w:num per definition with its restarts; returns each definition's numId."""
        if not lists:
            return {}
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        try:
            existing = self.main.part_related_by(RT.NUMBERING)
        except KeyError:
            existing = None
        base_abstract, base_num = 0, 0
        root = None
        if existing is not None:
            root = existing.element if hasattr(existing, "element") else safexml.parse(existing.blob)
            w = f"{{{W_NS}}}"
            base_abstract = 1 + max((int(e.get(f"{w}abstractNumId", "0")) for e in root.iterfind(f"{w}abstractNum")),
                                    default=-1)
            base_num = max((int(e.get(f"{w}numId", "0")) for e in root.iterfind(f"{w}num")), default=0)
        abstract_ids: dict[str, int] = {}
        abstracts, nums, ids = [], [], {}
        for definition in lists:
            if definition.family not in abstract_ids:
                abstract_ids[definition.family] = base_abstract + len(abstract_ids)
                abstracts.append(_abstract_num(abstract_ids[definition.family], definition))
            num_id = base_num + len(nums) + 1
            overrides = "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                                for level, start in definition.starts if 0 <= level <= 8)
            nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_ids[definition.family]}"/>'
                        f"{overrides}</w:num>")
            ids[definition.key] = num_id
        if root is None:
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
                   f'{"".join(abstracts)}{"".join(nums)}</w:numbering>').encode("utf-8")
            part = Part(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, xml, self.main.package)
            self.main.relate_to(part, RT.NUMBERING)
        else:
            # The editor's template numbers its own styles: ours go after its definitions (abstractNums before nums).
            wrapper = f'<w:numbering xmlns:w="{W_NS}">{"".join(abstracts)}{"".join(nums)}</w:numbering>'
            added = safexml.parse(wrapper.encode("utf-8"))
            first_num = root.find(f"{{{W_NS}}}num")
            for element in list(added):
                if element.tag == f"{{{W_NS}}}abstractNum" and first_num is not None:
                    first_num.addprevious(element)
                else:
                    root.append(element)
            if not hasattr(existing, "element"):
                existing._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return ids

    def finish(self, document: Document, masthead: Masthead, body: _BodyBuilder) -> None:
        """Notes parts, styles the template lacked, settings and core properties."""
        for kind, notes in body.notes.items():
            if notes:
                separators = "".join(
                    f'<w:{kind} w:type="{sort}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                    f'w:lineRule="auto"/></w:pPr><w:r><w:{sort}/></w:r></w:p></w:{kind}>'
                    for number, sort in ((-1, "separator"), (0, "continuationSeparator")))
                self.story(kind)._blob = (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<w:{kind}s {DOCUMENT_NAMESPACES}>{separators}{"".join(notes)}</w:{kind}s>').encode("utf-8")
        from docx.oxml.parser import parse_xml

        if self.reference.styles_borrowed:
            self.main._styles_part._element = parse_xml(self.reference.parts["word/styles.xml"])
        self.main._settings_part._element = parse_xml(self.reference.settings_xml)
        properties = self.document.core_properties
        properties.title = _clean(document.title or masthead.name)
        properties.subject = _clean(document.column or masthead.name)
        properties.author = _clean(masthead.unit)
        properties.keywords = _clean("；".join(dict.fromkeys(
            k for k in (masthead.name, document.column, masthead.issue) if k)))
        properties.language = "zh-CN"
        properties.last_modified_by = "publish"
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        properties.created = now
        properties.modified = now
        properties.revision = 1

    def save(self, path: Path, document_xml: bytes) -> None:
        # The body was built as text: the document part gives those bytes as they are rather than
        # python-docx parsing them into its element and serialising that again (a tenth of a second on ×100).
        if not isinstance(self.main, _BuiltDocumentPart):
            self.main.__class__ = _built_document_part_class(type(self.main))
        self.main.built_xml = document_xml
        self.document.save(str(path))


_BUILT_CLASSES: dict[type, type] = {}


class _BuiltDocumentPart:
    """Marks a document part whose XML was built as text (``built_xml``)."""

    built_xml: bytes

    @property
    def blob(self) -> bytes:
        return self.built_xml


def _built_document_part_class(part_class: type) -> type:
    if part_class not in _BUILT_CLASSES:
        _BUILT_CLASSES[part_class] = type("Built" + part_class.__name__, (_BuiltDocumentPart, part_class), {})
    return _BUILT_CLASSES[part_class]


def _abstract_num(abstract_id: int, definition: ListDefinition) -> str:
    levels = []
    for index, level in enumerate(definition.levels[:9]):
        restart = (f'<w:lvlRestart w:val="{level.restart_after + 1}"/>'
                   if level.restart_after is not None and level.restart_after < index else "")
        indent = ""
        if level.indent is not None or level.hanging is not None:
            indent = (f'<w:pPr><w:ind w:left="{level.indent or 0}" w:hanging="{level.hanging or 0}"/></w:pPr>')
        font = (f'<w:rPr><w:rFonts w:ascii="{_attr(level.font)}" w:hAnsi="{_attr(level.font)}" w:hint="default"/>'
                "</w:rPr>") if level.font else ""
        sample = re.sub(r"%\d", "1", level.text) or "1"
        levels.append(
            f'<w:lvl w:ilvl="{index}"><w:start w:val="{level.start}"/><w:numFmt w:val="{_attr(level.format)}"/>'
            f'{restart}{"<w:isLgl/>" if level.legal else ""}<w:suff w:val="{_suffix(sample)}"/>'
            f'<w:lvlText w:val="{_attr(level.text)}"/><w:lvlJc w:val="left"/>{indent}{font}</w:lvl>')
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="'
            f'{"multilevel" if len(levels) > 1 else "singleLevel"}"/>{"".join(levels)}</w:abstractNum>')
