"""Damage real .docx files in many ways and check that ``publish all`` publishes or refuses each, cleanly.

    python tools/fuzz.py [--seed N] [--count N] [--timeout S] [--memory MiB] [FILE_OR_FOLDER ...]

Each mutant is one real document (default: ``input/bulletin.docx`` and ``tests/corpus``) damaged by one
mutation kind (``KINDS``: at the zip level, the byte flips, truncation and bad CRCs a broken disk or a cut
download makes; at the XML level, the deleted, duplicated and moved elements, bad and missing attributes,
cyclic styles, deep nesting, huge values and damaged pictures a buggy producer or a hostile sender makes). Mutant number
``i`` of seed ``s`` is the same on every machine.

Each mutant runs through ``publish all`` in a forked child of this process (so imports are paid once),
with a time and an address-space limit, and is classified:

- ``published``: exit 0, the three outputs and nothing else in the output folder;
- ``rejected``: exit 1, one line ``publish: …`` on stderr that is not an internal error, nothing written;
- a failure: ``traceback``, ``internal-error``, ``timeout``, ``killed`` (a signal, such as the memory
  limit), ``partial-output`` (published but missing or extra files), ``left-behind`` (output after a
  reject), ``not-one-line``.

Prints the totals by kind and class, and one line per failure naming the seed and index that rebuild it
(``--only-index``). Exits 1 when any mutant failed. ``tests/tools/test_fuzz.py`` runs a short fixed-seed
round; run this for the long one.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import random
import resource
import signal
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = (ROOT / "input" / "bulletin.docx", ROOT / "tests" / "corpus")
OUTPUT_SUFFIXES = (".docx", ".pdf", ".xlsx")
FAILURES = ("traceback", "internal-error", "timeout", "killed", "partial-output", "left-behind", "not-one-line")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml",
             "word/_rels/document.xml.rels", "[Content_Types].xml", "word/settings.xml")

# Attributes whose numbers size or place something, with the values a hostile file puts there.
NUMERIC_ATTRIBUTES = ("gridSpan", "w", "ilvl", "numId", "start", "val", "left", "right", "hanging",
                      "firstLine", "before", "after", "line", "cx", "cy", "id", "abstractNumId", "h", "top",
                      "bottom", "header", "footer", "gutter", "space", "num", "restart")
HUGE_VALUES = ("1000000000", "100000", "2147483648", "9223372036854775808", "-2147483649", "-1", "1e308",
               "99999999999999999999999", "0", "NaN", "")
GARBAGE = ("", "-1", "abc", "\u20ac\u00ff", "99999999999999999999", "1e308", "NaN", "auto", "0x10",
           "../../../etc/passwd", "http://example.invalid/x", "\U00020000" * 20, "  ", "true", "<&>")
REL_TARGETS = ("", "/", "../../../../etc/passwd", "word/none.xml", "media/../../x", "C:\\Windows\\x",
               "http://example.invalid/", "%00", "word/document.xml", "#x", "\u4e2d\u6587.xml")


@dataclass(frozen=True)
class Mutant:
    base: Path
    kind: str
    index: int
    data: bytes


# -- mutations: each takes the file's bytes and a seeded Random, returns damaged bytes ---------------


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rezip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in members:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            with _quiet():
                archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content,
                                 compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


class _quiet:
    """zipfile warns of duplicate names, which a mutation writes on purpose."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


def _flip(data: bytes, start: int, end: int, rng: random.Random, count: int) -> bytes:
    damaged = bytearray(data)
    for _ in range(count):
        at = rng.randrange(start, max(end, start + 1))
        if at < len(damaged):
            damaged[at] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
    return bytes(damaged)


def _likely_read(infos: list[zipfile.ZipInfo], rng: random.Random) -> zipfile.ZipInfo:
    """A member, half the time one the reader certainly reads (damage in a part nobody reads is harmless)."""
    read = [info for info in infos if info.filename in XML_PARTS]
    return rng.choice(read if read and rng.random() < 0.5 else infos)


def _directory_start(data: bytes) -> int:
    end = data.rfind(b"PK\x05\x06")
    return struct.unpack("<I", data[end + 16:end + 20])[0] if end >= 0 else len(data) // 2


def zip_directory_flip(data: bytes, rng: random.Random) -> bytes:
    return _flip(data, _directory_start(data), len(data), rng, rng.randint(1, 4))


