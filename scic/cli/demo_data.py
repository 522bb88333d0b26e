"""Members, capital and assemblies of the demo cooperative, created through the services.

Deterministic: the same data every time, so screenshots and the README stay true.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date

from scic.membership.csv_format import COLUMNS

commands = ()

FIRST_NAMES = [
    "Julie",
    "Thomas",
    "Camille",
    "Nicolas",
    "Sophie",
    "Pierre",
    "Marie",
    "Lucas",
    "Emma",
    "Hugo",
    "Léa",
    "Louis",
    "Chloé",
    "Paul",
    "Manon",
    "Jules",
    "Inès",
    "Arthur",
    "Sarah",
    "Gabriel",
    "Anne",
    "Michel",
    "Nathalie",
    "Alain",
    "Isabelle",
]
LAST_NAMES = [
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
]
VILLAGES = [
    "Thiviers",
    "Nontron",
    "Saint-Jory-de-Chalais",
    "Firbeix",
    "Corgnac-sur-l'Isle",
    "Nantheuil",
    "Eyzerac",
    "Vaunac",
    "Lempzours",
    "Saint-Pardoux-la-Rivière",
]
#: (name, authority_type, SIREN, deliberation reference, adopted, shares, representative)
AUTHORITIES = [
    (
        "Commune de Thiviers",
        "commune",
        "212405617",
        "DCM 2021-034",
        date(2021, 3, 18),
        40,
        "Jean Delmas",
    ),
    (
        "Commune de Nontron",
        "commune",
        "212403109",
        "DCM 2021-052",
        date(2021, 5, 6),
        30,
        "Martine Roche",
    ),
    (
        "Commune de Firbeix",
        "commune",
        "212401772",
        "DCM 2022-011",
        date(2022, 2, 10),
        10,
        "Gérard Puyjalon",
    ),
    (
        "Commune de Saint-Jory-de-Chalais",
        "commune",
        "212404578",
        "DCM 2023-019",
        date(2023, 4, 13),
        12,
        "Sylvie Lacombe",
    ),
    (
        "Communauté de communes Périgord-Limousin",
        "epci",
        "200040392",
        "DCC 2021-118",
        date(2021, 9, 23),
        100,
        "Bernard Faucher",
    ),
    (
        "Département de la Dordogne",
        "departement",
        "222400012",
        "DCD 2022-0457",
        date(2022, 6, 27),
        160,
        "Agnès Deschamps",
    ),
]
PARTNERS = [
    "Garage Solidaire du Nontronnais",
    "Mutuelle Périgord Entraide",
    "Association Mobilité Rurale 24",
    "Crédit Coopératif — agence de Périgueux",
    "Le Relais des Aidants",
    "Centre social Le Chalet",
]


def demo_members_csv() -> str:
    """The demo cooperative's members as a members CSV (FORMATS.md §3)."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    out = io.StringIO()
    columns = [c for c in COLUMNS if c != "number"]  # the register numbers the members
    writer = csv.DictWriter(out, columns, delimiter=";")
    writer.writeheader()

    def person(category: str, year_from: int, shares: tuple[int, int], index: int) -> dict:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        village = rng.choice(VILLAGES)
        admitted = date(rng.randint(year_from, 2025), rng.randint(1, 12), rng.randint(1, 28))
        return {
            "kind": "person",
            "name": last,
            "first_name": first,
            "category": category,
            "email": f"{first.lower()}.{last.lower()}.{index}@exemple.fr".replace(" ", ""),
            "address": f"{rng.randint(1, 40)} rue du Bourg, 24800 {village}",
            "admitted_on": admitted.isoformat(),
            "shares": rng.randint(*shares),
        }

    rows = [
        {**person("SAL", 2019, (2, 10), i), "admitted_on": date(2019, 1 + i, 15).isoformat()}
        for i in range(8)
    ]
    rows += [person("USA", 2019, (1, 6), 100 + i) for i in range(84)]
    rows += [person("SOUT", 2019, (1, 20), 300 + i) for i in range(16)]
    rows[8].update(
        name="Moreau",
        first_name="Julie",
        email="associe@demo.scic.coop",
        admitted_on="2019-06-12",
        shares=4,
    )
    for i, name in enumerate(PARTNERS):
        rows.append(
            {
                "kind": "organisation",
                "name": name,
                "category": "PART",
                "email": f"contact{i}@partenaire.fr",
                "address": f"{i + 3} avenue de la Gare, 24000 Périgueux",
                "representative": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "admitted_on": date(2019 + i % 4, 3 + i, 1).isoformat(),
                "shares": 20 + 10 * (i % 3),
            }
        )
    for name, kind, siren, ref, adopted, shares, representative in AUTHORITIES:
        executory = date.fromordinal(adopted.toordinal() + 12)
        admitted = date.fromordinal(executory.toordinal() + 20)
        rows.append(
            {
                "kind": "local_authority",
                "name": name,
                "category": "COLL",
                "siren": siren,
                "authority_type": kind,
                "address": f"Hôtel de ville, 24800 {name.split(' de ')[-1]}",
                "deliberation_ref": ref,
                "deliberation_date": adopted.isoformat(),
                "deliberation_executory_date": executory.isoformat(),
                "representative": representative,
                "representative_email": f"{representative.split()[0].lower()}@mairie.fr",
                "admitted_on": admitted.isoformat(),
                "shares": shares,
            }
        )
    rows[-6].update(representative_email="elu@demo.scic.coop")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def populate(cooperative) -> None:
    """Add the demo members, movements, mandates and assemblies (deterministic)."""
    from scic.capital.services import import_members

    members = import_members(cooperative, demo_members_csv())
    _link_accounts(cooperative, members)
    _redesignate_after_2026_elections(members)
    _past_assembly(cooperative, members)
    _upcoming_assembly(cooperative)


