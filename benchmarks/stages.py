"""Each stage of `publish all` timed alone in one process, imports warm: where a version spends its time.

    python benchmarks/stages.py [--runs 5] [--size 100]
    PYTHONPATH=OTHER_CHECKOUT/src python benchmarks/stages.py ...    the same for another version

Builds the ×N bulletin as run.py does, reads it once, then times read, figures, docx, pdf and xlsx one
after another, each --runs times after one warm-up call, and prints the median and the fastest run of
each in seconds. The whole-process figures (start-up, the forked writer, pandoc beside it) are run.py's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from build_sample import build  # noqa: E402
from run import repeated_text  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()

    import publish
    from publish.figures import extract
    from publish.masthead import resolve
    from publish.reader import read
    from publish.writers.docx import write_docx
    from publish.writers.pdf.document import write_pdf
    from publish.writers.xlsx import write_xlsx

    import inspect  # the annex's link argument: link_name since issue 21, docx_name before

    link = {"link_name" if "link_name" in inspect.signature(write_xlsx).parameters else "docx_name": "out.docx"}

    work = Path(tempfile.mkdtemp(prefix="publish-stages-"))
    source = work / f"bulletin_x{args.size}.docx"
    build(repeated_text((ROOT / "input" / "bulletin.txt").read_text(encoding="utf-8"), args.size), source)
    document = read(source).document
    figures = extract(document)
    masthead = resolve(document, {"name": None, "issue": None, "unit": None, "date": None}, {})
    stages = {
        "read": lambda: read(source),
        "figures": lambda: extract(document),
        "docx": lambda: write_docx(document, masthead, work / "out.docx"),
        "pdf": lambda: write_pdf(document, figures, masthead, work / "out.pdf"),
        "xlsx": lambda: write_xlsx(document, figures, work / "out.xlsx", **link),
    }
    print(f"publish from {Path(publish.__file__).parent}, x{args.size}, {args.runs} runs after one warm-up")
    for name, call in stages.items():
        call()
        seconds = []
        for _ in range(args.runs):
            start = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - start)
        print(f"{name:8} median {statistics.median(seconds):.3f}  fastest {min(seconds):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
