"""Run one writer in a forked child while the parent runs the others.

A forked child starts with the parsed document already in memory, so nothing is
pickled on the way in; only the writer's warnings (or its exception) come back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from .errors import PublishError


def can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


class ChildCall:
    """``function(*args, **kwargs)`` running in a forked child; ``result()`` waits for it."""

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)

        def target() -> None:
            try:
                outcome = (True, function(*args, **kwargs))
            except BaseException as error:  # noqa: BLE001 - every failure is reported to the parent
                outcome = (False, error)
            try:
                sender.send(outcome)
            except Exception as error:  # an exception that does not pickle
                sender.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]} ({error})")))

        # Not a daemon: the PDF writer may itself start processes (building the font cache on a
        # first run), which daemonic processes may not. ``cancel`` ends it if the parent fails.
        self._process = context.Process(target=target)
        self._process.start()
        sender.close()

    def result(self) -> Any:
        try:
            ok, value = self._receiver.recv()
        except EOFError:
            self._process.join()
            raise PublishError(f"a writer process died (exit status {self._process.exitcode})") from None
        finally:
            self._receiver.close()
        self._process.join()
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()
