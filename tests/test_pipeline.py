"""The job as a library call: ``publish.publish(path, Options) -> Result``, as the README shows it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

import publish
from publish.errors import InputError

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    found = re.search(r"<!-- library-example -->\n```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert found, "README.md lost its library example"
    return found.group(1)


def test_the_readme_library_example_runs(tmp_path, sample_docx, monkeypatch, capsys):
    code = readme_example()
    assert len(code.strip().splitlines()) <= 5
    (tmp_path / "input").mkdir()
    shutil.copy(sample_docx, tmp_path / "input" / "bulletin.docx")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bulletin.docx", "bulletin.pdf"]
    assert "PosixPath('out/bulletin.docx')" in printed or "WindowsPath('out/bulletin.docx')" in printed


def test_the_result_names_what_was_written_and_what_was_found(tmp_path, sample_docx):
    result = publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("xlsx", "docx")))
    assert sorted(result.written) == [tmp_path / "bulletin.docx", tmp_path / "bulletin.xlsx"]
    assert result.warnings[0].startswith("Guessed 7 level-2 headings from short bold lines: 专项投入")
    assert result.details[0] == "Guessed a level-2 heading from the short bold line '专项投入'"
    assert len(result.details) == 7
    assert {"read", "figures", "docx", "xlsx"} <= set(result.timings) and "pdf" not in result.timings


def test_masthead_overrides_reach_the_outputs(tmp_path, sample_docx):
    overrides = publish.MastheadOverrides(issue="第12期", unit="编辑部甲")
    publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("docx",), masthead=overrides))
    with zipfile.ZipFile(tmp_path / "bulletin.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert ">第12期<" in body and ">编辑部甲" in body and ">第1期<" not in body


def test_bad_input_raises_the_one_line_error(tmp_path):
    missing = tmp_path / "nothing.docx"
    with pytest.raises(InputError, match="nothing.docx"):
        publish.publish(missing, publish.Options(output_dir=tmp_path / "out"))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_library_call_refuses_to_write_over_its_input(tmp_path, sample_docx):
    editor = tmp_path / "第12期.docx"
    shutil.copy(sample_docx, editor)
    before = editor.read_bytes()
    with pytest.raises(publish.errors.PublishError, match=r"would be written over the input"):
        publish.publish(editor, publish.Options(output_dir=tmp_path))
    assert editor.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["第12期.docx"]
