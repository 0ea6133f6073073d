"""The PDF's Chinese font: Noto Sans SC from the ``justmytype-intl-cjk`` package, fixed to two weights.

The package ships one variable TrueType font whose default instance is Thin. reportlab embeds only
TrueType outlines and knows nothing of variation axes, so the font is cut down once: subset, then fixed
at weight 400 and 700 with fontTools' instancer. Each instance gets its own family and PostScript name,
because reportlab keys fonts by those and would otherwise draw bold text with the regular outlines.

Instancing costs time in proportion to the glyphs, so glyphs come in on demand: the first build holds
the common set (``core_charset``: GB2312's level-1 characters, its symbols, ASCII, Latin-1 and Chinese
punctuation) plus whatever else of ``charset`` (GBK) the document at hand uses, such as 镕, 喆 or 堃 in a
name. A later document that needs more rebuilds the pair with the union, once.

What Noto Sans SC lacks of the characters asked for (Č Ў ς ∯ 𝐻) is filled into each instance from the
machine's faces of that weight (``fillers``: DejaVu Sans, DejaVu Math TeX Gyre), which are
asked for as the charset's are. The instancer needs no change for it: the fill goes into the instance,
a plain TrueType font by then, and adds no variation data.

The pairs are cached outside the repository, in a folder keyed by the source font's SHA-256, its version,
this recipe and the fillers found (``fillers.stamp``); inside, one sub-folder per character set, and a
``current`` file naming the newest.
Later runs read that name and the covered characters; fontTools is not even imported. Builders race
safely: a lock makes a second run wait for the first, and files are written to temporary names and
renamed into place, so a reader sees a whole file or none.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TypeVar

from ...errors import PublishError
from . import fillers
from .machine import cache_root, write_atomically

PACKAGE = "justmytype_intl_cjk"
PIP_NAME = "justmytype-intl-cjk"
SOURCE_RELATIVE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
FAMILY = "Noto Sans SC"
WEIGHTS = {"Regular": 400, "Bold": 700}
RECIPE = 4  # bump when the character set or the instancing changes: old cache entries are then ignored
SECONDS_PER_THOUSAND_GLYPHS = 1.5  # both weights side by side, measured on this project's busy two-core machine
TICK_SECONDS = 4  # how often a long build says it is still working
POINTER = "current"  # names the sub-folder with the newest pair
SUPERSEDED_GRACE_SECONDS = 3600
SUPERSEDED = "superseded"  # marks a pair that ``current`` no longer names
COVERED = "characters.txt"  # beside each pair: the characters it holds, so a warm run needs no fontTools

Progress = Callable[[str], None]
T = TypeVar("T")
_TICKER_SPEAKING = threading.Lock()  # held while the "still working" thread writes


@dataclass(frozen=True)
class FontFiles:
    """The cached instances and their PostScript names."""

    regular: Path
    bold: Path
    regular_name: str = "NotoSansSC-Regular"
    bold_name: str = "NotoSansSC-Bold"


def source_font() -> Path:
    """The variable Noto Sans SC that pip installed, without importing anything heavy."""
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PublishError(f"the PDF needs the Chinese font package: pip install {PIP_NAME}")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / SOURCE_RELATIVE
        if path.is_file():
            return path
    raise PublishError(f"{PIP_NAME} is installed but has no {SOURCE_RELATIVE}; reinstall it")


def source_identity(path: Path) -> tuple[str, str]:
    """(SHA-256, version) of the source font; the hash comes from the package manifest when it lists one."""
    digest = _manifest_digest(path)
    if digest is None:
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(chunk)
        digest = hasher.hexdigest()
    return digest, _font_revision(path)


def font_files(text: str = "", progress: Progress | None = None) -> FontFiles:
    """The cached pair covering ``text`` (as far as ``charset`` offers), building it first if there is none.

    ``progress`` hears one line when a build starts and one per finished step; a warm call says nothing.
    """
    source = source_font()
    folder = _cache_folder(source)
    return cached(folder, text, _current,
                  lambda characters: _build_pair(source, folder, characters, progress or (lambda line: None)))


def cached(folder: Path, text: str, current: Callable[[Path], tuple[T, set[str]] | None],
           build: Callable[[str], T]) -> T:
    """What ``folder`` caches, if it covers ``text`` (as far as ``charset`` offers); else ``build(characters)``
    for the common set, ``text``'s characters and what the cache covered already, under the folder's lock.

    ``current(folder)`` gives the cached value and the characters it covers, or None.
    """
    wanted = _wanted(text)
    found = current(folder)
    if found is not None and wanted <= found[1]:
        return found[0]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"{folder}: cannot create the font cache ({error.strerror})") from None
    with _lock(folder / ".lock"):  # a second run waits for the first instead of repeating its work
        found = current(folder)
        if found is not None and wanted <= found[1]:
            return found[0]
        characters = set(core_charset()) | wanted | (found[1] if found is not None else set())
        return build("".join(sorted(characters)))


def cache_covers(text: str) -> bool:
    """Whether the cached pair covers ``text`` (as far as ``charset`` offers); nothing is built."""
    found = _current(_cache_folder(source_font()))
    return found is not None and _wanted(text) <= found[1]


def _wanted(text: str) -> set[str]:
    """The characters of ``text`` a build is asked for: those ``charset`` offers, and those the machine's
    fillers can give (looked up only for characters beyond the charset that a filler may give at all)."""
    wanted = {char for char in set(text) if _offered(char)}
    beyond = {char for char in set(text) - wanted if fillers.fillable(char)}  # U+2002, Č; no U+200B, no private use
    if beyond:
        wanted |= beyond & fillers.offered()
    return wanted


def cached_font_files() -> FontFiles | None:
    """The pair the cache holds now, whatever it covers, or None; nothing is built."""
    found = _current(_cache_folder(source_font()))
    return found[0] if found is not None else None


def _cache_folder(source: Path) -> Path:
    digest, version = source_identity(source)
    size = source.stat().st_size  # with the manifest's hash: a file swapped under the manifest still misses
    return cache_root() / f"NotoSansSC-{version}-{digest[:16]}-{size}-r{RECIPE}-{fillers.stamp()}"


def characters_in(*values: object) -> str:
    """Every character in the strings inside ``values``: dataclasses, tuples, lists and dicts are walked."""
    strings: list[str] = []
    pending: list[object] = [value for value in values if type(value) not in _SCALARS]
    field_names = _field_names
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind is str:
            strings.append(value)
        elif (names := field_names(kind)) is not None:
            # Numbers, flags and None are most of a tree's fields: left out here, not pushed and popped.
            for name in names:
                if type(item := getattr(value, name)) not in _SCALARS:
                    pending.append(item)
        elif isinstance(value, _CONTAINERS):
            pending.extend(value)
        elif isinstance(value, str):  # a subclass
            strings.append(str(value))
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
    return "".join(sorted(set("".join(strings))))


_CONTAINERS = (tuple, list, set, frozenset)
_SCALARS = frozenset({bool, int, float, type(None), bytes})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names, looked up once per class (``fields`` is slow when called per value)."""
    return tuple(field.name for field in fields(kind)) if is_dataclass(kind) else None


