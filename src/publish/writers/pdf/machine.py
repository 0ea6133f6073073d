"""The machine's font files and the PDF's font cache beside them: where the cache is and how a file is
written into it, the font folders (and a signature that changes when a package installs fonts, under which
what fontconfig listed is remembered), which outlines a font file has, and Windows' Fonts folder. Shared by
``fonts``, ``fillers`` and ``system_fonts``; imports neither of them, nor reportlab or fontTools."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

CACHE_VARIABLE = "PUBLISH_FONT_CACHE"  # overrides the cache folder (tests use it for a cold cache)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
FONTCONFIG_VARIABLES = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")  # they change what fc-list finds


@dataclass(frozen=True)
class Face:
    path: Path
    index: int  # the font's number in a .ttc collection
    family: str


def cache_root() -> Path:
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish" / "fonts"


def write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache may be shared
        os.replace(temporary, target)  # atomic: concurrent builders each rename a whole, identical file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def windows_face(name: str, index: int, family: str) -> Face | None:
    """Font ``index`` of ``name`` in Windows' Fonts folder, if this is Windows and the file is there."""
    if sys.platform != "win32":
        return None
    path = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / name
    return Face(path, index, family) if path.is_file() else None


def font_dirs_signature() -> str:
    """The font folders' modification times, three levels down: a package installing fonts changes one."""
    stamps = [f"{name}={os.environ.get(name, '')}" for name in FONTCONFIG_VARIABLES]
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for current, dirs, _ in os.walk(root):
            depth = Path(current).relative_to(root).parts
            if len(depth) >= 3:
                dirs[:] = []
            try:
                stamps.append(f"{current}:{os.stat(current).st_mtime_ns}")
            except OSError:
                pass
    return hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()[:20]


def remembered(name: str, find: Callable[[], T], encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
    """What ``find`` gives (what fontconfig lists: slow to ask), kept in the cache's file ``name`` with the font
    folders' signature and given again while the folders (and fontconfig's variables) are unchanged.
    ``encode`` makes it JSON, ``decode`` takes it back; a record that does not decode is found again."""
    signature = font_dirs_signature()
    record = cache_root() / name
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("signature") == signature:
            return decode(saved["faces"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    found = find()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(record, json.dumps({"signature": signature, "faces": encode(found)},
                                            ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only cache: found again next time
    return found


def outlines(path: Path, index: int) -> str | None:
    """"TrueType" or "CFF" for font ``index`` of the file (a .ttc holds several), from its first bytes; else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            if head[:4] == b"ttcf" and len(head) == 12 and 0 <= index < int.from_bytes(head[8:12], "big"):
                handle.seek(12 + 4 * index)
                handle.seek(int.from_bytes(handle.read(4), "big"))
                head = handle.read(4)
    except OSError:
        return None
    return {b"\x00\x01\x00\x00": "TrueType", b"true": "TrueType", b"OTTO": "CFF"}.get(head[:4])
