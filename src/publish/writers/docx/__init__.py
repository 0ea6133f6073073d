"""The formatted .docx (being split into modules; for now all of it is in ``body``)."""

from .body import DEFAULT_TEMPLATE, PAGE_NUMBER_MODES, STYLE_NAMES, load_template, write_docx

__all__ = ["DEFAULT_TEMPLATE", "PAGE_NUMBER_MODES", "STYLE_NAMES", "load_template", "write_docx"]
