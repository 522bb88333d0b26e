"""The register of minutes: every locked assembly's minutes in one PDF."""

from __future__ import annotations

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
from scic.registers.pdf_assemblies import Line, Page, Section
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
        doc = _minutes_document(
            cooperative, fmt, now, _("Register of minutes of %(name)s", name=cooperative.name)
        )
        assemblies = locked_assemblies(cooperative)
        bodies: list[list[Page]] = [
            doc.paginate([minutes_section(doc, fmt, minutes_data(a))]) for a in assemblies
        ]
        contents_title = _("Register of minutes")

        def contents(offset: int) -> list[Page]:
            lines = [Line("h", _("Contents"))]
            if not assemblies:
                lines += doc.paragraph(_("No signed minutes yet."))
            page = offset + 1
            for assembly, body in zip(assemblies, bodies, strict=True):
                lines += doc.kv(
                    _("page %(page)s", page=page),
                    f"{assembly_label(fmt, assembly)} — {assembly.title}",
                )
                page += len(body)
            return doc.paginate([Section(contents_title, lines)])

        cover = contents(0)
        cover = contents(len(cover))  # same length: only page numbers change
        pages = cover + [page for body in bodies for page in body]
        return doc.draw_pages(target, pages)


# --- Helpers for the views and the command line -------------------------------------------------


def minutes_register_rows(cooperative: Cooperative) -> list[Assembly]:
    """Assemblies listed on the register-of-minutes page, in date order: locked ones and
    closed ones whose minutes await signatures."""
    return _assemblies(cooperative, MINUTES_STATUSES, None, None)
