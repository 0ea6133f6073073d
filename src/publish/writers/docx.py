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
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .. import safexml
from ..model import Block, Document, Image, Masthead, Paragraph, Section, Table
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
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
DOCUMENT_NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/bmp": "bmp",
                    "image/tiff": "tiff", "image/x-emf": "emf", "image/x-wmf": "wmf", "image/svg+xml": "svg"}
EMU_PER_TWIP = 635
MAX_IMAGE_PITCHES = 16  # a picture is scaled down to at most this many body lines tall



def write_docx(document: Document, masthead: Masthead, path: Path, *, template: Path | None = None,
               toc_depth: int = 2, page_numbers: str = "compute") -> tuple[str, ...]:
    """Write the bulletin to ``path``; return what the caller should be warned about."""
    if page_numbers not in PAGE_NUMBER_MODES:
        raise ValueError(f"page_numbers must be one of {PAGE_NUMBER_MODES}, not {page_numbers!r}")
    reference = load_template(Path(template) if template else DEFAULT_TEMPLATE)
    warnings: list[str] = list(reference.warnings)
    body = _BodyBuilder(reference, max(1, toc_depth))
    body.build(document, masthead)

    pages, layout_warnings = body.compute_pages()
    warnings += layout_warnings
    parts = _package_parts(reference, document, masthead, body, pages)
    _write_zip(path, reference, parts, body.media)

    if page_numbers == "libreoffice" and body.toc_entries:
        from . import lo_pages

        found, problem = lo_pages.bookmark_pages(path, [entry.anchor for entry in body.toc_entries])
        if problem:
            warnings.append(f"LibreOffice could not give the page numbers ({problem}); computed ones were kept")
        else:
            mismatched = sum(1 for entry in body.toc_entries if found.get(entry.anchor) != pages.get(entry.anchor))
            if mismatched:
                pages = {**pages, **found}
                parts = _package_parts(reference, document, masthead, body, pages)
                _write_zip(path, reference, parts, body.media)
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
    content_types: str
    document_rels: str
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
        content_types=parts["[Content_Types].xml"].decode("utf-8"),
        document_rels=parts.get("word/_rels/document.xml.rels", b"").decode("utf-8"),
        warnings=tuple(warnings))


# -- the body -------------------------------------------------------------------------------------


@dataclass
class TocEntry:
    title: str
    level: int
    anchor: str


@dataclass
class _Media:
    name: str  # part name under word/media/
    rel_id: str
    data: bytes
    content_type: str


