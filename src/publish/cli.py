"""The ``publish`` command: ``main(argv, env) -> exit status``; errors become one line here and only here.

The only module that knows argparse: ``_options`` maps the arguments onto ``Options`` for the library call.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .errors import PublishError
from .options import DEFAULT_CONVERT_TIMEOUT_SECONDS, KINDS, MAX_TOC_DEPTH, PAGE_NUMBER_SOURCES, MastheadOverrides, Options
from .pipeline import publish
from .version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEBUG_VARIABLE = "PUBLISH_DEBUG"  # set it to see tracebacks of unexpected errors
TIMINGS_VARIABLE = "PUBLISH_TIMINGS"  # set it to get each stage's seconds on stderr (benchmarks read them)


@dataclass
class Environment:
    """What the command talks to; tests pass their own."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    variables: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def stderr_is_terminal(self) -> bool:
        return hasattr(self.stderr, "isatty") and self.stderr.isatty()


def run() -> None:
    """Console-script entry point.

    Ends the process without the interpreter's teardown once the outputs are committed and the
    streams flushed: freeing a big document's tree object by object took a tenth of a second, and
    nothing is left to run (no atexit work, no child processes: the writers' child has been joined).
    """
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = status or EXIT_FAILED
    os._exit(status)


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    env = env or Environment()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed usage or help
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        return args.handler(args, env)
    except PublishError as error:
        _say(env, f"publish: {_one_line(error)}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say(env, "publish: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_FAILED


# -- commands ---------------------------------------------------------------------------------------


def _tree(args: argparse.Namespace, env: Environment) -> int:
    from . import masthead as masthead_config

    result = _read(args.file, args, env)
    if args.json:
        config = masthead_config.load_config(masthead_config.default_template().parent)
        found = masthead_config.resolve(result.document, {}, config, Path(args.file))
        json.dump(tree_json(result.document, found), env.stdout, ensure_ascii=False, indent=1)
        env.stdout.write("\n")
    else:
        document = result.document
        if document.title:
            env.stdout.write(f"{document.title}\n")
        for section in document.walk():
            details = [f"[{', '.join(section.bookmarks)}]" if section.bookmarks else ""]
            if section.source:
                date = section.source.date.isoformat() if section.source.date else "no date"
                details.append(f"（{section.source.name}, {date}）")
            indent = "  " * (section.level - 1)
            extra = " ".join(d for d in details if d)
            label = section.list_item.label if section.list_item else ""
            env.stdout.write(f"{indent}{section.level} {label}{section.title}{' ' + extra if extra else ''}\n")
    return EXIT_OK


def _figures(args: argparse.Namespace, env: Environment) -> int:
    from .figures import extract, figures_to_json, format_table

    result = _read(args.file, args, env)
    figures = extract(result.document)
    if args.json:
        json.dump(figures_to_json(figures), env.stdout, ensure_ascii=False, indent=1)
        env.stdout.write("\n")
    else:
        env.stdout.write(format_table(figures) + "\n")
    return EXIT_OK


def _write(kinds: tuple[str, ...]) -> Callable[[argparse.Namespace, Environment], int]:
    def handler(args: argparse.Namespace, env: Environment) -> int:
        from .inputs import gather

        options = _options(args, _only(args.only) if getattr(args, "only", None) else kinds)
        run = gather(args.files, options.output_dir, options.outputs, recursive=args.recursive)
        if not args.quiet:
            for note in run.notes:
                _say(env, f"warning: {note}")
        inputs = [job.source for job in run.jobs]
        failures = 0

        def progress(line: str) -> None:  # one-time work, such as preparing the PDF's font
            _clear_progress(env, len(inputs), args)
            _say(env, line)

        for index, job in enumerate(run.jobs, start=1):
            path = job.source
            if len(inputs) > 1 and env.stderr_is_terminal and not args.quiet:
                env.stderr.write(f"\r[{index}/{len(inputs)}] {path.name[:60]:<60}")
                env.stderr.flush()
            try:
                result = publish(path, dataclasses.replace(options, output_dir=job.output_dir),
                                 progress=None if args.quiet else progress)
            except PublishError as error:
                _clear_progress(env, len(inputs), args)
                _say(env, f"publish: {_one_line(error)}")
                failures += 1
                continue
            except Exception as error:  # a writer's bug must not stop the other inputs
                if env.variables.get(DEBUG_VARIABLE):
                    raise
                _clear_progress(env, len(inputs), args)
                _say(env, f"publish: {path}: internal error ({type(error).__name__}: {error}); "
                          f"set {DEBUG_VARIABLE}=1 for details")
                failures += 1
                continue
            _clear_progress(env, len(inputs), args)
            # With -v, the details behind a summary warning (each guessed heading) are warnings of their own.
            warnings = result.warnings + (result.details if args.verbose else ())
            if env.variables.get(TIMINGS_VARIABLE):
                import resource

                timings = dict(result.timings)
                # Peak resident memory of this process and of any writer it forked, in KiB.
                timings["peak_kib"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
                _say(env, "timings: " + json.dumps(timings))
            if not args.quiet:
                for warning in warnings:
                    _say(env, f"warning: {path}: {warning}")
                noted = f" ({len(warnings)} warning{'s' * (len(warnings) != 1)})" if warnings else ""
                _say(env, f"{path} → {', '.join(str(p) for p in result.written)}{noted}")
        return EXIT_FAILED if failures else EXIT_OK

    return handler


# -- helpers ----------------------------------------------------------------------------------------


def _options(args: argparse.Namespace, outputs: tuple[str, ...]) -> Options:
    """The library call's options, from the output commands' arguments: the one place the two meet."""
    from .masthead import option_date

    option_date(args.date)  # a date that is none: one line before any input is read
    return Options(
        outputs=outputs,
        output_dir=Path(args.output_dir),
        masthead=MastheadOverrides(name=args.name, issue=args.issue, unit=args.unit, date=args.date),
        template=Path(args.template) if args.template else None,
        toc_depth=args.toc_depth,
        page_numbers=args.page_numbers,
        update_fields_on_open=args.update_fields_on_open,
        full_pdf=args.full,
        convert_timeout=args.convert_timeout,
        pdf_font=args.font,
    )


def tree_json(document, masthead=None) -> dict:  # noqa: ANN001 - model.Document, model.Masthead
    def section_json(section) -> dict:  # noqa: ANN001
        source = None
        if section.source:
            source = {"name": section.source.name,
                      "date": section.source.date.isoformat() if section.source.date else None}
        return {
            "title": section.title,
            "level": section.level,
            "bookmarks": list(section.bookmarks),
            "source": source,
            "paragraphs": [p.text for p in section.paragraphs],
            "sections": [section_json(child) for child in section.sections],
            "label": section.list_item.label if section.list_item else None,  # a numbered heading's 一、 / 1.2
        }

    tree = {"title": document.title, "sections": [section_json(s) for s in document.sections]}
    if masthead is not None:
        typed = document.typed_masthead
        tree["masthead"] = {
            "name": masthead.name, "issue": masthead.issue, "number": masthead.number, "total": masthead.total,
            "year": masthead.year, "unit": masthead.unit, "date": masthead.date,
            "day": masthead.day.isoformat() if masthead.day else None,
            "from": dict(masthead.sources),  # where each part came from: document, file name, bulletin.toml …
            "typed_lines": list(typed.lines) if typed else [],
        }
    return tree


def _read(file: str, args: argparse.Namespace, env: Environment):  # noqa: ANN202 - ReadResult
    from .pipeline import read_input

    result = read_input(Path(file), getattr(args, "convert_timeout", None))
    if not getattr(args, "quiet", False):
        for warning in result.warnings + (result.details if getattr(args, "verbose", False) else ()):
            _say(env, f"warning: {file}: {warning}")
    return result


def _only(value: str) -> tuple[str, ...]:
    chosen = tuple(kind.strip() for kind in value.split(",") if kind.strip())
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        raise PublishError(f"--only takes a comma-separated list of {', '.join(KINDS)}; got {value!r}")
    return tuple(kind for kind in KINDS if kind in chosen)


def _clear_progress(env: Environment, count: int, args: argparse.Namespace) -> None:
    if count > 1 and env.stderr_is_terminal and not args.quiet:
        env.stderr.write("\r" + " " * 70 + "\r")


def _one_line(error: Exception) -> str:
    """An error as the one line it must be, whatever a library put in its message."""
    return " ".join(str(error).split())


def _say(env: Environment, line: str) -> None:
    env.stderr.write(line + "\n")
    env.stderr.flush()


EPILOG = """\
examples:
  publish all input/bulletin.docx   writes out/bulletin.docx, out/bulletin.pdf and out/bulletin.xlsx
  publish all 第12期.doc            a Word 97–2003 .doc, converted by LibreOffice first
  publish pdf 第12期.wps            a WPS Writer (or Microsoft Works) .wps, likewise
  publish docx 第12期.odt           an OpenDocument text, likewise
  publish xlsx 第12期.rtf           a Rich Text file, likewise
  publish all 收稿/ -o 成品/        every .docx, .doc, .wps, .odt and .rtf in the folder
  publish all 收稿/ -r -o 成品/     and in its sub-folders, written to the same sub-folders of 成品/
  publish tree 第12期.doc           the section tree, to check the headings first

.doc, .wps, .odt and .rtf need LibreOffice (soffice or libreoffice on PATH, or PUBLISH_SOFFICE
naming it; Debian/Ubuntu: apt install libreoffice-writer-nogui; Windows: libreoffice.org);
without it, save the file as .docx."""

def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {value!r}")
    return seconds


VERBOSE_FLAG = ("-v", "--verbose")
VERBOSE_OPTION = dict(action="store_true", help="also print the details behind summary warnings (each guessed heading)")
CONVERT_TIMEOUT_FLAG = ("--convert-timeout",)
CONVERT_TIMEOUT_OPTION = dict(type=_seconds, default=DEFAULT_CONVERT_TIMEOUT_SECONDS, metavar="SECONDS",
                              help="how long LibreOffice may take to convert a .doc, .wps, .odt or .rtf "
                                   "(default: 60)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Turn an editor's Word bulletin into a formatted .docx with a working table of\n"
                    "contents, a PDF digest and an Excel annex of its figures.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    outputs = argparse.ArgumentParser(add_help=False)
    outputs.add_argument("files", nargs="+", metavar="FILE",
                         help="a .docx, .doc, .wps, .odt or .rtf bulletin, or a folder of them")
    outputs.add_argument("-o", "--output-dir", default="out", metavar="DIR",
                         help="where outputs go (default: out/); never the input's own file")
    outputs.add_argument("-r", "--recursive", action="store_true",
                         help="with a folder, also its sub-folders, their layout mirrored under -o")
    outputs.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    outputs.add_argument(*VERBOSE_FLAG, **VERBOSE_OPTION)
    outputs.add_argument(*CONVERT_TIMEOUT_FLAG, **CONVERT_TIMEOUT_OPTION)
    look = outputs.add_argument_group("masthead and layout")
    look.add_argument("--template", metavar="PATH",
                      help="reference .docx whose styles the .docx uses (default: templates/reference.docx); "
                           "bulletin.toml beside it gives masthead defaults")
    look.add_argument("--name", help="bulletin name (default: the document's column line)")
    look.add_argument("--issue", help="issue, e.g. 12, 第12期 or 2016年第12期（总第94期） (default: the masthead "
                                      "lines typed at the top of the document, else the file name, else bulletin.toml)")
    look.add_argument("--unit", help="compiling unit (default: the typed masthead lines, else bulletin.toml)")
    look.add_argument("--date", help="date on the masthead, as 2016-06-03 or 2016年6月3日 (default: the typed "
                                     "masthead lines, else bulletin.toml, else the latest source date)")
    look.add_argument("--toc-depth", type=int, default=2, choices=range(1, MAX_TOC_DEPTH + 1), metavar="N",
                      help="heading levels listed in the .docx contents (default: 2)")
    look.add_argument("--page-numbers", choices=PAGE_NUMBER_SOURCES, default="compute",
                      help="how the .docx contents get their page numbers: computed from the layout, and "
                           "asked of LibreOffice headless where the layout model is unsure (default); "
                           "model: computed only; libreoffice: always asked of LibreOffice")
    look.add_argument("--update-fields-on-open", action="store_true",
                      help="the .docx asks Word to update its fields (contents, page numbers) on every "
                           "open; off by default: Word then asks a question each time, and the numbers "
                           "are already right")
    look.add_argument("--full", action="store_true", help="PDF: every paragraph instead of a digest")
    look.add_argument("--font", metavar="FONT",
                      help="PDF body face: a .ttf/.ttc file, a family name, or 'bundled' (default: 仿宋 or 宋体 "
                           "when the machine has one, e.g. simfang.ttf or AR PL UMing, else the bundled Noto Sans SC)")

    def add(name: str, handler: Callable, help_text: str, parents: list | None = None) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=parents or [])
        sub.set_defaults(handler=handler)
        return sub

    sub = add("all", _write(KINDS), "write the .docx, the PDF digest and the Excel annex", [outputs])
    sub.add_argument("--only", metavar="KINDS", help="a subset, e.g. --only docx,pdf")
    add("docx", _write(("docx",)), "write the formatted .docx with a working table of contents", [outputs])
    add("pdf", _write(("pdf",)), "write the PDF digest", [outputs])
    add("xlsx", _write(("xlsx",)), "write the Excel annex of figures", [outputs])
    for name, handler, help_text in (
        ("tree", _tree, "print the section tree the reader finds"),
        ("figures", _figures, "print the figures (quantities) found in the text"),
    ):
        sub = add(name, handler, help_text)
        sub.add_argument("file", metavar="FILE", help="a .docx, .doc, .wps, .odt or .rtf bulletin")
        sub.add_argument(*CONVERT_TIMEOUT_FLAG, **CONVERT_TIMEOUT_OPTION)
        sub.add_argument("--json", action="store_true", help="print JSON instead of text")
        sub.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
        sub.add_argument(*VERBOSE_FLAG, **VERBOSE_OPTION)
    return parser
