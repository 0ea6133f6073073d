"""Write outputs all-or-nothing: temporary files in the target folder, put in place together at the end.

Putting in place moves each earlier output aside first, then renames each new one over its name. When any
step fails (a file open in Word or WPS on Windows cannot be moved; a read-only file or folder; a full
disk), everything already moved is moved back: the folder holds the whole old set or the whole new one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def output_name(source: Path, kind: str) -> str:
    """The file name of ``source``'s output of ``kind`` ("docx", "pdf", "xlsx")."""
    return f"{source.stem}.{kind}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputSet:
    """Temporary paths for one input's outputs; ``commit`` renames them into place.

    Used as a context manager: leaving it without ``commit`` (an error anywhere)
    removes every temporary file and leaves earlier outputs untouched; a failed ``commit`` puts the
    earlier outputs back.
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
        """Put every output in place, or (raising ``OutputError``) none: the earlier ones are restored."""
        aside: list[tuple[Path, Path]] = []  # (target, where its earlier file waits)
        placed: list[Path] = []
        try:
            for _, target in self._pending:
                if os.path.lexists(target):
                    aside.append((target, self._move_aside(target)))
            for temporary, target in self._pending:
                try:
                    os.replace(temporary, target)
                except OSError as error:
                    raise OutputError(self._cannot_replace(target, error)) from None
                placed.append(target)
        except BaseException:  # Ctrl-C too: what was moved goes back before the error goes on
            self._restore(placed, aside)
            raise
        for _, backup in aside:
            backup.unlink(missing_ok=True)
        self._pending.clear()
        return placed

    def _move_aside(self, target: Path) -> Path:
        try:
            handle, backup = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=self.folder)
            os.close(handle)
        except OSError as error:
            raise OutputError(f"{target}: cannot write beside it ({error.strerror})") from None
        try:
            os.replace(target, backup)
        except OSError as error:
            os.unlink(backup)
            raise OutputError(self._cannot_replace(target, error)) from None
        return Path(backup)

    def _cannot_replace(self, target: Path, error: OSError) -> str:
        others = [t.name for _, t in self._pending if t != target]
        kept = f"; {', '.join(others)} left as {'they were' if len(others) > 1 else 'it was'}" if others else ""
        return (f"{target}: cannot be replaced ({error.strerror}; is it open in another program, "
                f"or read-only?){kept}")

    @staticmethod
    def _restore(placed: list[Path], aside: list[tuple[Path, Path]]) -> None:
        earlier = {target for target, _ in aside}
        for target in placed:
            if target not in earlier:
                target.unlink(missing_ok=True)  # new in this set: it goes
        for target, backup in aside:
            try:
                os.replace(backup, target)
            except OSError as error:
                raise OutputError(f"{target}: the earlier file could not be put back ({error.strerror}); "
                                  f"it is at {backup}") from None

    def __exit__(self, *exc: object) -> None:
        for temporary, _ in self._pending:
            temporary.unlink(missing_ok=True)
        self._pending.clear()
