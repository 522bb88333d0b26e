"""Members, capital and assemblies of the demo cooperative (filled in through the services)."""

from __future__ import annotations

commands = ()


def populate(cooperative) -> None:
    """Add the demo members, movements and assemblies (deterministic)."""
