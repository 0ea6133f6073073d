"""The formatted .docx: masthead, a table of contents as Word writes it, and the articles.

``write_docx(document, masthead, path)`` takes every style, the page set-up, the footer and the font
table from a reference .docx (``templates/reference.docx`` unless ``template`` names another, like
pandoc's ``--reference-doc``), throws its body away and writes ours. The body is built as XML text
directly: no python-docx proxies, nothing parsed per paragraph.

The contents are one ``TOC N`` paragraph per heading down to ``toc_depth``, each a ``w:hyperlink``
to the heading's bookmark holding the title, a dot-leader tab and a ``PAGEREF`` field whose cached
result is the page number, all inside a TOC field inside a ``w:sdt`` (docPartGallery "Table of
Contents"). LibreOffice and WPS show the cached numbers as they are, so they are computed before
writing (``publish.layout.pagination``) or, with ``page_numbers="libreoffice"``, asked of
LibreOffice itself (``publish.layout.lo_pages``). Word is asked to refresh fields on open.

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

from ... import resources, safexml
from ...model import Block, Cell, Document, Equation, Image, ListItem, ListLevel, Masthead, labelled_title, Paragraph, Run, Section, Table
from ...layout import pagination

DEFAULT_TEMPLATE = resources.default_template()
PAGE_NUMBER_MODES = ("compute", "libreoffice")

# Style names the writer looks up in the template (by name, never by id: Chinese Word uses ids "1", "2").
STYLE_NAMES = {
    "heading1": "heading 1", "heading2": "heading 2", "heading3": "heading 3",
    "toc1": "toc 1", "toc2": "toc 2", "toc3": "toc 3", "toc_heading": "TOC Heading",
    "body": "Body Text", "source": "Source Line", "column": "Column Label",
    "masthead_name": "Masthead Name", "masthead_issue": "Masthead Issue", "masthead_line": "Masthead Line",
    "table_text": "Table Text", "figure": "Figure", "normal": "Normal", "table": "Table Grid",
    "footnote": "footnote text", "footnote_reference": "footnote reference", "endnote": "endnote text",
    "endnote_reference": "endnote reference", "hyperlink": "Hyperlink",
}
JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
LIST_INDENT = 640  # two 16 pt characters: a list level's step and its label's hanging room
CELL_MARGINS = 216  # the table style's left and right cell margins together
MIN_COLUMN = 300  # twips: no grid column narrower than about one character
TOC_TITLE = "目  录"
# Said on every paragraph because LibreOffice 7.4 reads these only as direct formatting, and reads
# w:overflowPunct inverted: "1" gives no hanging punctuation there (hung commas and full stops were
# not drawn at all), while Word and WPS hang them as they do by default. LibreOffice ignores
# autoSpaceDE/DN either way (pagination models its spacing); Word and WPS honour them.
DIRECT_PPR = '<w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
FRESH_BOOKMARK_BASE = 500_000_000  # fresh names look like Word's: _Toc + 9 digits

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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
    package = _Package(reference)
    body = _BodyBuilder(reference, package, max(1, toc_depth))
    body.build(document, masthead)
    warnings += body.warnings

    pages, layout_warnings = body.compute_pages()
    warnings += layout_warnings
    if body.uncertain and page_numbers != "libreoffice":
        warnings.append(f"The contents' page numbers are computed around {' and '.join(sorted(body.uncertain))} "
                        "whose height is estimated; --page-numbers libreoffice takes them from LibreOffice")

    def save(numbers: dict[str, int]) -> None:
        package.save(path, body.document_xml(numbers), body.numbering_xml(document), body.notes_xml(),
                     document, masthead)

    save(pages)
    if page_numbers == "libreoffice" and body.toc_entries:
        from ...layout import lo_pages

        found, problem = lo_pages.bookmark_pages(path, [entry.anchor for entry in body.toc_entries])
        if problem:
            warnings.append(f"LibreOffice could not give the page numbers ({problem}); computed ones were kept")
        else:
            mismatched = sum(1 for entry in body.toc_entries if found.get(entry.anchor) != pages.get(entry.anchor))
            if mismatched:
                save({**pages, **found})
    return tuple(warnings)


# -- the template ---------------------------------------------------------------------------------


@dataclass
class Reference:
    """A reference .docx, read once: its bytes (python-docx opens a fresh copy per write), style ids by
    our role, its body's section properties and its page layout."""

    data: bytes
    style_ids: dict[str, str]
    section_xml: str
    layout: pagination.Layout
    warnings: tuple[str, ...] = ()


