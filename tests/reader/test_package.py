"""Hostile and broken packages are refused with one clear reason; odd ones read with warnings."""

from __future__ import annotations

import pytest
import hostile

from publish.errors import InputError
from publish.reader import read

EXPECTED_REASON = {
    "empty file": "is empty",
    "not a zip": "not a zip package",
    "truncated zip": "damaged or truncated",
    "legacy .doc renamed .docx": "legacy Word .doc",
    "password-protected .docx": "encrypted (password-protected)",
    "zip without the main part": "main part word/document.xml named in _rels/.rels is missing",
    "XML not well-formed": "not well-formed XML",
    "DOCTYPE with an external entity": "declares a DOCTYPE",
    "entity expansion (billion laughs)": "declares a DOCTYPE",
    "zip bomb": "zip bomb",
    "member name with ../": "unsafe name",
    "tables nested 100 deep": "nests elements more than 256 deep",
    "damaged deflate stream": "part word/document.xml is damaged: its compressed data is corrupt (invalid block type)",
    "member name that is not UTF-8": "is a damaged zip package: its directory is unreadable (a member name is not valid text)",
    "zip version 9.6": "is a damaged zip package: its directory is unreadable (it uses a zip feature no Word or WPS "
                       "writes (zip file version 9.6))",
}


@pytest.mark.parametrize("case", list(hostile.BAD))
def test_bad_input_is_refused_with_its_reason(case, tmp_path):
    path = hostile.BAD[case](tmp_path / "bad.docx")
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert EXPECTED_REASON[case] in message
    assert "\n" not in message


def test_external_entity_target_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = hostile.external_entity(tmp_path / "xxe.docx", target=str(secret))
    with pytest.raises(InputError) as caught:
        read(path)
    assert "TOP-SECRET" not in str(caught.value)


def test_main_part_is_found_through_the_package_relationships(tmp_path):
    from docxkit import Package, paragraph, run

    package = Package(main_part="word/document2.xml")
    package.add(paragraph(run("标题"), style="Heading1"))
    package.save(tmp_path / "document2.docx")
    assert [s.title for s in read(tmp_path / "document2.docx").document.sections] == ["标题"]


def test_no_headings_gives_front_matter_and_a_warning(tmp_path):
    result = read(hostile.no_headings(tmp_path / "flat.docx"))
    assert result.document.sections == ()
    assert len(result.document.preamble) == 5
    assert "No headings were found" in result.warnings[-1]


def test_duplicate_bookmark_is_kept_on_the_first_heading(tmp_path):
    result = read(hostile.duplicate_bookmarks(tmp_path / "dup.docx"))
    assert [s.bookmarks for s in result.document.sections] == [("_Toc1",), ()]
    assert any("_Toc1 appears on more than one heading" in w for w in result.warnings)


def test_control_characters_are_removed_with_a_warning(tmp_path):
    result = read(hostile.control_characters(tmp_path / "ctl.docx"))
    assert result.document.sections[0].paragraphs[0].text == "前中后。"
    assert "Control characters were removed from the text" in result.warnings


def test_ten_thousand_headings_and_a_megabyte_paragraph(tmp_path):
    many = read(hostile.many_headings(tmp_path / "many.docx")).document
    assert len(many.sections) == 10_000
    assert many.sections[-1].bookmarks == ("_Toc10000",)
    huge = read(hostile.huge_paragraph(tmp_path / "huge.docx")).document
    assert len(huge.sections[0].paragraphs[0].text) == 1_000_000
