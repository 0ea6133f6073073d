"""Running LibreOffice so that it never outlives publish: the parts that need no LibreOffice."""

from __future__ import annotations

import signal
import subprocess
import threading

import pytest

from publish.libreoffice import _kill_tree, _reap


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX process groups")
def test_a_killed_launcher_is_reaped_even_when_an_interrupted_wait_left_popens_lock_held() -> None:
    # CPython's Popen.wait takes an internal lock before the try that releases it: a Ctrl-C landing
    # in between leaves it held, and a later wait() blocks for ever (CI hung there once).
    process = subprocess.Popen(["sleep", "30"], start_new_session=True)
    process._waitpid_lock.acquire()  # what the interrupted wait left behind
    _kill_tree(process)
    reaper = threading.Thread(target=_reap, args=(process,), daemon=True)
    reaper.start()
    reaper.join(timeout=10)
    assert not reaper.is_alive()
    assert process.returncode == -signal.SIGKILL
