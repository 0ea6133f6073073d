"""How much of what the author wrote survives ``publish docx``: count each kind in the input and the output.

    python tools/fidelity.py FILE_OR_DIR [...]            # one line per file and a totals line
    python tools/fidelity.py --json tests/corpus          # the same, for machines
    python tools/fidelity.py -j 2 tests/corpus corpus-extra

Every count is made straight from the XML of the main part and of the author's footnotes and endnotes, the
same way for the input and for the written .docx, so a change to the reader or writers can be measured:

- ``lists``: paragraphs Word numbers or bullets (``w:numPr`` direct or through the paragraph style,
  with a ``numId`` other than 0 that ``numbering.xml`` defines, at a level that draws a label);
- ``notes``: footnote and endnote references whose note exists and is the author's (not a separator);
- ``links``: links to outside the document (``w:hyperlink`` with an external relationship, and
  ``HYPERLINK`` fields without ``\\l``);
- ``merged``: merged table cells, one per merge (``gridSpan`` > 1, a ``vMerge`` or ``hMerge`` restart);
- ``tables``: every ``w:tbl``, nested ones included;
- ``pictures``: ``a:blip`` and ``v:imagedata`` that point at an image part;
- ``supsub``: runs with superscript or subscript text (direct or through the run's character style);
- ``equations``: outermost ``m:oMath``;
- ``textboxes``: text boxes holding text; one is kept when its text is found in the output's text, since
  the writer places a box's text as paragraphs after its anchor;
- ``text``: characters of text, compared paragraph by paragraph in order (whitespace ignored): the share
  of the input's characters the output holds. A contents (a TOC field, a contents block, "toc N"
  paragraphs) is not counted on either side, since the writer makes its own; nor is the masthead it adds.

A text box's ``mc:AlternateContent`` holds the box twice (``mc:Choice`` and ``mc:Fallback``); only the
choice is counted. Inputs are data: a file that cannot be read is reported, never a crash, and each
``publish`` run is stopped after 60 s.
"""

from __future__ import annotations

import argparse
import difflib
import json
import posixpath
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from publish.safexml import parse as parse_xml  # noqa: E402 - one safe parser for the project

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
W, R, A, V, M, MC = (f"{{{ns}}}" for ns in (W_NS, R_NS, A_NS, V_NS, M_NS, MC_NS))

# ISO/IEC 29500 Strict spells the same vocabularies with other namespace names.
STRICT_TO_TRANSITIONAL = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/", b"http://schemas.openxmlformats.org/wordprocessingml/2006/"),
    (b"http://purl.oclc.org/ooxml/officeDocument/", b"http://schemas.openxmlformats.org/officeDocument/2006/"),
    (b"http://purl.oclc.org/ooxml/drawingml/", b"http://schemas.openxmlformats.org/drawingml/2006/"),
)

KINDS = ("lists", "notes", "links", "merged", "tables", "pictures", "supsub", "equations", "textboxes")
TIMEOUT_SECONDS = 60
MAX_PART_BYTES = 64 * 1024 * 1024  # a part declaring more than this is not read (zip bombs)
SEPARATOR_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
HYPERLINK_FIELD = re.compile(r"^\s*HYPERLINK\b", re.IGNORECASE)
LOCAL_SWITCH = re.compile(r"\\l\b")
SPACE = re.compile(r"\s+")


class Unreadable(Exception):
    """The file is not a WordprocessingML package the checker can count."""


# -- the package ------------------------------------------------------------------------------------


@dataclass
class Package:
    """The parts of one .docx that the counts need, parsed, with ``mc:Fallback`` removed."""

    body: etree._Element
    relationships: dict[str, tuple[str, bool]]  # rId -> (target, external)
    styles: etree._Element | None
    numbering: etree._Element | None
    footnotes: etree._Element | None
    endnotes: etree._Element | None
    producer: str = ""


