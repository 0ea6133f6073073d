"""The PDF's Chinese font: Noto Sans SC from the ``justmytype-intl-cjk`` package, fixed to two weights.

The package ships one variable TrueType font whose default instance is Thin. reportlab embeds only
TrueType outlines and knows nothing of variation axes, so the font is cut down once: subset to what a
bulletin needs (GBK's ideographs, ASCII, Latin-1 and the punctuation Chinese text uses), then fixed at weight 400
and 700 with fontTools' instancer. Each instance gets its own family and PostScript name, because
reportlab keys fonts by those and would otherwise draw bold text with the regular outlines.

That costs seconds, so the instances are cached outside the repository, in a folder keyed by the
source font's SHA-256, its version and this recipe. Later runs only read two 7 MB files; fontTools is
not even imported. Writers race safely: each instance is written to a temporary file in the cache
folder and renamed into place, so a reader sees a whole file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import PublishError

PACKAGE = "justmytype_intl_cjk"
PIP_NAME = "justmytype-intl-cjk"
SOURCE_RELATIVE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
FAMILY = "Noto Sans SC"
WEIGHTS = {"Regular": 400, "Bold": 700}
RECIPE = 2  # bump when the character set or the instancing changes: old cache entries are then ignored
CACHE_VARIABLE = "PUBLISH_FONT_CACHE"  # overrides the cache folder (tests use it for a cold cache)


@dataclass(frozen=True)
class FontFiles:
    """The cached instances and their PostScript names."""

    regular: Path
    bold: Path
    regular_name: str = "NotoSansSC-Regular"
    bold_name: str = "NotoSansSC-Bold"


def cache_root() -> Path:
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publish" / "fonts"


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


def font_files() -> FontFiles:
    """The two cached instances, building them first when the cache has none for this source font."""
    source = source_font()
    digest, version = source_identity(source)
    size = source.stat().st_size  # with the manifest's hash: a file swapped under the manifest still misses
    folder = cache_root() / f"NotoSansSC-{version}-{digest[:16]}-{size}-r{RECIPE}"
    files = FontFiles(regular=folder / "NotoSansSC-Regular.ttf", bold=folder / "NotoSansSC-Bold.ttf")
    if files.regular.is_file() and files.bold.is_file():
        return files
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"{folder}: cannot create the font cache ({error.strerror})") from None
    with _lock(folder / ".lock"):  # a second run waits for the first instead of repeating its work
        missing = {style: path for style, path in (("Regular", files.regular), ("Bold", files.bold))
                   if not path.is_file()}
        if missing:
            build_instances(source, missing)
    return files


def charset() -> str:
    """What a bulletin needs: GBK's characters (all of GB2312 and the CJK Unified Ideographs block,
    so rare characters in names such as 镕 and 喆 print), printable ASCII and Latin-1, and the
    punctuation of Chinese text."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for start, end in ((0x4E00, 0x9FA5), (0x2010, 0x2027), (0x2030, 0x203B), (0x3000, 0x303F), (0xFF01, 0xFF5E),
                       (0x2160, 0x216B), (0x2460, 0x2473), (0x00B7, 0x00B7), (0x2116, 0x2116)):
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(chars))


def build_instances(source: Path, targets: dict[str, Path]) -> None:
    """Subset the variable font once, then fix each weight and write it atomically to its target."""
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
    subsetter.populate(unicodes=[ord(c) for c in charset()])
    subsetter.subset(variable)
    data = _to_bytes(variable)
    jobs = list(targets.items())
    pool = _pool() if len(jobs) > 1 else None
    if pool is None:
        for style, target in jobs:
            _write_instance(data, style, target)
        return
    with pool:  # two cores: one weight in a child process while this one does the other
        pending = pool.submit(_write_instance, data, *jobs[0])
        for style, target in jobs[1:]:
            _write_instance(data, style, target)
        pending.result()


def _write_instance(variable: bytes, style: str, target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(_reader(variable))
    instance = instancer.instantiateVariableFont(font, {"wght": WEIGHTS[style]},
                                                 overlap=instancer.OverlapMode.KEEP_AND_SET_FLAGS)
    _rename(instance, style)
    _write_atomically(target, _to_bytes(instance))


def _pool():  # noqa: ANN202 - a ProcessPoolExecutor, or None where forking is not available
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


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


def _reader(data: bytes):  # noqa: ANN202
    import io

    return io.BytesIO(data)


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache may be shared
        os.replace(temporary, target)  # atomic: concurrent builders each rename a whole, identical file
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
