"""Which files one run publishes and where each one's outputs go, with every clash refused before any is read.

A folder stands for the bulletins in it; with ``recursive``, for those in its sub-folders too, their
layout mirrored under the output folder. Never taken from a folder: Word's ``~$`` owner files, hidden and
temporary files, the output folder itself, and the .docx files this program wrote (known by the
Application its package names, so a file an editor has since saved in Word or WPS counts as theirs).

Refused, naming both files: an output that would replace an input of the run, and two inputs that would
write the same output (compared as Windows and macOS compare names, ignoring case). The choice is to
refuse, not to rename: an output under a name nobody asked for is easy to miss and to send by mistake.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PublishError
from .outputs import output_name

INPUT_SUFFIXES = (".docx", ".doc", ".wps", ".odt", ".rtf")  # what a folder input picks up
OWN_APPLICATION = "publish"  # docProps/app.xml's Application in the .docx this program writes


@dataclass(frozen=True)
class Job:
    """One input and the folder its outputs go to."""

    source: Path
    output_dir: Path

    def outputs(self, kinds: Iterable[str]) -> list[Path]:
        return [self.output_dir / output_name(self.source, kind) for kind in kinds]


@dataclass(frozen=True)
class Gathered:
    jobs: tuple[Job, ...]
    notes: tuple[str, ...]  # one line each: files passed over, sub-folders skipped


def gather(names: Sequence[str | os.PathLike[str]], output_dir: Path, kinds: Sequence[str],
           recursive: bool = False) -> Gathered:
    """The jobs of one run, in order, after refusing any clash (``PublishError``)."""
    jobs: list[Job] = []
    notes: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = _walk(path, output_dir, recursive, notes)
            if not found:
                raise PublishError(_nothing_in(path, notes))
            jobs += found
        else:
            jobs.append(Job(path, output_dir))
    jobs = _once(jobs, notes)
    refuse_clashes(jobs, kinds)
    return Gathered(tuple(jobs), tuple(notes))


def _once(jobs: list[Job], notes: list[str]) -> list[Job]:
    """Each file once, though named twice (``a.docx ./a.docx``, or a folder and a file in it)."""
    seen: dict[tuple[str, str], Job] = {}
    for job in jobs:
        key = (os.path.realpath(job.source), os.path.realpath(job.output_dir))
        earlier = seen.setdefault(key, job)
        if earlier is not job:
            notes.append(f"{job.source}: named twice; published once")
    return list(seen.values())


def refuse_clashes(jobs: Sequence[Job], kinds: Sequence[str]) -> None:
    """Raise ``PublishError`` when an output would replace an input, or two inputs write one output."""
    writers: dict[str, Job] = {}
    for job in jobs:
        for output in job.outputs(kinds):
            for other in jobs:
                if _same_file(output, other.source):
                    raise PublishError(
                        f"{output} would be written over the input {other.source}, which is never replaced; "
                        f"write the outputs to another folder with -o (for example -o {_example_folder(output)})")
            key = os.path.normcase(os.path.abspath(output)).casefold()
            earlier = writers.setdefault(key, job)
            if earlier is not job and earlier.source != job.source:
                raise PublishError(
                    f"{earlier.source} and {job.source} would both write {output}; "
                    f"publish them with different -o folders, or rename one")


def _same_file(output: Path, source: Path) -> bool:
    try:
        return os.path.samefile(output, source)
    except OSError:  # the output does not exist yet (or cannot be looked at): then it is no input
        return False


def _example_folder(output: Path) -> str:
    return "out" if output.parent.name != "out" else "out2"


def _walk(folder: Path, output_dir: Path, recursive: bool, notes: list[str]) -> list[Job]:
    """The bulletins of ``folder`` (and, recursively, of its sub-folders), outputs mirrored under ``output_dir``."""
    jobs: list[Job] = []
    skipped: list[str] = []
    pending = [(folder, output_dir)]
    while pending:
        here, there = pending.pop(0)
        files, folders = _entries(here)
        jobs += [Job(path, there) for path in _bulletins(files, notes)]
        for sub in folders:
            if _same_file(sub, output_dir):
                continue  # the outputs of this run (or an earlier one), never its inputs
            if recursive:
                pending.append((sub, there / sub.name))
            else:
                skipped.append(sub.name)
    if skipped:
        notes.append(f"{folder}: {len(skipped)} sub-folder{'s' * (len(skipped) != 1)} skipped "
                     f"({', '.join(skipped[:3])}{', …' if len(skipped) > 3 else ''}); give -r to include them")
    return jobs


def _entries(folder: Path) -> tuple[list[Path], list[Path]]:
    """The visible files and sub-folders of ``folder``, by name; symbolic links to folders are not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise PublishError(f"{folder}: cannot list this folder ({error.strerror})") from None
    files, folders = [], []
    for entry in entries:
        if entry.name.startswith((".", "~")):  # hidden, Word's ~$ owner files and ~WRL temporary files
            continue
        if entry.is_dir(follow_symlinks=False):
            folders.append(Path(entry.path))
        elif entry.is_file():
            files.append(Path(entry.path))
    return files, folders


def _bulletins(files: list[Path], notes: list[str]) -> list[Path]:
    """Of one folder's files, the bulletins: by suffix, not our own outputs, one per name.

    Outputs are named after the input's stem, so of files with one name in several formats (bulletin.doc
    and the bulletin.docx saved from it) only the first in INPUT_SUFFIXES order is used.
    """
    found = [path for path in files if path.suffix.lower() in INPUT_SUFFIXES and not _written_by_us(path)]
    chosen: dict[str, Path] = {}
    for candidate in sorted(found, key=lambda p: (INPUT_SUFFIXES.index(p.suffix.lower()), p.name)):
        kept = chosen.setdefault(candidate.stem.casefold(), candidate)
        if kept is not candidate:
            notes.append(f"{candidate}: skipped; {kept.name} in the same folder writes the same outputs")
    return sorted(chosen.values())


def _written_by_us(path: Path) -> bool:
    if path.suffix.lower() != ".docx":
        return False
    from .reader.package import application

    return application(path) == OWN_APPLICATION


def _nothing_in(folder: Path, notes: list[str]) -> str:
    reason = f"{folder}: no bulletins in this folder ({', '.join(INPUT_SUFFIXES)} files)"
    skipped = [note for note in notes if note.startswith(f"{folder}: ") and "sub-folder" in note]
    return reason + ("; " + skipped[0].split(": ", 1)[1] if skipped else "")
