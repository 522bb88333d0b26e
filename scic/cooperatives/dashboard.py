"""Dashboard panels: each domain package registers what needs doing in its area."""

from __future__ import annotations

from collections.abc import Callable

from scic.cooperatives.models import Cooperative

Panel = Callable[[Cooperative], dict | None]
_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    """Add a panel (a function of the cooperative returning a template context, or None)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def dashboard_context(cooperative: Cooperative) -> dict:
    return {
        "cooperative": cooperative,
        "panels": [p for p in (panel(cooperative) for panel in _PANELS) if p],
    }
