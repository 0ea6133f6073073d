"""The PDF's body face from the machine, like the .docx's: 仿宋 or 宋体 where the office has them.

The .docx names 仿宋 (body), 黑体 and 楷体; the PDF sets its body in the same kind of face when the machine
has one: on Windows simfang.ttf (仿宋) or simsun.ttc (宋体), with simhei.ttf (黑体) for bold; elsewhere a
仿宋/宋/明 face fontconfig lists, such as AR PL UMing (``fonts-arphic-uming``), else Noto Serif CJK SC
(``fonts-noto-cjk``), a 宋-style serif with CFF outlines, which ``cidfont`` embeds as a CIDFontType0.
Without such a face the bundled Noto Sans SC pair is used and ``choose`` says so in one line.

``--font`` (or ``font`` under ``[pdf]`` in bulletin.toml) names one: a font file, a family name, or
``bundled`` for Noto Sans SC. A system face is parsed slowly by reportlab (5 s for UMing's 27,000
glyphs), so it is subset once, like the bundled font, to the common set plus the document's characters,
and cached beside it; later runs read the cached subset. Imported without reportlab.

What a TrueType body face lacks is filled in from the bundled face, then from the machine's ``FILLERS``
(DejaVu Sans and DejaVu Math TeX Gyre; on Windows Arial, Segoe UI Symbol and Cambria Math), which fill the
bundled pair too: Č Ў ς ☐ ∯ 𝐻 print. Right-to-left letters are never filled (``right_to_left``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import PublishError
from . import fonts as font_cache

BUNDLED = "bundled"
FALLBACK_NOTE = ("PDF: no 仿宋 or 宋体 face on this machine (on Linux: apt install fonts-arphic-uming or "
                 "fonts-noto-cjk; or give --font); set in the bundled Noto Sans SC")
_SAID = False
RECIPE = 4  # bump when the subset's recipe changes
DISCOVERY = "system-face.json"  # the faces found, and the font folders' signature they were found under
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
# Windows' stock Chinese faces, best first for the body; 黑体 for bold.
WINDOWS_BODY = (("simfang.ttf", 0, "仿宋 FangSong"), ("simsun.ttc", 0, "宋体 SimSun"))
WINDOWS_BOLD = ("simhei.ttf", 0, "黑体 SimHei")
# A family's rank as a body face like the .docx's 仿宋: 仿宋 first, then 宋, then 明 (Song's Taiwan name), then
# a CJK serif (Noto Serif CJK, Source Han Serif: 宋-style, but named for neither).
STYLE_WORDS = ((re.compile(r"fangsong|仿宋|fang\s*song", re.I), 4), (re.compile(r"song|宋|simsun", re.I), 3),
               (re.compile(r"ming|明", re.I), 2), (re.compile(r"serif\s*cjk|han\s*serif", re.I), 1))
REGULAR_WEIGHTS = range(40, 101)  # fontconfig's weights from light to medium: a body face, not its bold
FONTCONFIG_VARIABLES = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT")  # they change what fc-list finds
# Faces that fill, in this order, what the body face and the bundled Noto Sans SC lack: Latin, Greek and
# Cyrillic letters and symbols (Č Ў ς ☐ ⎷ ﬁ), then mathematical letters (𝐻 𝑆 𝛼). A name ending in .ttf or .ttc
# is a file in Windows' Fonts folder; any other, a PostScript name fontconfig lists (Debian's fonts-dejavu-core
# has DejaVu Sans and its bold, fonts-dejavu-extra DejaVu Math TeX Gyre). Only TrueType outlines can be copied
# (``_fill``): a face found with CFF outlines is passed over.
FILLERS = (  # (the weights it fills, the face, its index in a .ttc)
    ("bold", "DejaVuSans-Bold", 0),
    ("regular bold", "DejaVuSans", 0),  # in bold text too, for what the bold lacks: a lighter letter, not a box
    ("regular bold", "DejaVuMathTeXGyre-Regular", 0),
    ("bold", "arialbd.ttf", 0),
    ("regular bold", "arial.ttf", 0),
    ("regular bold", "seguisym.ttf", 0),  # Segoe UI Symbol
    ("regular bold", "cambria.ttc", 1),  # Cambria Math, the collection's second face
)
FILLED = "fillers-{stamp}.json"  # the characters the fillers found under ``stamp`` can give
# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko … and their presentation forms
# and marks): every character of bidi class R, AL or AN is in one (a test checks).
RIGHT_TO_LEFT = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFE), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))
CFF_FILE = "face.otf"  # a cached subset with CFF outlines; beside it, its metrics (cidfont.metrics_path)
TRUETYPE_FILE = "face.ttf"


@dataclass(frozen=True)
class Face:
    path: Path
    index: int  # the font's number in a .ttc collection
    family: str


def choose(text: str, request: str | None = None,
           progress: font_cache.Progress | None = None) -> tuple[font_cache.FontFiles, str | None]:
    """The pair the PDF is set in, and the line saying it is the bundled font (else None); ``progress``
    hears that line once a process (the pipeline asks here first, before the PDF writer does).

    Regular: the machine's 仿宋/宋 face (subset and cached), else Noto Sans SC; bold: 黑体 on Windows,
    else Noto Sans SC Bold, which is a 黑体-like face.
    """
    bundled = font_cache.font_files(text, progress)
    if request and request.strip().lower() == BUNDLED:
        return bundled, None
    body = find(request)
    if body is None:
        global _SAID
        if progress is not None and not _SAID:  # once a process, with the other one-time font lines
            progress(FALLBACK_NOTE)
            _SAID = True
        return bundled, FALLBACK_NOTE
    regular = _subset_cached(body, text, progress or (lambda line: None), bundled.regular)
    bold_face = _windows_face(*WINDOWS_BOLD)
    bold, bold_name = bundled.bold, bundled.bold_name
    if bold_face is not None:
        bold = _subset_cached(bold_face, text, progress or (lambda line: None), bundled.bold, "bold")
        bold_name = "PublishBold-" + _plain(bold_face.family)
    return font_cache.FontFiles(regular=regular, bold=bold, regular_name="PublishBody-" + _plain(body.family),
                                bold_name=bold_name), None


def find(request: str | None = None) -> Face | None:
    """The face ``request`` names (a file or a family), or the best 仿宋/宋 face here; None when none is."""
    if request and request.strip():
        request = request.strip()
        path = Path(request).expanduser()
        if path.suffix.lower() in (".ttf", ".ttc", ".otf") or path.is_file():
            if not path.is_file():
                raise PublishError(f"--font {request}: no such font file")
            if _outlines(path, 0) is None:
                raise PublishError(f"--font {request}: not a TrueType or OpenType (CFF) font")
            return Face(path, 0, path.stem)
        matches = [face for face in _candidates() if request.lower() in face.family.lower()]
        if not matches:
            raise PublishError(f"--font {request}: no Chinese face of that name on this machine "
                               f"(give a font file, or '{BUNDLED}')")
        return matches[0]
    for name, index, family in WINDOWS_BODY:
        face = _windows_face(name, index, family)
        if face is not None:
            return face
    ranked = [face for face in _candidates() if _rank(face.family)]
    # mainland forms first: UMing CN before its HK/TW faces, Noto Serif CJK SC before JP/KR/TC/HK
    return max(ranked, key=lambda face: (_rank(face.family), face.family.endswith((" CN", " SC"))), default=None)


def _rank(family: str) -> int:
    return next((rank for pattern, rank in STYLE_WORDS if pattern.search(family)), 0)


def _windows_face(name: str, index: int, family: str) -> Face | None:
    if sys.platform != "win32":
        return None
    path = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts" / name
    return Face(path, index, family) if path.is_file() else None


def _candidates() -> list[Face]:
    """The regular-weight TrueType and CFF faces fontconfig lists for Chinese."""
    return _discovered()[0]


def _discovered() -> tuple[list[Face], dict[str, Face]]:
    """The Chinese faces fontconfig lists (``_fontconfig_faces``) and the ``FILLERS`` it lists by PostScript
    name, remembered while the font folders (and fontconfig's variables) are unchanged."""
    signature = _font_dirs_signature()
    record = font_cache.cache_root() / DISCOVERY
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        if saved.get("signature") == signature:
            return ([Face(Path(p), i, f) for p, i, f in saved["faces"]],
                    {name: Face(Path(p), i, name) for name, (p, i) in saved["fillers"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        pass
    faces, fillers = _fontconfig_faces(), _fontconfig_fillers()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        font_cache._write_atomically(record, json.dumps(
            {"signature": signature, "faces": [(str(f.path), f.index, f.family) for f in faces],
             "fillers": {name: (str(f.path), f.index) for name, f in fillers.items()}},
            ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only cache: found again next time
    return faces, fillers


def _fontconfig_faces() -> list[Face]:
    try:
        listed = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{fontformat}|%{weight}|%{family[0]}\n", ":lang=zh"],
                                capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in sorted(set(listed.splitlines())):
        parts = line.split("|")
        if (len(parts) == 5 and parts[2] in ("TrueType", "CFF") and parts[1].isdigit() and parts[3].isdigit()
                and int(parts[3]) in REGULAR_WEIGHTS):
            faces.append(Face(Path(parts[0]), int(parts[1]), parts[4]))
    return faces


def _fontconfig_fillers() -> dict[str, Face]:
    """The faces of ``FILLERS`` fontconfig lists, by PostScript name."""
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


def fillers(weight: str) -> list[Face]:
    """The faces on this machine that fill ``weight`` ("regular" or "bold"), in ``FILLERS``' order."""
    return [face for weights, face in _fillers() if weight.lower() in weights.split()]


def _fillers() -> list[tuple[str, Face]]:
    listed = _discovered()[1]
    found = []
    for weights, name, index in FILLERS:
        face = _windows_face(name, index, name) if name.endswith((".ttf", ".ttc")) else listed.get(name)
        if face is not None and _outlines(face.path, face.index) == "TrueType":
            found.append((weights, face))
    return found


def filler_stamp() -> str:
    """Names the fillers on this machine, as files: a cached font filled from other fillers (one installed
    since, or updated) is missed, and built again."""
    stamps = []
    for weights, face in _fillers():
        try:
            stat = face.path.stat()
        except OSError:
            continue
        stamps.append(f"{weights}|{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}")
    return "f" + hashlib.sha256("\n".join(stamps).encode("utf-8")).hexdigest()[:10]


_FILLED: dict[str, frozenset[str]] = {}  # stamp → what those fillers give, read once a process


def filled_characters() -> frozenset[str]:
    """The characters the fillers here can give (never a right-to-left letter): the font caches ask for
    them as for the bundled charset's. Read from a record beside the cache; made once with fontTools."""
    stamp = filler_stamp()
    found = _FILLED.get(stamp)
    if found is not None:
        return found
    record = font_cache.cache_root() / FILLED.format(stamp=stamp)
    try:
        found = frozenset(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from fontTools.ttLib import TTFont

        codes: set[int] = set()
        for _, face in _fillers():
            try:
                codes.update(TTFont(face.path, fontNumber=face.index, lazy=True).getBestCmap())
            except Exception:  # noqa: BLE001 - fontTools raises many kinds on a damaged file: it gives nothing
                continue
        found = frozenset(char for char in map(chr, codes) if fillable(char))
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            font_cache._write_atomically(record, "".join(sorted(found)).encode("utf-8"))
        except OSError:
            pass  # a read-only cache: made again next time
    _FILLED[stamp] = found
    return found


def fillable(char: str) -> bool:
    """Whether a filler's glyph may stand for ``char``: not a right-to-left letter, and something printed
    (not a control, format, private-use or unassigned code point; a space is printed)."""
    return (char.isprintable() or char.isspace()) and not right_to_left(char)


def right_to_left(char: str) -> bool:
    """A letter, digit or mark of a right-to-left script (Arabic, Hebrew …). reportlab neither joins nor
    reorders them: drawn from a filler they would spell another text, so they are never filled."""
    code = ord(char)
    return any(start <= code <= end for start, end in RIGHT_TO_LEFT)


def _font_dirs_signature() -> str:
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


def _outlines(path: Path, index: int) -> str | None:
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


def _plain(family: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", family) or "Face"


def _subset_cached(face: Face, text: str, progress: font_cache.Progress, bundled: Path,
                   weight: str = "regular") -> Path:
    """``face`` cut to the common set and ``text``'s characters, cached like the bundled pair; characters
    it lacks (™, ⇒, ∀, − are not in UMing) are drawn in from ``bundled``, the bundled face of that weight,
    then from the machine's fillers of that weight (Č, 𝐻)."""
    folder = _folder(face)
    chain = [Face(bundled, 0, "Noto Sans SC"), *fillers(weight)]

    def build(characters: str) -> Path:
        digest = hashlib.sha256(characters.encode("utf-8")).hexdigest()[:16]
        target = folder / f"c{digest}" / (CFF_FILE if _outlines(face.path, face.index) == "CFF" else TRUETYPE_FILE)
        target.parent.mkdir(exist_ok=True)
        progress(f"preparing {face.family} for PDFs, once ({len(characters)} characters)")
        started = time.monotonic()
        covered = _subset(face, characters, target, chain)
        font_cache._write_atomically(target.parent / font_cache.COVERED, covered.encode("utf-8"))
        font_cache._write_atomically(folder / font_cache.POINTER, target.parent.name.encode("ascii"))
        font_cache.remove_superseded(folder, target.parent)  # 2.6 MB each for UMing: they added up
        progress(f"{face.family} is ready in {time.monotonic() - started:.1f} s; later runs reuse it")
        return target

    return font_cache.cached(folder, text, _current, build)


def _folder(face: Face) -> Path:
    """The cache folder of ``face``: a changed font file or recipe misses the old one."""
    try:
        stat = face.path.stat()
    except OSError as error:
        raise PublishError(f"{face.path}: cannot read the font ({error.strerror})") from None
    return font_cache.cache_root() / f"system-{_plain(face.path.stem)}-{face.index}-{stat.st_size}-" \
                                     f"{stat.st_mtime_ns}-r{RECIPE}.{font_cache.RECIPE}-{filler_stamp()}"


def cached_choice() -> font_cache.FontFiles | None:
    """The pair ``choose`` gives when no font is asked for, as far as the cache holds it now (whatever it
    covers), or None; nothing is built. The PDF writer's child loads it while the parent reads."""
    bundled = font_cache.cached_font_files()
    try:
        body = find()
    except PublishError:
        return bundled
    if body is None or bundled is None:
        return bundled
    try:
        found = _current(_folder(body))
    except PublishError:
        return bundled
    if found is None:
        return bundled
    bold_face = _windows_face(*WINDOWS_BOLD)
    bold, bold_name = bundled.bold, bundled.bold_name
    if bold_face is not None:
        cached_bold = _current(_folder(bold_face))
        if cached_bold is None:
            return bundled
        bold, bold_name = cached_bold[0], "PublishBold-" + _plain(bold_face.family)
    return font_cache.FontFiles(regular=found[0], bold=bold, regular_name="PublishBody-" + _plain(body.family),
                                bold_name=bold_name)


def _current(folder: Path) -> tuple[Path, set[str]] | None:
    try:
        pair = folder / (folder / font_cache.POINTER).read_text(encoding="ascii").strip()
        covered = set((pair / font_cache.COVERED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for name in (TRUETYPE_FILE, CFF_FILE):
        if (pair / name).is_file() and (name != CFF_FILE or cidfont_metrics(pair / name).is_file()):
            return pair / name, covered
    return None


def cidfont_metrics(font: Path) -> Path:
    """Where the metrics of a cached CFF face are (``cidfont.metrics_path``, without importing reportlab)."""
    return font.with_suffix(".json")


def _subset(face: Face, characters: str, target: Path, fillers: Sequence[Face]) -> str:
    """Write the subset, with the glyphs it lacks taken from ``fillers``; return the characters asked for
    (what the cache covers: one no face has is not asked for again by a later run)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
    except Exception as error:  # fontTools raises many kinds on a damaged file
        raise PublishError(f"{face.path}: not a usable font ({type(error).__name__})") from None
    cff = "CFF " in font
    if "glyf" not in font and not cff:
        raise PublishError(f"{face.path}: neither TrueType nor CFF outlines (CFF2 is not embedded)")
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "STAT", "DSIG", "EBDT", "EBLC",
                            "EBSC", "BDF", "FFTM"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(font)
    if cff:
        # What fills a TrueType face would need converting to CFF charstrings: a character Noto Serif CJK
        # lacks (few: it has ™ ⇒ ∀ −) prints blank, as in any face.
        from .cidfont import cff_metrics

        # A .ttc's faces share one CFF, named for the first (NotoSerifCJKjp-Regular): name it for this one.
        postscript = font["name"].getDebugName(6)
        if postscript:
            font["CFF "].cff.fontNames = [postscript]
        try:
            metrics = cff_metrics(font)
        except ValueError:
            raise PublishError(f"{face.path}: its CFF is not CID-keyed, which the PDF's font writer needs") from None
        font_cache._write_atomically(target, font_cache._to_bytes(font))
        font_cache._write_atomically(cidfont_metrics(target), json.dumps(metrics).encode("utf-8"))
        return characters
    _fill(font, characters, fillers)
    font_cache._write_atomically(target, font_cache._to_bytes(font))
    return characters


def _fill(font, characters: str, fillers: Sequence[Face]) -> None:  # noqa: ANN001 - fontTools TTFont
    """Copy into ``font`` the glyphs of ``characters`` it lacks, each from the first of ``fillers`` that has
    it, scaled to its em; never a right-to-left letter's, nor a format character's (``fillable``)."""
    from fontTools.ttLib import TTFont

    have = font.getBestCmap()
    lacking = [char for char in characters if ord(char) not in have and fillable(char)]
    for face in fillers:
        if not lacking:
            return
        filler = TTFont(face.path, fontNumber=face.index, lazy=True)
        offered = filler.getBestCmap()
        _copy_glyphs(font, [char for char in lacking if ord(char) in offered], filler)
        lacking = [char for char in lacking if ord(char) not in offered]


def _copy_glyphs(font, characters: list[str], filler) -> None:  # noqa: ANN001 - fontTools TTFonts
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    if not characters:
        return
    offered = filler.getBestCmap()
    unicode_tables = [table for table in font["cmap"].tables if table.isUnicode()]
    if max(map(ord, characters)) > 0xFFFF and not any(table.format in (12, 13) for table in unicode_tables):
        # 𝐻 and the like are past the 16-bit format 4 table: a format 12 one holds them (reportlab reads it).
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        wide = CmapSubtable.newSubtable(12)
        wide.platformID, wide.platEncID, wide.language, wide.cmap = 3, 10, 0, dict(font.getBestCmap())
        font["cmap"].tables.append(wide)
    scale = font["head"].unitsPerEm / filler["head"].unitsPerEm
    glyphs, source = filler.getGlyphSet(), filler["hmtx"]
    order = list(font.getGlyphOrder())
    added: dict[str, str] = {}
    for char in characters:
        name = offered[ord(char)]
        new = added.get(name)
        if new is None:
            recording = DecomposingRecordingPen(glyphs)
            glyphs[name].draw(recording)
            pen = TTGlyphPen(None)
            recording.replay(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
            new = added[name] = f"fill.{len(order)}"  # by place: two fillers may name glyphs alike
            glyph = pen.glyph()
            order.append(new)
            font.setGlyphOrder(order)
            font["glyf"][new] = glyph
            glyph.recalcBounds(font["glyf"])
            advance = round(source[name][0] * scale)
            font["hmtx"][new] = (advance, getattr(glyph, "xMin", 0))
        for table in font["cmap"].tables:
            if table.isUnicode() and (table.format != 4 or ord(char) <= 0xFFFF):
                table.cmap[ord(char)] = new
    if "post" in font:
        font["post"].formatType = 3.0  # no glyph names to keep in step
