"""Bulletins that are not .docx: recognised by their bytes, converted by LibreOffice, read like the .docx."""

from __future__ import annotations

import io
import os
import shutil
import stat
import struct
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from support import needs, soffice_convert

from publish import convert
from publish.cli import Environment, main, tree_json
from publish.errors import InputError, PublishError
from publish.model import iter_paragraphs
from publish.pipeline import read_input

LEGACY = Path(__file__).parent / "fixtures" / "legacy"
SIMPLE_DOC = LEGACY / "word97_simple.doc"


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), Environment(stdout=out, stderr=err, variables={}))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary-files folder of the test's own, to see that the converter leaves nothing in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def fake_soffice(tmp_path: Path, monkeypatch, body: str) -> Path:
    """A stand-in for LibreOffice named by PUBLISH_SOFFICE: a shell script that does ``body``."""
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(convert.SOFFICE_VARIABLE, str(script))
    return script


def assert_gone(pid_file: Path) -> None:
    """Every process the fake soffice started is dead (a zombie awaiting init counts as dead)."""
    pids = [int(pid) for pid in pid_file.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 5
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except FileNotFoundError:
                break
            if state == "Z":
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"process {pid} outlived the conversion")


# -- recognising the format from the bytes ----------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("word97_simple.doc", convert.DOC),
    ("works_word_processor.wps", convert.WORKS),
    ("odt_lists_and_styles.odt", convert.ODT),
    ("rtf_french_word.rtf", convert.RTF),
])
def test_each_format_is_recognised_from_its_bytes(name, expected):
    assert convert.recognise(LEGACY / name) == expected


def test_a_doc_renamed_docx_is_still_a_doc(tmp_path):
    renamed = tmp_path / "bulletin.docx"
    shutil.copyfile(SIMPLE_DOC, renamed)
    assert convert.recognise(renamed) == convert.DOC


def test_a_word_binary_named_wps_is_a_wps_writer_file(tmp_path):
    # WPS Office saves its .wps in the Word 97–2003 binary format.
    wps = tmp_path / "bulletin.wps"
    shutil.copyfile(SIMPLE_DOC, wps)
    assert convert.recognise(wps) == convert.WPS


