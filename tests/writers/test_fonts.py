"""The PDF font cache: what it holds, that a warm run does no font work, and that builders do not collide."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from publish.writers import fonts

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def cached() -> fonts.FontFiles:
    return fonts.font_files()  # builds into the user's cache on a cold machine (seconds, once)


def test_the_charset_covers_gbk_ideographs_ascii_and_chinese_punctuation() -> None:
    chars = set(fonts.charset())
    assert 21_500 < len(chars) < 22_500
    assert set("国际科技合作动态斋藤舒德锆氦") <= chars  # GB2312 level 1 and 2
    assert set("镕喆堃昇淼珺") <= chars  # outside GB2312, common in names
    assert set("ABCxyz0123456789%-.()") <= chars
    assert set("，。、；：？！“”‘’（）《》——……·【】") <= chars
    assert "\U00020000" not in chars  # CJK Extension B: the writer warns about such characters


def test_the_source_font_is_the_variable_noto_sans_sc_from_pip_and_the_manifest_hash_is_right() -> None:
    source = fonts.source_font()
    assert source.name == "NotoSansSC[wght].ttf" and "justmytype_intl_cjk" in source.parts
    digest, version = fonts.source_identity(source)
    assert digest == hashlib.sha256(source.read_bytes()).hexdigest()
    assert version == f"{TTFont(source, lazy=True)['head'].fontRevision:.3f}"


def test_each_instance_has_its_own_names_and_a_fixed_weight(cached: fonts.FontFiles) -> None:
    offered = set(map(ord, fonts.charset())) & set(TTFont(fonts.source_font(), lazy=True).getBestCmap())
    assert len(offered) > 7400
    expected = {cached.regular: ("NotoSansSC-Regular", 400, 0), cached.bold: ("NotoSansSC-Bold", 700, 1)}
    for path, (postscript, weight, mac_bold) in expected.items():
        font = TTFont(path)
        assert font["name"].getDebugName(6) == postscript
        assert font["OS/2"].usWeightClass == weight
        assert font["head"].macStyle & 1 == mac_bold
        assert "fvar" not in font and "gvar" not in font  # no longer variable: reportlab draws these outlines
        assert "glyf" in font  # TrueType outlines, the only kind reportlab embeds
        assert set(font.getBestCmap()) >= offered
    assert cached.regular.parent.parent == fonts.cache_root()


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
    probe = ("import sys; from publish.writers import fonts; files = fonts.font_files(); "
             "print(files.regular.is_file(), 'fontTools' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["True", "False"]


def test_the_cache_folder_follows_xdg_and_the_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(fonts.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_root() == tmp_path / "xdg" / "publish" / "fonts"
    monkeypatch.setenv(fonts.CACHE_VARIABLE, str(tmp_path / "mine"))
    assert fonts.cache_root() == tmp_path / "mine"


@pytest.fixture
def tiny_cold_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache and a few characters, so a cold build takes about a second instead of six."""
    monkeypatch.setenv(fonts.CACHE_VARIABLE, str(tmp_path))
    monkeypatch.setattr(fonts, "charset", lambda: "国际科技ABC123，。")
    return tmp_path


def test_a_cold_cache_is_filled_once_even_by_racing_runs(tiny_cold_cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[set[str]] = []
    real_build = fonts.build_instances

    def counting_build(source: Path, targets: dict[str, Path]) -> None:
        builds.append(set(targets))
        real_build(source, targets)

    monkeypatch.setattr(fonts, "build_instances", counting_build)
    monkeypatch.setattr(fonts, "_pool", lambda: None)  # no fork from a threaded test process
    results: list[fonts.FontFiles] = []
    runs = [threading.Thread(target=lambda: results.append(fonts.font_files())) for _ in range(3)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert len(results) == 3 and len(set(results)) == 1
    assert builds == [{"Regular", "Bold"}]  # the others waited on the lock and found the files
    folder = results[0].regular.parent
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "NotoSansSC-Bold.ttf", "NotoSansSC-Regular.ttf"]
    assert TTFont(results[0].bold)["name"].getDebugName(6) == "NotoSansSC-Bold"


def test_a_cold_build_in_two_processes_gives_the_same_bytes_as_one(tiny_cold_cache: Path, tmp_path: Path) -> None:
    parallel = fonts.font_files()
    sequential = {style: tmp_path / "seq" / f"{style}.ttf" for style in fonts.WEIGHTS}
    sequential["Regular"].parent.mkdir()
    fonts.build_instances(fonts.source_font(), {"Regular": sequential["Regular"]})
    fonts.build_instances(fonts.source_font(), {"Bold": sequential["Bold"]})
    assert parallel.regular.read_bytes() == sequential["Regular"].read_bytes()
    assert parallel.bold.read_bytes() == sequential["Bold"].read_bytes()


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "font.ttf"

    def broken_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fonts.os, "replace", broken_replace)
    with pytest.raises(OSError):
        fonts._write_atomically(target, b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_changed_recipe_or_source_misses_the_old_entry(cached: fonts.FontFiles,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[dict] = []
    monkeypatch.setattr(fonts, "build_instances", lambda source, targets: built.append(targets))
    monkeypatch.setattr(fonts, "RECIPE", fonts.RECIPE + 1000)
    monkeypatch.setattr(fonts, "cache_root", lambda: cached.regular.parent.parent / "test-recipe")
    try:
        fonts.font_files()
    finally:
        import shutil

        shutil.rmtree(cached.regular.parent.parent / "test-recipe", ignore_errors=True)
    assert len(built) == 1 and f"-r{fonts.RECIPE}" in str(next(iter(built[0].values())).parent)
