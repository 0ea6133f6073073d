"""document.xml's body built as text: the masthead, the contents as Word writes them, the sections with
their paragraphs, runs, links, notes, lists, tables and pictures; each paragraph's layout alongside for
the page model, and the notes' own parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import safexml
from ...layout import pagination
from ...model import Block, Cell, Document, Image, ListItem, ListLevel, Masthead, labelled_title, Paragraph, Run, Section, Table
from . import numbering, order
from .images import EMU_PER_TWIP, IMAGE_EXTENSIONS, MAX_IMAGE_PITCHES, image_size
from .package import Package
from .tables import CELL_MARGINS, column_widths, grid_span
from .template import Reference
from .xml import DOCUMENT_NAMESPACES, attr, clean, equation_xml, run_properties, text_run

JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
TOC_TITLE = "目  录"
# Said on every paragraph because LibreOffice 7.4 reads these only as direct formatting, and reads
# w:overflowPunct inverted: "1" gives no hanging punctuation there (hung commas and full stops were
# not drawn at all), while Word and WPS hang them as they do by default. LibreOffice ignores
# autoSpaceDE/DN either way (pagination models its spacing); Word and WPS honour them.
DIRECT_PPR = ('<w:overflowPunct w:val="1"/>', '<w:autoSpaceDE w:val="0"/>', '<w:autoSpaceDN w:val="0"/>')
HALF_CHARACTER = 160  # twips: half of a 三号 (16 pt) character
FRESH_BOOKMARK_BASE = 500_000_000  # fresh names look like Word's: _Toc + 9 digits


@dataclass
class TocEntry:
    title: str
    level: int
    anchor: str


class BodyBuilder:
    """Builds document.xml's body as text pieces, and the paragraphs' layout for pagination alongside.

    The contents' page numbers are not known while building, so each one is a placeholder piece
    (``_PageSlot``) filled in when the parts are rendered. Notes are collected as they are met and
    written to their own parts; list definitions become numbering.xml.
    """

    def __init__(self, reference: Reference, package: Package, toc_depth: int) -> None:
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
        self._story = "document"  # the part being built: its relationships are its own
        self._pprs: dict[tuple, str] = {}

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
        # GB/T 9704: no running repeat of the name the masthead already gives, unless bulletin.toml asks.
        if document.column and (document.column != masthead.name or masthead.repeat_name):
            self._paragraph("column", [Run(document.column)], page_break_before=break_before)
            break_before = False
        for block in document.preamble:
            self._block(block, page_break_before=break_before)
            break_before = False
        for section in document.sections:
            self._section(section, page_break_before=break_before)
            break_before = False
        self._distribution(masthead.distribution, masthead.print_run)

    def _assign_anchors(self, document: Document) -> dict[int, str]:
        """Each heading's bookmarks (a name on two headings stays on the first) and the one its entry
        links to: its first _Toc name, else its first name, else a fresh _Toc name."""
        anchors = {}
        taken: set[str] = set()
        for section in document.walk():
            kept = [name for name in dict.fromkeys(clean(n) for n in section.bookmarks) if name and name not in taken]
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

    def _distribution(self, sent: tuple[str, ...], print_run: str) -> None:
        """The 报尾 (GB/T 9704's 版记) as a table floated to the foot of the last page's type area, so its last
        line is the page's last line as the standard sets it: 报：… 送：… 发：… in one row, 共印N份 on the right
        in the next, thick rules above and below, a thin one between, the text one character in. Its
        paragraphs are in a Masthead style, so a re-read skips them; it comes after every heading, so it
        moves no page number of the contents."""
        if not sent and not print_run:
            return
        # Half a character short of the type area on each side: LibreOffice keeps a table in the text flow,
        # ignoring its position, when it is within about 270 twips of the type area's width.
        width = self.reference.layout.text_width - 2 * HALF_CHARACTER
        thick = 'w:val="single" w:sz="8" w:space="0" w:color="000000"'
        tblpr = order.properties("CT_TblPr", (
            # margin-relative: LibreOffice and Word both place the table's foot on the type area's foot
            '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
            'w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>',
            '<w:tblOverlap w:val="never"/>', f'<w:tblW w:w="{width}" w:type="dxa"/>',
            f'<w:tblBorders><w:top {thick}/><w:bottom {thick}/>'
            '<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>',
            '<w:tblLayout w:type="fixed"/>',
            f'<w:tblCellMar><w:left w:w="{HALF_CHARACTER}" w:type="dxa"/><w:right w:w="{HALF_CHARACTER}" w:type="dxa"/></w:tblCellMar>',
            '<w:tblLook w:val="0000"/>'))
        no_rule = '<w:pBdr><w:bottom w:val="nil"/></w:pBdr>'  # the style's red rule is the masthead's own
        self.pieces.append(f'<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>')
        for row, side in ((sent, "left"), ((print_run,) if print_run else (), "right")):
            if not row:
                continue
            self.pieces.append(f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            for line in row:
                self.pieces.append(
                    f'<w:p><w:pPr><w:pStyle w:val="{self.styles["masthead_line"]}"/>{no_rule}<w:jc w:val="{side}"/></w:pPr>'
                    f'<w:r><w:t xml:space="preserve">{safexml.escape(clean(line))}</w:t></w:r></w:p>')
            self.pieces.append("</w:tc></w:tr>")
        # A floating table is anchored in the paragraph after it, and a body may not end in a table.
        self.pieces.append(f'</w:tbl><w:p><w:pPr><w:pStyle w:val="{self.styles["masthead_line"]}"/>{no_rule}</w:pPr></w:p>')

    def _contents(self, entries: list[TocEntry]) -> None:
        tab_pos = self.reference.layout.text_width
        self.pieces.append('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                           '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>')
        self._paragraph("toc_heading", [Run(TOC_TITLE)])
        hidden = "<w:rPr><w:webHidden/></w:rPr>"
        for index, entry in enumerate(entries):
            role = f"toc{min(entry.level, 3)}"
            anchor = attr(entry.anchor)
            ppr = order.properties("CT_PPr", (f'<w:pStyle w:val="{self.styles[role]}"/>', '<w:tabs>'
                                   f'<w:tab w:val="right" w:leader="dot" w:pos="{tab_pos}"/></w:tabs>', *DIRECT_PPR))
            self.pieces.append(f'<w:p><w:pPr>{ppr}</w:pPr>')
            if index == 0:
                self.pieces.append(
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                    f' TOC \\o "1-{self.toc_depth}" \\h \\z \\u </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
            self.pieces.append(
                f'<w:hyperlink w:anchor="{anchor}" w:history="1">{text_run(entry.title)}'
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
            starts.append(f'<w:bookmarkStart w:id="{self._bookmark_id}" w:name="{attr(name)}"/>')
            ends.append(f'<w:bookmarkEnd w:id="{self._bookmark_id}"/>')
        ppr = self._ppr(role, page_break_before, list_item=section.list_item)
        notes: list[pagination.Item] = []
        title = self._runs(section.title_runs, notes) if section.title_runs else text_run(section.title)
        self.pieces.append(f"<w:p>{ppr}{''.join(starts)}{title}{''.join(reversed(ends))}</w:p>")
        self.flow.append(pagination.Item(role, labelled_title(section.title, section.list_item),
                                         page_break_before=page_break_before, bookmarks=tuple(names),
                                         notes=tuple(notes)))
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
                    offset += len(clean(run.text))
        self.flow.append(pagination.Item(
            role, "", runs=((label, False, False),) * bool(label) + _layout_runs(runs),
            page_break_before=page_break_before, notes=tuple(note_heights), note_offset=cited_at,
            indent=self._list_indent(list_item)))
        if any(run.equation is not None for run in runs):
            self.uncertain.add("equations")

    def _ppr(self, role: str, page_break_before: bool = False, align: str = "",
             list_item: ListItem | None = None) -> str:
        # the same few combinations come back for every paragraph: built and ordered once each
        key = (role, page_break_before, align, list_item.list if list_item else None,
               list_item.level if list_item else None)
        ppr = self._pprs.get(key)
        if ppr is None:
            ppr = self._pprs[key] = self._new_ppr(role, page_break_before, align, list_item)
        return ppr

    def _new_ppr(self, role: str, page_break_before: bool, align: str, list_item: ListItem | None) -> str:
        numbered = ""
        if list_item is not None and list_item.list in self._list_ids:
            numbered = (f'<w:numPr><w:ilvl w:val="{list_item.level}"/>'
                        f'<w:numId w:val="{self._list_ids[list_item.list]}"/></w:numPr>')
        justify = f'<w:jc w:val="{JUSTIFICATION[align]}"/>' if align in JUSTIFICATION else ""
        ppr = order.properties("CT_PPr", (f'<w:pStyle w:val="{self.styles[role]}"/>',
                                          "<w:pageBreakBefore/>" if page_break_before else "", numbered,
                                          *DIRECT_PPR, justify))
        return f"<w:pPr>{ppr}</w:pPr>"

    def _list_indent(self, list_item: ListItem | None) -> tuple[int, int] | None:
        """(left, first line) of a list paragraph, as its numbering level sets them, for the page model."""
        if list_item is None or list_item.list not in self._list_ids:
            return None
        level = self._levels.get((list_item.list, list_item.level))
        left, hanging = numbering.level_indent(level, list_item.level)
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
                omml = equation_xml(run.equation)
                out.append(omml if omml else text_run(run.text, run_properties(run)))
            else:
                out.append(text_run(run.text, run_properties(run, hyperlink_style=self.styles["hyperlink"]
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
            return f'<w:hyperlink r:id="{self.package.hyperlink(link.url, self._story)}" w:history="1">'
        if link.anchor and clean(link.anchor) in self._anchors:
            return f'<w:hyperlink w:anchor="{attr(link.anchor)}" w:history="1">'
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
        saved = self.pieces, self.flow, self._story
        self.pieces, self.flow, self._story = [], [], kind
        try:
            blocks = note.blocks or (Paragraph(()),)
            mark_run = (f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
                        f'<w:{kind}Ref/></w:r>' if not note.custom_mark else text_run(note.mark, (
                            f'<w:rStyle w:val="{reference_style}"/>')))
            for index, block in enumerate(blocks):
                if isinstance(block, Paragraph):
                    inner: list[pagination.Item] = []
                    xml = self._runs(tuple(r for r in block.runs if r.note is None), inner)
                    lead = mark_run + text_run(" ") if index == 0 else ""
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
            self.pieces, self.flow, self._story = saved
        self._notes[kind].append(f'<w:{kind} w:id="{note_id}">{note_xml}</w:{kind}>')
        if kind == "footnote":
            note_items.extend(items)
        custom = ' w:customMarkFollows="1"' if note.custom_mark else ""
        mark_text = f'<w:t xml:space="preserve">{safexml.escape(clean(note.mark))}</w:t>' if note.custom_mark else ""
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
        """numbering.xml for the document's lists, numbered as the paragraphs refer to them."""
        return numbering.numbering_xml(document, self._list_ids)

    # tables and pictures

    def _table(self, table: Table, width: int) -> None:
        columns = table.columns
        if columns == 0 or not table.rows:
            return
        widths = column_widths(table, columns, width)
        tblpr = order.properties("CT_TblPr", (f'<w:tblStyle w:val="{self.styles["table"]}"/>',
                                              f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>',
                                              '<w:tblLayout w:type="fixed"/>', '<w:tblLook w:val="04A0"/>'))
        self.pieces.append(f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>"
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
                    tcpr = order.properties("CT_TcPr", (f'<w:tcW w:w="{sum(widths[column:column + span])}" w:type="dxa"/>',
                                                        grid_span(span), "<w:vMerge/>"))
                    self.pieces.append(f'<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{self._ppr("table_text")}</w:p></w:tc>')
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
                tcpr = order.properties("CT_TcPr", (f'<w:tcW w:w="{cell_width}" w:type="dxa"/>', grid_span(span), merge))
                self.pieces.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>")
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
        width_emu, height_emu, measured = image_size(image)
        if not measured:
            self.uncertain.add("pictures without a size")
        layout = self.reference.layout
        max_width = max_width_twips * EMU_PER_TWIP
        max_height = MAX_IMAGE_PITCHES * layout.pitch * EMU_PER_TWIP
        scale = min(1.0, max_width / width_emu, max_height / height_emu)
        cx, cy = max(1, int(width_emu * scale)), max(1, int(height_emu * scale))
        rel_id = self.package.image(image, self._story)
        self._drawing_id += 1
        number = self._drawing_id
        # An exact line height of whole pitches that holds the picture keeps the pages predictable.
        lines = -(-cy // (layout.pitch * EMU_PER_TWIP))
        height = lines * layout.pitch
        description = attr(clean(image.description))
        ppr = order.properties("CT_PPr", (f'<w:pStyle w:val="{self.styles["figure"]}"/>',
                                          "<w:pageBreakBefore/>" if page_break_before else "",
                                          f'<w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>',
                                          *DIRECT_PPR))
        self.pieces.append(
            f'<w:p><w:pPr>{ppr}</w:pPr>'
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
        self.uncertain |= pagination.unsure_of(self.flow, self.reference.layout)
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
        return _with_decimal_endnotes(section)


def _with_decimal_endnotes(section: str) -> str:
    """The section's XML text with endnotes numbered 1, 2, 3, placed where the schema wants it."""
    from lxml import etree

    from .xml import R_NS, W_NS

    element = etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{section}</w:body>')[0]
    element.append(etree.fromstring(f'<w:endnotePr xmlns:w="{W_NS}"><w:numFmt w:val="decimal"/></w:endnotePr>'))
    order.sort_tree(element, "CT_SectPr")
    # the document root declares the namespaces; lxml would repeat them on the detached element
    return re.sub(r'\sxmlns:\w+="[^"]*"', "", etree.tostring(element, encoding="unicode"))


@dataclass(frozen=True)
class _PageSlot:
    anchor: str


def _layout_runs(runs: tuple[Run, ...] | list[Run]) -> tuple[tuple[str, bool, bool], ...]:
    """The runs as the page model lays them out: (text, bold, italic), note marks left out."""
    return tuple((clean(run.text), run.bold, run.italic) for run in runs if run.note is None)
