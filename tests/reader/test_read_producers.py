"""The same small bulletin, written the way each producer writes it, reads as the same tree."""

from __future__ import annotations

import pytest
import producers

from publish.reader import read


@pytest.fixture(params=producers.FLAVORS)
def flavor_file(request, tmp_path):
    return request.param, producers.write(request.param, tmp_path / f"{request.param}.docx")


def test_titles_levels_and_paragraphs_agree(flavor_file):
    flavor, path = flavor_file
    document = read(path).document
    found = [(s.title, s.level, [p.text for p in s.paragraphs]) for s in document.walk()]
    assert found == [(t, lvl, list(ps)) for t, lvl, ps in producers.EXPECTED], flavor
    assert document.preamble == ()


def test_bookmarks_are_kept_on_their_headings(flavor_file):
    flavor, path = flavor_file
    document = read(path).document
    expected = [(name,) if name else () for name in producers.bookmark_names(flavor)]
    assert [s.bookmarks for s in document.walk()] == expected


def test_sources_and_inline_formatting(flavor_file):
    _, path = flavor_file
    document = read(path).document
    assert [(s.source.name, s.source.date.isoformat()) for s in document.sections] == producers.EXPECTED_SOURCES
    mixed = document.sections[1].sections[0].paragraphs[-1]
    assert mixed.text == producers.MIXED_PARAGRAPH
    assert [(r.text, r.bold, r.italic) for r in mixed.runs if r.bold or r.italic] == [
        (producers.BOLD_PHRASE, True, False), (producers.ITALIC_PHRASE, False, True)]


def test_toc_entries_never_become_body_text(flavor_file):
    _, path = flavor_file
    document = read(path).document
    texts = [p.text for s in document.walk() for p in s.paragraphs]
    assert not any("目" in t and "录" in t for t in texts)
    assert not any(t.endswith(("3", "4", "5", "6")) and "\t" in t for t in texts)


def test_a_wps_file_needs_no_heading_styles(tmp_path):
    # The WPS flavour marks headings with Normal + outline level only; no guess is needed.
    warnings = read(producers.write("wps", tmp_path / "wps.docx")).warnings
    assert not any(w.startswith("Guessed") for w in warnings)


def test_a_toc_pointing_at_missing_bookmarks_is_reported(tmp_path):
    from docxkit import Package, paragraph, run, toc_field

    package = Package()
    package.add(toc_field([("甲", 1, "_Toc404", 1)]))
    package.add(paragraph(run("甲"), style="Heading1"))
    package.save(tmp_path / "dangling.docx")
    result = read(tmp_path / "dangling.docx")
    assert [s.title for s in result.document.sections] == ["甲"]
    assert any("_Toc404" in w for w in result.warnings)
