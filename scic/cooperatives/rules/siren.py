"""The SIREN number: nine digits with a Luhn key."""

from __future__ import annotations


def siren_key(first_eight: str) -> int:
    """Return the Luhn check digit completing eight SIREN digits."""
    if len(first_eight) != 8 or not first_eight.isascii() or not first_eight.isdigit():
        raise ValueError("eight ASCII digits expected")
    return (10 - _luhn_sum(first_eight + "0") % 10) % 10


def _luhn_sum(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def is_siren_valid(siren: str) -> bool:
    """Return whether a SIREN is nine ASCII digits with a valid Luhn key."""
    if len(siren) != 9 or not siren.isascii() or not siren.isdigit():
        return False
    return _luhn_sum(siren) % 10 == 0
