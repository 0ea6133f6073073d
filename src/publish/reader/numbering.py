"""Word's list numbering: the definitions in numbering.xml and the labels Word draws from them.

A paragraph names a ``w:num`` (``numId``) and a level; the ``w:num`` points at a ``w:abstractNum``
that holds the levels (format, pattern such as ``（%1）``, start). Counters run per abstract
definition, so a list interrupted by body text goes on counting; a ``w:num`` with a start override
begins afresh. The label is computed here, never stored in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..model import ListDefinition, ListItem, ListLevel
from .bounds import MAX_LIST_START, MAX_PAGE_TWIPS, Clamps
from .ns import W, w_attr

MAX_LEVELS = 9
NEVER = -1  # restart_after of a level that never restarts (lvlRestart 0)


@dataclass
class _Abstract:
    id: str
    levels: dict[int, ListLevel]
    style_link: str | None = None  # numStyleLink: the levels live in another definition


@dataclass
class _Num:
    id: str
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # level -> start
    level_overrides: dict[int, ListLevel] = field(default_factory=dict)


class Numbering:
    """numbering.xml, read once; ``item(num_id, level)`` numbers paragraphs in document order."""

    def __init__(self, root: etree._Element | None, clamps: Clamps | None = None) -> None:
        self.clamps = clamps or Clamps()
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num] = {}
        self._style_links: dict[str, str] = {}  # styleLink name -> abstract id
        self._counters: dict[str, list[int | None]] = {}  # family -> per-level current value
        self._started: set[str] = set()  # nums whose overrides have been applied
        self.used: dict[str, ListDefinition] = {}
        if root is None:
            return
        for abstract in root.iterfind(W.abstractNum):
            abstract_id = w_attr(abstract, "abstractNumId") or ""
            levels = {}
            for lvl in abstract.iterfind(W.lvl):
                index = _int(w_attr(lvl, "ilvl"), 0)
                if 0 <= index < MAX_LEVELS:
                    levels[index] = _level(lvl, self.clamps)
            link = abstract.find(W.numStyleLink)
            style_link = abstract.find(W.styleLink)
            if style_link is not None:
                self._style_links[w_attr(style_link, "val") or ""] = abstract_id
            self._abstracts[abstract_id] = _Abstract(abstract_id, levels,
                                                     w_attr(link, "val") if link is not None else None)
        for num in root.iterfind(W.num):
            num_id = w_attr(num, "numId") or ""
            abstract_el = num.find(W.abstractNumId)
            entry = _Num(num_id, w_attr(abstract_el, "val") or "" if abstract_el is not None else "")
            for override in num.iterfind(W.lvlOverride):
                index = _int(w_attr(override, "ilvl"), 0)
                start = override.find(W.startOverride)
                if start is not None:
                    entry.overrides[index] = self.clamps.clamp(
                        "A list's start number (w:startOverride)", _int(w_attr(start, "val"), 0), 0, MAX_LIST_START)
                lvl = override.find(W.lvl)
                if lvl is not None:
                    entry.level_overrides[index] = _level(lvl, self.clamps)
            self._nums[num_id] = entry

    def checkpoint(self) -> tuple:
        """The counters as they are, for ``rewind``: a number taken and then given back."""
        return {family: list(values) for family, values in self._counters.items()}, set(self._started), dict(self.used)

    def rewind(self, checkpoint: tuple) -> None:
        """Set the counters back to ``checkpoint``: every number taken since is counted again."""
        counters, started, used = checkpoint
        self._counters, self._started = counters, started
        self.used.clear()
        self.used.update(used)

    def item(self, num_id: str, level: int) -> ListItem | None:
        """The next label of list ``num_id`` at ``level`` (0-based); None when it names no list."""
        num = self._nums.get(num_id)
        if num is None or num_id == "0":
            return None
        abstract = self._abstract(num.abstract)
        if abstract is None:
            return None
        levels = {**abstract.levels, **num.level_overrides}
        if not levels:
            return None
        level = max(0, min(level, MAX_LEVELS - 1))
        if level not in levels:
            level = max(i for i in levels if i <= level) if any(i <= level for i in levels) else min(levels)
        family = abstract.id
        definition = self._definition(num, family, levels)
        counters = self._counters.setdefault(family, [None] * MAX_LEVELS)
        if num.id not in self._started:
            self._started.add(num.id)
            for index, start in num.overrides.items():
                if 0 <= index < MAX_LEVELS:
                    counters[index] = start - 1
                    for lower in range(index + 1, MAX_LEVELS):
                        counters[lower] = None
        current = counters[level]
        counters[level] = levels[level].start if current is None else current + 1
        for lower in range(level + 1, MAX_LEVELS):
            restart = levels[lower].restart_after if lower in levels else None
            if restart is None or restart >= level:
                counters[lower] = None
        label = _label(levels, level, counters)
        if not label.strip() and levels[level].format == "none":
            return None  # an outline list that draws nothing (LibreOffice numbers its headings so): no list
        return ListItem(definition.key, level, label)

    def _abstract(self, abstract_id: str) -> _Abstract | None:
        abstract = self._abstracts.get(abstract_id)
        seen = set()
        while abstract is not None and not abstract.levels and abstract.style_link and abstract.id not in seen:
            seen.add(abstract.id)
            abstract = self._abstracts.get(self._style_links.get(abstract.style_link, ""))
        return abstract

    def _definition(self, num: _Num, family: str, levels: dict[int, ListLevel]) -> ListDefinition:
        if num.id not in self.used:
            self.used[num.id] = ListDefinition(
                key=num.id, family=family,
                levels=tuple(levels.get(i, ListLevel("decimal", f"%{i + 1}.")) for i in range(max(levels) + 1)),
                starts=tuple(sorted(num.overrides.items())))
        return self.used[num.id]


def _level(lvl: etree._Element, clamps: Clamps) -> ListLevel:
    def val(name: str) -> str | None:
        element = lvl.find(name)
        return w_attr(element, "val") if element is not None else None

    restart = val(W.lvlRestart)
    indent = lvl.find(f"{W.pPr}/{W.ind}")
    fonts = lvl.find(f"{W.rPr}/{W.rFonts}")
    legal = lvl.find(W.isLgl)

    def indentation(name: str) -> int:
        return clamps.clamp("A list's indent (w:ind)", _int(w_attr(indent, name), 0), -MAX_PAGE_TWIPS, MAX_PAGE_TWIPS)

    return ListLevel(
        format=val(W.numFmt) or "decimal",
        text=val(W.lvlText) or "",
        start=clamps.clamp("A list's start number (w:start)", _int(val(W.start), 1), 0, MAX_LIST_START),
        # lvlRestart is 1-based and names the level after which to restart; 0 means never.
        restart_after=(_int(restart, 0) - 1 if _int(restart, 0) > 0 else NEVER) if restart is not None else None,
        legal=legal is not None and w_attr(legal, "val", "true") not in ("0", "false", "off"),
        indent=indentation("left" if w_attr(indent, "left") else "start") if indent is not None
        and (w_attr(indent, "left") or w_attr(indent, "start")) else None,
        hanging=indentation("hanging") if indent is not None and w_attr(indent, "hanging") else None,
        font=(w_attr(fonts, "ascii") or w_attr(fonts, "hAnsi")) if fonts is not None else None,
    )


def _label(levels: dict[int, ListLevel], level: int, counters: list[int | None]) -> str:
    spec = levels[level]
    if spec.format == "bullet":
        return _bullet(spec)
    if spec.format == "none":
        return ""
    text = spec.text
    for index in range(level, -1, -1):
        placeholder = f"%{index + 1}"
        if placeholder not in text:
            continue
        value = counters[index]
        if value is None:
            value = levels[index].start if index in levels else 1
        fmt = levels[index].format if index in levels else "decimal"
        if spec.legal:  # legal numbering: every number the level shows is Arabic, its own too (as Word sets it)
            fmt = "decimal"
        text = text.replace(placeholder, format_number(value, fmt))
    return text


# Symbol fonts' private-use bullets as the characters they draw.
_BULLET_CHARACTERS = {"\uf0b7": "•", "\uf06c": "●", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
                      "\uf06e": "■", "\uf0a8": "☐", "\uf075": "◆", "\uf0e8": "➔", "\uf0d2": "✓", "\uf0b2": "◇"}


def _bullet(spec: ListLevel) -> str:
    text = spec.text or "•"
    return "".join(_BULLET_CHARACTERS.get(c, "•" if "\uf000" <= c <= "\uf0ff" else c) for c in text)


def format_number(value: int, fmt: str) -> str:
    """``value`` as Word writes it in number format ``fmt`` (decimal where a format is unknown)."""
    if value < 0:
        return str(value)
    formatter = _FORMATS.get(fmt)
    return formatter(value) if formatter else str(value)


_DIGITS = "零一二三四五六七八九"
_DIGITS_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"


def _chinese_counting(value: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """一, 十一, 二十, 一百零五, as Word's chineseCounting writes them (up to 9999, then digit by digit)."""
    if value == 0:
        return digits[0]
    if value >= 10000:
        return "".join(digits[int(d)] for d in str(value))
    parts, zero = [], False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // power % 10
        if digit:
            if zero:
                parts.append(digits[0])
            parts.append(("" if power == 10 and value < 20 and not parts else digits[digit]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _letters(value: int, upper: bool) -> str:
    if value <= 0:
        return str(value)
    letter = chr(ord("A" if upper else "a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)  # Word repeats: z, aa, bb


def _roman(value: int, upper: bool) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = []
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    text = "".join(out)
    return text if upper else text.lower()


def _enclosed_circle(value: int) -> str:
    if 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if 21 <= value <= 35:
        return chr(0x3251 + value - 21)
    if 36 <= value <= 50:
        return chr(0x32B1 + value - 36)
    return str(value)


def _cycle(characters: str) -> callable:
    return lambda value: characters[(value - 1) % len(characters)] if value > 0 else str(value)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: "".join(chr(ord(c) + 0xFEE0) for c in str(v)),
    "decimalFullWidth2": lambda v: "".join(chr(ord(c) + 0xFEE0) for c in str(v)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": _enclosed_circle,
    "decimalEnclosedCircleChinese": _enclosed_circle,
    "decimalEnclosedParen": lambda v: chr(0x2474 + v - 1) if 1 <= v <= 20 else f"({v})",
    "decimalEnclosedFullstop": lambda v: chr(0x2488 + v - 1) if 1 <= v <= 20 else f"{v}.",
    "upperLetter": lambda v: _letters(v, True),
    "lowerLetter": lambda v: _letters(v, False),
    "upperRoman": lambda v: _roman(v, True),
    "lowerRoman": lambda v: _roman(v, False),
    "chineseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese_counting,
    "chineseLegalSimplified": lambda v: _chinese_counting(v, "零壹贰叁肆伍陆柒捌玖", "拾佰仟"),
    "ideographLegalTraditional": lambda v: _chinese_counting(v, _DIGITS_TRADITIONAL, "拾佰仟"),
    "taiwaneseCounting": _chinese_counting,
    "taiwaneseCountingThousand": _chinese_counting,
    "japaneseCounting": _chinese_counting,
    "ideographDigital": lambda v: "".join(_DIGITS[int(d)] for d in str(v)),
    "taiwaneseDigital": lambda v: "".join(_DIGITS[int(d)] for d in str(v)),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "ordinal": lambda v: f"{v}{'th' if 10 <= v % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(v % 10, 'th')}",
}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
