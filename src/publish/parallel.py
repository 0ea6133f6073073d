"""Run writers in forked children while the parent runs the others.

``ChildCall`` forks when the work is ready: the child starts with the parsed document already in
memory, so nothing is pickled on the way in. ``ReadyChild`` forks before the work exists, so that the
child's start-up (its imports: a tenth of a second for reportlab, and reading the input itself) overlaps
the parent's reading; the rest of its arguments are pickled to it once they are ready. Only the writer's
warnings (or its exception) come back.
"""

from __future__ import annotations

import gc
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
        self._start(lambda: function(*args, **kwargs))

    def _start(self, work: Callable[[], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)

        def target() -> None:
            try:
                outcome = (True, work())
            except _Abandoned:
                return
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


class ReadyChild(ChildCall):
    """A child forked now that runs ``prepared = prepare()`` at once, then ``function(prepared, *args)`` on
    the ``args`` that ``send`` pickles to it later; ``result()`` and ``cancel()`` as for ``ChildCall``."""

    def __init__(self, prepare: Callable[[], Any], function: Callable[..., Any]) -> None:
        context = multiprocessing.get_context("fork")
        inbox, self._outbox = context.Pipe(duplex=False)

        def work() -> Any:
            self._outbox.close()  # the child's copy: end of file when the parent gives up
            prepared = prepare()
            try:
                args = inbox.recv()
            except EOFError:
                raise _Abandoned from None
            gc.freeze()  # what was read or unpickled lives to the end: the collector need not rescan it
            return function(prepared, *args)

        self._start(work)
        inbox.close()

    def send(self, *args: Any) -> None:
        try:
            self._outbox.send(args)
        except BrokenPipeError:
            pass  # the child ended while preparing: ``result()`` reports why
        finally:
            self._outbox.close()

    def cancel(self) -> None:
        self._outbox.close()
        super().cancel()


class _Abandoned(Exception):
    """The parent failed before sending the child its work: the child ends quietly."""
