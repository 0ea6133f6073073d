"""Read a .docx bulletin into the section tree: ``read(path) -> ReadResult``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .body import BodyReader
from .ns import DC_NS, W
from .package import Package
from .styles import Styles
from .tree import TreeBuilder

STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
MAX_IMAGE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ReadResult:
    document: Document
    warnings: tuple[str, ...]


def read(path: str | os.PathLike[str]) -> ReadResult:
    """Parse a .docx into a Document, with what was skipped or guessed as warnings."""
    path = Path(path)
    with Package(path) as package:
        main = package.main_part()
        rels = package.relationships(main)
        styles_part = next((r.target for r in rels.values() if r.type == STYLES_TYPE and not r.external), None)
        styles = Styles(package.read_xml(styles_part) if styles_part and package.has(styles_part) else None)

        def load_image(rel_id: str) -> tuple[bytes, str] | None:
            rel = rels.get(rel_id)
            if rel is None or rel.external or rel.type != IMAGE_TYPE or not package.has(rel.target):
                return None
            data = package.read_bytes(rel.target)
            return (data, rel.target) if len(data) <= MAX_IMAGE_BYTES else None

        root = package.read_xml(main)
        body = root.find(W.body)
        if root.tag != W.document or body is None:
            raise InputError(path, f"{main} is not a WordprocessingML document body")
        body_reader = BodyReader(styles, load_image)
        blocks = body_reader.read_body(body)
        core_title = _core_title(package)
    warnings = body_reader.warnings
    document = TreeBuilder(warnings).build(blocks, core_title)
    if not document.sections:
        warnings.append("No headings were found: the whole text is front matter")
    return ReadResult(document, tuple(warnings))


def _core_title(package: Package) -> str | None:
    part = package.core_properties_part()
    if part is None:
        return None
    title = package.read_xml(part).find(f"{{{DC_NS}}}title")
    return title.text.strip() if title is not None and title.text and title.text.strip() else None
