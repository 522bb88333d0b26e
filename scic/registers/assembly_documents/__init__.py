"""Assembly papers built from what was recorded: minutes, attendance sheet, convocation letter.

Issue 5 item 5 and issue 7 item 3 (DOMAIN §6.6–§6.9, R-AG-*, R-TAL-*, R-LA-5). Everything is
read from the assemblies and voting packages (``scic.assemblies.queries`` and the frozen
``Outcome`` of each resolution, never today's statutes: R-TAL-4) and drawn with
:class:`scic.registers.pdf_flow.PaperDocument` (reportlab platypus). Nothing here writes to
the database.

Public entry points: :func:`write_minutes_pdf`, :func:`write_attendance_pdf`,
:func:`write_convocation_pdf`, :func:`write_minutes_register_pdf` and :func:`bundle_documents`
(the audit bundle's optional hook, see ``exports.optional_documents``).
"""

from scic.registers.assembly_documents.attendance import (
    ATTENDANCE_WIDTHS,
    PROXY_WIDTHS,
    AttendanceData,
    attendance_data,
    attendance_sections,
    write_attendance_pdf,
)
from scic.registers.assembly_documents.bundle import (
    DOCUMENT_WRITERS,
    bundle_documents,
    logger,
    tally_json,
    write_assembly_document,
)
from scic.registers.assembly_documents.convocation import write_convocation_pdf
from scic.registers.assembly_documents.filenames import (
    attendance_filename,
    convocation_filename,
    minutes_filename,
    register_filename,
)
from scic.registers.assembly_documents.minutes import (
    RESULT_WIDTHS,
    _fraction,
    majority_text,
    minutes_section,
    minutes_title,
    write_minutes_pdf,
)
from scic.registers.assembly_documents.minutes_data import (
    AuthorityRecord,
    ConvocationSummary,
    MinutesData,
    ResolutionRecord,
    minutes_data,
)
from scic.registers.assembly_documents.minutes_register import (
    MINUTES_STATUSES,
    locked_assemblies,
    minutes_register_rows,
    write_minutes_register_pdf,
)
from scic.registers.assembly_documents.wording import (
    CHANNEL_LABELS,
    RESOLUTION_KIND_LABELS,
    SIGNATORY_LABELS,
    assembly_label,
)

__all__ = [
    "ATTENDANCE_WIDTHS",
    "CHANNEL_LABELS",
    "DOCUMENT_WRITERS",
    "MINUTES_STATUSES",
    "PROXY_WIDTHS",
    "RESOLUTION_KIND_LABELS",
    "RESULT_WIDTHS",
    "SIGNATORY_LABELS",
    "AttendanceData",
    "AuthorityRecord",
    "ConvocationSummary",
    "MinutesData",
    "ResolutionRecord",
    "_fraction",
    "assembly_label",
    "attendance_data",
    "attendance_filename",
    "attendance_sections",
    "bundle_documents",
    "convocation_filename",
    "locked_assemblies",
    "logger",
    "majority_text",
    "minutes_data",
    "minutes_filename",
    "minutes_register_rows",
    "minutes_section",
    "minutes_title",
    "register_filename",
    "tally_json",
    "write_assembly_document",
    "write_attendance_pdf",
    "write_convocation_pdf",
    "write_minutes_pdf",
    "write_minutes_register_pdf",
]
