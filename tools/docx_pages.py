"""Check a written .docx's contents against LibreOffice's own pagination of it.

    python tools/docx_pages.py OUT.docx [OUT.docx ...]     # converts each with soffice, prints mismatches
    python tools/docx_pages.py --measure [DIR]              # sample, x10, producers, random bulletins
    python tools/docx_pages.py --against-libreoffice OUT.docx ...   # the numbers written vs LibreOffice's

For every contents entry (``w:hyperlink`` in a ``TOC N`` paragraph) this finds the cached page number,
the page of the converted PDF on which that heading's text starts a line, and the page the entry's
PDF link goes to. The tests use ``check`` too; it needs ``soffice``, ``pdftotext`` and pypdf.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class EntryCheck:
    title: str
    anchor: str
    level: int
    cached: int | None  # the number written in the contents
    heading_page: int | None  # where the heading starts a line in the PDF
    link_page: int | None  # where the entry's PDF link points

    @property
    def ok(self) -> bool:
        return self.cached is not None and self.cached == self.heading_page == self.link_page


def contents_entries(docx: Path) -> list[tuple[str, str, int, int | None]]:
    """(title, anchor, level, cached page) of each contents entry, in order."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    toc_styles = {}
    for style in styles.iterfind(f"{W}style"):
        name = style.find(f"{W}name")
        match = re.fullmatch(r"toc (\d)", (name.get(f"{W}val") or "").lower()) if name is not None else None
        if match:
            toc_styles[style.get(f"{W}styleId")] = int(match[1])
    entries = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = toc_styles.get(style.get(f"{W}val")) if style is not None else None
        link = paragraph.find(f"{W}hyperlink")
        if level is None or link is None:
            continue
        texts, number, in_result = [], "", False
        for element in link.iter(f"{W}t", f"{W}tab", f"{W}fldChar"):
            if element.tag == f"{W}fldChar":
                kind = element.get(f"{W}fldCharType")
                in_result = kind == "separate" or (in_result and kind != "end")
            elif element.tag == f"{W}tab":
                texts.append("\t")
            elif in_result:
                number += element.text or ""
            else:
                texts.append(element.text or "")
        title = "".join(texts).split("\t")[0]
        entries.append((title, link.get(f"{W}anchor"), level, int(number) if number.strip().isdigit() else None))
    return entries


def convert(docx: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(docx)], check=True, capture_output=True, timeout=180)
    return out_dir / f"{docx.stem}.pdf"


def page_texts(pdf: Path) -> list[list[str]]:
    """Each page's lines, spaces removed (CJK text gets spaces from pdftotext where glyphs are spread)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def link_pages(pdf: Path, pages: range) -> list[int | None]:
    """Pages (1-based) the link annotations on the given pages point to, top to bottom."""
    from pypdf import PdfReader

    from publish.layout.lo_pages import link_targets

    return link_targets(PdfReader(str(pdf)), pages)


def check(docx: Path, pdf: Path | None = None) -> list[EntryCheck]:
    entries = contents_entries(docx)
    if pdf is None:
        pdf = convert(docx, Path(tempfile.mkdtemp(prefix="docx-pages-")))
    pages = page_texts(pdf)
    last_toc_page = 1
    for index, lines in enumerate(pages, start=1):
        if any(line.endswith("." * 5 + str(e[3])) for e in entries for line in lines if e[3] is not None):
            last_toc_page = index
    links = link_pages(pdf, range(1, last_toc_page + 1))
    results = []
    page = last_toc_page + 1
    for position, (title, anchor, level, cached) in enumerate(entries):
        key = re.sub(r"\s+", "", title)
        found = None
        for candidate in range(page, len(pages) + 1):
            # the heading's own line: the whole title, or the first line of a wrapped one
            if any(line == key or (len(line) >= 8 and key.startswith(line)) for line in pages[candidate - 1]):
                found = candidate
                break
        if found is not None:
            page = found
        link = links[position] if position < len(links) and len(links) == len(entries) else None
        results.append(EntryCheck(title, anchor, level, cached, found, link))
    return results


def against_libreoffice(paths: list[Path], jobs: int = 2) -> int:
    """Each written .docx's contents numbers (the model's, or whatever the file holds) against LibreOffice's
    own layout of that file (``publish.layout.lo_pages``, as ``--page-numbers libreoffice`` asks it),
    entry by entry: one line per file, then the total."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from publish.layout import lo_pages

    def one(path: Path) -> tuple[Path, list, dict, str | None, float]:
        entries = contents_entries(path)
        started = time.perf_counter()
        found, problem = lo_pages.bookmark_pages(path, [anchor for _, anchor, _, _ in entries]) if entries else ({}, None)
        return path, entries, found, problem, time.perf_counter() - started

    total = equal = files_all_equal = files = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for path, entries, found, problem, seconds in pool.map(one, paths):
            if not entries:
                continue
            files += 1
            if problem:
                print(f"{path.name}: {len(entries)} entries, LibreOffice gave none ({problem})")
                total += len(entries)
                continue
            same = sum(1 for _, anchor, _, cached in entries if found.get(anchor) == cached)
            total += len(entries)
            equal += same
            files_all_equal += same == len(entries)
            print(f"{path.name}: {same}/{len(entries)} equal ({seconds:.1f} s)", flush=True)
    print(f"total: {equal} of {total} entries equal ({100 * equal / max(1, total):.1f} %); "
          f"{files_all_equal} of {files} files equal on every entry")
    return 0 if equal == total else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--against-libreoffice"]:
        return against_libreoffice([Path(a) for a in argv[1:]])
    if argv[:1] == ["--measure"]:
        measure(Path(argv[1]) if len(argv) > 1 else Path(tempfile.mkdtemp(prefix="docx-measure-")))
        return 0
    bad = 0
    for name in argv:
        results = check(Path(name))
        wrong = [r for r in results if not r.ok]
        bad += len(wrong)
        print(f"{name}: {len(results)} entries, {len(wrong)} mismatches")
        for r in wrong:
            print(f"  {r.title[:30]}: contents {r.cached}, heading on {r.heading_page}, link to {r.link_page}")
    return 1 if bad else 0



