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

What a TrueType body face lacks is filled in from the bundled face of that weight, then from the machine's
``fillers`` (DejaVu Sans, DejaVu Math TeX Gyre): Č Ў ς ☐ ∯ 𝐻 print.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from ...errors import PublishError
from . import fillers
from . import fonts as font_cache
from .machine import Face, outlines, remembered, windows_face, write_atomically

BUNDLED = "bundled"
FALLBACK_NOTE = ("PDF: no 仿宋 or 宋体 face on this machine (on Linux: apt install fonts-arphic-uming or "
                 "fonts-noto-cjk; or give --font); set in the bundled Noto Sans SC")
_SAID = False
RECIPE = 4  # bump when the subset's recipe changes
DISCOVERY = "system-face.json"  # the face found, and the font folders' signature it was found under
# Windows' stock Chinese faces, best first for the body; 黑体 for bold.
WINDOWS_BODY = (("simfang.ttf", 0, "仿宋 FangSong"), ("simsun.ttc", 0, "宋体 SimSun"))
WINDOWS_BOLD = ("simhei.ttf", 0, "黑体 SimHei")
# A family's rank as a body face like the .docx's 仿宋: 仿宋 first, then 宋, then 明 (Song's Taiwan name), then
# a CJK serif (Noto Serif CJK, Source Han Serif: 宋-style, but named for neither).
STYLE_WORDS = ((re.compile(r"fangsong|仿宋|fang\s*song", re.I), 4), (re.compile(r"song|宋|simsun", re.I), 3),
               (re.compile(r"ming|明", re.I), 2), (re.compile(r"serif\s*cjk|han\s*serif", re.I), 1))
REGULAR_WEIGHTS = range(40, 101)  # fontconfig's weights from light to medium: a body face, not its bold
CFF_FILE = "face.otf"  # a cached subset with CFF outlines; beside it, its metrics (cidfont.metrics_path)
TRUETYPE_FILE = "face.ttf"


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
    bold_face = windows_face(*WINDOWS_BOLD)
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
            if outlines(path, 0) is None:
                raise PublishError(f"--font {request}: not a TrueType or OpenType (CFF) font")
            return Face(path, 0, path.stem)
        matches = [face for face in _candidates() if request.lower() in face.family.lower()]
        if not matches:
            raise PublishError(f"--font {request}: no Chinese face of that name on this machine "
                               f"(give a font file, or '{BUNDLED}')")
        return matches[0]
    for name, index, family in WINDOWS_BODY:
        face = windows_face(name, index, family)
        if face is not None:
            return face
    ranked = [face for face in _candidates() if _rank(face.family)]
    # mainland forms first: UMing CN before its HK/TW faces, Noto Serif CJK SC before JP/KR/TC/HK
    return max(ranked, key=lambda face: (_rank(face.family), face.family.endswith((" CN", " SC"))), default=None)


def _rank(family: str) -> int:
    return next((rank for pattern, rank in STYLE_WORDS if pattern.search(family)), 0)


def _candidates() -> list[Face]:
    """The regular-weight TrueType and CFF faces fontconfig lists for Chinese, remembered while the font
    folders (and fontconfig's variables) are unchanged."""
    return remembered(DISCOVERY, _fontconfig_faces,
                      lambda faces: [(str(face.path), face.index, face.family) for face in faces],
                      lambda saved: [Face(Path(path), index, family) for path, index, family in saved])


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


def _plain(family: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", family) or "Face"


def _subset_cached(face: Face, text: str, progress: font_cache.Progress, bundled: Path,
                   weight: str = "regular") -> Path:
    """``face`` cut to the common set and ``text``'s characters, cached like the bundled pair; characters
    it lacks (™, ⇒, ∀, − are not in UMing) are drawn in from ``bundled``, the bundled face of that weight,
    then from the machine's fillers of that weight (Č, 𝐻)."""
    folder = _folder(face)
    chain = [Face(bundled, 0, "Noto Sans SC"), *fillers.faces(weight)]

    def build(characters: str) -> Path:
        digest = hashlib.sha256(characters.encode("utf-8")).hexdigest()[:16]
        target = folder / f"c{digest}" / (CFF_FILE if outlines(face.path, face.index) == "CFF" else TRUETYPE_FILE)
        target.parent.mkdir(exist_ok=True)
        progress(f"preparing {face.family} for PDFs, once ({len(characters)} characters)")
        started = time.monotonic()
        covered = _subset(face, characters, target, chain)
        write_atomically(target.parent / font_cache.COVERED, covered.encode("utf-8"))
        write_atomically(folder / font_cache.POINTER, target.parent.name.encode("ascii"))
        font_cache.remove_superseded(folder, target.parent)  # 2.6 MB each for UMing: they added up
        progress(f"{face.family} is ready in {time.monotonic() - started:.1f} s; later runs reuse it")
        return target

    return font_cache.cached(folder, text, _current, build)


def _folder(face: Face) -> Path:
    """The cache folder of ``face``: a changed font file, recipe or set of fillers misses the old one."""
    try:
        stat = face.path.stat()
    except OSError as error:
        raise PublishError(f"{face.path}: cannot read the font ({error.strerror})") from None
    return font_cache.cache_root() / f"system-{_plain(face.path.stem)}-{face.index}-{stat.st_size}-" \
                                     f"{stat.st_mtime_ns}-r{RECIPE}.{font_cache.RECIPE}-{fillers.stamp()}"


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
    bold_face = windows_face(*WINDOWS_BOLD)
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


def _subset(face: Face, characters: str, target: Path, chain: Sequence[Face]) -> str:
    """Write the subset, with the glyphs it lacks taken from the faces of ``chain``; return the characters
    asked for (what the cache covers: one no face has is not asked for again by a later run)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
    except Exception as error:  # fontTools raises many kinds on a damaged file
        raise PublishError(f"{face.path}: not a usable font ({type(error).__name__})") from None
    with font:  # lazy: the file stays open until closed
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
            # lacks (few: it has ™ ⇒ ∀ −) prints as an empty box, as in any face.
            from .cidfont import cff_metrics

            # A .ttc's faces share one CFF, named for the first (NotoSerifCJKjp-Regular): name it for this one.
            postscript = font["name"].getDebugName(6)
            if postscript:
                font["CFF "].cff.fontNames = [postscript]
            try:
                metrics = cff_metrics(font)
            except ValueError:
                raise PublishError(
                    f"{face.path}: its CFF is not CID-keyed, which the PDF's font writer needs") from None
            write_atomically(target, font_cache._to_bytes(font))
            write_atomically(cidfont_metrics(target), json.dumps(metrics).encode("utf-8"))
            return characters
        fillers.fill(font, characters, chain)
        write_atomically(target, font_cache._to_bytes(font))
        return characters
