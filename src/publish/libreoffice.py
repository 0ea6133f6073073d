"""LibreOffice headless, run so that it never outlives its caller: found once, started in a process group
of its own, killed with the whole group on a timeout or Ctrl-C.

Shared by the converter in front of the reader (.doc, .odt, .rtf → .docx) and the .docx writer's
``--page-numbers libreoffice`` (the pages LibreOffice lays the headings on).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from .errors import PublishError

SOFFICE_VARIABLE = "PUBLISH_SOFFICE"  # names the LibreOffice program when it is not on PATH


def find_soffice() -> str | None:
    """The LibreOffice program: ``PUBLISH_SOFFICE``, else ``soffice`` or ``libreoffice`` on PATH."""
    named = os.environ.get(SOFFICE_VARIABLE)
    if named:
        found = shutil.which(named)
        if found is None:
            raise PublishError(f"{SOFFICE_VARIABLE}={named} is not a program that can be run")
        return found
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_soffice(command: list[str], timeout: float, cwd: Path) -> None:
    """Run soffice (a launcher that starts soffice.bin) and make sure neither outlives this call."""
    # Ctrl-C is held back until the process is ours to kill: one arriving inside Popen, or just after
    # it, would otherwise leave soffice running. (soffice inherits the held SIGINT; in a session of
    # its own no terminal sends it one, and it is ended with SIGKILL.)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except BaseException:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    finished = False
    try:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held Ctrl-C is raised here, inside the try
        process.wait(timeout=timeout)
        finished = True
    finally:
        if not finished:  # timed out, Ctrl-C, or any other way out
            _kill_tree(process)
            _reap(process)


def _reap(process: subprocess.Popen) -> None:
    """Wait for the killed launcher without ``Popen.wait``.

    A Ctrl-C can interrupt ``Popen.wait`` between its taking an internal lock and the ``try`` that
    releases it (CPython 3.11, subprocess.py); ``wait`` would then block for ever on the lock.
    """
    if process.returncode is not None:
        return
    try:
        _, status = os.waitpid(process.pid, 0)
    except ChildProcessError:  # reaped by the interrupted wait after all
        return
    process.returncode = os.waitstatus_to_exitcode(status)


def _kill_tree(process: subprocess.Popen) -> None:
    if os.name == "nt":  # no process groups: taskkill /T takes soffice.bin with the launcher
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