def open_package(path: Path) -> Package:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Unreadable(f"not a zip package ({error})") from None
    with archive:
        def part(name: str) -> bytes | None:
            try:
                info = archive.getinfo(name)
            except KeyError:
                return None
            if info.file_size > MAX_PART_BYTES:
                raise Unreadable(f"{name} declares {info.file_size} bytes")
            try:
                data = archive.read(info)
            except Exception as error:  # noqa: BLE001 - broken compression, encryption, CRC
                raise Unreadable(f"{name} cannot be read ({error})") from None
            for strict, transitional in STRICT_TO_TRANSITIONAL:
                data = data.replace(strict, transitional)
            return data

        def xml(name: str | None) -> etree._Element | None:
            data = part(name) if name else None
            if data is None:
                return None
            try:
                return parse_xml(data)
            except ValueError as error:
                raise Unreadable(f"{name} {error}") from None

        main = _main_part_name(xml("_rels/.rels"))
        document = xml(main)
        if document is None or document.find(f"{W}body") is None:
            raise Unreadable("no WordprocessingML document body")
        folder = posixpath.dirname(main)
        rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        relationships: dict[str, tuple[str, bool]] = {}
        by_type: dict[str, str] = {}
        rels = xml(rels_name)
        for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship") if rels is not None else ():
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            relationships[rel.get("Id", "")] = (target, external)
            if not external:
                by_type.setdefault(rel.get("Type", "").rsplit("/", 1)[-1],
                                   posixpath.normpath(posixpath.join(folder, target.lstrip("/")))
                                   if not target.startswith("/") else target.lstrip("/"))
        producer = _producer(xml("docProps/app.xml"))
        package = Package(body=document.find(f"{W}body"), relationships=relationships,
                          styles=xml(by_type.get("styles")), numbering=xml(by_type.get("numbering")),
                          footnotes=xml(by_type.get("footnotes")), endnotes=xml(by_type.get("endnotes")),
                          producer=producer)
    for root in (package.body, package.footnotes, package.endnotes):
        if root is not None:
            _drop_fallbacks(root)
    return package


def _main_part_name(rels: etree._Element | None) -> str:
    if rels is not None:
        for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _producer(app: etree._Element | None) -> str:
    if app is None:
        return ""
    name = (app.findtext(f"{{{APP_NS}}}Application") or "").strip()
    version = (app.findtext(f"{{{APP_NS}}}AppVersion") or "").strip()
    return f"{name} {version}".strip()[:40]


def _drop_fallbacks(root: etree._Element) -> None:
    # Choice and Fallback are two spellings of one object; count it once.
    for fallback in list(root.iter(f"{MC}Fallback")):
        parent = fallback.getparent()
        if parent is not None and parent.find(f"{MC}Choice") is not None:
            parent.remove(fallback)


# -- what the writer adds ---------------------------------------------------------------------------


def _is_contents_block(element: etree._Element) -> bool:
    gallery = element.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return element.tag == f"{W}sdt" and gallery is not None and gallery.get(f"{W}val") == "Table of Contents"


def _is_masthead(element: etree._Element) -> bool:
    style = element.find(f"{W}pPr/{W}pStyle")
    return element.tag == f"{W}p" and style is not None and style.get(f"{W}val", "").startswith("Masthead")


def authored_body(package: Package, written: bool) -> list[etree._Element]:
    """The body's top-level elements that carry the author's content: not a contents block (the writer
    makes its own from the headings, so an input's old one is not content), nor the writer's masthead."""
    children = [child for child in package.body if isinstance(child.tag, str)]
    return [child for child in children
            if not _is_contents_block(child) and not (written and _is_masthead(child))]


def _contents_style_ids(styles: etree._Element | None) -> set[str]:
    """Ids of the paragraph styles of contents entries ("toc 1" … "toc 9", WPS's "目录 1" …)."""
    if styles is None:
        return set()
    return {style.get(f"{W}styleId") for style in styles.iter(f"{W}style")
            if re.fullmatch(r"(toc|目录)\s*\d", (_val(style.find(f"{W}name"), "") or "").strip().lower())}


