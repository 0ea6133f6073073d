"""The money chart in the sample's digest: its title and one bar, labelled, per money figure of the text."""

from __future__ import annotations

from support import needs
from pdf_cases import page_texts, squeeze


@needs("pdftotext")
def test_the_money_figures_and_only_they_are_charted(digest) -> None:  # noqa: ANN001
    everything = squeeze("".join(page_texts(digest[0], "-layout")))
    for cell in ("文中的金额（亿元）", "投入（759亿元）", "带动投入（1080亿元）", "主营收入（超过400亿元）"):
        assert cell in everything, cell
    assert "意向订单（514架）" not in everything  # only money goes into the chart
