"""Writers in forked children: what comes back when one succeeds, fails or dies, and what is left
behind when the parent gives up first."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from publish.errors import PublishError
from publish.parallel import ChildCall, ReadyChild, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def test_a_child_returns_its_result() -> None:
    assert ChildCall(divmod, 17, 5).result() == (3, 2)


def test_a_child_reports_the_exception_it_raised() -> None:
    with pytest.raises(ZeroDivisionError):
        ChildCall(divmod, 1, 0).result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(PublishError, match="exit status 3"):
        ChildCall(os._exit, 3).result()


def test_a_ready_child_prepares_before_its_work_arrives_and_returns_the_result(tmp_path: Path) -> None:
    marker = tmp_path / "prepared"

    def work(prepared_in: int, later, a: int, b: int) -> tuple:  # noqa: ANN001
        (tmp_path / "started").write_text("before the later value")
        return a + b, marker.read_text(), prepared_in == os.getpid(), later(), later()

    child = ReadyChild(lambda: marker.write_text("yes") and os.getpid(), work)
    child.send(2, 3)  # pickled to the child, which has prepared meanwhile
    _wait_for(tmp_path / "started")  # the work runs before the later value is sent
    child.send_later([7])
    assert child.result() == (5, "yes", True, [7], [7])


def test_a_big_later_value_is_taken_off_the_pipe_while_the_work_is_busy(tmp_path: Path) -> None:
    sent = tmp_path / "sent"

    def work(prepared: None, later) -> object:  # noqa: ANN001
        if not _wait_for(sent, seconds=10):  # the parent writes it once send_later has returned
            return "send_later waited for the work to ask"
        return len(later())

    child = ReadyChild(lambda: None, work)
    child.send()
    child.send_later(list(range(200_000)))  # far more than a pipe holds
    sent.write_text("yes")
    assert child.result() == 200_000


def _wait_for(path: Path, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_ready_child_reports_the_exception_its_work_raised() -> None:
    child = ReadyChild(lambda: None, lambda prepared, later: 1 / 0)
    child.send()
    with pytest.raises(ZeroDivisionError):
        child.result()


def test_a_ready_child_never_sent_its_work_ends_when_cancelled(tmp_path: Path) -> None:
    child = ReadyChild(lambda: None, lambda prepared, later: (tmp_path / "ran").write_text("no"))
    pid = child._process.pid
    child.cancel()
    assert not (tmp_path / "ran").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped, not left running or a zombie


def test_a_ready_child_that_failed_preparing_reports_why_when_its_work_is_sent() -> None:
    def prepare() -> None:
        raise MemoryError("no room to read")

    child = ReadyChild(prepare, lambda prepared, later: "never")
    time.sleep(0.2)  # it has ended by now: the pipe is broken
    child.send(list(range(100_000)))  # more than a pipe holds, so the send meets the broken pipe
    with pytest.raises(MemoryError, match="no room to read"):
        child.result()


def test_a_child_value_comes_while_the_child_still_works(tmp_path: Path) -> None:
    from publish.parallel import ChildValue

    value = ChildValue()
    taken = tmp_path / "taken"

    def work() -> str:
        value.send(list(range(200_000)))  # far more than a pipe holds: taken off it at once
        return "went on" if _wait_for(taken) else "the value waited"

    call = ChildCall(work)
    value.started()
    assert len(value.get()) == 200_000
    taken.write_text("yes")
    assert call.result() == "went on"


def test_a_child_value_never_sent_is_end_of_file_and_the_result_says_why() -> None:
    from publish.parallel import ChildValue

    value = ChildValue()
    call = ChildCall(divmod, 1, 0)
    value.started()
    with pytest.raises(EOFError):
        value.get()
    with pytest.raises(ZeroDivisionError):
        call.result()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_page_stream_waits_for_the_layout_to_pass_a_heading() -> None:
    """Reports come in document order; ``get`` of a heading the child has not reached waits, of one it passed
    without reporting (not in the PDF) is None, and everything is answered once the child has ended."""
    import time

    from publish.parallel import ChildCall, PageStream

    stream = PageStream()
    stream.order = {"a": 0, "b": 1, "c": 2, "d": 3}

    def child() -> str:
        stream.report("a", 1)
        time.sleep(0.3)
        stream.report("c", 2)  # b is not in the PDF
        return "done"

    call = ChildCall(child)
    stream.started()
    started = time.perf_counter()
    assert stream.get("a") == 1
    assert stream.get("b") is None and time.perf_counter() - started >= 0.25  # waited for c to be reported
    assert stream.get("c") == 2
    assert call.result() == "done"
    assert stream.get("d") is None and stream.get("not a heading", 7) == 7  # the child has ended
