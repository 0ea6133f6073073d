"""A writer in a forked child: what comes back when it succeeds, fails or dies."""

from __future__ import annotations

import os

import pytest

from publish.errors import PublishError
from publish.parallel import ChildCall, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def test_a_child_returns_its_result() -> None:
    assert ChildCall(divmod, 17, 5).result() == (3, 2)


def test_a_child_reports_the_exception_it_raised() -> None:
    with pytest.raises(ZeroDivisionError):
        ChildCall(divmod, 1, 0).result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(PublishError, match="exit status 3"):
        ChildCall(os._exit, 3).result()
