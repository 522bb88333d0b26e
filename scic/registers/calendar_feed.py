"""The calendar feed of a cooperative's deadlines as iCalendar (RFC 5545), with ``icalendar``.

Deadlines are all-day events (a legal deadline is a day, whatever the time zone of the reader's
calendar); an assembly's session is a timed event in UTC. Each UID is stable across feeds, so a
calendar application updates an event when its date moves instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from scic.cooperatives.calendar_rules import Deadline, DeadlineKind

#: A session lasts this long in the feed when the assembly says nothing of its end.
SESSION_LENGTH = timedelta(hours=2)


def build_feed(
    name: str,
    slug: str,
    items: Iterable[tuple[Deadline, str, str | None]],
    *,
    stamp: datetime,
) -> bytes:
    """One VCALENDAR of (deadline, its sentence, a link to its page or None)."""
    calendar = Calendar()
    calendar.add("prodid", "-//scic//deadlines//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for deadline, title, url in items:
        event = Event()
        event.add("uid", f"{deadline.key}@{slug}.scic")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("summary", title)
        if deadline.at is not None:
            start = deadline.at.astimezone(UTC)
            event.add("dtstart", start)
            event.add("dtend", start + SESSION_LENGTH)
        else:
            event.add("dtstart", deadline.day)
            event.add("dtend", deadline.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if url:
            event.add("url", url)
            event.add("description", f"{title}\n{url}")
        if deadline.kind is not DeadlineKind.ASSEMBLY:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", timedelta(days=-7))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
