"""The largest pages of the demo's large cooperative: HTML size, SQL statements, time.

Issue 18 item 8: every page ≤ 300 KB whatever the membership and a constant number of SQL
statements. ``make bench-pages`` (``python -m bench.pages [--database-url URL]``) loads
``scic demo`` (with its 1 200-member cooperative) into its database unless it is there
(default ``instance/bench/pages.sqlite``), signs in as the demo secretary and requests each
page: the statements and bytes of one warm request, and the median time of ``--repeat``
requests through the test client (no network, no gunicorn). ``--only convocation`` measures
one page; ``--members 100000`` first copies the demo's people (their numbers shifted, without
accounts) until the large cooperative has that many members.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.run import CSRF

#: Pages measured, by name (``{slug}`` the cooperative, ``{assembly}`` its assembly,
#: ``{resolution}`` the assembly's first resolution).
PAGES = {
    "capital": "/c/{slug}/capital/",
    "members": "/c/{slug}/members",
    "movement journal": "/c/{slug}/capital/journal",
    "audit log": "/c/{slug}/registers/audit",
    "attendance checklist": "/c/{slug}/assemblies/{assembly}/attendance",
    "convocation": "/c/{slug}/assemblies/{assembly}/convocation",
    "proxies": "/c/{slug}/assemblies/{assembly}/proxies",
    "resolutions": "/c/{slug}/votes/assemblies/{assembly}",
    "vote console": "/c/{slug}/votes/resolutions/{resolution}",
}


def _load(app) -> tuple[str, int, int, int]:
    """The large demo cooperative's slug, its members, its assembly and the assembly's first
    resolution (loaded if missing)."""
    from sqlalchemy import func, select

    from bench.app import migrate_schema
    from scic.assemblies.models import Assembly
    from scic.cli import demo_large
    from scic.cli.demo import load_demo
    from scic.cooperatives.models import Cooperative
    from scic.core.db import db
    from scic.membership.models import Member
    from scic.voting.models import Resolution

    with app.app_context():
        migrate_schema()
        load_demo(large=True)
        db.session.commit()
        cooperative = db.session.scalar(
            select(Cooperative).where(Cooperative.slug == demo_large.SLUG)
        )
        members = db.session.scalar(
            select(func.count(Member.id)).where(Member.cooperative_id == cooperative.id)
        )
        assembly = db.session.scalar(
            select(Assembly.id).where(Assembly.cooperative_id == cooperative.id)
        )
        resolution = db.session.scalar(
            select(func.min(Resolution.id)).where(Resolution.assembly_id == assembly)
        )
        db.session.remove()
        return cooperative.slug, members, assembly, resolution


def grow(app, slug: str, target: int) -> None:
    """Copy the cooperative's people (numbers shifted by 100 000 each time, no account) until
    it has ``target`` members: the pages at the size of a very large SCIC."""
    from sqlalchemy import func, insert, literal, select

    from scic.cooperatives.models import Cooperative
    from scic.core.db import db
    from scic.membership.models import Member

    table = Member.__table__
    columns = [c for c in table.columns if c.name not in ("id", "user_id")]
    with app.app_context():
        cooperative_id = db.session.scalar(select(Cooperative.id).where(Cooperative.slug == slug))
        shift = 1
        while (
            db.session.scalar(
                select(func.count(Member.id)).where(Member.cooperative_id == cooperative_id)
            )
            < target
        ):
            values = [(c + literal(shift * 100_000)) if c.name == "number" else c for c in columns]
            db.session.execute(
                insert(table).from_select(
                    [c.name for c in columns],
                    select(*values).where(
                        table.c.cooperative_id == cooperative_id,
                        table.c.kind == "person",
                        table.c.number < 100_000,
                    ),
                )
            )
            shift += 1
        db.session.commit()


def measure(
    app, repeat: int, only: list[str] | None = None, members_target: int = 0
) -> tuple[int, list[dict]]:
    from sqlalchemy import event

    from scic.cli.demo import DEMO_PASSWORD
    from scic.core.db import db

    slug, members, assembly, resolution = _load(app)
    if members_target > members:
        grow(app, slug, members_target)
        slug, members, assembly, resolution = _load(app)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={
            "email": "secretaire@demo.scic.coop",
            "password": DEMO_PASSWORD,
            "csrf_token": CSRF.search(login).group(1),
        },
    )
    if response.status_code != 303:
        raise SystemExit(f"login failed ({response.status_code})")
    with app.app_context():
        engine = db.engine
    statements = {"n": 0}

    def count(*_args):
        statements["n"] += 1

    rows = []
    for name, pattern in PAGES.items():
        if only and name not in only:
            continue
        url = pattern.format(slug=slug, assembly=assembly, resolution=resolution)
        client.get(url)  # warm the caches (templates, labels)
        event.listen(engine, "before_cursor_execute", count)
        statements["n"] = 0
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        rows.append(
            {
                "page": name,
                "url": url,
                "bytes": len(response.get_data()),
                "statements": statements["n"],
                "ms": 1000 * statistics.median(times),
            }
        )
    return members, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--database-url", default=None, help="default: instance/bench/pages.sqlite")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page")
    parser.add_argument(
        "--only", action="append", choices=sorted(PAGES), help="measure this page (repeatable)"
    )
    parser.add_argument(
        "--members",
        type=int,
        default=0,
        help="first copy the demo's people until its large cooperative has this many members",
    )
    args = parser.parse_args(argv)
    from bench.app import WORK_DIR, make_app

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{WORK_DIR / 'pages.sqlite'}"
    members, rows = measure(make_app(url), args.repeat, args.only, args.members)
    print(f"{members} members")
    print("| Page | HTML (KB) | SQL statements | Median time (ms) |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['page']} | {row['bytes'] / 1000:.1f} | {row['statements']} | {row['ms']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