def test_docx_and_unknown_bytes_go_straight_to_the_reader(sample_docx, tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("plain text")
    assert convert.recognise(sample_docx) is None
    assert convert.recognise(text) is None
    assert convert.recognise(tmp_path / "missing.doc") is None


def word_binary_with_an_embedded_document(*, encrypted: bool, embedded_encrypted: bool) -> bytes:
    """A minimal compound file: a WordDocument stream, and another inside an ObjectPool storage
    (as when a .doc embeds a .doc), each 4096 bytes with FibBase fEncrypted set or not."""
    nothing, end = 0xFFFFFFFF, 0xFFFFFFFE
    header = bytearray(512)
    header[:8] = convert.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[nothing] * 108)  # the FAT is sector 0
    fat = [0xFFFFFFFD, end] + [n + 1 for n in range(2, 9)] + [end] + [n + 1 for n in range(10, 17)] + [end]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + b"\xff" * (512 - 4 * len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        raw[:len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 0x40, len(encoded), kind, 1, left, right, child)
        struct.pack_into("<IQ", raw, 0x74, start, size)
        return bytes(raw)

    # The embedded stream comes first in the directory, as it may in real files.
    directory = (entry("Root Entry", 5, nothing, nothing, 3, end, 0)
                 + entry("ObjectPool", 1, nothing, nothing, 2, 0, 0)
                 + entry("WordDocument", 2, nothing, nothing, nothing, 10, 4096)  # the embedded one
                 + entry("WordDocument", 2, 1, nothing, nothing, 2, 4096))  # the document's own

    def stream(flag: bool) -> bytes:
        fib = bytearray(4096)
        struct.pack_into("<HH", fib, 0, 0xA5EC, 0xC1)
        struct.pack_into("<H", fib, 0x0A, convert.FIB_ENCRYPTED if flag else 0)
        return bytes(fib)

    return bytes(header) + fat_sector + directory + stream(encrypted) + stream(embedded_encrypted)


def test_only_the_documents_own_stream_says_whether_it_is_encrypted(tmp_path):
    # An embedded document's WordDocument stream lies deeper in the tree; only the root's counts.
    plain = tmp_path / "embeds-an-encrypted-doc.doc"
    plain.write_bytes(word_binary_with_an_embedded_document(encrypted=False, embedded_encrypted=True))
    assert convert.recognise(plain) == convert.DOC
    locked = tmp_path / "encrypted-with-a-plain-embedded-doc.doc"
    locked.write_bytes(word_binary_with_an_embedded_document(encrypted=True, embedded_encrypted=False))
    with pytest.raises(InputError, match="protected by a password"):
        convert.recognise(locked)


def test_rtf_after_a_byte_order_mark(tmp_path):
    rtf = tmp_path / "bom.rtf"
    rtf.write_bytes(b"\xef\xbb\xbf" + (LEGACY / "rtf_french_word.rtf").read_bytes())
    assert convert.recognise(rtf) == convert.RTF


@pytest.mark.parametrize(("name", "description"), [
    ("word97_password_rc4.doc", "a Word 97–2003 .doc file"),
    ("odt_password.odt", "an OpenDocument text .odt file"),
])
def test_password_protected_files_are_one_line_before_any_conversion(name, description, monkeypatch):
    monkeypatch.setenv(convert.SOFFICE_VARIABLE, "/nonexistent/soffice")  # never reached
    status, out, err = run_cli("tree", str(LEGACY / name))
    assert status == 1
    assert out == ""
    assert err == (f"publish: {LEGACY / name}: is {description} protected by a password; open it, "
                   "save it without a password as .docx and try again\n")


def test_an_opendocument_spreadsheet_is_refused_by_name(tmp_path):
    ods = tmp_path / "figures.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError) as raised:
        convert.recognise(ods)
    assert raised.value.reason == ("is an OpenDocument spreadsheet file, not a text document; publish reads "
                                   "Word bulletins (.docx, .doc, .wps, .odt, .rtf)")


def test_a_damaged_ole_header_is_one_clear_line(tmp_path):
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(SIMPLE_DOC.read_bytes()[:600])  # the header, but no directory sector
    status, _, err = run_cli("tree", str(damaged))
    assert status == 1
    assert err == f"publish: {damaged}: is a damaged OLE (Word 97–2003 style) file\n"


# -- without LibreOffice, and with a LibreOffice that misbehaves -------------------------------------


def test_without_libreoffice_the_error_names_the_file_and_both_ways_out(tmp_path, monkeypatch):
    monkeypatch.delenv(convert.SOFFICE_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    status, out, err = run_cli("all", str(SIMPLE_DOC), "-o", str(tmp_path / "out"))
    assert status == 1
    assert err == (f"publish: {SIMPLE_DOC}: is a Word 97–2003 .doc file, which publish reads through "
                   "LibreOffice, and LibreOffice is not installed; save it as .docx (File › Save As › Word "
                   "Document) and try again, or install LibreOffice to have it converted (Debian/Ubuntu: apt "
                   "install libreoffice-writer-nogui; Windows: https://www.libreoffice.org/download/)\n")
    assert not (tmp_path / "out").exists()


def test_a_publish_soffice_that_is_not_a_program_is_one_line(monkeypatch):
    monkeypatch.setenv(convert.SOFFICE_VARIABLE, "/nonexistent/soffice")
    status, _, err = run_cli("tree", str(SIMPLE_DOC))
    assert status == 1
    assert err == "publish: PUBLISH_SOFFICE=/nonexistent/soffice is not a program that can be run\n"


def test_a_conversion_that_writes_nothing_is_one_line(tmp_path, monkeypatch, private_tmp):
    fake_soffice(tmp_path, monkeypatch, "exit 0")
    status, _, err = run_cli("tree", str(SIMPLE_DOC))
    assert status == 1
    assert err == (f"publish: {SIMPLE_DOC}: is a Word 97–2003 .doc file that LibreOffice could not open: "
                   "it is damaged or password-protected; open it, save it as .docx and try again\n")
    assert list(private_tmp.iterdir()) == []


def test_a_hung_libreoffice_is_killed_with_its_children_at_the_timeout(tmp_path, monkeypatch, private_tmp):
    pids = tmp_path / "pids"
    # Like soffice: a launcher that starts the real program (here a sleeper) and waits for it.
    fake_soffice(tmp_path, monkeypatch, f"sleep 300 & echo $$ $! > {pids}; wait")
    started = time.monotonic()
    status, _, err = run_cli("tree", str(SIMPLE_DOC), "--convert-timeout", "1.5")
    assert time.monotonic() - started < 10
    assert status == 1
    assert err == (f"publish: {SIMPLE_DOC}: LibreOffice did not finish converting a Word 97–2003 .doc "
                   "file within 1.5 s; try --convert-timeout with more seconds, or save it as .docx\n")
    assert_gone(pids)
    assert list(private_tmp.iterdir()) == []


def test_ctrl_c_during_a_conversion_kills_libreoffice_and_removes_the_folder(tmp_path, monkeypatch, private_tmp):
    pids = tmp_path / "pids"
    # The launcher's parent is publish itself: SIGINT to it is the user's Ctrl-C mid-conversion.
    fake_soffice(tmp_path, monkeypatch, f"sleep 300 & echo $$ $! > {pids}; kill -INT {os.getpid()}; wait")
    status, _, err = run_cli("tree", str(SIMPLE_DOC))
    assert status == 130
    assert err == "publish: interrupted\n"
    assert_gone(pids)
    assert list(private_tmp.iterdir()) == []


def test_convert_timeout_must_be_a_positive_number():
    assert run_cli("tree", str(SIMPLE_DOC), "--convert-timeout", "0")[0] == 2
    assert run_cli("all", str(SIMPLE_DOC), "--convert-timeout", "soon")[0] == 2


# -- folders and help ----------------------------------------------------------------------------------


def test_help_shows_an_example_of_each_input_format_and_of_a_folder(capsys):
    assert main(["--help"]) == 0
    examples = [line.split()[2] for line in capsys.readouterr().out.splitlines()
                if line.startswith("  publish ")]
    assert [Path(example).suffix for example in examples[:5]] == [".docx", ".doc", ".wps", ".odt", ".rtf"]
    assert "收稿/" in examples


# -- real files, converted by LibreOffice ---------------------------------------------------------------


@needs("soffice")
@pytest.mark.parametrize(("name", "first_paragraphs"), [
    ("word97_simple.doc", ["This is a simple file created with Word 97-SR2."]),
    ("works_word_processor.wps", ["This is an example document made with Microsoft Works Word Processor 7.0"]),
    ("odt_lists_and_styles.odt", ["This is just a test.", "And another test is here.", "One", "Two", "Three"]),
    ("rtf_french_word.rtf", ["Test d’indexation Word"]),
])
def test_real_files_are_read_through_libreoffice(name, first_paragraphs, private_tmp):
    result = read_input(LEGACY / name)
    texts = [paragraph.text for paragraph in iter_paragraphs(result.document.preamble)]
    assert texts[:len(first_paragraphs)] == first_paragraphs
    assert list(private_tmp.iterdir()) == []


@pytest.fixture(scope="module")
def sample_in_other_formats(sample_docx, tmp_path_factory) -> dict[str, Path]:
    """The sample bulletin saved by LibreOffice as .doc, .odt and .rtf."""
    folder = tmp_path_factory.mktemp("sample-formats")
    return {suffix: soffice_convert(sample_docx, suffix, folder) for suffix in ("doc", "odt", "rtf")}


def without_empty_labels(section: dict) -> dict:
    """The tree with a heading's empty list label as no label.

    LibreOffice's .doc export ties Heading 1–9 to an outline list numbered "none" (``w:numFmt none``,
    empty ``w:lvlText``), so its headings come back as list items whose label is "" rather than none.
    """
    section = {**section, "sections": [without_empty_labels(child) for child in section["sections"]]}
    if section.get("label") == "":
        section["label"] = None
    return section


@needs("soffice")
@pytest.mark.parametrize("suffix", ["doc", "odt", "rtf"])
def test_the_sample_in_another_format_gives_the_docx_tree_and_toc_names(suffix, sample_in_other_formats,
                                                                         sample_docx):
    expected = tree_json(read_input(sample_docx).document)
    converted = read_input(sample_in_other_formats[suffix]).document
    assert without_empty_labels(tree_json(converted)) == expected
    as_text = run_cli("tree", str(sample_in_other_formats[suffix]), "-q")[1]
    assert as_text == run_cli("tree", str(sample_docx), "-q")[1]
    assert [s.bookmarks for s in converted.sections] == [
        ("_Toc22406",), ("_Toc21497",), ("_Toc27194",), ("_Toc5082",), ("_Toc25668",), ("_Toc5078",)]


@needs("soffice")
@needs("pdftotext")
@pytest.mark.parametrize("suffix", ["doc", "odt", "rtf"])
def test_the_sample_in_another_format_writes_all_three_outputs(suffix, sample_in_other_formats, tmp_path):
    out = tmp_path / "out"
    status, _, err = run_cli("all", str(sample_in_other_formats[suffix]), "-o", str(out), "-q")
    assert (status, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["bulletin.docx", "bulletin.pdf", "bulletin.xlsx"]
    # The written .docx keeps the Word bookmark names, and the PDF has the articles' text.
    with zipfile.ZipFile(out / "bulletin.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert 'w:name="_Toc22406"' in body and "__RefHeading" not in body
    text = subprocess.run(["pdftotext", str(out / "bulletin.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "中荷在京开展科技合作交流" in text
    assert tree_json(read_input(out / "bulletin.docx").document)["sections"][5]["sections"][6]["title"] == "大飞机"
