"""Small helpers shared by views: flashing violations, the one commit per request."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash

from scic.core.db import db
from scic.core.messages import describe
from scic.core.violations import RuleViolation, Violation


def flash_violations(violations: list[Violation]) -> None:
    """Show each violation as a translated error message."""
    for violation in violations:
        flash(describe(violation), "error")


def run_and_commit(action: Callable[[], object], success: str, target):
    """Call one service, commit once and flash ``success``; on a refusal, roll back and flash
    every reason. Either way answer ``target`` (a redirect)."""
    try:
        action()
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return target
    db.session.commit()
    flash(success, "success")
    return target
