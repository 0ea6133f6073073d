"""Lists as Word numbers them: each level's definition and indents, and numbering.xml."""

from __future__ import annotations

from ...model import Document, ListLevel
from .xml import DOCUMENT_NAMESPACES, attr

LIST_INDENT = 640  # two 16 pt characters: a list level's step and its label's hanging room


def level_indent(level: ListLevel | None, index: int) -> tuple[int, int]:
    """(left, hanging) in twips: the author's, else two characters a level with a two-character hanging."""
    if level is not None and level.indent is not None:
        return level.indent, level.hanging or 0
    return LIST_INDENT * (index + 1), LIST_INDENT


def level_xml(index: int, level: ListLevel) -> str:
    left, hanging = level_indent(level, index)
    restart = ""
    if level.restart_after is not None:
        restart = f'<w:lvlRestart w:val="{0 if level.restart_after < 0 else level.restart_after + 1}"/>'
    font = f'<w:rPr><w:rFonts w:ascii="{attr(level.font)}" w:hAnsi="{attr(level.font)}" w:hint="default"/></w:rPr>' \
        if level.font and level.format == "bullet" else ""
    return (f'<w:lvl w:ilvl="{index}"><w:start w:val="{max(0, level.start)}"/>'
            f'<w:numFmt w:val="{attr(level.format)}"/>{restart}{"<w:isLgl/>" if level.legal else ""}'
            f'<w:lvlText w:val="{attr(level.text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{font}</w:lvl>')


def numbering_xml(document: Document, list_ids: dict[str, int]) -> str | None:
    """numbering.xml: one abstract definition per family (so interrupted lists go on counting) and one
    w:num per list, with its restarts as start overrides."""
    if not document.lists:
        return None
    families: dict[str, int] = {}
    abstracts, nums = [], []
    for definition in document.lists:
        if definition.family not in families:
            families[definition.family] = len(families)
            levels = "".join(level_xml(index, level) for index, level in enumerate(definition.levels[:9]))
            abstracts.append(f'<w:abstractNum w:abstractNumId="{families[definition.family]}">'
                             f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')
        overrides = "".join(f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                            for level, start in definition.starts if 0 <= level < 9)
        nums.append(f'<w:num w:numId="{list_ids[definition.key]}">'
                    f'<w:abstractNumId w:val="{families[definition.family]}"/>{overrides}</w:num>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:numbering {DOCUMENT_NAMESPACES}>{"".join(abstracts)}{"".join(nums)}</w:numbering>')
