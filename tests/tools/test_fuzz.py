"""tools/fuzz.py: a fixed-seed round of damaged real documents, every one published or refused cleanly."""

from __future__ import annotations

import collections
import os

import pytest

import fuzz

# Each mutant runs in a forked child under an address-space limit: POSIX only.
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fuzzer forks a child per mutant")

SEED = 19
ROUND = 114  # six mutants of each of the 19 kinds


@pytest.fixture(scope="module")
def outcomes():
    return fuzz.run(fuzz.bases(list(fuzz.DEFAULT_INPUTS)), SEED, range(ROUND), timeout=60, memory_mib=2048)


def test_no_mutant_of_the_round_fails(outcomes):
    failures = [fuzz._failure_line(o, SEED) for o in outcomes if o.verdict in fuzz.FAILURES]
    assert failures == []


def test_the_round_holds_every_kind_and_both_good_ends(outcomes):
    kinds = collections.Counter(o.mutant.kind for o in outcomes)
    assert kinds == {kind: ROUND // len(fuzz.KINDS) for kind in fuzz.KINDS}
    verdicts = collections.Counter(o.verdict for o in outcomes)
    assert verdicts["published"] > 0 and verdicts["rejected"] > 0


def test_a_mutant_is_the_same_on_every_run():
    documents = fuzz.bases(list(fuzz.DEFAULT_INPUTS))
    first, again = fuzz.mutant(documents, SEED, 7), fuzz.mutant(documents, SEED, 7)
    assert (first.base, first.kind, first.data) == (again.base, again.kind, again.data)
    assert first.data != first.base.read_bytes()


@pytest.mark.parametrize(("stderr", "left", "status", "verdict"), [
    ("", ["x.docx", "x.pdf", "x.xlsx"], 0, "published"),
    ("", ["x.docx", "x.pdf"], 0, "partial-output"),
    ("", ["x.docx", "x.pdf", "x.xlsx", ".x.pdf.1.part"], 0, "partial-output"),
    ("publish: x.docx: is empty\n", [], 1, "rejected"),
    ("publish: x.docx: is empty\n", ["x.pdf"], 1, "left-behind"),
    ("publish: x.docx: internal error (KeyError: 'a'); set PUBLISH_DEBUG=1 for details\n", [], 1, "internal-error"),
    ("Traceback (most recent call last):\n  ...\nKeyError: 'a'\n", [], 4, "traceback"),
    ("publish: one\npublish: two\n", [], 1, "not-one-line"),
])
def test_each_ending_is_judged_as_the_tool_says(stderr, left, status, verdict):
    assert fuzz._judge(stderr, left, "x", status) == verdict
