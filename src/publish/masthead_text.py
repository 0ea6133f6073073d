"""The masthead's words as an editor types them: 第N期, 总第N期, the year, the unit and the date.

Format-free (no file format, no option): the reader finds the typed masthead lines with these, and
``masthead`` reads issue numbers from file names and dates from options and ``bulletin.toml``.
"""

from __future__ import annotations

import datetime as dt
import re

_SPACE = r"[\s\u3000]*"
_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_NUMBER = r"\d{1,4}|[〇零一二两三四五六七八九十百]{1,5}"
_ISSUE = rf"第{_SPACE}(?P<issue>{_NUMBER}){_SPACE}期"
_TOTAL = rf"总{_SPACE}第{_SPACE}(?P<total>{_NUMBER}){_SPACE}期"
_YEAR = rf"(?P<year>\d{{4}}){_SPACE}年{_SPACE}"
_DATE = rf"(?P<y>\d{{4}}){_SPACE}年{_SPACE}(?P<m>\d{{1,2}}){_SPACE}月{_SPACE}(?P<d>\d{{1,2}}){_SPACE}日"

# 2016年第5期（总第87期）, 第5期, 第5期 总第87期, 2016年 第十二期 (总第94期)
ISSUE_LINE = re.compile(
    rf"^{_SPACE}(?:{_YEAR})?{_ISSUE}{_SPACE}[（(]?{_SPACE}(?:{_TOTAL})?{_SPACE}[）)]?{_SPACE}$")
# 科技部国际合作司编　　2016年6月3日, 国际合作司 编印 2016年6月3日, 《动态》编辑部　2016年6月3日
UNIT_DATE_LINE = re.compile(rf"^{_SPACE}(?P<unit>\S.{{0,38}}?){_SPACE}(?P<verb>编印|编发|主办|编)?[\s\u3000]+{_DATE}{_SPACE}$")
# In a file name: 第12期 国际动态, 2016年第12期, 国际动态（第12期）
NAME_ISSUE = re.compile(rf"(?:{_YEAR})?{_ISSUE}(?:{_SPACE}[（(]?{_SPACE}{_TOTAL})?")
# 国际动态-12, 简报_12, 简报 12: a number only when the folder holds others of the series
NAME_SERIES = re.compile(r"^(?P<prefix>.*?[^\d\s])[\s_\-－]+(?P<issue>\d{1,4})$")

ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
CHINESE_DATE = re.compile(rf"^{_DATE}$")
DATE_FORMS = "2016-06-03 or 2016年6月3日"


def number(text: str | None) -> int | None:
    """12 from "12" or "十二"; None when there is none (or it is not a number)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CHINESE_DIGITS for ch in text):  # 二〇一六, 一二
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def parse_date(text: str) -> dt.date | None:
    """The day an ISO (2016-06-03) or Chinese (2016年6月3日) date names; None for anything else."""
    text = text.strip()
    found = ISO_DATE.match(text) or CHINESE_DATE.match(text)
    if not found:
        return None
    try:
        return dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return None


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def issue_line(issue: int, year: int | None = None, total: int | None = None) -> str:
    """The masthead's issue line: 第5期, 2016年第5期, 2016年第5期（总第87期）."""
    return f"{f'{year}年' if year else ''}第{issue}期{f'（总第{total}期）' if total else ''}"