_TEMPLATE_CACHE: dict[tuple[str, float, int], Reference] = {}


def load_template(template: Path) -> Reference:
    """The template's styles and layout; cached per file version, as ``publish all`` may write many."""
    from ...errors import PublishError

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

    data = template.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles_root = safexml.parse(archive.read("word/styles.xml"))
        document_root = safexml.parse(archive.read("word/document.xml"))
    warnings: list[str] = []
    w = f"{{{W_NS}}}"
    by_name = {}
    for style in styles_root.iterfind(f"{w}style"):
        name = style.find(f"{w}name")
        if name is not None:
            by_name.setdefault((name.get(f"{w}val") or "").strip().lower(), style.get(f"{w}styleId"))
    missing = [role for role, name in STYLE_NAMES.items() if name.lower() not in by_name]
    if missing and template.resolve() != DEFAULT_TEMPLATE.resolve():
        # Borrow what the editor's template lacks from ours, so every paragraph has its style.
        with zipfile.ZipFile(DEFAULT_TEMPLATE) as archive:
            ours = safexml.parse(archive.read("word/styles.xml"))
        for style in ours.iterfind(f"{w}style"):
            name = (style.find(f"{w}name").get(f"{w}val") or "").strip().lower()
            if name in {STYLE_NAMES[role].lower() for role in missing}:
                if style.get(f"{w}styleId") in set(by_name.values()):
                    style.set(f"{w}styleId", "Publish" + style.get(f"{w}styleId"))
                styles_root.append(style)
                by_name[name] = style.get(f"{w}styleId")
        warnings.append(f"The template has no style named {', '.join(repr(STYLE_NAMES[r]) for r in missing)}; "
                        "the default ones were used")
        data = _replace_part(data, "word/styles.xml", etree.tostring(
            styles_root, xml_declaration=True, encoding="UTF-8", standalone=True))
    elif missing:
        raise ValueError(f"styles missing: {', '.join(STYLE_NAMES[r] for r in missing)}")
    style_ids = {role: by_name[name.lower()] for role, name in STYLE_NAMES.items()}

    body = document_root.find(f"{w}body")
    section = body.find(f"{w}sectPr") if body is not None else None
    section_xml = etree.tostring(section, encoding="unicode") if section is not None else ""
    # lxml repeats namespace declarations on a detached element; the document root declares them.
    section_xml = re.sub(r'\sxmlns:\w+="[^"]*"', "", section_xml)
    layout = pagination.Layout.from_template(styles_root, section, style_ids)
    return Reference(data=data, style_ids=style_ids, section_xml=section_xml, layout=layout,
                     warnings=tuple(warnings))


