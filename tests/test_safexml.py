"""The one XML parser: no DOCTYPE, and a reason on one line for XML that is not well-formed."""

from __future__ import annotations

import pytest

from publish import safexml


@pytest.mark.parametrize(("data", "reason"), [
    (b"<a><b></a>", "is not well-formed XML (Opening and ending tag mismatch: b line 1 and a, line 1, column 11)"),
    # libxml2 quotes the bytes of an unterminated comment over several lines: one line is kept, and where.
    ("<a><!--\n┌──┬\n".encode(), "is not well-formed XML (Comment not terminated, line 3, column 1)"),
    (b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "declares a DOCTYPE; refused (entities are not allowed in .docx)"),
])
def test_a_refusal_is_one_line_naming_the_fault(data, reason):
    with pytest.raises(safexml.UnsafeXML) as refused:
        safexml.parse(data)
    assert str(refused.value) == reason
