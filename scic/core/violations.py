"""Rule violations and compliance checks: what pure rules return about the law and statutes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Violation:
    """One broken rule, as data: a stable code, the DOMAIN.md rule ID and the figures involved.

    Rules never build sentences; ``messages.py`` modules turn codes into translated text.
    ``subject`` names what is at fault (a college code, a category code, a CSV line...).
    """

    code: str
    rule: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    subject: str | None = None


class RuleViolation(Exception):  # noqa: N818 - reads as "raise RuleViolation(...)" in services
    """Raised by a service when one or more rules refuse a change; nothing is written."""

    def __init__(self, violations: list[Violation] | Violation) -> None:
        self.violations = [violations] if isinstance(violations, Violation) else list(violations)
        super().__init__(", ".join(v.code for v in self.violations))


class CheckStatus(StrEnum):
    """Outcome of one compliance check: the rule holds, is close to breaking, or is broken."""

    PASS = "pass"  # noqa: S105 - a status, not a password
    WARNING = "warning"
    FAIL = "fail"


@dataclass(frozen=True)
class ComplianceCheck:
    """One line of the cooperative's compliance at a date, as data (DOMAIN §4 rule IDs).

    ``code`` names the finding and ``action`` what to do (message codes translated by
    ``messages.py`` modules, like a Violation's); ``params`` are the figures, kept as data
    (cents, dates, fractions) so that each medium, the page or the PDF, formats them itself.
    ``subject`` names the member or college at fault, when there is one.
    """

    rule: str
    code: str
    status: CheckStatus
    params: Mapping[str, object] = field(default_factory=dict)
    subject: str | None = None
    action: str | None = None


def sort_checks(checks: Iterable[ComplianceCheck]) -> list[ComplianceCheck]:
    """Order checks failures first, then warnings, then the rules that hold (stable)."""
    order = {CheckStatus.FAIL: 0, CheckStatus.WARNING: 1, CheckStatus.PASS: 2}
    return sorted(checks, key=lambda c: order[c.status])
