"""publish: turn an editor's Word bulletin into a .docx, a PDF digest and an Excel annex."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("publish")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"


def read(path):  # noqa: ANN001, ANN201 - re-exported below with its real signature
    from .reader import read as _read

    return _read(path)
