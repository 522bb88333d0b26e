"""Small helpers shared by views: flashing violations, the one commit per request."""

from __future__ import annotations

from flask import flash

from scic.core.messages import describe
from scic.core.violations import Violation


def flash_violations(violations: list[Violation]) -> None:
    """Show each violation as a translated error message."""
    for violation in violations:
        flash(describe(violation), "error")
