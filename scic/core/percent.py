"""College weights in percent at the edges, exact fractions of 1 inside.

Inside the code (models, rules, services, documents) a college weight is a ``Fraction`` of 1:
``Fraction(1, 2)`` is half the voting rights. The statutes (``scic-statutes/1``), the tally file
(``scic-tally/1``), the forms and the results frozen at closing write weights in percent, exact
(``"50"``, ``"100/3"``, ``"33.5"``; FORMATS.md): they go through these functions, and pages
show a weight with the ``percent`` filter (``format_percent``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def from_percent(value: Fraction | Decimal | int | str) -> Fraction:
    """Read a weight written in percent (``"50"``, ``"100/3"``, ``Decimal("33.5")``) as a fraction
    of 1; raise ``ValueError`` on text that is not a number."""
    return Fraction(value) / 100


def to_percent(weight: Fraction) -> Fraction:
    """The percent a fraction of 1 stands for, exact: ``Fraction(1, 3)`` gives ``100/3``."""
    return Fraction(weight) * 100


def percent_text(weight: Fraction) -> str:
    """Write a fraction of 1 as the exact percent of the exchange formats: ``Fraction(1, 3)`` gives
    ``"100/3"``, ``Fraction(1, 2)`` gives ``"50"`` (``Fraction()`` reads it back)."""
    return str(to_percent(weight))
