"""The hand-written calendar invitation follows RFC 5545."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scic.assemblies.ics import build_ics, escape_text, fold, utc_stamp

PARIS = ZoneInfo("Europe/Paris")


def test_invitation_uses_crlf_and_utc_start():
    start = datetime(2026, 6, 12, 18, 0, tzinfo=PARIS)
    data = build_ics(
        uid="assembly-1@example.org",
        start=start,
        end=datetime(2026, 6, 12, 21, 0, tzinfo=PARIS),
        stamp=datetime(2026, 5, 1, 8, 0, tzinfo=UTC),
        summary="AG, annuelle; 2026",
        location="Salle des fêtes",
        description="1. Comptes\n2. Quitus",
    )
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    assert "DTSTART:20260612T160000Z\r\n" in text  # 18:00 Paris in summer is 16:00 UTC
    assert "DTEND:20260612T190000Z\r\n" in text
    assert "SUMMARY:AG\\, annuelle\\; 2026\r\n" in text
    assert "DESCRIPTION:1. Comptes\\n2. Quitus\r\n" in text
    assert "METHOD:PUBLISH" in text
    assert "UID:assembly-1@example.org" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\r\nb", "a\\nb"),
        ("a\nb", "a\\nb"),
    ],
)
def test_escape_text(raw, escaped):
    assert escape_text(raw) == escaped


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        utc_stamp(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001 - the naive value is the point
