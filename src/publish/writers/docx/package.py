"""The output package, on python-docx's package layer: the template opened afresh, parts related
through it, the XML built as text put into its parts, its properties set, and saved."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ...model import Document, Image, Masthead
from .images import IMAGE_EXTENSIONS
from .order import sort_tree
from .template import Reference
from .xml import W_NS, clean


class Package:
    """The output package, on python-docx's package layer: the template opened afresh, parts related
    through it, our XML put into its parts, and saved."""

    def __init__(self, reference: Reference, *, update_fields: bool = False) -> None:
        import docx

        self.document = docx.Document(io.BytesIO(reference.data))
        self.part = self.document.part
        self.update_fields = update_fields
        self._hyperlinks: dict[tuple[str, str], str] = {}
        self._note_parts: dict[str, object] = {}

    def _story_part(self, story: str):
        """The part a story's XML goes into: the document's, or the footnotes' or endnotes' own part,
        made (or taken from the template) on first need. A relationship is the part's own: an r:id in
        footnotes.xml must be in word/_rels/footnotes.xml.rels, or Word calls the file damaged."""
        if story == "document":
            return self.part
        if story not in self._note_parts:
            from docx.opc.packuri import PackURI
            from docx.opc.part import XmlPart
            from docx.oxml import parse_xml

            rel_type, partname, content_type = _NOTE_PARTS[story]
            try:
                existing = self.part.part_related_by(rel_type)
            except KeyError:
                existing = None
            if not isinstance(existing, XmlPart):
                element = parse_xml(f'<w:{story}s xmlns:w="{W_NS}"/>'.encode())
                existing = XmlPart(PackURI(partname), content_type, element, self.part.package)
                self.part.relate_to(existing, rel_type)
            self._note_parts[story] = existing
        return self._note_parts[story]

    def hyperlink(self, url: str, story: str = "document") -> str:
        """The relationship id of an external link (one per address and part)."""
        if (story, url) not in self._hyperlinks:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            self._hyperlinks[story, url] = self._story_part(story).relate_to(url, RT.HYPERLINK, is_external=True)
        return self._hyperlinks[story, url]

    def image(self, image: Image, story: str = "document") -> str:
        """The relationship id of a picture's part: python-docx's own image parts where it knows the
        format (it shares identical pictures), a plain part for EMF, WMF and SVG, which it does not."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part

        source = self._story_part(story)
        try:
            image_part = self.part.package.get_or_add_image_part(io.BytesIO(image.data))
        except Exception:  # noqa: BLE001 - a picture python-docx cannot parse (EMF, damaged …) is kept as it came
            extension = IMAGE_EXTENSIONS.get(image.content_type, "bin")
            partname = self.part.package.next_partname(f"/word/media/image%d.{extension}")
            image_part = Part(partname, image.content_type, image.data, self.part.package)
        return source.relate_to(image_part, RT.IMAGE)

    def save(self, path: Path, document_xml: str, numbering_xml: str | None, notes_xml: dict[str, str],
             document: Document, masthead: Masthead) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        # The body was built as text: the document part hands those bytes over as they are, rather than
        # python-docx parsing them into its element only to serialise that again.
        if not isinstance(self.part, _BuiltDocumentPart):
            self.part.__class__ = _built_part_class(type(self.part))
        self.part.built_xml = document_xml.encode("utf-8")
        for kind in ("footnote", "endnote"):
            if notes_xml.get(kind):
                self._story_part(kind)._element = parse_xml(notes_xml[kind].encode("utf-8"))
        if numbering_xml:
            rel_type, partname, content_type = RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING
            element = parse_xml(numbering_xml.encode("utf-8"))
            try:
                existing = self.part.part_related_by(rel_type)
            except KeyError:
                existing = None
            if isinstance(existing, XmlPart):  # the template's own part: its content is replaced
                existing._element = element
            else:
                self.part.relate_to(XmlPart(PackURI(partname), content_type, element, self.part.package), rel_type)
        if self.update_fields:
            # Asked for (--update-fields-on-open): Word then asks on every open whether to update the
            # fields, a question editors take for a security warning; the numbers are right without it.
            from lxml import etree

            settings = self.document.settings.element
            for old in settings.findall(f"{{{W_NS}}}updateFields"):
                settings.remove(old)
            settings.append(etree.fromstring(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))
            sort_tree(settings)
        properties = self.document.core_properties
        properties.title = clean(document.title or masthead.name)
        properties.subject = clean(document.column or masthead.name)
        properties.author = clean(masthead.unit)
        properties.keywords = clean("；".join(dict.fromkeys(
            k for k in (masthead.name, document.column, masthead.issue) if k)))
        properties.language = "zh-CN"
        properties.last_modified_by = "publish"
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        properties.created = properties.modified = now
        properties.revision = 1
        self.document.save(str(path))


_NOTE_PARTS = {
    "footnote": ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
                 "/word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    "endnote": ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
                "/word/endnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
}


class _BuiltDocumentPart:
    """A document part whose XML was built as text (``built_xml``): its blob is that text."""

    built_xml: bytes

    @property
    def blob(self) -> bytes:
        return self.built_xml


_BUILT_PART_CLASSES: dict[type, type] = {}


def _built_part_class(part_class: type) -> type:
    if part_class not in _BUILT_PART_CLASSES:
        _BUILT_PART_CLASSES[part_class] = type("Built" + part_class.__name__, (_BuiltDocumentPart, part_class), {})
    return _BUILT_PART_CLASSES[part_class]
