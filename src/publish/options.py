"""What a job is asked to do (``Options``) and what it did (``Result``): the library call's types.

``publish.publish(path, Options(...))`` takes these; the command line maps its arguments onto them in
one place (``cli._options``), so no other module knows argparse.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

KINDS = ("docx", "pdf", "xlsx")
# compute: the layout model, and LibreOffice's own layout where the model knows it is unsure (when
# LibreOffice is installed; else a warning); model: the model alone; libreoffice: LibreOffice always.
PAGE_NUMBER_SOURCES = ("compute", "model", "libreoffice")
MAX_TOC_DEPTH = 9  # Word's TOC field takes heading levels 1–9
DEFAULT_CONVERT_TIMEOUT_SECONDS = 60.0

PageNumberSource = Literal["compute", "model", "libreoffice"]


@dataclass(frozen=True)
class MastheadOverrides:
    """Masthead parts that win over ``bulletin.toml`` and the document; ``None`` leaves a part to them."""

    name: str | None = None
    issue: str | None = None
    unit: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Options:
    """One job: which outputs, where, and how they look.

    ``template``: a reference .docx whose styles the .docx uses (``bulletin.toml`` beside it gives the
    masthead defaults); ``None``: ``./templates/reference.docx`` when the current folder has one, else the
    one the package ships. ``page_numbers``: the .docx contents' numbers computed by the layout model, and
    asked of LibreOffice headless where the model is unsure ("compute"), the model's alone ("model"),
    or LibreOffice's for every document ("libreoffice"). ``update_fields_on_open``: the .docx asks Word to refresh its fields
    (contents, page numbers) each time it is opened; off by default, as Word then asks a question on
    every open and the numbers are right without it. ``full_pdf``: every paragraph in the PDF instead of a digest.
    ``convert_timeout``: seconds LibreOffice may take to convert a .doc, .wps, .odt or .rtf first.
    ``pdf_font``: the PDF's body face (a font file, a family fontconfig knows, or "bundled" for Noto Sans SC);
    ``None``: ``font`` under ``[pdf]`` in bulletin.toml, else the machine's 仿宋 or 宋体, else Noto Sans SC.
    """

    outputs: tuple[str, ...] = KINDS
    output_dir: Path = Path("out")
    masthead: MastheadOverrides = field(default_factory=MastheadOverrides)
    template: Path | None = None
    toc_depth: int = 2
    page_numbers: PageNumberSource = "compute"
    update_fields_on_open: bool = False
    full_pdf: bool = False
    convert_timeout: float = DEFAULT_CONVERT_TIMEOUT_SECONDS
    pdf_font: str | None = None  # the PDF's body face: a font file, a family, or "bundled"; None: 仿宋/宋体 if here

    def __post_init__(self) -> None:
        # A caller's mistake, not the editor's: ValueError, raised before any file is touched.
        if not self.outputs or any(kind not in KINDS for kind in self.outputs):
            raise ValueError(f"outputs must be some of {', '.join(KINDS)}; got {self.outputs!r}")
        if not 1 <= self.toc_depth <= MAX_TOC_DEPTH:
            raise ValueError(f"toc_depth must be 1 to {MAX_TOC_DEPTH}; got {self.toc_depth!r}")
        if self.page_numbers not in PAGE_NUMBER_SOURCES:
            raise ValueError(f"page_numbers must be one of {', '.join(PAGE_NUMBER_SOURCES)}; got {self.page_numbers!r}")
        if not 0 < self.convert_timeout < math.inf:
            raise ValueError(f"convert_timeout must be a number of seconds above 0; got {self.convert_timeout!r}")
        # Outputs are written in KINDS order whatever order they were given in.
        object.__setattr__(self, "outputs", tuple(kind for kind in KINDS if kind in self.outputs))
        object.__setattr__(self, "output_dir", Path(self.output_dir))
        if self.template is not None:
            object.__setattr__(self, "template", Path(self.template))


@dataclass(frozen=True)
class Result:
    """What one job wrote: the output paths (in KINDS order), the warnings, and each stage's seconds.

    ``details`` are the particulars behind summary warnings (each guessed heading), for a caller that
    wants them (the command line prints them with ``-v``).
    """

    written: tuple[Path, ...]
    warnings: tuple[str, ...]
    details: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
