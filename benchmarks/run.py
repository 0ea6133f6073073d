"""Time `publish all` as a whole process on the sample and on x10 / x100 bulletins.

    python benchmarks/run.py [--runs 5] [--sizes 1,10,100] [--keep DIR] [--profile DIR]

Builds the larger bulletins from input/bulletin.txt (the articles repeated with
fresh bookmark names), runs `publish all` on each several times, and prints the
median wall time per stage (read, figures, docx, pdf, xlsx: the stage times the
CLI reports under PUBLISH_TIMINGS=1), the median total wall time of the process,
and its peak resident memory. When Debian's pandoc is installed it times
`pandoc X.docx -o Y.docx --toc` on the same files, each pandoc run right after a publish run, as a ratio.
With ``--profile DIR`` it also runs each stage once in this process under cProfile and writes
``DIR/bulletin_xN-STAGE.prof`` (read with ``python -m pstats`` or snakeviz), so the next person can see
where the time goes. Run on demand; it is not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from build_sample import build  # noqa: E402

STAGES = ("read", "figures", "font", "docx", "pdf", "xlsx")  # font: its once-only preparation check
BOOKMARK = re.compile(r"\[bookmark: (_Toc\d+)\]")


def repeated_text(text: str, times: int) -> str:
    """The bulletin's articles repeated `times` times, each copy with fresh bookmark names."""
    column, _, articles = text.partition("\n")
    copies = [BOOKMARK.sub(lambda m: f"[bookmark: {m[1]}{copy:03d}]", articles) if copy else articles
              for copy in range(times)]
    return column + "\n" + "\n".join(copies)


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in KiB, and stderr of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return wall, usage.ru_maxrss, stderr


def stage_times(stderr: str) -> dict[str, float]:
    for line in stderr.splitlines():
        if line.startswith("timings: "):
            return json.loads(line.removeprefix("timings: "))
    return {}


def profile_stages(source: Path, folder: Path, out: Path) -> None:
    """Each stage of the job once, in this process, under cProfile: one .prof file per stage."""
    import cProfile

    sys.path.insert(0, str(ROOT / "src"))
    from publish.figures import extract
    from publish.masthead import resolve
    from publish.reader import read
    from publish.writers.pdf import fonts
    from publish.writers.docx import write_docx
    from publish.writers.pdf.document import write_pdf
    from publish.writers.xlsx import write_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    found: dict = {}

    def stage(name: str, call) -> None:  # noqa: ANN001
        profiler = cProfile.Profile()
        found[name] = profiler.runcall(call)
        profiler.dump_stats(folder / f"{source.stem}-{name}.prof")

    stage("read", lambda: read(source).document)
    document = found["read"]
    stage("figures", lambda: extract(document))
    masthead = resolve(document, {"name": None, "issue": None, "unit": None, "date": None}, {})
    stage("font", lambda: fonts.font_files(fonts.characters_in(document, found["figures"], masthead)))
    stage("docx", lambda: write_docx(document, masthead, out / "p.docx"))
    stage("pdf", lambda: write_pdf(document, found["figures"], masthead, out / "p.pdf"))
    stage("xlsx", lambda: write_xlsx(document, found["figures"], out / "p.xlsx", link_name="p.docx"))
    print(f"  cProfile files: {folder}/{source.stem}-{{{','.join(found)}}}.prof", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--keep", type=Path, help="keep the built inputs and outputs here")
    # The console script beside this interpreter first: `.venv/bin/python benchmarks/run.py` then times
    # that venv's publish without the venv being activated.
    beside = Path(sys.executable).with_name("publish")
    parser.add_argument("--publish", default=str(beside) if beside.exists() else shutil.which("publish") or "publish")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="also write a cProfile file per stage here")
    args = parser.parse_args()

    # Byte-compile the package first, as `pip install` does: an editable install under
    # PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise compile it again on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "publish")], check=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="publish-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "input" / "bulletin.txt").read_text(encoding="utf-8")
    env = dict(os.environ, PUBLISH_TIMINGS="1")
    pandoc = shutil.which("pandoc")

    header = ["input", "articles"] + list(STAGES) + ["total", "peak MiB"] + (["pandoc", "ratio"] if pandoc else [])
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        source = work / f"bulletin_x{size}.docx"
        build(repeated_text(text, size), source)
        # One untimed run first: it fills the font cache, as any second run finds it.
        timed_run([args.publish, "all", str(source), "-o", str(work / "out"), "-q"], env)
        walls, peaks, stages, pandoc_walls = [], [], {name: [] for name in STAGES}, []
        for _ in range(args.runs):
            wall, peak, stderr = timed_run([args.publish, "all", str(source), "-o", str(work / "out"), "-q"], env)
            walls.append(wall)
            reported = stage_times(stderr)
            peaks.append(max(peak, reported.pop("peak_kib", 0)))  # the forked PDF writer's too
            for name, seconds in reported.items():
                stages.setdefault(name, []).append(seconds)  # a stage this table has no column for is kept aside
            if pandoc:  # run for run, so that both meet the machine in the same state
                pandoc_walls.append(timed_run([pandoc, str(source), "-o", str(work / "pandoc.docx"), "--toc"], env)[0])
        row = [source.name, str(6 * size)]
        row += [f"{statistics.median(stages[name]):.3f}" if stages[name] else "-" for name in STAGES]
        row += [f"{statistics.median(walls):.3f}", f"{max(peaks) / 1024:.0f}"]
        if pandoc:
            row += [f"{statistics.median(pandoc_walls):.3f}",
                    f"{statistics.median(walls) / statistics.median(pandoc_walls):.2f}"]
        rows.append(row)
        print(" | ".join(row), flush=True)
        if args.profile:
            profile_stages(source, args.profile, work / "profiled")

    print(f"\nmedians of {args.runs} runs, seconds of wall time; peak MiB is the largest of the runs")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
