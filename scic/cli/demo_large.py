"""A second, large demo cooperative (about 1 200 members) for trying the bulk screens.

Issue 18: a secretary's real day at the size of a large SCIC (a car-sharing cooperative of
1 200 members, several dozen local authorities, an assembly of about 380 participants). The
members, their placements, the councils' deliberations and representatives, the share
movements and the convocations go in with bulk inserts in the caller's transaction (seconds,
not the minutes that one service call per member would take); the cooperative, its statutes,
the assembly and its resolutions go through the services. The ledger's hash chain is computed
here over each row's ``chain_payload()``, in chain order, exactly as ``seal()`` would.

Deterministic: the same data every time (a seeded generator and fixed dates).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, text

from scic.cli.demo_data import FIRST_NAMES, LAST_NAMES, VILLAGES
from scic.cooperatives.rules import is_siren_valid
from scic.core.db import db

commands = ()  # loaded by `scic demo`

SLUG = "covoiturage-grand-sud"
NAME = "Covoiturage Solidaire du Grand Sud"
MEMBERS = 1200
SHARE_VALUE_CENTS = 2000
FIRST_ADMISSION = date(2017, 3, 1)
LAST_ADMISSION = date(2026, 10, 31)
#: Members who left, with the period they left in (registers show them, R-EXIT-4).
EXIT_FROM, EXIT_TO = date(2025, 1, 1), date(2026, 9, 30)
#: The assembly the bulk screens are tried on: convened, not yet held.
ASSEMBLY_AT = datetime(2027, 2, 6, 13, 30, tzinfo=UTC)  # 14 h 30 in Paris
CONVOCATION_ON = date(2026, 12, 1)

STATUTES = {
    "format": "scic-statutes/1",
    "slug": SLUG,
    "name": NAME,
    "legal_form": "SA",
    "governance": "board",
    "registered_office": "14 allées Jean Jaurès, 31000 Toulouse",
    "siren": "913456786",
    "rcs": "RCS Toulouse 913 456 786",
    "share_value": f"{SHARE_VALUE_CENTS / 100:.2f}",
    "capital_floor": "18500.00",
    "categories": [
        {"code": "SAL", "name": "Salariés", "kind": "employee", "min_shares": 5, "college": "TRAV"},
        {"code": "USA", "name": "Covoitureurs", "kind": "beneficiary", "min_shares": 1,
         "college": "USA"},
        {"code": "COLL", "name": "Collectivités", "kind": "local_authority", "min_shares": 25,
         "college": "COLL"},
        {"code": "PART", "name": "Partenaires", "kind": "other", "min_shares": 10,
         "college": "PART"},
        {"code": "SOUT", "name": "Soutiens", "kind": "supporter", "min_shares": 1,
         "college": "SOUT"},
    ],
    "colleges": [
        {"code": "TRAV", "name": "Travailleurs", "weight": "20"},
        {"code": "USA", "name": "Covoitureurs", "weight": "40"},
        {"code": "COLL", "name": "Collectivités", "weight": "20"},
        {"code": "PART", "name": "Partenaires", "weight": "10"},
        {"code": "SOUT", "name": "Soutiens", "weight": "10"},
    ],
}  # fmt: skip

#: (category code, how many) — the rest of the members are car-sharers.
SHAPE = (("SAL", 32), ("COLL", 42), ("PART", 18), ("SOUT", 160))
TOWNS = (
    "Toulouse", "Albi", "Montauban", "Castres", "Rodez", "Auch", "Foix", "Cahors", "Tarbes",
    "Carcassonne", "Millau", "Figeac", "Pamiers", "Muret", "Colomiers", "Blagnac", "Lavaur",
    "Gaillac", "Villefranche-de-Rouergue", "Saint-Gaudens", "Revel", "Moissac", "Lectoure",
)  # fmt: skip
AUTHORITY_NAMES = (("commune", "Commune de {town}"), ("epci", "Communauté de communes de {town}"))
RESOLUTIONS = (
    ("Approbation des comptes de l'exercice 2025-2026", "ordinary"),
    ("Affectation du résultat aux réserves impartageables", "ordinary"),
    ("Quitus aux administrateurs", "ordinary"),
    ("Approbation des conventions réglementées", "ordinary"),
    ("Renouvellement de trois administrateurs", "ordinary"),
    ("Montant de la part sociale des collectivités", "extraordinary"),
    ("Création d'un collège des partenaires financiers", "extraordinary"),
    ("Plan de développement 2027-2030", "ordinary"),
    ("Budget des trajets solidaires", "ordinary"),
    ("Pouvoirs pour les formalités", "ordinary"),
)


def populate(secretary) -> object:
    """Create the large cooperative and its data (not committed); return the cooperative.

    ``secretary`` is the user recorded as having entered the ledger and the convocations.
    """
    from scic.cooperatives.services import apply_statutes
    from scic.cooperatives.statutes_format import read_statutes

    spec, problems = read_statutes(STATUTES)
    if spec is None:  # part of the code: fail loudly
        raise RuntimeError(f"large demo statutes refused: {problems}")
    cooperative = apply_statutes(spec, effective_on=FIRST_ADMISSION, today=FIRST_ADMISSION)
    db.session.flush()
    members = _members(cooperative, random.Random(1200))  # noqa: S311 - demo data
    _ledger(cooperative, members, secretary, random.Random(1201))  # noqa: S311
    _assembly(cooperative, members, secretary)
    return cooperative


def _day(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _siren(first_eight: str) -> str:
    """A SIREN with its Luhn key (the member pages check it)."""
    return next(
        first_eight + str(key) for key in range(10) if is_siren_valid(first_eight + str(key))
    )


def _address(first: str, last: str, number: int, domain: str) -> str:
    return f"{first}.{last}.{number}@{domain}".lower().replace(" ", "")


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one statement per batch (insertmanyvalues); return their ids."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _members(cooperative, rng: random.Random) -> list[dict]:
    """Members, their first placement, the councils' deliberations and representatives."""
    from scic.membership.models import Deliberation, Mandate, Member, MemberPlacement
    from scic.membership.rules import liability_end_date

    categories = {c.code: c for c in cooperative.categories}
    codes = [code for code, count in SHAPE for _ in range(count)]
    codes += ["USA"] * (MEMBERS - len(codes))
    rng.shuffle(codes)
    admissions = sorted(_day(rng, FIRST_ADMISSION, LAST_ADMISSION) for _ in codes)
    created = datetime(2026, 11, 2, 9, tzinfo=UTC)
    rows, people = [], []
    towns = iter(rng.sample(TOWNS * 2, len(TOWNS) * 2))
    for number, (code, admitted) in enumerate(zip(codes, admissions, strict=True), start=1):
        category = categories[code]
        town = rng.choice(TOWNS)
        row = {
            "cooperative_id": cooperative.id,
            "number": number,
            "category_id": category.id,
            "college_id": category.college_id,
            "status": "active",
            "applied_on": admitted - timedelta(days=rng.randint(5, 40)),
            "admitted_on": admitted,
            "admission_decision_ref": f"CA du {admitted:%d/%m/%Y}",
            "created_at": created,
        }
        if code == "COLL":
            kind, template = rng.choice(AUTHORITY_NAMES)
            name = template.format(town=next(towns, town))
            row.update(kind="local_authority", name=name, authority_type=kind)
            row["address"] = f"Hôtel de ville, {name.split(' de ', 1)[-1]}"
            row["siren"] = _siren(f"2{rng.randint(10**6, 10**7 - 1):07d}")
        elif code == "PART":
            name = f"{rng.choice(('Garage', 'Association', 'Mutuelle', 'SCOP'))} {town}"
            row.update(kind="organisation", name=f"{name} {number}", address=f"{town}")
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            row.update(kind="person", name=last, first_name=first)
            row["email"] = _address(first, last, number, "exemple.fr")
            row["address"] = f"{rng.randint(1, 80)} rue de la Gare, {rng.choice(VILLAGES)}"
            if rng.random() < 0.6:  # most car-sharers accept e-mail convocations
                row["econvocation_consent_on"] = admitted
        if row["kind"] != "person":
            row["email"] = f"contact{number}@collectivite.exemple.fr"
        row["sort_name"] = f"{row['name']} {row.get('first_name', '')}".strip().lower()
        left = admitted < EXIT_FROM and code in ("USA", "SOUT") and rng.random() < 0.06
        if left:
            exited = _day(rng, EXIT_FROM, EXIT_TO)
            row.update(
                status="exited",
                exited_on=exited,
                exit_cause="withdrawal",
                exit_decision_ref=f"CA du {exited:%d/%m/%Y}",
                liability_end_date=liability_end_date(exited),
            )
        rows.append(row)
    ids = _insert(Member, rows)
    minimum = {c.id: c.min_shares for c in categories.values()}
    placements, deliberations, mandates = [], [], []
    for member_id, row in zip(ids, rows, strict=True):
        placements.append(
            {
                "member_id": member_id,
                "category_id": row["category_id"],
                "college_id": row["college_id"],
                "valid_from": row["admitted_on"],
                "decision_ref": row["admission_decision_ref"],
            }
        )
        people.append({**row, "id": member_id, "min_shares": minimum[row["category_id"]]})
        if row["kind"] == "local_authority":
            adopted = row["admitted_on"] - timedelta(days=rng.randint(25, 60))
            deliberations.append(
                {
                    "cooperative_id": cooperative.id,
                    "member_id": member_id,
                    "purpose": "membership",
                    "reference": f"DEL {adopted.year}-{member_id % 1000:03d}",
                    "adopted_on": adopted,
                    "transmitted_to_prefect_on": adopted + timedelta(days=3),
                    "published_on": adopted + timedelta(days=3),
                    "executory_on": adopted + timedelta(days=4),
                    "authorised_shares": 100,
                    "created_at": created,
                }
            )
    _insert(MemberPlacement, placements)
    deliberation_ids = _insert(Deliberation, deliberations)
    authorities = [p for p in people if p["kind"] == "local_authority"]
    for member, deliberation_id in zip(authorities, deliberation_ids, strict=True):
        for role in ("main", "alternate"):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            mandates.append(
                {
                    "cooperative_id": cooperative.id,
                    "member_id": member["id"],
                    "full_name": f"{first} {last}",
                    "function": "conseiller municipal délégué"
                    if role == "main"
                    else "adjoint au maire",
                    "email": _address(first, last, member["number"], "mairie.exemple.fr"),
                    "role": role,
                    "designation_ref": f"DEL désignation {member['number']}",
                    "deliberation_id": deliberation_id,
                    "valid_from": member["admitted_on"],
                    "created_at": created,
                }
            )
    _insert(Mandate, mandates)
    return people


