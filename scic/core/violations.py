"""Rule violations and compliance checks: what pure rules return about the law and statutes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction


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


def check_to_data(check: ComplianceCheck) -> dict:
    """A check as JSON-ready data (dates and fractions tagged), e.g. for a background job."""

    def value(v: object) -> object:
        if isinstance(v, date):
            return {"date": v.isoformat()}
        if isinstance(v, Fraction):
            return {"fraction": f"{v.numerator}/{v.denominator}"}
        return v

    return {
        "rule": check.rule,
        "code": check.code,
        "status": check.status.value,
        "params": {k: value(v) for k, v in check.params.items()},
        "subject": check.subject,
        "action": check.action,
    }


def check_from_data(data: Mapping) -> ComplianceCheck:
    """The check that ``check_to_data`` wrote."""

    def value(v: object) -> object:
        if isinstance(v, dict) and "date" in v:
            return date.fromisoformat(v["date"])
        if isinstance(v, dict) and "fraction" in v:
            return Fraction(v["fraction"])
        return v

    return ComplianceCheck(
        data["rule"],
        data["code"],
        CheckStatus(data["status"]),
        {k: value(v) for k, v in data["params"].items()},
        data["subject"],
        data["action"],
    )


def sort_checks(checks: Iterable[ComplianceCheck]) -> list[ComplianceCheck]:
    """Order checks failures first, then warnings, then the rules that hold (stable)."""
    order = {CheckStatus.FAIL: 0, CheckStatus.WARNING: 1, CheckStatus.PASS: 2}
    return sorted(checks, key=lambda c: order[c.status])
