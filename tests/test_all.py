"""`publish all`: many inputs, atomic outputs, and bad input that harms nothing."""

from __future__ import annotations

import io
import os
import shutil

import hostile
import pytest

from publish.cli import Environment, main

KINDS = ("docx", "pdf", "xlsx")


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Environment(stdout=out, stderr=err, variables={}))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def folder_of_three(tmp_path, sample_docx):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(sample_docx, inputs / "a.docx")
    shutil.copy(sample_docx, inputs / "c.docx")
    hostile.truncated_zip(inputs / "b.docx")
    (inputs / "~$a.docx").write_bytes(b"\0" * 162)  # Word's lock file: never an input
    return inputs


def test_a_folder_with_one_broken_bulletin(folder_of_three, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = {kind: f"old b.{kind}".encode() for kind in KINDS}
    for kind, data in old.items():
        (out / f"b.{kind}").write_bytes(data)

    status, _, err = run_cli("all", str(folder_of_three), "-o", str(out))

    assert status == 1
    errors = [line for line in err.splitlines() if line.startswith("publish:")]
    assert errors == [f"publish: {folder_of_three / 'b.docx'}: is a damaged or truncated zip package"]
    for stem in ("a", "c"):
        for kind in KINDS:
            assert (out / f"{stem}.{kind}").stat().st_size > 1000
    for kind, data in old.items():
        assert (out / f"b.{kind}").read_bytes() == data
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{s}.{k}" for s in "abc" for k in KINDS])
    assert f"{folder_of_three / 'a.docx'} → " in err


def test_a_failing_writer_leaves_earlier_outputs_and_no_temporary_files(tmp_path, sample_docx, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "bulletin.docx").write_bytes(b"yesterday's docx")

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("publish.writers.pdf.document.write_pdf", broken)
    status, _, err = run_cli("all", str(sample_docx), "-o", str(out))
    assert status == 1
    assert "internal error (RuntimeError: disk on fire)" in err
    assert [p.name for p in out.iterdir()] == ["bulletin.docx"]
    assert (out / "bulletin.docx").read_bytes() == b"yesterday's docx"


@pytest.mark.parametrize("no_fork", ["0", "1"])
def test_a_failure_finding_the_figures_is_reported_and_writes_nothing(tmp_path, sample_docx, monkeypatch, no_fork):
    """Forked, the PDF's child finds the figures and hands them to the annex here: when it fails first, its
    error is the one reported (not a hang, nor "ended before it found the figures"), as without a child."""
    from publish import parallel

    monkeypatch.setenv(parallel.NO_FORK_VARIABLE, no_fork)

    def broken(*args, **kwargs):
        raise RuntimeError("figures on fire")

    monkeypatch.setattr("publish.figures.extract", broken)
    out = tmp_path / "out"
    status, _, err = run_cli("all", str(sample_docx), "-o", str(out))
    assert status == 1
    assert "internal error (RuntimeError: figures on fire)" in err and "ended before" not in err
    assert not out.exists() or list(out.iterdir()) == []


def count_children(monkeypatch) -> list[str]:
    """The kinds of the writers that get a forked child from now on, in the order they are started."""
    from publish import parallel, pipeline

    started = []
    real_child = parallel.ChildCall

    class CountedChild(real_child):
        def __init__(self, function, call):
            started.append(call.args[0])  # the kind, first argument of _write_one
            super().__init__(function, call)

    class CountedReadyChild(parallel.ReadyChild):  # the PDF's, forked before reading
        def __init__(self, prepare, function):
            started.append("pdf")
            super().__init__(prepare, function)

    monkeypatch.setattr(pipeline, "ChildCall", CountedChild)
    monkeypatch.setattr(pipeline, "ReadyChild", CountedReadyChild)
    return started


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("cores", [1, 2, 4])
def test_the_writers_share_the_cores_and_write_the_same_files(tmp_path, sample_docx, monkeypatch, cores):
    """One core: all three here; two: the PDF in a child; four: the PDF and the .docx in children (the
    workbook stays here, where the PDF child reports its pages).
    Whatever ran where, the outputs are the same (the .docx and .xlsx parts byte for byte, the PDF's text)."""
    import zipfile

    from publish import parallel, pipeline

    monkeypatch.delenv(parallel.NO_FORK_VARIABLE, raising=False)  # this test is about forking
    started = count_children(monkeypatch)
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cores)
    out = tmp_path / "out"
    status, _, err = run_cli("all", str(sample_docx), "-o", str(out), "-q")
    assert (status, err) == (0, "")
    assert started == {1: [], 2: ["pdf"], 4: ["pdf", "docx"]}[cores]
    reference = tmp_path / "reference"
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)
    assert run_cli("all", str(sample_docx), "-o", str(reference), "-q")[0] == 0
    for kind in ("docx", "xlsx"):
        with zipfile.ZipFile(out / f"bulletin.{kind}") as made, zipfile.ZipFile(reference / f"bulletin.{kind}") as alone:
            names = [n for n in made.namelist() if n != "docProps/core.xml"]
            assert names == [n for n in alone.namelist() if n != "docProps/core.xml"]
            assert all(made.read(n) == alone.read(n) for n in names), kind
    from pypdf import PdfReader

    texts = [[page.extract_text() for page in PdfReader(folder / "bulletin.pdf").pages] for folder in (out, reference)]
    assert texts[0] == texts[1] and len(texts[0]) >= 4


