"""``scic demo``: load a realistic demo cooperative and one account per role (idempotent)."""

from __future__ import annotations

import click
from sqlalchemy import select, text

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


def load_demo(*, large: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo cooperatives, their accounts and their data unless they exist.

    ``large`` adds the second, large cooperative (scic.cli.demo_large), where the admin,
    the secretary and the auditor hold the same roles.
    """
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
    if large:
        _load_large()
    return [(email, DEMO_PASSWORD, role) for email, _name, role in ACCOUNTS]


def _load_large() -> None:
    from scic.auth import services as accounts
    from scic.cli import demo_large
    from scic.cooperatives.models import Cooperative, Role
    from scic.cooperatives.services import grant_role

    if db.session.scalar(select(Cooperative.id).where(Cooperative.slug == demo_large.SLUG)):
        return
    secretary = accounts.find_user("secretaire@demo.scic.coop")
    cooperative = demo_large.populate(secretary)
    for email, _name, role in ACCOUNTS:
        if role in ("admin", "secretary", "auditor"):
            grant_role(accounts.find_user(email), cooperative, Role(role))
    # Planner statistics for the rows just loaded in bulk, as a database in service has them:
    # without them PostgreSQL planned the capital page's holders query as a nested loop
    # (0.6 s instead of 2 ms) until autovacuum came by (docs/performance.md).
    db.session.flush()
    db.session.execute(text("ANALYZE"))


@click.command("demo", help="Load the demo cooperatives and demo accounts (idempotent).")
@click.option("--small-only", is_flag=True, help="Leave out the large cooperative (1 200 members).")
def demo(small_only: bool) -> None:
    import time

    from scic.cli import demo_large

    started = time.perf_counter()
    logins = load_demo(large=not small_only)
    db.session.commit()
    seconds = time.perf_counter() - started
    click.echo(f"Demo cooperative: Autopartage du Périgord Vert (/c/{SLUG}/)")
    if not small_only:
        click.echo(
            f"Large demo cooperative: {demo_large.NAME}, {demo_large.MEMBERS} members "
            f"(/c/{demo_large.SLUG}/; admin, secretary and auditor below)"
        )
    click.echo(f"Loaded in {seconds:.1f} s.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, _password, role in logins:
        click.echo(f"  {role:<15} {email}")


commands = (demo,)
