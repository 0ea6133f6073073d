"""The fidelity checker counts each kind the same way in any package, and only once."""

from __future__ import annotations

import zipfile
from pathlib import Path

import fidelity

NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdDoc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def package(tmp_path: Path, body: str, notes: str = "") -> Path:
    path = tmp_path / "fragment.docx"
    doc_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rIdWeb" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'hyperlink" Target="https://example.org/" TargetMode="External"/>'
                '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", doc_rels)
        archive.writestr("word/document.xml", f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>")
        archive.writestr("word/footnotes.xml", f"<w:footnotes {NAMESPACES}>{notes}</w:footnotes>")
    return path


def p(text: str, inner: str = "") -> str:
    return f"<w:p>{inner}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_each_kind_is_counted(tmp_path):
    box = '<w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent>'
    body = (p("甲", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>')
            + p("乙", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>')
            + '<w:p><w:r><w:footnoteReference w:id="1"/></w:r><w:hyperlink r:id="rIdWeb"><w:r><w:t>网</w:t></w:r>'
              '</w:hyperlink><w:hyperlink w:anchor="x"><w:r><w:t>内</w:t></w:r></w:hyperlink>'
              '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>-6</w:t></w:r>'
              '<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>'
            + '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p("表") + '</w:tc></w:tr>'
              '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:tbl><w:tr><w:tc>' + p("内表") + '</w:tc></w:tr></w:tbl>'
              + p("") + '</w:tc></w:tr></w:tbl>'
            + f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}<a:blip r:embed="rId9"/>'
              f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox><v:imagedata r:id="rId9"/>'
              '</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1">' + p("注文") + '</w:footnote>')
    counts = fidelity.count(package(tmp_path, body, notes))
    assert {k: counts.kinds[k] for k in fidelity.KINDS} == {
        "lists": 1, "notes": 1, "links": 1, "merged": 2, "tables": 2, "pictures": 1, "raised": 2, "equations": 1,
        "boxes": 1}
    assert counts.boxes == ["框"]
    assert "注文" in counts.paragraphs and "框" not in counts.paragraphs


def test_kept_compares_like_with_like_and_finds_box_text_anywhere(tmp_path):
    source = fidelity.count(package(tmp_path, p("正文") + '<w:p><w:r><w:pict><v:textbox><w:txbxContent>'
                                    + p("框内") + '</w:txbxContent></v:textbox></w:pict></w:r></w:p>'))
    written = fidelity.count(package(tmp_path, p("正文") + p("框内")))
    kept = fidelity.compare(source, written)
    assert kept["boxes"] == (1, 1) and kept["text"] == (4, 4)
    lost = fidelity.compare(source, fidelity.count(package(tmp_path, p("正"))))
    assert lost["boxes"] == (0, 1) and lost["text"] == (1, 4)