def _ledger(cooperative, people: list[dict], secretary, rng: random.Random) -> None:
    """Subscriptions at admission (and later ones), full withdrawals of those who left."""
    from scic.capital.models import ShareMovement
    from scic.core.chain import GENESIS, entry_hash
    from scic.core.checkpoints import chain_key

    entries = []  # (day, member, type, shares)
    for person in people:
        shares = person["min_shares"] + rng.randint(0, 4) * (5 if person["kind"] != "person" else 1)
        entries.append((person["admitted_on"], person["id"], "subscription", shares))
        end = person.get("exited_on") or LAST_ADMISSION
        if rng.random() < 0.3 and end > person["admitted_on"] + timedelta(days=60):
            later = _day(rng, person["admitted_on"] + timedelta(days=30), end - timedelta(days=1))
            entries.append((later, person["id"], "subscription", rng.randint(1, 5)))
        if person.get("exited_on"):
            entries.append((person["exited_on"], person["id"], "full_withdrawal", None))
    entries.sort(key=lambda e: (e[0], e[1], e[2] == "full_withdrawal"))
    # Explicit ids: the hash covers the id, so it is known before the insert (under the
    # cooperative's lock, taken by apply_statutes' writes in this transaction).
    first_id = (db.session.scalar(select(func.coalesce(func.max(ShareMovement.id), 0))) or 0) + 1
    keys = tuple(ShareMovement().chain_payload())
    previous, key = GENESIS, chain_key()
    held: dict[int, int] = {}
    capital = 0
    rows = []
    for position, (day, member_id, kind, shares) in enumerate(entries):
        if shares is None:
            shares = -held[member_id]
        held[member_id] = held.get(member_id, 0) + shares
        amount = shares * SHARE_VALUE_CENTS
        capital += amount
        row = {
            "id": first_id + position,
            "cooperative_id": cooperative.id,
            "number": position + 1,
            "type": kind,
            "member_id": member_id,
            "counterparty_id": None,
            "effective_on": day,
            "shares_delta": shares,
            "amount_cents": amount,
            "paid_cents": amount,
            "decision_organ": "Conseil d'administration",
            "decision_date": day,
            "decision_ref": f"CA du {day:%d/%m/%Y}",
            "reverses_id": None,
            "capital_after_cents": capital,
            "entered_by_id": secretary.id,
            "entered_at": datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        }
        row["prev_hash"] = previous
        row["hash"] = previous = entry_hash(previous, {k: row[k] for k in keys}, key)
        rows.append(row)
    db.session.execute(insert(ShareMovement), rows)
    if db.session.get_bind().dialect.name == "postgresql":  # explicit ids skip the sequence
        db.session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('share_movements', 'id'), "
                "(SELECT MAX(id) FROM share_movements))"
            )
        )


