"""Words shared by the assembly papers: labels, titles, times, footers."""

from __future__ import annotations

from datetime import datetime

from scic.assemblies import queries as assembly_queries
from scic.assemblies.forms import ASSEMBLY_TYPES
from scic.assemblies.labels import CHANNEL_LABELS, SIGNATORY_LABELS
from scic.assemblies.models import Assembly
from scic.core.i18n import _
from scic.registers.pdf_base import Formatter
from scic.voting.labels import RESOLUTION_KIND_LABELS


def _label(table, key: str | None) -> str:
    if isinstance(table, list):
        table = dict(table)
    return str(table.get(key, key or ""))


# --- Formatting helpers -------------------------------------------------------------------------


def _time(fmt: Formatter, value: datetime | None) -> str:
    """A day and time in Paris, without seconds."""
    if value is None:
        return ""
    return fmt.clock(value)


def _kind_title(assembly: Assembly) -> str:
    return _label(ASSEMBLY_TYPES, assembly.type)


def _call_text(assembly: Assembly) -> str:
    return _("first call") if assembly.call_number == 1 else _("second call")


def _footer(fmt: Formatter, now: datetime, what: str) -> str:
    return _("Generated on %(when)s — %(what)s", when=fmt.moment(now), what=what)


def assembly_label(fmt: Formatter, assembly: Assembly) -> str:
    """Short name of an assembly for footers and lists."""
    return _(
        "%(kind)s of %(day)s",
        kind=_kind_title(assembly),
        day=fmt.day(assembly_queries.assembly_day(assembly)),
    )


def representative_text(representative: str, role: str, identified_by: str) -> str:
    """Who acted for a local authority, as the minutes say it (R-LA-5, §6.9): the name from the
    designations in force that day, their capacity and how their part is known."""
    if not representative:
        return _("no representative designated on that day")
    capacity = _("main representative") if role == "main" else _("alternate representative")
    how = {
        "voted": _("voted with their own account"),
        "recorded": _("recorded by the secretary"),
    }.get(identified_by, _("in office; who attended was not recorded"))
    return _("%(name)s (%(capacity)s, %(how)s)", name=representative, capacity=capacity, how=how)


__all__ = ["CHANNEL_LABELS", "RESOLUTION_KIND_LABELS", "SIGNATORY_LABELS"]
