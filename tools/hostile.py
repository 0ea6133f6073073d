"""Bad and odd inputs, each built from scratch: what the reader must refuse or survive.

``BAD`` maps a case name to a function writing that file; every one must give a
one-line error. ``ODD`` files are readable and must give output plus warnings.
Used by the tests and by ``benchmarks/bad_inputs.py`` (peak memory per case).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from docxkit import Package, paragraph, run
from producers import write as write_in_manner

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BOMB_MEMBER_BYTES = 2 * 1024**3  # declared size of the bomb's document part


def _valid(path: Path) -> Path:
    return write_in_manner("word", path)


def _rewrite(path: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a valid package, replacing (or with None, dropping) some parts."""
    source = _valid(path.with_suffix(".src.docx"))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            if info.filename in replace:
                continue
            target.writestr(info, original.read(info.filename))
        for name, data in replace.items():
            if data is not None:
                target.writestr(name, data)
    source.unlink()
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def not_a_zip(path: Path) -> Path:
    path.write_text("这不是 Word 文件，只是改了扩展名的文本。\n", encoding="utf-8")
    return path


def truncated_zip(path: Path) -> Path:
    data = _valid(path.with_suffix(".full.docx")).read_bytes()
    path.with_suffix(".full.docx").unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def _ole(path: Path, streams: list[str]) -> Path:
    # Enough of a compound file for what sniffing reads: the magic and directory entry names.
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in streams)
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + directory)
    return path


def legacy_doc(path: Path) -> Path:
    return _ole(path, ["Root Entry", "WordDocument", "1Table"])


def encrypted(path: Path) -> Path:
    return _ole(path, ["Root Entry", "EncryptionInfo", "EncryptedPackage"])


def no_main_part(path: Path) -> Path:
    return _rewrite(path, {"word/document.xml": None})


def not_well_formed(path: Path) -> Path:
    return _rewrite(path, {"word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p></w:body>"})


def external_entity(path: Path, target: str = "/etc/passwd") -> Path:
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{target}">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    return _rewrite(path, {"word/document.xml": xml.encode()})


def billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{"&a%d;" % (i - 1) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>')
    return _rewrite(path, {"word/document.xml": xml.encode()})


def zip_bomb(path: Path) -> Path:
    """A package whose main part declares 2 GiB: refused before a byte is inflated."""
    _valid(path)
    # Rewrite the local and central headers' uncompressed size of word/document.xml.
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if data[start + name_offset: start + name_offset + name_length] == name:
                struct.pack_into("<I", data, start + size_offset, BOMB_MEMBER_BYTES)
            start += 4
    path.write_bytes(bytes(data))
    return path


def dot_dot_member(path: Path) -> Path:
    return _rewrite(path, {"../../evil.txt": b"outside"})


def _find_record(data: bytes, name: bytes) -> int:
    """Where the zip directory's record of member ``name`` starts."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + name_length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 46)
    raise ValueError(name)


def damaged_deflate(path: Path) -> Path:
    """The main part's deflate stream starts with a block of the reserved type 3: zlib cannot inflate it."""
    data = bytearray(_valid(path.with_suffix(".src.docx")).read_bytes())
    with zipfile.ZipFile(path.with_suffix(".src.docx")) as archive:
        info = archive.getinfo("word/document.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    data[info.header_offset + 30 + name_length + extra_length] = 0x07  # BFINAL 1, BTYPE 11
    path.write_bytes(bytes(data))
    return path


def undecodable_member_name(path: Path) -> Path:
    """A member whose name is flagged UTF-8 but whose bytes are not: the zip directory cannot be decoded."""
    source = _rewrite(path.with_suffix(".src.docx"), {"word/é.xml": b"<x/>"})
    data = source.read_bytes().replace("word/é.xml".encode(), b"word/\xff\xfe.xml")
    path.write_bytes(data)
    return path


def future_zip_version(path: Path) -> Path:
    """The directory says the main part needs zip version 9.6 to extract, which no zip reader has."""
    data = bytearray(_valid(path.with_suffix(".src.docx")).read_bytes())
    at = _find_record(bytes(data), b"word/document.xml")
    data[at + 6:at + 8] = struct.pack("<H", 96)
    path.write_bytes(bytes(data))
    return path


BAD: dict[str, Callable[[Path], Path]] = {
    "empty file": empty,
    "not a zip": not_a_zip,
    "truncated zip": truncated_zip,
    "legacy .doc renamed .docx": legacy_doc,
    "password-protected .docx": encrypted,
    "zip without the main part": no_main_part,
    "XML not well-formed": not_well_formed,
    "DOCTYPE with an external entity": external_entity,
    "entity expansion (billion laughs)": billion_laughs,
    "zip bomb": zip_bomb,
    "member name with ../": dot_dot_member,
    "tables nested 100 deep": lambda path: nested_tables(path, 100),
    "damaged deflate stream": damaged_deflate,
    "member name that is not UTF-8": undecodable_member_name,
    "zip version 9.6": future_zip_version,
}


def no_headings(path: Path) -> Path:
    package = Package()
    for i in range(5):
        package.add(paragraph(run(f"第{i + 1}段正文，没有任何标题。")))
    package.save(path)
    return path


def many_headings(path: Path, count: int = 10_000) -> Path:
    package = Package()
    for i in range(count):
        package.add(paragraph(package.bookmark(f"_Toc{i + 1}", run(f"标题{i + 1}")), style="Heading1"))
        package.add(paragraph(run(f"正文{i + 1}。")))
    package.save(path)
    return path


def duplicate_bookmarks(path: Path) -> Path:
    package = Package()
    for title in ("甲文", "乙文"):
        package.add(paragraph(package.bookmark("_Toc1", run(title)), style="Heading1"))
        package.add(paragraph(run(f"{title}的正文。")))
    package.save(path)
    return path


def huge_paragraph(path: Path) -> Path:
    package = Package()
    package.add(paragraph(run("长文"), style="Heading1"))
    package.add(paragraph(run("科技合作。" * 200_000)))  # about 1 MB of text
    package.save(path)
    return path


def control_characters(path: Path) -> Path:
    package = Package()
    package.add(paragraph(run("控制字符"), style="Heading1"))
    package.add(paragraph(run("前\u0085中\u009f后。")))
    package.save(path)
    return path


W_NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
HEADING = '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>'


def _body(path: Path, body: str, extra: dict[str, bytes | None] | None = None) -> Path:
    xml = f'<w:document {W_NAMESPACES}><w:body>{HEADING}{body}</w:body></w:document>'
    return _rewrite(path, {"word/document.xml": xml.encode(), **(extra or {})})


def nested_tables(path: Path, depth: int = 40) -> Path:
    table = '<w:p><w:r><w:t>最里层</w:t></w:r></w:p>'
    for level in range(depth):
        table = f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>第{level}层</w:t></w:r></w:p>{table}</w:tc></w:tr></w:tbl><w:p/>'
    return _body(path, table)


def nested_text_boxes(path: Path, depth: int = 40) -> Path:
    content = '<w:p><w:r><w:t>最里层</w:t></w:r></w:p>'
    for _ in range(depth):
        content = f'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>' \
                  f'{content}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'
    return _body(path, content)


def self_citing_note(path: Path) -> Path:
    """A footnote whose text cites itself, and a reference to a note that does not exist."""
    notes = (f'<w:footnotes {W_NAMESPACES}><w:footnote w:id="1"><w:p><w:r><w:t>注</w:t></w:r>'
             '<w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:footnote></w:footnotes>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'footnotes" Target="footnotes.xml"/></Relationships>')
    body = ('<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:footnoteReference w:id="7"/></w:r></w:p>')
    return _body(path, body, {"word/footnotes.xml": notes.encode(), "word/_rels/document.xml.rels": rels.encode()})


def script_link(path: Path) -> Path:
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="javascript:alert(1)" TargetMode="External"/></Relationships>')
    body = '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>点我</w:t></w:r></w:hyperlink></w:p>'
    return _body(path, body, {"word/_rels/document.xml.rels": rels.encode()})


ODD: dict[str, Callable[[Path], Path]] = {
    "tables nested 40 deep": nested_tables,
    "text boxes nested 40 deep": nested_text_boxes,
    "a note that cites itself": self_citing_note,
    "a javascript: link": script_link,
    "no headings at all": no_headings,
    "ten thousand headings": many_headings,
    "duplicate bookmark names": duplicate_bookmarks,
    "a 1 MB paragraph": huge_paragraph,
    "control characters": control_characters,
}
