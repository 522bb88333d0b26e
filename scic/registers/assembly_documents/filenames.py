"""File names of the assembly papers."""

from __future__ import annotations

from scic.assemblies import queries as assembly_queries
from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative

# --- Files and the audit bundle -----------------------------------------------------------------


def _stem(assembly: Assembly) -> str:
    return f"{assembly_queries.assembly_day(assembly).isoformat()}-ag{assembly.id}"


def minutes_filename(assembly: Assembly) -> str:
    return f"proces-verbal-{_stem(assembly)}.pdf"


def attendance_filename(assembly: Assembly) -> str:
    return f"feuille-presence-{_stem(assembly)}.pdf"


def convocation_filename(assembly: Assembly) -> str:
    return f"convocation-{_stem(assembly)}.pdf"


def register_filename(cooperative: Cooperative) -> str:
    return f"registre-proces-verbaux-{cooperative.slug}.pdf"
