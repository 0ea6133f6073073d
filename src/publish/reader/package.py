"""Open a .docx package safely: bounded inflation, no entities, parts found by relationship.

This is the only module that touches the input zip. Every refusal raises
``InputError`` with a reason a user can act on.
"""

from __future__ import annotations

import lzma
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import safexml
from ..errors import InputError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # declared uncompressed size of one part
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # declared uncompressed size of all parts
MAX_RATIO = 100  # uncompressed / compressed, checked on large parts only
RATIO_FLOOR_BYTES = 16 * 1024 * 1024  # repetitive text compresses 500:1 harmlessly in small parts

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT_TYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
}
CORE_PROPERTIES_TYPES = {
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
}

# ISO/IEC 29500 Strict spells the same elements under other namespaces; read them as Transitional ones.
STRICT_MARK = b"http://purl.oclc.org/ooxml/"
STRICT_TO_TRANSITIONAL = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
    (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture", b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
)


# What zipfile and its decompressors raise for damaged bytes: a bad CRC or header (BadZipFile), a broken
# deflate, LZMA or bzip2 stream (zlib.error, LZMAError, OSError), data cut short (EOFError), undecodable
# names (UnicodeDecodeError, a ValueError), fields no zip writer uses (NotImplementedError, struct.error).
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
               NotImplementedError, struct.error)


def _damage(error: BaseException) -> str:
    """What a damaged zip's exception means, in a user's words."""
    detail = str(error) or type(error).__name__
    if isinstance(error, (zlib.error, lzma.LZMAError)) or "Invalid data stream" in detail:
        return f"its compressed data is corrupt ({detail.split(': ')[-1]})"
    if "CRC" in detail:
        return "its checksum does not match its data (CRC error)"
    if isinstance(error, EOFError) or "truncated" in detail.lower():
        return "it is cut short (a truncated file?)"
    if isinstance(error, NotImplementedError):
        return f"it uses a zip feature no Word or WPS writes ({detail})"
    if isinstance(error, UnicodeDecodeError):
        return "a member name is not valid text"
    return detail


def _transitional(data: bytes) -> bytes:
    for strict, transitional in STRICT_TO_TRANSITIONAL:
        data = data.replace(strict, transitional)
    return data


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # a part name inside the package, or an external URL
    external: bool


class Package:
    """A validated OPC package: its parts read on demand, each within the limits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = _open_zip(path)
        self._names = {info.filename for info in self._zip.infolist()}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, part: str) -> bool:
        return part in self._names

    def read_bytes(self, part: str) -> bytes:
        try:
            with self._zip.open(part) as member:
                return member.read()
        except KeyError:
            raise InputError(self.path, f"the package has no part {part}") from None
        except DAMAGED_ZIP as error:
            raise InputError(self.path, f"part {part} is damaged: {_damage(error)}") from None

    def read_xml(self, part: str) -> etree._Element:
        data = self.read_bytes(part)
        if STRICT_MARK in data:
            data = _transitional(data)
        try:
            return safexml.parse(data)
        except safexml.UnsafeXML as error:
            raise InputError(self.path, f"{part} {error}") from None

    def relationships(self, part: str | None) -> dict[str, Relationship]:
        """The relationships of a part (None: the package's own), by id."""
        if part is None:
            rels_name, base = "_rels/.rels", ""
        else:
            folder, name = posixpath.split(part)
            rels_name, base = posixpath.join(folder, "_rels", name + ".rels"), folder
        if not self.has(rels_name):
            return {}
        rels = {}
        for rel in self.read_xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = _resolve(base, target)
            rels[rel.get("Id", "")] = Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external)
        return rels

    def main_part(self) -> str:
        for rel in self.relationships(None).values():
            if rel.type in OFFICE_DOCUMENT_TYPES and not rel.external:
                if not self.has(rel.target):
                    raise InputError(self.path, f"the main part {rel.target} named in _rels/.rels is missing")
                return rel.target
        raise InputError(self.path, "not a Word document: _rels/.rels names no main document part")

    def core_properties_part(self) -> str | None:
        for rel in self.relationships(None).values():
            if rel.type in CORE_PROPERTIES_TYPES and not rel.external and self.has(rel.target):
                return rel.target
        return None


def _resolve(base: str, target: str) -> str:
    """A relationship target as a part name; targets may be relative or absolute."""
    name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(name).lstrip("/")


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            size = handle.seek(0, 2)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a .docx file") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as error:
        raise InputError(path, f"cannot be opened ({error.strerror or error})") from None
    if size == 0:
        raise InputError(path, "is empty")
    if head == OLE_MAGIC:
        raise InputError(path, _ole_reason(path))
    if not head.startswith(b"PK"):
        raise InputError(path, "is not a .docx file (not a zip package)")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged or truncated zip package") from None
    except DAMAGED_ZIP as error:
        raise InputError(path, f"is a damaged zip package: its directory is unreadable ({_damage(error)})") from None
    try:
        _check_members(path, archive.infolist())
    except InputError:
        archive.close()
        raise
    return archive


def _ole_reason(path: Path) -> str:
    # An OLE container is either a legacy .doc or an encrypted OOXML package,
    # which Office stores as an OLE file with an EncryptedPackage stream.
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    if ENCRYPTED_STREAM in head:
        return "is encrypted (password-protected); save it without a password and try again"
    return "is a legacy Word .doc (OLE) file, not .docx; save it as .docx and try again"


def _check_members(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"has {len(infos)} zip members; refused (more than {MAX_MEMBERS})")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise InputError(path, f"has a zip member with an unsafe name {name!r}; refused")
        if info.flag_bits & 0x1:
            raise InputError(path, f"has an encrypted zip member {name!r}; refused")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(path, f"zip member {name!r} would inflate to {info.file_size} bytes; refused (zip bomb?)")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(path, f"zip member {name!r} has a compression ratio over {MAX_RATIO}:1; refused (zip bomb?)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputError(path, f"would inflate to {total} bytes in all; refused (zip bomb?)")


EXTENDED_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def application(path: Path) -> str | None:
    """The program that last saved the package, as docProps/app.xml names it (None if unreadable)."""
    try:
        with Package(path) as package:
            if not package.has("docProps/app.xml"):
                return None
            name = package.read_xml("docProps/app.xml").find(f"{{{EXTENDED_PROPERTIES_NS}}}Application")
    except InputError:
        return None
    return name.text.strip() if name is not None and name.text else None
