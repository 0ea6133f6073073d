"""A TrueType or CFF font embedded in a reportlab PDF as one CID-keyed font (Type0, Identity-H).

reportlab embeds a TrueType font as simple fonts of 256 characters each. Chinese text then changes
font every three characters or so (82,000 changes in a 600-article digest), and reportlab encodes each
piece character by character in Python: a sixth of the PDF writer's time. Here, as PDF producers of CJK
text commonly do, every character is shown by its glyph id in two bytes: a line of text is one hex
string, translated in C.

The embedded font keeps the original glyph ids and the outlines of the glyphs shown only; the others
are left empty. A ToUnicode map lets readers copy and search the text.

A CFF-outlined OpenType face (Noto Serif CJK), which reportlab cannot read, is a ``CFFFace``: its metrics
come from a small JSON file written beside the cached font when it was built (``cff_metrics``), and its
shown glyphs are cut out with fontTools at save, embedded as a CIDFontType0 (FontFile3, CIDFontType0C).
Its character ids are the CFF's own CIDs, which select the glyphs without a CIDToGIDMap.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import weakref
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontFace, TTFontMaker

from ...layout.linebreak import FORMAT_CHARACTERS

# Flags of a composite glyph's component record (TrueType 'glyf' table).
_ARG_1_AND_2_ARE_WORDS, _HAVE_SCALE, _MORE_COMPONENTS, _HAVE_X_AND_Y_SCALE, _HAVE_TWO_BY_TWO = (
    0x0001, 0x0008, 0x0020, 0x0040, 0x0080)
_COPIED_TABLES = ("cvt ", "fpgm", "prep", "hhea", "maxp", "hmtx", "OS/2", "name")
_CMAP_ENTRIES_PER_BLOCK = 100  # the most a ToUnicode bfchar block may hold
_DEFAULT_WIDTH = 1000  # of an ideograph: the widths of the others are listed
_LAST_ID = 0xFFFF  # two bytes per character (Identity-H)
METRICS_VERSION = 1  # of the JSON beside a cached CFF face
_METRICS_LIMIT = 8 << 20  # bytes: a metrics file is about 150 KB for 5,000 glyphs; a bigger one is not ours


@dataclass
class _FaceMetrics:
    """What the layout and the embedding need of a face read without reportlab, in reportlab's
    TTFontFace terms (1/1000 em), so that a CIDFont takes any kind of face."""

    path: Path
    name: bytes
    numGlyphs: int  # noqa: N815 - reportlab's names
    charToGlyph: dict[int, int]  # noqa: N815
    charWidths: dict[int, int]  # noqa: N815
    defaultWidth: int  # noqa: N815
    flags: int
    bbox: list[int]
    italicAngle: float  # noqa: N815
    ascent: int
    descent: int
    capHeight: int  # noqa: N815
    stemV: int  # noqa: N815
    builtIn = 0  # noqa: N815 - reportlab's canvas asks whether a face is one of the standard 14


@dataclass
class CFFFace(_FaceMetrics):
    """A CFF face; its ``charToGlyph`` maps a code point to the glyph's CID in the CFF, not to its index."""

    ordering: tuple[str, str, int]  # the CFF's Registry, Ordering, Supplement


@dataclass
class SavedFace(_FaceMetrics):
    """A TrueType face as reportlab parsed it once, read back from a record (``saved_face_record``) in
    a few milliseconds instead of reportlab's 75 ms for 4,700 glyphs: the same widths, the same ids."""

    glyphPos: list[int]  # noqa: N815 - the glyphs' offsets in 'glyf' (from 'loca')
    tables: dict[str, tuple[int, int]]  # tag → (offset, length) in the file

    def get_table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]  # KeyError for a table the font lacks, as reportlab's
        data = _file_bytes(self.path)
        return data[offset:offset + length]


def _file_bytes(path: Path) -> bytes:
    """The cached font file, read once a process when its glyphs are first embedded."""
    data = _FILE_BYTES.get(path)
    if data is None:
        _FILE_BYTES.clear()  # one file at a time: the embedding reads each weight's glyphs in turn
        data = _FILE_BYTES[path] = path.read_bytes()
    return data


_FILE_BYTES: dict[Path, bytes] = {}


def saved_face_record(face: TTFontFace) -> dict:
    """What ``saved_face`` needs of reportlab's parsed face, JSON-able."""
    codes = sorted(face.charToGlyph)
    widths = sorted(face.charWidths)
    return {
        "name": face.name.decode("latin-1"), "glyphs": face.numGlyphs,
        "codes": codes, "glyph_ids": [face.charToGlyph[code] for code in codes],
        "width_codes": widths, "widths": [face.charWidths[code] for code in widths],
        "default_width": face.defaultWidth, "flags": face.flags, "bbox": list(face.bbox),
        "italic_angle": face.italicAngle, "ascent": face.ascent, "descent": face.descent,
        "cap_height": face.capHeight, "stem_v": face.stemV, "glyph_pos": list(face.glyphPos),
        "tables": {tag: [entry["offset"], entry["length"]] for tag, entry in face.table.items()},
    }


