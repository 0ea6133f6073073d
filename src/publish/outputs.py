"""Write outputs all-or-nothing: temporary files in the target folder, renamed together at the end."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputSet:
    """Temporary paths for one input's outputs; ``commit`` renames them into place.

    Used as a context manager: leaving it without ``commit`` (an error anywhere)
    removes every temporary file and leaves earlier outputs untouched.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> OutputSet:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{self.folder}: cannot create the output folder ({error.strerror})") from None
        return self

    def path_for(self, name: str) -> Path:
        """A fresh temporary path that becomes ``folder/name`` on commit."""
        target = self.folder / name
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=self.folder)
        except OSError as error:
            raise OutputError(f"{target}: cannot write ({error.strerror})") from None
        os.close(handle)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        self._pending.append((Path(temporary), target))
        return Path(temporary)

    def commit(self) -> list[Path]:
        written = []
        for temporary, target in self._pending:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise OutputError(f"{target}: cannot write ({error.strerror})") from None
            written.append(target)
        self._pending.clear()
        return written

    def __exit__(self, *exc: object) -> None:
        for temporary, _ in self._pending:
            temporary.unlink(missing_ok=True)
        self._pending.clear()
