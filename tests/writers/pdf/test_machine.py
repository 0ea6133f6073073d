"""The font cache's writes (``publish.writers.pdf.machine``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publish.writers.pdf import machine


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "font.ttf"

    def broken_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        machine.write_atomically(target, b"data")
    assert list(tmp_path.iterdir()) == []