def _assembly(cooperative, people: list[dict], secretary) -> None:
    """The annual assembly of February 2027: ten resolutions, convened by e-mail on
    1 December 2026 for the members who consented; the paper letters are still to send."""
    from scic.assemblies import services as assemblies
    from scic.assemblies.models import ConvocationRecord
    from scic.voting import services as voting

    assembly = assemblies.create_assembly(
        cooperative,
        assemblies.AssemblyInput(
            type="combined",
            title="Assemblée générale mixte 2027",
            starts_at=ASSEMBLY_AT,
            place="Salle Mermoz, 31000 Toulouse",
            video_link="https://visio.exemple.fr/ag-grand-sud-2027",
            remote_mode="hybrid",
            approves_accounts_of=2026,
        ),
        by=secretary,
    )
    for number, (title, kind) in enumerate(RESOLUTIONS, start=1):
        item = assemblies.add_agenda_item(assembly, title=title)
        voting.create_resolution(
            assembly,
            title=title,
            text=f"L'assemblée générale adopte la résolution n° {number} : {title.lower()}.",
            kind=kind,
            agenda_item=item,
        )
    sent_at = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    records = [
        {
            "assembly_id": assembly.id,
            "member_id": p["id"],
            "channel": "email",
            "sent_on": CONVOCATION_ON,
            "sent_at": sent_at,
            "address": p["email"],
            "proof": f"<convocation-{assembly.id}-{p['id']}@demo.scic.coop>",
            "recorded_at": sent_at,
            "recorded_by_id": secretary.id,
        }
        for p in people
        if p["status"] == "active" and p.get("econvocation_consent_on")
    ]
    db.session.execute(insert(ConvocationRecord), records)
    assembly.status = "convened"
    assembly.convocation_sent_on = CONVOCATION_ON