def saved_face(path: Path, record: dict) -> SavedFace:
    return SavedFace(
        path=path, name=record["name"].encode("latin-1"), numGlyphs=record["glyphs"],
        charToGlyph=dict(zip(record["codes"], record["glyph_ids"])),
        charWidths=dict(zip(record["width_codes"], record["widths"])), defaultWidth=record["default_width"],
        flags=record["flags"], bbox=record["bbox"], italicAngle=record["italic_angle"], ascent=record["ascent"],
        descent=record["descent"], capHeight=record["cap_height"], stemV=record["stem_v"],
        glyphPos=record["glyph_pos"], tables={tag: (offset, length) for tag, (offset, length) in record["tables"].items()})


def cff_metrics(font) -> dict:  # noqa: ANN001 - a fontTools TTFont with a CID-keyed CFF table
    """The JSON-able metrics of ``font`` that ``load_cff_face`` reads back, computed as reportlab does
    for a TrueType face; raises ValueError for a CFF that is not CID-keyed."""
    top = font["CFF "].cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        raise ValueError("not a CID-keyed CFF")
    scale = 1000 / font["head"].unitsPerEm
    hmtx, os2, head = font["hmtx"], font["OS/2"], font["head"]
    cids = {name: int(name[3:]) if name.startswith("cid") else 0 for name in font.getGlyphOrder()}
    cmap = font.getBestCmap()
    return {
        "version": METRICS_VERSION, "name": font["CFF "].cff.fontNames[0],
        "glyphs": max(cids.values()) + 1,
        "cids": {str(code): cids[name] for code, name in cmap.items()},
        "widths": {str(code): round(hmtx[name][0] * scale) for code, name in cmap.items()},
        "default_width": round(hmtx[font.getGlyphOrder()[0]][0] * scale),
        "bbox": [round(value * scale) for value in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "italic_angle": font["post"].italicAngle, "ascent": round(os2.sTypoAscender * scale),
        "descent": round(os2.sTypoDescender * scale),
        "cap_height": round(getattr(os2, "sCapHeight", 0) * scale) or round(os2.sTypoAscender * scale),
        "stem_v": 50 + int((os2.usWeightClass / 65.0) ** 2),
        "ordering": list(top.ROS),
    }


def metrics_path(font_path: Path) -> Path:
    return font_path.with_suffix(".json")


def load_cff_face(path: Path) -> CFFFace:
    """The face of a cached CFF font, from the metrics beside it (5 ms, where fontTools takes 0.3 s)."""
    with metrics_path(path).open("rb") as handle:
        data = handle.read(_METRICS_LIMIT + 1)
    if len(data) > _METRICS_LIMIT:
        raise ValueError(f"{metrics_path(path)}: too big for a font's metrics")
    metrics = json.loads(data)
    if metrics.get("version") != METRICS_VERSION:
        raise ValueError(f"{metrics_path(path)}: metrics of another version")
    registry, ordering, supplement = metrics["ordering"]
    return CFFFace(
        path=path, name=metrics["name"].encode("latin-1"), numGlyphs=metrics["glyphs"],
        charToGlyph={int(code): cid for code, cid in metrics["cids"].items()},
        charWidths={int(code): width for code, width in metrics["widths"].items()},
        defaultWidth=metrics["default_width"], flags=4, bbox=metrics["bbox"], italicAngle=metrics["italic_angle"],
        ascent=metrics["ascent"], descent=metrics["descent"], capHeight=metrics["cap_height"],
        stemV=metrics["stem_v"], ordering=(registry, ordering, int(supplement)))


class _Codes(dict):
    """Code point → its character id as four hex digits, for ``str.translate``; filled on first use.

    A character's id is its glyph's id, unless another character took that glyph first (· and • share
    one, as do – and ‒, ～ and 〜, and every character the font lacks shares the blank "missing" glyph):
    it then gets an id past the font's glyphs, mapped back to the glyph by ``glyph_of``, so that copied
    text keeps which character was written. A format character (U+200B, U+202C …) is shown as nothing,
    whatever the font has for it (UMing gives U+200C a full em of blank): it is invisible by definition.
    """

    def __init__(self, face: TTFontFace | SavedFace | CFFFace) -> None:
        super().__init__()
        self.update(dict.fromkeys(map(ord, FORMAT_CHARACTERS), ""))
        self._glyphs = face.charToGlyph
        self.characters: dict[int, str] = {}  # character id → the character it shows
        self.glyph_of: dict[int, int] = {}  # character id past the glyphs → its glyph
        # A CIDFontType0 has no CIDToGIDMap: an id past the CFF's CIDs would select no glyph.
        self._next_alias = _LAST_ID + 1 if isinstance(face, CFFFace) else face.numGlyphs

    def __missing__(self, code: int) -> str:
        glyph = self._glyphs.get(code, 0)  # 0: the font's "missing" glyph, as reportlab draws it
        character_id = glyph
        if glyph in self.characters and self._next_alias <= _LAST_ID:  # past it, copied text shows the first
            character_id = self._next_alias
            self._next_alias += 1
            self.glyph_of[character_id] = glyph
        self.characters.setdefault(character_id, chr(code))
        self[code] = hex_id = f"{character_id:04X}"
        return hex_id


class CIDFont:
    """A reportlab font (register it with ``pdfmetrics.registerFont``) for one document.

    It records the characters shown and embeds their glyphs when a document is saved: make one for each
    document (one serving several embeds in each the glyphs of all it has shown). ``show`` is the fast
    way to put text on a page; reportlab's own text calls (``drawString``, ``textOut``) work too.
    """

    _dynamicFont = 0  # reportlab's flags: not a reportlab-subsetted TrueType font,
    _multiByte = 1  # but one whose text is encoded by ``formatForPdf``
    _shapable = False
    substitutionFonts: list = []

    def __init__(self, name: str, face: TTFontFace | SavedFace | CFFFace) -> None:
        self.fontName = self.name = name
        self.face = face
        self.encoding = None
        self._codes = _Codes(face)
        self._type0s: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document → its font dictionary

    # -- what reportlab calls -------------------------------------------------------------------

    def stringWidth(self, text: str, size: float, encoding: str | None = None) -> float:  # noqa: N802
        widths, default = self.face.charWidths, self.face.defaultWidth
        return 0.001 * size * sum(widths.get(ord(char), default) for char in text)

    def formatForPdf(self, text: str) -> str:  # noqa: N802 - reportlab's name; returns a literal string's body
        return escapePDF(bytes.fromhex(text.translate(self._codes)))

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802
        """First use in ``doc``: take a font resource name; at save (``delayedFonts``): embed the glyphs."""
        type0 = self._type0s.get(doc)
        if type0 is None:
            internal = "F" + repr(len(doc.fontMapping) + 1)
            self._type0s[doc] = type0 = pdfdoc.PDFDictionary({
                "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("Type0"),
                "Encoding": pdfdoc.PDFName("Identity-H")})
            doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(type0, internal)
            doc.fontMapping[self.fontName] = "/" + internal
            doc.delayedFonts.append(self)
        else:
            self._embed(doc, type0)

    # -- ours ---------------------------------------------------------------------------------------

    def show(self, text: str) -> str:
        """The PDF operator showing ``text`` in this font (set by ``setFont`` before)."""
        return f"<{text.translate(self._codes)}> Tj"

    def _embed(self, doc: pdfdoc.PDFDocument, type0: pdfdoc.PDFDictionary) -> None:
        face, codes = self.face, self._codes
        shown = codes.characters
        glyphs = {codes.glyph_of.get(character_id, character_id) for character_id in shown}
        base_name = f"{_subset_tag(self.fontName, glyphs)}+{face.name.decode('latin-1')}"
        cff = isinstance(face, CFFFace)
        if cff:
            font_file = pdfdoc.PDFStream(content=_subset_cff(face.path, glyphs | {0}))
            font_file.dictionary["Subtype"] = pdfdoc.PDFName("CIDFontType0C")
        else:
            font_file = pdfdoc.PDFStream(content=_subset(face, glyphs | {0}))
            font_file.dictionary["Length1"] = len(font_file.content)
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": pdfdoc.PDFName(base_name),
            "Flags": face.flags, "FontBBox": pdfdoc.PDFArray(face.bbox), "ItalicAngle": face.italicAngle,
            "Ascent": face.ascent, "Descent": face.descent, "CapHeight": face.capHeight, "StemV": face.stemV,
            "FontFile3" if cff else "FontFile2": doc.Reference(font_file),
        })
        widths = []  # [id [width] ...] for the ids not of the default width, as the layout measured them
        for character_id, char in sorted(shown.items()):
            width = face.charWidths.get(ord(char), face.defaultWidth)
            if width != _DEFAULT_WIDTH:
                widths += [character_id, pdfdoc.PDFArray([width])]
        streams = [font_file]
        if codes.glyph_of:
            glyph_map = pdfdoc.PDFStream(content=struct.pack(
                f">{max(codes.glyph_of) + 1}H", *range(face.numGlyphs),
                *(codes.glyph_of.get(alias, 0) for alias in range(face.numGlyphs, max(codes.glyph_of) + 1))))
            streams.append(glyph_map)
        registry, ordering, supplement = face.ordering if cff else ("Adobe", "Identity", 0)
        descendant = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("CIDFontType0" if cff else "CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString(registry),
                                                   "Ordering": pdfdoc.PDFString(ordering), "Supplement": supplement}),
            "FontDescriptor": doc.Reference(descriptor), "DW": _DEFAULT_WIDTH, "W": pdfdoc.PDFArray(widths),
        })
        if not cff:  # a CIDFontType0's ids are the CFF's CIDs; it has no such map
            descendant.dict["CIDToGIDMap"] = (doc.Reference(glyph_map) if codes.glyph_of
                                              else pdfdoc.PDFName("Identity"))
        to_unicode = pdfdoc.PDFStream(content=_to_unicode(shown))
        streams.append(to_unicode)
        if doc.compression:
            for stream in streams:
                stream.filters = [pdfdoc.PDFZCompress]
        type0.dict.update({"BaseFont": pdfdoc.PDFName(base_name),
                           "DescendantFonts": pdfdoc.PDFArray([doc.Reference(descendant)]),
                           "ToUnicode": doc.Reference(to_unicode)})