class _BodyBuilder:
    """Builds document.xml's body as text pieces, and the paragraphs' layout for pagination alongside.

    The contents' page numbers are not known while building, so each one is a placeholder piece
    (``_PageSlot``) filled in when the parts are rendered.
    """

    def __init__(self, reference: Reference, toc_depth: int) -> None:
        self.reference = reference
        self.styles = reference.style_ids
        self.toc_depth = toc_depth
        self.pieces: list[str | _PageSlot] = []
        self.flow: list[pagination.Item] = []
        self.toc_entries: list[TocEntry] = []
        self.media: list[_Media] = []
        self._bookmark_id = 0
        self._used_names: set[str] = set()
        self._names: dict[int, list[str]] = {}  # each heading's bookmarks, by id() of its Section
        self._fresh = FRESH_BOOKMARK_BASE

    # the document, top to bottom

    def build(self, document: Document, masthead: Masthead) -> None:
        self._used_names = {name for section in document.walk() for name in section.bookmarks}
        anchors = self._assign_anchors(document)
        self._masthead(masthead)
        entries = [TocEntry(s.title, s.level, anchors[id(s)]) for s in document.walk()
                   if s.level <= self.toc_depth]
        self.toc_entries = entries
        if entries:
            self._contents(entries)
        break_before = bool(entries)
        if document.column:
            self._paragraph("column", [(document.column, False, False)], page_break_before=break_before)
            break_before = False
        for block in document.preamble:
            self._block(block, page_break_before=break_before)
            break_before = False
        for section in document.sections:
            self._section(section, anchors, page_break_before=break_before)
            break_before = False

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
        self._paragraph("masthead_name", [(masthead.name, False, False)])
        self._paragraph("masthead_issue", [(masthead.issue, False, False)])
        self._paragraph("masthead_line", [(f"{masthead.unit}\t{masthead.date}", False, False)])

    def _contents(self, entries: list[TocEntry]) -> None:
        tab_pos = self.reference.layout.text_width
        self.pieces.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                           '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>')
        self._paragraph("toc_heading", [(TOC_TITLE, False, False)])
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
                f'<w:hyperlink w:anchor="{anchor}" w:history="1">{_runs([(entry.title, False, False)])}'
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
        ppr = self._ppr(role, page_break_before)
        self.pieces.append(f"<w:p>{ppr}{''.join(starts)}{_runs([(section.title, False, False)])}"
                           f"{''.join(reversed(ends))}</w:p>")
        self.flow.append(pagination.Item(role, section.title, page_break_before=page_break_before,
                                         bookmarks=tuple(names)))
        for block in section.blocks:
            self._block(block)
        for child in section.sections:
            self._section(child, anchors, page_break_before=False)
        if section.source is not None:
            self._paragraph("source", [(section.source.text, False, False)])

    def _block(self, block: Block, *, page_break_before: bool = False) -> None:
        if isinstance(block, Paragraph):
            self._paragraph("body", [(run.text, run.bold, run.italic) for run in block.runs],
                            page_break_before=page_break_before)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Image):
            self._image(block, page_break_before)

    def _paragraph(self, role: str, runs: list[tuple[str, bool, bool]], *, page_break_before: bool = False) -> None:
        self.pieces.append(f"<w:p>{self._ppr(role, page_break_before)}{_runs(runs)}</w:p>")
        self.flow.append(pagination.Item(role, "", runs=tuple((_clean(t), b, i) for t, b, i in runs),
                                         page_break_before=page_break_before))

    def _ppr(self, role: str, page_break_before: bool = False) -> str:
        extra = "<w:pageBreakBefore/>" if page_break_before else ""
        return f'<w:pPr><w:pStyle w:val="{self.styles[role]}"/>{extra}{DIRECT_PPR}</w:pPr>'

    def _table(self, table: Table) -> None:
        columns = max((len(row) for row in table.rows), default=0)
        if columns == 0:
            return
        width = self.reference.layout.text_width
        column_width = width // columns
        self.pieces.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table"]}"/><w:tblW w:w="{column_width * columns}" '
            'w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
            + f'<w:gridCol w:w="{column_width}"/>' * columns + "</w:tblGrid>")
        rows = []
        for row in table.rows:
            self.pieces.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            cells = []
            for index in range(columns):
                paragraphs = row[index].paragraphs if index < len(row) else ()
                self.pieces.append(f'<w:tc><w:tcPr><w:tcW w:w="{column_width}" w:type="dxa"/></w:tcPr>')
                cell = []
                for paragraph in paragraphs or (Paragraph(()),):
                    runs = [(run.text, run.bold, run.italic) for run in paragraph.runs]
                    self.pieces.append(f"<w:p>{self._ppr('table_text')}{_runs(runs)}</w:p>")
                    cell.append(pagination.Item("table_text", "", runs=tuple(
                        (_clean(r.text), r.bold, r.italic) for r in paragraph.runs)))
                self.pieces.append("</w:tc>")
                cells.append(cell)
            self.pieces.append("</w:tr>")
            rows.append(cells)
        self.pieces.append("</w:tbl>")
        self.flow.append(pagination.Item("table", "", table_rows=rows, table_column_width=column_width))

    def _image(self, image: Image, page_break_before: bool) -> None:
        extension = IMAGE_EXTENSIONS.get(image.content_type)
        if extension is None:
            return
        width_emu, height_emu = _image_size(image)
        layout = self.reference.layout
        max_width = layout.text_width * EMU_PER_TWIP
        max_height = MAX_IMAGE_PITCHES * layout.pitch * EMU_PER_TWIP
        scale = min(1.0, max_width / width_emu, max_height / height_emu)
        cx, cy = max(1, int(width_emu * scale)), max(1, int(height_emu * scale))
        number = len(self.media) + 1
        media = _Media(f"image{number}.{extension}", f"rIdPublishImage{number}", image.data, image.content_type)
        self.media.append(media)
        # An exact line height of whole pitches that holds the picture keeps the pages predictable.
        lines = -(-cy // (layout.pitch * EMU_PER_TWIP))
        height = lines * layout.pitch
        description = _attr(_clean(image.description))
        extra = "<w:pageBreakBefore/>" if page_break_before else ""
        self.pieces.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self.styles["figure"]}"/>{extra}'
            f'<w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>{DIRECT_PPR}</w:pPr>'
            '<w:r><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{number}" name="Picture {number}" descr="{description}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{media.name}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{media.rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r></w:p>")
        self.flow.append(pagination.Item("figure", "", page_break_before=page_break_before, fixed_height=height))

    # pages

    def compute_pages(self) -> tuple[dict[str, int], list[str]]:
        return pagination.paginate(self.flow, self.reference.layout)

    def document_xml(self, pages: dict[str, int]) -> str:
        body = "".join(piece if isinstance(piece, str) else str(pages.get(piece.anchor, "")) for piece in self.pieces)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<w:document {DOCUMENT_NAMESPACES}><w:body>{body}{self.reference.section_xml}</w:body></w:document>")


