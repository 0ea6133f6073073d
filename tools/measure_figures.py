"""Measure the figure extractor against the hand annotation of the sample (tests/figures_annotation.py).

    PYTHONPATH=src python tools/measure_figures.py [input/bulletin.docx]

Prints precision, recall, value/unit/qualifier agreement and label agreement, then every difference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from figures_annotation import score  # noqa: E402

from publish.figures import extract  # noqa: E402
from publish.reader import read  # noqa: E402


def main(path: str = str(ROOT / "input" / "bulletin.docx")) -> None:
    document = read(Path(path)).document
    started = time.perf_counter()
    figures = extract(document)
    elapsed = time.perf_counter() - started
    result = score(figures)
    matched = result["matched"] or 1
    print(f"annotated {result['annotated']}, found {result['found']}, matched {result['matched']}")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    print(f"value+unit+qualifier agree on {result['value_unit_approx_agree']}/{result['matched']} "
          f"({result['value_unit_approx_agree'] / matched:.3f})")
    print(f"label equal {result['label_equal']}/{result['matched']}, "
          f"equal or containing {result['label_close']}/{result['matched']} ({result['label_close'] / matched:.3f})")
    print(f"extract() took {elapsed * 1000:.1f} ms")
    for name in ("missed", "spurious", "disagreeing", "label_differences"):
        for item in result[name]:
            print(f"  {name}: {item}")


if __name__ == "__main__":
    main(*sys.argv[1:])
