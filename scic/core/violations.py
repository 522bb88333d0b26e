"""Rule violations: what a pure rule returns when the law or the statutes are broken."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
