"""Children put in the order the schema gives (``schema_order``, generated from ISO/IEC 29500's wml.xsd).

Word reads a part whose properties are out of sequence as damaged ("unreadable content"), and the Open
XML SDK's validator reports each one; LibreOffice forgives them, so nothing else here would notice.
Every place that builds or merges properties goes through this module rather than a hand-kept order,
in the spirit of python-docx's ``ZeroOrOne(successors=…)``:

- ``properties(type, pieces)``: XML text pieces (``'<w:jc w:val="both"/>'`` …) joined in the type's order;
- ``sort_tree(element, type)``: an lxml tree sorted in place, each element by its own type, down to the leaves.

An element the schema does not name there (another namespace's extension, such as w14's) stays right
after the sibling it followed. Children of one repeating choice share a rank, and the sort is stable,
so a body's paragraphs and tables, or a numbering's levels, keep their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .schema_order import CHILD_TYPE, RANK, ROOT_TYPE

_PREFIX = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main": "sl",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
}


def _tag_of(piece: str) -> str:
    """``'<w:jc w:val="both"/>'`` → ``'w:jc'``."""
    end = 1
    while end < len(piece) and piece[end] not in " />\t\n":
        end += 1
    return piece[1:end]


def properties(type_name: str, pieces: Iterable[str]) -> str:
    """The pieces (each one element's XML text, or empty) joined in ``type_name``'s schema order."""
    return _joined(type_name, pieces if isinstance(pieces, tuple) else tuple(pieces))


@lru_cache(maxsize=4096)
def _joined(type_name: str, pieces: tuple[str, ...]) -> str:
    # cached: the writer asks for the same few paragraph properties thousands of times
    ranks = RANK[type_name]
    keyed = []
    last = -1
    for piece in pieces:
        if not piece:
            continue
        last = ranks.get(_tag_of(piece), last)
        keyed.append((last, piece))
    keyed.sort(key=lambda pair: pair[0])
    return "".join(piece for _, piece in keyed)


def _name(tag: str) -> str | None:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    namespace, _, local = tag[1:].partition("}")
    prefix = _PREFIX.get(namespace)
    return f"{prefix}:{local}" if prefix else None


def sort_tree(element, type_name: str | None = None) -> bool:
    """Sort ``element``'s children, and theirs, into schema order, in place; say whether anything moved.
    ``type_name`` defaults to the type of a part's root (``w:styles`` → ``CT_Styles`` …)."""
    if type_name is None:
        type_name = ROOT_TYPE.get(_name(element.tag) or "")
        if type_name is None:
            return False
    moved = False
    ranks = RANK.get(type_name)
    child_types = CHILD_TYPE.get(type_name, {})
    children = list(element)
    if ranks and len(children) > 1:
        keyed = []
        last = -1
        for child in children:
            last = ranks.get(_name(child.tag) or "", last)
            keyed.append((last, child))
        ordered = [child for _, child in sorted(keyed, key=lambda pair: pair[0])]
        if ordered != children:
            # tails are kept with their elements; these parts have no mixed content
            element[:] = ordered
            moved = True
    for child in element:
        child_type = child_types.get(_name(child.tag) or "")
        if child_type is not None:
            moved = sort_tree(child, child_type) or moved
    return moved
