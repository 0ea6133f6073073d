"""The machine's faces that fill what the PDF's Chinese faces lack: Latin, Greek and Cyrillic letters and
symbols (Č Ў ς ☐ ⎷ ﬁ) from DejaVu Sans, mathematical letters (𝐻 𝑆 𝛼) from DejaVu Math TeX Gyre; on Windows
Arial, Segoe UI Symbol and Cambria Math.

``fill`` copies their glyphs into a cached subset: the bundled Noto Sans SC instances (``fonts``) and a
TrueType body face such as AR PL UMing (``system_fonts``, after the bundled face). Right-to-left letters
(Arabic, Hebrew) are never filled: reportlab neither joins nor reorders them, so drawn they would spell
another text. Nor are format characters, which the PDF shows as nothing. Imported without reportlab;
fontTools only to fill, or once to learn what the fillers hold.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .machine import Face, cache_root, outlines, remembered, windows_face, write_atomically

# The faces, in the order they are asked. A name ending in .ttf or .ttc is a file in Windows' Fonts folder;
# any other, a PostScript name fontconfig lists (Debian's fonts-dejavu-core has DejaVu Sans and its bold,
# fonts-dejavu-extra DejaVu Math TeX Gyre). Only TrueType outlines can be copied (``fill``): a face found
# with CFF outlines is passed over.
FILLERS = (  # (the weights it fills, the face, its index in a .ttc)
    ("bold", "DejaVuSans-Bold", 0),
    ("regular bold", "DejaVuSans", 0),  # in bold text too, for what the bold lacks: a lighter letter, not a box
    ("regular bold", "DejaVuMathTeXGyre-Regular", 0),
    ("bold", "arialbd.ttf", 0),
    ("regular bold", "arial.ttf", 0),
    ("regular bold", "seguisym.ttf", 0),  # Segoe UI Symbol
    ("regular bold", "cambria.ttc", 1),  # Cambria Math, the collection's second face
)
FOUND = "fillers.json"  # the fillers fontconfig lists, and the font folders' signature they were found under
OFFERED = "fillers-{stamp}.txt"  # the characters the fillers named by ``stamp`` can give, as plain text
# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko … with their presentation
# forms and marks): every character of bidi class R, AL or AN is in one, but the format character U+200F.
RIGHT_TO_LEFT = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFE), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))


def faces(weight: str) -> list[Face]:
    """The faces on this machine that fill ``weight`` ("regular" or "bold"), in ``FILLERS``' order."""
    return [face for weights, face in _found() if weight.lower() in weights.split()]


def stamp() -> str:
    """Names the fillers on this machine, as files: a cache folder named with it is missed once a filler
    is installed, removed or updated, so that what it gives is not taken as covered, nor as lacking."""
    stamps = []
    for weights, face in _found():
        try:
            stat = face.path.stat()
        except OSError:
            continue
        stamps.append(f"{weights}|{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}")
    return "f" + hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()[:10]


_OFFERED: dict[str, frozenset[str]] = {}  # stamp → what those fillers give, read once a process


