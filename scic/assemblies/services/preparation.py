"""Preparing an assembly: its setup, its agenda and the second call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from scic.assemblies import queries, rules
from scic.assemblies.models import AgendaItem, Assembly
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS  # noqa: F401 - re-exported
from scic.assemblies.services.locking import _record, ensure_editable
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation

#: Callables ``(first_assembly, second_assembly)`` called when a second call is created.
SECOND_CALL_HOOKS: list[Callable[[Assembly, Assembly], None]] = []


# --- Preparation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssemblyInput:
    """What the secretary sets for an assembly; ``starts_at`` is aware (UTC once stored)."""

    type: str
    title: str
    starts_at: datetime
    place: str = ""
    video_link: str = ""
    remote_mode: str = "none"
    approves_accounts_of: int | None = None


def _check_setup(cooperative: Cooperative, data: AssemblyInput) -> None:
    if data.starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    settings = queries.settings_of(cooperative)
    if problems := rules.check_assembly_setup(
        data.type,
        cooperative.legal_form,
        data.remote_mode,
        has_place=bool(data.place.strip()),
        has_video_link=bool(data.video_link.strip()),
        fully_remote_allowed=settings.fully_remote_allowed,
    ):
        raise RuleViolation(problems)


def _fields(data: AssemblyInput) -> dict:
    from datetime import UTC

    return {
        "type": rules.AssemblyType(data.type).value,
        "title": data.title.strip(),
        "starts_at": data.starts_at.astimezone(UTC),
        "place": data.place.strip(),
        "video_link": data.video_link.strip(),
        "remote_mode": rules.RemoteMode(data.remote_mode).value,
        "approves_accounts_of": data.approves_accounts_of,
    }


def create_assembly(cooperative: Cooperative, data: AssemblyInput, *, by=None) -> Assembly:
    """Prepare a first-call assembly (R-AG-9 venue, R-AG-10 written consultation)."""
    _check_setup(cooperative, data)
    assembly = Assembly(
        cooperative_id=cooperative.id, call_number=1, status="draft", **_fields(data)
    )
    assembly.cooperative = cooperative
    db.session.add(assembly)
    db.session.flush()
    _record("assembly.create", assembly, assembly, by, _snapshot(assembly))
    return assembly


def _snapshot(assembly: Assembly) -> dict:
    return {
        "type": assembly.type,
        "title": assembly.title,
        "starts_at": assembly.starts_at,
        "place": assembly.place,
        "video_link": assembly.video_link,
        "remote_mode": assembly.remote_mode,
        "call_number": assembly.call_number,
        "approves_accounts_of": assembly.approves_accounts_of,
    }


def update_assembly(assembly: Assembly, data: AssemblyInput, *, by=None) -> Assembly:
    """Edit an assembly; its kind and date are frozen once the convocation is sent."""
    ensure_editable(assembly)
    _check_setup(assembly.cooperative, data)
    fields = _fields(data)
    if assembly.status != "draft" and (
        fields["type"] != assembly.type or fields["starts_at"] != assembly.starts_at
    ):
        raise RuleViolation(Violation("convocation_already_sent"))
    before = _snapshot(assembly)
    for key, value in fields.items():
        setattr(assembly, key, value)
    db.session.flush()
    _record(
        "assembly.update", assembly, assembly, by, {"before": before, "after": _snapshot(assembly)}
    )
    return assembly


def _ensure_agenda_open(assembly: Assembly) -> None:
    ensure_editable(assembly)
    if assembly.status != "draft":
        raise RuleViolation(Violation("convocation_already_sent", rule="R-AG-5"))


def add_agenda_item(
    assembly: Assembly, title: str, description: str = "", *, by=None
) -> AgendaItem:
    """Add an item at the end of the agenda (before the convocation, R-AG-5)."""
    _ensure_agenda_open(assembly)
    if not title.strip():
        raise RuleViolation(Violation("text_required", subject="title"))
    position = max((i.position for i in assembly.agenda_items), default=0) + 1
    item = AgendaItem(
        assembly=assembly, position=position, title=title.strip(), description=description.strip()
    )
    db.session.add(item)
    db.session.flush()
    _record(
        "agenda_item.create",
        item,
        assembly,
        by,
        {"assembly_id": assembly.id, "position": position, "title": item.title},
    )
    return item


def remove_agenda_item(item: AgendaItem, *, by=None) -> None:
    """Remove an item from the agenda (before the convocation)."""
    assembly = item.assembly
    _ensure_agenda_open(assembly)
    _record(
        "agenda_item.delete", item, assembly, by, {"assembly_id": assembly.id, "title": item.title}
    )
    assembly.agenda_items.remove(item)
    db.session.delete(item)
    for position, other in enumerate(assembly.agenda_items, start=1):
        other.position = position
    db.session.flush()


def create_second_call(first: Assembly, *, starts_at: datetime, by=None) -> Assembly:
    """Create the second call of a first-call assembly that missed its quorum (§6.6 step 6).

    The agenda is copied; then every hook of ``SECOND_CALL_HOOKS`` runs with (first, second).
    The first assembly itself is not changed (it may already be locked).
    """
    if problems := rules.check_second_call(
        first.status in ("closed", "locked"), first.quorum_reached, first.call_number
    ):
        raise RuleViolation(problems)
    data = AssemblyInput(
        first.type,
        first.title,
        starts_at,
        first.place,
        first.video_link,
        first.remote_mode,
        first.approves_accounts_of,
    )
    _check_setup(first.cooperative, data)
    second = Assembly(
        cooperative_id=first.cooperative_id,
        call_number=2,
        first_call_id=first.id,
        status="draft",
        **_fields(data),
    )
    second.cooperative = first.cooperative
    db.session.add(second)
    for item in first.agenda_items:
        db.session.add(
            AgendaItem(
                assembly=second,
                position=item.position,
                title=item.title,
                description=item.description,
            )
        )
    db.session.flush()
    for hook in SECOND_CALL_HOOKS:
        hook(first, second)
    db.session.flush()
    _record(
        "assembly.second_call", second, second, by, {"first_call_id": first.id, **_snapshot(second)}
    )
    return second
