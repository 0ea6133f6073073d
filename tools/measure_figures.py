"""Measure the figure extractor against hand annotations.

    PYTHONPATH=src python tools/measure_figures.py [input/bulletin.docx]     the sample (tests/figures_annotation.py)
    PYTHONPATH=src python tools/measure_figures.py --labelled heldout         real texts (tests/figures_data/heldout.txt)
    PYTHONPATH=src python tools/measure_figures.py --labelled tuning

Prints precision, recall, value/unit/qualifier agreement and label agreement, then every difference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from figures_annotation import load_labelled, score, score_passages  # noqa: E402

from publish.figures import extract, find_quantities  # noqa: E402
from publish.reader import read  # noqa: E402


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    if argv[:1] == ["--labelled"]:
        part = argv[1] if len(argv) > 1 else "heldout"
        passages = load_labelled(part)
        result = score_passages(passages, find_quantities)
        what = f"{part}: {len(passages)} passages"
    else:
        path = argv[0] if argv else str(ROOT / "input" / "bulletin.docx")
        result = score(extract(read(Path(path)).document))
        what = path
    elapsed = time.perf_counter() - started
    report(what, result, elapsed)


def report(what: str, result: dict, elapsed: float) -> None:
    matched = result["matched"] or 1
    print(what)
    print(f"annotated {result['annotated']}, found {result['found']}, matched {result['matched']}")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    print(f"value+unit+qualifier agree on {result['value_unit_approx_agree']}/{result['matched']} "
          f"({result['value_unit_approx_agree'] / matched:.3f})")
    print(f"label equal {result['label_equal']}/{result['matched']} ({result['label_equal'] / matched:.3f}), "
          f"equal or containing {result['label_close']}/{result['matched']} ({result['label_close'] / matched:.3f})")
    print(f"took {elapsed * 1000:.1f} ms")
    for name in ("missed", "spurious", "disagreeing", "label_differences"):
        for item in result[name]:
            print(f"  {name}: {item}")


if __name__ == "__main__":
    main(sys.argv[1:])