def _replace_part(package: bytes, name: str, data: bytes) -> bytes:
    """The template package with one part replaced (before python-docx opens it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info.filename))
    return out.getvalue()


class _Package:
    """The output package, on python-docx's package layer: the template opened afresh, parts related
    through it, our XML put into its parts, and saved."""

    def __init__(self, reference: Reference) -> None:
        import docx

        self.document = docx.Document(io.BytesIO(reference.data))
        self.part = self.document.part
        self._hyperlinks: dict[str, str] = {}

    def hyperlink(self, url: str) -> str:
        """The relationship id of an external link (one per address)."""
        if url not in self._hyperlinks:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            self._hyperlinks[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self._hyperlinks[url]

    def image(self, image: Image) -> str:
        """The relationship id of a picture's part: python-docx's own image parts where it knows the
        format (it shares identical pictures), a plain part for EMF, WMF and SVG, which it does not."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part

        try:
            rel_id, _ = self.part.get_or_add_image(io.BytesIO(image.data))
            return rel_id
        except Exception:  # noqa: BLE001 - a picture python-docx cannot parse (EMF, damaged …) is kept as it came
            extension = IMAGE_EXTENSIONS.get(image.content_type, "bin")
            partname = self.part.package.next_partname(f"/word/media/image%d.{extension}")
            part = Part(partname, image.content_type, image.data, self.part.package)
            return self.part.relate_to(part, RT.IMAGE)

    def save(self, path: Path, document_xml: str, numbering_xml: str | None, notes_xml: dict[str, str],
             document: Document, masthead: Masthead) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        # The body was built as text: the document part hands those bytes over as they are, rather than
        # python-docx parsing them into its element only to serialise that again.
        if not isinstance(self.part, _BuiltDocumentPart):
            self.part.__class__ = _built_part_class(type(self.part))
        self.part.built_xml = document_xml.encode("utf-8")
        parts = [(RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, numbering_xml)]
        parts += [(RT.FOOTNOTES, "/word/footnotes.xml", CT.WML_FOOTNOTES, notes_xml.get("footnote")),
                  (RT.ENDNOTES, "/word/endnotes.xml", CT.WML_ENDNOTES, notes_xml.get("endnote"))]
        for rel_type, partname, content_type, xml in parts:
            if not xml:
                continue
            element = parse_xml(xml.encode("utf-8"))
            try:
                existing = self.part.part_related_by(rel_type)
            except KeyError:
                existing = None
            if isinstance(existing, XmlPart):  # the template's own part: its content is replaced
                existing._element = element
            else:
                self.part.relate_to(XmlPart(PackURI(partname), content_type, element, self.part.package), rel_type)
        settings = self.document.settings.element
        if settings.find(f"{{{W_NS}}}updateFields") is None:
            from lxml import etree

            # Word then offers to update the contents' page numbers on open.
            settings.insert(0, etree.fromstring(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))
        properties = self.document.core_properties
        properties.title = _clean(document.title or masthead.name)
        properties.subject = _clean(document.column or masthead.name)
        properties.author = _clean(masthead.unit)
        properties.keywords = _clean("；".join(dict.fromkeys(
            k for k in (masthead.name, document.column, masthead.issue) if k)))
        properties.language = "zh-CN"
        properties.last_modified_by = "publish"
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        properties.created = properties.modified = now
        properties.revision = 1
        self.document.save(str(path))


class _BuiltDocumentPart:
    """A document part whose XML was built as text (``built_xml``): its blob is that text."""

    built_xml: bytes

    @property
    def blob(self) -> bytes:
        return self.built_xml


_BUILT_PART_CLASSES: dict[type, type] = {}


def _built_part_class(part_class: type) -> type:
    if part_class not in _BUILT_PART_CLASSES:
        _BUILT_PART_CLASSES[part_class] = type("Built" + part_class.__name__, (_BuiltDocumentPart, part_class), {})
    return _BUILT_PART_CLASSES[part_class]


# -- the body -------------------------------------------------------------------------------------


@dataclass
class TocEntry:
    title: str
    level: int
    anchor: str


