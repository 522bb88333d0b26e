"""The one clock of the application: the legal date in France and the current instant.

- ``today()`` is the legal date: the calendar day in Europe/Paris, whatever the server's time
  zone (a subscription signed at 00:30 in Paris on 1 January belongs to the new year, even though
  it is still 31 December in UTC).
- ``now()`` is the current instant as an *aware UTC* datetime: that is how timestamps are stored
  (``core.db.UTCDateTime``) and compared. Turn an instant into a legal date with
  ``legal_date(instant)``, never with ``instant.date()``.

Only views and CLI commands read the clock; rules and services take ``today``/``now`` as arguments.
``date.today()`` and naive ``datetime.now()`` are banned by ruff's DTZ rules (pyproject.toml).

Tests freeze the clock with ``frozen(at)`` (or the ``frozen_clock`` fixture): every ``today()``
and ``now()`` then answers from the given instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

#: The time zone of legal dates (the cooperatives are French; DOM-TOM are out of scope).
PARIS = ZoneInfo("Europe/Paris")


def _system_now() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_now


def now() -> datetime:
    """Return the current instant, aware, in UTC."""
    return _source().astimezone(UTC)


def legal_date(instant: datetime) -> date:
    """Return the calendar day in Europe/Paris of an aware instant (a naive one is refused)."""
    if instant.tzinfo is None:
        raise ValueError("legal_date() needs an aware datetime")
    return instant.astimezone(PARIS).date()


def today() -> date:
    """Return the legal date: today in Europe/Paris."""
    return legal_date(now())


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Make ``now()`` return ``at`` (aware) and ``today()`` its Paris day, inside the block."""
    global _source
    if at.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    previous = _source
    _source = lambda: at  # noqa: E731 - a constant source is the point
    try:
        yield at
    finally:
        _source = previous
