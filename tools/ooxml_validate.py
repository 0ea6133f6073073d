"""Validate .docx and .xlsx files the way the Open XML SDK's validator does, without .NET.

    python tools/ooxml_validate.py FILE_OR_FOLDER ...     # one line per error, totals at the end
    python tools/ooxml_validate.py --summary DIR ...      # errors per file only

Each XML part is validated against the ISO/IEC 29500 transitional schemas (with OPC, MCE and
Microsoft's w14/w15/w16 extensions; tests/schemas, from devoidfury/docx-validator, MIT) after Markup
Compatibility processing (ISO/IEC 29500-3):

- an element or attribute in a namespace it or its ancestors declare ``mc:Ignorable`` is dropped
  (a part whose root is in such a namespace, as w15:commentsEx, keeps its root: it is validated against
  Microsoft's schema for it);
- ``mc:AlternateContent`` becomes the content of its first ``mc:Choice`` whose ``Requires`` names
  only namespaces we hold a schema for ("understood"), else of its ``mc:Fallback``, else nothing.

Run properties are checked in the order the SDK wants (EG_RPrBase as a sequence; see
``run_property_order``). Then the package rules the SDK checks besides the schemas: every part has a content type, every
override names a part, relationship ids are unique in their .rels, every internal target exists, and
every ``r:id``-like attribute in a part resolves in that part's relationships. In WordprocessingML:
footnote and endnote references and numIds resolve, and bookmark ids are unique.

Parts whose root namespace no schema describes, custom XML data (customXml/itemN.xml: any XML) and
docProps/core.xml (its Dublin Core schemas live on the network) are not schema-validated; their relationships are still checked.
"""

from __future__ import annotations

import posixpath
import sys
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "tests" / "schemas"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Namespace → schema file, in import order (xml.xsd first: wml.xsd imports it without a location).
SCHEMA_FILES = (
    (XML_NS, "ISO-IEC29500-4_2016/xml.xsd"),
    (MC, "mce/mc.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
     "ISO-IEC29500-4_2016/shared-commonSimpleTypes.xsd"),
    (REL, "ISO-IEC29500-4_2016/shared-relationshipReference.xsd"),
    (W, "microsoft/word12.xsd"),  # wml.xsd and two names Microsoft's schemas use
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "ISO-IEC29500-4_2016/dml-main.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
     "ISO-IEC29500-4_2016/dml-wordprocessingDrawing.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/picture", "ISO-IEC29500-4_2016/dml-picture.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/chart", "ISO-IEC29500-4_2016/dml-chart.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/chartDrawing", "ISO-IEC29500-4_2016/dml-chartDrawing.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/diagram", "ISO-IEC29500-4_2016/dml-diagram.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas", "ISO-IEC29500-4_2016/dml-lockedCanvas.xsd"),
    ("http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
     "ISO-IEC29500-4_2016/dml-spreadsheetDrawing.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/math", "ISO-IEC29500-4_2016/shared-math.xsd"),
    ("http://schemas.openxmlformats.org/schemaLibrary/2006/main",
     "ISO-IEC29500-4_2016/shared-customXmlSchemaProperties.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/customXml",
     "ISO-IEC29500-4_2016/shared-customXmlDataProperties.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     "ISO-IEC29500-4_2016/shared-documentPropertiesVariantTypes.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
     "ISO-IEC29500-4_2016/shared-documentPropertiesCustom.xsd"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
     "ISO-IEC29500-4_2016/shared-bibliography.xsd"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "ISO-IEC29500-4_2016/sml.xsd"),
    ("urn:schemas-microsoft-com:vml", "ISO-IEC29500-4_2016/vml-main.xsd"),
    ("urn:schemas-microsoft-com:office:office", "ISO-IEC29500-4_2016/vml-officeDrawing.xsd"),
    ("urn:schemas-microsoft-com:office:word", "ISO-IEC29500-4_2016/vml-wordprocessingDrawing.xsd"),
    ("urn:schemas-microsoft-com:office:excel", "ISO-IEC29500-4_2016/vml-spreadsheetDrawing.xsd"),
    ("urn:schemas-microsoft-com:office:powerpoint", "ISO-IEC29500-4_2016/vml-presentationDrawing.xsd"),
    (CT, "ecma/fouth-edition/opc-contentTypes.xsd"),
    (PKG_REL, "ecma/fouth-edition/opc-relationships.xsd"),
    ("http://schemas.microsoft.com/office/word/2010/wordml", "microsoft/wml-2010.xsd"),
    ("http://schemas.microsoft.com/office/word/2012/wordml", "microsoft/wml-2012.xsd"),
    # before cex, which imports it from a file the set does not have (word16.xsd)
    ("http://schemas.microsoft.com/office/word/2018/wordml", "microsoft/wml-2018.xsd"),
    ("http://schemas.microsoft.com/office/word/2018/wordml/cex", "microsoft/wml-cex-2018.xsd"),
    ("http://schemas.microsoft.com/office/word/2016/wordml/cid", "microsoft/wml-cid-2016.xsd"),
    ("http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash", "microsoft/wml-sdtdatahash-2020.xsd"),
    ("http://schemas.microsoft.com/office/word/2015/wordml/symex", "microsoft/wml-symex-2015.xsd"),
)
UNDERSTOOD = frozenset(namespace for namespace, _ in SCHEMA_FILES)
# For mc:Choice, only the standard's own namespaces: Microsoft's schemas here declare their elements
# but not the places ISO's content models would take them (w16se:symEx in a w:r), so a Choice that
# requires them is left for its Fallback, as a consumer of ISO/IEC 29500 alone would.
STANDARD = frozenset(namespace for namespace, path in SCHEMA_FILES if not path.startswith("microsoft/"))
# Roots of parts no schema here describes: not schema-validated (see the module's docstring).
UNVALIDATED_ROOTS = frozenset({
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
})


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """One schema importing every namespace of the set, so any part's root finds its declaration."""
    imports = "".join(
        f'<xsd:import namespace="{namespace}" schemaLocation="{(SCHEMAS / path).as_uri()}"/>'
        for namespace, path in SCHEMA_FILES)
    text = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imports}</xsd:schema>'
    return etree.XMLSchema(etree.fromstring(text.encode(), base_url=(SCHEMAS / "all.xsd").as_uri()))


