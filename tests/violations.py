"""Helpers to read the violations a rule returns or a service raises."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from scic.core.violations import RuleViolation, Violation


def codes(found: Iterable[Violation] | RuleViolation | pytest.ExceptionInfo) -> list[str]:
    """The codes, in order, of a rule's violations, of a ``RuleViolation`` or of the one that
    ``pytest.raises(RuleViolation)`` caught."""
    if isinstance(found, pytest.ExceptionInfo):
        found = found.value
    if isinstance(found, RuleViolation):
        found = found.violations
    return [v.code for v in found]
