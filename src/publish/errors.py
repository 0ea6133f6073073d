"""Errors the command line reports as one line and an exit status."""

from __future__ import annotations


class PublishError(Exception):
    """A problem with a file the user gave us, worth one line on stderr."""


class InputError(PublishError):
    """An input that cannot be read: not a .docx, damaged, encrypted, hostile."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class OutputError(PublishError):
    """An output that could not be written; earlier outputs are left as they were."""
