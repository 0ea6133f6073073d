"""Measure the figure extractor against hand annotations.

    PYTHONPATH=src python tools/measure_figures.py [input/bulletin.docx]     the sample (tests/figures_annotation.py)
    PYTHONPATH=src python tools/measure_figures.py --labelled heldout         real texts (tests/figures_data/heldout.txt)
    PYTHONPATH=src python tools/measure_figures.py --labelled tuning
    PYTHONPATH=src python tools/measure_figures.py --jieba       hand-rule labels against jieba posseg (pip install jieba)
    PYTHONPATH=src python tools/measure_figures.py --agreement heldout4 heldout4_second    two annotators' labels

Prints precision, recall, value/unit/qualifier agreement and label agreement, then every difference.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from figures_annotation import _acceptable, load_labelled, score, score_passages  # noqa: E402

from publish.figures import numbers  # noqa: E402
from publish.figures import extract, find_quantities  # noqa: E402
from publish.reader import read  # noqa: E402


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    if argv[:1] == ["--jieba"]:
        compare_with_jieba()
        return
    if argv[:1] == ["--agreement"] and len(argv) == 3:
        agreement(*argv[1:])
        return
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


def agreement(first: str, second: str) -> None:
    """How often a second annotator's label (its first choice) is one the first annotator accepts, and the
    other way round, over the same passages and figures."""
    pairs = [(a[4], b[4]) for one, other in zip(load_labelled(first), load_labelled(second), strict=True)
             for a, b in zip(one.figures, other.figures, strict=True)]
    for name, (mine, theirs) in ((f"{second} in {first}", (1, 0)), (f"{first} in {second}", (0, 1))):
        agreed = sum(_acceptable(pair[mine])[0] in _acceptable(pair[theirs]) for pair in pairs)
        print(f"{name}: {agreed}/{len(pairs)} ({agreed / len(pairs):.3f}) first labels acceptable to the other")


def compare_with_jieba() -> None:
    """The same figures, labelled instead by jieba's part-of-speech tags: the noun run after a measure word,
    else the noun run nearest before the figure in its clause, else the previous figure's label."""
    from dataclasses import replace

    started = time.perf_counter()
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    print(f"jieba import and initialise: {(time.perf_counter() - started) * 1000:.0f} ms")
    breaks = set("，。；：！？,;:!?（()）、")

    def noun_run(words: list, from_end: bool) -> str | None:
        sequence = list(reversed(words)) if from_end else list(words)
        at = 0
        while at < len(sequence) and not sequence[at][1].startswith("n") and sequence[at][1] not in ("vn", "j", "eng"):
            at += 1
        run = []
        while at < len(sequence) and (sequence[at][1].startswith("n") or sequence[at][1] in ("vn", "j", "eng")):
            run.append(sequence[at][0])
            at += 1
        return "".join(reversed(run) if from_end else run) or None

    def find(text: str) -> list:
        out: list = []
        previous = 0
        for quantity in find_quantities(text):
            label = None
            if quantity.unit in numbers._COUNTABLE:
                after = []
                for word, flag in posseg.cut(text[quantity.end:quantity.end + 20]):
                    if word in breaks:
                        break
                    after.append((word, flag))
                if after and after[0][1].startswith("n"):
                    label = noun_run(after, from_end=False)
            if label is None and quantity.unit not in numbers._TIME:
                clause = text[previous:quantity.start]
                clause = clause[max(clause.rfind(mark) for mark in "，。；：！？") + 1:]
                label = noun_run([(p.word, p.flag) for p in posseg.cut(clause)], from_end=True) if clause else None
                if label is None and out:
                    label = out[-1].label
            out.append(replace(quantity, label=label))
            previous = quantity.end
        return out

    for part in ("tuning", "heldout"):
        for name, finder in (("hand rules", find_quantities), ("jieba posseg", find)):
            result = score_passages(load_labelled(part), finder)
            print(f"{part:8} {name:13} label equal {result['label_equal']}/{result['matched']}, "
                  f"equal or containing {result['label_close']}/{result['matched']} "
                  f"({result['label_close'] / result['matched']:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