@dataclass
class Report:
    name: str
    errors: list[str] = field(default_factory=list)
    parts: int = 0

    def add(self, part: str, message: str) -> None:
        self.errors.append(f"{part}: {message}")


def _prefixes(element: etree._Element, attribute: str) -> set[str]:
    value = element.get(f"{{{MC}}}{attribute}")
    if not value:
        return set()
    nsmap = element.nsmap
    return {nsmap[prefix] for prefix in value.split() if prefix in nsmap}


def _process(element: etree._Element, ignorable: frozenset[str]) -> None:
    """Markup Compatibility processing in place (ISO/IEC 29500-3 §10), as the SDK's validator does."""
    declared = _prefixes(element, "Ignorable")
    if declared:
        # Dropped even when understood: these schemas have no place for w14:paraId and the like in
        # w:p; the SDK's own extended schemas do, but Word reads a file whatever they hold.
        ignorable = ignorable | declared
    for name in list(element.attrib):
        namespace = etree.QName(name).namespace
        # xml:space is allowed on every element, as the SDK's validator has it (Excel writes it on
        # sml's <t>, whose schema type is a simple string)
        if namespace == MC or namespace in ignorable or name == f"{{{XML_NS}}}space":
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        namespace = etree.QName(child).namespace
        if namespace == MC and etree.QName(child).localname == "AlternateContent":
            chosen = _choose(child)
            index = element.index(child)
            element.remove(child)
            for offset, grandchild in enumerate(chosen):
                element.insert(index + offset, grandchild)
                _process(grandchild, ignorable)
            continue
        if namespace in ignorable:
            element.remove(child)
            continue
        _process(child, ignorable)


def _choose(alternate: etree._Element) -> list[etree._Element]:
    for branch in alternate:
        if not isinstance(branch.tag, str):
            continue
        local = etree.QName(branch).localname
        if local == "Choice":
            nsmap = branch.nsmap
            required = (branch.get("Requires") or "").split()
            if required and all(prefix in nsmap and nsmap[prefix] in STANDARD for prefix in required):
                return [c for c in branch if isinstance(c.tag, str)]
        elif local == "Fallback":
            return [c for c in branch if isinstance(c.tag, str)]
    return []