class _BodyBuilder:
    """Builds document.xml's body as text pieces, and the paragraphs' layout for pagination alongside.

    The contents' page numbers are not known while building, so each one is a placeholder piece
    (``_PageSlot``) filled in when the parts are rendered. Notes are collected as they are met and
    written to their own parts; list definitions become numbering.xml.
    """

    def __init__(self, reference: Reference, package: _Package, toc_depth: int) -> None:
        self.reference = reference
        self.package = package
        self.styles = reference.style_ids
        self.toc_depth = toc_depth
        self.pieces: list[str | _PageSlot] = []
        self.flow: list[pagination.Item] = []
        self.toc_entries: list[TocEntry] = []
        self.warnings: list[str] = []
        self.uncertain: set[str] = set()  # what the page model can only estimate
        self._unlinked = False  # a link to an unknown bookmark was met (and warned about)
        self._endnotes_decimal = False  # the author's endnotes were numbered 1, 2, 3
        self._notes: dict[str, list[str]] = {"footnote": [], "endnote": []}  # each note's XML, by kind
        self._list_ids: dict[str, int] = {}  # ListDefinition.key -> w:numId
        self._levels: dict[tuple[str, int], ListLevel] = {}
        self._bookmark_id = 0
        self._drawing_id = 0
        self._used_names: set[str] = set()
        self._names: dict[int, list[str]] = {}  # each heading's bookmarks, by id() of its Section
        self._anchors: set[str] = set()
        self._fresh = FRESH_BOOKMARK_BASE

    # the document, top to bottom

    def build(self, document: Document, masthead: Masthead) -> None:
        self._used_names = {name for section in document.walk() for name in section.bookmarks}
        self._list_ids = {definition.key: index for index, definition in enumerate(document.lists, start=1)}
        self._levels = {(d.key, index): level for d in document.lists for index, level in enumerate(d.levels)}
        anchors = self._assign_anchors(document)
        self._anchors = {name for names in self._names.values() for name in names}
        self._masthead(masthead)
        entries = [TocEntry(labelled_title(s.title, s.list_item), s.level, anchors[id(s)]) for s in document.walk()
                   if s.level <= self.toc_depth]
        self.toc_entries = entries
        if entries:
            self._contents(entries)
        break_before = bool(entries)
        if document.column:
            self._paragraph("column", [Run(document.column)], page_break_before=break_before)
            break_before = False
        for block in document.preamble:
            self._block(block, page_break_before=break_before)
            break_before = False
        for section in document.sections:
            self._section(section, page_break_before=break_before)
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
        self._paragraph("masthead_name", [Run(masthead.name)])
        self._paragraph("masthead_issue", [Run(masthead.issue)])
        self._paragraph("masthead_line", [Run(f"{masthead.unit}\t{masthead.date}")])

    def _contents(self, entries: list[TocEntry]) -> None:
        tab_pos = self.reference.layout.text_width
        self.pieces.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                           '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>')
        self._paragraph("toc_heading", [Run(TOC_TITLE)])
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

    def _section(self, section: Section, *, page_break_before: bool) -> None:
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
        self.flow.append(pagination.Item(role, labelled_title(section.title, section.list_item),
                                         page_break_before=page_break_before, bookmarks=tuple(names)))
        for block in section.blocks:
            self._block(block)
        for child in section.sections:
            self._section(child, page_break_before=False)
        if section.source is not None:
            self._paragraph("source", [Run(section.source.text)])

    def _block(self, block: Block, *, page_break_before: bool = False, role: str = "body",
               width: int | None = None) -> None:
        if isinstance(block, Paragraph):
            self._paragraph(role, block.runs, page_break_before=page_break_before, align=block.align,
                            list_item=block.list_item)
        elif isinstance(block, Table):
            self._table(block, width or self.reference.layout.text_width)
        elif isinstance(block, Image):
            self._image(block, page_break_before, width or self.reference.layout.text_width)

    def _paragraph(self, role: str, runs: tuple[Run, ...] | list[Run], *, page_break_before: bool = False,
                   align: str = "", list_item: ListItem | None = None) -> None:
        note_heights: list[pagination.Item] = []
        xml = self._runs(runs, note_heights)
        self.pieces.append(f"<w:p>{self._ppr(role, page_break_before, align, list_item)}{xml}</w:p>")
        label = list_item.label + "\u3000" if list_item and list_item.label else ""
        cited_at = None
        if note_heights:
            offset = len(label)
            for run in runs:
                if run.note is not None and run.note.kind == "footnote":
                    cited_at = offset
                    break
                if run.note is None:
                    offset += len(_clean(run.text))
        self.flow.append(pagination.Item(
            role, "", runs=((label, False, False),) * bool(label) + _layout_runs(runs),
            page_break_before=page_break_before, notes=tuple(note_heights), note_offset=cited_at,
            indent=self._list_indent(list_item)))
        if any(run.equation is not None for run in runs):
            self.uncertain.add("equations")

    def _ppr(self, role: str, page_break_before: bool = False, align: str = "",
             list_item: ListItem | None = None) -> str:
        extra = "<w:pageBreakBefore/>" if page_break_before else ""
        if list_item is not None and list_item.list in self._list_ids:
            extra += (f'<w:numPr><w:ilvl w:val="{list_item.level}"/>'
                      f'<w:numId w:val="{self._list_ids[list_item.list]}"/></w:numPr>')
        justify = f'<w:jc w:val="{JUSTIFICATION[align]}"/>' if align in JUSTIFICATION else ""
        return f'<w:pPr><w:pStyle w:val="{self.styles[role]}"/>{extra}{DIRECT_PPR}{justify}</w:pPr>'

    def _list_indent(self, list_item: ListItem | None) -> tuple[int, int] | None:
        """(left, first line) of a list paragraph, as its numbering level sets them, for the page model."""
        if list_item is None or list_item.list not in self._list_ids:
            return None
        level = self._levels.get((list_item.list, list_item.level))
        left, hanging = _level_indent(level, list_item.level)
        return left, -hanging

    # runs, links, notes and equations

    def _runs(self, runs: tuple[Run, ...] | list[Run], note_items: list[pagination.Item]) -> str:
        out: list[str] = []
        open_link: str | None = None
        for run in runs:
            target = self._link_target(run)
            if target != open_link:
                if open_link is not None:
                    out.append("</w:hyperlink>")
                if target is not None:
                    out.append(target)
                open_link = target
            if run.note is not None:
                out.append(self._note_reference(run, note_items))
            elif run.equation is not None:
                omml = _equation_xml(run.equation)
                out.append(omml if omml else _text_run(run.text, _rpr(run)))
            else:
                out.append(_text_run(run.text, _rpr(run, hyperlink_style=self.styles["hyperlink"]
                                                    if run.link and target else None)))
        if open_link is not None:
            out.append("</w:hyperlink>")
        return "".join(out)

    def _link_target(self, run: Run) -> str | None:
        """The opening w:hyperlink tag for a run's link, or None (no link, or a bookmark not written)."""
        link = run.link
        if link is None or run.note is not None:
            return None
        if link.url:
            return f'<w:hyperlink r:id="{self.package.hyperlink(link.url)}" w:history="1">'
        if link.anchor and _clean(link.anchor) in self._anchors:
            return f'<w:hyperlink w:anchor="{_attr(link.anchor)}" w:history="1">'
        if link.anchor and not self._unlinked:
            # Said once; not an uncertainty of the page model, so not in self.uncertain.
            self.warnings.append("A link to a bookmark that only a heading could carry was kept as plain text")
            self._unlinked = True
        return None

    def _note_reference(self, run: Run, note_items: list[pagination.Item]) -> str:
        note = run.note
        kind = note.kind if note.kind in self._notes else "footnote"
        note_id = len(self._notes[kind]) + 1
        if kind == "endnote" and note_id == 1:
            self._endnotes_decimal = note.mark.strip().isdigit()
        reference_style = self.styles[f"{kind}_reference"]
        ref_tag = "w:footnoteReference" if kind == "footnote" else "w:endnoteReference"
        # The note's own paragraphs, built with the same machinery into a part of their own.
        saved = self.pieces, self.flow
        self.pieces, self.flow = [], []
        try:
            blocks = note.blocks or (Paragraph(()),)
            mark_run = (f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
                        f'<w:{kind}Ref/></w:r>' if not note.custom_mark else _text_run(note.mark, (
                            f'<w:rStyle w:val="{reference_style}"/>')))
            for index, block in enumerate(blocks):
                if isinstance(block, Paragraph):
                    inner: list[pagination.Item] = []
                    xml = self._runs(tuple(r for r in block.runs if r.note is None), inner)
                    lead = mark_run + _text_run(" ") if index == 0 else ""
                    self.pieces.append(f"<w:p>{self._ppr(kind)}{lead}{xml}</w:p>")
                    self.flow.append(pagination.Item(kind, "", runs=((note.mark + " ", False, False),) * (index == 0)
                                                     + _layout_runs(block.runs)))
                else:
                    if index == 0:
                        self.pieces.append(f"<w:p>{self._ppr(kind)}{mark_run}</w:p>")
                    self._block(block, role=kind)
            if not self.pieces or not self.pieces[-1].endswith("</w:p>"):
                self.pieces.append(f"<w:p>{self._ppr(kind)}</w:p>")
            note_xml = "".join(p for p in self.pieces if isinstance(p, str))
            items = self.flow
        finally:
            self.pieces, self.flow = saved
        self._notes[kind].append(f'<w:{kind} w:id="{note_id}">{note_xml}</w:{kind}>')
        if kind == "footnote":
            note_items.extend(items)
        custom = ' w:customMarkFollows="1"' if note.custom_mark else ""
        mark_text = f'<w:t xml:space="preserve">{safexml.escape(_clean(note.mark))}</w:t>' if note.custom_mark else ""
        return (f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
                f'<{ref_tag} w:id="{note_id}"{custom}/>{mark_text}</w:r>')

    def notes_xml(self) -> dict[str, str]:
        """footnotes.xml and endnotes.xml for the notes met, with the separators Word expects."""
        parts = {}
        for kind, notes in self._notes.items():
            if not notes:
                continue
            separators = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
                          f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}>'
                          f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                          f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
                          f'</w:{kind}>')
            parts[kind] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<w:{kind}s {DOCUMENT_NAMESPACES}>{separators}{"".join(notes)}</w:{kind}s>')
        return parts

    # lists

    def numbering_xml(self, document: Document) -> str | None:
        """numbering.xml: one abstract definition per family (so interrupted lists go on counting) and one
        w:num per list, with its restarts as start overrides."""
        if not document.lists:
            return None
        families: dict[str, int] = {}
        abstracts, nums = [], []
        for definition in document.lists:
            if definition.family not in families:
                families[definition.family] = len(families)
                levels = "".join(_level_xml(index, level) for index, level in enumerate(definition.levels[:9]))
                abstracts.append(f'<w:abstractNum w:abstractNumId="{families[definition.family]}">'
                                 f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
            overrides = "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                                for level, start in definition.starts if 0 <= level < 9)
            nums.append(f'<w:num w:numId="{self._list_ids[definition.key]}">'
                        f'<w:abstractNumId w:val="{families[definition.family]}"/>{overrides}</w:num>')
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:numbering {DOCUMENT_NAMESPACES}>{"".join(abstracts)}{"".join(nums)}</w:numbering>')

    # tables and pictures

    def _table(self, table: Table, width: int) -> None:
        columns = table.columns
        if columns == 0 or not table.rows:
            return
        widths = _column_widths(table, columns, width)
        self.pieces.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table"]}"/><w:tblW w:w="{sum(widths)}" '
            'w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>")
        placed: dict[int, list[tuple[int, Cell]]] = {}
        for row_index, column, cell in table.placed():
            placed.setdefault(row_index, []).append((column, cell))
        continuing: dict[int, tuple[int, int]] = {}  # grid column -> (rows left, column span) of a vertical merge
        rows: list[list[pagination.TableCell]] = []
        for row_index in range(len(table.rows)):
            header = "<w:tblHeader/>" if row_index < table.header_rows else ""
            # No w:cantSplit: LibreOffice 7.4 leaves the rows of such a table out of a page with a footnote.
            self.pieces.append(f"<w:tr><w:trPr>{header}</w:trPr>" if header else "<w:tr>")
            cells_here = dict(placed.get(row_index, []))
            column = 0
            row_items: list[pagination.TableCell] = []
            while column < columns:
                if column in continuing:
                    left, span = continuing.pop(column)
                    self.pieces.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[column:column + span])}" w:type="dxa"/>'
                                       f'{_grid_span(span)}<w:vMerge/></w:tcPr><w:p>{self._ppr("table_text")}</w:p></w:tc>')
                    if left > 1:
                        continuing[column] = (left - 1, span)
                    column += span
                    continue
                cell = cells_here.get(column)
                if cell is None:  # a short row: filled with an empty cell, as Word would show it
                    cell, span = Cell(()), 1
                span = max(1, min(cell.column_span, columns - column))
                cell_width = sum(widths[column:column + span])
                merge = '<w:vMerge w:val="restart"/>' if cell.row_span > 1 else ""
                if cell.row_span > 1:
                    continuing[column] = (cell.row_span - 1, span)
                self.pieces.append(f'<w:tc><w:tcPr><w:tcW w:w="{cell_width}" w:type="dxa"/>{_grid_span(span)}'
                                   f'{merge}</w:tcPr>')
                saved_flow, self.flow = self.flow, []
                blocks = cell.blocks or (Paragraph(()),)
                for block in blocks:
                    self._block(block, role="table_text", width=cell_width - CELL_MARGINS)
                if not isinstance(blocks[-1], Paragraph):
                    self.pieces.append(f"<w:p>{self._ppr('table_text')}</w:p>")  # a cell ends with a paragraph
                cell_items, self.flow = self.flow, saved_flow
                self.pieces.append("</w:tc>")
                row_items.append(pagination.TableCell(cell_items, cell_width, cell.row_span))
                column += span
            self.pieces.append("</w:tr>")
            rows.append(row_items)
        self.pieces.append("</w:tbl>")
        self.flow.append(pagination.Item("table", "", table_rows=rows,
                                         header_rows=min(table.header_rows, len(rows))))

    def _image(self, image: Image, page_break_before: bool, max_width_twips: int) -> None:
        if image.content_type not in IMAGE_EXTENSIONS:
            self.warnings.append(f"A picture of an unknown kind ({image.content_type}) was written as it came")
        width_emu, height_emu, measured = _image_size(image)
        if not measured:
            self.uncertain.add("pictures without a size")
        layout = self.reference.layout
        max_width = max_width_twips * EMU_PER_TWIP
        max_height = MAX_IMAGE_PITCHES * layout.pitch * EMU_PER_TWIP
        scale = min(1.0, max_width / width_emu, max_height / height_emu)
        cx, cy = max(1, int(width_emu * scale)), max(1, int(height_emu * scale))
        rel_id = self.package.image(image)
        self._drawing_id += 1
        number = self._drawing_id
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
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="Picture {number}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
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
                f"<w:document {DOCUMENT_NAMESPACES}><w:body>{body}{self._section_xml()}</w:body></w:document>")

    def _section_xml(self) -> str:
        """The template's section, told to number endnotes 1, 2, 3 when the author's were: Word's and
        LibreOffice's default for endnotes is i, ii, iii."""
        section = self.reference.section_xml
        endnotes = self._notes["endnote"]
        if not endnotes or not self._endnotes_decimal or "<w:endnotePr" in section or not section:
            return section
        properties = '<w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr>'
        # sectPr's order: header/footer references, footnotePr, endnotePr, then the rest.
        references = list(re.finditer(r"<w:(?:header|footer)Reference\b[^>]*/>|<w:footnotePr>.*?</w:footnotePr>",
                                      section))
        at = references[-1].end() if references else section.index(">") + 1
        return section[:at] + properties + section[at:]


