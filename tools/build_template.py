"""Build ``templates/reference.docx``: the styles and page set-up the .docx writer uses.

    python tools/build_template.py [OUT]

Like pandoc's ``--reference-doc``, the writer takes every style, the section's page set-up, the footer
and the font table from this file and replaces only its body. Editors may restyle a copy in Word and
pass it with ``--template``; the styles it must keep (by name) are listed in ``STYLE_NAMES`` of
``publish.writers.docx``.

The default follows GB/T 9704-2012 as commonly applied: A4, margins 37/28/35/26 mm (type area
156 x 225 mm), body 16 pt 仿宋 with a two-character first-line indent, an exact line pitch of
28.95 pt (22 lines a page), titles in 小标宋, first-level sub-headings in 楷体, page numbers
"— N —" in 14 pt. The layout is built to paginate predictably (``publish.layout.pagination``
models it): exact line spacing everywhere, spacing only in whole pitches, no widow/orphan control,
no automatic space between Chinese and Latin text, no hanging punctuation.

22 lines of 28 characters: the section's ``w:docGrid`` says so (``linesAndChars``, a 28.95 pt line pitch
and a character pitch of 15.795 pt, ``w:charSpace`` -841 in 1/4096 pt, 156 mm / 28), so Word's and WPS's page set-up
show 22 × 28; paragraphs do not snap to it (LibreOffice gives a character wider than the grid's pitch
two cells, 14 characters a line), so the text itself is set 0.35 pt tighter (``w:spacing`` -7 twips
in the default run properties), which puts 28 characters on a full line in LibreOffice and in Word alike.
Page numbers: odd pages right, even pages left, one 14 pt character in from the type area's edge
(``w:evenAndOddHeaders`` with a default and an even footer).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "templates" / "reference.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Page set-up in twips (1/1440 inch): A4 and the GB/T 9704 margins.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474  # 37, 35, 28, 26 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 twips = 156 mm
PITCH = 579  # 28.95 pt: 22 lines fill the 225 mm type area
FOOTER_DISTANCE = 1247  # 22 mm from the page's bottom edge: the number sits ~7 mm below the type area
CHAR_SPACING = -7  # twips between characters: 16 pt characters at a 15.65 pt pitch, 28 to a full line
CHAR_SPACE = -841  # w:docGrid's character pitch, 1/4096 pt under 16 pt: 15.795 pt, Word's own value for 28 a line
PAGE_NUMBER_INDENT = 280  # one 14 pt character in from the type area's outside edge

RED = "FF0000"
LATIN = "Times New Roman"
# The faces a stock Chinese Windows 10/11 and WPS have (simfang.ttf, simhei.ttf, simkai.ttf, simsun.ttc),
# GB/T 9704's 仿宋体, 黑体, 楷体; only the title face, 小标宋, is an office's own install (FounderType).
FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋", "黑体", "楷体", "方正小标宋简体", "宋体"

# (font name, altName, panose, GB2312 charset, family) for fontTable.xml: what Word and WPS substitute
# when a face is missing. 方正小标宋简体 is declared a 宋 (serif) face with SimSun's panose, so a machine
# without it sets titles in 宋体, not in a default sans.
FONTS = [
    (LATIN, None, "02020603050405020304", "00", "roman"),
    (FANGSONG, "FangSong", "02010609060101010101", "86", "modern"),
    (HEITI, "SimHei", "02010609060101010101", "86", "modern"),
    (KAITI, "KaiTi", "02010609060101010101", "86", "modern"),
    (XIAOBIAOSONG, "宋体", "02010600030101010101", "86", "roman"),
    (SONGTI, "SimSun", "02010600030101010101", "86", "auto"),
]


def fonts(east_asia: str, latin: str = LATIN) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" '
            f'w:hint="eastAsia"/>')


def size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def spacing(line: int = PITCH, before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


def style(style_id: str, name: str, ppr: str = "", rpr: str = "", *, based_on: str | None = "Normal",
          next_id: str | None = None, kind: str = "paragraph", extra: str = "") -> str:
    parts = [f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{escape(name)}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    parts.append(f"<w:qFormat/>{extra}")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def styles_xml() -> str:
    indent2 = '<w:ind w:firstLine="640"/>'  # two 16 pt characters
    dot_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    heading_ppr = "<w:keepNext/><w:keepLines/>"
    # Said twice, in the defaults and in Normal: LibreOffice takes some of these only from a style.
    default_ppr = ('<w:widowControl w:val="0"/><w:kinsoku/><w:overflowPunct w:val="0"/>'
                   '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>'
                   + spacing() + '<w:jc w:val="both"/><w:textAlignment w:val="baseline"/>')
    default_rpr = fonts(FANGSONG) + f'<w:spacing w:val="{CHAR_SPACING}"/>' + size(16) + '<w:kern w:val="0"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{default_rpr}</w:rPr></w:rPrDefault>"
                f"<w:pPrDefault><w:pPr>{default_ppr}</w:pPr></w:pPrDefault></w:docDefaults>")
    styles = [
        style("Normal", "Normal", default_ppr, default_rpr, based_on=None, extra="").replace(
            '<w:style w:type="paragraph"', '<w:style w:type="paragraph" w:default="1"', 1),
        style("Title", "Title", '<w:jc w:val="center"/>' + spacing(2 * PITCH), fonts(XIAOBIAOSONG) + size(22),
              next_id="Normal"),
        style("Heading1", "heading 1",
              heading_ppr + spacing(PITCH, before=PITCH) + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
              fonts(XIAOBIAOSONG) + size(22), next_id="BodyText"),
        style("Heading2", "heading 2", heading_ppr + indent2 + '<w:jc w:val="left"/><w:outlineLvl w:val="1"/>',
              fonts(KAITI) + "<w:b/><w:bCs/>" + size(16), next_id="BodyText"),
        style("Heading3", "heading 3", heading_ppr + indent2 + '<w:jc w:val="left"/><w:outlineLvl w:val="2"/>',
              fonts(FANGSONG) + "<w:b/><w:bCs/>" + size(16), next_id="BodyText"),
        # Outline level 9 is "body text": says plainly that a short bold line here is not a heading.
        style("BodyText", "Body Text", indent2 + '<w:outlineLvl w:val="9"/>', next_id="BodyText"),
        style("SourceLine", "Source Line", '<w:jc w:val="right"/>', next_id="BodyText"),
        style("ColumnLabel", "Column Label", '<w:jc w:val="left"/>', fonts(HEITI) + size(16), next_id="BodyText"),
        style("MastheadName", "Masthead Name", spacing(2 * PITCH) + '<w:jc w:val="center"/>',
              fonts(XIAOBIAOSONG) + f'<w:color w:val="{RED}"/>' + size(42), next_id="MastheadIssue"),
        style("MastheadIssue", "Masthead Issue", '<w:jc w:val="center"/>', fonts(KAITI) + size(16),
              next_id="MastheadLine"),
        style("MastheadLine", "Masthead Line",
              f'<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="0" w:color="{RED}"/></w:pBdr>'
              f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:jc w:val="left"/>',
              fonts(FANGSONG) + size(16), next_id="Normal"),
        style("TOCHeading", "TOC Heading", spacing(PITCH, before=PITCH) + '<w:jc w:val="center"/>',
              fonts(HEITI) + size(16), next_id="TOC1"),
        style("TOC1", "toc 1", dot_tab + '<w:jc w:val="left"/>', next_id="Normal"),
        style("TOC2", "toc 2", dot_tab + '<w:ind w:left="640"/><w:jc w:val="left"/>', next_id="Normal"),
        style("TOC3", "toc 3", dot_tab + '<w:ind w:left="1280"/><w:jc w:val="left"/>', next_id="Normal"),
        style("TableText", "Table Text", spacing(400) + '<w:jc w:val="left"/>', size(14), next_id="TableText"),
        style("Figure", "Figure", '<w:jc w:val="center"/>', next_id="BodyText"),
        style("Footer", "footer", spacing(400) + '<w:jc w:val="center"/>', fonts(SONGTI) + size(14)),
        style("Header", "header", spacing(400) + '<w:jc w:val="center"/>', size(10.5)),
        # Links look like links on screen (blue, underlined), as Word's own Hyperlink style does.
        style("Hyperlink", "Hyperlink", rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>', kind="character",
              based_on=None),
        # Notes in 14 pt 仿宋 at an exact 20 pt pitch: predictable for the page model, as the body is.
        style("FootnoteText", "footnote text", spacing(400) + '<w:jc w:val="both"/>', size(14),
              next_id="FootnoteText"),
        style("FootnoteReference", "footnote reference", rpr='<w:vertAlign w:val="superscript"/>',
              kind="character", based_on=None),
        style("EndnoteText", "endnote text", spacing(400) + '<w:jc w:val="both"/>', size(14),
              next_id="EndnoteText"),
        style("EndnoteReference", "endnote reference", rpr='<w:vertAlign w:val="superscript"/>',
              kind="character", based_on=None),
        style("TableGrid", "Table Grid", kind="table", based_on=None, extra=(
            "<w:tblPr><w:tblBorders>"
            + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>')),
    ]
    return (XML_HEAD + f'<w:styles xmlns:w="{W_NS}">' + defaults
            + '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
              'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="0"/>'
            + "".join(styles) + "</w:styles>")


def font_table_xml() -> str:
    entries = []
    for name, alt, panose, charset, family in FONTS:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/>'
                       f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>')
    return XML_HEAD + f'<w:fonts xmlns:w="{W_NS}">' + "".join(entries) + "</w:fonts>"


def settings_xml() -> str:
    return (XML_HEAD + f'<w:settings xmlns:w="{W_NS}">'
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="640"/>'
            '<w:evenAndOddHeaders/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
            '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>'
            '<w:useFELayout/>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
            "</w:compat>"
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def footer_xml(even: bool = False) -> str:
    """"— N —": half-width page number between em dashes; odd pages right, even pages left, one
    character in from the type area's edge (GB/T 9704 7.5)."""
    def text_run(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    number = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    side = "left" if even else "right"
    placed = f'<w:ind w:{side}="{PAGE_NUMBER_INDENT}"/><w:jc w:val="{side}"/>'
    return (XML_HEAD + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>{placed}</w:pPr>'
            + text_run("— ") + number + text_run(" —") + "</w:p></w:ftr>")


def section_xml() -> str:
    return (f'<w:sectPr><w:footerReference w:type="even" r:id="rIdFooter2"/>'
            f'<w:footerReference w:type="default" r:id="rIdFooter1"/>'
            f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
            f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
            f'w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:cols w:space="425"/>'
            f'<w:docGrid w:type="linesAndChars" w:linePitch="{PITCH}" w:charSpace="{CHAR_SPACE}"/>'
            "</w:sectPr>")


def document_xml() -> str:
    sample = ('<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>'
              "这是样式模板：正文、标题、目录和页脚的样式都从这里取用。</w:t></w:r></w:p>")
    return (XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
            + sample + section_xml() + "</w:body></w:document>")


def parts() -> dict[str, str]:
    def ct(part: str, kind: str) -> str:
        return (f'<Override PartName="{part}" '
                f'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>')

    return {
        "[Content_Types].xml": (
            XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            + ct("/word/document.xml", "document.main") + ct("/word/styles.xml", "styles")
            + ct("/word/settings.xml", "settings") + ct("/word/fontTable.xml", "fontTable")
            + ct("/word/footer1.xml", "footer") + ct("/word/footer2.xml", "footer")
            + '<Override PartName="/docProps/core.xml" '
              'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '<Override PartName="/docProps/app.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            XML_HEAD + f'<Relationships xmlns="{REL_NS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{OFFICE_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "word/_rels/document.xml.rels": (
            XML_HEAD + f'<Relationships xmlns="{REL_NS}">'
            f'<Relationship Id="rIdStyles" Type="{OFFICE_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdSettings" Type="{OFFICE_REL}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rIdFonts" Type="{OFFICE_REL}/fontTable" Target="fontTable.xml"/>'
            f'<Relationship Id="rIdFooter1" Type="{OFFICE_REL}/footer" Target="footer1.xml"/>'
            f'<Relationship Id="rIdFooter2" Type="{OFFICE_REL}/footer" Target="footer2.xml"/>'
            "</Relationships>"),
        "word/document.xml": document_xml(),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/footer1.xml": footer_xml(),
        "word/footer2.xml": footer_xml(even=True),
        "docProps/core.xml": (
            XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>简报样式模板</dc:title>'
            "<dc:language>zh-CN</dc:language></cp:coreProperties>"),
        "docProps/app.xml": (
            XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>publish</Application></Properties>"),
    }


def in_schema_order(name: str, text: str) -> bytes:
    """A WordprocessingML part with its children in the schema's order (``w:kern`` before ``w:sz`` …),
    by the writer's own ordering helper rather than by care in the strings above."""
    if not name.startswith("word/"):
        return text.encode("utf-8")
    from lxml import etree

    from publish.writers.docx.order import sort_tree

    root = etree.fromstring(text.encode("utf-8"))
    sort_tree(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(out: Path = DEFAULT_OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts().items():
            info = zipfile.ZipInfo(name, date_time=(2016, 5, 27, 0, 0, 0))  # reproducible bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, in_schema_order(name, text))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT))
