"""The files the package ships beside its code: the reference template, the masthead defaults, the sample.

In the repository they keep their places, ``templates/`` and ``input/``; pyproject.toml maps those folders
onto the packages ``publish.templates`` and ``publish.sample``, so that a wheel carries them and
importlib.resources finds them in a plain install and an editable one alike.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

TEMPLATE_NAME = "reference.docx"
CONFIG_NAME = "bulletin.toml"
SAMPLE_NAME = "bulletin.docx"


def template_folder() -> Path:
    """The shipped templates: ``reference.docx`` and ``bulletin.toml``."""
    return Path(str(files("publish.templates")))


def default_template() -> Path:
    return template_folder() / TEMPLATE_NAME


def sample() -> Path:
    """The sample bulletin, ``input/bulletin.docx`` in the repository."""
    return Path(str(files("publish.sample"))) / SAMPLE_NAME
