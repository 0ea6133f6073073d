"""Fingerprint every output `publish all` writes, so two versions of the code can be compared byte for byte.

    python tools/snapshot.py OUT.json [FILE_OR_FOLDER …] [--publish CMD] [--options=--full] [--jobs 2]

With no inputs: the sample, the rich bulletin and the ×100 bulletin (built as benchmarks/run.py
builds it). For each input, every part of the .docx and .xlsx is hashed (their ``docProps/core.xml``
and ``docProps/app.xml`` hold the time of writing and are left out); the PDF is written with
reportlab's invariant mode (``RL_invariant=1``: fixed dates and document id), so its bytes are hashed
whole. ``--publish`` names the command to run (default: this checkout's ``python -m publish``; give
another checkout's with ``PYTHONPATH=OTHER/src`` in the environment). Compare two snapshots with
``python tools/snapshot.py --compare A.json B.json``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMESTAMPED_PARTS = {"docProps/core.xml", "docProps/app.xml"}


def default_inputs(folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from build_sample import build
    from run import repeated_text

    x100 = folder / "bulletin_x100.docx"
    build(repeated_text((ROOT / "input" / "bulletin.txt").read_text(encoding="utf-8"), 100), x100)
    return [ROOT / "input" / "bulletin.docx", ROOT / "tests" / "fixtures" / "rich_bulletin.docx", x100]


def fingerprint(path: Path) -> dict[str, str]:
    if path.suffix == ".pdf":
        return {"": hashlib.sha256(path.read_bytes()).hexdigest()}
    with zipfile.ZipFile(path) as package:
        return {name: hashlib.sha256(package.read(name)).hexdigest()
                for name in sorted(package.namelist()) if name not in TIMESTAMPED_PARTS}


def snapshot_one(source: Path, command: list[str], extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as out:
        env = dict(os.environ, RL_invariant="1")
        done = subprocess.run([*command, "all", str(source), "-o", out, "-q", *extra], env=env,
                              capture_output=True, text=True)
        outputs = {path.name: fingerprint(path) for path in sorted(Path(out).iterdir())}
    return {"status": done.returncode, "stderr": done.stderr, "outputs": outputs}


def inputs_of(names: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = Path(name)
        found.extend(sorted(path.glob("*.docx")) if path.is_dir() else [path])
    return found


def compare(before: dict, after: dict) -> int:
    differing = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        differing += 1
        if old is None or new is None:
            print(f"{name}: only in {'after' if old is None else 'before'}")
            continue
        if old["status"] != new["status"] or old["stderr"] != new["stderr"]:
            print(f"{name}: exit {old['status']} → {new['status']}; stderr {old['stderr']!r} → {new['stderr']!r}")
        for output in sorted(set(old["outputs"]) | set(new["outputs"])):
            a, b = old["outputs"].get(output, {}), new["outputs"].get(output, {})
            parts = sorted(part for part in set(a) | set(b) if a.get(part) != b.get(part))
            if parts:
                print(f"{name}: {output}: {', '.join(part or '(bytes)' for part in parts)}")
    print(f"{len(set(before) | set(after))} inputs, {differing} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", help="where the snapshot goes (JSON)")
    parser.add_argument("inputs", nargs="*", help="files or folders of .docx (default: sample, rich, ×100)")
    parser.add_argument("--publish", default=f"{sys.executable} -m publish", help="the command to run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--options", default="", help="more options for publish all, e.g. '--full'")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(Path(name).read_text(encoding="utf-8")) for name in args.compare)
        return compare(before, after)
    if not args.out:
        parser.error("give OUT.json, or --compare A B")
    with tempfile.TemporaryDirectory() as built:
        sources = [path.resolve() for path in inputs_of(args.inputs)] if args.inputs else default_inputs(Path(built))
        command = args.publish.split()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = dict(zip((str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name)
                                for path in sources),
                               pool.map(lambda path: snapshot_one(path, command, args.options.split()), sources)))
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(results)} inputs → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