@dataclass(frozen=True)
class _PageSlot:
    anchor: str


# -- runs and text --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return safexml.NOT_XML_CHARS.sub("", text)


def _layout_runs(runs: tuple[Run, ...] | list[Run]) -> tuple[tuple[str, bool, bool], ...]:
    """The runs as the page model lays them out: (text, bold, italic), note marks left out."""
    return tuple((_clean(run.text), run.bold, run.italic) for run in runs if run.note is None)


def _attr(text: str) -> str:
    return safexml.escape(_clean(text)).replace('"', "&quot;")


def _rpr(run: Run, hyperlink_style: str | None = None) -> str:
    props = (f'<w:rStyle w:val="{hyperlink_style}"/>' if hyperlink_style else "") \
        + ("<w:b/><w:bCs/>" if run.bold else "") + ("<w:i/><w:iCs/>" if run.italic else "") \
        + ("<w:strike/>" if run.strike else "") + ('<w:u w:val="single"/>' if run.underline else "") \
        + (f'<w:vertAlign w:val="{run.vertical}"/>' if run.vertical in ("superscript", "subscript") else "")
    return props


def _text_run(text: str, props: str = "") -> str:
    """One w:r holding ``text``, tabs and line breaks as their elements."""
    text = _clean(text)
    if not text:
        return ""
    content = []
    for line_index, line in enumerate(text.split("\n")):
        if line_index:
            content.append("<w:br/>")
        for tab_index, chunk in enumerate(line.split("\t")):
            if tab_index:
                content.append("<w:tab/>")
            if chunk:
                content.append(f'<w:t xml:space="preserve">{safexml.escape(chunk)}</w:t>')
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def _equation_xml(equation: Equation) -> str:
    """The equation's OMML, checked to be one well-formed m:oMath (it is the author's XML, not ours)."""
    from lxml import etree

    if not equation.omml:
        return ""
    try:
        element = safexml.parse(equation.omml.encode("utf-8"))
    except ValueError:
        return ""
    if element.tag != f"{{{M_NS}}}oMath":
        return ""
    xml = etree.tostring(element, encoding="unicode")
    return f'<m:oMathPara xmlns:m="{M_NS}">{xml}</m:oMathPara>' if equation.display else xml


