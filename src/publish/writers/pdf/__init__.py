"""The PDF digest, set with reportlab.

This package imports nothing itself, so that ``fonts`` (the font cache, which the pipeline asks before
any PDF is written) comes without reportlab; the modules that draw import reportlab at their top, and
are imported only when a PDF is written. Each module imports only those listed below it (``cidfont``
before ``faces``), never one above.

- ``document``: ``write_pdf`` and ``prepare``; the document template, the canvas, each page's header and footer.
- ``story``: the story's flowables: contents, articles (digest or full), paragraphs as spans, notes, links.
- ``tables``: ``Grid`` and the digest's figure tables and key-figure boxes; the author's tables, their widths.
- ``chart``: ``Sketch`` and the money chart drawn with it.
- ``images``: the author's pictures, and framed placeholders for those the PDF cannot draw.
- ``flowables``: ``Text`` (a paragraph) with its spans and looks; ``Cover``, ``ContentsEntry``, ``Later``.
- ``state``: what one document's layout knows and gathers (pages of destinations, contents numbers, warnings).
- ``faces``: the font pair as the layout measures it (advance widths, covered characters), registered per document.
- ``cidfont``: embeds a weight as one CID-keyed font.
- ``styles``: the page's geometry, the colours and the paragraph styles.
- ``system_fonts``: the machine's 仿宋/宋 body face, cut and cached like the pair (no reportlab).
- ``fonts``: the cached Noto Sans SC pair, cut from the variable font once (no reportlab).
- ``fillers``: the machine's faces that fill what the others lack (DejaVu Sans, DejaVu Math TeX Gyre).
- ``machine``: the font cache's folder and writes, the machine's font folders and files.
"""
