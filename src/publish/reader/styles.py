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
    numbering: tuple[str, int] | None = None  # (numId, ilvl) a list style gives its paragraphs
    align: str = ""  # from w:jc on the style chain


@dataclass(frozen=True)
class RunFormat:
    """Inline formatting, as a character style or a run's own properties leave it."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    vertical: str = ""
    east_asian_face: str = ""  # w:rFonts/@w:eastAsia set on the run: 黑体 says a typed heading (GB/T 9704)

    def updated(self, rpr: etree._Element | None) -> RunFormat:
        """This format with the properties of ``rpr`` (a w:rPr) applied over it."""
        if rpr is None:
            return self
        bold, italic, underline, strike, vertical = self.bold, self.italic, self.underline, self.strike, self.vertical
        face = self.east_asian_face
        for child in rpr:
            tag = child.tag
            if tag == W.b:
                bold = on_off(child)
            elif tag == W.i:
                italic = on_off(child)
            elif tag == W.u:
                underline = (w_attr(child, "val") or "single") != "none"
            elif tag in (W.strike, W.dstrike):
                strike = on_off(child)
            elif tag == W.vertAlign:
                value = w_attr(child, "val") or ""
                vertical = value if value in ("superscript", "subscript") else ""
            elif tag == W.rFonts:
                face = w_attr(child, "eastAsia") or face
        return RunFormat(bold, italic, underline, strike, vertical, face)


class Styles:
    """Look-ups by style id, resolving each style's chain once."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._resolved: dict[str, ParagraphStyle] = {}
        self._characters: dict[str, etree._Element] = {}
        self._resolved_characters: dict[str, RunFormat] = {}
        self.default_id: str | None = None
        if root is None:
            return
        for style in root.iterfind(W.style):
            kind = w_attr(style, "type", "paragraph")
            style_id = w_attr(style, "styleId")
            if style_id is None:
                continue
            if kind == "character":
                self._characters[style_id] = style
            if kind != "paragraph":
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

    def character(self, style_id: str | None, base: RunFormat) -> RunFormat:
        """``base`` with a character style (through ``basedOn``) applied over it."""
        if style_id not in self._characters:
            return base
        if style_id not in self._resolved_characters:
            chain, seen = [], set()
            current = style_id
            while current in self._characters and current not in seen:
                seen.add(current)
                chain.append(self._characters[current])
                based_on = chain[-1].find(W.basedOn)
                current = w_attr(based_on, "val") if based_on is not None else None
            resolved = RunFormat()
            for style in reversed(chain):
                resolved = resolved.updated(style.find(W.rPr))
            self._resolved_characters[style_id] = resolved
        style = self._resolved_characters[style_id]
        # A character style sets what it says; bold and italic from the paragraph stay unless it says otherwise.
        return RunFormat(style.bold or base.bold, style.italic or base.italic, style.underline or base.underline,
                         style.strike or base.strike, style.vertical or base.vertical,
                         style.east_asian_face or base.east_asian_face)

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
        num_pr = style.find(f"{W.pPr}/{W.numPr}")
        numbering = parent.numbering
        if num_pr is not None:
            num_id, level = num_pr.find(W.numId), num_pr.find(W.ilvl)
            numbering = ((w_attr(num_id, "val") or "0") if num_id is not None else (numbering or ("0", 0))[0],
                         int_or(w_attr(level, "val") if level is not None else None, 0))
        jc = style.find(f"{W.pPr}/{W.jc}")
        return ParagraphStyle(
            name=name,
            heading_level=int(heading[1]) if heading else parent.heading_level,
            outline_level=outline,
            toc_level=int(toc[1]) if toc else parent.toc_level,
            bold=bold,
            body_text=body_text,
            numbering=numbering if numbering and numbering[0] != "0" else None,
            align=alignment(jc) if jc is not None else parent.align,
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


ALIGNMENTS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
              "both": "justify", "distribute": "justify", "thaiDistribute": "justify", "lowKashida": "justify",
              "mediumKashida": "justify", "highKashida": "justify"}


def alignment(jc: etree._Element) -> str:
    """w:jc as the model names it ("" when unknown)."""
    return ALIGNMENTS.get(w_attr(jc, "val") or "", "")


def int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