def _level_indent(level: ListLevel | None, index: int) -> tuple[int, int]:
    """(left, hanging) in twips: the author's, else two characters a level with a two-character hanging."""
    if level is not None and level.indent is not None:
        return level.indent, level.hanging or 0
    return LIST_INDENT * (index + 1), LIST_INDENT


def _level_xml(index: int, level: ListLevel) -> str:
    left, hanging = _level_indent(level, index)
    restart = ""
    if level.restart_after is not None:
        restart = f'<w:lvlRestart w:val="{0 if level.restart_after < 0 else level.restart_after + 1}"/>'
    font = f'<w:rPr><w:rFonts w:ascii="{_attr(level.font)}" w:hAnsi="{_attr(level.font)}" w:hint="default"/></w:rPr>' \
        if level.font and level.format == "bullet" else ""
    return (f'<w:lvl w:ilvl="{index}"><w:start w:val="{max(0, level.start)}"/>'
            f'<w:numFmt w:val="{_attr(level.format)}"/>{restart}{"<w:isLgl/>" if level.legal else ""}'
            f'<w:lvlText w:val="{_attr(level.text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{font}</w:lvl>')


def _grid_span(span: int) -> str:
    return f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""


def _column_widths(table: Table, columns: int, width: int) -> list[int]:
    """Grid column widths in twips: the author's proportions, scaled down to the text width if wider."""
    given = [max(0.0, w) * 20 for w in table.column_widths[:columns]]
    if len(given) < columns or not all(given):
        return [width // columns] * columns
    total = sum(given)
    scale = min(1.0, width / total)
    return [max(MIN_COLUMN, int(w * scale)) for w in given]


def _image_size(image: Image) -> tuple[int, int, bool]:
    """The picture's size in EMU and whether it was known: as the input gave it, else from its pixels at
    96 dpi, else 4:3."""
    if image.width_emu and image.height_emu and image.width_emu > 0 and image.height_emu > 0:
        return image.width_emu, image.height_emu, True
    pixels = _pixel_size(image.data)
    if pixels:
        return pixels[0] * 9525, pixels[1] * 9525, True
    return 4 * 914400, 3 * 914400, False


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
