"""Run `publish all` on every bad and odd input and print the message, exit status and peak memory.

    python benchmarks/bad_inputs.py

Each case is built from scratch by tools/hostile.py and run as its own process,
so the peak resident memory is that case's alone. Prints a Markdown table.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import hostile  # noqa: E402


def run_case(publish: str, source: Path, out: Path) -> tuple[int, str, int]:
    process = subprocess.Popen([publish, "all", str(source), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read()
    process.stderr.close()
    return os.waitstatus_to_exitcode(status), stderr, usage.ru_maxrss


def main() -> int:
    publish = shutil.which("publish") or "publish"
    print("| case | exit | peak MiB | what publish says |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for kind, cases in (("bad", hostile.BAD), ("odd", hostile.ODD)):
            for name, make in cases.items():
                source = make(work / f"{kind}.docx")
                out = work / f"out-{kind}"
                status, stderr, peak = run_case(publish, source, out)
                lines = [line.replace(str(work) + "/", "") for line in stderr.splitlines()]
                shown = lines[0] if kind == "bad" else f"{lines[-1]} ({len(lines) - 1} warning lines)"
                written = sorted(p.name for p in out.glob("*")) if out.exists() else []
                extra = "" if kind == "bad" and not written else f"; wrote {', '.join(written) or 'nothing'}"
                print(f"| {name} | {status} | {peak / 1024:.0f} | `{shown[:150]}`{extra} |", flush=True)
                shutil.rmtree(out, ignore_errors=True)
                source.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
