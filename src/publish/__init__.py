"""publish: turn an editor's Word bulletin into a .docx, a PDF digest and an Excel annex.

    import publish

    result = publish.publish("input/bulletin.docx", publish.Options(output_dir="out"))
    tree = publish.read("input/bulletin.docx").document
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .options import MastheadOverrides, Options, Result
from .version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from .reader import ReadResult

__all__ = ["MastheadOverrides", "Options", "Result", "__version__", "publish", "read"]


# The reader and the pipeline are imported when first called, not with the package: the command line and
# the writers' children import ``publish`` for their own parts only.
def read(path: Path | str) -> ReadResult:
    """The section tree of a .docx, with the reader's warnings (``publish.reader.read``)."""
    from .reader import read as read_docx

    return read_docx(path)


def publish(path: Path | str, options: Options | None = None, *,
            progress: Callable[[str], None] | None = None) -> Result:
    """Read one input and write the outputs ``options`` asks for, all of them or none
    (``publish.pipeline.publish``)."""
    from .pipeline import publish as run_job

    return run_job(path, options, progress=progress)