def contents_paragraphs(roots: list[etree._Element]) -> set[etree._Element]:
    """Paragraphs holding a TOC field's entries (a contents not wrapped in a content control)."""
    found: set[etree._Element] = set()
    fields: list[list] = []  # [instruction parts, is a TOC]
    for root in roots:
        for element in root.iter(f"{W}p", f"{W}fldChar", f"{W}instrText"):
            if element.tag == f"{W}p":
                if any(is_toc for _, is_toc in fields):
                    found.add(element)
                continue
            paragraph = next(element.iterancestors(f"{W}p"), None)
            if element.tag == f"{W}instrText":
                if fields:
                    fields[-1][0].append(element.text or "")
                continue
            kind = element.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append([[], False])
            elif kind == "separate" and fields:
                fields[-1][1] = "".join(fields[-1][0]).strip().upper().startswith("TOC")
                if fields[-1][1] and paragraph is not None:
                    found.add(paragraph)
            elif kind == "end" and fields:
                if fields[-1][1] and paragraph is not None:
                    found.add(paragraph)
                fields.pop()
    return found


def _iter(roots: Iterable[etree._Element], tag: str) -> Iterator[etree._Element]:
    for root in roots:
        yield from root.iter(tag)


# -- the counts -------------------------------------------------------------------------------------


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(f"{W}val", default)


def _style_chain(styles: etree._Element | None, kind: str, style_id: str | None) -> list[etree._Element]:
    """The style and the styles it is based on, nearest first (cycles cut)."""
    if styles is None or not style_id:
        return []
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style") if s.get(f"{W}type") == kind}
    chain, seen = [], set()
    while style_id and style_id in by_id and style_id not in seen:
        seen.add(style_id)
        chain.append(by_id[style_id])
        style_id = _val(by_id[style_id].find(f"{W}basedOn"))
    return chain


def _silent_levels(numbering: etree._Element | None) -> set[tuple[str, str]]:
    """(numId, ilvl) of the list levels that draw no label: an empty ``lvlText``, or format "none" with
    nothing but the level's own number in it (LibreOffice's heading outline)."""
    if numbering is None:
        return set()
    abstract = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
    silent = set()
    for num in numbering.iter(f"{W}num"):
        levels = {}
        base = abstract.get(_val(num.find(f"{W}abstractNumId")))
        for level in base.iter(f"{W}lvl") if base is not None else ():
            levels[level.get(f"{W}ilvl")] = level
        for override in num.iter(f"{W}lvlOverride"):
            level = override.find(f"{W}lvl")
            if level is not None:
                levels[override.get(f"{W}ilvl")] = level
        for ilvl, level in levels.items():
            text = _val(level.find(f"{W}lvlText"))
            fmt = _val(level.find(f"{W}numFmt"))
            own = f"%{int(ilvl) + 1}" if (ilvl or "").isdigit() else None
            if text == "" or (fmt == "none" and own and text is not None and not text.replace(own, "").strip()):
                silent.add((num.get(f"{W}numId"), ilvl))
    return silent


def count_lists(package: Package, roots: list[etree._Element]) -> int:
    """Paragraphs that Word draws a list label for."""
    defined = set()
    if package.numbering is not None:
        defined = {n.get(f"{W}numId") for n in package.numbering.iter(f"{W}num")}
    silent = _silent_levels(package.numbering)
    style_num: dict[str, tuple[str | None, str | None]] = {}

    def from_style(style_id: str) -> tuple[str | None, str | None]:
        if style_id not in style_num:
            style_num[style_id] = (None, None)
            for style in _style_chain(package.styles, "paragraph", style_id):
                num_id = style.find(f"{W}pPr/{W}numPr/{W}numId")
                if num_id is not None:
                    style_num[style_id] = (_val(num_id), _val(style.find(f"{W}pPr/{W}numPr/{W}ilvl")))
                    break
        return style_num[style_id]

    count = 0
    for paragraph in _iter(roots, f"{W}p"):
        num_id = _val(paragraph.find(f"{W}pPr/{W}numPr/{W}numId"))
        ilvl = _val(paragraph.find(f"{W}pPr/{W}numPr/{W}ilvl"))
        if num_id is None:
            style_id = _val(paragraph.find(f"{W}pPr/{W}pStyle"))
            num_id, style_ilvl = from_style(style_id) if style_id else (None, None)
            ilvl = ilvl or style_ilvl
        if num_id and num_id != "0" and num_id in defined and (num_id, ilvl or "0") not in silent:
            count += 1
    return count