def _paris(year: int, month: int, day: int, hour: int = 12, minute: int = 0):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Paris"))


def _link_accounts(cooperative, members) -> None:
    """Give the demo member account its membership."""
    from scic.auth.services import find_user
    from scic.cooperatives.models import Role
    from scic.cooperatives.services import grant_role

    user = find_user("associe@demo.scic.coop")
    member = next(m for m in members if m.email == "associe@demo.scic.coop")
    member.user_id = user.id
    member.econvocation_consent_on = date(2019, 6, 12)
    grant_role(user, cooperative, Role.MEMBER)
    for index, other in enumerate(members):
        if other.kind == "person" and index % 3 == 0:  # a third consented to e-mail
            other.econvocation_consent_on = other.admitted_on


def _redesignate_after_2026_elections(members) -> None:
    """After the March 2026 municipal elections, councils designate their representatives
    again; Firbeix has not yet, so the dashboard shows it as lacking a representative."""
    from scic.auth.services import find_user
    from scic.membership.services import designate_representative, record_deliberation

    elu = find_user("elu@demo.scic.coop")
    for offset, member in enumerate(m for m in members if m.is_local_authority):
        if "Firbeix" in member.name:
            continue
        adopted = date(2026, 4, 2 + offset)
        deliberation = record_deliberation(
            member,
            reference=f"DEL 2026-{40 + offset:03d}",
            adopted_on=adopted,
            purpose="representative",
            transmitted_to_prefect_on=adopted,
            published_on=adopted,
            executory_on=date(2026, 4, 15 + offset),
        )
        current = member.mandates[-1] if member.mandates else None
        name = current.full_name if current else "Représentant"
        designate_representative(
            member,
            name,
            "main",
            date(2026, 4, 15 + offset),
            deliberation=deliberation,
            email=current.email if current else "",
            user=elu if "Thiviers" in member.name else None,
            function="conseiller municipal délégué" if "Commune" in member.name else "élu",
        )


