"""The reference .docx: its styles found by name, its body's section and its page layout, read once per
file version (like pandoc's ``--reference-doc``)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ... import resources, safexml
from ...layout import pagination
from . import order
from .xml import W_NS

DEFAULT_TEMPLATE = resources.default_template()

# Style names the writer looks up in the template (by name, never by id: Chinese Word uses ids "1", "2").
STYLE_NAMES = {
    "heading1": "heading 1", "heading2": "heading 2", "heading3": "heading 3",
    "toc1": "toc 1", "toc2": "toc 2", "toc3": "toc 3", "toc_heading": "TOC Heading",
    "body": "Body Text", "source": "Source Line", "column": "Column Label",
    "masthead_name": "Masthead Name", "masthead_issue": "Masthead Issue", "masthead_line": "Masthead Line",
    "table_text": "Table Text", "figure": "Figure", "normal": "Normal", "table": "Table Grid",
    "footnote": "footnote text", "footnote_reference": "footnote reference", "endnote": "endnote text",
    "endnote_reference": "endnote reference", "hyperlink": "Hyperlink",
}


@dataclass
class Reference:
    """A reference .docx, read once: its bytes (python-docx opens a fresh copy per write), style ids by
    our role, its body's section properties and its page layout."""

    data: bytes
    style_ids: dict[str, str]
    section_xml: str
    layout: pagination.Layout
    warnings: tuple[str, ...] = ()


_TEMPLATE_CACHE: dict[tuple[str, float, int], Reference] = {}


def load_template(template: Path) -> Reference:
    """The template's styles and layout; cached per file version, as ``publish all`` may write many."""
    from ...errors import PublishError

    try:
        stat = template.stat()
    except OSError:
        raise PublishError(f"{template}: template not found") from None
    key = (str(template.resolve()), stat.st_mtime, stat.st_size)
    if key not in _TEMPLATE_CACHE:
        try:
            _TEMPLATE_CACHE[key] = _read_template(template)
        except (zipfile.BadZipFile, KeyError, ValueError) as error:  # safexml.UnsafeXML is a ValueError
            raise PublishError(f"{template}: not a usable reference .docx ({error})") from None
    return _TEMPLATE_CACHE[key]


def _read_template(template: Path) -> Reference:
    from lxml import etree

    data = _in_schema_order(template.read_bytes())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles_root = safexml.parse(archive.read("word/styles.xml"))
        document_root = safexml.parse(archive.read("word/document.xml"))
    warnings: list[str] = []
    w = f"{{{W_NS}}}"
    by_name = {}
    for style in styles_root.iterfind(f"{w}style"):
        name = style.find(f"{w}name")
        if name is not None:
            by_name.setdefault((name.get(f"{w}val") or "").strip().lower(), style.get(f"{w}styleId"))
    missing = [role for role, name in STYLE_NAMES.items() if name.lower() not in by_name]
    if missing and template.resolve() != DEFAULT_TEMPLATE.resolve():
        # Borrow what the editor's template lacks from ours, so every paragraph has its style.
        with zipfile.ZipFile(DEFAULT_TEMPLATE) as archive:
            ours = safexml.parse(archive.read("word/styles.xml"))
        for style in ours.iterfind(f"{w}style"):
            name = (style.find(f"{w}name").get(f"{w}val") or "").strip().lower()
            if name in {STYLE_NAMES[role].lower() for role in missing}:
                if style.get(f"{w}styleId") in set(by_name.values()):
                    style.set(f"{w}styleId", "Publish" + style.get(f"{w}styleId"))
                styles_root.append(style)
                by_name[name] = style.get(f"{w}styleId")
        order.sort_tree(styles_root)
        warnings.append(f"The template has no style named {', '.join(repr(STYLE_NAMES[r]) for r in missing)}; "
                        "the default ones were used")
        data = _replace_part(data, "word/styles.xml", etree.tostring(
            styles_root, xml_declaration=True, encoding="UTF-8", standalone=True))
    elif missing:
        raise ValueError(f"styles missing: {', '.join(STYLE_NAMES[r] for r in missing)}")
    style_ids = {role: by_name[name.lower()] for role, name in STYLE_NAMES.items()}

    body = document_root.find(f"{w}body")
    section = body.find(f"{w}sectPr") if body is not None else None
    section_xml = etree.tostring(section, encoding="unicode") if section is not None else ""
    # lxml repeats namespace declarations on a detached element; the document root declares them.
    section_xml = re.sub(r'\sxmlns:\w+="[^"]*"', "", section_xml)
    layout = pagination.Layout.from_template(styles_root, section, style_ids)
    return Reference(data=data, style_ids=style_ids, section_xml=section_xml, layout=layout,
                     warnings=tuple(warnings))


def _replace_part(package: bytes, name: str, data: bytes) -> bytes:
    """The template package with one part replaced (before python-docx opens it)."""
    return _replace_parts(package, {name: data})


def _replace_parts(package: bytes, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def _in_schema_order(package: bytes) -> bytes:
    """The template with every WordprocessingML part in schema order (an editor's template saved by
    another program may not be), and without w:updateFields: a file we write asks Word to refresh its
    fields only when told to (``update_fields_on_open``)."""
    from lxml import etree

    changed: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = safexml.parse(archive.read(name))
            moved = order.sort_tree(root)
            for update in root.findall(f"{{{W_NS}}}updateFields") if name == "word/settings.xml" else ():
                root.remove(update)
                moved = True
            if moved:
                changed[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_parts(package, changed) if changed else package