def count_notes(package: Package, roots: list[etree._Element]) -> int:
    count = 0
    for kind, notes in (("footnote", package.footnotes), ("endnote", package.endnotes)):
        authored = set()
        if notes is not None:
            authored = {n.get(f"{W}id") for n in notes.iter(f"{W}{kind}")
                        if n.get(f"{W}type", "normal") not in SEPARATOR_NOTE_TYPES}
        count += sum(1 for ref in _iter(roots, f"{W}{kind}Reference") if ref.get(f"{W}id") in authored)
    return count


def count_links(package: Package, roots: list[etree._Element]) -> int:
    count = 0
    for link in _iter(roots, f"{W}hyperlink"):
        target = package.relationships.get(link.get(f"{R}id", ""))
        if target and target[1] and target[0]:
            count += 1
    return count + sum(1 for instruction in field_instructions(roots)
                       if HYPERLINK_FIELD.match(instruction) and not LOCAL_SWITCH.search(instruction))


def field_instructions(roots: list[etree._Element]) -> list[str]:
    """The instruction of every field: ``w:fldSimple`` and complex fields (instructions over several runs)."""
    instructions = [simple.get(f"{W}instr", "") for simple in _iter(roots, f"{W}fldSimple")]
    open_fields: list[list[str]] = []
    for root in roots:
        for element in root.iter(f"{W}fldChar", f"{W}instrText"):
            if element.tag == f"{W}instrText":
                if open_fields:
                    open_fields[-1].append(element.text or "")
                continue
            kind = element.get(f"{W}fldCharType")
            if kind == "begin":
                open_fields.append([])
            elif kind == "end" and open_fields:
                instructions.append("".join(open_fields.pop()))
    return instructions + ["".join(parts) for parts in open_fields]


def count_merged(roots: list[etree._Element]) -> int:
    count = 0
    for cell in _iter(roots, f"{W}tc"):
        properties = cell.find(f"{W}tcPr")
        if properties is None:
            continue
        v_merge, h_merge = properties.find(f"{W}vMerge"), properties.find(f"{W}hMerge")
        if v_merge is not None and _val(v_merge, "continue") != "restart":
            continue  # the rest of a vertical merge
        span = _val(properties.find(f"{W}gridSpan"), "1")
        if (v_merge is not None or (h_merge is not None and _val(h_merge, "continue") == "restart")
                or (span.isdigit() and int(span) > 1)):
            count += 1
    return count


def count_pictures(package: Package, roots: list[etree._Element]) -> int:
    count = 0
    for root in roots:
        for element in root.iter(f"{A}blip", f"{V}imagedata"):
            rel_id = (element.get(f"{R}embed") or element.get(f"{R}link") if element.tag == f"{A}blip"
                      else element.get(f"{R}id") or element.get(f"{R}pict"))
            if rel_id and rel_id in package.relationships:
                count += 1
    return count


def count_supsub(package: Package, roots: list[etree._Element]) -> int:
    style_vertical: dict[str, str | None] = {}

    def vertical(run: etree._Element) -> str | None:
        direct = _val(run.find(f"{W}rPr/{W}vertAlign"))
        if direct is not None:
            return direct
        style_id = _val(run.find(f"{W}rPr/{W}rStyle"))
        if not style_id:
            return None
        if style_id not in style_vertical:
            style_vertical[style_id] = None
            for style in _style_chain(package.styles, "character", style_id):
                found = _val(style.find(f"{W}rPr/{W}vertAlign"))
                if found is not None:
                    style_vertical[style_id] = found
                    break
        return style_vertical[style_id]

    return sum(1 for run in _iter(roots, f"{W}r")
               if vertical(run) in ("superscript", "subscript")
               and any((t.text or "").strip() for t in run.iter(f"{W}t")))


def count_equations(roots: list[etree._Element]) -> int:
    return sum(1 for math in _iter(roots, f"{M}oMath")
               if not any(a.tag == f"{M}oMath" for a in math.iterancestors()))


def text_boxes(roots: list[etree._Element]) -> list[str]:
    """Each text box's text (whitespace removed), outermost boxes only, empty boxes left out."""
    boxes = []
    for box in _iter(roots, f"{W}txbxContent"):
        if any(a.tag == f"{W}txbxContent" for a in box.iterancestors()):
            continue
        text = SPACE.sub("", "".join(t.text or "" for t in box.iter(f"{W}t")))
        if text:
            boxes.append(text)
    return boxes


