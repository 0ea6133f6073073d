"""WordprocessingML as text: its namespaces, and runs of text, their properties and equations as XML."""

from __future__ import annotations

from ... import safexml
from ...model import Equation, Run
from .order import properties, sort_tree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return safexml.NOT_XML_CHARS.sub("", text)


def attr(text: str) -> str:
    """``text`` escaped for an attribute value in double quotes."""
    return safexml.escape(clean(text)).replace('"', "&quot;")


def run_properties(run: Run, hyperlink_style: str | None = None) -> str:
    return properties("CT_RPr", (
        f'<w:rStyle w:val="{hyperlink_style}"/>' if hyperlink_style else "",
        *(("<w:b/>", "<w:bCs/>") if run.bold else ()), *(("<w:i/>", "<w:iCs/>") if run.italic else ()),
        "<w:strike/>" if run.strike else "", '<w:u w:val="single"/>' if run.underline else "",
        f'<w:vertAlign w:val="{run.vertical}"/>' if run.vertical in ("superscript", "subscript") else ""))


def text_run(text: str, props: str = "") -> str:
    """One w:r holding ``text``, tabs and line breaks as their elements."""
    text = clean(text)
    if not text:
        return ""
    content = []
    for line_index, line in enumerate(text.split("\n")):
        if line_index:
            content.append("<w:br/>")
        for tab_index, chunk in enumerate(line.split("\t")):
            if tab_index:
                content.append("<w:tab/>")
            if chunk:
                content.append(f'<w:t xml:space="preserve">{safexml.escape(chunk)}</w:t>')
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def _normal_text_alone(omath) -> None:  # noqa: ANN001 - an lxml element
    """A math run is normal text (m:nor) or of a math script and style (m:scr, m:sty), never both, as the
    schema's choice says and Word holds to. Some producers write both (20 runs of one converted thesis);
    the run stays normal text, which is what m:nor marks it as."""
    for properties in omath.iter(f"{{{M_NS}}}rPr"):
        if properties.find(f"{{{M_NS}}}nor") is not None:
            for style in properties.findall(f"{{{M_NS}}}scr") + properties.findall(f"{{{M_NS}}}sty"):
                properties.remove(style)


def equation_xml(equation: Equation) -> str:
    """The equation's OMML, checked to be one well-formed m:oMath (it is the author's XML, not ours)."""
    from lxml import etree

    if not equation.omml:
        return ""
    try:
        element = safexml.parse(equation.omml.encode("utf-8"))
    except ValueError:
        return ""
    if element.tag != f"{{{M_NS}}}oMath":
        return ""
    sort_tree(element)  # the author's producer may have put m:sepChr after m:grow …; Word refuses that
    _normal_text_alone(element)
    xml = etree.tostring(element, encoding="unicode")
    return f'<m:oMathPara xmlns:m="{M_NS}">{xml}</m:oMathPara>' if equation.display else xml
