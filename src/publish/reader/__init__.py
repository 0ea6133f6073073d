"""Read a .docx bulletin into the section tree: ``read(path) -> ReadResult``."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Document
from .body import BodyReader, Story
from .bounds import Clamps
from .ns import DC_NS, W, w_attr
from .numbering import Numbering
from .package import Package, Relationship
from .styles import Styles
from .tree import TreeBuilder

RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STYLES_TYPE = RELATIONSHIP_TYPES + "styles"
NUMBERING_TYPE = RELATIONSHIP_TYPES + "numbering"
FOOTNOTES_TYPE = RELATIONSHIP_TYPES + "footnotes"
ENDNOTES_TYPE = RELATIONSHIP_TYPES + "endnotes"
IMAGE_TYPE = RELATIONSHIP_TYPES + "image"
HYPERLINK_TYPE = RELATIONSHIP_TYPES + "hyperlink"
MAX_IMAGE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ReadResult:
    document: Document
    warnings: tuple[str, ...]
    details: tuple[str, ...] = ()  # one line per guess behind a summary warning (shown with -v)


def read(path: str | os.PathLike[str]) -> ReadResult:
    """Parse a .docx into a Document, with what was skipped or guessed as warnings."""
    path = Path(path)
    with Package(path) as package:
        main = package.main_part()
        rels = package.relationships(main)
        styles = Styles(_related_xml(package, rels, STYLES_TYPE))
        clamps = Clamps()
        numbering = Numbering(_related_xml(package, rels, NUMBERING_TYPE), clamps)
        notes: dict[str, dict[str, etree._Element]] = {}
        note_stories: dict[str, Story] = {}
        for kind, rel_type in (("footnote", FOOTNOTES_TYPE), ("endnote", ENDNOTES_TYPE)):
            part = _related_part(package, rels, rel_type)
            if part is None:
                continue
            notes[kind] = {w_attr(note, "id") or "": note for note in package.read_xml(part).iterfind(getattr(W, kind))
                           if w_attr(note, "type") in (None, "normal")}
            note_stories[kind] = _story(package, part)

        root = package.read_xml(main)
        body = root.find(W.body)
        if root.tag != W.document or body is None:
            raise InputError(path, f"{main} is not a WordprocessingML document body")
        body_reader = BodyReader(styles, _story(package, main), numbering, notes, note_stories, clamps)
        blocks = body_reader.read_body(body)
        core_title = _core_title(package)
    warnings = body_reader.warnings + clamps.warnings()
    details: list[str] = []
    document = TreeBuilder(warnings, details).build(blocks, core_title)
    document = dataclasses.replace(document, lists=tuple(numbering.used.values()))
    if not document.sections:
        warnings.append("No headings were found: the whole text is front matter")
    return ReadResult(document, tuple(warnings), tuple(details))


def _related_part(package: Package, rels: dict[str, Relationship], rel_type: str) -> str | None:
    return next((r.target for r in rels.values() if r.type == rel_type and not r.external
                 and package.has(r.target)), None)


def _related_xml(package: Package, rels: dict[str, Relationship], rel_type: str) -> etree._Element | None:
    part = _related_part(package, rels, rel_type)
    return package.read_xml(part) if part else None


def _story(package: Package, part: str) -> Story:
    """Links and pictures as ``part``'s relationships resolve them."""
    rels = package.relationships(part)

    def hyperlink(rel_id: str) -> str | None:
        rel = rels.get(rel_id)
        if rel is None or not rel.external or rel.type != HYPERLINK_TYPE:
            return None
        return rel.target.strip()

    def image(rel_id: str) -> tuple[bytes, str] | None:
        rel = rels.get(rel_id)
        if rel is None or rel.external or rel.type != IMAGE_TYPE or not package.has(rel.target):
            return None
        data = package.read_bytes(rel.target)
        return (data, rel.target) if len(data) <= MAX_IMAGE_BYTES else None

    return Story(hyperlink, image)


def _core_title(package: Package) -> str | None:
    part = package.core_properties_part()
    if part is None:
        return None
    title = package.read_xml(part).find(f"{{{DC_NS}}}title")
    return title.text.strip() if title is not None and title.text and title.text.strip() else None