def _past_assembly(cooperative, members) -> None:
    """The annual ordinary assembly of June 2026, voted, closed and signed."""
    from scic.assemblies import queries as assembly_queries
    from scic.assemblies import services as assemblies
    from scic.voting import services as voting
    from scic.voting import urn
    from scic.workflows import session, votes

    rng = random.Random(62026)  # noqa: S311 - demo data
    assembly = assemblies.create_assembly(
        cooperative,
        assemblies.AssemblyInput(
            type="ordinary",
            title="Assemblée générale ordinaire annuelle 2026",
            starts_at=_paris(2026, 6, 20, 14),
            place="Salle des fêtes, 24800 Thiviers",
            video_link="https://visio.exemple.fr/ag-2026",
            remote_mode="hybrid",
            approves_accounts_of=2025,
        ),
    )
    items = [
        assemblies.add_agenda_item(assembly, title=title)
        for title in (
            "Approbation des comptes de l'exercice 2025",
            "Affectation du résultat de l'exercice 2025",
            "Renouvellement de deux membres du comité stratégique",
        )
    ]
    resolutions = [
        voting.create_resolution(
            assembly,
            title="Approbation des comptes 2025",
            text="L'assemblée générale approuve les comptes de l'exercice "
            "clos le 31 décembre 2025.",
            agenda_item=items[0],
        ),
        voting.create_resolution(
            assembly,
            title="Affectation du résultat",
            text="Le résultat de 18 420 € est affecté en totalité aux réserves impartageables.",
            agenda_item=items[1],
        ),
        voting.create_resolution(
            assembly,
            title="Élection au comité stratégique",
            text="L'assemblée élit Mme Sophie Laurent et M. Paul Girard.",
            agenda_item=items[2],
            secret=True,
        ),
    ]
    report = assemblies.send_convocation(assembly, date(2026, 5, 26), now=_paris(2026, 5, 26, 9))
    # The members without e-mail consent got a registered letter the same day: the session may
    # open only once every voter's convocation is recorded (R-AG-1/§5, R-AG-13).
    if report.paper:
        assemblies.record_paper_letters(
            assembly,
            [
                (member, f"1A 165 {index:03d} 2026 {member.number % 10}")
                for index, member in enumerate(report.paper, start=1)
            ],
            channel="registered_letter",
            sent_on=date(2026, 5, 26),
            now=_paris(2026, 5, 26, 17),
        )
    voters = [m for m in members if m.status == "active"]
    rng.shuffle(voters)
    present, proxies = voters[:48], voters[48:52]
    assemblies.give_proxy(
        assembly, proxies[0], present[0], signed_on=date(2026, 6, 10), now=_paris(2026, 6, 10)
    )
    assemblies.give_proxy(
        assembly, proxies[1], present[1], signed_on=date(2026, 6, 12), now=_paris(2026, 6, 12)
    )
    assemblies.give_proxy(
        assembly, proxies[2], None, signed_on=date(2026, 6, 15), now=_paris(2026, 6, 15)
    )
    assemblies.set_bureau(
        assembly,
        chair="Camille Martin",
        secretary="Claire Dubois",
        scrutineers="Thomas Laurent, Jean Delmas",
    )
    session.open_session(assembly, now=_paris(2026, 6, 20, 14, 5))
    remote: set[int] = set()
    for member in present:
        mode = "deemed_present" if rng.random() < 0.2 else "present"
        if mode == "deemed_present":
            remote.add(member.id)
        assemblies.record_attendance(assembly, member, mode, now=_paris(2026, 6, 20, 14, 10))
    for member in (proxies[0], proxies[1]):
        assemblies.record_attendance(
            assembly, member, "represented", now=_paris(2026, 6, 20, 14, 12)
        )
    tellers = {}
    for number, resolution in enumerate(resolutions):
        start = _paris(2026, 6, 20, 15 + number)
        if resolution.secret:
            tellers = _seal_urn(resolution, now=start)
        votes.open_vote(resolution, now=start)
        for member in present:
            leaning = 0.78 if number != 2 else 0.7
            roll = rng.random()
            choice = "for" if roll < leaning else ("against" if roll < 0.93 else "abstain")
            if member.id in remote:  # by video, through the member's own voting link
                voting.cast_ballot(resolution, member, choice, now=start, token_member=member)
            else:  # in the room (R-AG-13: recorded present)
                voting.cast_ballot(resolution, member, choice, now=start, secretary=True)
        opened = urn.unlock_urn(resolution, tellers) if resolution.secret else None
        votes.close_vote(resolution, now=_paris(2026, 6, 20, 15 + number, 40), urn=opened)
    session.close_session(assembly, now=_paris(2026, 6, 20, 18))
    assemblies.update_debates_summary(
        assembly,
        "Le président présente le rapport de gestion et l'évolution du projet "
        "coopératif (14 véhicules partagés, 3 nouvelles communes desservies). Les "
        "associés interrogent le conseil sur la tarification des trajets solidaires.",
    )
    for role, name in assembly_queries.minutes_state(assembly).pending:
        assemblies.sign_minutes(assembly, role=role, name=name, now=_paris(2026, 6, 22, 10))


#: The demo tellers' passphrases, published like the demo password (never a real instance's).
DEMO_TELLER_PASSPHRASES = ("demo teller one", "demo teller two", "demo teller three")


def _seal_urn(resolution, *, now) -> dict[int, str]:
    """The first three demo accounts seal a secret vote's urn; returns two tellers' passphrases
    (user id: passphrase) to count it."""
    from scic.voting import urn

    tellers = urn.possible_tellers(resolution)[:3]
    pairs = [(u.id, p) for u, p in zip(tellers, DEMO_TELLER_PASSPHRASES, strict=True)]
    urn.set_up_urn(resolution, pairs, now=now)
    return dict(pairs[:2])


def _upcoming_assembly(cooperative) -> None:
    """An extraordinary assembly in January 2027, prepared but not yet convened."""
    from scic.assemblies import services as assemblies
    from scic.voting import services as voting

    assembly = assemblies.create_assembly(
        cooperative,
        assemblies.AssemblyInput(
            type="extraordinary",
            title="Assemblée générale extraordinaire — janvier 2027",
            starts_at=_paris(2027, 1, 16, 10),
            place="Mairie de Nontron, salle du conseil",
            remote_mode="hybrid",
            video_link="https://visio.exemple.fr/age-2027",
        ),
    )
    item = assemblies.add_agenda_item(
        assembly,
        title="Modification de l'article 12 des statuts (minimum de parts des collectivités)",
    )
    voting.create_resolution(
        assembly,
        kind="extraordinary",
        agenda_item=item,
        title="Minimum de parts des collectivités territoriales",
        text="L'assemblée porte de 10 à 20 le nombre minimum de parts sociales souscrites par "
        "une collectivité territoriale.",
    )
