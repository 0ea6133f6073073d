"""The PDF writer's tests' fixtures, each written once per test module: the sample's digest and full text,
the document holding each kind of content, and the rich bulletin (``tools/rich_bulletin.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rich_bulletin

from publish.model import Document
from publish.reader import read
from publish.writers.pdf.document import write_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for pdf_cases.py

from pdf_cases import FIGURES, MASTHEAD, every_kind


@pytest.fixture(scope="module")
def document(sample_docx: Path) -> Document:
    return read(sample_docx).document


@pytest.fixture(scope="module")
def digest(document: Document, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("pdf") / "bulletin.pdf"
    warnings = write_pdf(document, FIGURES, MASTHEAD, path)
    return path, warnings


@pytest.fixture(scope="module")
def full(document: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "full.pdf"
    write_pdf(document, FIGURES, MASTHEAD, path, full=True)
    return path


@pytest.fixture(scope="module")
def every(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    path = tmp_path_factory.mktemp("every") / "full.pdf"
    return path, write_pdf(every_kind(), (), MASTHEAD, path, full=True)


@pytest.fixture(scope="module")
def every_digest(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("every") / "digest.pdf"
    write_pdf(every_kind(), (), MASTHEAD, path)
    return path


@pytest.fixture(scope="module")
def from_docx(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    """The rich bulletin written as a .docx by publish, read back by the reader and set in full."""
    from publish.writers.docx import write_docx

    folder = tmp_path_factory.mktemp("from_docx")
    write_docx(rich_bulletin.rich_document(), rich_bulletin.MASTHEAD, folder / "rich.docx")
    document = read(folder / "rich.docx").document
    path = folder / "rich.pdf"
    return path, write_pdf(document, (), rich_bulletin.MASTHEAD, path, full=True)


@pytest.fixture(scope="module")
def rich_full(tmp_path_factory) -> tuple[Path, tuple[str, ...]]:
    """The rich bulletin (``tools/rich_bulletin.py``) set in full."""
    path = tmp_path_factory.mktemp("rich") / "full.pdf"
    return path, write_pdf(rich_bulletin.rich_document(), (), rich_bulletin.MASTHEAD, path, full=True)