def _subset_tag(font_name: str, glyphs: set[int]) -> str:
    """Six capitals naming this subset, as PDF asks of an embedded subset's name."""
    digest = hashlib.sha256(f"{font_name} {sorted(glyphs)}".encode("ascii")).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


def _subset(face: TTFontFace, kept: set[int]) -> bytes:
    """The font file with only the ``kept`` glyphs' outlines (and their components); ids unchanged."""
    glyf = face.get_table("glyf")
    positions = face.glyphPos
    pending = sorted(kept)
    kept = set(kept)
    while pending:  # a composite glyph's components are glyphs too
        glyph = pending.pop()
        start, end = positions[glyph], positions[glyph + 1]
        if end - start > 10 and struct.unpack_from(">h", glyf, start)[0] < 0:
            offset, flags = start + 10, _MORE_COMPONENTS
            while flags & _MORE_COMPONENTS:
                flags, component = struct.unpack_from(">HH", glyf, offset)
                if component not in kept:
                    kept.add(component)
                    pending.append(component)
                offset += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
                offset += (2 if flags & _HAVE_SCALE else 4 if flags & _HAVE_X_AND_Y_SCALE
                           else 8 if flags & _HAVE_TWO_BY_TWO else 0)
    pieces, offsets, used = [], [], 0
    for glyph in range(len(positions) - 1):
        offsets.append(used)
        if glyph in kept:
            data = glyf[positions[glyph]:positions[glyph + 1]]
            data += b"\0" * (-len(data) % 4)
            pieces.append(data)
            used += len(data)
    offsets.append(used)
    long_offsets = used > 0x1FFFE
    loca = struct.pack(f">{len(offsets)}{'L' if long_offsets else 'H'}",
                       *(offsets if long_offsets else (offset >> 1 for offset in offsets)))
    maker = TTFontMaker()
    for tag in _COPIED_TABLES:
        try:
            maker.add(tag, face.get_table(tag))
        except KeyError:  # cvt, fpgm and prep are optional
            pass
    head = bytearray(face.get_table("head"))
    struct.pack_into(">h", head, 50, 1 if long_offsets else 0)  # indexToLocFormat
    maker.add("head", bytes(head))
    maker.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)  # no glyph names
    maker.add("loca", loca)
    maker.add("glyf", b"".join(pieces))
    return maker.makeStream()


