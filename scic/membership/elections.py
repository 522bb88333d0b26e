"""The calendar of general elections that ends councils' terms, read from shipped data.

The dates live in ``data/elections.csv`` (kind, first round, settled or expected) so that a new
decree is a line of data; ``mandate_rules`` receives them and never holds a date itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from scic.membership.mandate_rules import ElectionCalendar, parse_election_calendar


@cache
def election_calendar() -> ElectionCalendar:
    """Return the election dates per kind, read once per process (§8 #24)."""
    text = resources.files("scic.membership").joinpath("data/elections.csv").read_text("utf-8")
    return parse_election_calendar(text.splitlines())