def offered() -> frozenset[str]:
    """The characters the fillers here can give (``fillable`` ones only): the font caches ask for them as
    for the bundled charset's. Read from a record in the cache; made once, with fontTools."""
    key = stamp()
    found = _OFFERED.get(key)
    if found is not None:
        return found
    record = cache_root() / OFFERED.format(stamp=key)
    try:
        found = frozenset(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from fontTools.ttLib import TTFont

        codes: set[int] = set()
        for _, face in _found():
            try:
                with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
                    codes.update(font.getBestCmap())
            except Exception:  # noqa: BLE001 - fontTools raises many kinds on a damaged file: it gives nothing
                continue
        found = frozenset(char for char in map(chr, codes) if fillable(char))
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(record, "".join(sorted(found)).encode("utf-8"))
        except OSError:
            pass  # a read-only cache: made again next time
    _OFFERED[key] = found
    return found


def fillable(char: str) -> bool:
    """Whether a filler's glyph may stand for ``char``: something printed (a space is; a control, format,
    private-use or unassigned code point is not) and not a right-to-left letter."""
    return (char.isprintable() or char.isspace()) and not right_to_left(char)


def right_to_left(char: str) -> bool:
    """A letter, digit or mark of a right-to-left script (Arabic, Hebrew …), which is never filled."""
    code = ord(char)
    return any(start <= code <= end for start, end in RIGHT_TO_LEFT)


def fill(font, characters: str, fillers: Sequence[Face]) -> None:  # noqa: ANN001 - fontTools TTFont
    """Copy into ``font`` the glyphs of ``characters`` it lacks, each from the first of ``fillers`` that has
    it, scaled to its em; never a character that is not ``fillable``. A filler fontTools cannot read gives
    nothing, as in ``offered``."""
    from fontTools.ttLib import TTFont

    have = font.getBestCmap()
    lacking = [char for char in characters if ord(char) not in have and fillable(char)]
    for face in fillers:
        if not lacking:
            return
        try:
            with TTFont(face.path, fontNumber=face.index, lazy=True) as filler:  # lazy: open until closed
                drawn = _drawn(filler, lacking, font["head"].unitsPerEm)
        except Exception:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
            continue  # read whole before any is added: a damaged filler leaves the font as it was
        _add_glyphs(font, drawn)
        lacking = [char for char in lacking if char not in drawn]


def _drawn(filler, characters: list[str], units_per_em: int) -> dict[str, tuple[str, object, int]]:  # noqa: ANN001
    """The glyphs ``filler`` has for ``characters``, scaled to ``units_per_em``: character → (the filler's
    glyph name, the glyph, its advance); characters that share a glyph share one drawing."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    given = filler.getBestCmap()
    scale = units_per_em / filler["head"].unitsPerEm
    glyphs, source = filler.getGlyphSet(), filler["hmtx"]
    by_name: dict[str, tuple[str, object, int]] = {}
    drawn = {}
    for char in characters:
        name = given.get(ord(char))
        if name is None:
            continue
        if name not in by_name:
            recording = DecomposingRecordingPen(glyphs)
            glyphs[name].draw(recording)
            pen = TTGlyphPen(None)
            recording.replay(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
            by_name[name] = (name, pen.glyph(), round(source[name][0] * scale))
        drawn[char] = by_name[name]
    return drawn


def _add_glyphs(font, drawn: dict[str, tuple[str, object, int]]) -> None:  # noqa: ANN001 - fontTools TTFont
    """Add the glyphs ``_drawn`` gave to ``font`` and map their characters to them."""
    if not drawn:
        return
    unicode_tables = [table for table in font["cmap"].tables if table.isUnicode()]
    if max(map(ord, drawn)) > 0xFFFF and not any(table.format in (12, 13) for table in unicode_tables):
        # 𝐻 and the like are past the 16-bit format 4 table: a format 12 one holds them (reportlab reads it).
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        wide = CmapSubtable.newSubtable(12)
        wide.platformID, wide.platEncID, wide.language, wide.cmap = 3, 10, 0, dict(font.getBestCmap())
        font["cmap"].tables.append(wide)
    order = list(font.getGlyphOrder())
    added: dict[str, str] = {}  # the filler's glyph name → its name in ``font``
    for char, (name, glyph, advance) in drawn.items():
        new = added.get(name)
        if new is None:
            new = added[name] = f"fill.{len(order)}"  # by place: two fillers may name glyphs alike
            order.append(new)
            font.setGlyphOrder(order)
            font["glyf"][new] = glyph
            glyph.recalcBounds(font["glyf"])
            font["hmtx"][new] = (advance, getattr(glyph, "xMin", 0))
        for table in font["cmap"].tables:
            if table.isUnicode() and (table.format != 4 or ord(char) <= 0xFFFF):
                table.cmap[ord(char)] = new
    if "post" in font:
        font["post"].formatType = 3.0  # no glyph names to keep in step


def _found() -> list[tuple[str, Face]]:
    """(weights, face) of the ``FILLERS`` on this machine with TrueType outlines, in the table's order."""
    listed = _listed()
    found = []
    for weights, name, index in FILLERS:
        face = windows_face(name, index, name) if name.endswith((".ttf", ".ttc")) else listed.get(name)
        if face is not None and outlines(face.path, face.index) == "TrueType":
            found.append((weights, face))
    return found


def _listed() -> dict[str, Face]:
    """The ``FILLERS`` fontconfig lists, by PostScript name, remembered while the font folders (and
    fontconfig's variables) are unchanged."""
    return remembered(
        FOUND, _fontconfig_fillers,
        lambda found: {name: (str(face.path), face.index) for name, face in found.items()},
        lambda saved: {name: Face(Path(path), index, name) for name, (path, index) in saved.items()})


def _fontconfig_fillers() -> dict[str, Face]:
    wanted = {name for _, name, _ in FILLERS}
    try:
        listed = subprocess.run(["fc-list", "-f", "%{postscriptname}|%{index}|%{file}\n"],
                                capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found = {}
    for line in sorted(set(listed.splitlines())):
        name, index, path = (line.split("|", 2) + ["", ""])[:3]
        if name in wanted and index.isdigit() and path:
            found.setdefault(name, Face(Path(path), int(index), name))
    return found