def _custom_xml_data(name: str) -> bool:
    """customXml/itemN.xml: custom XML data, any XML at all; the SDK does not validate it either."""
    folder, base = posixpath.split(name)
    return folder == "customXml" and base.startswith("item") and not base.startswith("itemProps")


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def validate(path: Path) -> Report:
    report = Report(path.name)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        report.add("(package)", f"not a zip: {error}")
        return report
    with archive:
        names = [info.filename for info in archive.infolist() if not info.filename.endswith("/")]
        present = set(names)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        trees: dict[str, etree._Element] = {}
        processed: dict[str, etree._Element] = {}
        for name in names:
            if name.endswith((".xml", ".rels")) or name == "[Content_Types].xml":
                try:
                    trees[name] = etree.fromstring(archive.read(name), parser)
                except etree.XMLSyntaxError as error:
                    report.add(name, f"not well-formed XML: {error}")
        _check_content_types(report, trees, present)
        relationships = _check_relationships(report, trees, present)
        for name, root in trees.items():
            _check_references(report, name, root, relationships.get(name, {}))
            namespace = etree.QName(root).namespace
            copy = etree.fromstring(etree.tostring(root), parser)
            _process(copy, frozenset())
            processed[name] = copy
            if namespace not in UNDERSTOOD or namespace in UNVALIDATED_ROOTS or _custom_xml_data(name):
                continue
            report.parts += 1
            validator = schema()
            if not validator.validate(copy):
                for entry in validator.error_log:
                    report.add(name, f"line {entry.line}: {entry.message}")
        # after Markup Compatibility: Word writes a text box twice (a Choice and its Fallback), bookmarks too
        _check_word_ids(report, processed)
        _check_run_property_order(report, processed)
    return report


@lru_cache(maxsize=1)
def run_property_order() -> dict[str, int]:
    """EG_RPrBase's elements in the order wml.xsd lists them. The schema makes them a choice (any
    order); the Open XML SDK validates them as the sequence of ECMA-376's first edition, and so here."""
    root = etree.parse(str(SCHEMAS / "ISO-IEC29500-4_2016/wml.xsd")).getroot()
    xsd = "{http://www.w3.org/2001/XMLSchema}"
    group = next(g for g in root.iterfind(f"{xsd}group") if g.get("name") == "EG_RPrBase")
    return {f"{{{W}}}{e.get('name')}": index for index, e in enumerate(group.iter(f"{xsd}element"))}


def _check_run_property_order(report: Report, trees: dict[str, etree._Element]) -> None:
    ranks = run_property_order()
    for name, root in trees.items():
        if not name.startswith("word/"):
            continue
        for rpr in root.iter(f"{{{W}}}rPr"):
            last, last_tag = -1, ""
            for child in rpr:
                rank = ranks.get(child.tag) if isinstance(child.tag, str) else None
                if rank is None:
                    continue
                if rank <= last:
                    report.add(name, f"line {child.sourceline}: rPr: {etree.QName(child).localname} after "
                                     f"{etree.QName(last_tag).localname} (the SDK's order of run properties)")
                last, last_tag = rank, child.tag


def _check_content_types(report: Report, trees: dict[str, etree._Element], present: set[str]) -> None:
    types = trees.get("[Content_Types].xml")
    if types is None:
        report.add("[Content_Types].xml", "missing")
        return
    defaults = {e.get("Extension", "").lower() for e in types if etree.QName(e).localname == "Default"}
    overrides = {e.get("PartName", "").lstrip("/") for e in types if etree.QName(e).localname == "Override"}
    for name in sorted(present - {"[Content_Types].xml"}):
        extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        if name not in overrides and extension not in defaults:
            report.add("[Content_Types].xml", f"no content type for /{name}")
    for name in sorted(overrides - present):
        report.add("[Content_Types].xml", f"override for a missing part /{name}")


