"""The PDF font cache: what it holds, that a warm run does no font work, that characters come on demand,
that a build says what it does, and that builders do not collide."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import re
import threading
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from support import needs

from publish.cli import Environment, main
from publish.writers.pdf import fonts, machine

SRC = Path(__file__).resolve().parents[3] / "src"
ROOT = SRC.parent
RARE = "镕喆堃"  # in names; outside GB2312's level 1


@pytest.fixture(scope="module")
def cached() -> fonts.FontFiles:
    return fonts.font_files(RARE)  # builds into the user's cache on a cold machine (seconds, once)


def test_the_charset_covers_gbk_ideographs_ascii_and_chinese_punctuation() -> None:
    chars = set(fonts.charset())
    assert 21_500 < len(chars) < 22_500
    assert set("国际科技合作动态斋藤舒德锆氦") <= chars  # GB2312 level 1 and 2
    assert set("镕喆堃昇淼珺") <= chars  # outside GB2312, common in names
    assert set("ABCxyz0123456789%-.()") <= chars
    assert set("，。、；：？！“”‘’（）《》——……·【】") <= chars
    assert "\U00020000" not in chars  # CJK Extension B: the writer warns about such characters


def test_what_is_offered_on_demand_is_exactly_the_charset() -> None:
    offered = set(fonts.charset())
    assert all(fonts._offered(char) for char in offered)
    others = [chr(c) for c in range(0x30000) if chr(c) not in offered and not 0xD800 <= c < 0xE000]
    assert not any(fonts._offered(char) for char in others)  # \n, \t, Ext B, kana outside GB2312 ...


def test_the_first_build_holds_gb2312_level_1_symbols_latin_and_punctuation_only() -> None:
    core = set(fonts.core_charset())
    assert len(core) == 4688
    assert set("国际科技合作动态元亿万") <= core
    assert set("ABCxyz0123456789%-.()") <= core
    assert set("，。、；：？！“”‘’（）《》——……·【】①Ⅳ") <= core
    assert not set(RARE + "锆斐亟") & core  # level 2 and beyond: on demand
    assert core <= set(fonts.charset())


def test_the_pdf_writers_own_words_are_in_the_first_build() -> None:
    # The writer prints fixed Chinese words (labels, the chart title) that no document brings along.
    # (fonts.py itself names rare characters, 镕 and the like, that the first build leaves out)
    source = "".join(path.read_text(encoding="utf-8") for path in (SRC / "publish" / "writers" / "pdf").glob("*.py")
                     if path.name != "fonts.py")
    own = set(re.findall(r"[\u3000-\u9fff\uff00-\uffef]", source))
    assert len(own) > 5
    assert own <= set(fonts.core_charset())


def test_characters_in_walks_dataclasses_tuples_and_dicts() -> None:
    @dataclass(frozen=True)
    class Leaf:
        text: str
        size: int

    @dataclass(frozen=True)
    class Tree:
        title: str
        leaves: tuple[Leaf, ...]
        extra: dict[str, list[str]]

    class Pair(NamedTuple):
        first: str
        second: str

    class Word(str):
        pass

    tree = Tree("镕基", (Leaf("喆", 3), Leaf("a", 4)), {"堃": ["b"]})
    assert fonts.characters_in(tree, "c", None) == "".join(sorted("镕基喆a堃bc"))
    assert fonts.characters_in([Pair("甲", Word("乙")), {"丙"}, frozenset("丁")]) == "".join(sorted("甲乙丙丁"))


def test_the_source_font_is_the_variable_noto_sans_sc_from_pip_and_the_manifest_hash_is_right() -> None:
    source = fonts.source_font()
    assert source.name == "NotoSansSC[wght].ttf" and "justmytype_intl_cjk" in source.parts
    digest, version = fonts.source_identity(source)
    assert digest == hashlib.sha256(source.read_bytes()).hexdigest()
    assert version == f"{TTFont(source, lazy=True)['head'].fontRevision:.3f}"


def test_each_instance_has_its_own_names_and_a_fixed_weight(cached: fonts.FontFiles) -> None:
    offered = set(map(ord, fonts.core_charset() + RARE)) & set(TTFont(fonts.source_font(), lazy=True).getBestCmap())
    assert len(offered) > 4200 and set(map(ord, RARE)) <= offered
    expected = {cached.regular: ("NotoSansSC-Regular", 400, 0), cached.bold: ("NotoSansSC-Bold", 700, 1)}
    for path, (postscript, weight, mac_bold) in expected.items():
        font = TTFont(path)
        assert font["name"].getDebugName(6) == postscript
        assert font["OS/2"].usWeightClass == weight
        assert font["head"].macStyle & 1 == mac_bold
        assert "fvar" not in font and "gvar" not in font  # no longer variable: reportlab draws these outlines
        assert "glyf" in font  # TrueType outlines, the only kind reportlab embeds
        assert set(font.getBestCmap()) >= offered
    assert cached.regular.parent.parent.parent == fonts.cache_root()


def test_bold_is_really_heavier_than_regular(cached: fonts.FontFiles) -> None:
    def ink(path: Path) -> int:
        font = TTFont(path)
        glyph = font["glyf"][font.getBestCmap()[ord("国")]]
        glyph.recalcBounds(font["glyf"])
        return len(glyph.getCoordinates(font["glyf"])[0]), glyph.xMin, glyph.xMax

    regular, bold = ink(cached.regular), ink(cached.bold)
    assert regular != bold


def test_a_warm_cache_does_no_font_work(cached: fonts.FontFiles) -> None:
    # A fresh interpreter: finding the cached fonts must not even import fontTools.
    probe = ("import sys; from publish.writers.pdf import fonts; files = fonts.font_files('镕国'); "
             "print(files.regular.is_file(), 'fontTools' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["True", "False"]


def test_the_cache_folder_follows_xdg_and_the_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(machine.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_root() == tmp_path / "xdg" / "publish" / "fonts"
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path / "mine"))
    assert fonts.cache_root() == tmp_path / "mine"


@pytest.fixture
def tiny_cold_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache and a few characters, so a cold build takes about a second."""
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "core_charset", lambda: "国际科技ABC123，。")
    return tmp_path