def _current(folder: Path) -> tuple[FontFiles, set[str]] | None:
    """The pair ``current`` names and the characters it covers, or None when there is no whole pair."""
    try:
        pair = folder / (folder / POINTER).read_text(encoding="ascii").strip()
        covered = set((pair / COVERED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = FontFiles(regular=pair / "NotoSansSC-Regular.ttf", bold=pair / "NotoSansSC-Bold.ttf")
    if not (files.regular.is_file() and files.bold.is_file()):
        return None
    return files, covered


def _build_pair(source: Path, folder: Path, characters: str, progress: Progress) -> FontFiles:
    """Build both weights for ``characters`` into their own sub-folder, then point ``current`` at it."""
    pair = folder / ("c" + hashlib.sha256(characters.encode("utf-8")).hexdigest()[:16])
    pair.mkdir(exist_ok=True)
    files = FontFiles(regular=pair / "NotoSansSC-Regular.ttf", bold=pair / "NotoSansSC-Bold.ttf")
    estimate = round(1 + len(characters) / 1000 * SECONDS_PER_THOUSAND_GLYPHS)
    progress(f"preparing the Chinese font for PDFs, once: about {estimate} s ({len(characters)} characters)")
    started = time.monotonic()

    def step(what: str) -> None:
        progress(f"  {what} ({time.monotonic() - started:.1f} s)")

    with _ticking(step):
        build_instances(source, {"Regular": files.regular, "Bold": files.bold}, characters, step)
    write_atomically(pair / COVERED, characters.encode("utf-8"))
    write_atomically(folder / POINTER, pair.name.encode("ascii"))  # last: readers see the whole pair or the old one
    remove_superseded(folder, pair)
    progress(f"the Chinese font is ready in {time.monotonic() - started:.1f} s; later runs reuse it")
    return files


@contextlib.contextmanager
def _ticking(step: Progress) -> Iterator[None]:
    """Say "still working" every few seconds until the block ends, so a long build never looks hung."""
    done = threading.Event()

    def tick() -> None:
        while not done.wait(TICK_SECONDS):
            with _TICKER_SPEAKING:
                step("still working")

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()


def remove_superseded(folder: Path, current: Path) -> None:
    """Mark pairs that ``current`` no longer names; drop those marked over an hour ago, when no run
    still starting can want them."""
    import shutil

    cutoff = time.time() - SUPERSEDED_GRACE_SECONDS
    for pair in folder.iterdir():
        if pair == current or not pair.is_dir() or not pair.name.startswith("c"):
            continue
        marker = pair / SUPERSEDED
        if not marker.exists():
            marker.touch()
        elif marker.stat().st_mtime < cutoff:
            shutil.rmtree(pair, ignore_errors=True)


# Symbols real documents use beyond GBK (€, ⋯, ™, ↔, ⇒, ∀, ∂, ⊂ …), 12 of the corpus's files among them:
# currency, letterlike, arrows, mathematical operators, geometric shapes. Offered on demand, like the rare ideographs.
SYMBOL_RANGES = ((0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF))


def _offered(char: str) -> bool:
    """``char in charset()``, without building the whole set on a warm run."""
    if "\u4e00" <= char <= "\u9fa5" or char in _latin_and_punctuation_set():
        return True
    if any(start <= ord(char) <= end for start, end in SYMBOL_RANGES):
        return True
    try:
        return len(char.encode("gb2312")) == 2  # its two-byte rows; one byte would be a control character
    except UnicodeEncodeError:
        return False


@functools.cache
def _latin_and_punctuation_set() -> frozenset[str]:
    return frozenset(_latin_and_punctuation())


def core_charset() -> str:
    """What the first build holds: GB2312's symbols and its 3,755 level-1 characters (the common ones),
    printable ASCII and Latin-1, and the punctuation of Chinese text. Everything else comes on demand."""
    chars = set(_latin_and_punctuation())
    for high in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):  # rows A1–A9 symbols, B0–D7 level 1
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(sorted(chars))


def charset() -> str:
    """What the PDF font can offer on demand: GBK's characters (all of GB2312 and the CJK Unified
    Ideographs block, so rare characters in names such as 镕 and 喆 print), printable ASCII and Latin-1,
    and the punctuation of Chinese text."""
    chars = set(_latin_and_punctuation())
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars.update(chr(c) for c in range(0x4E00, 0x9FA5 + 1))
    for start, end in SYMBOL_RANGES:
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(chars))


