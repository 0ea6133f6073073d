"""Shared fixtures: the sample bulletin, its text oracle, and the producer-style fixture writer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))  # for tests/support.py

SAMPLE_DOCX = ROOT / "input" / "bulletin.docx"
SAMPLE_TEXT = ROOT / "input" / "bulletin.txt"


@pytest.fixture(scope="session")
def sample_docx() -> Path:
    return SAMPLE_DOCX


@pytest.fixture(scope="session")
def seed():
    from seed_text import parse

    return parse(SAMPLE_TEXT.read_text(encoding="utf-8"))
