"""Paragraph styles as the reader needs them: names and outline levels through ``basedOn``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .ns import W, w_attr

HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TOC_NAME = re.compile(r"^(?:toc|目录)\s*(\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParagraphStyle:
    name: str  # lower-cased w:name, the thing producers agree on (never the id)
    heading_level: int | None  # from a "heading N" name on the style or what it is based on
    outline_level: int | None  # 1-based, from w:outlineLvl on the style chain; None for body text
    toc_level: int | None  # from a "toc N" name
    bold: bool
    body_text: bool = False  # outline level 9 or a "body text" name: says it is not a heading


class Styles:
    """Look-ups by style id, resolving each style's chain once."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._resolved: dict[str, ParagraphStyle] = {}
        self.default_id: str | None = None
        if root is None:
            return
        for style in root.iterfind(W.style):
            if w_attr(style, "type", "paragraph") != "paragraph":
                continue
            style_id = w_attr(style, "styleId")
            if style_id is None:
                continue
            self._raw[style_id] = style
            if w_attr(style, "default") in ("1", "true", "on"):
                self.default_id = style_id

    def get(self, style_id: str | None) -> ParagraphStyle:
        style_id = style_id if style_id in self._raw else self.default_id
        if style_id is None:
            return ParagraphStyle("", None, None, None, False)
        if style_id not in self._resolved:
            self._resolved[style_id] = self._resolve(style_id, set())
        return self._resolved[style_id]

    def _resolve(self, style_id: str, seen: set[str]) -> ParagraphStyle:
        seen.add(style_id)
        style = self._raw[style_id]
        name_el = style.find(W.name)
        name = (w_attr(name_el, "val") or "").strip().lower() if name_el is not None else ""
        based_on_el = style.find(W.basedOn)
        based_on = w_attr(based_on_el, "val") if based_on_el is not None else None
        parent = (self._resolve(based_on, seen) if based_on in self._raw and based_on not in seen
                  else ParagraphStyle("", None, None, None, False))

        heading = HEADING_NAME.match(name)
        toc = TOC_NAME.match(name)
        outline_el = style.find(f"{W.pPr}/{W.outlineLvl}")
        outline = outline_level(outline_el) if outline_el is not None else parent.outline_level
        body_text = (name == "body text" or (outline_el is not None and outline is None)
                     or (outline_el is None and parent.body_text))
        bold_el = style.find(f"{W.rPr}/{W.b}")
        bold = on_off(bold_el) if bold_el is not None else parent.bold
        return ParagraphStyle(
            name=name,
            heading_level=int(heading[1]) if heading else parent.heading_level,
            outline_level=outline,
            toc_level=int(toc[1]) if toc else parent.toc_level,
            bold=bold,
            body_text=body_text,
        )


def outline_level(element: etree._Element) -> int | None:
    """w:outlineLvl 0–8 is heading level 1–9; 9 means body text."""
    try:
        value = int(w_attr(element, "val") or "9")
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


def on_off(element: etree._Element) -> bool:
    return w_attr(element, "val", "true") not in ("0", "false", "off", "none")
