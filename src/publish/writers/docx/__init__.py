"""The formatted .docx: masthead, a table of contents as Word writes it, and the articles.

``write_docx(document, masthead, path)`` takes every style, the page set-up, the footer and the font
table from a reference .docx (``templates/reference.docx`` unless ``template`` names another, like
pandoc's ``--reference-doc``), throws its body away and writes ours. The body is built as XML text
directly: no python-docx proxies, nothing parsed per paragraph.

The contents are one ``TOC N`` paragraph per heading down to ``toc_depth``, each a ``w:hyperlink``
to the heading's bookmark holding the title, a dot-leader tab and a ``PAGEREF`` field whose cached
result is the page number, all inside a TOC field inside a ``w:sdt`` (docPartGallery "Table of
Contents"). LibreOffice and WPS show the cached numbers as they are, so they are computed before
writing (``publish.layout.pagination``). Where that model knows it is unsure (``BodyBuilder.uncertain``:
equations, pictures without a size, characters it has no widths for, tables it cannot lay out
exactly), they are asked of LibreOffice itself (``publish.layout.lo_pages``) when it is installed,
and otherwise the caller is warned once; ``page_numbers="model"`` never asks, ``"libreoffice"``
always does. Word is not asked to refresh fields on open
(``update_fields=True`` asks it): it would put a question to the editor on every open.

What the reader must recognise, it can: headings use styles named ``heading N`` with an outline
level; the masthead paragraphs use styles whose names start with "Masthead", the contents title
"TOC Heading", the column line "Column Label", source lines "Source Line" (their text as written).

The package, a module a job; its imports go one way, from the top of this list down:

- ``body``: ``BodyBuilder``, document.xml's body as text, the notes' parts, and the page model's items;
- ``package``: the output package on python-docx's package layer: parts related, our XML put in, saved;
- ``template``: the reference .docx (``load_template``): its styles by name, its section, its page layout;
- ``numbering``: list levels and numbering.xml; ``tables``: the grid's column widths; ``images``: the
  pictures' kinds and sizes;
- ``xml``: the namespaces, and runs of text (with their properties and equations) as XML.
"""

from __future__ import annotations

from pathlib import Path

from ...model import Document, Masthead
from ...options import PAGE_NUMBER_SOURCES as PAGE_NUMBER_MODES
from .body import BodyBuilder
from .package import Package
from .template import DEFAULT_TEMPLATE, STYLE_NAMES, Reference, load_template

__all__ = ["DEFAULT_TEMPLATE", "PAGE_NUMBER_MODES", "STYLE_NAMES", "Reference", "load_template", "write_docx"]


def write_docx(document: Document, masthead: Masthead, path: Path, *, template: Path | None = None,
               toc_depth: int = 2, page_numbers: str = "compute", update_fields: bool = False) -> tuple[str, ...]:
    """Write the bulletin to ``path``; return what the caller should be warned about."""
    if page_numbers not in PAGE_NUMBER_MODES:
        raise ValueError(f"page_numbers must be one of {PAGE_NUMBER_MODES}, not {page_numbers!r}")
    reference = load_template(Path(template) if template else DEFAULT_TEMPLATE)
    warnings: list[str] = list(reference.warnings)
    package = Package(reference, update_fields=update_fields)
    body = BodyBuilder(reference, package, max(1, toc_depth))
    body.build(document, masthead)
    warnings += body.warnings

    pages, layout_warnings = body.compute_pages()
    warnings += layout_warnings
    unsure = " and ".join(sorted(body.uncertain))
    ask_libreoffice = page_numbers == "libreoffice" or (page_numbers == "compute" and bool(body.uncertain))
    if body.uncertain and page_numbers == "model":
        warnings.append(f"The contents' page numbers are computed around {unsure}, which the layout model can "
                        "only estimate; --page-numbers libreoffice takes them from LibreOffice")

    def save(numbers: dict[str, int]) -> None:
        package.save(path, body.document_xml(numbers), body.numbering_xml(document), body.notes_xml(),
                     document, masthead)

    save(pages)
    if ask_libreoffice and body.toc_entries:
        from ...layout import lo_pages

        found, problem = lo_pages.bookmark_pages(
            path, [entry.anchor for entry in body.toc_entries],
            lo_pages.TIMEOUT_SECONDS if page_numbers == "libreoffice" else lo_pages.UNSURE_TIMEOUT_SECONDS)
        if problem and page_numbers == "compute":
            # The one warning for a document the model is unsure of, when LibreOffice cannot help here.
            remedy = (f"--page-numbers libreoffice gives it up to {lo_pages.TIMEOUT_SECONDS} s"
                      if problem == lo_pages.TOO_SLOW.format(lo_pages.UNSURE_TIMEOUT_SECONDS) else
                      "with LibreOffice installed, --page-numbers libreoffice takes them from it")
            warnings.append(f"The contents' page numbers are computed around {unsure}, which the layout model "
                            f"can only estimate, and LibreOffice could not lay them out ({problem}); {remedy}")
        elif problem:
            warnings.append(f"LibreOffice could not give the page numbers ({problem}); computed ones were kept")
        else:
            mismatched = sum(1 for entry in body.toc_entries if found.get(entry.anchor) != pages.get(entry.anchor))
            if mismatched:
                save({**pages, **found})
    return tuple(warnings)
