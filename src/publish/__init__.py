"""publish: turn an editor's Word bulletin into a .docx, a PDF digest and an Excel annex."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here, and reading it costs no
# importlib.metadata (65 ms of a 0.3 s run).
__version__ = "0.1.0"


def read(path):  # noqa: ANN001, ANN201 - re-exported below with its real signature
    from .reader import read as _read

    return _read(path)
