"""A combined assembly held from convocation to signed minutes, for the tests of its papers.

``hold`` runs it through the assemblies and voting services; the PDFs are read back with pypdf.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from scic.assemblies import queries as assembly_queries
from scic.assemblies import services as assemblies
from scic.core.db import db
from scic.registers import assembly_documents
from scic.voting import services as voting
from scic.workflows import session as session_workflow

#: The first assembly: convened on 1 March 2026, held on 15 April 2026 at 18:00 Paris time.
CONVENED_ON = date(2026, 3, 1)
STARTS_AT = datetime(2026, 4, 15, 16, 0, tzinfo=UTC)
GENERATED = datetime(2026, 5, 2, 8, 0, tzinfo=UTC)


def pdf_text(data: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@dataclass
class Held:
    cooperative: object
    secretary: object
    assembly: object
    members: dict = field(default_factory=dict)
    resolutions: list = field(default_factory=list)


def hold(people, make_assembly, *, starts_at=STARTS_AT, convened_on=CONVENED_ON, sign=True):
    """Run a whole combined assembly through the services; return what was held."""
    cooperative, secretary, alice_user, m = people
    now = starts_at - timedelta(days=40)
    assembly = make_assembly(
        cooperative,
        type="combined",
        starts_at=starts_at,
        agenda=("Approval of the accounts", "Amendment of the statutes", "Works"),
        by=secretary,
    )
    items = assembly.agenda_items
    r1 = voting.create_resolution(
        assembly,
        title="Approbation des comptes",
        text="L'assemblée approuve les comptes de l'exercice 2025.",
        agenda_item=items[0],
        by=secretary,
    )
    r2 = voting.create_resolution(
        assembly,
        title="Modification de l'article 12",
        kind="extraordinary",
        agenda_item=items[1],
        by=secretary,
    )
    r3 = voting.create_resolution(
        assembly,
        title="Travaux du local",
        board_approved=False,
        proposed_by="members",
        agenda_item=items[2],
        by=secretary,
    )
    assemblies.send_convocation(assembly, convened_on, secretary, now=now)
    for key, member in m.items():
        channel = "registered_letter" if key == "commune" else "letter"
        assemblies.record_paper_convocation(
            assembly,
            member,
            channel=channel,
            sent_on=convened_on,
            registered_number="1A 234 567 8901 2" if key == "commune" else "",
            by=secretary,
            now=now,
        )
    # Every other voter's letter too: the session opens only once all are recorded (R-AG-1).
    others = [
        x for x in assembly_queries.paper_recipients(assembly, convened_on) if x not in m.values()
    ]
    if others:
        assemblies.record_paper_letters(
            assembly,
            [(x, "") for x in others],
            channel="letter",
            sent_on=convened_on,
            by=secretary,
            now=now,
        )
    assemblies.give_proxy(
        assembly, m["carla"], m["alice"], signed_on=convened_on, by=secretary, now=now
    )
    assemblies.give_proxy(assembly, m["eve"], None, signed_on=convened_on, by=secretary, now=now)
    assemblies.set_bureau(
        assembly,
        chair="Claire Présidente",
        secretary="Sam Secrétaire",
        scrutineers="Paul Scrutateur",
        by=secretary,
    )
    session_workflow.open_session(assembly, now=starts_at, by=secretary)
    for key in ("alice", "bruno", "dan"):
        assemblies.record_attendance(assembly, m[key], "present", by=secretary, now=starts_at)
    assemblies.record_attendance(
        assembly, m["commune"], "present", signed_by="Jeanne Maire", by=secretary, now=starts_at
    )
    for key in ("carla", "eve"):
        assemblies.record_attendance(assembly, m[key], "represented", by=secretary, now=starts_at)
    assemblies.add_incident(
        assembly,
        "Coupure de la vidéo pendant cinq minutes.",
        occurred_at=starts_at + timedelta(minutes=20),
        by=secretary,
    )
    votes = {
        r1: {
            "alice": "for",
            "bruno": "against",
            "carla": "for",
            "dan": "for",
            "commune": "abstain",
        },
        r2: {"alice": "for", "bruno": "for", "carla": "for", "dan": "against", "commune": "for"},
        r3: {
            "alice": "against",
            "bruno": "against",
            "carla": "against",
            "dan": "for",
            "commune": "for",
        },
    }
    moment = starts_at + timedelta(minutes=30)
    for resolution, choices in votes.items():
        voting.open_vote(resolution, by=secretary, now=moment)
        for key, choice in choices.items():
            if key == "carla":  # under the proxy, by its holder (counted in Carla's college)
                voting.cast_ballot(resolution, m[key], choice, now=moment, by=alice_user)
            else:
                voting.cast_ballot(
                    resolution, m[key], choice, now=moment, by=secretary, secretary=True
                )
        voting.close_vote(resolution, by=secretary, now=moment + timedelta(minutes=5))
        moment += timedelta(minutes=10)
    session_workflow.close_session(assembly, now=starts_at + timedelta(hours=2), by=secretary)
    assemblies.update_debates_summary(
        assembly, "Les comptes ont été présentés par le trésorier.", by=secretary
    )
    if sign:
        signed_at = starts_at + timedelta(days=2)
        # The chair's signature comes from an operator's command (no account); the secretary
        # signs with their own account, under the bureau's name (§6.9).
        assemblies.sign_minutes(assembly, role="chair", name="Claire Présidente", now=signed_at)
        assemblies.sign_minutes(
            assembly, role="secretary", name="Sam Secrétaire", by=secretary, now=signed_at
        )
        assemblies.add_addendum(
            assembly,
            "Erratum : le montant du résultat est de 12 000 euros.",
            by=secretary,
            now=signed_at + timedelta(days=1),
        )
    db.session.commit()
    return Held(cooperative, secretary, assembly, m, [r1, r2, r3])


def minutes_text(assembly, locale="en") -> str:
    buffer = io.BytesIO()
    assembly_documents.write_minutes_pdf(buffer, assembly, locale=locale, now=GENERATED)
    return " ".join(pdf_text(buffer.getvalue()))
