"""The assembly papers in the audit bundle, and one paper by kind."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import BinaryIO

from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.violations import RuleViolation
from scic.registers.assembly_documents.attendance import write_attendance_pdf
from scic.registers.assembly_documents.convocation import write_convocation_pdf
from scic.registers.assembly_documents.filenames import (
    _stem,
    attendance_filename,
    convocation_filename,
    minutes_filename,
)
from scic.registers.assembly_documents.minutes import write_minutes_pdf
from scic.registers.assembly_documents.minutes_register import (
    MINUTES_STATUSES,
    _assemblies,
    write_minutes_register_pdf,
)

logger = logging.getLogger(__name__)


def tally_json(assembly: Assembly) -> str | None:
    """The scic-tally/1 export of the assembly's closed resolutions, or None when there is
    none or it cannot be written (``scic.voting.services.export_tally_json`` refuses)."""
    from scic.voting.services import export_tally_json

    try:
        return json.dumps(export_tally_json(assembly), ensure_ascii=False, indent=1)
    except RuleViolation as exc:
        logger.info(
            "No tally export for assembly %s: %s", assembly.id, [v.code for v in exc.violations]
        )
        return None


def bundle_documents(
    cooperative: Cooperative,
    start: date | None,
    end: date,
    *,
    locale: str | None = None,
    now: datetime | None = None,
) -> Iterator[tuple[str, Callable[[BinaryIO], object]]]:
    """Files of the audit bundle for the assemblies held from ``start`` to ``end``: for each
    closed or locked assembly its minutes and attendance sheet (PDF) and its scic-tally/1
    export. Yields ``(name in the zip, writer(binary stream))`` as ``exports.write_bundle``
    expects."""
    if locale is None:
        from scic.core.i18n import _locale

        locale = _locale()
    moment = now or clock.now()
    for assembly in _assemblies(cooperative, MINUTES_STATUSES, start, end):
        folder = f"assemblees/{_stem(assembly)}"

        def minutes(out, assembly=assembly):
            return write_minutes_pdf(out, assembly, locale=locale, now=moment)

        def attendance(out, assembly=assembly):
            return write_attendance_pdf(out, assembly, locale=locale, now=moment)

        yield f"{folder}/proces-verbal.pdf", minutes
        yield f"{folder}/feuille-presence.pdf", attendance
        tally = tally_json(assembly)
        if tally is not None:
            yield (
                f"{folder}/depouillement-scic-tally.json",
                (lambda out, text=tally: out.write(text.encode())),
            )


DOCUMENT_WRITERS = {
    "minutes": (write_minutes_pdf, minutes_filename),
    "attendance": (write_attendance_pdf, attendance_filename),
    "convocation": (write_convocation_pdf, convocation_filename),
}


def write_assembly_document(
    target: str | BinaryIO,
    document: str,
    cooperative: Cooperative,
    assembly: Assembly | None,
    *,
    locale: str,
    now: datetime,
) -> int:
    """Write ``minutes``, ``attendance``, ``convocation`` (of ``assembly``) or
    ``minutes-register`` (of ``cooperative``)."""
    if document == "minutes-register":
        return write_minutes_register_pdf(target, cooperative, locale=locale, now=now)
    if assembly is None or assembly.cooperative_id != cooperative.id:
        raise ValueError("an assembly of this cooperative is required")
    writer, _name = DOCUMENT_WRITERS[document]
    return writer(target, assembly, locale=locale, now=now)
