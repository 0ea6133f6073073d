"""WordprocessingML names, spelled once."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC_NS = "http://purl.org/dc/elements/1.1/"


class _Names:
    """``W.p`` is the Clark name ``{w-namespace}p``."""

    def __init__(self, namespace: str) -> None:
        self._prefix = f"{{{namespace}}}"

    def __getattr__(self, local: str) -> str:
        name = self._prefix + local
        setattr(self, local, name)  # computed once: the reader compares tags millions of times
        return name


W = _Names(W_NS)
R = _Names(R_NS)
A = _Names(A_NS)
WP = _Names(WP_NS)


def w_attr(element: etree._Element, name: str, default: str | None = None) -> str | None:
    return element.get(f"{{{W_NS}}}{name}", default)


def properties_of(element: etree._Element, tag: str) -> etree._Element | None:
    """The properties child (w:pPr of a w:p, w:rPr of a w:r), which the schema puts first.

    Checked there before searching: lxml's find costs several times an index, and the reader asks
    this of every paragraph and run.
    """
    first = element[0] if len(element) else None
    return first if first is not None and first.tag == tag else element.find(tag)


def by_tag(properties: etree._Element) -> dict[object, etree._Element]:
    """A properties element's children by tag, the first of each (as ``find`` gives): one pass
    instead of a ``find`` per property."""
    return {child.tag: child for child in reversed(properties)}


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def prefixed_name(element: etree._Element) -> str:
    """``w:foo`` style name for warnings."""
    tag = element.tag if isinstance(element.tag, str) else "?"
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    prefix = {W_NS: "w", R_NS: "r", A_NS: "a", WP_NS: "wp", V_NS: "v", MC_NS: "mc"}.get(namespace, "?")
    return f"{prefix}:{local}"
