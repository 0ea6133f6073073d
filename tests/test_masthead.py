"""Masthead values: options win over bulletin.toml, which wins over what the document says."""

from __future__ import annotations

import datetime as dt

import pytest

from publish.errors import PublishError
from publish.masthead import load_config, resolve
from publish.model import Document, Section, Source

DOCUMENT = Document(column="国际科技合作动态", sections=(
    Section("甲", 1, source=Source("科技日报", dt.date(2016, 3, 9), "")),
    Section("乙", 1, source=Source("中国国际科技合作网", dt.date(2016, 5, 27), "")),
))


def test_defaults_come_from_the_document():
    masthead = resolve(DOCUMENT, {}, {})
    assert (masthead.name, masthead.issue, masthead.date) == ("国际科技合作动态", "第1期", "2016年5月27日")
    assert masthead.unit == "《国际科技合作动态》编辑部"


def test_options_win_over_the_config_which_wins_over_the_document(tmp_path):
    (tmp_path / "bulletin.toml").write_text('[masthead]\nissue = "第7期"\nunit = "国际合作司"\nname = ""\n',
                                            encoding="utf-8")
    config = load_config(tmp_path)
    masthead = resolve(DOCUMENT, {"issue": "第12期", "name": None}, config)
    assert (masthead.name, masthead.issue, masthead.unit) == ("国际科技合作动态", "第12期", "国际合作司")


def test_a_broken_config_is_a_one_line_error(tmp_path):
    (tmp_path / "bulletin.toml").write_text("[masthead\n", encoding="utf-8")
    with pytest.raises(PublishError, match="bulletin.toml: not valid TOML"):
        load_config(tmp_path)


# -- the masthead from the input: typed lines, then the file name; options win; defaults warned ------

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import publish  # noqa: E402
from publish.masthead import option_date, resolve_with_warnings  # noqa: E402
from publish.model import TypedMasthead  # noqa: E402
from publish.reader import read  # noqa: E402

TYPED_LINES = ("国际科技合作动态", "2016年第5期（总第87期）", "科技部国际合作司编\u3000\u30002016年6月3日")
SAMPLE_TEXT = Path(__file__).resolve().parent.parent / "input" / "bulletin.txt"
SAMPLE_WARNING = ("masthead: no issue number or date in the document or its name; used issue 第1期 (bulletin.toml), "
                  "date 2016年5月27日 (the latest source date) (give --issue, --date)")


@pytest.fixture(scope="module")
def sample_with_typed_masthead(tmp_path_factory) -> Path:
    """The sample with the masthead typed above its contents, as editors type it."""
    import build_sample

    path = tmp_path_factory.mktemp("typed") / "bulletin.docx"
    build_sample.build(SAMPLE_TEXT.read_text(encoding="utf-8"), path, masthead=TYPED_LINES)
    return path


def paragraph_texts(body: str) -> list[str]:
    import re

    return ["".join("\t" if piece == "<w:tab/>" else re.sub(r"<[^>]+>", "", piece)
                    for piece in re.findall(r"<w:t(?: [^>]*)?>[^<]*</w:t>|<w:tab/>", paragraph))
            for paragraph in re.findall(r"<w:p\b.*?</w:p>", body)]


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_typed_masthead_lines_are_parsed_and_are_not_body_text(sample_with_typed_masthead):
    document = read(sample_with_typed_masthead).document
    assert document.typed_masthead == TypedMasthead(
        name="国际科技合作动态", issue=5, total=87, year=2016, unit="科技部国际合作司", date=dt.date(2016, 6, 3),
        lines=TYPED_LINES)
    assert document.preamble == ()
    assert document.sections[0].title == "中荷在京开展科技合作交流"


def test_the_typed_masthead_reaches_the_docx_and_the_pdf(tmp_path, sample_with_typed_masthead):
    result = publish.publish(sample_with_typed_masthead, publish.Options(output_dir=tmp_path, outputs=("docx", "pdf")))
    assert not [w for w in result.warnings if w.startswith("masthead:")]
    body = document_xml(tmp_path / "bulletin.docx")
    assert body.count("2016年第5期（总第87期）") == 1  # the masthead's issue line, not a body paragraph too
    assert "科技部国际合作司编" not in body
    assert paragraph_texts(body)[:3] == ["国际科技合作动态", "2016年第5期（总第87期）", "科技部国际合作司\t2016年6月3日"]
    again = read(tmp_path / "bulletin.docx").document  # our own masthead paragraphs are not re-read as typed
    assert again.typed_masthead is None and again.preamble == ()
    if shutil.which("pdftotext"):
        cover = subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "bulletin.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert "2016年第5期（总第87期）" in cover and "2016年6月3日" in cover and "第1期" not in cover
        everything = subprocess.run(["pdftotext", str(tmp_path / "bulletin.pdf"), "-"],
                                    capture_output=True, text=True, check=True).stdout
        assert "科技部国际合作司编" not in everything


