"""Build ``tests/fixtures/rich_bulletin.docx``: an editor's Word bulletin holding everything the
writers must carry through, written as Word writes it.

Two articles with Word's ``_Toc`` bookmarks; in the first a Word-numbered list (numbering.xml:
一、 with （一） below it, numPr on the paragraphs), a footnote (footnotes.xml with Word's separator
notes -1 and 0), an external hyperlink (a relationship with TargetMode External), m² and CO₂ as
superscript and subscript runs, an OMML fraction, a text box (mc:AlternateContent with its
wps:txbx, and the VML fallback), a PNG picture (wp:inline), a table whose two header rows merge
cells across (gridSpan) and down (vMerge) and repeat (tblHeader), and 40 body rows.

    python tools/build_rich_sample.py [tests/fixtures/rich_bulletin.docx]
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import W_NS, Package, paragraph, png, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "rich_bulletin.docx"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
NAMESPACES = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}

URL = "https://www.most.gov.cn/kjbgz/201603/t20160309_124583.html"
FIRST_TITLE = "中欧可再生能源合作取得新进展"
SECOND_TITLE = "中美清洁能源联合研究中心启动"
BODY = "中国与欧盟在可再生能源领域的合作不断深化，双方在太阳能、风能和生物质能等方面开展了多项联合研究。"
FOOTNOTE = "数据来源：国家统计局《2015年国民经济和社会发展统计公报》。"
TEXT_BOX = "文本框：项目由双方共同出资。"
LIST_ITEMS = (("一、", 0, "加强联合研究。"), ("（一）", 1, "共建实验室。"), ("（二）", 1, "互派研究人员。"),
              ("二、", 0, "推动成果转化。"))
TABLE_ROWS = 40
PICTURE_SIZE_EMU = (1_828_800, 914_400)  # 2 × 1 inch
PICTURE_DESCRIPTION = "合作项目分布示意图"




def numbering_xml() -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{640 * (level + 1)}" w:hanging="640"/></w:pPr></w:lvl>'
        for level, text in ((0, "%1、"), (1, "（%2）")))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def footnotes_xml() -> str:
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        f'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for number, kind in ((-1, "separator"), (0, "continuationSeparator")))
    note = ('<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'{run(" " + FOOTNOTE)}</w:p></w:footnote>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
            f"{separators}{note}</w:footnotes>")


def script(text: str, position: str) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="{position}"/></w:rPr><w:t>{escape(text)}</w:t></w:r>'


def numbered(label_level: int, text: str) -> str:
    return paragraph(run(text), extra_ppr=f'<w:numPr><w:ilvl w:val="{label_level}"/><w:numId w:val="1"/></w:numPr>')


def text_box() -> str:
    content = f"<w:txbxContent>{paragraph(run(TEXT_BOX))}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="2743200" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
            '<wp:docPr id="2" name="文本框 2"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
            '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="457200"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{content}</wps:txbx>'
            '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape style="width:216pt;height:36pt"><v:textbox>{content}</v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def picture(rel_id: str) -> str:
    cx, cy = PICTURE_SIZE_EMU
    return paragraph(
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="图片 1" descr="{PICTURE_DESCRIPTION}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="1" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>", align="center")


def cell(text: str, width: int, extra: str = "") -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}</w:tcPr>{paragraph(run(text) if text else "")}</w:tc>'


def table() -> str:
    widths = (1800, 2400, 2400, 3000)  # twips: 90, 120, 120, 150 pt
    header = "<w:trPr><w:tblHeader/></w:trPr>"
    rows = [
        f"<w:tr>{header}" + cell("地区", widths[0], '<w:vMerge w:val="restart"/>')
        + cell("投入（亿元）", widths[1] + widths[2], '<w:gridSpan w:val="2"/>')
        + cell("备注", widths[3], '<w:vMerge w:val="restart"/>') + "</w:tr>",
        f"<w:tr>{header}" + cell("", widths[0], "<w:vMerge/>") + cell("2015年", widths[1])
        + cell("2016年", widths[2]) + cell("", widths[3], "<w:vMerge/>") + "</w:tr>",
    ]
    for n in range(1, TABLE_ROWS + 1):
        remark = "较上年增长明显，主要来自新能源项目" if n % 7 == 0 else "—"
        rows.append("<w:tr>" + cell(f"地区{n}", widths[0]) + cell(str(100 + n), widths[1])
                    + cell(str(120 + n), widths[2]) + cell(remark, widths[3]) + "</w:tr>")
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            '</w:tblPr><w:tblGrid>' + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
            + "".join(rows) + "</w:tbl>")


def fraction() -> str:
    return (f'<m:oMath xmlns:m="{NAMESPACES["m"]}"><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num>'
            '<m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath>')


def build(target: Path = DEFAULT_OUT) -> Path:
    package = Package(heading_style_ids=("1", "2", "3"), namespaces=NAMESPACES)
    package.core_title = "国际科技合作动态"
    package.parts["numbering.xml"] = (f"{OFFICE_REL}/numbering", f"{WML}.numbering+xml", numbering_xml())
    package.parts["footnotes.xml"] = (f"{OFFICE_REL}/footnotes", f"{WML}.footnotes+xml", footnotes_xml())
    package.parts["media/image1.png"] = (f"{OFFICE_REL}/image", "image/png", png(40, 20))
    package.external_links["rIdLink1"] = URL

    package.add(paragraph(run(" · 国际科技合作动态", bold=True)))
    package.add(paragraph(package.bookmark("_Toc100000001", run(FIRST_TITLE)), style="1", align="center"))
    package.add(paragraph(
        run(BODY) + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        + run("详见") + f'<w:hyperlink r:id="rIdLink1" w:history="1">{run("科技部网站")}</w:hyperlink>' + run("。"),
        first_line_chars=2))
    package.add(paragraph(run("新建厂房面积达5000 m") + script("2", "superscript") + run("，每年减少CO")
                          + script("2", "subscript") + run("排放约3万吨，投入产出比为") + fraction() + run("。")
                          + text_box(), first_line_chars=2))
    for _, level, text in LIST_ITEMS:
        package.add(numbered(level, text))
    package.add(picture(package.part_id("media/image1.png")))
    package.add(paragraph(run("图1 合作项目分布"), align="center"))
    package.add(table())
    package.add(paragraph(run("（来源：科技日报，2016年03月09日）"), align="right"))
    package.add(paragraph(package.bookmark("_Toc100000002", run(SECOND_TITLE)), style="1", align="center"))
    for _ in range(3):
        package.add(paragraph(run(BODY * 2), first_line_chars=2))
    target.parent.mkdir(parents=True, exist_ok=True)
    package.save(target)
    return target


def main(argv: list[str]) -> int:
    print(f"wrote {build(Path(argv[0]) if argv else DEFAULT_OUT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
