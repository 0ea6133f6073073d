"""Small helpers the tests share (importable because conftest puts tests/ on sys.path)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def needs(tool: str) -> pytest.MarkDecorator:
    """Skip a test when an external program it checks with is not installed."""
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed")


def run(*command: str) -> str:
    """What a checking program (pdftotext, pdffonts …) prints; it must succeed."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def soffice_convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert with LibreOffice headless in a private profile, so parallel runs do not collide."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             target_format, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180)
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert produced.exists(), f"LibreOffice did not write {produced}"
    return produced
