"""Bring a bulletin that is not .docx (.doc, .wps, .odt, .rtf) to .docx with LibreOffice headless.

The reader knows .docx only; ``pipeline.read_input`` asks ``recognise`` what an input is (from its
bytes, not its name: a .doc renamed .docx is still a .doc) and, for another format, reads the .docx
that ``to_docx`` makes. LibreOffice runs with a throw-away profile (so it works while the editor has
LibreOffice open, and two runs do not collide) in a temporary folder, in its own process group,
which is killed on a timeout or Ctrl-C: no soffice and no folder are left behind.
"""

from __future__ import annotations

import mmap
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, PublishError
from .libreoffice import SOFFICE_VARIABLE, find_soffice, run_soffice  # noqa: F401 - SOFFICE_VARIABLE re-exported
from .options import DEFAULT_CONVERT_TIMEOUT_SECONDS

INSTALL_HINT = ("save it as .docx (File › Save As › Word Document) and try again, or install LibreOffice "
                "to have it converted (Debian/Ubuntu: apt install libreoffice-writer-nogui; "
                "Windows: https://www.libreoffice.org/download/)")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
OPENDOCUMENT_PREFIX = "application/vnd.oasis.opendocument."
FIB_ENCRYPTED = 0x0100  # FibBase flags (offset 0x0A of the WordDocument stream): fEncrypted


@dataclass(frozen=True)
class SourceFormat:
    """What an input is, as a user would name it, and the suffix LibreOffice is given it under."""

    description: str  # "a Word 97–2003 .doc file"
    suffix: str


DOC = SourceFormat("a Word 97–2003 .doc file", ".doc")
WPS = SourceFormat("a WPS Writer .wps file (Word 97–2003 format)", ".wps")
WORKS = SourceFormat("a Microsoft Works .wps file", ".wps")
ODT = SourceFormat("an OpenDocument text .odt file", ".odt")
RTF = SourceFormat("a Rich Text .rtf file", ".rtf")


def recognise(path: Path) -> SourceFormat | None:
    """The format to convert from, or None for a .docx (or anything else: the reader says what is wrong).

    Raises InputError for a file that no conversion can help: an encrypted .doc, a spreadsheet.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
            if head.startswith(OLE_MAGIC):
                return _ole_format(path, handle)
    except OSError:
        return None  # the reader reports missing files and folders in its own words
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"PK"):
        return _zip_format(path)
    return None


def to_docx(path: Path, source: SourceFormat, timeout: float = DEFAULT_CONVERT_TIMEOUT_SECONDS):  # noqa: ANN201
    """A context manager giving the .docx LibreOffice made of ``path``; its folder goes on exit."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError(path, f"is {source.description}, which publish reads through LibreOffice, "
                               f"and LibreOffice is not installed; {INSTALL_HINT}")
    return _converted(path, source, soffice, timeout)


@contextmanager
def _converted(path: Path, source: SourceFormat, soffice: str, timeout: float) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="publish-convert-", ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        # A plain copied name: LibreOffice is given no user file name to misread as an option.
        copy = work / f"input{source.suffix}"
        shutil.copyfile(path, copy)
        out = work / "out"
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", str(out), str(copy)]
        try:
            run_soffice(command, timeout, cwd=work)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"LibreOffice did not finish converting {source.description} within "
                                   f"{timeout:g} s; try --convert-timeout with more seconds, or save it as "
                                   f".docx") from None
        except OSError as error:
            raise InputError(path, f"LibreOffice ({soffice}) could not be started: "
                                   f"{error.strerror or error}") from None
        converted = out / "input.docx"
        if not converted.is_file():
            raise InputError(path, f"is {source.description} that LibreOffice could not open: it is "
                                   f"damaged or password-protected; open it, save it as .docx and try again")
        yield converted


# -- recognising the bytes ---------------------------------------------------------------------------


def _ole_format(path: Path, handle) -> SourceFormat | None:  # noqa: ANN001 - a binary file
    """An OLE compound file: a Word .doc (or WPS .wps), a Works .wps, or an encrypted .docx."""
    try:
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            streams = _ole_streams(data)
            word = streams.get("WordDocument")
            encrypted = word is not None and _fib_flags(data, word) & FIB_ENCRYPTED
    except (ValueError, OSError, struct.error, IndexError):
        raise InputError(path, "is a damaged OLE (Word 97–2003 style) file") from None
    if "EncryptedPackage" in streams:
        return None  # a password-protected .docx: the reader says so
    if word is not None:
        fmt = WPS if path.suffix.lower() == ".wps" else DOC
        if encrypted:
            raise _password_protected(path, fmt)
        return fmt
    if "MatOST" in streams or "CONTENTS" in streams:
        return WORKS
    raise InputError(path, "is an OLE file with no Word document in it (an Excel .xls or PowerPoint .ppt?); "
                           "publish reads Word bulletins")


