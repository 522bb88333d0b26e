"""``scic register SLUG --at DATE --output FILE``: registers and exports at a date (FORMATS §4)."""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from scic.cli import cooperative_or_refuse, refuse
from scic.core import clock

DOCUMENTS = {
    "members": "members_pdf",
    "movements": "movements_pdf",
    "compliance": "compliance_pdf",
    "member-sheet": "member_sheet_pdf",
    "members-csv": "members_csv",
    "members-json": "members_json",
    "movements-csv": "movements_csv",
    "movements-json": "movements_json",
    "audit-csv": "audit_csv",
    "bundle": "bundle_zip",
}
#: Assembly papers (``scic.registers.assembly_documents``); all but the register need --assembly.
ASSEMBLY_DOCUMENTS = ("minutes", "attendance", "convocation", "minutes-register")


@click.command("register", help="Write the register of members (or another document) at a date.")
@click.argument("slug")
@click.option(
    "--at",
    "at_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Position at the end of this day, Paris time (default: today).",
)
@click.option(
    "--from",
    "from_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Start of the period (movements, audit log, bundle).",
)
@click.option(
    "--document",
    "document",
    type=click.Choice(sorted((*DOCUMENTS, *ASSEMBLY_DOCUMENTS))),
    default="members",
    show_default=True,
    help="Which document to write.",
)
@click.option(
    "--member",
    "member_number",
    type=int,
    default=None,
    help="Member number (for --document member-sheet).",
)
@click.option(
    "--assembly",
    "assembly_id",
    type=int,
    default=None,
    help="Assembly id (for --document minutes, attendance or convocation).",
)
@click.option("--locale", default="fr", type=click.Choice(["fr", "en"]), show_default=True)
@click.option(
    "--output", "output", required=True, type=click.Path(dir_okay=False), help="File to write."
)
def register(slug, at_text, from_text, document, member_number, assembly_id, locale, output):
    """Write a register or export of cooperative SLUG; exit 2 on a bad date or cooperative."""
    from flask_babel import force_locale

    from scic.core.db import db
    from scic.core.messages import describe
    from scic.membership.models import Member
    from scic.registers import exports, queries
    from scic.registers.rules import check_period, check_register_date
    from scic.workflows.compliance import compliance_at

    cooperative = cooperative_or_refuse(slug)
    if document in ASSEMBLY_DOCUMENTS:
        _assembly_document(cooperative, document, assembly_id, locale, output)
        return
    dates = {}
    for name, text in (("--at", at_text), ("--from", from_text)):
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            refuse([f"{name}: “{text}” is not a date (YYYY-MM-DD)."])
    today = clock.today()
    at = dates["--at"] or today
    with force_locale(locale):
        problems = check_register_date(at, queries.first_day(cooperative), today)
        problems += check_period(dates["--from"], at)
        if problems:
            refuse([describe(v) for v in problems])
        member = None
        kind = DOCUMENTS[document]
        if kind == "member_sheet_pdf":
            member = db.session.scalar(
                select(Member).where(
                    Member.cooperative_id == cooperative.id, Member.number == member_number
                )
            )
            if member is None:
                refuse([f"--member: no member numbered {member_number} in {slug}."])
        request = exports.DocumentRequest(kind, at, dates["--from"], member.id if member else None)
        with open(output, "wb") as target:
            exports.write_document(
                target,
                cooperative,
                request,
                locale=locale,
                now=clock.now(),
                member=member,
                compliance=compliance_at(cooperative, at) if exports.needs_compliance(kind) else (),
            )
    click.echo(f"Wrote {output} ({document} of {slug} at {at.isoformat()})")


def _assembly_document(cooperative, document, assembly_id, locale, output) -> None:
    """Write an assembly paper (minutes, attendance sheet, convocation letters) or the
    register of minutes; exit 2 when the assembly is missing or of another cooperative."""
    from scic.assemblies.models import Assembly
    from scic.core.db import db
    from scic.registers import assembly_documents

    assembly = None
    if document != "minutes-register":
        if assembly_id is None:
            refuse([f"--assembly: required for --document {document}."])
        assembly = db.session.get(Assembly, assembly_id)
        if assembly is None or assembly.cooperative_id != cooperative.id:
            refuse([f"--assembly: no assembly {assembly_id} in {cooperative.slug}."])
    with open(output, "wb") as target:
        pages = assembly_documents.write_assembly_document(
            target, document, cooperative, assembly, locale=locale, now=clock.now()
        )
    click.echo(f"Wrote {output} ({document} of {cooperative.slug}, {pages} pages)")


commands = (register,)
