"""``scic demo``: load a realistic demo cooperative and one account per role (idempotent)."""

from __future__ import annotations

import click
from sqlalchemy import select

from scic.core.db import db

SLUG = "autopartage-perigord"
DEMO_PASSWORD = "demo-scic-2026"  # noqa: S105 - published demo credentials, local use only

STATUTES = {
    "format": "scic-statutes/1",
    "slug": SLUG,
    "name": "Autopartage du Périgord Vert",
    "legal_form": "SAS",
    "governance": "president",
    "registered_office": "2 place de la Mairie, 24800 Thiviers",
    "siren": "912345675",
    "rcs": "RCS Périgueux 912 345 675",
    "share_value": "50.00",
    "capital_floor": "5000.00",
    "categories": [
        {"code": "SAL", "name": "Salariés", "kind": "employee", "min_shares": 2, "college": "TRAV"},
        {
            "code": "USA",
            "name": "Usagers",
            "kind": "beneficiary",
            "min_shares": 1,
            "college": "USA",
        },
        {
            "code": "COLL",
            "name": "Collectivités territoriales",
            "kind": "local_authority",
            "min_shares": 10,
            "college": "COLL",
        },
        {
            "code": "PART",
            "name": "Partenaires",
            "kind": "other",
            "min_shares": 5,
            "college": "PART",
        },
        {
            "code": "SOUT",
            "name": "Soutiens",
            "kind": "supporter",
            "min_shares": 1,
            "college": "SOUT",
        },
    ],
    "colleges": [
        {"code": "TRAV", "name": "Travailleurs", "weight": "25"},
        {"code": "USA", "name": "Usagers", "weight": "30"},
        {"code": "COLL", "name": "Collectivités", "weight": "20"},
        {"code": "PART", "name": "Partenaires", "weight": "15"},
        {"code": "SOUT", "name": "Soutiens", "weight": "10"},
    ],
    "assemblies": {
        "ordinary": {"quorum_first": "1/5", "quorum_second": "0", "majority": "simple"},
        "extraordinary": {"quorum_first": "1/4", "quorum_second": "1/5", "majority": "two_thirds"},
        "proxies": {"max_per_holder": 3, "holder_same_college": False},
    },
}

#: Demo accounts: (e-mail, full name, role or "superuser").
ACCOUNTS = [
    ("admin@demo.scic.coop", "Camille Martin", "admin"),
    ("secretaire@demo.scic.coop", "Claire Dubois", "secretary"),
    ("reviseur@demo.scic.coop", "Bernard Lefèvre", "auditor"),
    ("associe@demo.scic.coop", "Julie Moreau", "member"),
    ("elu@demo.scic.coop", "Jean Delmas", "representative"),
    ("plateforme@demo.scic.coop", "Opérateur de la plateforme", "superuser"),
]


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo cooperative, its accounts and its data unless they exist."""
    from scic.auth import services as accounts
    from scic.cooperatives.models import Cooperative, Role
    from scic.cooperatives.services import apply_statutes, grant_role
    from scic.cooperatives.statutes_format import read_statutes

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == SLUG))
    created = cooperative is None
    if created:
        spec, violations = read_statutes(STATUTES)
        if spec is None:  # the demo statutes are part of the code: fail loudly
            raise RuntimeError(f"demo statutes refused: {violations}")
        cooperative = apply_statutes(spec)
    for email, name, role in ACCOUNTS:
        user = accounts.find_user(email) or accounts.create_user(
            email, full_name=name, password=DEMO_PASSWORD, is_superuser=role == "superuser"
        )
        if role != "superuser":
            grant_role(user, cooperative, Role(role))
    if created:
        from scic.cli import demo_data

        demo_data.populate(cooperative)
    return [(email, DEMO_PASSWORD, role) for email, _name, role in ACCOUNTS]


@click.command("demo", help="Load the demo cooperative and demo accounts (idempotent).")
def demo() -> None:
    logins = load_demo()
    db.session.commit()
    click.echo(f"Demo cooperative: Autopartage du Périgord Vert (/c/{SLUG}/)")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, _password, role in logins:
        click.echo(f"  {role:<15} {email}")


commands = (demo,)