def _subset_cff(path: Path, cids: set[int]) -> bytes:
    """The bare CFF table (CID-keyed) of the font at ``path`` cut to the glyphs of ``cids``, which keep
    their CIDs; its subroutines are cut to those the glyphs call."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # the FontBBox is the descriptor's (recomputing it took 1 s); lazy: the file stays open until closed
    with TTFont(path, lazy=True, recalcBBoxes=False) as font:
        names = [f"cid{cid:05d}" for cid in sorted(cids) if cid] + [font.getGlyphOrder()[0]]
        options = subset.Options()
        options.layout_features = []
        options.notdef_outline = True
        options.glyph_names = True
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=[name for name in names if name in font.getReverseGlyphMap()])
        subsetter.subset(font)
        buffer = io.BytesIO()
        font["CFF "].cff.compile(buffer, font)
        return buffer.getvalue()


def _to_unicode(shown: dict[int, str]) -> str:
    """A ToUnicode CMap: character id → the character."""
    entries = [f"<{character_id:04X}> <{char.encode('utf-16-be', 'surrogatepass').hex().upper()}>"
               for character_id, char in sorted(shown.items())]
    blocks = []
    for start in range(0, len(entries), _CMAP_ENTRIES_PER_BLOCK):
        chunk = entries[start:start + _CMAP_ENTRIES_PER_BLOCK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
        *blocks,
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])
