"""What the masthead says: options first, then ``bulletin.toml`` beside the template, then the document."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from . import resources
from .errors import PublishError
from .model import Document, Masthead
from .resources import CONFIG_NAME, TEMPLATE_NAME

FALLBACK_NAME = "工作简报"


def default_template() -> Path:
    """``./templates/reference.docx`` when the current folder has one, else the one the package ships."""
    local = Path("templates") / TEMPLATE_NAME
    return local if local.is_file() else resources.default_template()


def load_config(folder: Path) -> dict[str, str]:
    path = folder / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PublishError(f"{path}: not valid TOML ({error})") from None
    section = data.get("masthead", {})
    return {key: str(value) for key, value in section.items() if isinstance(value, (str, int))}


def resolve(document: Document, options: dict[str, str | None], config: dict[str, str]) -> Masthead:
    def pick(key: str) -> str:
        return (options.get(key) or config.get(key) or "").strip()

    name = pick("name") or document.column or document.title or FALLBACK_NAME
    issue = pick("issue") or "第1期"
    unit = pick("unit") or f"《{name}》编辑部"
    date = pick("date") or chinese_date(document.latest_source_date or dt.date.today())
    return Masthead(name=name, issue=issue, unit=unit, date=date)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
