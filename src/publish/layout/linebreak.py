"""Chinese line breaking (W3C clreq, strict enough for print): where a line of mixed text may end.

Any two Chinese characters may be split, except that
- a closing mark (，。、；：？！）》」』】〕〉”’ and the like) never starts a line,
- an opening mark (（《「『【〔〈“‘ and the like) never ends one,
- a number or Latin word (``2016``, ``24.3``, ``TD-LTE``, ``40%``) is never split, and
- ``——`` and ``……`` stay whole.
Breaking is greedy; when the character that would start the next line may not, the last unit of the
full line is pushed down with it (the caller justifies the short line). Only a unit wider than a whole
line is cut by characters, as nothing else can be done with it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence

# Format characters (Unicode's category Cf, as of Unicode 14): zero-width space and joiners, direction marks,
# embeddings and isolates, the byte order mark, the soft hyphen, tags. They are invisible by definition: the
# PDF gives them no width and no glyph (``faces``, ``cidfont``), and a line never starts with one (below), so
# an invisible mark cannot carry a closing mark to the next line. Not the prepended concatenation marks
# (U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2, U+110BD, U+110CD), which are Cf but printed.
FORMAT_CHARACTERS = frozenset(chr(code) for start, end in (
    (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
    (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F)) for code in range(start, end + 1))

CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〉〗〙〛”’·・…～%‰℃°-–"
    ",.;:?!)]}>"
    "ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻"
    "｝］〞〟‼⁇⁈⁉"
) | FORMAT_CHARACTERS
CANNOT_END = frozenset("（《「『【〔〈〖〘〚“‘([{<〝＜［｛$￥¥£·")

# What is never split: numbers and Latin words with their inner punctuation, and doubled dashes or
# ellipses. A space is a unit of its own, so a line may end after it.
_UNIT = re.compile(
    r"[A-Za-z0-9\u00C0-\u024F]+(?:[.\-_/'’:,@&+][A-Za-z0-9\u00C0-\u024F]+)*"
    r"|—+|…+|─+|\s+|.",
    re.S,
)


def units(text: str) -> list[tuple[int, int]]:
    """The text cut into its smallest unbreakable pieces, as (start, end) offsets."""
    return [match.span() for match in _UNIT.finditer(text)]


def _cluster_pattern() -> re.Pattern[str]:
    """One regular expression for a cluster, so the scan runs in C rather than a Python loop per character.

    A cluster is a unit with the opening marks before it and the closing marks after it (spaces between
    them included: in "见 ，" or "“ 十" the space is no place to break); a mark that may neither start
    nor end a line (the middle dot of 汉斯·舒德) chains the next cluster on.
    """
    opening = re.escape("".join(sorted(CANNOT_END)))
    closing = re.escape("".join(sorted(CANNOT_START - {"…"})))
    both = re.escape("".join(sorted(CANNOT_START & CANNOT_END)))
    unit = _UNIT.pattern.replace(r"|\s+|.", r"|\S")
    core = rf"(?:[{opening}]\s*)*(?:{unit})(?:\s*(?:…+|[{closing}]))*"
    # Most clusters in Chinese text are one ideograph with nothing attached: matched first, by a short
    # path the general one would reach only after trying the others (same clusters, a third faster).
    lone_ideograph = rf"[\u3400-\u4dbf\u4e00-\u9fff](?![\s…{closing}])"
    return re.compile(rf"{lone_ideograph}|{core}(?:(?<=[{both}])\s*{core})*|\s+", re.S)


_CLUSTER = _cluster_pattern()
_SPACE = re.compile(r"\s")


def clusters(text: str) -> list[tuple[int, int]]:
    """Units glued together where a break between them would break a rule: the places a line may end."""
    return [match.span() for match in _CLUSTER.finditer(text)]


def break_lines(text: str, widths: Sequence[float],
                line_width: Callable[[int], float] | float) -> list[tuple[int, int]]:
    """Split ``text`` into lines no wider than allowed, as (start, end) offsets.

    ``widths`` gives each character's advance; ``line_width`` is a number or, given the line's index,
    its width (a first-line indent makes line 0 narrower). Spaces at either end of a line are left out
    of it and do not count against the width. A line break the author typed (``\n``) ends a line, and
    is in none; two of them in a row leave an empty line.
    """
    width_of_line = (lambda _index: line_width) if isinstance(line_width, (int, float)) else line_width
    if "\n" not in text:
        return _break_lines(text, widths, width_of_line)
    lines: list[tuple[int, int]] = []
    start = 0
    for end in [*(match.start() for match in re.finditer("\n", text)), len(text)]:
        base = len(lines)
        part = _break_lines(text[start:end], widths[start:end], lambda index: width_of_line(base + index))
        lines.extend((start + a, start + b) for a, b in part or [(0, 0)])
        start = end + 1
    return lines


def _break_lines(text: str, widths: Sequence[float], width_of_line: Callable[[int], float]) -> list[tuple[int, int]]:
    prefix = [0.0, *itertools.accumulate(widths)]
    # Most paragraphs of a digest (titles, table cells, short lines) fit on their first line: the one
    # line the scan below would give, found without it.
    begin, end = len(text) - len(text.lstrip()), len(text.rstrip())  # the text without outer spaces
    if begin >= end:
        return []
    if prefix[end] - prefix[begin] <= width_of_line(0) + 1e-6:
        return [(begin, end)]
    # A cluster is either all spaces or starts and ends with a non-space: keep the others, as
    # (starts, ends), unzipped in C; a paragraph without spaces (most Chinese ones) needs no filter.
    spans = list(map(re.Match.span, _CLUSTER.finditer(text)))
    if _SPACE.search(text):
        spans = [span for span in spans if not text[span[0]].isspace()]
    starts, ends = zip(*spans) if spans else ((), ())
    reach = list(map(prefix.__getitem__, ends))  # non-decreasing: the width up to each cluster's end
    lines: list[tuple[int, int]] = []
    last_break: int | None = None  # where the last line's final cluster starts, if it has more than one
    previous_break: int | None = None
    index = 0
    start: int | None = None  # set when a line starts inside a cluster (the rest of a cut one)
    while index < len(starts):
        if start is None:
            start = starts[index]
        limit = width_of_line(len(lines))
        last = bisect.bisect_right(reach, prefix[start] + limit + 1e-6, index) - 1
        if last < index:  # one cluster wider than a line: a full line of its characters, then go on
            cut = start + 1
            while cut < ends[index] and prefix[cut + 1] - prefix[start] <= limit + 1e-6:
                cut += 1
            lines.append((start, cut))
            previous_break, last_break = last_break, None
            start = cut
            continue
        lines.append((start, ends[last]))
        previous_break, last_break = last_break, (starts[last] if last > index else None)
        index, start = last + 1, None
    return _no_short_last_line(text, lines, previous_break, prefix, width_of_line(len(lines) - 1))


def _no_short_last_line(text: str, lines: list[tuple[int, int]], moved: int | None, prefix: list[float],
                        last_width: float) -> list[tuple[int, int]]:
    """A paragraph should not end on a line of one or two characters ("元。"): take one unit down with them.

    ``moved`` is where the last cluster of the line before the last starts (None when it has one only).
    """
    if len(lines) < 2 or moved is None or len(text[lines[-1][0]:lines[-1][1]].replace(" ", "")) > 2:
        return lines
    (previous_start, _previous_end), (_last_start, last_end) = lines[-2], lines[-1]
    if len(text[previous_start:moved]) < 4 or prefix[last_end] - prefix[moved] > last_width + 1e-6:
        return lines
    kept_end = moved
    while kept_end > previous_start and text[kept_end - 1].isspace():
        kept_end -= 1
    return lines[:-2] + [(previous_start, kept_end), (moved, last_end)]


def violations(line: str) -> list[str]:
    """What is wrong with one laid-out line, as a reader sees it (``pdftotext -layout`` output)."""
    stripped = line.strip()
    found = []
    if stripped and stripped[0] in CANNOT_START:
        found.append(f"starts with {stripped[0]!r}: {stripped[:12]}")
    if stripped and stripped[-1] in CANNOT_END:
        found.append(f"ends with {stripped[-1]!r}: {stripped[-12:]}")
    return found


def unbreakable_words(text: str) -> list[str]:
    """The numbers and Latin words of ``text`` that a line must never split (two characters or more)."""
    return [text[start:end] for start, end in units(text) if end - start > 1 and text[start].isalnum()]
