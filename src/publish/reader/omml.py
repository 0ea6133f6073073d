"""Office Math (OMML) as a readable linear form: a/b, x², √(x+1), ∑_(i=1)^n a_i.

Writers that cannot hold an equation natively show this text; the .docx writer keeps the OMML.
One handler per OMML element; an unknown element contributes the text inside it.
"""

from __future__ import annotations

from lxml import etree

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
M = f"{{{M_NS}}}"

_SUPERSCRIPTS = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUPERSCRIPTABLE = set("0123456789+-=()ni")
_SUBSCRIPTABLE = set("0123456789+-=()")


def linear(element: etree._Element) -> str:
    """The linear form of an ``m:oMath`` or ``m:oMathPara`` element."""
    if element.tag == M + "oMathPara":
        return "  ".join(linear(child) for child in element if child.tag == M + "oMath")
    return _children(element)


def _children(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return "".join(_node(child) for child in element if isinstance(child.tag, str))


def _arg(parent: etree._Element, name: str) -> str:
    return _children(parent.find(M + name))


def _group(text: str) -> str:
    """Brackets around a multi-character operand, so a/b stays unambiguous."""
    text = text.strip()
    if len(text) <= 1 or (text[0] in "([{" and text[-1] in ")]}") or text.isalnum():
        return text
    return f"({text})"


def _raised(text: str, characters: set[str], table: dict, marker: str) -> str:
    text = text.strip()
    if text and set(text) <= characters:
        return text.translate(table)
    return f"{marker}{_group(text)}"


def _chr(parent: etree._Element, properties: str, default: str) -> str:
    element = parent.find(f"{M}{properties}/{M}chr")
    if element is None:
        return default
    return element.get(M + "val", default)


def _node(node: etree._Element) -> str:
    local = node.tag.rsplit("}", 1)[-1] if node.tag.startswith(M) else None
    if local is None:
        # Word text runs (w:r) may stand inside math; take their text.
        return "".join(t.text or "" for t in node.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    handler = _HANDLERS.get(local)
    if handler is not None:
        return handler(node)
    if local.endswith("Pr"):
        return ""  # properties
    return _children(node)


def _run(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(M + "t"))


def _fraction(node: etree._Element) -> str:
    num, den = _arg(node, "num"), _arg(node, "den")
    kind = node.find(f"{M}fPr/{M}type")
    if kind is not None and kind.get(M + "val") == "noBar":
        return f"({num} over {den})"
    return f"{_group(num)}/{_group(den)}"


def _superscript(node: etree._Element) -> str:
    return _arg(node, "e") + _raised(_arg(node, "sup"), _SUPERSCRIPTABLE, _SUPERSCRIPTS, "^")


def _subscript(node: etree._Element) -> str:
    return _arg(node, "e") + _raised(_arg(node, "sub"), _SUBSCRIPTABLE, _SUBSCRIPTS, "_")


def _sub_superscript(node: etree._Element) -> str:
    return (_arg(node, "e") + _raised(_arg(node, "sub"), _SUBSCRIPTABLE, _SUBSCRIPTS, "_")
            + _raised(_arg(node, "sup"), _SUPERSCRIPTABLE, _SUPERSCRIPTS, "^"))


def _pre_script(node: etree._Element) -> str:
    return (_raised(_arg(node, "sub"), _SUBSCRIPTABLE, _SUBSCRIPTS, "_")
            + _raised(_arg(node, "sup"), _SUPERSCRIPTABLE, _SUPERSCRIPTS, "^") + _arg(node, "e"))


def _radical(node: etree._Element) -> str:
    degree = _arg(node, "deg").strip()
    sign = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(degree)
    base = _group(_arg(node, "e"))
    return f"{sign}{base}" if sign else f"{_raised(degree, _SUPERSCRIPTABLE, _SUPERSCRIPTS, '^')}√{base}"


def _nary(node: etree._Element) -> str:
    sign = _chr(node, "naryPr", "∫")
    lower, upper = _arg(node, "sub").strip(), _arg(node, "sup").strip()
    limits = (f"_{_group(lower)}" if lower else "") + (f"^{_group(upper)}" if upper else "")
    return f"{sign}{limits} {_arg(node, 'e')}".rstrip()


def _delimiter(node: etree._Element) -> str:
    properties = node.find(M + "dPr")

    def setting(name: str, default: str) -> str:
        element = properties.find(M + name) if properties is not None else None
        return element.get(M + "val", default) if element is not None else default

    items = [_children(e) for e in node.iterfind(M + "e")]
    return f"{setting('begChr', '(')}{setting('sepChr', '|').join(items)}{setting('endChr', ')')}"


def _function(node: etree._Element) -> str:
    return f"{_arg(node, 'fName')} {_arg(node, 'e')}".strip() if _arg(node, "e") else _arg(node, "fName")


def _accent(node: etree._Element) -> str:
    return _arg(node, "e") + _chr(node, "accPr", "\u0302")


def _bar(node: etree._Element) -> str:
    return _arg(node, "e") + "\u0305"


def _group_character(node: etree._Element) -> str:
    return _arg(node, "e")


def _limit(node: etree._Element, marker: str) -> str:
    return f"{_arg(node, 'e')}{marker}{_group(_arg(node, 'lim'))}"


def _matrix(node: etree._Element) -> str:
    rows = [" ".join(_children(e) for e in row.iterfind(M + "e")) for row in node.iterfind(M + "mr")]
    return "[" + "; ".join(rows) + "]"


def _equation_array(node: etree._Element) -> str:
    return "; ".join(_children(e) for e in node.iterfind(M + "e"))


_HANDLERS = {
    "r": _run,
    "f": _fraction,
    "sSup": _superscript,
    "sSub": _subscript,
    "sSubSup": _sub_superscript,
    "sPre": _pre_script,
    "rad": _radical,
    "nary": _nary,
    "d": _delimiter,
    "func": _function,
    "acc": _accent,
    "bar": _bar,
    "groupChr": _group_character,
    "limLow": lambda node: _limit(node, "_"),
    "limUpp": lambda node: _limit(node, "^"),
    "m": _matrix,
    "eqArr": _equation_array,
}