def _check_relationships(report: Report, trees: dict[str, etree._Element],
                         present: set[str]) -> dict[str, dict[str, str]]:
    """Each part's relationship ids → target; duplicates and missing internal targets reported."""
    result: dict[str, dict[str, str]] = {}
    for name, root in trees.items():
        if not name.endswith(".rels"):
            continue
        folder, base = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])
        ids: dict[str, str] = {}
        for relationship in root:
            if not isinstance(relationship.tag, str):
                continue
            identifier = relationship.get("Id", "")
            if identifier in ids:
                report.add(name, f"relationship id {identifier} used twice")
            target = relationship.get("Target", "")
            ids[identifier] = target
            if relationship.get("TargetMode") != "External" and "://" not in target:
                resolved = _resolve(source, target.split("#", 1)[0])
                if resolved and resolved not in present:
                    report.add(name, f"{identifier} targets a missing part /{resolved}")
        result[source] = ids
    return result


def _check_references(report: Report, name: str, root: etree._Element, ids: dict[str, str]) -> None:
    if name.endswith(".rels"):
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in element.attrib.items():
            if attribute.startswith(f"{{{REL}}}") and value and value not in ids:
                local = etree.QName(element).localname
                report.add(name, f"{local} r:{etree.QName(attribute).localname}={value!r} has no relationship"
                                 f" in {_rels_name(name)}")


def _check_word_ids(report: Report, trees: dict[str, etree._Element]) -> None:
    """WordprocessingML's own cross references: notes, numIds, bookmark ids."""
    w = f"{{{W}}}"
    ids_of = {}
    for kind in ("footnote", "endnote"):
        root = trees.get(f"word/{kind}s.xml")
        ids_of[kind] = [e.get(f"{w}id") for e in root.iter(f"{w}{kind}")] if root is not None else []
        if len(ids_of[kind]) != len(set(ids_of[kind])):
            report.add(f"word/{kind}s.xml", f"{kind} ids not unique")
    numbering = trees.get("word/numbering.xml")
    num_ids = {e.get(f"{w}numId") for e in numbering.iter(f"{w}num")} if numbering is not None else set()
    abstract_ids = ({e.get(f"{w}abstractNumId") for e in numbering.iter(f"{w}abstractNum")}
                    if numbering is not None else set())
    if numbering is not None:
        for num in numbering.iter(f"{w}num"):
            abstract = num.find(f"{w}abstractNumId")
            if abstract is not None and abstract.get(f"{w}val") not in abstract_ids:
                report.add("word/numbering.xml", f"num {num.get(f'{w}numId')} names a missing abstractNum")
    bookmarks: set[str] = set()
    for name, root in trees.items():
        if not (name.startswith("word/") and etree.QName(root).namespace == W):
            continue
        for kind in ("footnote", "endnote"):
            for reference in root.iter(f"{w}{kind}Reference"):
                if reference.get(f"{w}id") not in ids_of[kind]:
                    report.add(name, f"{kind}Reference {reference.get(f'{w}id')} has no {kind}")
        if name != "word/numbering.xml":
            for num_id in root.iter(f"{w}numId"):
                value = num_id.get(f"{w}val")
                if value not in num_ids and value != "0":
                    report.add(name, f"numId {value} is not in word/numbering.xml")
        for start in root.iter(f"{w}bookmarkStart"):
            identifier = start.get(f"{w}id")
            if identifier in bookmarks:
                report.add(name, f"bookmark id {identifier} used twice")
            bookmarks.add(identifier)


def files(arguments: list[str]) -> list[Path]:
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".docx", ".xlsx")))
        else:
            found.append(path)
    return found


def main(argv: list[str]) -> int:
    summary = "--summary" in argv
    paths = files([a for a in argv if a != "--summary"])
    if not paths:
        print("usage: ooxml_validate.py [--summary] FILE_OR_FOLDER ...", file=sys.stderr)
        return 2
    total = failing = 0
    for path in paths:
        report = validate(path)
        total += len(report.errors)
        failing += bool(report.errors)
        if summary:
            if report.errors:
                print(f"{len(report.errors):5d}  {path}")
        else:
            for error in report.errors:
                print(f"{path}: {error}")
    print(f"{total} errors in {failing} of {len(paths)} files")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
