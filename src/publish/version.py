"""The one place the version is written: pyproject.toml reads it from here, and reading it costs no
importlib.metadata (65 ms of a 0.3 s run)."""

__version__ = "0.1.0"
