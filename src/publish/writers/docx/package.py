"""The output package, on python-docx's package layer: the template opened afresh, parts related
through it, the XML built as text put into its parts, its properties set, and saved."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ...model import Document, Image, Masthead
from .images import IMAGE_EXTENSIONS
from .template import Reference
from .xml import W_NS, clean


class Package:
    """The output package, on python-docx's package layer: the template opened afresh, parts related
    through it, our XML put into its parts, and saved."""

    def __init__(self, reference: Reference) -> None:
        import docx

        self.document = docx.Document(io.BytesIO(reference.data))
        self.part = self.document.part
        self._hyperlinks: dict[str, str] = {}

    def hyperlink(self, url: str) -> str:
        """The relationship id of an external link (one per address)."""
        if url not in self._hyperlinks:
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            self._hyperlinks[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self._hyperlinks[url]

    def image(self, image: Image) -> str:
        """The relationship id of a picture's part: python-docx's own image parts where it knows the
        format (it shares identical pictures), a plain part for EMF, WMF and SVG, which it does not."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.part import Part

        try:
            rel_id, _ = self.part.get_or_add_image(io.BytesIO(image.data))
            return rel_id
        except Exception:  # noqa: BLE001 - a picture python-docx cannot parse (EMF, damaged …) is kept as it came
            extension = IMAGE_EXTENSIONS.get(image.content_type, "bin")
            partname = self.part.package.next_partname(f"/word/media/image%d.{extension}")
            part = Part(partname, image.content_type, image.data, self.part.package)
            return self.part.relate_to(part, RT.IMAGE)

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
        parts = [(RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, numbering_xml)]
        parts += [(RT.FOOTNOTES, "/word/footnotes.xml", CT.WML_FOOTNOTES, notes_xml.get("footnote")),
                  (RT.ENDNOTES, "/word/endnotes.xml", CT.WML_ENDNOTES, notes_xml.get("endnote"))]
        for rel_type, partname, content_type, xml in parts:
            if not xml:
                continue
            element = parse_xml(xml.encode("utf-8"))
            try:
                existing = self.part.part_related_by(rel_type)
            except KeyError:
                existing = None
            if isinstance(existing, XmlPart):  # the template's own part: its content is replaced
                existing._element = element
            else:
                self.part.relate_to(XmlPart(PackURI(partname), content_type, element, self.part.package), rel_type)
        settings = self.document.settings.element
        if settings.find(f"{{{W_NS}}}updateFields") is None:
            from lxml import etree

            # Word then offers to update the contents' page numbers on open.
            settings.insert(0, etree.fromstring(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))
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
