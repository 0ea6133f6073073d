"""The job as a library: read one input, find its figures, write the chosen outputs all-or-nothing.

``publish(path, options)`` is the job (``publish.publish``); the CLI calls it, and another front end can
too. ``read_input`` is the one door through which an input file reaches the reader.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import OutputError
from .options import Options, Result
from .parallel import ChildCall, ChildValue, PageStream, ReadyChild, can_fork

T = TypeVar("T")


def read_input(path: Path, convert_timeout: float | None = None):  # noqa: ANN201 - reader.ReadResult
    """The section tree of one input file, with the reader's warnings.

    A .doc, .wps, .odt or .rtf (known by its bytes) is read from the .docx LibreOffice makes of it,
    waiting at most ``convert_timeout`` seconds for LibreOffice (default 60).
    """
    from . import convert
    from .errors import InputError
    from .reader import read

    source = convert.recognise(path)
    if source is None:
        return read(path)
    with convert.to_docx(path, source, convert_timeout or convert.DEFAULT_CONVERT_TIMEOUT_SECONDS) as docx:
        try:
            return read(docx)
        except InputError as error:  # name the user's file, not the temporary one
            raise InputError(path, f"{error.reason} (in the .docx LibreOffice made of it)") from None


def publish(path: Path | str, options: Options | None = None, *,
            progress: Callable[[str], None] | None = None) -> Result:
    """Read one input and write the outputs ``options`` asks for, all of them or none.

    Raises ``PublishError`` (one line, naming the file) for an input that cannot be read, an output that
    cannot be written, or an output that would replace the input, before anything is read; earlier
    outputs are then left as they were. ``progress`` hears what one-time work (the PDF's font, on a fresh
    machine) is being done.
    """
    from .inputs import Job, refuse_clashes

    options = options or Options()
    refuse_clashes([Job(Path(path), options.output_dir)], options.outputs)
    with _collecting_rarely():
        return _publish(Path(path), options, progress)


def _publish(path: Path, options: Options, progress: Callable[[str], None] | None) -> Result:
    # With a spare core, the PDF writer (the slowest) gets a child forked now: it imports reportlab and
    # loads the font while this process reads; then the tree is pickled to it, and it finds the figures and
    # lays out the text while this process writes the .docx. The annex, written here last, takes the
    # figures the child found (``found``) and the pages its layout gives the headings (``pages``).
    kinds = options.outputs
    spare = (os.cpu_count() or 1) - 1 if can_fork() else 0
    forked_pdf = "pdf" in kinds and len(kinds) > 1 and spare
    found = ChildValue() if forked_pdf and "xlsx" in kinds else None
    pages = PageStream() if found is not None else None
    pdf_child = (ReadyChild(_prepare_pdf, functools.partial(_write_pdf_in_child, pages and pages.report,
                                                            found and found.send))
                 if forked_pdf else None)
    if found is not None and pages is not None:
        found.started()
        pages.started()
    try:
        return _read_and_write(path, options, progress, pdf_child, spare, pages, found)
    finally:
        if pdf_child is not None:
            pdf_child.cancel()  # ends it if anything failed; a finished child is only joined


def _read_and_write(path: Path, options: Options, progress: Callable[[str], None] | None,
                    pdf_child: ReadyChild | None, spare: int, pages: PageStream | None,
                    found: ChildValue | None) -> Result:
    from . import masthead as masthead_config
    from .model import heading_anchors
    from .outputs import OutputSet, output_name
    kinds = options.outputs
    timings: dict[str, float] = {}
    result, timings["read"] = _timed(functools.partial(read_input, path, options.convert_timeout))
    document = result.document
    warnings = list(result.warnings)
    if pages is not None:
        targets = heading_anchors(document)
        pages.order = {name: i for i, section in enumerate(document.walk())
                       for name in (targets[id(section)], *section.bookmarks)}
    elif "pdf" in kinds:
        pages = {}  # filled by the PDF writer in this process, which runs before the annex's
    # One templates folder for both: the reference .docx and the bulletin.toml beside it.
    template = options.template or masthead_config.default_template()
    config = masthead_config.load_config(template.parent)
    masthead, masthead_warnings = masthead_config.resolve_with_warnings(
        document, dataclasses.asdict(options.masthead), config, path)
    warnings += masthead_warnings
    pdf_font = options.pdf_font or config.get("pdf.font") or None  # --font, else bulletin.toml's [pdf] font
    # Both processes need every figure soon (the PDF at its first article's end, for its chart): with the
    # annex to write here, the PDF's child finds those of the articles before ``split`` and this process the
    # rest, and each hands its part to the other.
    split = len(document.sections) // 2 if found is not None else len(document.sections)
    with OutputSet(options.output_dir) as outputs:
        characters = None
        if "pdf" in kinds:
            from .writers.pdf import fonts

            # The figures are cut from the document's text (tested), so its characters and the
            # masthead's are all the font must cover besides the writer's own words (in the core set).
            characters = fonts.characters_in(document, masthead)
            from .writers.pdf import system_fonts

            if pdf_child is not None:
                pdf_child.send(document, split, masthead, outputs.path_for(output_name(path, "pdf")),
                               options.full_pdf, characters, pdf_font)
            # Here, not in the PDF writer's child: progress reaches the caller's reporter in this process
            # (a child's would not); the child waits for it when the cached font falls short.
            _, timings["font"] = _timed(functools.partial(system_fonts.choose, characters, pdf_font, progress))
        figures: tuple | Callable[[], tuple] = ()
        if "pdf" in kinds or "xlsx" in kinds:
            from .figures import extract

            articles = document.sections[split:] if pdf_child is not None else None
            figures, timings["figures"] = _timed(functools.partial(extract, document, articles))
        if pdf_child is not None:
            pdf_child.send_later(figures)  # once the font is ready: the child waits for it
        if found is not None:
            figures = functools.partial(_figures_from_child, found, pdf_child, figures, timings)
        # The tree and figures live until the job ends: keep the collector from rescanning them, and keep
        # a forked writer from copying the pages their reference counts sit on.
        gc.freeze()
        # the annex links to the PDF its readers get with it, else to the .docx
        link_name = output_name(path, "pdf" if "pdf" in kinds else "docx")
        calls = {kind: functools.partial(_write_one, kind, document, figures, masthead,
                                         outputs.path_for(output_name(path, kind)), options, template,
                                         link_name, characters, pages, pdf_font)
                 for kind in kinds if not (kind == "pdf" and pdf_child is not None)}
        # Each further spare core takes a writer in a forked child (the workbook first, unless it waits for
        # the PDF's pages here), while this process writes the rest.
        room = min(spare - (pdf_child is not None), len(calls) - 1)
        forked = [kind for kind in ("xlsx", "docx") if kind in calls and not (kind == "xlsx" and pages is not None)]
        forked = forked[:max(room, 0)]
        children: dict[str, ChildCall] = {"pdf": pdf_child} if pdf_child is not None else {}
        try:
            for kind in forked:
                children[kind] = ChildCall(_timed, calls.pop(kind))
            for kind, call in calls.items():
                kind_warnings, timings[kind] = _timed(call)
                warnings += kind_warnings
            for kind in list(children):
                kind_warnings, timings[kind] = children.pop(kind).result()
                warnings += kind_warnings
        except OSError as error:  # a full disk, a folder made read-only meanwhile: the writers' own files
            raise OutputError(f"{options.output_dir}: cannot write the outputs ({error.strerror or error})") from None
        finally:
            for child in children.values():  # only when something failed first
                child.cancel()
        written = outputs.commit()
    return Result(written=tuple(written), warnings=tuple(warnings), details=result.details, timings=timings)


def _prepare_pdf() -> None:
    from .writers.pdf import document as pdf

    pdf.prepare()


def _write_pdf_in_child(on_heading, hand_figures, _prepared: None, later: Callable[[], tuple],  # noqa: ANN001
                        document, split: int, masthead, path: Path, full: bool, characters: str,  # noqa: ANN001
                        font: str | None = None) -> tuple[tuple[str, ...], float]:
    """Find the figures of the articles before ``split`` (handing them and their time to the parent, for
    the annex), take the parent's of the rest (``later()``, sent once the font is ready), then write the
    PDF; the PDF timed."""
    from .figures import extract

    figures, seconds = _timed(functools.partial(extract, document, document.sections[:split]))
    if hand_figures is not None:
        hand_figures((figures, seconds))
    figures += later()
    return _timed(functools.partial(_write_pdf, document, figures, masthead, path, full, characters, on_heading,
                                    font))


def _figures_from_child(found: ChildValue, child: ReadyChild, rest: tuple, timings: dict[str, float]) -> tuple:
    """The figures the PDF's child found, once it hands them over, and ``rest``, this process's; the child's
    failure, if it ended first."""
    try:
        figures, seconds = found.get()
    except EOFError:
        child.result()  # raises what ended it
        raise OutputError("the PDF writer ended before it found the figures") from None
    timings["figures"] = max(timings["figures"], seconds)  # the two halves were found side by side
    return figures + rest


def _write_pdf(document, figures, masthead, path: Path, full: bool,  # noqa: ANN001
               characters: str | None, on_heading: Callable[[str, int], None] | None = None,
               font: str | None = None) -> tuple[str, ...]:
    from .writers.pdf.document import write_pdf

    return write_pdf(document, figures, masthead, path, full=full, characters=characters, on_heading=on_heading,
                     font=font)


@contextlib.contextmanager
def _collecting_rarely():
    """Python's cyclic garbage collector, run every 50,000 allocations instead of every 700.

    The job builds hundreds of thousands of objects that all live to its end (the tree, the writers'
    layout); at the default threshold the collector rescans them a few hundred times, 0.3 s of CPU on a
    600-article bulletin. The settings are put back afterwards, as the job may run inside a longer program.
    """
    saved = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)


def _write_one(kind: str, document, figures, masthead, path: Path, options: Options,  # noqa: ANN001
               template: Path, link_name: str, characters: str | None, pages,
               pdf_font: str | None = None) -> tuple[str, ...]:
    if kind == "docx":
        from .writers.docx import write_docx

        return write_docx(document, masthead, path, template=template,
                          toc_depth=options.toc_depth, page_numbers=options.page_numbers,
                          update_fields=options.update_fields_on_open)
    if kind == "pdf":
        return _write_pdf(document, figures, masthead, path, options.full_pdf, characters,
                          pages.setdefault if isinstance(pages, dict) else None, pdf_font)
    from .writers.xlsx import write_xlsx

    return write_xlsx(document, figures() if callable(figures) else figures, path, link_name=link_name, pages=pages)


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    """The call's result and its wall time in seconds (``PUBLISH_TIMINGS`` reports them)."""
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