# -- measuring how often the computed numbers agree with LibreOffice --------------------------------


def synthetic_document(seed: int):  # noqa: ANN201 - model.Document
    """A random bulletin in the sample's vocabulary: varied lengths, Latin words, numbers, punctuation,
    long (wrapping) titles, three heading levels, articles with no text before their first sub-heading."""
    import random

    from publish.model import Document, Paragraph, Run, Section, Source

    rng = random.Random(seed)
    sample = (Path(__file__).resolve().parent.parent / "input" / "bulletin.txt").read_text(encoding="utf-8")
    hanzi = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    extras = ["TD-LTE", "4G", "C919", "H7N9", "2016年", "24.3万", "60%", "NICA", "Bernard Harris", "3.5",
              "“十三五”", "（试行）", "《纲要》", "——", "……", "ARJ21-700", "500米到3000米"]
    marks = "，，，。、；：？！"

    def text(length: int) -> str:
        out: list[str] = []
        while len("".join(out)) < length:
            roll = rng.random()
            if roll < 0.08:
                out.append(rng.choice(extras))
            elif roll < 0.18:
                out.append(rng.choice(marks))
            else:
                out.append(rng.choice(hanzi))
        return "".join(out).lstrip("，。、；：？！") + "。"

    def paragraph() -> Paragraph:
        body = text(rng.choice([8, 30, 60, 120, 200, 400]))
        if rng.random() < 0.2:
            cut = rng.randrange(1, len(body))
            return Paragraph((Run(body[:cut], bold=True), Run(body[cut:])))
        return Paragraph((Run(body),))

    def section(level: int, counter: list[int]) -> Section:
        counter[0] += 1
        number = counter[0]
        title = text(rng.choice([4, 8, 14, 22, 30, 45])).rstrip("。")
        children = ()
        if level < 3 and rng.random() < 0.4:
            children = tuple(section(level + 1, counter) for _ in range(rng.randint(1, 4)))
        blocks = tuple(paragraph() for _ in range(rng.choice([0, 1, 2, 3, 5] if children else [1, 2, 3, 6])))
        source = None
        if level == 1 and rng.random() < 0.7:
            source = Source("科技日报", None, "（来源：科技日报，2016年03月09日）")
        bookmarks = (f"_Toc{seed:03d}{number:05d}",) if rng.random() < 0.8 else ()
        return Section(title, level, bookmarks, source, blocks, children)

    counter = [0]
    return Document(title="测试简报", column="国际科技合作动态",
                    sections=tuple(section(1, counter) for _ in range(rng.randint(3, 25))))


def measure(out_dir: Path, *, synthetic: int = 20) -> None:
    """Write the sample, x10 and producer-style outputs plus random bulletins, convert them all in one
    LibreOffice run, and print how many contents entries agree with where LibreOffice puts them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from publish.masthead import resolve
    from publish.reader import read
    from publish.writers.docx import write_docx

    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    documents = {"sample": read(root / "input" / "bulletin.docx").document}
    try:
        from build_sample import build
        from run import repeated_text

        text = (root / "input" / "bulletin.txt").read_text(encoding="utf-8")
        build(repeated_text(text, 10), out_dir / "x10-input.docx")
        documents["x10"] = read(out_dir / "x10-input.docx").document
    except ImportError:
        pass
    import producers

    for flavor in producers.FLAVORS:
        documents[f"producer-{flavor}"] = read(producers.write(flavor, out_dir / f"{flavor}-input.docx")).document
    for seed in range(synthetic):
        documents[f"synthetic-{seed:02d}"] = synthetic_document(seed)
    written = []
    for name, document in documents.items():
        target = out_dir / f"{name}.docx"
        write_docx(document, resolve(document, {}, {}), target)
        written.append(target)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, written)], check=True, capture_output=True, timeout=900)
    totals = {"entries": 0, "right": 0, "files": 0, "files_right": 0}
    for target in written:
        results = check(target, target.with_suffix(".pdf"))
        right = sum(r.ok for r in results)
        totals["entries"] += len(results)
        totals["right"] += right
        totals["files"] += 1
        totals["files_right"] += right == len(results)
        wrong = [r for r in results if not r.ok]
        print(f"{target.stem:24} {right:4}/{len(results):<4} right"
              + (f"   first miss: {wrong[0].title[:16]} contents {wrong[0].cached}, heading on "
                 f"{wrong[0].heading_page}, link to {wrong[0].link_page}" if wrong else ""))
    print(f"entries right: {totals['right']}/{totals['entries']}; "
          f"files entirely right: {totals['files_right']}/{totals['files']}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