@dataclass(frozen=True)
class _PageSlot:
    anchor: str


# -- runs and text --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return safexml.NOT_XML_CHARS.sub("", text)


def _attr(text: str) -> str:
    return escape(_clean(text), {'"': "&quot;"})


def _runs(runs: list[tuple[str, bool, bool]]) -> str:
    out = []
    for text, bold, italic in runs:
        text = _clean(text)
        if not text:
            continue
        props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
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
        out.append(f"<w:r>{rpr}{''.join(content)}</w:r>")
    return "".join(out)


def _image_size(image: Image) -> tuple[int, int]:
    """The picture's size in EMU: as the input gave it, else from its pixels at 96 dpi, else 4:3."""
    if image.width_emu and image.height_emu and image.width_emu > 0 and image.height_emu > 0:
        return image.width_emu, image.height_emu
    pixels = _pixel_size(image.data)
    if pixels:
        return pixels[0] * 9525, pixels[1] * 9525
    return 4 * 914400, 3 * 914400


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


def _package_parts(reference: Reference, document: Document, masthead: Masthead, body: _BodyBuilder,
                   pages: dict[str, int]) -> dict[str, bytes]:
    parts = {
        "word/document.xml": body.document_xml(pages).encode("utf-8"),
        "word/settings.xml": reference.settings_xml,
        "docProps/core.xml": _core_xml(document, masthead).encode("utf-8"),
    }
    content_types = reference.content_types
    if "/docProps/core.xml" not in content_types:
        content_types = content_types.replace(
            "</Types>", '<Override PartName="/docProps/core.xml" '
                        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
    for extension in sorted({m.name.rsplit(".", 1)[1] for m in body.media}):
        if f'Extension="{extension}"' not in content_types:
            kind = next(m.content_type for m in body.media if m.name.endswith("." + extension))
            content_types = content_types.replace(
                "</Types>", f'<Default Extension="{extension}" ContentType="{kind}"/></Types>')
    parts["[Content_Types].xml"] = content_types.encode("utf-8")
    rels = reference.document_rels
    if body.media:
        extra = "".join(f'<Relationship Id="{m.rel_id}" Type="{IMAGE_REL}" Target="media/{m.name}"/>'
                        for m in body.media)
        rels = rels.replace("</Relationships>", extra + "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    root_rels = reference.parts.get("_rels/.rels", b"").decode("utf-8")
    if "core-properties" not in root_rels:
        root_rels = root_rels.replace(
            "</Relationships>", '<Relationship Id="rIdPublishCore" Type="http://schemas.openxmlformats.org/'
            'package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
    parts["_rels/.rels"] = root_rels.encode("utf-8")
    return parts


def _core_xml(document: Document, masthead: Masthead) -> str:
    title = document.title or masthead.name
    subject = document.column or masthead.name
    keywords = "；".join(dict.fromkeys(k for k in (masthead.name, document.column, masthead.issue) if k))
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def text(value: str) -> str:
        return escape(_clean(value))

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:subject>{text(subject)}</dc:subject>"
            f"<dc:creator>{text(masthead.unit)}</dc:creator><cp:keywords>{text(keywords)}</cp:keywords>"
            f"<dc:language>zh-CN</dc:language><cp:lastModifiedBy>publish</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
            "</cp:coreProperties>")


def _write_zip(path: Path, reference: Reference, parts: dict[str, bytes], media: list[_Media]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", parts["[Content_Types].xml"])  # first, as Word writes it
        for name, data in reference.parts.items():
            if name == "[Content_Types].xml" or name.startswith("word/media/"):
                continue
            archive.writestr(name, parts.get(name, data))
        for name, data in parts.items():
            if name not in reference.parts:
                archive.writestr(name, data)
        for item in media:
            archive.writestr(f"word/media/{item.name}", item.data, compress_type=zipfile.ZIP_STORED)
