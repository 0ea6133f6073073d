"""How much of what the author wrote reaches the written .docx: each kind counted in the input and the output.

    python tools/fidelity.py FILE_OR_FOLDER ...           # one line per file, then the totals
    python tools/fidelity.py --json tests/corpus          # the same, for machines

For every input it runs ``publish docx`` in a child process (60 s at most), then counts, straight from
the WordprocessingML of both packages: list paragraphs, footnote and endnote references, links to web
pages, merged cells, tables, pictures, runs of raised or lowered text (counted in characters), equations,
text boxes with text, and the text itself, paragraph by paragraph. Each count is read the same way on
both sides, so "kept" compares like with like; a text box's text is kept when it is anywhere in the
output, since the writer sets it as paragraphs after its anchor. Files the writer refuses count as not
written. Input is data: a hostile file can fail its own line, never the run.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from publish import safexml  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
STRICT = (b"http://purl.oclc.org/ooxml/wordprocessingml/main", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main")
KINDS = ("lists", "notes", "links", "merged", "tables", "pictures", "raised", "equations", "boxes")
TIMEOUT = 60
MAX_PART = 64 * 1024 * 1024


@dataclass
class Counts:
    kinds: collections.Counter = field(default_factory=collections.Counter)
    paragraphs: list[str] = field(default_factory=list)  # normalised text of each paragraph (body and notes)
    boxes: list[str] = field(default_factory=list)  # normalised text of each text box
    producer: str = ""


def _parse(data: bytes) -> etree._Element:
    for strict, transitional in (STRICT,):
        data = data.replace(strict, transitional)
    return safexml.parse(data)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(element: etree._Element, *, boxes: bool = True) -> str:
    """The element's text; without ``boxes``, leaving out what text boxes inside it hold."""
    skip = (f"{W}del", f"{W}moveFrom") + (() if boxes else (f"{W}txbxContent",))
    return "".join(t.text or "" for t in element.iter(f"{W}t") if not _under(t, skip))


def _under(element: etree._Element, tags: tuple[str, ...]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def count(path: Path) -> Counts:
    """The kinds in one .docx, read from its main part, its notes and its relationships."""
    found = Counts()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())

        def read(name: str) -> etree._Element | None:
            if name not in names or archive.getinfo(name).file_size > MAX_PART:
                return None
            return _parse(archive.read(name))

        rels_root = read("_rels/.rels")
        main = "word/document.xml"
        if rels_root is not None:
            for rel in rels_root:
                if rel.get("Type", "").endswith("/officeDocument"):
                    main = rel.get("Target", main).lstrip("/")
        folder, base = main.rsplit("/", 1) if "/" in main else ("", main)
        rels = read(f"{folder}/_rels/{base}.rels") if folder else read(f"_rels/{base}.rels")
        external = {r.get("Id") for r in (rels if rels is not None else [])
                    if r.get("TargetMode") == "External" and r.get("Type", "").endswith("/hyperlink")}
        targets = {r.get("Id"): r.get("Target", "") for r in (rels if rels is not None else [])}
        document = read(main)
        if document is None:
            raise ValueError(f"no main part {main}")
        styles = read(f"{folder}/styles.xml") if folder else None
        app = read("docProps/app.xml")
        if app is not None:
            application = next((e.text for e in app.iter() if isinstance(e.tag, str) and e.tag.endswith("Application")),
                               None)
            found.producer = (application or "").strip()
        style_names, style_lists = _styles(styles)
        notes = [read(f"{folder}/{_target(targets, rels, kind)}") for kind in ("footnotes", "endnotes")]
        for root in (document, *[n for n in notes if n is not None]):
            for fallback in list(root.iter(f"{MC}Fallback")):  # a box or picture is written twice: count once
                fallback.getparent().remove(fallback)
        _count_story(document, found, external, style_names, style_lists, body=True)
        for root in notes:
            if root is not None:
                for note in root:
                    if note.get(f"{W}type") in (None, "normal"):
                        _count_story(note, found, set(), style_names, style_lists, body=False)
    return found


def _target(targets: dict[str, str], rels, kind: str) -> str:  # noqa: ANN001
    for rel in rels if rels is not None else []:
        if rel.get("Type", "").endswith("/" + kind):
            return rel.get("Target", "").lstrip("/").rsplit("/", 1)[-1]
    return f"{kind}.xml"


def _styles(root: etree._Element | None) -> tuple[dict[str, str], set[str]]:
    """Paragraph style names by id, and the ids of styles that number their paragraphs (through basedOn)."""
    if root is None:
        return {}, set()
    names, based, numbered = {}, {}, set()
    for style in root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        name = style.find(f"{W}name")
        names[style_id] = (name.get(f"{W}val") if name is not None else "").lower()
        parent = style.find(f"{W}basedOn")
        based[style_id] = parent.get(f"{W}val") if parent is not None else None
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None and num.get(f"{W}val") not in (None, "0"):
            numbered.add(style_id)
    lists = set()
    for style_id in names:
        current, seen = style_id, set()
        while current and current not in seen:
            seen.add(current)
            if current in numbered:
                lists.add(style_id)
                break
            current = based.get(current)
    return names, lists


