"""The largest values Word itself accepts for what sizes or counts something in a document.

The reader clamps a file's values to these (saying so once per kind), so that a damaged or hostile value
(a cell spanning a billion columns, a list starting at 2**63) costs no more time and memory than the
real content: the writers then size grids, labels and pages from bounded numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_TABLE_COLUMNS = 63  # Word: a table has 1 to 63 columns
MAX_LIST_START = 32767  # Word's "Start at" (起始编号) for a list level, 0 to 32767
MAX_POINTS = 1638  # Word's largest font size, 1638 pt; sizes are in half-points in the file
MAX_PAGE_TWIPS = 31680  # 22 inches, Word's largest page side and so any indent or space on it
MAX_PICTURE_EMU = 31680 * 635  # a picture no larger than the largest page (EMU per twip: 635)


@dataclass
class Clamps:
    """What was clamped, by kind, for one warning each at the end of the read."""

    seen: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (first value, limit used)

    def clamp(self, kind: str, value: int, low: int, high: int) -> int:
        if low <= value <= high:
            return value
        bounded = max(low, min(value, high))
        self.seen.setdefault(kind, (value, bounded))
        return bounded

    def warnings(self) -> list[str]:
        return [f"{kind} {value} is beyond what Word accepts; used {bounded}"
                for kind, (value, bounded) in self.seen.items()]