def test_the_no_fork_switch_runs_every_writer_in_this_process_as_on_windows(tmp_path, sample_docx, monkeypatch):
    from publish import parallel, pipeline

    monkeypatch.setenv(parallel.NO_FORK_VARIABLE, "1")
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 4)
    started = count_children(monkeypatch)
    assert not parallel.can_fork()
    status, _, err = run_cli("all", str(sample_docx), "-o", str(tmp_path), "-q")
    assert (status, err, started) == (0, "", [])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bulletin.docx", "bulletin.pdf", "bulletin.xlsx"]


def test_only_and_quiet(tmp_path, sample_docx):
    out = tmp_path / "out"
    status, stdout, err = run_cli("all", str(sample_docx), "-o", str(out), "--only", "xlsx,docx", "-q")
    assert (status, stdout, err) == (0, "", "")
    assert sorted(p.name for p in out.iterdir()) == ["bulletin.docx", "bulletin.xlsx"]


def test_only_rejects_an_unknown_kind(tmp_path, sample_docx):
    status, _, err = run_cli("all", str(sample_docx), "-o", str(tmp_path), "--only", "html")
    assert status == 1
    assert err == "publish: --only takes a comma-separated list of docx, pdf, xlsx; got 'html'\n"


@pytest.mark.parametrize("case", list(hostile.BAD))
def test_bad_input_writes_nothing(case, tmp_path):
    source = hostile.BAD[case](tmp_path / "bad.docx")
    out = tmp_path / "out"
    status, _, err = run_cli("all", str(source), "-o", str(out))
    assert status == 1
    assert err.count("\n") == 1 and err.startswith(f"publish: {source}: ")
    assert "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("case", ["no headings at all", "duplicate bookmark names", "control characters",
                                  "a 1 MB paragraph", "tables nested 40 deep", "text boxes nested 40 deep",
                                  "a note that cites itself", "a javascript: link"])
def test_odd_input_gives_outputs_and_warnings(case, tmp_path):
    source = hostile.ODD[case](tmp_path / "odd.docx")
    out = tmp_path / "out"
    status, _, err = run_cli("all", str(source), "-o", str(out))
    assert status == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["odd.docx", "odd.pdf", "odd.xlsx"]
    # Besides the masthead's defaults (this file has no issue number): a warning about the content itself.
    content = [line for line in err.splitlines() if line.startswith(f"warning: {source}: ")
               and not line.startswith(f"warning: {source}: masthead: ")]
    assert bool(content) == (case not in ("tables nested 40 deep", "text boxes nested 40 deep"))


