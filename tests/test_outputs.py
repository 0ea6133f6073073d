"""An output set is put in place whole or not at all: a file that cannot be replaced puts the others back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from publish.errors import OutputError
from publish.outputs import OutputSet

NAMES = ("x.pdf", "x.docx", "x.xlsx")


def old_set(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(f"old {name}".encode())
    return {name: (folder / name).read_bytes() for name in NAMES}


def try_new_set(folder: Path) -> None:
    with OutputSet(folder) as outputs:
        for name in NAMES:
            outputs.path_for(name).write_bytes(f"new {name}".encode())
        outputs.commit()


def replace_failing(monkeypatch, fails, error: BaseException) -> None:
    """``os.replace`` raising ``error`` when ``fails(source, target)``, as a locked or full disk would."""
    real_replace = os.replace

    def replace(source, target):
        if fails(Path(source), Path(target)):
            raise error
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_new_set_replaces_the_old_one(tmp_path):
    old_set(tmp_path / "o")
    try_new_set(tmp_path / "o")
    assert contents(tmp_path / "o") == {name: f"new {name}".encode() for name in sorted(NAMES)}


def test_an_output_that_cannot_be_replaced_leaves_the_whole_old_set(tmp_path, monkeypatch):
    """As on Windows, where Word or WPS holding x.docx open makes moving it fail."""
    before = old_set(tmp_path / "o")
    replace_failing(monkeypatch, lambda source, _: source == tmp_path / "o" / "x.docx",
                    PermissionError(13, "Permission denied"))
    with pytest.raises(OutputError) as refused:
        try_new_set(tmp_path / "o")
    assert str(refused.value) == (f"{tmp_path / 'o' / 'x.docx'}: cannot be replaced (Permission denied; is it open "
                                  "in another program, or read-only?); x.pdf, x.xlsx left as they were")
    assert contents(tmp_path / "o") == before  # x.pdf, moved aside first, is back; no temporary file is left


def test_a_failure_while_new_files_go_in_takes_them_out_again(tmp_path, monkeypatch):
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "x.pdf").write_bytes(b"old x.pdf")  # one earlier output, two new names
    replace_failing(monkeypatch, lambda _, target: target == tmp_path / "o" / "x.xlsx",
                    OSError(28, "No space left on device"))
    with pytest.raises(OutputError, match=r"x\.xlsx: cannot be replaced \(No space left on device"):
        try_new_set(tmp_path / "o")
    assert contents(tmp_path / "o") == {"x.pdf": b"old x.pdf"}


def test_a_folder_in_the_way_of_an_output_leaves_the_old_set(tmp_path):
    before = old_set(tmp_path / "o")
    (tmp_path / "o" / "x.docx").unlink()
    (tmp_path / "o" / "x.docx").mkdir()
    del before["x.docx"]
    with pytest.raises(OutputError, match=r"x\.docx: cannot be replaced"):
        try_new_set(tmp_path / "o")
    assert contents(tmp_path / "o") == before
    assert (tmp_path / "o" / "x.docx").is_dir()


def _immutable(path: Path, on: bool) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None or os.geteuid() != 0:
        return False
    return subprocess.run([chattr, "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


def test_an_immutable_output_as_chattr_makes_it_leaves_the_whole_old_set(tmp_path):
    before = old_set(tmp_path / "o")
    if not _immutable(tmp_path / "o" / "x.docx", True):
        pytest.skip("chattr +i needs root and a file system that keeps the flag")
    try:
        with pytest.raises(OutputError, match=r"x\.docx: cannot be replaced \(Operation not permitted; is it open"):
            try_new_set(tmp_path / "o")
    finally:
        _immutable(tmp_path / "o" / "x.docx", False)
    assert contents(tmp_path / "o") == before


def test_ctrl_c_while_putting_in_place_puts_everything_back(tmp_path, monkeypatch):
    before = old_set(tmp_path / "o")
    calls = []
    # Three earlier files moved aside, one new file in: then the user presses Ctrl-C.
    replace_failing(monkeypatch, lambda source, _: calls.append(source) or len(calls) == 5, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        try_new_set(tmp_path / "o")
    assert contents(tmp_path / "o") == before
