"""The command line: exit statuses, one-line errors, the tree printed as text and JSON."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from publish.cli import Environment, main


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Environment(stdout=out, stderr=err, variables={}))
    return status, out.getvalue(), err.getvalue()


def test_tree_json_of_the_sample(sample_docx, seed):
    status, out, err = run_cli("tree", str(sample_docx), "--json")
    assert status == 0
    data = json.loads(out)
    assert [s["title"] for s in data["sections"]] == [s.title for s in seed.sections]
    assert [s["bookmarks"] for s in data["sections"]][:2] == [["_Toc22406"], ["_Toc21497"]]
    assert data["sections"][5]["sections"][6]["title"] == "大飞机"
    assert "warning: " + str(sample_docx) + ": Guessed 7 level-2 headings from short bold lines: 专项投入, 覆盖面, " \
           "宽带移动通信, 集成电路装备, …" in err.splitlines()


def test_tree_text_shows_levels_bookmarks_and_sources(sample_docx):
    status, out, _ = run_cli("tree", str(sample_docx), "-q")
    lines = out.splitlines()
    assert status == 0
    assert lines[1] == "1 中荷在京开展科技合作交流 [_Toc22406] （中国国际科技合作网, 2016-05-27）"
    assert lines[-1] == "  2 大飞机"


def test_unreadable_file_is_one_line_and_status_1(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    status, out, err = run_cli("tree", str(bad))
    assert status == 1
    assert out == ""
    assert err == f"publish: {bad}: is not a .docx file (not a zip package)\n"


def test_wrong_usage_is_status_2():
    assert run_cli("tree")[0] == 2
    assert run_cli("frobnicate", "x")[0] == 2


def test_python_dash_m_and_version():
    done = subprocess.run([sys.executable, "-m", "publish", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("publish ")


def test_verbose_lists_each_guessed_heading(sample_docx, tmp_path):
    _, _, quiet_err = run_cli("tree", str(sample_docx))
    _, _, err = run_cli("tree", str(sample_docx), "-v")
    details = [line for line in err.splitlines() if line not in quiet_err.splitlines()]
    assert details[0] == f"warning: {sample_docx}: Guessed a level-2 heading from the short bold line '专项投入'"
    assert len(details) == 7
    status, _, all_err = run_cli("all", str(sample_docx), "-o", str(tmp_path), "-v", "--only", "docx")
    assert status == 0 and details[-1] in all_err.splitlines()


def test_update_fields_on_open_is_asked_for_and_documented(sample_docx, tmp_path):
    import zipfile

    def asks(folder) -> bool:
        with zipfile.ZipFile(folder / "bulletin.docx") as archive:
            return b"<w:updateFields" in archive.read("word/settings.xml")

    assert run_cli("docx", str(sample_docx), "-o", str(tmp_path / "plain"))[0] == 0
    assert run_cli("docx", str(sample_docx), "-o", str(tmp_path / "asks"), "--update-fields-on-open")[0] == 0
    assert (asks(tmp_path / "plain"), asks(tmp_path / "asks")) == (False, True)
    done = subprocess.run([sys.executable, "-m", "publish", "docx", "--help"], capture_output=True, text=True)
    assert "--update-fields-on-open" in done.stdout and "--page-numbers {compute,model,libreoffice}" in done.stdout