def _latin_and_punctuation() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    for start, end in ((0x2010, 0x2027), (0x2030, 0x203B), (0x3000, 0x303F), (0xFF01, 0xFF5E),
                       (0x2160, 0x216B), (0x2460, 0x2473), (0x00B7, 0x00B7), (0x2116, 0x2116)):
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(chars))


def build_instances(source: Path, targets: dict[str, Path], characters: str,
                    step: Progress = lambda what: None) -> None:
    """Subset the variable font to ``characters`` once, then fix each weight, fill in what it lacks from the
    machine's faces of that weight, and write it atomically to its target; ``step`` hears each finished stage."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    variable = TTFont(source)
    options = subset.Options()
    options.layout_features = []  # reportlab does no shaping: GSUB/GPOS would only be dead weight
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "STAT", "DSIG"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    subsetter.subset(variable)
    step(f"cut to {len(variable.getGlyphOrder())} glyphs")
    jobs = list(targets.items())
    if len(jobs) > 1 and _can_fork():
        from ...parallel import ChildCall

        # Two cores: a forked child fixes one weight of the subset already in memory (nothing is
        # serialised on the way), while this process fixes the other.
        with _TICKER_SPEAKING:  # not mid-line: a child forked then would inherit stderr's lock held
            child = ChildCall(_write_instance, variable, *jobs[0], characters)
        try:
            for style, target in jobs[1:]:
                _write_instance(variable, style, target, characters)
                step(f"{style.lower()} weight done")
            child.result()
            step(f"{jobs[0][0].lower()} weight done")
        finally:
            child.cancel()  # only does something if this process failed first
        return
    for index, (style, target) in enumerate(jobs):
        font = variable if index == len(jobs) - 1 else copy.deepcopy(variable)  # the instancer works in place
        _write_instance(font, style, target, characters)
        step(f"{style.lower()} weight done")


def _write_instance(variable, style: str, target: Path, characters: str) -> None:  # noqa: ANN001 - TTFont, changed
    from fontTools.varLib import instancer

    instance = instancer.instantiateVariableFont(variable, {"wght": WEIGHTS[style]}, inplace=True,
                                                 overlap=instancer.OverlapMode.KEEP_AND_SET_FLAGS)
    fillers.fill(instance, characters, fillers.faces(style))
    _rename(instance, style)
    write_atomically(target, _to_bytes(instance))


def _can_fork() -> bool:
    from ...parallel import can_fork

    return can_fork()


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (where the platform has one)."""
    try:
        import fcntl
    except ImportError:  # Windows: atomic renames alone keep the cache whole
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _rename(font, style: str) -> None:  # noqa: ANN001 - fontTools TTFont
    """Give the instance its own names, so reportlab (and a PDF viewer) never mistakes one for the other."""
    postscript = f"NotoSansSC-{style}"
    name = font["name"]
    name.names = [record for record in name.names if record.nameID not in (1, 2, 3, 4, 6, 16, 17, 25)]
    for name_id, value in ((1, FAMILY if style == "Regular" else f"{FAMILY} {style}"),
                           (2, "Regular"), (3, f"{postscript};publish-r{RECIPE}"),
                           (4, f"{FAMILY} {style}"), (6, postscript), (16, FAMILY), (17, style)):
        name.setName(value, name_id, 3, 1, 0x409)
    bold = style == "Bold"
    font["OS/2"].usWeightClass = WEIGHTS[style]
    selection = font["OS/2"].fsSelection & ~0b1100001  # clear italic, bold, regular
    font["OS/2"].fsSelection = selection | (0b100000 if bold else 0b1000000)
    font["head"].macStyle = 1 if bold else 0


