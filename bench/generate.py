"""Build a large, realistic cooperative with bulk inserts: ``python -m bench.generate --members N``.

What it creates (deterministic for a given seed):

* a SCIC SAS with 6 colleges and 6 categories, through the product's statutes service;
* N members admitted over ten years (persons, organisations, about 1 % local authorities with
  their council deliberation and representatives' mandates), dated placements (a few members
  changed category), about 5 % who left with a full withdrawal;
* one account per person member and per representative, all sharing one precomputed password
  hash, with their ``member`` / ``representative`` grant, and one secretary account;
* about three share movements per member (subscriptions, transfers, withdrawals) numbered in
  date order, with the running capital and the hash chain computed here, in order;
* one assembly with 10 resolutions where 60 % of the members entitled voted on every resolution:
  the ballots are chained here, then each vote is closed with ``scic.voting.services.close_vote``
  so the stored outcomes come from the product's own tally.

Rows go in with SQLAlchemy Core executemany in chunks: no ORM object and no flush per row.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256

from sqlalchemy import func, select, text, update

from scic.cli.demo_data import FIRST_NAMES as DEMO_FIRST_NAMES
from scic.cli.demo_data import LAST_NAMES as DEMO_LAST_NAMES
from scic.core.chain import GENESIS, entry_hash
from scic.core.checkpoints import chain_key

#: (code, name, weight in percent): six colleges between 10 % and 50 % (R-COL-2).
COLLEGES = [
    ("SAL", "Salariés", 25),
    ("USA", "Usagers", 25),
    ("PROD", "Producteurs", 15),
    ("BEN", "Bénévoles", 10),
    ("PUB", "Collectivités publiques", 15),
    ("SOUT", "Partenaires et soutiens", 10),
]
#: (code, name, kind, min_shares, college, share of members).
CATEGORIES = [
    ("SAL", "Salariés", "employee", 2, "SAL", 0.03),
    ("USA", "Usagers", "beneficiary", 1, "USA", 0.66),
    ("PROD", "Producteurs", "producer", 2, "PROD", 0.06),
    ("BEN", "Bénévoles", "volunteer", 1, "BEN", 0.10),
    ("COLL", "Collectivités", "local_authority", 10, "PUB", 0.01),
    ("SOUT", "Soutiens", "supporter", 1, "SOUT", 0.14),
]
# The bench draws its people from the demo's names (one list for both); a few more for variety.
FIRST_NAMES = [*DEMO_FIRST_NAMES, "Zoé", "Rémi"]
LAST_NAMES = [*DEMO_LAST_NAMES, "Perrin", "Robin"]
TOWNS = [
    "Thiviers",
    "Nontron",
    "Périgueux",
    "Brantôme",
    "Ribérac",
    "Sarlat",
    "Bergerac",
    "Excideuil",
    "Montignac",
    "Lalinde",
    "Mussidan",
    "Hautefort",
    "Jumilhac",
    "Lanouaille",
    "Terrasson",
    "Sorges",
    "Mareuil",
    "Verteillac",
]
AUTHORITY_TYPES = ("commune", "commune", "commune", "epci", "departement", "syndicat")
START = date(2016, 1, 1)
LAST_ADMISSION = date(2026, 9, 30)
#: The closed assembly (approves the 2025 accounts).
ASSEMBLY_DAY = date(2026, 6, 13)
ASSEMBLY_START = datetime(2026, 6, 13, 8, 0, tzinfo=UTC)
ASSEMBLY_END = datetime(2026, 6, 13, 12, 0, tzinfo=UTC)
SHARE_VALUE_CENTS = 5000
PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway password of generated test accounts
CHUNK = 5000
RESOLUTIONS = 10
VOTER_SHARE = 0.6


@dataclass
class Stats:
    """What was generated, and how long each step took (seconds)."""

    slug: str
    members: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cooperative_id: int = 0
    assembly_id: int = 0
    secretary_email: str = ""

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def statutes_document(slug: str, members: int) -> dict:
    """A scic-statutes/1 document for the bench cooperative (6 colleges)."""
    return {
        "format": "scic-statutes/1",
        "slug": slug,
        "name": f"Énergies Citoyennes Bench {members}",
        "legal_form": "SAS",
        "registered_office": "12 rue des Coopérateurs, 24000 Périgueux",
        "siren": "912345675",
        "rcs": "RCS Périgueux 912 345 675",
        "share_value": f"{SHARE_VALUE_CENTS / 100:.2f}",
        "capital_floor": "0.00",
        "categories": [
            {"code": c, "name": n, "kind": k, "min_shares": m, "college": col}
            for c, n, k, m, col, _share in CATEGORIES
        ],
        "colleges": [{"code": c, "name": n, "weight": str(w)} for c, n, w in COLLEGES],
    }


def _next_ids(tables) -> dict[str, int]:
    from scic.core.db import db

    return {
        t.name: (db.session.scalar(select(func.coalesce(func.max(t.c.id), 0))) or 0) + 1
        for t in tables
    }


def _bulk(table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) with the driver, not row by row through Core.

    Values go through each column type's own bind processor (so SQLite stores dates and UTC
    datetimes exactly as the product does), then ``COPY`` on PostgreSQL or the driver's
    ``executemany`` on SQLite: Core's per-row parameter handling cost more than the inserts.
    """
    from scic.core.db import db

    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    # Python-side column defaults (Core fills them in an insert(); the driver does not).
    defaults = {}
    for column in table.columns:
        if column.name not in rows[0] and column.default is not None:
            default = column.default
            defaults[column.name] = default.arg if default.is_scalar else default.arg(None)
    names += list(defaults)
    converters = [
        (index, processor)
        for index, name in enumerate(names)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    columns = ", ".join(names)
    # Bulk-load practice: drop the secondary indexes, insert, build them again in one pass
    # (updating them row by row, in random key order, cost more than the inserts themselves).
    indexes = [index for index in table.indexes if not index.unique]
    for index in indexes:
        index.drop(connection)
    for start in range(0, len(rows), CHUNK):
        extra = list(defaults.values())
        chunk = [[*row.values(), *extra] for row in rows[start : start + CHUNK]]
        for values in chunk:
            for index, processor in converters:
                values[index] = processor(values[index])
        if dialect.name == "postgresql":
            cursor = connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for values in chunk:
                    copy.write_row(values)
        else:
            marks = ", ".join("?" * len(names))
            sql = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"
            connection.exec_driver_sql(sql, [tuple(values) for values in chunk])
    for index in indexes:
        index.create(connection)


def _chain(model, rows: list[dict]) -> None:
    """Set ``prev_hash`` and ``hash`` on rows given in chain (id) order, over the fields of the
    model's own ``chain_payload()`` (read from an empty instance: one list, the product's)."""
    keys = tuple(model().chain_payload())
    previous, key = GENESIS, chain_key()
    for row in rows:
        row["prev_hash"] = previous
        row["hash"] = previous = entry_hash(previous, {k: row[k] for k in keys}, key)


def _day(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randint(0, (high - low).days))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
        seconds=rng.randint(0, 9 * 3600)
    )


