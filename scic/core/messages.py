"""Turn rule violations into translated sentences.

Each domain package's ``messages.py`` registers its codes here, so the rules stay free of
sentences and every message lives in exactly one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scic.core.violations import CheckStatus, ComplianceCheck, Violation

_MESSAGES: dict[str, object] = {}


def register(messages: Mapping[str, object]) -> None:
    """Add a package's code → lazy message table (messages use %(name)s placeholders).

    A code means one thing everywhere: registering it again with another text is an error.
    """
    for code, message in messages.items():
        known = _MESSAGES.get(code)
        if known is not None and getattr(known, "_args", known) != getattr(
            message, "_args", message
        ):
            raise ValueError(f"violation code {code!r} is registered twice with different texts")
        _MESSAGES[code] = message


def _sentence(code: str, params: Mapping[str, object]) -> str:
    template = _MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % {k: _display(k, v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return str(template)


def describe(violation: Violation, *, with_subject: bool = True) -> str:
    """Return the translated sentence for a violation, naming its subject and its rule ID.

    ``with_subject=False`` leaves the subject out, for a sentence shown next to its own field.
    """
    text = _sentence(violation.code, violation.params)
    if violation.subject and with_subject:
        text = f"{violation.subject} : {text}"
    if violation.rule:
        text = f"{text} ({violation.rule})"
    return text


def _display(key: str, value: object) -> object:
    """Format values for a sentence: cents as money, dates and fractions in the locale."""
    from datetime import date
    from fractions import Fraction

    from scic.core.i18n import format_day, format_money_cents, format_number

    if key.endswith("_cents") and isinstance(value, int):
        return format_money_cents(value)
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, Fraction):
        if key in {"share", "cap", "weight_fraction"} or key.endswith(("_share", "_ratio")):
            from scic.core.i18n import format_percent

            return format_percent(value)
        return format_number(Decimal(value.numerator) / Decimal(value.denominator))
    return value


@dataclass(frozen=True)
class CheckText:
    """A compliance check in words, in the current locale: what every medium shows."""

    rule: str
    #: What the rule requires (registered under the code ``rule:<ID>``).
    label: str
    status: CheckStatus
    #: The status in words (registered under ``status:<value>``).
    status_label: str
    subject: str | None
    #: The figures found, formatted for the locale (money, dates, percents).
    finding: str
    action: str | None


def describe_check(check: ComplianceCheck) -> CheckText:
    """Put a compliance check into words: the page and the PDF both show exactly this."""
    return CheckText(
        rule=check.rule,
        label=_sentence(f"rule:{check.rule}", {}),
        status=check.status,
        status_label=_sentence(f"status:{check.status.value}", {}),
        subject=check.subject,
        finding=_sentence(check.code, check.params),
        action=_sentence(check.action, check.params) if check.action else None,
    )


def has_message(code: str) -> bool:
    """Tell whether a code has a registered message (tests prove no raw code reaches a user)."""
    return code in _MESSAGES