@pytest.mark.parametrize(("name", "issue", "number"), [
    ("第12期 国际动态.docx", "第12期", 12),
    ("2016年第12期.docx", "2016年第12期", 12),
    ("国际动态（第十二期）.docx", "第12期", 12),
])
def test_the_issue_comes_from_a_numbered_file_name(tmp_path, sample_docx, name, issue, number):
    path = tmp_path / name
    shutil.copy(sample_docx, path)
    masthead, warnings = resolve_with_warnings(read(path).document, {}, {"issue": "第1期", "unit": "国际合作司"}, path)
    assert (masthead.issue, masthead.number, dict(masthead.sources)["issue"]) == (issue, number, "file name")
    assert warnings == ["masthead: no date in the document or its name; used date 2016年5月27日 "
                        "(the latest source date) (give --date)"]


def test_a_trailing_number_is_an_issue_only_in_a_folder_holding_the_series(tmp_path, sample_docx):
    document = read(sample_docx).document
    alone = tmp_path / "alone" / "动态-12.docx"
    alone.parent.mkdir()
    shutil.copy(sample_docx, alone)
    assert resolve(document, {}, {}, alone).issue == "第1期"
    series = tmp_path / "series"
    series.mkdir()
    for number in (11, 12):
        shutil.copy(sample_docx, series / f"动态-{number}.docx")
    assert resolve(document, {}, {}, series / "动态-12.docx").issue == "第12期"


def test_options_win_over_typed_lines_which_win_over_the_file_name_and_the_config(tmp_path,
                                                                                    sample_with_typed_masthead):
    named = tmp_path / "第9期.docx"
    shutil.copy(sample_with_typed_masthead, named)
    document = read(named).document
    config = {"issue": "第1期", "unit": "国际合作司", "date": "2016-01-01"}
    typed = resolve(document, {}, config, named)
    assert (typed.issue, typed.unit, typed.date) == ("2016年第5期（总第87期）", "科技部国际合作司", "2016年6月3日")
    given = resolve(document, {"issue": "7", "unit": "编辑部甲", "date": "2016-06-10"}, config, named)
    assert (given.issue, given.number, given.unit, given.date, given.day) == (
        "第7期", 7, "编辑部甲", "2016年6月10日", dt.date(2016, 6, 10))
    assert dict(given.sources) == {"name": "document", "issue": "option", "unit": "option", "date": "option"}


def test_the_sample_warns_once_naming_the_defaults(tmp_path, sample_docx):
    result = publish.publish(sample_docx, publish.Options(output_dir=tmp_path, outputs=("docx",)))
    assert [w for w in result.warnings if w.startswith("masthead:")] == [SAMPLE_WARNING]
    config_date = resolve_with_warnings(DOCUMENT, {}, {"date": "2016年6月3日", "issue": "第1期", "unit": "国际合作司"})
    assert config_date[1] == ["masthead: no issue number in the document or its name; used issue 第1期 "
                              "(bulletin.toml) (give --issue)"]
    assert resolve_with_warnings(DOCUMENT, {"issue": "第2期", "date": "2016-06-03"}, {})[1] == [
        "masthead: no unit in the document or its name; used unit 《国际科技合作动态》编辑部 (the default) (give --unit)"]


@pytest.mark.parametrize(("text", "day"), [
    ("2016-06-03", dt.date(2016, 6, 3)), ("2016-6-3", dt.date(2016, 6, 3)), ("2016年6月3日", dt.date(2016, 6, 3)),
    ("2016 年 6 月 3 日", dt.date(2016, 6, 3)), (" 2016-12-31 ", dt.date(2016, 12, 31)),
])
def test_dates_iso_and_chinese(text, day):
    assert option_date(text) == day


@pytest.mark.parametrize("text", ["yesterday", "2016-02-30", "2016/6/3", "6月3日", "2016年6月", "20160603"])
def test_anything_else_is_a_one_line_error_naming_the_forms(text):
    with pytest.raises(PublishError) as caught:
        option_date(text)
    assert str(caught.value) == f"--date {text!r} is not a date; give it as 2016-06-03 or 2016年6月3日"


