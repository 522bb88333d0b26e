"""The cooperative menu: each domain registers its entries with the roles that see them."""

from __future__ import annotations

from flask import current_app, g

from scic.cooperatives.models import Role
from scic.core.i18n import _l

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.SECRETARY: _l("Secretary"),
    Role.AUDITOR: _l("Auditor"),
    Role.MEMBER: _l("Member"),
    Role.REPRESENTATIVE: _l("Representative"),
}

_ENTRIES: list[tuple[int, str, object, tuple[Role, ...]]] = []


def add_entry(order: int, endpoint: str, label, roles: tuple[Role, ...]) -> None:
    """Show ``label`` linking to ``endpoint`` to users holding one of ``roles`` (all if empty)."""
    if all(e[1] != endpoint for e in _ENTRIES):
        _ENTRIES.append((order, endpoint, label, roles))
        _ENTRIES.sort(key=lambda e: e[0])


def nav_entries() -> list[tuple[str, object, tuple[Role, ...]]]:
    roles = g.get("roles", set())
    return [
        (endpoint, label, allowed)
        for _order, endpoint, label, allowed in _ENTRIES
        if endpoint in current_app.view_functions and (not allowed or roles & set(allowed))
    ]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(Role(role), role))
