"""Finding a member by what a person types: a number, a name, or a suggestion's label.

The member picker of every form (subscription, payment, proxy, exclusion…) sends the typed
text; ``search_members`` answers the suggestions (``/members/search.json``) and
``resolve_member`` turns the text into one member, or says why it cannot: the same search with
or without JavaScript. Always filtered by cooperative (and statuses when the form needs them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Member, display_name

#: Suggestions sent at most (the person types more to narrow them down).
SUGGESTIONS = 10
#: "12", "12 · Dupont Alex" (a suggestion's label) or "n° 12": the register number first.
_NUMBER = re.compile(r"^\s*(?:n[°o]\s*)?(\d{1,9})(?:\s*[·\-—:]|\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class MemberChoice:
    """A member as the picker shows it."""

    id: int
    number: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.number} · {self.name}"


def typed_number(text: str) -> int | None:
    """The register number a text starts with ("12", "12 · Dupont Alex"), or None."""
    found = _NUMBER.match(text or "")
    return int(found.group(1)) if found else None


def search_members(
    cooperative: Cooperative,
    text: str,
    *,
    statuses: Sequence[str] | None = None,
    limit: int = SUGGESTIONS,
) -> list[MemberChoice]:
    """Members whose number is typed, or whose name (or e-mail) holds every typed word.

    One statement, whatever the membership; at most ``limit`` rows, by name.
    """
    text = (text or "").strip()[:100]
    query = select(Member.id, Member.number, Member.kind, Member.name, Member.first_name).where(
        Member.cooperative_id == cooperative.id
    )
    if statuses:
        query = query.where(Member.status.in_(tuple(statuses)))
    number = typed_number(text)
    if number is not None:
        query = query.where(Member.number == number)
    else:
        words = [w for w in text.lower().split() if w]
        if not words:
            return []
        for word in words:
            query = query.where(
                or_(
                    Member.sort_name.contains(word, autoescape=True),
                    func.lower(Member.email).contains(word, autoescape=True),
                )
            )
    rows = db.session.execute(query.order_by(Member.sort_name, Member.number).limit(limit))
    return [
        MemberChoice(id_, number_, display_name(kind, name, first))
        for id_, number_, kind, name, first in rows
    ]


def choice_of(
    cooperative: Cooperative, member_id: int | None, *, statuses: Sequence[str] | None = None
) -> MemberChoice | None:
    """The picker's label of a member chosen beforehand (a link from the member page, or a
    suggestion picked): None unless a member of this cooperative with an accepted status."""
    if member_id is None:
        return None
    query = select(Member.id, Member.number, Member.kind, Member.name, Member.first_name).where(
        Member.cooperative_id == cooperative.id, Member.id == member_id
    )
    if statuses:
        query = query.where(Member.status.in_(tuple(statuses)))
    row = db.session.execute(query).first()
    if row is None:
        return None
    id_, number, kind, name, first = row
    return MemberChoice(id_, number, display_name(kind, name, first))


def resolver(cooperative: Cooperative, statuses: Sequence[str] | None = None):
    """The callable a ``MemberField`` calls with the typed text: its matches, at most 11
    (one more than shown, so that the error can say there are more). ``resolve.label(id)`` is
    the label of a member the form accepts ("" for another one)."""

    def resolve(text: str) -> list[MemberChoice]:
        return search_members(cooperative, text, statuses=statuses, limit=SUGGESTIONS + 1)

    def label(member_id: int) -> str:
        choice = choice_of(cooperative, member_id, statuses=statuses)
        return choice.label if choice else ""

    resolve.label = label
    return resolve


def bind_picker(field, cooperative: Cooperative, statuses: Sequence[str] | None = None) -> None:
    """Give a ``forms.MemberField`` its search: the resolver and the suggestions' URL."""
    from flask import url_for

    field.resolver = resolver(cooperative, statuses)
    field.render_kw = {
        **(field.render_kw or {}),
        "data-search-url": url_for("members.member_search", status=list(statuses or ())),
    }
