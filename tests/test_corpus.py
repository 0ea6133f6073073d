"""Every real document of the corpus (tests/corpus, from public test data) is read and written: all three outputs.

Deselect with ``-m "not corpus"`` when iterating on something else; CI runs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.figures import extract
from publish.model import Masthead, iter_paragraphs
from publish.reader import read
from publish.writers.docx import write_docx
from publish.writers.pdf.document import write_pdf
from publish.writers.xlsx import write_xlsx

CORPUS = sorted((Path(__file__).resolve().parent / "corpus").glob("*.docx"))
MASTHEAD = Masthead(name="国际科技合作动态", issue="第1期", unit="科技部国际合作司", date="2016年5月27日")

pytestmark = pytest.mark.corpus


def test_the_corpus_is_there():
    assert len(CORPUS) >= 100


def test_every_file_is_sourced_and_the_corpus_stays_small():
    sources = (CORPUS[0].parent / "SOURCES.md").read_text(encoding="utf-8")
    assert [p.name for p in CORPUS if f"`{p.name}`" not in sources] == []
    assert sum(p.stat().st_size for p in CORPUS) < 15 * 1024 * 1024


@pytest.mark.parametrize("path", CORPUS, ids=[p.name[:60] for p in CORPUS])
def test_every_file_gives_all_three_outputs(path, tmp_path):
    document = read(path).document
    figures = extract(document)
    write_docx(document, MASTHEAD, tmp_path / "out.docx")
    write_pdf(document, figures, MASTHEAD, tmp_path / "out.pdf", full=True)
    write_xlsx(document, figures, tmp_path / "out.xlsx", link_name="out.docx")
    assert all((tmp_path / name).stat().st_size > 0 for name in ("out.docx", "out.pdf", "out.xlsx"))
    # The written .docx reads back with the same body text.
    again = read(tmp_path / "out.docx").document
    before = [p.text.strip() for s in document.walk() for p in iter_paragraphs(s.blocks) if p.text.strip()]
    after = [p.text.strip() for s in again.walk() for p in iter_paragraphs(s.blocks) if p.text.strip()]
    assert after == before