def test_a_cold_cache_is_filled_once_even_by_racing_runs(tiny_cold_cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[set[str]] = []
    real_build = fonts.build_instances

    def counting_build(source: Path, targets: dict[str, Path], characters: str, step: fonts.Progress) -> None:
        builds.append(set(targets))
        real_build(source, targets, characters, step)

    monkeypatch.setattr(fonts, "build_instances", counting_build)
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)  # no fork from a threaded test process
    results: list[fonts.FontFiles] = []
    runs = [threading.Thread(target=lambda: results.append(fonts.font_files())) for _ in range(3)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert len(results) == 3 and len(set(results)) == 1
    assert builds == [{"Regular", "Bold"}]  # the others waited on the lock and found the files
    pair = results[0].regular.parent
    assert sorted(p.name for p in pair.iterdir()) == ["NotoSansSC-Bold.ttf", "NotoSansSC-Regular.ttf",
                                                      "characters.txt"]
    assert sorted(p.name for p in pair.parent.iterdir()) == [".lock", pair.name, "current"]
    assert (pair.parent / "current").read_text() == pair.name
    assert TTFont(results[0].bold)["name"].getDebugName(6) == "NotoSansSC-Bold"


def test_a_cold_build_in_two_processes_gives_the_same_bytes_as_one(tiny_cold_cache: Path, tmp_path: Path) -> None:
    parallel = fonts.font_files()
    sequential = {style: tmp_path / "seq" / f"{style}.ttf" for style in fonts.WEIGHTS}
    sequential["Regular"].parent.mkdir()
    fonts.build_instances(fonts.source_font(), {"Regular": sequential["Regular"]}, fonts.core_charset())
    fonts.build_instances(fonts.source_font(), {"Bold": sequential["Bold"]}, fonts.core_charset())
    assert parallel.regular.read_bytes() == sequential["Regular"].read_bytes()
    assert parallel.bold.read_bytes() == sequential["Bold"].read_bytes()


def test_a_changed_recipe_or_source_misses_the_old_entry(cached: fonts.FontFiles,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[dict] = []
    monkeypatch.setattr(fonts, "build_instances", lambda source, targets, characters, step: built.append(targets))
    monkeypatch.setattr(fonts, "RECIPE", fonts.RECIPE + 1000)
    monkeypatch.setattr(fonts, "cache_root", lambda: cached.regular.parent.parent / "test-recipe")
    try:
        fonts.font_files(RARE)
    finally:
        import shutil

        shutil.rmtree(cached.regular.parent.parent / "test-recipe", ignore_errors=True)
    assert len(built) == 1 and f"-r{fonts.RECIPE}" in str(next(iter(built[0].values())).parent)


def test_characters_outside_the_pair_come_on_demand_and_then_stay(tiny_cold_cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    built: list[str] = []
    real_build = fonts.build_instances

    def counting_build(source: Path, targets: dict[str, Path], characters: str, step: fonts.Progress) -> None:
        built.append(characters)
        real_build(source, targets, characters, step)

    monkeypatch.setattr(fonts, "build_instances", counting_build)
    first = fonts.font_files("国际")
    assert fonts.font_files("科技，") == first  # inside the first pair: no build
    assert fonts.font_files("国\U00020000") == first  # outside what GBK offers: no build, the writer warns
    second = fonts.font_files("喆国")
    assert second != first
    assert fonts.font_files("喆") == fonts.font_files("国") == second  # the union stays
    assert built == ["".join(sorted("国际科技ABC123，。")), "".join(sorted("国际科技ABC123，。喆"))]
    cmap = TTFont(second.bold).getBestCmap()
    assert {ord("喆"), ord("国"), ord("。")} <= set(cmap)
    assert ord("喆") not in TTFont(first.regular).getBestCmap()
    assert first.regular.is_file()  # a run that read the old pair can still open it
    os.utime(first.regular.parent / "superseded", (1, 1))  # superseded long ago: the next rebuild drops it
    third = fonts.font_files("堃")
    assert not first.regular.parent.exists() and second.regular.is_file() and third.bold.is_file()


def test_a_cold_build_says_what_it_does_and_a_warm_call_says_nothing(tiny_cold_cache: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "TICK_SECONDS", 600)  # the exact lines, without "still working" ones
    lines: list[str] = []
    fonts.font_files("堃", lines.append)
    assert re.fullmatch(r"preparing the Chinese font for PDFs, once: about \d+ s \(13 characters\)", lines[0])
    assert re.fullmatch(r"  cut to \d+ glyphs \(\d+\.\d s\)", lines[1])
    steps = [re.fullmatch(r"  (regular|bold) weight done \(\d+\.\d s\)", line) for line in lines[2:4]]
    assert all(steps) and {step.group(1) for step in steps} == {"regular", "bold"}
    assert re.fullmatch(r"the Chinese font is ready in \d+\.\d s; later runs reuse it", lines[4])
    assert len(lines) == 5
    lines.clear()
    fonts.font_files("堃国", lines.append)
    assert lines == []


def test_a_long_build_keeps_saying_it_is_still_working(tiny_cold_cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "TICK_SECONDS", 0.2)
    real_build = fonts.build_instances

    def slow_build(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        import time

        time.sleep(1)
        real_build(*args, **kwargs)

    monkeypatch.setattr(fonts, "build_instances", slow_build)
    lines: list[str] = []
    fonts.font_files("", lines.append)
    ticks = [line for line in lines if line.startswith("  still working (")]
    assert len(ticks) >= 3 and lines.index(ticks[0]) == 1
    assert lines[-1].startswith("the Chinese font is ready in ")


@pytest.fixture
def tiny_core_for_the_cli(tiny_cold_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The sample's own characters still come on demand, so the PDF prints every one of them.
    monkeypatch.setattr(fonts, "_can_fork", lambda: False)
    monkeypatch.setattr(fonts, "TICK_SECONDS", 600)
    return tiny_cold_cache


@pytest.mark.parametrize("quiet", [False, True])
def test_the_cli_prints_the_font_line_before_the_pdf_unless_quiet(tiny_core_for_the_cli: Path, tmp_path: Path,
                                                                  quiet: bool) -> None:
    import io

    stderr = io.StringIO()
    out = tmp_path / "out"
    argv = ["pdf", str(ROOT / "input" / "bulletin.docx"), "-o", str(out), "--unit", f"{RARE}国际科技"]
    argv += ["-q"] if quiet else []
    assert main(argv, Environment(stdout=io.StringIO(), stderr=stderr)) == 0
    said = stderr.getvalue().splitlines()
    starts = [i for i, line in enumerate(said) if line.startswith("preparing the Chinese font for PDFs, once: about ")]
    if quiet:
        assert said == []
    else:
        assert starts == [0]
        assert "out/bulletin.pdf" in said[-1] and "ready in" in said[4]
    text = subprocess.run(["pdftotext", str(out / "bulletin.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"{RARE}国际科技" in text  # on demand: outside the tiny first set, in the masthead


def test_one_process_draws_the_second_pdf_with_the_newer_pair(tiny_core_for_the_cli: Path, tmp_path: Path) -> None:
    import io

    # `publish pdf a b` writes both in this process: the second needs characters the first pair lacks.
    for unit in ("国际科技", f"{RARE}国际科技"):
        argv = ["pdf", str(ROOT / "input" / "bulletin.docx"), "-o", str(tmp_path / "out"), "--unit", unit, "-q"]
        assert main(argv, Environment(stdout=io.StringIO(), stderr=io.StringIO())) == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "bulletin.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"{RARE}国际科技" in text


@needs("pdftotext")
def test_symbols_beyond_gbk_print_in_the_pdf(tmp_path: Path) -> None:
    # €, ⋯, ™, arrows and operators were blanks (12 corpus files warned): now offered on demand like rare names.
    from publish.model import Document, Masthead, Paragraph, Section
    from publish.writers.pdf.document import write_pdf

    text = "价格100€，a⋯b，™，A↔B⇒C，∀x∂y∃z∅∇⊂⊕。"
    assert all(fonts._offered(char) for char in "€⋯™↔⇒∀∂∃∅∇⊂⊕")
    document = Document(sections=(Section("符号", 1, ("_Toc1",), None, (Paragraph.plain(text),)),))
    pdf = tmp_path / "symbols.pdf"
    assert write_pdf(document, (), Masthead("简报", "第1期", "单位", "2016年5月27日"), pdf, full=True) == ()
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text in printed


def test_a_face_read_back_from_its_record_is_the_face_reportlab_parses(cached: fonts.FontFiles, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase.ttfonts import TTFontFace

    from publish.writers.pdf import faces

    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path))  # records are written in the cache only
    copy = tmp_path / "NotoSansSC-Regular.ttf"
    copy.write_bytes(cached.regular.read_bytes())
    parsed = faces._truetype_face(copy, copy.stat())  # parsed by reportlab; the record written beside it
    assert isinstance(parsed, TTFontFace) and (tmp_path / "NotoSansSC-Regular.ttf.face.json").is_file()
    saved = faces._truetype_face(copy, copy.stat())
    assert type(saved).__name__ == "SavedFace"
    for name in ("name", "numGlyphs", "charToGlyph", "charWidths", "defaultWidth", "flags", "ascent", "descent",
                 "capHeight", "stemV", "italicAngle"):
        assert getattr(saved, name) == getattr(parsed, name), name
    assert saved.bbox == list(parsed.bbox) and saved.glyphPos == list(parsed.glyphPos)
    assert all(saved.get_table(tag) == parsed.get_table(tag) for tag in ("glyf", "head", "hmtx", "OS/2", "post"))
    copy.write_bytes(copy.read_bytes() + b"\0\0\0\0")  # another file now: the record no longer matches
    assert isinstance(faces._truetype_face(copy, copy.stat()), TTFontFace)
    (tmp_path / "NotoSansSC-Regular.ttf.face.json").write_text("{damaged", encoding="utf-8")
    assert isinstance(faces._truetype_face(copy, copy.stat()), TTFontFace)
    monkeypatch.setenv(machine.CACHE_VARIABLE, str(tmp_path / "elsewhere"))
    (tmp_path / "NotoSansSC-Regular.ttf.face.json").unlink()
    faces._truetype_face(copy, copy.stat())
    assert not (tmp_path / "NotoSansSC-Regular.ttf.face.json").exists()
