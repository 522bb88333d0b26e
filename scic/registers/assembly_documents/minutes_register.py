"""The register of minutes: every locked assembly's minutes in one PDF."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import force_locale
from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.core.i18n import _
from scic.registers.assembly_documents.minutes import _minutes_document, minutes_section
from scic.registers.assembly_documents.minutes_data import minutes_data
from scic.registers.assembly_documents.wording import assembly_label
from scic.registers.pdf_base import Formatter
from scic.registers.queries import PARIS

#: Assemblies whose minutes exist (the session is over); ``locked`` ones are signed.
MINUTES_STATUSES = ("closed", "locked")


# --- Register of minutes ------------------------------------------------------------------------


def locked_assemblies(
    cooperative: Cooperative, start: date | None = None, end: date | None = None
) -> list[Assembly]:
    """The cooperative's assemblies with signed minutes, in date order (optionally a period)."""
    return _assemblies(cooperative, ("locked",), start, end)


def _assemblies(
    cooperative: Cooperative, statuses: tuple[str, ...], start: date | None, end: date | None
) -> list[Assembly]:
    query = (
        select(Assembly)
        .where(Assembly.cooperative_id == cooperative.id, Assembly.status.in_(statuses))
        .order_by(Assembly.starts_at, Assembly.id)
    )
    if start is not None:
        query = query.where(
            Assembly.starts_at >= datetime.combine(start, datetime.min.time(), PARIS)
        )
    if end is not None:
        query = query.where(Assembly.starts_at <= datetime.combine(end, datetime.max.time(), PARIS))
    return list(db.session.scalars(query))


def write_minutes_register_pdf(
    target: str | BinaryIO, cooperative: Cooperative, *, locale: str, now: datetime
) -> int:
    """The register of minutes: a contents page, then the signed minutes of every locked
    assembly in date order, numbered across (DOMAIN §7, issue 5 item 5)."""
    with force_locale(locale):
        fmt = Formatter(locale)
        what = _("Register of minutes of %(name)s", name=cooperative.name)
        assemblies = locked_assemblies(cooperative)
        records = [minutes_data(a) for a in assemblies]

        def draw(out, starts: dict[int, int]) -> tuple[int, dict]:
            doc = _minutes_document(out, cooperative, fmt, now, what)
            story = doc.story()
            story.section(_("Register of minutes"))
            story.heading(_("Contents"))
            if not assemblies:
                story.paragraph(_("No signed minutes yet."))
            for assembly in assemblies:
                story.kv(
                    _("page %(page)s", page=starts.get(assembly.id, 0)),
                    f"{assembly_label(fmt, assembly)} — {assembly.title}",
                )
            for assembly, data in zip(assemblies, records, strict=True):
                minutes_section(story, fmt, data, anchor=assembly.id)
            return doc.render(story.done()), doc.anchors

        # The contents give the first page of each minutes: lay out once to learn them, then
        # again with them (the contents keep their length: only the numbers change).
        starts: dict[int, int] = {}
        for _attempt in range(3):
            buffer = io.BytesIO()
            pages, anchors = draw(buffer, starts)
            if anchors == starts:
                break
            starts = anchors
        if isinstance(target, str):
            with open(target, "wb") as out:
                out.write(buffer.getvalue())
        else:
            target.write(buffer.getvalue())
        return pages


# --- Helpers for the views and the command line -------------------------------------------------


def minutes_register_rows(cooperative: Cooperative) -> list[Assembly]:
    """Assemblies listed on the register-of-minutes page, in date order: locked ones and
    closed ones whose minutes await signatures."""
    return _assemblies(cooperative, MINUTES_STATUSES, None, None)
