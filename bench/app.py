"""The bench application: the product app plus bench-only baseline routes.

The baseline routes live in a blueprint registered here, on the app object the harness builds,
never in the product's ``create_app``: production never serves them.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, g, render_template_string
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, insert, select

from scic import create_app, freeze_startup_objects
from scic.cooperatives.access import READERS, cooperative_blueprint, cooperative_role
from scic.cooperatives.models import Category, College, Role
from scic.core.db import db
from scic.membership.models import Member

ROOT = Path(__file__).resolve().parent.parent
#: Where bench databases, generated files and gunicorn logs go (never in git).
WORK_DIR = ROOT / "instance" / "bench"
ALL_ROLES = (*READERS, Role.MEMBER, Role.REPRESENTATIVE)

#: A table the vote baseline writes to: bench-only, outside the product's metadata.
bench_metadata = MetaData()
bench_votes = Table(
    "bench_votes",
    bench_metadata,
    Column("id", Integer, primary_key=True),
    Column("cooperative_id", Integer, nullable=False),
    Column("user_id", Integer, nullable=False),
    Column("choice", String(10), nullable=False),
    Column("cast_at", DateTime(timezone=True), server_default=func.now()),
)

BARE_LIST = """<!doctype html><html lang="en"><head><title>members</title></head><body><table>
{% for number, name, first_name, category, college in rows %}<tr><td>{{ number }}</td>
<td>{{ name }} {{ first_name }}</td><td>{{ category }}</td><td>{{ college or "" }}</td></tr>
{% endfor %}</table></body></html>"""

bench_bp = cooperative_blueprint("bench", __name__, "/bench")


@bench_bp.get("/members")
@cooperative_role(*READERS)
def bare_members():
    """Baseline of member_list: 50 rows by name in one college, one indexed query, bare page."""
    from flask import request

    college_id = request.args.get("college", type=int)
    rows = db.session.execute(
        select(Member.number, Member.name, Member.first_name, Category.name, College.name)
        .join(Category, Category.id == Member.category_id)
        .outerjoin(College, College.id == Member.college_id)
        .where(Member.cooperative_id == g.cooperative.id, Member.college_id == college_id)
        .order_by(Member.sort_name, Member.number)
        .limit(50)
    ).all()
    return render_template_string(BARE_LIST, rows=rows)


@bench_bp.post("/vote")
@cooperative_role(*ALL_ROLES)
def bare_vote():
    """Baseline of vote_cast: the same session check and CSRF, one inserted row, one commit."""
    from flask import request
    from flask_login import current_user

    db.session.execute(
        insert(bench_votes).values(
            cooperative_id=g.cooperative.id,
            user_id=current_user.id,
            choice=request.form.get("choice", "for")[:10],
        )
    )
    db.session.commit()
    return "", 204


def bench_config(database_url: str | None = None, **overrides) -> dict:
    """Settings of the bench app: its own instance folder (no developer config.py is read)."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    config: dict = {
        "INSTANCE_PATH": str(WORK_DIR),
        "SECRET_KEY": os.environ.get("SCIC_SECRET_KEY") or "bench-secret-not-for-production",
        "CHAIN_KEY": os.environ.get("SCIC_CHAIN_KEY") or "bench-chain-key-not-for-production",
        # Plain http on loopback: a Secure cookie would never come back.
        "SESSION_COOKIE_SECURE": False,
        # The test client's host and the loopback server's (production refuses other hosts).
        "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        # Many voters log in from 127.0.0.1 within a minute.
        "RATELIMIT_LOGIN": "100000 per minute",
    }
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    config.update(overrides)
    return config


def make_app(database_url: str | None = None, **overrides) -> Flask:
    """The product app with the bench blueprint; ``database_url`` defaults to the configured."""
    if database_url is None:
        database_url = os.environ.get("SCIC_BENCH_DATABASE_URL")
    app = create_app(bench_config(database_url, **overrides))
    app.register_blueprint(bench_bp)
    with app.app_context():
        bench_metadata.create_all(db.engine)
    freeze_startup_objects()  # as wsgi.py does in production
    return app
