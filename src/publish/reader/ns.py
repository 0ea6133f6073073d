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
