"""Which files a run takes and where their outputs go: folders, sub-folders, and clashes refused up front."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publish.errors import PublishError
from publish.inputs import gather

KINDS = ("docx", "pdf", "xlsx")


def sources(names, output_dir="out", **keywords) -> list[str]:
    return [job.source.name for job in gather([str(n) for n in names], Path(output_dir), KINDS, **keywords).jobs]


def test_a_folder_input_picks_up_every_bulletin_format(tmp_path):
    for name in ("a.docx", "b.doc", "c.WPS", "d.odt", "e.rtf", "f.txt", "~$a.docx", "~WRL0001.tmp", ".a.docx.x.part",
                 "g.pdf"):
        (tmp_path / name).write_bytes(b"x")
    assert sources([tmp_path]) == ["a.docx", "b.doc", "c.WPS", "d.odt", "e.rtf"]


def test_of_one_name_in_several_formats_a_folder_uses_the_docx_and_says_so(tmp_path):
    for name in ("bulletin.doc", "bulletin.docx", "Bulletin.RTF", "report.odt", "report.rtf"):
        (tmp_path / name).write_bytes(b"x")
    run = gather([str(tmp_path)], Path("out"), KINDS)
    assert [job.source.name for job in run.jobs] == ["bulletin.docx", "report.odt"]
    assert run.notes == (
        f"{tmp_path / 'bulletin.doc'}: skipped; bulletin.docx in the same folder writes the same outputs",
        f"{tmp_path / 'Bulletin.RTF'}: skipped; bulletin.docx in the same folder writes the same outputs",
        f"{tmp_path / 'report.rtf'}: skipped; report.odt in the same folder writes the same outputs",
    )


def test_a_folder_without_bulletins_names_the_formats_looked_for(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(PublishError, match=r"no bulletins in this folder \(\.docx, \.doc, \.wps, \.odt, \.rtf files\)$"):
        gather([str(tmp_path)], Path("out"), KINDS)


def test_sub_folders_are_counted_and_skipped_without_recursive(tmp_path):
    (tmp_path / "top.docx").write_bytes(b"x")
    for sub in ("第3期", "第4期", ".git"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "inner.docx").write_bytes(b"x")
    run = gather([str(tmp_path)], tmp_path.parent / "成品", KINDS)
    assert [job.source.name for job in run.jobs] == ["top.docx"]
    assert run.notes == (f"{tmp_path}: 2 sub-folders skipped (第3期, 第4期); give -r to include them",)


def test_a_folder_whose_bulletins_are_all_in_sub_folders_says_to_give_recursive(tmp_path):
    (tmp_path / "第3期").mkdir()
    (tmp_path / "第3期" / "a.docx").write_bytes(b"x")
    with pytest.raises(PublishError, match=r"no bulletins in this folder .*; 1 sub-folder skipped \(第3期\); "
                                           r"give -r to include them$"):
        gather([str(tmp_path)], Path("out"), KINDS)


def test_recursive_mirrors_the_sub_folders_under_the_output_folder(tmp_path):
    source = tmp_path / "收稿"
    (source / "第3期" / "专题").mkdir(parents=True)
    (source / "top.docx").write_bytes(b"x")
    (source / "第3期" / "a.docx").write_bytes(b"x")
    (source / "第3期" / "专题" / "a.docx").write_bytes(b"x")
    out = tmp_path / "成品"
    run = gather([str(source)], out, KINDS, recursive=True)
    assert [(job.source.relative_to(source).as_posix(), job.output_dir) for job in run.jobs] == [
        ("top.docx", out), ("第3期/a.docx", out / "第3期"), ("第3期/专题/a.docx", out / "第3期" / "专题")]
    assert run.notes == ()


def test_recursive_leaves_out_the_output_folder_inside_the_input_folder(tmp_path, sample_docx):
    shutil.copy(sample_docx, tmp_path / "a.docx")
    (tmp_path / "成品").mkdir()
    shutil.copy(sample_docx, tmp_path / "成品" / "b.docx")
    assert sources([tmp_path], tmp_path / "成品", recursive=True) == ["a.docx"]


def test_a_docx_this_program_wrote_is_not_taken_from_a_folder(tmp_path, sample_docx):
    from publish import Options, publish

    shutil.copy(sample_docx, tmp_path / "editor.docx")
    publish(sample_docx, Options(outputs=("docx",), output_dir=tmp_path / "old"))
    shutil.copy(tmp_path / "old" / sample_docx.name, tmp_path / "published.docx")
    shutil.rmtree(tmp_path / "old")
    assert sources([tmp_path]) == ["editor.docx"]


def test_an_output_over_the_input_is_refused_naming_both(tmp_path, sample_docx):
    editor = tmp_path / "第12期.docx"
    shutil.copy(sample_docx, editor)
    with pytest.raises(PublishError) as refused:
        gather([str(editor)], tmp_path, KINDS)
    assert str(refused.value) == (f"{editor} would be written over the input {editor}, which is never replaced; "
                                  "write the outputs to another folder with -o (for example -o out)")


def test_a_folder_published_into_itself_is_refused(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(PublishError, match=r"a\.docx would be written over the input .*a\.docx"):
        gather([str(tmp_path)], tmp_path, KINDS)


def test_an_output_over_another_input_of_the_run_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "out" / "a.docx").write_bytes(b"x")
    with pytest.raises(PublishError, match=rf"{tmp_path / 'out' / 'a.docx'} would be written over the input"):
        gather([str(tmp_path / "a.docx"), str(tmp_path / "out" / "a.docx")], tmp_path / "out", KINDS)


def test_two_inputs_of_one_name_are_refused_before_any_work(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.docx").write_bytes(b"x")
    with pytest.raises(PublishError) as refused:
        gather([str(tmp_path / "a" / "x.docx"), str(tmp_path / "b" / "X.docx".lower())], tmp_path / "成品", KINDS)
    assert str(refused.value) == (f"{tmp_path / 'a' / 'x.docx'} and {tmp_path / 'b' / 'x.docx'} would both write "
                                  f"{tmp_path / '成品' / 'x.docx'}; publish them with different -o folders, or rename one")


def test_names_differing_only_in_case_clash_as_on_windows(tmp_path):
    for folder, name in (("a", "Bulletin.docx"), ("b", "bulletin.docx")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_bytes(b"x")
    with pytest.raises(PublishError, match="would both write"):
        gather([str(tmp_path / "a"), str(tmp_path / "b")], tmp_path / "out", KINDS)


def test_a_file_named_twice_is_published_once(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    (tmp_path / "b.docx").write_bytes(b"x")
    run = gather([str(tmp_path / "a.docx"), str(tmp_path), f"{tmp_path}/./a.docx"], Path("out"), KINDS)
    assert [job.source.name for job in run.jobs] == ["a.docx", "b.docx"]
    assert run.notes == (f"{tmp_path / 'a.docx'}: named twice; published once",
                         f"{tmp_path / 'a.docx'}: named twice; published once")
