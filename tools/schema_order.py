"""Generate ``src/publish/writers/docx/schema_order.py``: each WordprocessingML type's child order, from
the ISO/IEC 29500 transitional schema (tests/schemas/ISO-IEC29500-4_2016/wml.xsd).

    python tools/schema_order.py           # write the module
    python tools/schema_order.py --check   # exit 1 if the module is not what the schema gives (the tests run it)

For every complex type reachable from the roots of the parts the writer emits (document, styles,
settings, numbering, notes, headers, footers, fonts), the module holds:

- ``RANK[type][child]``: the child's place in the type's content model. Children of one repeating
  choice share a rank (p, tbl, sdt … in a body are free to come in any order, and their order is the
  document's), so a stable sort by rank moves only what the schema fixes; a choice made once ranks its
  branches in turn, so a branch that is a sequence is sorted too. The one exception is
  ``EG_RPrBase``: the schema lets run properties come in any order, but the Open XML SDK's validator
  and Word 2007 want them in the order the group lists them, so each gets its own rank.
- ``CHILD_TYPE[type][child]``: the child's own type, so a whole tree can be sorted from its root.
- ``ROOT_TYPE[element]``: the type of each part's root element.

Names are prefixed: ``w:`` WordprocessingML, ``m:`` math, ``sl:`` schema library, ``r:``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "ISO-IEC29500-4_2016" / "wml.xsd"
MATH_SCHEMA = SCHEMA.parent / "shared-math.xsd"
OUT = ROOT / "src" / "publish" / "writers" / "docx" / "schema_order.py"
XSD = "{http://www.w3.org/2001/XMLSchema}"
PREFIXES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main": "sl",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
}
ROOTS = ("w:document", "w:styles", "w:settings", "w:numbering", "w:footnotes", "w:endnotes", "w:hdr", "w:ftr",
         "w:fonts", "m:oMathPara", "m:oMath")
# Listed in order but declared as a choice; ordered as the SDK validates (see the docstring).
SDK_ORDERED_GROUPS = {"EG_RPrBase"}


class Schema:
    """wml.xsd and shared-math.xsd together (math's runs hold w:rPr, w's paragraphs hold m:oMath).
    A type is named as in the generated module: ``CT_PPr`` for w's, ``m:CT_DPr`` for math's."""

    def __init__(self, *paths: Path) -> None:
        self.types: dict[str, etree._Element] = {}
        self.groups: dict[str, etree._Element] = {}
        self.elements: dict[str, str] = {}
        for path in paths:
            root = etree.parse(str(path)).getroot()
            for node in root.iterfind(f"{XSD}complexType"):
                self.types[self.key(node, node.get("name"))] = node
            for node in root.iterfind(f"{XSD}group"):
                self.groups[self.key(node, node.get("name"))] = node
            for node in root.iterfind(f"{XSD}element"):
                self.elements[self.qualified(node, node.get("name"))] = self.key(node, node.get("type"))

    @staticmethod
    def prefix_of(node: etree._Element, ref: str) -> tuple[str, str]:
        prefix, _, local = ref.rpartition(":")
        uri = node.nsmap.get(prefix or None, "")
        return PREFIXES.get(uri, prefix or "?"), local

    def key(self, node: etree._Element, ref: str) -> str:
        """A type's or group's name: unprefixed for w's, ``m:`` for math's."""
        prefix, local = self.prefix_of(node, ref)
        return local if prefix == "w" else f"{prefix}:{local}"

    def qualified(self, node: etree._Element, ref: str) -> str:
        """An element's name, prefixed: ``w:pPr``, ``m:dPr``."""
        prefix, local = self.prefix_of(node, ref)
        return f"{prefix}:{local}"

    def children(self, type_name: str) -> list[tuple[str, str | None, int]]:
        """(child, child's type, rank) in content-model order."""
        out: list[tuple[str, str | None, int]] = []
        self._particles(self.types[type_name], out, [0], shared=None)
        return out

    def _particles(self, node: etree._Element, out: list, counter: list[int], shared: int | None) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag[len(XSD):]
            repeats = child.get("maxOccurs", "1") != "1"
            if local in ("complexContent", "simpleContent"):
                self._particles(child, out, counter, shared)
            elif local in ("extension", "restriction"):
                base = self.key(child, child.get("base", ""))
                if base in self.types and local == "extension":
                    self._particles(self.types[base], out, counter, shared)
                self._particles(child, out, counter, shared)
            elif local == "sequence":
                self._particles(child, out, counter, shared if shared is not None else
                                (self._next(counter) if repeats and self._mixed(child) else None))
            elif local == "choice":
                # A repeating choice's branches interleave (p, tbl, sdt … in a body): one rank for all, so
                # their order is kept. Of a choice made once, one branch is there, and a branch that is a
                # sequence keeps its own order (math's run properties: m:nor, or m:scr then m:sty).
                self._particles(child, out, counter, shared if shared is not None or not repeats
                                else self._next(counter))
            elif local == "group":
                name = self.key(child, child.get("ref", ""))
                group = self.groups.get(name)
                if group is None:
                    continue
                if name in SDK_ORDERED_GROUPS:
                    for particle in group.iter(f"{XSD}element"):
                        out.append((self.qualified(particle, particle.get("name")),
                                    self.key(particle, particle.get("type")), self._next(counter)))
                    continue
                self._particles(group, out, counter, shared if shared is not None else
                                (self._next(counter) if repeats and self._mixed(group) else None))
            elif local == "element":
                if child.get("ref"):
                    name = self.qualified(child, child.get("ref"))
                    child_type = self.elements.get(name)
                else:
                    name = self.qualified(child, child.get("name"))
                    child_type = self.key(child, child.get("type") or "")
                rank = shared if shared is not None else self._next(counter)
                out.append((name, child_type, rank))

    def _mixed(self, node: etree._Element) -> bool:
        names = {e.get("name") or e.get("ref") for e in node.iter(f"{XSD}element")}
        return len(names) > 1 or any(True for _ in node.iter(f"{XSD}group"))

    @staticmethod
    def _next(counter: list[int]) -> int:
        counter[0] += 1
        return counter[0]


