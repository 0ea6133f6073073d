"""The validator finds what Word and the Open XML SDK would reject, and passes what they accept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import ooxml_validate
import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "reference.docx"


def _with_parts(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, parts.pop(info.filename, None) or old.read(info.filename))
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_the_shipped_template_is_valid():
    report = ooxml_validate.validate(TEMPLATE)
    assert report.errors == []
    assert report.parts == 10  # every XML part of the eleven but docProps/core.xml (Dublin Core: no schema here)


def test_the_faults_the_issue_names_are_each_found(tmp_path):
    styles = _part(TEMPLATE, "word/styles.xml").replace(
        '<w:kern w:val="0"/>', "", 1).replace('<w:szCs w:val="32"/>', '<w:szCs w:val="32"/><w:kern w:val="0"/>', 1)
    settings = _part(TEMPLATE, "word/settings.xml").replace(
        '<w:zoom w:percent="100"/>', '<w:updateFields w:val="true"/><w:zoom w:percent="100"/>')
    document = _part(TEMPLATE, "word/document.xml").replace(
        '<w:pStyle w:val="BodyText"/>', '<w:pStyle w:val="BodyText"/><w:spacing w:line="579"/><w:overflowPunct/>')
    broken = _with_parts(TEMPLATE, tmp_path / "broken.docx", {
        "word/styles.xml": styles.encode(), "word/settings.xml": settings.encode(), "word/document.xml": document.encode()})
    errors = ooxml_validate.validate(broken).errors
    assert len(errors) == 3
    assert "rPr: kern after szCs" in errors[0] or any("kern after szCs" in e for e in errors)
    assert any(e.startswith("word/settings.xml") and "zoom': This element is not expected" in e for e in errors)
    assert any(e.startswith("word/document.xml") and "overflowPunct': This element is not expected" in e
               for e in errors)


def test_a_relationship_a_part_lacks_is_found(tmp_path):
    footnotes = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                 '<w:footnote w:id="1"><w:p><w:hyperlink r:id="rId24"><w:r><w:t>x</w:t></w:r></w:hyperlink>'
                 '</w:p></w:footnote></w:footnotes>')
    types = _part(TEMPLATE, "[Content_Types].xml").replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footnotes+xml"/><Override PartName="/word/gone.xml" ContentType="application/xml"/></Types>'))
    broken = _with_parts(TEMPLATE, tmp_path / "rels.docx", {
        "word/footnotes.xml": footnotes.encode(), "[Content_Types].xml": types.encode(), "word/media/x.gif": b"GIF89a"})
    assert sorted(ooxml_validate.validate(broken).errors) == [
        "[Content_Types].xml: no content type for /word/media/x.gif",
        "[Content_Types].xml: override for a missing part /word/gone.xml",
        "word/footnotes.xml: hyperlink r:id='rId24' has no relationship in word/_rels/footnotes.xml.rels",
    ]


@pytest.mark.parametrize("ignorable, expected", [("w14", 0), ("", 1)])
def test_markup_compatibility_drops_only_what_is_declared_ignorable(tmp_path, ignorable, expected):
    document = _part(TEMPLATE, "word/document.xml").replace(
        "<w:document ", '<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        + (f'mc:Ignorable="{ignorable}" ' if ignorable else ""), 1).replace(
        "<w:p>", '<w:p w14:paraId="12AB34CD">', 1)
    path = _with_parts(TEMPLATE, tmp_path / "mc.docx", {"word/document.xml": document.encode()})
    assert len(ooxml_validate.validate(path).errors) == expected


def test_alternate_content_takes_the_fallback_of_a_choice_it_cannot_read(tmp_path):
    choice = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
              '<mc:Choice Requires="wps"><wps:nonsense/></mc:Choice><mc:Fallback>{}</mc:Fallback>'
              '</mc:AlternateContent>')
    for fallback, expected in (('<w:t>ok</w:t>', 0), ('<w:bogus/>', 1)):
        document = _part(TEMPLATE, "word/document.xml").replace(
            "</w:pPr>", "</w:pPr><w:r>" + choice.format(fallback) + "</w:r>", 1)
        path = _with_parts(TEMPLATE, tmp_path / "ac.docx", {"word/document.xml": document.encode()})
        assert len(ooxml_validate.validate(path).errors) == expected, fallback
