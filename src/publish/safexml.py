"""XML from and to files: parse what we did not write safely (no DTD, no entities, no network),
know which characters XML cannot hold, and escape the text we write.

Shared by the reader (the input .docx) and the writers (an editor's reference template; text cells).
"""

from __future__ import annotations

import re

from lxml import etree

# What XML 1.0 cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
# Writers drop these from document text rather than crash on it.
NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")



def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML character text needs them, for the writers that write XML as text
    (xml.sax.saxutils.escape does the same, but importing it imports urllib.request)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_DOCTYPE = b"<!DOCTYPE"
_DOCTYPE_UTF16 = "<!DOCTYPE".encode("utf-16-le")

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True,
)


class UnsafeXML(ValueError):
    """XML that declares a DOCTYPE (the way entity expansion and external reads get in) or is not well-formed."""


def parse(data: bytes) -> etree._Element:
    # Refuse before parsing: OOXML never needs a DTD.
    if _DOCTYPE in data or _DOCTYPE_UTF16 in data:
        raise UnsafeXML("declares a DOCTYPE; refused (entities are not allowed in .docx)")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        if "Excessive depth" in (error.msg or ""):
            raise UnsafeXML("nests elements more than 256 deep; refused (tables or boxes nested without end?)") \
                from None
        # libxml2's message ends with the line and column, but may quote the damaged bytes over several
        # lines before them: its first line is kept, and the position.
        lines = (error.msg or "unreadable").strip().splitlines() or ["unreadable"]
        reason = lines[0].strip()
        if len(lines) > 1 and error.position[0]:
            reason += f", line {error.position[0]}, column {error.position[1]}"
        raise UnsafeXML(f"is not well-formed XML ({reason[:200]})") from None
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML("declares a DOCTYPE; refused (entities are not allowed in .docx)")
    return root