def generate() -> str:
    schema = Schema(SCHEMA, MATH_SCHEMA)
    ranks: dict[str, dict[str, int]] = {}
    child_types: dict[str, dict[str, str]] = {}
    pending = [schema.elements[root] for root in ROOTS]
    while pending:
        type_name = pending.pop()
        if type_name in ranks or type_name not in schema.types:
            continue
        ranks[type_name] = {}
        child_types[type_name] = {}
        for name, child_type, rank in schema.children(type_name):
            ranks[type_name].setdefault(name, rank)
            if child_type and child_type in schema.types:
                child_types[type_name].setdefault(name, child_type)
                pending.append(child_type)
    lines = ['"""Each WordprocessingML type\'s child order, from the ISO/IEC 29500 transitional schema.',
             "",
             "Generated by tools/schema_order.py from tests/schemas/ISO-IEC29500-4_2016/wml.xsd and",
             "shared-math.xsd: do not edit;",
             "``python tools/schema_order.py`` writes it again. See that tool for what the ranks mean.",
             '"""',
             "",
             "ROOT_TYPE = {"]
    lines += [f"    {root!r}: {schema.elements[root]!r}," for root in ROOTS]
    lines += ["}", "", "RANK: dict[str, dict[str, int]] = {"]
    for type_name in sorted(ranks):
        # ranks renumbered from 0 so that the file does not change with unrelated types
        order = sorted(set(ranks[type_name].values()))
        dense = {value: index for index, value in enumerate(order)}
        body = ", ".join(f"{name!r}: {dense[rank]}" for name, rank in ranks[type_name].items())
        lines.append(f"    {type_name!r}: {{{body}}},")
    lines += ["}", "", "CHILD_TYPE: dict[str, dict[str, str]] = {"]
    for type_name in sorted(child_types):
        if child_types[type_name]:
            body = ", ".join(f"{name!r}: {child!r}" for name, child in child_types[type_name].items())
            lines.append(f"    {type_name!r}: {{{body}}},")
    lines += ["}", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is not what {SCHEMA.relative_to(ROOT)} gives; "
                  "run python tools/schema_order.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