def compressed_data_flip(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = [i for i in archive.infolist() if i.compress_size > 8]
    if not infos:
        return truncate(data, rng)
    info = _likely_read(infos, rng)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    return _flip(data, start, start + info.compress_size, rng, rng.randint(1, 8))


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def bad_crc(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = _likely_read(archive.infolist(), rng)
    damaged = bytearray(data)
    wrong = struct.pack("<I", (info.CRC ^ rng.randrange(1, 1 << 32)) & 0xFFFFFFFF)
    damaged[info.header_offset + 14:info.header_offset + 18] = wrong
    # The central record of the same member: its name follows the 46-byte fixed part.
    at = _directory_start(data)
    while 0 <= at < len(data) and data[at:at + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack("<HHH", data[at + 28:at + 34])
        if data[at + 46:at + 46 + name_length].decode("utf-8", "replace") == info.filename:
            damaged[at + 16:at + 20] = wrong
            break
        at += 46 + name_length + extra_length + comment_length
    return bytes(damaged)


def local_header_flip(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = rng.choice(archive.infolist())
    return _flip(data, info.header_offset, info.header_offset + 30, rng, rng.randint(1, 3))


def drop_part(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    del members[rng.randrange(len(members))]
    return _rezip(members)


def duplicate_part(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    info, content = rng.choice(members)
    return _rezip(members + [(info, content[: rng.randrange(len(content) + 1)])])


def bad_relationship_target(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        rels = list(root.iter(f"{{{REL_NS}}}Relationship"))
        if rels:
            rel = rng.choice(rels)
            rel.set("Target", rng.choice(REL_TARGETS))
            if rng.random() < 0.3:
                rel.set("TargetMode", rng.choice(("External", "Internal", "x")))

    parts = [name for name, _ in ((i.filename, c) for i, c in _members(data)) if name.endswith(".rels")]
    return _edit_xml(data, rng.choice(parts) if parts else "_rels/.rels", change)


def xml_byte_damage(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    chosen = [n for n, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    if not chosen:
        return truncate(data, rng)
    at = rng.choice(chosen)
    info, content = members[at]
    damaged = bytearray(content)
    for _ in range(rng.randint(1, 6)):
        where = rng.randrange(len(damaged) + 1)
        action = rng.randrange(3)
        if action == 0 and where < len(damaged):
            damaged[where] = rng.choice(b"<>&\"'/=\x00\xff\xc3 ax")
        elif action == 1:
            damaged[where:where] = bytes(rng.choice(b"<>&\"'/=\x00\xff\xc3 ax") for _ in range(rng.randint(1, 4)))
        else:
            del damaged[where:where + rng.randint(1, 16)]
    members[at] = (info, bytes(damaged))
    return _rezip(members)


def _edit_xml(data: bytes, part: str, change: Callable[[etree._Element], None]) -> bytes:
    members = _members(data)
    for at, (info, content) in enumerate(members):
        if info.filename == part:
            try:
                root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, huge_tree=True))
            except etree.XMLSyntaxError:
                return data
            change(root)
            members[at] = (info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
            return _rezip(members)
    return data


def _xml_part(data: bytes, rng: random.Random) -> str:
    names = {info.filename for info, _ in _members(data)}
    present = [part for part in XML_PARTS if part in names]
    return rng.choice(present) if present and rng.random() < 0.9 else "word/document.xml"


def _elements(root: etree._Element) -> list[etree._Element]:
    return [element for element in root.iter() if isinstance(element.tag, str)]


def delete_element(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        for element in rng.sample(_elements(root)[1:] or [root], k=min(rng.randint(1, 5), len(_elements(root)) - 1 or 1)):
            if element.getparent() is not None:
                element.getparent().remove(element)

    return _edit_xml(data, _xml_part(data, rng), change)


def duplicate_element(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        import copy

        elements = _elements(root)[1:]
        if elements:
            element = rng.choice(elements)
            for _ in range(rng.choice((1, 2, 10))):
                element.addnext(copy.deepcopy(element))

    return _edit_xml(data, _xml_part(data, rng), change)


def move_element(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        elements = _elements(root)[1:]
        if len(elements) < 2:
            return
        element, place = rng.sample(elements, 2)
        if element in place.iterancestors() or element is place:
            return
        place.insert(rng.randint(0, len(place)), element)

    return _edit_xml(data, _xml_part(data, rng), change)


def garbage_attribute(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        with_attributes = [e for e in _elements(root) if e.attrib]
        for element in rng.sample(with_attributes, k=min(len(with_attributes), rng.randint(1, 8))):
            name = rng.choice(list(element.attrib))
            element.set(name, rng.choice(GARBAGE))

    return _edit_xml(data, _xml_part(data, rng), change)


def missing_attribute(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        with_attributes = [e for e in _elements(root) if e.attrib]
        for element in rng.sample(with_attributes, k=min(len(with_attributes), rng.randint(1, 8))):
            del element.attrib[rng.choice(list(element.attrib))]

    return _edit_xml(data, _xml_part(data, rng), change)


def huge_value(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        numeric = [(e, name) for e in _elements(root) for name in e.attrib
                   if etree.QName(name).localname in NUMERIC_ATTRIBUTES]
        for element, name in rng.sample(numeric, k=min(len(numeric), rng.randint(1, 4))):
            element.set(name, rng.choice(HUGE_VALUES))

    part = rng.choice(("word/document.xml", "word/document.xml", "word/numbering.xml", "word/styles.xml"))
    return _edit_xml(data, part, change)


def huge_span(data: bytes, rng: random.Random) -> bytes:
    """A table cell spanning a million grid columns, or a grid of thousands: sizes the writers must clamp."""
    def change(root: etree._Element) -> None:
        cells = list(root.iter(f"{{{W_NS}}}tc"))
        body = root.find(f"{{{W_NS}}}body")
        if not cells and body is not None:
            body.insert(0, etree.fromstring(
                f'<w:tbl xmlns:w="{W_NS}"><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>'
                '<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'))
            cells = list(root.iter(f"{{{W_NS}}}tc"))
        if not cells:
            return
        cell = rng.choice(cells)
        properties = cell.find(f"{{{W_NS}}}tcPr")
        if properties is None:
            properties = etree.SubElement(cell, f"{{{W_NS}}}tcPr")
            cell.insert(0, properties)
        span = etree.SubElement(properties, f"{{{W_NS}}}gridSpan")
        span.set(f"{{{W_NS}}}val", rng.choice(("100000", "1000000000", "64", "5000", "2147483647")))
        grid = cell.getparent().getparent().find(f"{{{W_NS}}}tblGrid") if cell.getparent() is not None else None
        if grid is not None and rng.random() < 0.3:
            for _ in range(rng.choice((100, 3000))):
                etree.SubElement(grid, f"{{{W_NS}}}gridCol").set(f"{{{W_NS}}}w", "1")

    return _edit_xml(data, "word/document.xml", change)


def cyclic_styles(data: bytes, rng: random.Random) -> bytes:
    def change(root: etree._Element) -> None:
        styles = [s for s in root.iter(f"{{{W_NS}}}style") if s.get(f"{{{W_NS}}}styleId")]
        if len(styles) < 2:
            return
        chain = rng.sample(styles, k=min(len(styles), rng.randint(1, 4)))
        for style, parent in zip(chain, chain[1:] + chain[:1]):
            for old in style.findall(f"{{{W_NS}}}basedOn") + style.findall(f"{{{W_NS}}}link"):
                style.remove(old)
            based = etree.Element(f"{{{W_NS}}}" + rng.choice(("basedOn", "basedOn", "link", "next")))
            based.set(f"{{{W_NS}}}val", parent.get(f"{{{W_NS}}}styleId"))
            style.insert(1 if len(style) else 0, based)

    return _edit_xml(data, "word/styles.xml", change)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((30, 100, 250, 400))
    wrapper = rng.choice(("table", "sdt", "hyperlink", "smartTag"))

    def change(root: etree._Element) -> None:
        paragraphs = list(root.iter(f"{{{W_NS}}}p"))
        if not paragraphs:
            return
        paragraph = rng.choice(paragraphs)
        if wrapper == "table":
            inner = etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>deep</w:t></w:r></w:p>')
            for _ in range(depth // 4):
                table = etree.fromstring(f'<w:tbl xmlns:w="{W_NS}"><w:tr><w:tc/></w:tr></w:tbl>')
                table[0][0].append(inner)
                inner = table
            paragraph.addnext(inner)
            paragraph.addnext(etree.Element(f"{{{W_NS}}}p"))  # a cell's table must be followed by a paragraph
        else:
            runs = paragraph.findall(f"{{{W_NS}}}r")
            if not runs:
                return
            inner = runs[0]
            slot = inner.getparent().index(inner)
            for _ in range(depth):
                outer = etree.Element(f"{{{W_NS}}}{wrapper}")
                if wrapper == "sdt":
                    content = etree.SubElement(outer, f"{{{W_NS}}}sdtContent")
                    content.append(inner)
                else:
                    outer.append(inner)
                inner = outer
            paragraph.insert(slot, inner)

    return _edit_xml(data, "word/document.xml", change)


def picture_damage(data: bytes, rng: random.Random) -> bytes:
    """A picture's bytes cut short, flipped, or a PNG or GIF claiming a size of billions of pixels."""
    members = _members(data)
    pictures = [n for n, (info, _) in enumerate(members) if info.filename.startswith("word/media/")]
    if not pictures:
        return xml_byte_damage(data, rng)
    at = rng.choice(pictures)
    info, content = members[at]
    action = rng.randrange(3)
    if action == 0:
        content = content[:rng.randrange(len(content) + 1)]
    elif action == 1:
        content = _flip(content, 0, len(content), rng, rng.randint(1, 16))
    elif content[:8] == b"\x89PNG\r\n\x1a\n":
        content = content[:16] + struct.pack(">II", 2 ** 31 - 1, rng.choice((1, 2 ** 31 - 1))) + content[24:]
    else:
        content = content[:6] + struct.pack("<HH", 65535, 65535) + content[10:]
    members[at] = (info, content)
    return _rezip(members)


KINDS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "zip-directory-flip": zip_directory_flip,
    "compressed-data-flip": compressed_data_flip,
    "truncate": truncate,
    "bad-crc": bad_crc,
    "local-header-flip": local_header_flip,
    "drop-part": drop_part,
    "duplicate-part": duplicate_part,
    "bad-relationship-target": bad_relationship_target,
    "xml-byte-damage": xml_byte_damage,
    "delete-element": delete_element,
    "duplicate-element": duplicate_element,
    "move-element": move_element,
    "garbage-attribute": garbage_attribute,
    "missing-attribute": missing_attribute,
    "huge-value": huge_value,
    "huge-span": huge_span,
    "cyclic-styles": cyclic_styles,
    "deep-nesting": deep_nesting,
    "picture-damage": picture_damage,
}


def bases(names: list[str] | tuple[Path, ...], max_bytes: int = 2 * 1024 * 1024) -> list[Path]:
    """The real documents to damage: files named, and the .docx files in folders named."""
    found: list[Path] = []
    for name in names:
        path = Path(name)
        found += sorted(path.glob("*.docx")) if path.is_dir() else [path]
    return [path for path in found if path.stat().st_size <= max_bytes]


def mutant(documents: list[Path], seed: int, index: int) -> Mutant:
    """Mutant ``index`` of ``seed``: the same document, kind and damage on every machine."""
    rng = random.Random(f"{seed}:{index}")
    base = documents[rng.randrange(len(documents))]
    kind = sorted(KINDS)[index % len(KINDS)]
    original = base.read_bytes()
    try:
        data = KINDS[kind](original, rng)
    except (zipfile.BadZipFile, ValueError, IndexError, KeyError, zlib.error):
        data = truncate(original, rng)  # a base the mutation cannot take apart still yields a mutant
    return Mutant(base, kind, index, data)


# -- running ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    verdict: str  # "published", "rejected" or one of FAILURES
    message: str
    seconds: float
    peak_kib: int


def run_one(item: Mutant, folder: Path, timeout: float, memory_mib: int) -> Outcome:
    """Publish one mutant in a forked child under the limits, and judge what it left."""
    source = folder / f"mutant-{item.index}.docx"
    out = folder / f"out-{item.index}"
    source.write_bytes(item.data)
    report = folder / f"stderr-{item.index}.txt"
    start = time.perf_counter()
    child = os.fork()
    if child == 0:  # the child: publish, report on stderr's file, leave without cleanup
        status = 3
        try:
            status = _child(source, out, report, memory_mib)
        finally:
            os._exit(status)
    verdict, peak = _wait(child, timeout)
    seconds = time.perf_counter() - start
    stderr = report.read_text("utf-8", "replace") if report.exists() else ""
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if isinstance(verdict, int):
        verdict = _judge(stderr, left, source.stem, verdict)
    return Outcome(item, verdict, stderr.strip().splitlines()[-1] if stderr.strip() else "", seconds, peak)


def _child(source: Path, out: Path, report: Path, memory_mib: int) -> int:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    os.environ["PUBLISH_NO_FORK"] = "1"  # one core a mutant: what a limit measures is the job itself
    from publish.cli import Environment, main

    with open(report, "w", encoding="utf-8") as stderr:
        env = Environment(stdout=io.StringIO(), stderr=stderr, variables={})
        try:
            return main(["all", str(source), "-o", str(out), "-q"], env)
        except BaseException:  # noqa: BLE001 - what escapes main is the bug this tool hunts
            import traceback

            stderr.write(traceback.format_exc())
            return 4


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _wait(child: int, timeout: float) -> tuple[str | int, int]:
    """The child's exit status (or "timeout", "killed") and its peak resident memory in KiB."""
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(child, os.WNOHANG)
        if done:
            return ("killed" if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)), usage.ru_maxrss
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            _, _, usage = os.wait4(child, 0)
            return "timeout", usage.ru_maxrss
        time.sleep(0.005)


def _judge(stderr: str, left: list[str], stem: str, status: int) -> str:
    lines = stderr.strip().splitlines()
    if "Traceback (most recent call last)" in stderr or status in (3, 4):
        return "traceback"
    if "internal error" in stderr:
        return "internal-error"
    if status == 0:
        expected = sorted(stem + suffix for suffix in OUTPUT_SUFFIXES)
        return "published" if left == expected else "partial-output"
    if left:
        return "left-behind"
    if len(lines) != 1 or not lines[0].startswith("publish: "):
        return "not-one-line"
    return "rejected"


def run(documents: list[Path], seed: int, indices: range | list[int], timeout: float = 60.0,
        memory_mib: int = 2048, say: Callable[[str], None] | None = None) -> list[Outcome]:
    """Every mutant of ``indices``, one after another, each in a forked child of this process."""
    _import_the_job()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="publish-fuzz-") as scratch:
        folder = Path(scratch)
        for index in indices:
            outcome = run_one(mutant(documents, seed, index), folder, timeout, memory_mib)
            outcomes.append(outcome)
            for leftover in folder.iterdir():
                _remove(leftover)
            if say and outcome.verdict in FAILURES:
                say(_failure_line(outcome, seed))
    return outcomes


def _import_the_job() -> None:
    """The whole job's modules, imported once here so that each forked child starts with them."""
    import publish.cli  # noqa: F401
    import publish.figures  # noqa: F401
    import publish.writers.docx  # noqa: F401
    import publish.writers.pdf.document  # noqa: F401
    import publish.writers.xlsx  # noqa: F401


def _remove(path: Path) -> None:
    if path.is_dir():
        for inner in path.iterdir():
            _remove(inner)
        path.rmdir()
    else:
        path.unlink()


def _failure_line(outcome: Outcome, seed: int) -> str:
    item = outcome.mutant
    return (f"FAIL {outcome.verdict}: seed {seed} index {item.index} ({item.kind} of {item.base.name}, "
            f"{outcome.seconds:.1f} s): {outcome.message[:200]}")


def summary(outcomes: list[Outcome]) -> str:
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for outcome in outcomes:
        table[outcome.mutant.kind][outcome.verdict] += 1
    columns = ["published", "rejected", *FAILURES]
    width = max(len(kind) for kind in table) if table else 10
    lines = [f"{'kind':<{width}} " + " ".join(f"{c[:9]:>9}" for c in columns)]
    for kind in sorted(table):
        lines.append(f"{kind:<{width}} " + " ".join(f"{table[kind][c]:>9}" for c in columns))
    totals = collections.Counter(o.verdict for o in outcomes)
    lines.append(f"{'total':<{width}} " + " ".join(f"{totals[c]:>9}" for c in columns))
    worst = max(outcomes, key=lambda o: o.seconds, default=None)
    if worst:
        lines.append(f"slowest: {worst.mutant.kind} of {worst.mutant.base.name} (index {worst.mutant.index}), "
                     f"{worst.seconds:.1f} s; peak memory of any mutant {max(o.peak_kib for o in outcomes) / 1024:.0f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="real .docx files or folders (default: the sample and tests/corpus)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--start", type=int, default=0, help="first mutant index")
    parser.add_argument("--only-index", type=int, action="append", help="rebuild and run just this mutant")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant (default 60)")
    parser.add_argument("--memory", type=int, default=2048, help="MiB of address space per mutant (default 2048)")
    parser.add_argument("--keep", metavar="DIR", help="write each failing mutant here")
    args = parser.parse_args(argv)
    documents = bases(args.inputs or list(DEFAULT_INPUTS))
    indices = args.only_index or range(args.start, args.start + args.count)
    print(f"{len(indices)} mutants of {len(documents)} documents, seed {args.seed}", flush=True)
    outcomes = run(documents, args.seed, indices, args.timeout, args.memory,
                   say=lambda line: print(line, flush=True))
    print(summary(outcomes))
    if args.keep:
        keep = Path(args.keep)
        keep.mkdir(parents=True, exist_ok=True)
        for outcome in outcomes:
            if outcome.verdict in FAILURES:
                (keep / f"seed{args.seed}-{outcome.mutant.index}-{outcome.mutant.kind}.docx").write_bytes(
                    outcome.mutant.data)
    return 1 if any(o.verdict in FAILURES for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
