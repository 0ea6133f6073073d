"""Write small .docx packages the way particular producers do.

Used by ``tools/build_sample.py`` for the sample bulletin and by the tests for
producer-style fixtures. It writes WordprocessingML by hand (zipfile + strings)
so that every detail a producer leaves in its files — style ids, bookmark
names, where a TOC field sits — is under the caller's control.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FLAVORS = ("word", "word-zh", "wps", "libreoffice", "pandoc", "plain")


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def run(text: str, *, bold: bool = False, italic: bool = False, size_pt: float | None = None,
        east_asia: str | None = None) -> str:
    props = ""
    if east_asia:
        props += f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{attr(east_asia)}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    if italic:
        props += "<w:i/><w:iCs/>"
    if size_pt:
        props += f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            parts.append("<w:tab/>")
        if chunk:
            parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def paragraph(content: str, *, style: str | None = None, outline: int | None = None,
              align: str | None = None, first_line_chars: int | None = None,
              extra_ppr: str = "") -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{attr(style)}"/>'
    ppr += extra_ppr
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if first_line_chars:
        ppr += f'<w:ind w:firstLineChars="{first_line_chars * 100}" w:firstLine="{first_line_chars * 320}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{content}</w:p>"


@dataclass
class Package:
    """A .docx under construction: body XML plus the parts around it."""

    heading_style_ids: tuple[str, ...] = ("Heading1", "Heading2", "Heading3")
    heading_outline_in_style: bool = True
    body: list[str] = field(default_factory=list)
    core_title: str | None = None
    main_part: str = "word/document.xml"
    # More parts beside the main one (numbering, notes, media): name under the main part's folder ->
    # (content type, data), each related from the main part with the given relationship type.
    parts: dict[str, tuple[str, str, str | bytes]] = field(default_factory=dict)  # name -> (reltype, type, data)
    external_links: dict[str, str] = field(default_factory=dict)  # relationship id -> URL
    namespaces: dict[str, str] = field(default_factory=dict)  # more prefixes the body uses
    _next_id: int = 0

    def bookmark(self, name: str, inner: str, *, point: bool = False) -> str:
        self._next_id += 1
        i = self._next_id
        start = f'<w:bookmarkStart w:id="{i}" w:name="{attr(name)}"/>'
        end = f'<w:bookmarkEnd w:id="{i}"/>'
        return start + end + inner if point else start + inner + end

    def add(self, xml: str) -> None:
        self.body.append(xml)

    def styles_xml(self) -> str:
        styles = [
            '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>'
            '<w:pPr><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/>'
            '<w:sz w:val="32"/></w:rPr></w:style>',
            '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
            '<w:basedOn w:val="a"/></w:style>',
        ]
        for level, style_id in enumerate(self.heading_style_ids, start=1):
            outline = f'<w:outlineLvl w:val="{level - 1}"/>' if self.heading_outline_in_style else ""
            styles.append(
                f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="heading {level}"/>'
                f'<w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/>{outline}</w:pPr>'
                f'<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="{36 - 4 * level}"/></w:rPr></w:style>')
        for level in (1, 2, 3):
            styles.append(
                f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
                f'<w:basedOn w:val="a"/><w:pPr><w:ind w:left="{(level - 1) * 420}"/></w:pPr></w:style>')
        styles.append('<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
                      '<w:rPr><w:color w:val="0000FF"/><w:u w:val="single"/></w:rPr></w:style>')
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
                '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
                'w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>'
                + "".join(styles) + "</w:styles>")

    def document_xml(self) -> str:
        sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" '
                'w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
                + "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in self.namespaces.items()) + "><w:body>"
                + "".join(self.body) + sect + "</w:body></w:document>")

    def save(self, path: Path | str) -> None:
        main_dir, main_name = self.main_part.rsplit("/", 1)
        core_title = f"<dc:title>{escape(self.core_title)}</dc:title>" if self.core_title else ""
        parts = {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/{self.main_part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                f'<Override PartName="/{main_dir}/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                f'<Override PartName="/{main_dir}/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                + "".join(f'<Override PartName="/{main_dir}/{name}" ContentType="{kind}"/>'
                          for name, (_, kind, _) in self.parts.items())
                + '</Types>'),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{self.main_part}"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                '</Relationships>'),
            f"{main_dir}/_rels/{main_name}.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
                + "".join(f'<Relationship Id="rIdPart{index}" Type="{reltype}" Target="{attr(name)}"/>'
                          for index, (name, (reltype, _, _)) in enumerate(self.parts.items(), start=1))
                + "".join(f'<Relationship Id="{attr(rel_id)}" Type="{R_NS}/hyperlink" Target="{attr(url)}" '
                          'TargetMode="External"/>' for rel_id, url in self.external_links.items())
                + '</Relationships>'),
            self.main_part: self.document_xml(),
            f"{main_dir}/styles.xml": self.styles_xml(),
            f"{main_dir}/settings.xml": (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
                '<w:defaultTabStop w:val="420"/></w:settings>'),
            "docProps/core.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f'{core_title}<dc:creator>编辑部</dc:creator></cp:coreProperties>'),
        }
        for name, (_, _, data) in self.parts.items():
            parts[f"{main_dir}/{name}"] = data
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)

    def part_id(self, name: str) -> str:
        """The relationship id by which the main part refers to one of ``parts`` (a picture's r:embed)."""
        return f"rIdPart{list(self.parts).index(name) + 1}"


def toc_field(entries: list[tuple[str, int, str, int]], *, hyperlinks: bool = True, pageref: bool = True,
              in_sdt: bool = True, title: str | None = "目  录") -> str:
    """A TOC field as Word writes it: entries are (text, level, bookmark, cached page)."""
    paras = []
    if title:
        paras.append(paragraph(run(title, bold=True), style="TOCHeading" if in_sdt else None, align="center"))
    for i, (text, level, bookmark, page) in enumerate(entries):
        opener = ""
        if i == 0:
            opener = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                      '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                      '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        number = run(str(page))
        if pageref:
            number = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                      f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
                      '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                      f'{run(str(page))}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        inner = run(text) + run("\t") + number
        if hyperlinks:
            inner = f'<w:hyperlink w:anchor="{attr(bookmark)}" w:history="1">{inner}</w:hyperlink>'
        tabs = '<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs>'
        paras.append(paragraph(opener + inner, style=f"TOC{level}", extra_ppr=tabs))
    paras.append(paragraph('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    xml = "".join(paras)
    if in_sdt:
        xml = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
               '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>' + xml + '</w:sdtContent></w:sdt>')
    return xml


def png(width: int, height: int, rgb: bytes = b"\x20\x60\xc0") -> bytes:
    """A plain PNG of one colour, this many pixels: a picture for fixtures, made without an image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + rgb * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