def open_assembly(cooperative_id: int, count: int, *, now: datetime, extraordinary=(), **fields):
    """An open hybrid assembly with ``count`` agenda items, each with its resolution drafted and
    opened by the product's services; return (assembly, resolutions). ``fields`` are the
    assembly's (type, title, starts_at…); resolutions numbered in ``extraordinary`` are so."""
    from scic.assemblies.models import AgendaItem, Assembly
    from scic.core.db import db
    from scic.voting import services as voting

    fields = {"type": "ordinary", "starts_at": now, "opened_at": now, **fields}
    assembly = Assembly(
        cooperative_id=cooperative_id,
        remote_mode="hybrid",
        status="open",
        chair_name="Présidente Bench",
        **fields,
    )
    db.session.add(assembly)
    db.session.flush()
    resolutions = []
    for number in range(1, count + 1):
        item = AgendaItem(assembly_id=assembly.id, position=number, title=f"Point {number}")
        db.session.add(item)
        db.session.flush()
        resolution = voting.create_resolution(
            assembly,
            title=f"Résolution {number}",
            text="Texte de la résolution.",
            kind="extraordinary" if number in extraordinary else "ordinary",
            agenda_item=item,
            number=number,
        )
        voting.open_vote(resolution, now=now)
        resolutions.append(resolution)
    return assembly, resolutions


