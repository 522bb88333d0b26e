"""``scic register SLUG --at DATE --output FILE``: registers and exports at a date (FORMATS §4)."""

from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from scic.cli import refuse

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
    type=click.Choice(sorted(DOCUMENTS)),
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
@click.option("--locale", default="fr", type=click.Choice(["fr", "en"]), show_default=True)
@click.option(
    "--output", "output", required=True, type=click.Path(dir_okay=False), help="File to write."
)
def register(slug, at_text, from_text, document, member_number, locale, output):
    """Write a register or export of cooperative SLUG; exit 2 on a bad date or cooperative."""
    from flask_babel import force_locale

    from scic.cooperatives.models import Cooperative
    from scic.core.db import db, utcnow
    from scic.core.messages import describe
    from scic.membership.models import Member
    from scic.registers import exports, queries
    from scic.registers.rules import check_period, check_register_date

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == slug))
    if cooperative is None:
        refuse([f"Unknown cooperative: {slug}"])
    dates = {}
    for name, text in (("--at", at_text), ("--from", from_text)):
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            refuse([f"{name}: “{text}” is not a date (YYYY-MM-DD)."])
    today = queries.paris_today()
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
                target, cooperative, request, locale=locale, now=utcnow(), member=member
            )
    click.echo(f"Wrote {output} ({document} of {slug} at {at.isoformat()})")


commands = (register,)