def test_first_run_with_an_empty_font_cache(tmp_path, sample_docx):
    # The PDF writer runs in a forked child, which must be free to start the font build's own workers.
    import os
    import subprocess
    import sys

    env = dict(os.environ, PUBLISH_FONT_CACHE=str(tmp_path / "fonts"))
    done = subprocess.run([sys.executable, "-m", "publish", "all", str(sample_docx), "-o", str(tmp_path / "out"),
                           "-q"], env=env, capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bulletin.docx", "bulletin.pdf", "bulletin.xlsx"]
    from publish.writers.pdf.system_fonts import find

    system = ["face.ttf"] if find() is not None else []  # the machine's 宋/仿宋 face, subset (AR PL UMing)
    assert sorted(p.name for p in (tmp_path / "fonts").rglob("*.ttf")) == ["NotoSansSC-Bold.ttf",
                                                                         "NotoSansSC-Regular.ttf", *system]


# -- the editor's folder: inputs never written over, sets whole, sub-folders ---------------------------


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_outputs_beside_the_input_are_refused_and_the_input_is_untouched(tmp_path, sample_docx, monkeypatch):
    shutil.copy(sample_docx, tmp_path / "第12期.docx")
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, _, err = run_cli("all", "第12期.docx", "-o", ".")
    assert (status, err) == (1, "publish: 第12期.docx would be written over the input 第12期.docx, which is never "
                                "replaced; write the outputs to another folder with -o (for example -o out)\n")
    assert snapshot(tmp_path) == before


def test_a_folder_published_into_itself_is_refused_before_any_is_read(tmp_path, sample_docx):
    folder = tmp_path / "收稿"
    folder.mkdir()
    shutil.copy(sample_docx, folder / "a.docx")
    shutil.copy(sample_docx, folder / "b.docx")
    before = snapshot(folder)
    status, _, err = run_cli("all", str(folder), "-o", str(folder))
    assert status == 1 and err.count("\n") == 1
    assert err.startswith(f"publish: {folder / 'a.docx'} would be written over the input {folder / 'a.docx'}")
    assert snapshot(folder) == before


def test_two_inputs_of_one_name_write_nothing(tmp_path, sample_docx):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(sample_docx, tmp_path / name / "x.docx")
    status, _, err = run_cli("all", str(tmp_path / "a" / "x.docx"), str(tmp_path / "b" / "x.docx"),
                             "-o", str(tmp_path / "成品"))
    assert status == 1
    assert err == (f"publish: {tmp_path / 'a' / 'x.docx'} and {tmp_path / 'b' / 'x.docx'} would both write "
                   f"{tmp_path / '成品' / 'x.docx'}; publish them with different -o folders, or rename one\n")
    assert not (tmp_path / "成品").exists()


def test_an_output_that_cannot_be_replaced_leaves_last_weeks_set_whole(tmp_path, sample_docx, monkeypatch):
    """Word or WPS holding last week's x.docx open, as on Windows: this week's PDF must not go in alone."""
    out = tmp_path / "out"
    assert run_cli("all", str(sample_docx), "-o", str(out))[0] == 0
    last_week = snapshot(out)
    real_replace = os.replace

    def replace(source, target):
        if str(source) == str(out / "bulletin.docx"):
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    status, _, err = run_cli("all", str(sample_docx), "-o", str(out), "-q")
    assert status == 1
    assert err == (f"publish: {out / 'bulletin.docx'}: cannot be replaced (Permission denied; is it open in another "
                   "program, or read-only?); bulletin.pdf, bulletin.xlsx left as they were\n")
    assert snapshot(out) == last_week


def test_sub_folders_are_skipped_with_one_line_and_mirrored_with_recursive(tmp_path, sample_docx):
    folder = tmp_path / "收稿"
    (folder / "第3期").mkdir(parents=True)
    shutil.copy(sample_docx, folder / "top.docx")
    shutil.copy(sample_docx, folder / "第3期" / "sub.docx")
    status, _, err = run_cli("all", str(folder), "-o", str(tmp_path / "成品"), "--only", "xlsx")
    assert status == 0
    assert f"warning: {folder}: 1 sub-folder skipped (第3期); give -r to include them\n" in err
    assert sorted(snapshot(tmp_path / "成品")) == ["top.xlsx"]
    status, _, err = run_cli("all", str(folder), "-r", "-o", str(tmp_path / "成品"), "--only", "xlsx")
    assert status == 0 and "give -r" not in err
    assert sorted(snapshot(tmp_path / "成品")) == ["top.xlsx", "第3期/sub.xlsx"]


@pytest.mark.parametrize("no_fork", ["0", "1"])
def test_every_annex_link_opens_a_named_heading_of_the_pdf_on_its_page(tmp_path, sample_docx, monkeypatch, no_fork):
    """The annex's rows link to bulletin.pdf#name, each name a destination of the PDF, on the page 页码 gives:
    with the PDF in a child (its pages reported as its layout places the headings) and in this process."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from publish import parallel

    monkeypatch.setenv(parallel.NO_FORK_VARIABLE, no_fork)
    out = tmp_path / "out"
    assert run_cli("all", str(sample_docx), "-o", str(out), "-q")[:2] == (0, "")
    reader = PdfReader(out / "bulletin.pdf")
    pages = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    workbook = load_workbook(out / "bulletin.xlsx")
    for sheet, page_column in (("数据", 9), ("文章", 7)):
        rows = list(workbook[sheet].iter_rows(min_row=2))
        assert rows
        for row in rows:
            name, _, anchor = row[0].hyperlink.target.partition("#")
            assert name == "bulletin.pdf" and row[page_column].value == pages[anchor], (sheet, row[0].value)
    subheading = next(r for r in workbook["数据"].iter_rows(min_row=2) if r[8].value == "514架")
    assert subheading[0].hyperlink.target == "bulletin.pdf#_Toc500000006"  # 大飞机, a guessed sub-heading
    assert pages["_Toc500000006"] == pages["_Toc5078"] == 4


def test_without_the_pdf_the_annex_links_to_the_docx_and_has_no_pages(tmp_path, sample_docx):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    assert run_cli("all", str(sample_docx), "-o", str(out), "--only", "docx,xlsx", "-q")[:2] == (0, "")
    rows = list(load_workbook(out / "bulletin.xlsx")["数据"].iter_rows(min_row=2))
    assert {r[0].hyperlink.target.partition("#")[0] for r in rows} == {"bulletin.docx"}
    assert {r[9].value for r in rows} == {None}
    # each target is a bookmark of the written .docx, a guessed sub-heading's fresh name included
    import re
    import zipfile

    with zipfile.ZipFile(out / "bulletin.docx") as package:
        bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', package.read("word/document.xml").decode()))
    assert {r[0].hyperlink.target.partition("#")[2] for r in rows} <= bookmarks
    assert "_Toc500000006" in bookmarks
