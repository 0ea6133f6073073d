"""Equations as a readable line, from OMML fragments built in a line."""

from __future__ import annotations

import pytest
from lxml import etree

from publish.reader.omml import linear

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def math(xml: str) -> str:
    return linear(etree.fromstring(f'<m:oMath xmlns:m="{M}">{xml}</m:oMath>'))


def r(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


@pytest.mark.parametrize(("xml", "expected"), [
    (f"<m:f><m:num>{r('a')}</m:num><m:den>{r('b')}</m:den></m:f>", "a/b"),
    (f"<m:f><m:num>{r('a+1')}</m:num><m:den>{r('2')}</m:den></m:f>", "(a+1)/2"),
    (f"<m:sSup><m:e>{r('x')}</m:e><m:sup>{r('2')}</m:sup></m:sSup>", "x²"),
    (f"<m:sSup><m:e>{r('e')}</m:e><m:sup>{r('ix')}</m:sup></m:sSup>", "e^ix"),
    (f"<m:sSub><m:e>{r('CO')}</m:e><m:sub>{r('2')}</m:sub></m:sSub>", "CO₂"),
    (f"<m:rad><m:radPr><m:degHide m:val='1'/></m:radPr><m:deg/><m:e>{r('x')}</m:e></m:rad>", "√x"),
    (f"<m:rad><m:deg>{r('3')}</m:deg><m:e>{r('x+1')}</m:e></m:rad>", "∛(x+1)"),
    (f"<m:nary><m:naryPr><m:chr m:val='∑'/></m:naryPr><m:sub>{r('i=1')}</m:sub><m:sup>{r('n')}</m:sup>"
     f"<m:e>{r('i')}</m:e></m:nary>", "∑_(i=1)^n i"),
    (f"<m:d><m:e>{r('a')}</m:e><m:e>{r('b')}</m:e></m:d>", "(a|b)"),
])
def test_linear_forms(xml, expected):
    assert math(xml) == expected
