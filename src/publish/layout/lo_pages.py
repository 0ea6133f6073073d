"""Ask LibreOffice where each contents entry's heading lands (``--page-numbers libreoffice``).

LibreOffice converts the written .docx to PDF headless; every contents entry is a ``w:hyperlink`` to
its heading's bookmark, which LibreOffice exports as a PDF link to the heading's page. The links on
the contents pages, top to bottom, are the entries in order, so their targets are the page numbers.
This needs ``soffice`` and pypdf; the caller keeps its computed numbers when either is missing or
the conversion fails. It costs a LibreOffice start-up (2–4 s), so by default it is asked only for
documents the layout model is unsure of.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180
# When the model is unsure and LibreOffice is asked unbidden, it may take this long before the
# computed numbers are kept with a warning (a 300-page stress file takes over 3 minutes).
UNSURE_TIMEOUT_SECONDS = 60
TOO_SLOW = "it took longer than {:g} s"  # the one problem a longer timeout can cure


def bookmark_pages(docx: Path, anchors: list[str], timeout: float = TIMEOUT_SECONDS) -> tuple[dict[str, int], str | None]:
    """The page of each anchor, in contents order; or ({}, why not)."""
    from ..errors import PublishError
    from ..libreoffice import find_soffice, run_soffice

    try:
        soffice = find_soffice()
    except PublishError as error:
        return {}, str(error)
    if soffice is None:
        return {}, "soffice is not installed"
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}, "pypdf is not installed"
    with tempfile.TemporaryDirectory(prefix="publish-lo-") as folder:
        work = Path(folder)
        source = work / "pages.docx"
        shutil.copyfile(docx, source)
        profile = work / "profile"
        try:
            # Its own process group, killed whole on a timeout or Ctrl-C: no soffice.bin is left running.
            run_soffice([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                         "--convert-to", "pdf", "--outdir", str(work), str(source)], timeout, cwd=work)
        except subprocess.TimeoutExpired:
            return {}, TOO_SLOW.format(timeout)
        except (OSError, subprocess.SubprocessError) as error:
            return {}, f"the conversion failed: {type(error).__name__}"
        pdf = work / "pages.pdf"
        if not pdf.is_file():
            return {}, "the conversion wrote no PDF"
        try:
            targets = _link_targets(PdfReader(str(pdf)), len(anchors))
        except Exception as error:  # noqa: BLE001 - a PDF we cannot read means "no answer", not a crash
            return {}, f"its PDF could not be read ({type(error).__name__})"
    if len(targets) < len(anchors):
        return {}, f"its PDF has {len(targets)} contents links for {len(anchors)} entries"
    return dict(zip(anchors, targets)), None


def _link_targets(reader, wanted: int) -> list[int]:  # noqa: ANN001 - pypdf.PdfReader
    """Targets (1-based pages) of the first ``wanted`` internal links, in reading order."""
    targets = [t for t in link_targets(reader, range(1, len(reader.pages) + 1)) if t is not None]
    return targets[:wanted]


def link_targets(reader, pages: range) -> list[int | None]:  # noqa: ANN001 - pypdf.PdfReader
    """Pages (1-based) that the link annotations on ``pages`` point to, top to bottom; None: unresolved."""
    page_numbers = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    found: list[tuple[int | None, tuple]] = []
    for index in pages:
        links = []
        for annotation in reader.pages[index - 1].get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest")
            if destination is None and annotation.get("/A") is not None:
                destination = annotation["/A"].get("/D")
            target, where = None, ()
            if isinstance(destination, str):
                named = reader.named_destinations.get(destination)
                if named is not None:
                    target, where = reader.get_destination_page_number(named) + 1, (destination,)
            elif destination is not None and len(destination) > 0:
                target = page_numbers.get(destination[0].idnum)
                where = tuple(str(value) for value in destination[1:])
            rect = [float(value) for value in annotation["/Rect"]]
            links.append((-max(rect[1], rect[3]), rect[0], target, where))
        for _, _, target, where in sorted(links, key=lambda link: link[:2]):
            # an entry that wraps gives one link per line, all to the same spot
            if found and where and (target, where) == found[-1]:
                continue
            found.append((target, where))
    return [target for target, _ in found]