def generate(members: int, slug: str, *, seed: int = 2026) -> Stats:
    """Create the cooperative ``slug`` with ``members`` members; commit; return the statistics.

    Must run inside an application context. Refuses an existing slug.
    """
    from werkzeug.security import generate_password_hash

    from scic.assemblies.models import Assembly
    from scic.auth.models import User
    from scic.capital.models import ShareMovement
    from scic.cooperatives.models import Cooperative, Grant
    from scic.cooperatives.services import apply_statutes
    from scic.cooperatives.statutes_format import read_statutes
    from scic.core.db import db
    from scic.membership.models import Deliberation, Mandate, Member, MemberPlacement
    from scic.voting import services as voting
    from scic.voting.models import Ballot

    if db.session.scalar(select(Cooperative.id).where(Cooperative.slug == slug)):
        raise SystemExit(f"Cooperative {slug!r} already exists in this database.")
    if db.session.get_bind().dialect.name == "sqlite":
        # A page cache of 256 MB: the indexes of 500 000 ballots are updated in random order.
        db.session.execute(text("PRAGMA cache_size=-262144"))
    rng = random.Random(seed)
    stats = Stats(slug=slug, members=members)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.timings[name] = round(now - clock, 3)
        clock = now

    # --- Cooperative, statutes, categories and colleges (the product's service) ----------------
    spec, problems = read_statutes(statutes_document(slug, members))
    if spec is None:
        raise SystemExit(f"Bench statutes refused: {problems}")
    cooperative = apply_statutes(spec, effective_on=START, today=START)
    db.session.flush()
    coop_id = cooperative.id
    stats.cooperative_id = coop_id
    categories = {c.code: c for c in cooperative.categories}
    tables = [
        t.__table__
        for t in (User, Grant, Member, MemberPlacement, Deliberation, Mandate, ShareMovement)
    ]
    ids = _next_ids([*tables, Ballot.__table__])
    created = datetime(2026, 10, 31, 9, tzinfo=UTC)
    password_hash = generate_password_hash(PASSWORD, method="scrypt")

    # --- Members, placements, users, grants, deliberations, mandates ---------------------------
    weights = [c[5] for c in CATEGORIES]
    codes = [c[0] for c in CATEGORIES]
    admissions = sorted(_day(rng, START, LAST_ADMISSION) for _ in range(members))
    member_rows: list[dict] = []
    placement_rows: list[dict] = []
    user_rows: list[dict] = []
    grant_rows: list[dict] = []
    deliberation_rows: list[dict] = []
    mandate_rows: list[dict] = []
    people: list[dict] = []  # per member: what movements and ballots need

    def add_user(email: str, full_name: str, role: str) -> int:
        uid = ids["users"] + len(user_rows)
        user_rows.append(
            {
                "id": uid,
                "email": email,
                "password_hash": password_hash,
                "full_name": full_name,
                "is_superuser": False,
                "active": True,
                "created_at": created,
            }
        )
        grant_rows.append(
            {
                "id": ids["grants"] + len(grant_rows),
                "user_id": uid,
                "cooperative_id": coop_id,
                "role": role,
                "created_at": created,
            }
        )
        return uid

    secretary = add_user(f"secretary@{slug}.bench.invalid", "Secrétaire Bench", "secretary")
    stats.secretary_email = f"secretary@{slug}.bench.invalid"
    for index, admitted in enumerate(admissions):
        number = index + 1
        member_id = ids["members"] + index
        code = rng.choices(codes, weights)[0]
        if index == 5:  # at least one local authority, even in a tiny dataset
            code = "COLL"
        category = categories[code]
        kind = "person"
        if category.kind == "local_authority":
            kind = "local_authority"
        elif code in ("PROD", "SOUT") and rng.random() < 0.35:
            kind = "organisation"
        town = rng.choice(TOWNS)
        authority_type = None
        if kind == "person":
            first, name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        elif kind == "local_authority":
            first, authority_type = "", rng.choice(AUTHORITY_TYPES)
            name = {
                "commune": f"Commune de {town} {number}",
                "epci": f"Communauté de communes {town} {number}",
                "departement": f"Département {number}",
                "syndicat": f"Syndicat mixte {town} {number}",
            }[authority_type]
        else:
            first, name = "", f"SARL {rng.choice(LAST_NAMES)} {town} {number}"
        # A few members changed category (say, a user who became a supporter).
        moved = kind == "person" and code == "USA" and rng.random() < 0.04
        final = categories["SOUT"] if moved else category
        exited_on = None
        if admitted < date(2024, 1, 1) and kind == "person" and rng.random() < 0.05:
            exited_on = _day(rng, admitted + timedelta(days=400), date(2026, 10, 31))
        email = f"m{number}@{slug}.bench.invalid"
        user_id = None
        if kind == "person":
            user_id = add_user(email, f"{first} {name}", "member")
        member_rows.append(
            {
                "id": member_id,
                "cooperative_id": coop_id,
                "number": number,
                "kind": kind,
                "name": name,
                "first_name": first,
                "sort_name": f"{name} {first}".strip().lower(),
                "email": email,
                "phone": "",
                "address": f"{rng.randint(1, 90)} rue de la République, 24000 {town}",
                "siren": f"{200000000 + number:09d}" if kind != "person" else "",
                "authority_type": authority_type,
                "category_id": final.id,
                "college_id": final.college_id,
                "status": "exited" if exited_on else "active",
                "applied_on": admitted - timedelta(days=20),
                "admitted_on": admitted,
                "admission_decision_ref": f"CA {admitted.year}-{number}",
                "exited_on": exited_on,
                "exit_cause": "withdrawal" if exited_on else "",
                "liability_end_date": exited_on.replace(year=exited_on.year + 5)
                if exited_on and not (exited_on.month == 2 and exited_on.day == 29)
                else None,
                "user_id": user_id,
                "created_at": created,
                "version": 1,
            }
        )
        placement_rows.append(
            {
                "id": ids["member_placements"] + len(placement_rows),
                "member_id": member_id,
                "category_id": category.id,
                "college_id": category.college_id,
                "valid_from": admitted,
                "decision_ref": f"CA {admitted.year}-{number}",
            }
        )
        if moved:
            placement_rows.append(
                {
                    "id": ids["member_placements"] + len(placement_rows),
                    "member_id": member_id,
                    "category_id": final.id,
                    "college_id": final.college_id,
                    "valid_from": _day(rng, admitted + timedelta(days=30), date(2026, 10, 1)),
                    "decision_ref": f"CA change {number}",
                }
            )
        voter_user = user_id
        deliberation_id = None
        if kind == "local_authority":
            adopted = admitted - timedelta(days=rng.randint(30, 90))
            deliberation_id = ids["deliberations"] + len(deliberation_rows)
            deliberation_rows.append(
                {
                    "id": deliberation_id,
                    "cooperative_id": coop_id,
                    "member_id": member_id,
                    "purpose": "membership",
                    "reference": f"DCM {adopted.year}-{number:03d}",
                    "adopted_on": adopted,
                    "transmitted_to_prefect_on": adopted + timedelta(days=5),
                    "published_on": adopted + timedelta(days=5),
                    "executory_on": adopted + timedelta(days=6),
                    "executory_assumed": False,
                    "authorised_shares": 40,
                    "document_name": "",
                    "created_at": created,
                }
            )
        if kind != "person":
            roles = ("main", "alternate") if kind == "local_authority" else ("main",)
            for role in roles:
                person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                rep_email = f"rep{number}-{role}@{slug}.bench.invalid"
                rep_user = add_user(rep_email, person, "representative")
                if role == "main":
                    voter_user = rep_user
                mandate_rows.append(
                    {
                        "id": ids["mandates"] + len(mandate_rows),
                        "cooperative_id": coop_id,
                        "member_id": member_id,
                        "user_id": rep_user,
                        "full_name": person,
                        "function": "Élu(e)" if kind == "local_authority" else "Gérant(e)",
                        "email": rep_email,
                        "role": role,
                        "designation_ref": f"Désignation {number}",
                        "deliberation_id": deliberation_id,
                        "valid_from": admitted,
                        "valid_to": None,
                        "created_at": created,
                    }
                )
        people.append(
            {
                "id": member_id,
                "min": category.min_shares,
                "admitted": admitted,
                "exited": exited_on,
                "college_on_day": (
                    category.college_id
                    if not moved or placement_rows[-1]["valid_from"] > ASSEMBLY_DAY
                    else final.college_id
                ),
                "user": voter_user,
                "person": f"{name} {first}".strip(),
                "kind": kind,
            }
        )
    lap("build_members")
    _bulk(User.__table__, user_rows)
    _bulk(Grant.__table__, grant_rows)
    _bulk(Member.__table__, member_rows)
    _bulk(MemberPlacement.__table__, placement_rows)
    _bulk(Deliberation.__table__, deliberation_rows)
    _bulk(Mandate.__table__, mandate_rows)
    lap("insert_members")
    stats.rows.update(
        users=len(user_rows),
        grants=len(grant_rows),
        members=len(member_rows),
        member_placements=len(placement_rows),
        deliberations=len(deliberation_rows),
        mandates=len(mandate_rows),
    )
    for rows in (member_rows, user_rows, grant_rows, placement_rows):
        rows.clear()  # free memory before the ledger is built

    # --- Share movements: about three per member, numbered by date, chained in order -----------
    raw: list[tuple] = []  # (effective_on, seq, type, member, counterparty, shares, paid_ratio)
    seq = 0
    end = date(2026, 10, 31)
    for index, p in enumerate(people):
        shares = p["min"] * (10 if p["kind"] == "local_authority" else 1) + rng.randint(0, 4)
        raw.append((p["admitted"], seq, "subscription", p["id"], None, shares, 1))
        seq += 1
        held = shares
        last = p["admitted"]
        limit = p["exited"] or end
        if rng.random() < 0.9:
            day = _day(rng, last, limit)
            extra = rng.randint(1, 5)
            raw.append(
                (day, seq, "subscription", p["id"], None, extra, 0 if rng.random() < 0.05 else 1)
            )
            seq += 1
            held += extra
            last = day
        draw = rng.random()
        if draw < 0.1 and index > 0 and held > p["min"]:
            # A transfer of one share to a member admitted earlier (same date, two entries).
            other = people[rng.randrange(index)]
            day = _day(rng, last, limit)
            if other["exited"] is None or other["exited"] > day:
                raw.append((day, seq, "transfer_out", p["id"], other["id"], -1, 1))
                raw.append((day, seq + 1, "transfer_in", other["id"], p["id"], 1, 1))
                seq += 2
                held -= 1
                last = day
        elif draw < 0.25 and held > p["min"] + 1 and p["exited"] is None:
            day = _day(rng, last, limit)
            raw.append((day, seq, "partial_withdrawal", p["id"], None, -1, 1))
            seq += 1
            held -= 1
            last = day
        elif draw < 0.6 and p["exited"] is None:
            day = _day(rng, last, limit)
            raw.append((day, seq, "subscription", p["id"], None, rng.randint(1, 3), 1))
            seq += 1
            held += raw[-1][5]
            last = day
        if p["exited"] is not None:
            # Everything goes back at exit: the full holding, computed below in order.
            raw.append((max(p["exited"], last), seq, "full_withdrawal", p["id"], None, None, 1))
            seq += 1
    raw.sort(key=lambda r: (r[0], r[1]))
    holdings: dict[int, tuple[int, int]] = {}
    movement_rows: list[dict] = []
    capital = 0
    first_id = ids["share_movements"]
    for position, (day, _s, kind, member_id, counterparty, shares, paid_ratio) in enumerate(raw):
        held, held_paid = holdings.get(member_id, (0, 0))
        if shares is None:  # full withdrawal
            shares, amount, paid = -held, -held * SHARE_VALUE_CENTS, -held_paid
        else:
            amount = shares * SHARE_VALUE_CENTS
            paid = amount * paid_ratio
            if shares < 0:
                paid = max(amount, -held_paid)
        holdings[member_id] = (held + shares, held_paid + paid)
        capital += amount
        entered_at = _at(day, rng)
        row = {
            "id": first_id + position,
            "cooperative_id": coop_id,
            "number": position + 1,
            "type": kind,
            "member_id": member_id,
            "counterparty_id": counterparty,
            "effective_on": day,
            "shares_delta": shares,
            "amount_cents": amount,
            "paid_cents": paid,
            "decision_organ": "Conseil d'administration",
            "decision_date": day,
            "decision_ref": f"CA {day.isoformat()}",
            "reverses_id": None,
            "capital_after_cents": capital,
            "note": "",
            "entered_by_id": secretary,
            "entered_at": entered_at,
        }
        movement_rows.append(row)
    _chain(ShareMovement, movement_rows)
    lap("build_movements")
    _bulk(ShareMovement.__table__, movement_rows)
    stats.rows["share_movements"] = len(movement_rows)
    del movement_rows, raw
    lap("insert_movements")

    # --- The assembly: 10 resolutions opened by the product's services -------------------------
    assembly, resolutions = open_assembly(
        coop_id,
        RESOLUTIONS,
        now=ASSEMBLY_START,
        extraordinary=(9, 10),
        type="combined",
        title="Assemblée générale mixte 2026",
        starts_at=ASSEMBLY_START,
        place="Salle des fêtes, Périgueux",
        approves_accounts_of=2025,
        convocation_sent_on=date(2026, 5, 20),
        secretary_name="Secrétaire Bench",
    )
    stats.assembly_id = assembly.id

    # --- Ballots: 60 % of the entitled members vote on every resolution, chained by id ---------
    entitled = [p for p in people if p["admitted"] <= ASSEMBLY_DAY and p["exited"] is None]
    voters = rng.sample(entitled, round(len(entitled) * VOTER_SHARE))
    votes: list[tuple] = []  # (cast_at, resolution index, person, channel)
    for p in voters:
        draw = rng.random()
        channel = "remote" if draw < 0.8 else ("correspondence" if draw < 0.9 else "in_person")
        base = ASSEMBLY_START + timedelta(seconds=rng.randint(0, 3 * 3600))
        if channel == "correspondence":
            base = ASSEMBLY_START - timedelta(days=rng.randint(2, 10), seconds=rng.randint(0, 9999))
        for r in range(RESOLUTIONS):
            votes.append((base + timedelta(seconds=20 * r), r, p, channel))
    votes.sort(key=lambda v: (v[0], v[1], v[2]["id"]))
    #: Per resolution: chances of for / against / abstain / blank (resolution 4 is rejected).
    leanings = [
        (0.3, 0.6, 0.07, 0.03) if r == 3 else (0.78 - 0.03 * r, 0.15 + 0.02 * r, 0.05, 0.02)
        for r in range(RESOLUTIONS)
    ]
    choice_names = ("for", "against", "abstain", "blank")
    ballot_rows: list[dict] = []
    first_id = ids["ballots"]
    randbits = rng.getrandbits
    for position, (cast_at, r, p, channel) in enumerate(votes):
        resolution = resolutions[r]
        row = {
            "id": first_id + position,
            "cooperative_id": coop_id,
            "resolution_id": resolution.id,
            "member_id": p["id"],
            "college_id": p["college_on_day"],
            "choice": rng.choices(choice_names, leanings[r])[0],
            "channel": channel,
            "cast_by_user_id": p["user"] if channel == "remote" else None,
            "cast_by_name": p["person"],
            # A receipt nobody will type: hash 80 random bits directly (new_receipt's input).
            "receipt_hash": sha256(randbits(80).to_bytes(10, "big")).hexdigest(),
            "cast_at": cast_at,
        }
        ballot_rows.append(row)
    _chain(Ballot, ballot_rows)
    lap("build_ballots")
    _bulk(Ballot.__table__, ballot_rows)
    stats.rows["ballots"] = len(ballot_rows)
    del ballot_rows, votes
    lap("insert_ballots")

    # --- Close every vote with the product's service: the Outcome is its own tally -------------
    for resolution in resolutions:
        voting.close_vote(resolution, now=ASSEMBLY_END)
    db.session.execute(
        update(Assembly)
        .where(Assembly.id == assembly.id)
        .values(
            status="closed",
            closed_at=ASSEMBLY_END,
            quorum_entitled=len(entitled),
            quorum_participants=len(voters),
            quorum_reached=True,
            version=Assembly.version + 1,
        )
    )
    stats.rows["outcomes"] = len(resolutions)
    lap("close_votes")
    _fix_sequences([*tables, Ballot.__table__])
    db.session.commit()
    # Planner statistics, as a database in service has them (autovacuum on PostgreSQL).
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    lap("commit")
    return stats


def _fix_sequences(tables) -> None:
    """PostgreSQL: explicit ids do not advance the sequences; move them past the new rows."""
    from scic.core.db import db

    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--members", type=int, required=True, help="number of members")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: SCIC_BENCH_DATABASE_URL, SCIC_DATABASE_URL, else "
        "instance/bench/scic.sqlite)",
    )
    parser.add_argument("--slug", default=None, help="cooperative slug (default: bench-N)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.members < 10:
        parser.error("--members must be at least 10")
    from bench.app import make_app, migrate_schema

    app = make_app(args.database_url)
    slug = args.slug or f"bench-{args.members}"
    with app.app_context():
        migrate_schema()
        started = time.perf_counter()
        stats = generate(args.members, slug, seed=args.seed)
        elapsed = time.perf_counter() - started
    print(f"Generated {slug}: {stats.members} members in {elapsed:.1f} s")
    print("  rows: " + ", ".join(f"{k}={v}" for k, v in stats.rows.items()))
    print("  steps (s): " + ", ".join(f"{k}={v}" for k, v in stats.timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
