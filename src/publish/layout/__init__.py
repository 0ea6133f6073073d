"""Where text falls: lines and pages, decided without a word processor.

What each module models, and against what:

- ``pagination``: the page each heading of the written .docx lands on, as LibreOffice 7.4 lays it out
  (line breaking with zh-CN kinsoku, exact line pitches, keep-with-next, tables, notes). Its figures fill
  the .docx contents' page numbers; ``tools/docx_pages.py`` compares them with LibreOffice's own PDF.
- ``metrics``: the advance widths of the faces LibreOffice substitutes for the template's fonts here
  (Noto Sans CJK SC, Liberation Serif), and which of them draws each character.
- ``linebreak``: Chinese line breaking as W3C's clreq gives it (closing marks never start a line,
  numbers and Latin words stay whole), with which the PDF sets its paragraphs.
- ``lo_pages``: the same page numbers asked of LibreOffice headless (``--page-numbers libreoffice``).

Writers import this package; it imports no writer.
"""