def paragraph_texts(roots: list[etree._Element], styles: etree._Element | None = None) -> list[str]:
    """The text of every paragraph in document order, whitespace removed; a text box's paragraphs are
    their own; deleted (tracked) text and the entries of a contents are not the author's text."""
    texts: dict[etree._Element, list[str]] = {}
    order: list[etree._Element] = []
    contents = contents_paragraphs(roots)
    contents_styles = _contents_style_ids(styles)
    for root in roots:
        for element in root.iter(f"{W}p", f"{W}t"):
            if element.tag == f"{W}p":
                if element in contents or _val(element.find(f"{W}pPr/{W}pStyle")) in contents_styles:
                    continue
                texts[element] = []
                order.append(element)
                continue
            owner = next((a for a in element.iterancestors(f"{W}p", f"{W}del")), None)
            if owner is not None and owner in texts and element.text:
                texts[owner].append(element.text)
    return [text for text in (SPACE.sub("", "".join(texts[p])) for p in order) if text]


@dataclass
class Counts:
    kinds: dict[str, int] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)

    @property
    def characters(self) -> int:
        return sum(len(text) for text in self.paragraphs)


def authored_notes(package: Package) -> list[etree._Element]:
    """The footnotes and endnotes the author wrote (not the separators)."""
    return [note for kind, part in (("footnote", package.footnotes), ("endnote", package.endnotes))
            if part is not None for note in part.iter(f"{W}{kind}")
            if note.get(f"{W}type", "normal") not in SEPARATOR_NOTE_TYPES]


def count(package: Package, written: bool = False) -> Counts:
    """Every kind in the body and in the notes; the notes' text follows the body's."""
    roots = authored_body(package, written) + authored_notes(package)
    boxes = text_boxes(roots)
    kinds = {
        "lists": count_lists(package, roots),
        "notes": count_notes(package, roots),
        "links": count_links(package, roots),
        "merged": count_merged(roots),
        "tables": sum(1 for _ in _iter(roots, f"{W}tbl")),
        "pictures": count_pictures(package, roots),
        "supsub": count_supsub(package, roots),
        "equations": count_equations(roots),
        "textboxes": len(boxes),
    }
    return Counts(kinds=kinds, paragraphs=paragraph_texts(roots, package.styles), boxes=boxes)


def characters_kept(source: list[str], output: list[str]) -> int:
    """Characters of the source paragraphs that the output holds, matched paragraph by paragraph in order;
    where paragraphs differ, the characters the two runs of paragraphs share in order."""
    kept = 0
    matcher = difflib.SequenceMatcher(None, source, output, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept += sum(len(text) for text in source[i1:i2])
        elif tag == "replace":
            before, after = "".join(source[i1:i2]), "".join(output[j1:j2])
            if len(before) * len(after) > 4_000_000:  # too long to align by characters: count by paragraph
                remaining = list(output[j1:j2])
                for text in source[i1:i2]:
                    if text in remaining:
                        remaining.remove(text)
                        kept += len(text)
                continue
            characters = difflib.SequenceMatcher(None, before, after, autojunk=False)
            kept += sum(block.size for block in characters.get_matching_blocks())
    return kept


# -- one file ---------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    producer: str = ""
    total: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    error: str = ""  # why the input was not written (or not countable)

    @property
    def written(self) -> bool:
        return not self.error

    def to_json(self) -> dict:
        return {"name": self.name, "producer": self.producer, "written": self.written,
                "error": self.error or None,
                "kinds": {kind: {"kept": self.kept.get(kind, 0), "total": self.total.get(kind, 0)}
                          for kind in (*KINDS, "text")}}


def compare(source: Counts, output: Counts) -> dict[str, int]:
    kept = {kind: min(source.kinds[kind], output.kinds[kind]) for kind in KINDS if kind != "textboxes"}
    written_text = "".join(output.paragraphs)
    kept["textboxes"] = sum(1 for box in source.boxes if box in written_text)
    kept["text"] = characters_kept(source.paragraphs, output.paragraphs)
    return kept


def check_file(path: Path, timeout: float = TIMEOUT_SECONDS) -> Result:
    result = Result(name=path.name)
    try:
        source_package = open_package(path)
        source = count(source_package)
    except Unreadable as error:
        result.error = f"input not countable: {error}"
        return result
    result.producer = source_package.producer
    result.total = {**source.kinds, "text": source.characters}
    with tempfile.TemporaryDirectory(prefix="fidelity-") as folder:
        # the model's page numbers: what is counted here does not depend on them, and LibreOffice is slow
        command = [sys.executable, "-m", "publish", "docx", "-q", "--page-numbers", "model", "-o", folder, str(path)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  env=_child_environment(), stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            result.error = f"publish docx took longer than {timeout:g} s"
            return result
        written = Path(folder) / f"{path.stem}.docx"
        if done.returncode != 0 or not written.exists():
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            result.error = (lines[-1] if lines else f"exit status {done.returncode}")[:300]
            return result
        try:
            output = count(open_package(written), written=True)
        except Unreadable as error:
            result.error = f"written .docx not countable: {error}"
            return result
    result.kept = compare(source, output)
    return result


def _child_environment() -> dict[str, str]:
    import os

    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), environment.get("PYTHONPATH")]))
    return environment


