"""Run writers in forked children while the parent runs the others.

``ChildCall`` forks when the work is ready: the child starts with the parsed document already in
memory, so nothing is pickled on the way in. ``ReadyChild`` forks before the work exists, so that the
child's start-up (its imports: a tenth of a second for reportlab) overlaps the parent's reading; its
arguments are pickled to it once they are ready, and one more value later, which the work can start
without. The writer's warnings (or its exception) come back, and what it hands on the way through a
``ChildValue`` or ``PageStream`` made before the fork.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

from .errors import PublishError


NO_FORK_VARIABLE = "PUBLISH_NO_FORK"  # 1: every writer in this process, as on Windows (no fork); CI tests it


def can_fork() -> bool:
    """Whether writers may run in forked children: not on Windows, one core, or with PUBLISH_NO_FORK=1."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and os.environ.get(NO_FORK_VARIABLE, "") in ("", "0"))


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
    """A child forked now that runs ``prepared = prepare()`` at once, then ``function(prepared, later, *args)``
    on the ``args`` that ``send`` pickles to it; ``later()`` gives the value ``send_later`` sends after,
    waiting for it if need be. ``result()`` and ``cancel()`` as for ``ChildCall``."""

    def __init__(self, prepare: Callable[[], Any], function: Callable[..., Any]) -> None:
        context = multiprocessing.get_context("fork")
        inbox, self._outbox = context.Pipe(duplex=False)

        def receive() -> Any:
            try:
                return inbox.recv()
            except EOFError:  # the parent failed, or gave up, before sending it
                raise _Abandoned from None

        def work() -> Any:
            self._outbox.close()  # the child's copy: end of file when the parent gives up
            prepared = prepare()
            args = receive()
            gc.freeze()  # what was unpickled lives to the end: the collector need not rescan it
            return function(prepared, _Received(receive), *args)

        self._start(work)
        inbox.close()

    def send(self, *args: Any) -> None:
        self._send(args)

    def send_later(self, value: Any) -> None:
        try:
            self._send(value)
        finally:
            self._outbox.close()

    def _send(self, message: Any) -> None:
        try:
            self._outbox.send(message)
        except BrokenPipeError:
            pass  # the child ended while preparing: ``result()`` reports why

    def result(self) -> Any:
        self._outbox.close()  # a ``later()`` still waiting ends, rather than wait for ever
        return super().result()

    def cancel(self) -> None:
        self._outbox.close()
        super().cancel()


class _Received:
    """What ``receive()`` gives, taken off the pipe by a thread as soon as it is sent, so that the sender
    never waits for the work to ask (a pipe holds 64 KB); calling waits for it."""

    def __init__(self, receive: Callable[[], Any]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(receive,), daemon=True)
        self._thread.start()

    def _run(self, receive: Callable[[], Any]) -> None:
        try:
            self._value = receive()
        except BaseException as error:  # noqa: BLE001 - raised again where the value is asked for
            self._error = error

    def __call__(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class _Abandoned(Exception):
    """The parent failed before sending the child its work: the child ends quietly."""


class ChildValue:
    """One value a forked child hands its parent before its result (the figures the PDF's child finds, for
    the annex written here). Made before the fork; the child calls ``send(value)``; ``started()`` in the
    parent, after the fork, takes it off the pipe in a thread as soon as it comes; ``get()`` waits for it,
    and raises EOFError when the child ended without sending it (its ``result()`` says why)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, self._sender = context.Pipe(duplex=False)
        self._received: _Received | None = None

    def send(self, value: Any) -> None:
        """In the child."""
        self._sender.send(value)

    def started(self) -> None:
        """In the parent, once the child is forked."""
        self._sender.close()  # the child's copy alone is left: end of file when it ends without sending
        self._received = _Received(self._receiver.recv)

    def get(self) -> Any:
        assert self._received is not None, "started() first"
        try:
            return self._received()
        finally:
            self._receiver.close()


class PageStream:
    """The page of each heading, as a PDF writer in a forked child places it, for a writer in this process.

    Made before the child is forked; the child calls ``report(bookmark, page)`` as its layout draws each
    heading, in document order (``order``: each bookmark's place in it, set once the document is read). ``started()`` in the parent, after
    the fork, takes the reports off the pipe in a thread as they come. ``get(bookmark)`` waits until the
    layout has passed that heading (or ended), so the annex can write its rows while the PDF is laid out.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, self._sender = context.Pipe(duplex=False)
        self.order: dict[str, int] = {}  # set once the document is read, before any ``get``
        self._pages: dict[str, int] = {}
        self._reached = -1
        self._done = False
        self._condition = threading.Condition()

    def report(self, bookmark: str, page: int) -> None:
        """In the child: one heading placed."""
        self._sender.send((bookmark, page))

    def started(self) -> None:
        """In the parent, once the child is forked."""
        self._sender.close()  # the child's copy alone is left: end of file when it ends
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                bookmark, page = self._receiver.recv()
                with self._condition:
                    self._pages.setdefault(bookmark, page)
                    self._reached = max(self._reached, self.order.get(bookmark, -1))
                    self._condition.notify_all()
        except (EOFError, OSError):
            pass
        finally:
            with self._condition:
                self._done = True
                self._condition.notify_all()
            self._receiver.close()

    def get(self, bookmark: str, default: int | None = None) -> int | None:
        index = self.order.get(bookmark)
        if index is None:
            return default
        with self._condition:
            self._condition.wait_for(lambda: self._done or self._reached >= index)
            return self._pages.get(bookmark, default)
