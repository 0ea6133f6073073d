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

import re
from collections.abc import Callable, Sequence

CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〉〗〙〛”’·・…～%‰℃°-–"
    ",.;:?!)]}>"
    "ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻"
    "｝］〞〟‼⁇⁈⁉"
)
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


def clusters(text: str) -> list[tuple[int, int]]:
    """Units glued together where a break between them would break a rule: the places a line may end.

    Spaces glue too: in "见 ，" or "“ 十" the space is no place to break.
    """
    glued: list[list[int]] = []
    for start, end in units(text):
        piece = text[start:end]
        if glued and not piece.isspace() and piece[0] in CANNOT_START:
            if text[glued[-1][0]:glued[-1][1]].isspace() and len(glued) > 1:
                glued.pop()
            glued[-1][1] = end
        elif glued and text[glued[-1][0]:glued[-1][1]].rstrip()[-1:] in CANNOT_END \
                and text[glued[-1][0]:glued[-1][1]].rstrip():
            glued[-1][1] = end
        else:
            glued.append([start, end])
    return [(start, end) for start, end in glued]


def break_lines(text: str, widths: Sequence[float],
                line_width: Callable[[int], float] | float) -> list[tuple[int, int]]:
    """Split ``text`` into lines no wider than allowed, as (start, end) offsets.

    ``widths`` gives each character's advance; ``line_width`` is a number or, given the line's index,
    its width (a first-line indent makes line 0 narrower). Spaces at either end of a line are left out
    of it and do not count against the width.
    """
    width_of_line = (lambda _index: line_width) if isinstance(line_width, (int, float)) else line_width
    prefix = [0.0]
    for advance in widths:
        prefix.append(prefix[-1] + advance)
    lines: list[tuple[int, int]] = []
    breaks: list[list[int]] = []  # per line, where its clusters start: the places a line may end early
    start: int | None = None
    end = 0
    for cluster_start, cluster_end in clusters(text):
        while cluster_start < cluster_end and text[cluster_start].isspace():
            cluster_start += 1
        while cluster_end > cluster_start and text[cluster_end - 1].isspace():
            cluster_end -= 1
        if cluster_start == cluster_end:
            continue  # spaces: a place to break, never part of a line's ends
        if start is None:
            start = cluster_start
            breaks.append([])
        elif prefix[cluster_end] - prefix[start] > width_of_line(len(lines)) + 1e-6:
            lines.append((start, end))
            start = cluster_start
            breaks.append([])
        else:
            breaks[-1].append(cluster_start)
        end = cluster_end
        # only a cluster alone on its line can still be too wide: cut it by characters
        while prefix[end] - prefix[start] > width_of_line(len(lines)) + 1e-6 and end - start > 1:
            limit = width_of_line(len(lines))
            cut = start + 1
            while cut < end and prefix[cut + 1] - prefix[start] <= limit + 1e-6:
                cut += 1
            lines.append((start, cut))
            breaks[-1] = []
            breaks.append([])
            start = cut
    if start is not None:
        lines.append((start, end))
    return _no_short_last_line(text, lines, breaks[:len(lines)], prefix, width_of_line(len(lines) - 1))


def _no_short_last_line(text: str, lines: list[tuple[int, int]], breaks: list[list[int]], prefix: list[float],
                        last_width: float) -> list[tuple[int, int]]:
    """A paragraph should not end on a line of one or two characters ("元。"): take one unit down with them."""
    if len(lines) < 2 or len(text[lines[-1][0]:lines[-1][1]].replace(" ", "")) > 2 or not breaks[-2]:
        return lines
    (previous_start, previous_end), (last_start, last_end) = lines[-2], lines[-1]
    moved = breaks[-2][-1]
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
