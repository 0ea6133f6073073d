"""Masthead values: options win over bulletin.toml, which wins over what the document says."""

from __future__ import annotations

import datetime as dt

import pytest

from publish.errors import PublishError
from publish.masthead import load_config, resolve
from publish.model import Document, Section, Source

DOCUMENT = Document(column="国际科技合作动态", sections=(
    Section("甲", 1, source=Source("科技日报", dt.date(2016, 3, 9), "")),
    Section("乙", 1, source=Source("中国国际科技合作网", dt.date(2016, 5, 27), "")),
))


def test_defaults_come_from_the_document():
    masthead = resolve(DOCUMENT, {}, {})
    assert (masthead.name, masthead.issue, masthead.date) == ("国际科技合作动态", "第1期", "2016年5月27日")
    assert masthead.unit == "《国际科技合作动态》编辑部"


def test_options_win_over_the_config_which_wins_over_the_document(tmp_path):
    (tmp_path / "bulletin.toml").write_text('[masthead]\nissue = "第7期"\nunit = "国际合作司"\nname = ""\n',
                                            encoding="utf-8")
    config = load_config(tmp_path)
    masthead = resolve(DOCUMENT, {"issue": "第12期", "name": None}, config)
    assert (masthead.name, masthead.issue, masthead.unit) == ("国际科技合作动态", "第12期", "国际合作司")


def test_a_broken_config_is_a_one_line_error(tmp_path):
    (tmp_path / "bulletin.toml").write_text("[masthead\n", encoding="utf-8")
    with pytest.raises(PublishError, match="bulletin.toml: not valid TOML"):
        load_config(tmp_path)