def _count_story(root: etree._Element, found: Counts, external: set[str], style_names: dict[str, str],
                 style_lists: set[str], *, body: bool) -> None:
    kinds = found.kinds
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
        if re.fullmatch(r"(toc|目录)\s*\d", style_names.get(style_id, "")) or _under(p, (f"{W}txbxContent",)):
            continue
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        text = _norm(_text(p, boxes=False))
        if (num is not None and num.get(f"{W}val") != "0") or (num is None and style_id in style_lists):
            if text:
                kinds["lists"] += 1
        if text:
            found.paragraphs.append(text)
    if body:
        kinds["notes"] += sum(1 for _ in root.iter(f"{W}footnoteReference", f"{W}endnoteReference"))
        kinds["links"] += sum(1 for h in root.iter(f"{W}hyperlink") if h.get(f"{R}id") in external)
        kinds["links"] += sum(1 for i in root.iter(f"{W}instrText") if re.match(r"\s*HYPERLINK\s+\"?[^\\\s]", i.text or ""))
        kinds["links"] += sum(1 for f in root.iter(f"{W}fldSimple")
                              if re.match(r"\s*HYPERLINK\s+\"?[^\\\s]", f.get(f"{W}instr") or ""))
    for tc in root.iter(f"{W}tc"):
        props = tc.find(f"{W}tcPr")
        if props is None:
            continue
        span = props.find(f"{W}gridSpan")
        if (span is not None and span.get(f"{W}val") not in (None, "1")) or props.find(f"{W}vMerge") is not None \
                or props.find(f"{W}hMerge") is not None:
            kinds["merged"] += 1
    kinds["tables"] += sum(1 for _ in root.iter(f"{W}tbl"))
    kinds["pictures"] += sum(1 for b in root.iter(f"{A}blip") if b.get(f"{R}embed"))
    kinds["pictures"] += sum(1 for i in root.iter(f"{V}imagedata") if i.get(f"{R}id"))
    for run in root.iter(f"{W}r"):
        align = run.find(f"{W}rPr/{W}vertAlign")
        if align is not None and align.get(f"{W}val") in ("superscript", "subscript"):
            kinds["raised"] += len(_norm(_text(run)))
    kinds["equations"] += sum(1 for m in root.iter(f"{M}oMath") if not _under(m, (f"{M}oMath",)))
    for box in root.iter(f"{W}txbxContent"):
        if not _under(box, (f"{W}txbxContent",)):
            text = _norm(_text(box))
            if text:
                found.boxes.append(text)
    kinds["boxes"] = len(found.boxes)


def compare(source: Counts, written: Counts) -> dict[str, tuple[int, int]]:
    """kind -> (kept, total); "text" in characters."""
    result = {}
    for kind in KINDS:
        total = source.kinds[kind]
        if kind == "boxes":
            haystack = "".join(written.paragraphs)
            kept = sum(1 for box in source.boxes if box in haystack)
        else:
            kept = min(total, written.kinds[kind])
        result[kind] = (kept, total)
    result["text"] = _text_kept(source.paragraphs + source.boxes, written.paragraphs)
    return result


def _text_kept(source: list[str], written: list[str]) -> tuple[int, int]:
    """Characters of the input's paragraphs found in the output: whole paragraphs first, the rest by letter."""
    haystack = "\n".join(written)
    pool = collections.Counter(haystack)
    total = kept = 0
    for paragraph in source:
        total += len(paragraph)
        if paragraph in haystack:
            kept += len(paragraph)
        else:
            letters = collections.Counter(paragraph)
            kept += sum(min(n, pool[c]) for c, n in letters.items())
    return kept, total


def check(path: Path, out_dir: Path) -> dict:
    """One input: written or not (with the reason), and kept/total of each kind."""
    line: dict = {"file": path.name}
    try:
        source = count(path)
    except (ValueError, zipfile.BadZipFile, KeyError, OSError) as error:
        return {**line, "written": False, "error": f"input not countable ({type(error).__name__}: {error})"[:200]}
    line["producer"] = source.producer
    try:
        done = subprocess.run([sys.executable, "-m", "publish", "docx", str(path), "-o", str(out_dir), "-q"],
                              capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {**line, "written": False, "error": f"timed out after {TIMEOUT} s"}
    output = out_dir / f"{path.stem}.docx"
    if done.returncode != 0 or not output.exists():
        return {**line, "written": False, "error": (done.stderr.strip().splitlines() or ["?"])[-1][:200]}
    line["written"] = True
    line["kept"] = compare(source, count(output))
    output.unlink()
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(p for item in args.inputs for p in ([item] if item.is_file() else item.rglob("*.docx")))
    totals = {kind: [0, 0] for kind in (*KINDS, "text")}
    lines, written = [], 0
    with tempfile.TemporaryDirectory(prefix="fidelity-") as folder:
        for path in files:
            line = check(path, Path(folder))
            lines.append(line)
            written += line["written"]
            for kind, (kept, total) in line.get("kept", {}).items():
                totals[kind][0] += kept
                totals[kind][1] += total
            if not args.json:
                print(_format(line), flush=True)
    summary = {"files": len(files), "written": written,
               "kept": {kind: {"kept": k, "total": t, "share": round(k / t, 4) if t else None}
                        for kind, (k, t) in totals.items()}}
    if args.json:
        json.dump({"files": lines, "totals": summary}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"TOTAL {written}/{len(files)} written  " + "  ".join(
            f"{kind} {k}/{t} ({100 * k / t:.1f}%)" if t else f"{kind} -" for kind, (k, t) in totals.items()))
    return 0


def _format(line: dict) -> str:
    if not line["written"]:
        return f"{line['file']}: NOT WRITTEN: {line['error']}"
    kinds = "  ".join(f"{kind} {k}/{t}" for kind, (k, t) in line["kept"].items() if t)
    producer = f" [{line['producer']}]" if line.get("producer") else ""
    return f"{line['file']}{producer}: {kinds}"


if __name__ == "__main__":
    raise SystemExit(main())