def _ole_streams(data: mmap.mmap) -> dict[str, tuple[int, int]]:
    """The root storage's streams and storages: name → (first sector, size), per [MS-CFB].

    Only the root's own children count: an embedded document keeps its own WordDocument deeper down.
    """
    sector_size = _sector_size(data)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
    difat_sector, difat_count = struct.unpack_from("<II", data, 0x44)
    per_difat = sector_size // 4 - 1
    while difat_sector < 0xFFFFFFFA and difat_count > 0:  # files over ~7 MB list more FAT sectors here
        values = struct.unpack_from(f"<{per_difat + 1}I", data, (difat_sector + 1) * sector_size)
        fat_sectors += [s for s in values[:per_difat] if s < 0xFFFFFFFA]
        difat_sector, difat_count = values[per_difat], difat_count - 1
    fat: list[int] = []
    for fat_sector in fat_sectors:
        fat.extend(struct.unpack_from(f"<{sector_size // 4}I", data, (fat_sector + 1) * sector_size))
    entries: list[tuple[str, int, int, int, int, int]] = []  # name, left, right, child, start, size
    sector, seen = struct.unpack_from("<I", data, 0x30)[0], set()
    while sector < len(fat) and sector not in seen:  # a loop in the chain is damage, not a hang
        seen.add(sector)
        base = (sector + 1) * sector_size
        for offset in range(base, base + sector_size, 128):
            name_bytes = min(struct.unpack_from("<H", data, offset + 0x40)[0], 64)
            name = bytes(data[offset:offset + max(name_bytes - 2, 0)]).decode("utf-16-le", "replace")
            entries.append((name, *struct.unpack_from("<III", data, offset + 0x44),
                            *struct.unpack_from("<II", data, offset + 0x74)))
        sector = fat[sector]
    children: dict[str, tuple[int, int]] = {}
    pending, visited = [entries[0][3]], set()  # the root entry's child: a tree of siblings
    while pending:
        index = pending.pop()
        if index >= len(entries) or index in visited:
            continue
        visited.add(index)
        name, left, right, _, first, size = entries[index]
        children[name] = (first, size)
        pending += [left, right]
    return children


def _sector_size(data: mmap.mmap) -> int:
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    if size not in (512, 4096):
        raise ValueError("bad sector size")
    return size


def _fib_flags(data: mmap.mmap, stream: tuple[int, int]) -> int:
    """FibBase flags of the WordDocument stream; 0 if it is too small to lie in regular sectors."""
    first_sector, size = stream
    if size < 4096:  # the mini-stream cutoff: no real .doc is this small
        return 0
    return struct.unpack_from("<H", data, (first_sector + 1) * _sector_size(data) + 0x0A)[0]


def _zip_format(path: Path) -> SourceFormat | None:
    """An OpenDocument text by its ``mimetype`` member; any other zip goes to the reader."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("mimetype")
            except KeyError:
                return None
            if info.file_size > 200:
                return None
            mimetype = archive.read(info).decode("ascii", "replace").strip()
            # An encrypted part is announced in the manifest; LibreOffice headless would just fail to load it.
            manifest = next((i for i in archive.infolist() if i.filename == "META-INF/manifest.xml"), None)
            encrypted = (manifest is not None and manifest.file_size < 1 << 20
                         and b"encryption-data" in archive.read(manifest))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
        return None
    if mimetype == ODT_MIMETYPE:
        if encrypted:
            raise _password_protected(path, ODT)
        return ODT
    if mimetype.startswith(OPENDOCUMENT_PREFIX):
        kind = mimetype.removeprefix(OPENDOCUMENT_PREFIX)
        raise InputError(path, f"is an OpenDocument {kind} file, not a text document; publish reads "
                               f"Word bulletins (.docx, .doc, .wps, .odt, .rtf)")
    return None


def _password_protected(path: Path, source: SourceFormat) -> InputError:
    return InputError(path, f"is {source.description} protected by a password; open it, save it "
                            f"without a password as .docx and try again")
