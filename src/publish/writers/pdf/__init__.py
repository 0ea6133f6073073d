"""The PDF digest, set with reportlab.

This package imports nothing itself, so that ``fonts`` (the font cache, which the pipeline asks before
any PDF is written) comes without reportlab; the modules that draw import reportlab at their top, and
are imported only when a PDF is written.

- ``document``: ``write_pdf`` and ``prepare``; the document template, the canvas, and each page's footer.
- ``fonts``: the cached Noto Sans SC pair, cut from the variable font once; ``cidfont`` embeds it.
"""
