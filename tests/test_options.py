"""The library call's options: checked when made, so a caller's mistake never reaches a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.options import Options


def test_defaults_are_the_commands():
    options = Options()
    assert (options.outputs, options.output_dir, options.template) == (("docx", "pdf", "xlsx"), Path("out"), None)
    assert (options.toc_depth, options.page_numbers, options.full_pdf, options.convert_timeout) == (2, "compute", False, 60)


def test_outputs_come_in_one_order_and_paths_as_paths():
    options = Options(outputs=("xlsx", "docx"), output_dir="成品", template="my.docx")
    assert options.outputs == ("docx", "xlsx")
    assert (options.output_dir, options.template) == (Path("成品"), Path("my.docx"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("outputs", ("html",), "outputs must be some of docx, pdf, xlsx; got ('html',)"),
    ("outputs", (), "outputs must be some of docx, pdf, xlsx; got ()"),
    ("toc_depth", 0, "toc_depth must be 1 to 9; got 0"),
    ("toc_depth", 10, "toc_depth must be 1 to 9; got 10"),
    ("page_numbers", "word", "page_numbers must be one of compute, model, libreoffice; got 'word'"),
    ("convert_timeout", 0, "convert_timeout must be a number of seconds above 0; got 0"),
    ("convert_timeout", float("nan"), "convert_timeout must be a number of seconds above 0; got nan"),
])
def test_a_wrong_option_is_refused_with_its_name(field, value, message):
    with pytest.raises(ValueError) as raised:
        Options(**{field: value})
    assert str(raised.value) == message


def test_options_are_frozen():
    with pytest.raises(AttributeError):
        Options().toc_depth = 3  # type: ignore[misc]
