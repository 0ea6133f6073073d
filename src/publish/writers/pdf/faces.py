"""The font pair as the layout measures it: loaded once per process, advance widths per weight and size,
the characters it covers; and both weights registered with reportlab for each document.

reportlab parses a TrueType face in Python (75 ms for 4,700 glyphs, on the PDF's critical path): a cached
face's parse is kept in a JSON record beside it and read back by later processes in 5-10 ms."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from ...layout.linebreak import FORMAT_CHARACTERS
from . import fonts as font_cache
from .cidfont import CFFFace, CIDFont, SavedFace, load_cff_face, saved_face, saved_face_record
from .machine import write_atomically


@dataclass
class Fonts:
    regular: str
    bold: str
    widths: dict[str, dict[str, float]]  # font → character → advance at 1 pt, scaled by ``advances``
    covered: frozenset[str]
    files: font_cache.FontFiles
    faces: dict[str, TTFontFace | SavedFace | CFFFace]  # font name → its parsed face
    _scaled: dict = field(default_factory=dict, repr=False)  # (bold, size) → _ScaledWidths

    _loaded = None  # one registration per process: reportlab's registry is global

    @classmethod
    def load(cls, text: str) -> Fonts:
        return cls.load_files(font_cache.font_files(text))  # the pipeline has built it already, with progress

    @classmethod
    def load_files(cls, files: font_cache.FontFiles) -> Fonts:
        if cls._loaded is None or cls._loaded.files != files:  # a newer pair holds more characters
            regular, bold = _parsed(files.regular), _parsed(files.bold)
            cls._loaded = cls(files.regular_name, files.bold_name,
                              {files.regular_name: _WidthTable(regular), files.bold_name: _WidthTable(bold)},
                              frozenset(map(chr, regular.charToGlyph)) | FORMAT_CHARACTERS, files,
                              {files.regular_name: regular, files.bold_name: bold})
        return cls._loaded

    def for_document(self) -> dict[str, CIDFont]:
        """Both weights as fonts of their own for one document, registered with reportlab under our names.

        reportlab's registry is global and keeps the first font registered under a name, with no public
        way to replace it: the previous document's entries are dropped first.
        """
        fonts = {name: CIDFont(name, face) for name, face in self.faces.items()}
        for font in fonts.values():
            pdfmetrics._fonts.pop(font.fontName, None)
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(self.regular, normal=self.regular, bold=self.bold, italic=self.regular,
                                      boldItalic=self.bold)
        return fonts

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def advances(self, bold: bool, size: float) -> dict[str, float]:
        """Character → its advance in this weight at ``size`` points: the one measure of text, which
        ``Text`` sets by and ``text_width`` sums."""
        table = self._scaled.get((bold, size))
        if table is None:
            table = self._scaled[bold, size] = _ScaledWidths(self.widths[self.name(bold)], size)
        return table

    def text_width(self, text: str, bold: bool, size: float) -> float:
        """How wide ``text`` is set on one line in this weight and size, in points: its advances at 1 pt
        summed, then scaled. (The advances at ``size`` summed differ from this in the last bits, enough to
        move the money chart's bars: the PDFs were made this way.)"""
        return sum(map(self.advances(bold, 1.0).__getitem__, text)) * size

    def note_missing(self, text: str, missing: set[str]) -> None:
        if not self.covered.issuperset(text):  # the common case, decided in C
            missing.update(c for c in set(text) - self.covered if not c.isspace())


_PARSED: dict[tuple[Path, int, int], TTFontFace | SavedFace | CFFFace] = {}  # (file, size, mtime) → its face, parsed once a process
_PARSED_KEPT = 4  # a body face, the bundled pair, and one newer pair at most: older ones are let go


def _parsed(path: Path) -> TTFontFace | SavedFace | CFFFace:
    """The face of ``path``, parsed once a process (75 ms for 4,700 glyphs): a machine's body face comes
    with the bundled bold, which the PDF writer's child has loaded already. reportlab reads TrueType; a
    cached CFF face (.otf) is read from the metrics beside it."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    face = _PARSED.get(key)
    if face is None:
        face = load_cff_face(path) if path.suffix == ".otf" else _truetype_face(path, stat)
        # Format characters have no width, in every measure (the layout's and reportlab's stringWidth), as
        # they have no glyph when shown (``cidfont``): invisible, and so never reported missing.
        face.charWidths.update(dict.fromkeys(map(ord, FORMAT_CHARACTERS), 0))
        while len(_PARSED) >= _PARSED_KEPT:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[key] = face
    return face


RECORD_VERSION = 1  # bump when ``saved_face_record`` changes
_RECORD_LIMIT = 16 << 20  # bytes: a record is about 250 KB for 5,000 glyphs; a bigger one is not ours


def _truetype_face(path: Path, stat) -> TTFontFace | SavedFace:  # noqa: ANN001 - os.stat_result
    """reportlab's face of a cached TrueType font, from the record beside it when it matches the file and
    this reportlab; else parsed, and the record written for the next process (if the cache is writable)."""
    record_path = path.with_name(path.name + ".face.json")
    stamp = [RECORD_VERSION, reportlab.Version, stat.st_size, stat.st_mtime_ns]
    try:
        with record_path.open("rb") as handle:
            data = handle.read(_RECORD_LIMIT + 1)
        record = json.loads(data) if len(data) <= _RECORD_LIMIT else {}
        if record.get("stamp") == stamp:
            return saved_face(path, record)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # none yet, or damaged: parsed again below
    face = TTFontFace(str(path))
    if not path.is_relative_to(font_cache.cache_root()):
        return face  # nothing written beside a font outside the cache
    try:
        write_atomically(record_path, json.dumps({"stamp": stamp, **saved_face_record(face)}).encode())
    except OSError:
        pass  # a read-only cache: parsed again next time
    return face


class _WidthTable(dict):
    """Advance widths at 1 pt, looked up once per character."""

    def __init__(self, face: TTFontFace) -> None:
        super().__init__()
        self._widths, self._default = face.charWidths, face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = self._widths.get(ord(char), self._default) / 1000.0
        self[char] = width
        return width


class _ScaledWidths(dict):
    """Advance widths at one size, each computed once from the table at 1 pt."""

    def __init__(self, at_one_point: _WidthTable, size: float) -> None:
        super().__init__()
        self._at_one_point, self._size = at_one_point, size

    def __missing__(self, char: str) -> float:
        width = self[char] = self._at_one_point[char] * self._size
        return width
