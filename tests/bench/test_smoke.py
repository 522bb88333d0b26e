"""Smoke tests of the benchmark generator and harness at a tiny size (no timing assertions)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from bench import baselines, run
from bench.generate import RESOLUTIONS, VOTER_SHARE, generate
from scic.capital.models import ShareMovement
from scic.capital.queries import holdings_at
from scic.cooperatives.models import College
from scic.core.chain import verify_chain
from scic.core.checkpoints import chain_key
from scic.core.db import db
from scic.membership.models import Deliberation, Mandate, Member
from scic.voting import queries as voting_queries
from scic.voting import services
from scic.voting.models import Ballot, Outcome, Resolution


def _chain(model, cooperative_id):
    rows = db.session.scalars(
        select(model).where(model.cooperative_id == cooperative_id).order_by(model.id)
    )
    return verify_chain(((r.id, r.prev_hash, r.hash, r.chain_payload()) for r in rows), chain_key())


def test_generator_builds_a_cooperative_whose_chains_and_outcomes_hold(app):
    stats = generate(40, "bench-40", seed=7)
    cooperative_id = stats.cooperative_id
    count = lambda q: db.session.scalar(q)  # noqa: E731
    assert count(select(func.count(Member.id)).where(Member.cooperative_id == cooperative_id)) == 40
    assert (
        count(select(func.count(College.id)).where(College.cooperative_id == cooperative_id)) == 6
    )
    local = select(func.count(Member.id)).where(
        Member.cooperative_id == cooperative_id, Member.kind == "local_authority"
    )
    assert count(local) >= 1
    assert count(select(func.count(Deliberation.id))) >= 1
    assert count(select(func.count(Mandate.id))) >= 1
    movements = count(select(func.count(ShareMovement.id)))
    assert 2 * 40 <= movements <= 4 * 40
    # The hash chains computed in Python verify with the product's own payloads.
    assert _chain(ShareMovement, cooperative_id) is None
    assert _chain(Ballot, cooperative_id) is None
    # 60 % of the members entitled on the assembly day voted on every resolution.
    voters = count(select(func.count(func.distinct(Ballot.member_id))))
    ballots = count(select(func.count(Ballot.id)))
    assert ballots == voters * RESOLUTIONS
    entitled = sum(
        voting_queries.entitled_per_college(
            db.session.get(Resolution, 1).assembly.cooperative, date(2026, 6, 13)
        ).values()
    )
    assert voters == round(entitled * VOTER_SHARE)
    # Every vote was closed by the product's service: outcomes equal a recount of the ballots.
    assert count(select(func.count(Outcome.id))) == RESOLUTIONS
    resolutions = db.session.scalars(select(Resolution).order_by(Resolution.number)).all()
    counts = baselines.tally_sql(resolutions[0].assembly_id)
    for resolution in resolutions:
        assert resolution.status == "closed"
        frozen = services.snapshot(resolution)
        for_by_college = {
            college: n for r, college, choice, n in counts if r == resolution.id and choice == "for"
        }
        codes = {c.id: c.code for c in db.session.scalars(select(College))}
        assert {c.code: c.for_ for c in frozen.colleges if c.for_} == {
            codes[college]: n for college, n in for_by_college.items()
        }


def test_baselines_agree_with_the_product_and_draw_the_register(app, tmp_path):
    stats = generate(25, "bench-25", seed=3)
    held = holdings_at(stats.cooperative_id, date(2026, 10, 31))
    assert {m: h.shares for m, h in held.items()} == {
        m: int(s) for m, s in baselines.holdings_sql(stats.cooperative_id, date(2026, 10, 31))
    }
    from scic.cooperatives.models import Cooperative

    rows = baselines.register_rows(
        db.session.get(Cooperative, stats.cooperative_id), run.REGISTER_AT
    )
    assert 0 < len(rows) <= 25
    pages = baselines.draw_register(str(tmp_path / "base.pdf"), rows)
    assert pages == 1 + (len(rows) - 1) // 22  # 22 rows per A4-landscape page, as in scic
    assert (tmp_path / "base.pdf").read_bytes().startswith(b"%PDF")


def test_results_have_the_shape_of_issue_9():
    result = run.entry(0.3, 0.1, "tally", 120.0)
    assert result == {
        "value": 0.3,
        "baseline": 0.1,
        "ratio": 3.0,
        "target": 2,
        "unit": "s",
        "peak_rss_mb": 120.0,
    }
    table = run.markdown(
        {"members": 20000, "benchmarks": {"tally": result}},
        {"tally": "10 resolutions"},
        {"database": "SQLite", "machine": "2 CPU", "date": "2026-11-29", "command": "make bench"},
    )
    assert "| `tally` | 0.3 | 0.1 | 3.00 | ≤ 2 | 120 | **no** |" in table
    assert "20,000 members" in table


def test_harness_runs_end_to_end_at_a_tiny_size(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
    code = run.main(
        [
            "--members",
            "30",
            "--database-url",
            url,
            "--repeat",
            "1",
            "--output-dir",
            str(tmp_path),
            "--only",
            "tally,holdings_at_date,member_list",
        ]
    )
    assert code == 0
    results = json.loads((tmp_path / "latest.json").read_text())
    assert results["members"] == 30
    assert set(results["benchmarks"]) == {"tally", "holdings_at_date", "member_list"}
    for measure in results["benchmarks"].values():
        assert measure["value"] > 0
        assert measure["baseline"] > 0
        # Times are rounded to the microsecond and the ratio to 3 decimals in the file: the
        # ratio must lie between the extremes the rounded times allow.
        value, baseline, half = measure["value"], measure["baseline"], 5e-7
        low, high = (value - half) / (baseline + half), (value + half) / (baseline - half)
        assert low - 5e-4 <= measure["ratio"] <= high + 5e-4
        assert measure["peak_rss_mb"] > 0
    assert "SQL statements per request" in (tmp_path / "latest.md").read_text()


def test_a_bench_database_is_built_by_the_migrations_and_an_old_one_is_refused(tmp_path):
    """Datasets outlive code changes: the bench migrates its database like `scic db upgrade`
    (a new column or index reaches an existing dataset), and says what to do with a database
    an earlier bench built with create_all (no migration history to start from)."""
    from sqlalchemy import inspect, text

    from bench.app import make_app, migrate_schema
    from scic.core.db import db

    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with fresh.app_context():
        migrate_schema()
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version"))
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("ballots")}
        assert "ix_ballots_chain" in indexes
    old = make_app(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with old.app_context():
        db.create_all()
        with pytest.raises(SystemExit, match="delete it"):
            migrate_schema()