# -- report -----------------------------------------------------------------------------------------

LABELS = {"lists": "lists", "notes": "notes", "links": "links", "merged": "merged", "tables": "tables",
          "pictures": "pictures", "supsub": "sup/sub", "equations": "equations", "textboxes": "boxes",
          "text": "text"}


def totals(results: list[Result]) -> tuple[dict[str, int], dict[str, int]]:
    """Kept and total of each kind over all inputs; a file not written keeps nothing."""
    kept = {kind: 0 for kind in (*KINDS, "text")}
    total = dict(kept)
    for result in results:
        for kind in kept:
            total[kind] += result.total.get(kind, 0)
            kept[kind] += result.kept.get(kind, 0)
    return kept, total


def format_line(name: str, producer: str, kept: dict[str, int], total: dict[str, int], error: str = "") -> str:
    cells = []
    for kind in (*KINDS, "text"):
        if total.get(kind):
            cells.append(f"{LABELS[kind]} {kept.get(kind, 0)}/{total[kind]}")
    line = f"{name[:48]:<48} {producer[:22]:<22} " + ("  ".join(cells) or "(nothing counted)")
    return line + (f"  NOT WRITTEN: {error}" if error else "")


def format_report(results: list[Result]) -> str:
    lines = [format_line(r.name, r.producer, r.kept, r.total, r.error) for r in results]
    kept, total = totals(results)
    written = sum(1 for r in results if r.written)
    lines.append(f"TOTAL: {written}/{len(results)} files written; " + "; ".join(
        f"{LABELS[kind]} {kept[kind]}/{total[kind]} ({percent(kept[kind], total[kind])})"
        for kind in (*KINDS, "text")))
    return "\n".join(lines)


def format_markdown(results: list[Result]) -> str:
    kept, total = totals(results)
    written = sum(1 for r in results if r.written)
    rows = ["| kind | kept | of | share |", "|---|---:|---:|---:|",
            f"| files written | {written} | {len(results)} | {percent(written, len(results))} |"]
    rows += [f"| {LABELS[kind]} | {kept[kind]:,} | {total[kind]:,} | {percent(kept[kind], total[kind])} |"
             for kind in (*KINDS, "text")]
    return "\n".join(rows)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def inputs(names: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.docx") if p.is_file() and not p.name.startswith("~$"))
        else:
            found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help=".docx files or folders of them")
    parser.add_argument("--json", action="store_true", help="print JSON instead of lines")
    parser.add_argument("--markdown", action="store_true", help="also print the totals as a Markdown table")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="files checked at once (default 1)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per file (default 60)")
    args = parser.parse_args(argv)
    files = inputs(args.paths)
    if not files:
        print("fidelity: no .docx files found", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda p: check_file(p, args.timeout), files))
    if args.json:
        kept, total = totals(results)
        json.dump({"files": [r.to_json() for r in results],
                   "totals": {"written": sum(r.written for r in results), "files": len(results),
                              "kinds": {k: {"kept": kept[k], "total": total[k]} for k in kept}}},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(format_report(results))
        if args.markdown:
            print()
            print(format_markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
