"""What the masthead says, and where each part of it came from.

Each part is taken from the first of: the options (``--issue`` …), the masthead lines the editor typed
at the top of the document, the file's name (``第12期 国际动态.docx``, ``2016年第12期.docx``, or
``动态-12.docx`` in a folder holding the series), ``bulletin.toml`` beside the template, and last what
the document suggests (its column line for the name, its latest source date for the date). A part left
to a default is named in one warning, with the option that sets it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path

from . import resources
from .errors import PublishError
from .masthead_text import DATE_FORMS, NAME_ISSUE, NAME_SERIES, chinese_date, issue_line, number, parse_date
from .model import Document, Masthead
from .resources import CONFIG_NAME, TEMPLATE_NAME

FALLBACK_NAME = "工作简报"
FALLBACK_ISSUE = "第1期"
SERIES_SUFFIXES = (".docx", ".doc", ".wps", ".odt", ".rtf")
DISTRIBUTION_KEYS = (("report", "报"), ("send", "送"), ("issue", "发"))

__all__ = ["chinese_date", "default_template", "load_config", "parse_date", "resolve", "resolve_with_warnings"]


def default_template() -> Path:
    """``./templates/reference.docx`` when the current folder has one, else the one the package ships."""
    local = Path("templates") / TEMPLATE_NAME
    return local if local.is_file() else resources.default_template()


def load_config(folder: Path) -> dict[str, str]:
    """``[masthead]`` of ``bulletin.toml`` in the folder; ``[distribution]`` (the 报尾) as ``distribution.*``
    keys, ``[layout]`` as ``layout.*``."""
    path = folder / CONFIG_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PublishError(f"{path}: not valid TOML ({error})") from None
    config = {key: str(value) for key, value in data.get("masthead", {}).items() if isinstance(value, (str, int))}
    for table in ("distribution", "layout", "pdf"):
        section = data.get(table, {})
        if isinstance(section, dict):
            config.update({f"{table}.{key}": str(value).lower() if isinstance(value, bool) else str(value)
                           for key, value in section.items() if isinstance(value, (str, int, bool))})
    date = config.get("date", "").strip()
    if date and parse_date(date) is None:
        raise PublishError(f"{path}: date {date!r} is not a date; write it as {DATE_FORMS}")
    return config


def option_date(value: str | None) -> dt.date | None:
    """``--date`` as a day: ISO or Chinese, else a one-line error naming the forms."""
    if value is None or not value.strip():
        return None
    day = parse_date(value)
    if day is None:
        raise PublishError(f"--date {value!r} is not a date; give it as {DATE_FORMS}")
    return day


def resolve(document: Document, options: dict[str, str | None], config: dict[str, str],
            source: Path | None = None) -> Masthead:
    return resolve_with_warnings(document, options, config, source)[0]


def resolve_with_warnings(document: Document, options: dict[str, str | None], config: dict[str, str],
                          source: Path | None = None) -> tuple[Masthead, list[str]]:
    """The masthead, and the one warning naming the parts left to defaults (none when nothing was)."""
    typed = document.typed_masthead
    sources: dict[str, str] = {}

    def given(key: str) -> str:
        return (options.get(key) or "").strip()

    def configured(key: str) -> str:
        return (config.get(key) or "").strip()

    # The name
    if given("name"):
        name, sources["name"] = given("name"), "option"
    elif typed and typed.name:
        name, sources["name"] = typed.name, "document"
    elif configured("name"):
        name, sources["name"] = configured("name"), "bulletin.toml"
    elif document.column or document.title:
        name, sources["name"] = document.column or document.title or "", "column line"
    else:
        name, sources["name"] = FALLBACK_NAME, "default"

    # The issue
    issue_no = total = year = None
    from_name = _issue_from_file_name(source) if source is not None else None
    if given("issue"):
        issue, sources["issue"] = given("issue"), "option"
        issue_no = number(issue)
        if issue_no is not None:  # --issue 12 means 第12期
            issue = issue_line(issue_no)
        else:
            found = NAME_ISSUE.fullmatch(issue)
            if found:
                issue_no, year, total = _issue_parts(found)
    elif typed and typed.issue is not None:
        issue_no, total, year = typed.issue, typed.total, typed.year
        issue, sources["issue"] = issue_line(issue_no, year, total), "document"
    elif from_name is not None:
        issue_no, year, total = from_name
        issue, sources["issue"] = issue_line(issue_no, year, total), "file name"
    elif configured("issue"):
        issue, sources["issue"] = configured("issue"), "bulletin.toml"
        found = NAME_ISSUE.fullmatch(issue)
        if found:
            issue_no, year, total = _issue_parts(found)
    else:
        issue, sources["issue"], issue_no = FALLBACK_ISSUE, "default", 1

    # The unit
    if given("unit"):
        unit, sources["unit"] = given("unit"), "option"
    elif typed and typed.unit:
        unit, sources["unit"] = typed.unit, "document"
    elif configured("unit"):
        unit, sources["unit"] = configured("unit"), "bulletin.toml"
    else:
        unit, sources["unit"] = f"《{name}》编辑部", "default"

    # The date
    day = option_date(options.get("date"))
    if day is not None:
        sources["date"] = "option"
    elif typed and typed.date:
        day, sources["date"] = typed.date, "document"
    elif configured("date"):
        day, sources["date"] = parse_date(configured("date")), "bulletin.toml"
    elif document.latest_source_date:
        day, sources["date"] = document.latest_source_date, "latest source date"
    else:
        day, sources["date"] = dt.date.today(), "today"

    masthead = Masthead(name=name, issue=issue, unit=unit, date=chinese_date(day), number=issue_no, total=total,
                        year=year, day=day, sources=tuple(sources.items()),
                        distribution=_distribution(config), print_run=_print_run(config),
                        repeat_name=config.get("layout.repeat_name", "").strip().lower() in ("true", "1", "yes"))
    return masthead, _warnings(masthead, sources)


def _warnings(masthead: Masthead, sources: dict[str, str]) -> list[str]:
    """One line: which parts are defaults, what was used, and the option for each."""
    used, options = [], []
    if sources["issue"] in ("bulletin.toml", "default"):
        where = "bulletin.toml" if sources["issue"] == "bulletin.toml" else "the default"
        used.append(f"issue {masthead.issue} ({where})")
        options.append("--issue")
    if sources["date"] in ("latest source date", "today"):
        used.append(f"date {masthead.date} ({'the latest source date' if sources['date'] != 'today' else 'today'})")
        options.append("--date")
    if sources["unit"] == "default":
        used.append(f"unit {masthead.unit} (the default)")
        options.append("--unit")
    if not used:
        return []
    missing = " or ".join(part.split()[0] for part in used)
    missing = missing.replace("issue", "issue number")
    return [f"masthead: no {missing} in the document or its name; used {', '.join(used)} "
            f"(give {', '.join(options)})"]


def _issue_from_file_name(path: Path) -> tuple[int | None, int | None, int | None] | None:
    """(issue, year, total) from ``第12期 国际动态``, ``2016年第12期``, or ``动态-12`` beside ``动态-11``."""
    stem = path.stem
    found = NAME_ISSUE.search(stem)
    if found and number(found["issue"]) is not None:
        return _issue_parts(found)
    found = NAME_SERIES.match(stem)
    if not found:
        return None
    prefix = found["prefix"]
    try:
        siblings = os.listdir(path.parent)
    except OSError:
        return None
    for sibling in siblings:
        other = Path(sibling)
        if other.name == path.name or other.suffix.lower() not in SERIES_SUFFIXES:
            continue
        match = NAME_SERIES.match(other.stem)
        if match and match["prefix"] == prefix:
            return int(found["issue"]), None, None
    return None


def _issue_parts(found: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """(issue, year, total) of a ``NAME_ISSUE`` match: 2016年第12期（总第94期） → (12, 2016, 94)."""
    return number(found["issue"]), _year(found["year"]), number(found["total"])


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _distribution(config: dict[str, str]) -> tuple[str, ...]:
    """The 报尾's lines to whom it goes when ``[distribution]`` of bulletin.toml names them: 报：… 送：… 发：…."""
    return tuple(f"{label}：{config[f'distribution.{key}'].strip()}" for key, label in DISTRIBUTION_KEYS
                 if config.get(f"distribution.{key}", "").strip())


def _print_run(config: dict[str, str]) -> str:
    """共印N份, when ``[distribution]`` of bulletin.toml gives the copies."""
    copies = config.get("distribution.copies", "").strip()
    return f"共印{copies}份" if copies and copies != "0" else ""