def test_a_bad_date_in_the_config_names_the_file(tmp_path):
    (tmp_path / "bulletin.toml").write_text('[masthead]\ndate = "next week"\n', encoding="utf-8")
    with pytest.raises(PublishError, match=r"bulletin.toml: date 'next week' is not a date; write it as 2016-06-03"):
        load_config(tmp_path)


def test_the_cli_rejects_a_bad_date_in_one_line_before_reading(tmp_path, sample_docx):
    from io import StringIO

    from publish.cli import Environment, main

    out, err = StringIO(), StringIO()
    status = main(["docx", str(sample_docx), "-o", str(tmp_path), "--date", "yesterday"],
                  Environment(stdout=out, stderr=err, variables={}))
    assert (status, err.getvalue()) == (
        1, "publish: --date 'yesterday' is not a date; give it as 2016-06-03 or 2016年6月3日\n")
    assert not list(tmp_path.iterdir())


def test_tree_json_shows_the_masthead_found(tmp_path, sample_with_typed_masthead, sample_docx):
    from io import StringIO

    from publish.cli import Environment, main

    def tree(path: Path) -> dict:
        out = StringIO()
        assert main(["tree", "--json", "-q", str(path)], Environment(stdout=out, stderr=StringIO(), variables={})) == 0
        return json.loads(out.getvalue())["masthead"]

    assert tree(sample_with_typed_masthead) == {
        "name": "国际科技合作动态", "issue": "2016年第5期（总第87期）", "number": 5, "total": 87, "year": 2016,
        "unit": "科技部国际合作司", "date": "2016年6月3日", "day": "2016-06-03",
        "from": {"name": "document", "issue": "document", "unit": "document", "date": "document"},
        "typed_lines": list(TYPED_LINES)}
    named = tmp_path / "第12期 国际动态.docx"
    shutil.copy(sample_docx, named)
    assert tree(named) == {
        "name": "国际科技合作动态", "issue": "第12期", "number": 12, "total": None, "year": None,
        "unit": "科技部国际合作司", "date": "2016年5月27日", "day": "2016-05-27",
        "from": {"name": "column line", "issue": "file name", "unit": "bulletin.toml", "date": "latest source date"},
        "typed_lines": []}


def test_a_masthead_typed_into_a_table_is_read_as_the_masthead_not_as_body(tmp_path, sample_docx):
    """Many bulletins lay the masthead out in a borderless table: the name across, then 2016年第5期 |
    总第87期 and 科技部国际合作司编 | 2016年6月3日 in two cells each."""
    import docx

    document = docx.Document(str(sample_docx))
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "国际科技合作动态"
    for row, cells in ((1, ("2016年第5期", "总第87期")), (2, ("科技部国际合作司编", "2016年6月3日"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    body = document.element.body
    body.insert(0, table._tbl)
    path = tmp_path / "typed-table.docx"
    document.save(str(path))

    read_again = read(path).document
    assert read_again.typed_masthead == TypedMasthead(
        name="国际科技合作动态", issue=5, total=87, year=2016, unit="科技部国际合作司", date=dt.date(2016, 6, 3),
        lines=("国际科技合作动态", "2016年第5期\u3000总第87期", "科技部国际合作司编\u30002016年6月3日"))
    assert read_again.preamble == ()
    result = publish.publish(path, publish.Options(output_dir=tmp_path / "out", outputs=("docx",)))
    assert not [w for w in result.warnings if w.startswith("masthead:")]
    texts = paragraph_texts(document_xml(tmp_path / "out" / "typed-table.docx"))
    assert texts[:3] == ["国际科技合作动态", "2016年第5期（总第87期）", "科技部国际合作司\t2016年6月3日"]
    assert "科技部国际合作司编" not in "".join(texts)


def test_a_table_above_the_articles_that_is_not_a_masthead_stays_body(tmp_path, sample_docx):
    import docx

    document = docx.Document(str(sample_docx))
    table = document.add_table(rows=2, cols=2)
    for row, cells in ((0, ("2016年第5期", "总第87期")), (1, ("项目", "经费"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.element.body.insert(0, table._tbl)
    path = tmp_path / "table.docx"
    document.save(str(path))
    read_again = read(path).document
    assert read_again.typed_masthead is None
    assert [b.__class__.__name__ for b in read_again.preamble] == ["Table"]
