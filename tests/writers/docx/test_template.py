"""The reference .docx: what is refused in a template."""

from __future__ import annotations

import pytest

from publish.model import Document, Masthead
from publish.writers.docx import write_docx


def test_a_template_declaring_entities_is_refused_not_expanded(tmp_path):
    import zipfile

    from publish.errors import PublishError
    from publish.writers.docx import DEFAULT_TEMPLATE

    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, zipfile.ZipFile(evil, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/styles.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
            target.writestr(name, data)
    with pytest.raises(PublishError, match="declares a DOCTYPE"):
        write_docx(Document(), Masthead("名", "第1期", "单位", "2016年1月1日"), tmp_path / "o.docx", template=evil)
