"""The package's imports run one way, reader → model → figures → layout → writers → pipeline → cli,
with no cycles (``tools/imports.py`` prints the whole graph)."""

from __future__ import annotations

import imports


def test_no_module_imports_one_above_it():
    assert imports.upward(imports.graph()) == []


def test_no_two_modules_import_each_other():
    assert imports.cycles(imports.graph()) == []


def test_the_checks_see_what_they_check():
    # A graph with a backward edge and a loop: both are found.
    edges = {"publish.writers.docx": {"publish.pipeline"}, "publish.pipeline": {"publish.writers.docx"}}
    assert imports.upward(edges) == [("publish.writers.docx", "publish.pipeline")]
    assert imports.cycles(edges) == [["publish.pipeline", "publish.writers.docx"]]
    # Relative imports, a module named in "from . import", and imports inside functions all count.
    graph = imports.graph()
    assert "publish.layout.pagination" in graph["publish.writers.docx.body"]  # from ...layout import pagination
    assert "publish.writers.docx.body" in graph["publish.writers.docx"]  # from .body import BodyBuilder
    assert "publish.reader" in graph["publish.pipeline"]  # imported inside read_input


def test_layout_imports_no_writer_and_readers_no_layout():
    graph = imports.graph()
    for name, targets in graph.items():
        if name.startswith("publish.layout"):
            assert not {t for t in targets if t.startswith("publish.writers")}, name
        if name.startswith("publish.reader"):
            assert not {t for t in targets if t.startswith(("publish.writers", "publish.layout"))}, name