def _to_bytes(font) -> bytes:  # noqa: ANN001
    import io

    buffer = io.BytesIO()
    font.recalcTimestamp = False  # the same source gives the same bytes
    font.save(buffer)
    return buffer.getvalue()


def _manifest_digest(path: Path) -> str | None:
    """The SHA-256 the package's manifest records for this font, if it does (it does in 0.1.0)."""
    fonts_dir = path.parents[2]  # fonts/ofl/notosanssc/X.ttf → fonts/
    manifest = fonts_dir / "pack_manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("fonts", [])
    except (OSError, ValueError):
        return None
    relative = path.relative_to(fonts_dir).as_posix()
    for entry in entries:
        if isinstance(entry, dict) and entry.get("path") == relative:
            digest = entry.get("sha256")
            if isinstance(digest, str) and len(digest) == 64:
                return digest
    return None


def _font_revision(path: Path) -> str:
    """head.fontRevision, read from the table directory without loading the font."""
    with path.open("rb") as handle:
        header = handle.read(12)
        (count,) = struct.unpack(">H", header[4:6])
        directory = handle.read(16 * count)
        for index in range(count):
            tag, _checksum, offset, _length = struct.unpack(">4sLLL", directory[16 * index:16 * index + 16])
            if tag == b"head":
                handle.seek(offset + 4)
                (revision,) = struct.unpack(">l", handle.read(4))
                return f"{revision / 65536:.3f}"
    raise PublishError(f"{path}: not a TrueType font (no head table)")
