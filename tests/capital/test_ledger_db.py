"""The ledger in the database: SQL holdings equal the pure rules, properties, concurrency."""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from scic import create_app
from scic.capital import queries, rules, services
from scic.capital.models import ShareMovement
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.membership.models import Member
from tests.conftest import ON_POSTGRES, app_config
from tests.fixtures.capital import DAY

BOARD = services.Decision("board", DAY, "CA-1")


def _all_days(cooperative_id: int) -> list[date]:
    days = sorted({m.effective_on for m in queries.ledger(cooperative_id)})
    return [days[0] - timedelta(days=1), *days, days[-1] + timedelta(days=1)] if days else []


def test_sql_holdings_equal_the_pure_rules(make_cooperative, make_holder):
    coop = make_cooperative()
    a = make_holder(coop, "USA", 10, paid_cents=125 * 100, on=date(2025, 1, 1))
    b = make_holder(coop, "SAL", 4, on=date(2025, 1, 2))
    c = make_holder(coop, "COLL", 10, on=date(2025, 1, 3))
    services.call_payment(a, 100 * 100, on=date(2025, 2, 1))
    services.record_payment(a, 100 * 100, on=date(2025, 2, 2))
    services.transfer(a, b, 3, on=date(2025, 3, 1), decision=BOARD)
    wrong = services.subscribe(c, 2, paid_cents=100 * 100, on=date(2025, 3, 5))
    services.reverse(wrong, "typo")
    request = services.request_withdrawal(
        b, 2, requested_on=date(2025, 4, 1), effective_on=date(2025, 4, 1)
    )
    services.acknowledge_withdrawal(request, on=date(2025, 4, 1), decision=BOARD)
    services.reimburse(request, 100 * 100, on=date(2025, 5, 1))
    ledger = queries.ledger(coop.id)
    assert len(ledger) == 11
    for day in _all_days(coop.id):
        sql = queries.holdings_at(coop.id, day)
        assert sql == rules.holdings_at(ledger, day), day
        assert queries.capital_at(coop.id, day) == rules.capital_at(ledger, day)
    assert queries.holdings_at(coop.id, date(2025, 5, 1))[b.id] == rules.Holding(
        5, 250 * 100, 250 * 100
    )


operations = st.lists(
    st.tuples(
        st.sampled_from(["subscribe", "subscribe_la", "withdraw", "partial", "transfer"]),
        st.integers(0, 4),  # which member
        st.integers(1, 30),  # shares
        st.integers(0, 20),  # days later
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_any_sequence_of_valid_movements_keeps_the_invariants(app, make_cooperative, ops):
    """Capital = sum of holdings at every date; no withdrawal below the floor; LA ≤ cap."""
    coop = make_cooperative(capital_floor="300.00")
    usa = next(c for c in coop.categories if c.code == "USA")
    coll = next(c for c in coop.categories if c.code == "COLL")
    from scic.membership import services as membership_services

    people = []
    for n in range(5):
        member = membership_services.create_candidate(
            coop,
            membership_services.MemberData(kind="person", name=f"P{n}", first_name="A"),
            usa,
            applied_on=DAY,
        )
        membership_services.admit_member(member, DAY, "CA-0", None)
        people.append(member)
    authorities = []
    for n in range(2):
        member = services.create_local_authority(
            coop, name=f"C{n}", authority_type="commune", category=coll, applied_on=DAY
        )
        services.record_deliberation(
            member, reference=f"D{n}", adopted_on=DAY, executory_on=DAY, authorised_shares=None
        )
        authorities.append(member)
    day = DAY
    for kind, who, shares, later in ops:
        day += timedelta(days=later)
        try:
            if kind == "subscribe":
                services.subscribe(people[who], shares, paid_cents=shares * 5000, on=day)
            elif kind == "subscribe_la":
                authority = authorities[who % 2]
                if authority.status == "candidate":
                    services.admit_with_subscription(
                        authority,
                        max(shares, 10),
                        paid_cents=max(shares, 10) * 5000,
                        on=day,
                        decision=BOARD,
                    )
                else:
                    services.subscribe(authority, shares, paid_cents=shares * 5000, on=day)
            elif kind in ("withdraw", "partial"):
                request = services.request_withdrawal(
                    people[who],
                    shares if kind == "partial" else None,
                    requested_on=day,
                    effective_on=day,
                )
                services.acknowledge_withdrawal(request, on=day, decision=BOARD)
            else:
                services.transfer(
                    people[who], people[(who + 1) % 5], shares, on=day, decision=BOARD
                )
        except RuleViolation:
            continue
    ledger = queries.ledger(coop.id)
    public_ids = {a.id for a in authorities}
    for at in _all_days(coop.id):
        held = queries.holdings_at(coop.id, at)
        assert queries.capital_at(coop.id, at) == sum(h.subscribed_cents for h in held.values())
        assert held == rules.holdings_at(ledger, at)
        assert all(h.shares >= 0 for h in held.values())
    rows = db.session.scalars(
        select(ShareMovement).where(ShareMovement.cooperative_id == coop.id)
    ).all()
    for row in rows:
        total = rules.capital_at(ledger, row.effective_on)
        if row.type in ("partial_withdrawal", "full_withdrawal"):
            floor = rules.effective_floor(
                coop.capital_floor_cents,
                rules.historical_max_capital(ledger, row.effective_on),
                coop.legal_form,
            )
            assert total >= floor
        if row.type == "subscription" and row.member_id in public_ids:
            public = sum(
                h.subscribed_cents
                for m, h in rules.holdings_at(ledger, row.effective_on).items()
                if m in public_ids
            )
            assert Fraction(public, total) <= rules.la_cap_on(row.effective_on)


# --- Concurrency -------------------------------------------------------------------------------


@pytest.fixture
def shared_app(tmp_path, request):
    """An app whose database several threads share: a file SQLite, or the PostgreSQL one."""
    if ON_POSTGRES:
        yield request.getfixturevalue("app")
        return
    app = create_app(
        app_config(tmp_path, SQLALCHEMY_DATABASE_URI=(f"sqlite:///{tmp_path / 'race.sqlite'}"))
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _run_concurrently(app, jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
            except BaseException as exc:
                db.session.rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def _cooperative_with(holders: list[tuple[str, int]], slug: str):
    """Build a cooperative and its members in the current (shared) app, committed."""
    from copy import deepcopy

    from scic.cooperatives.services import apply_statutes
    from scic.cooperatives.statutes_format import read_statutes
    from scic.membership import services as membership_services
    from tests.fixtures.factories import STATUTES

    spec, _ = read_statutes({**deepcopy(STATUTES), "slug": slug})
    coop = apply_statutes(spec)
    categories = {c.code: c for c in coop.categories}
    ids = []
    for n, (code, shares) in enumerate(holders):
        if code == "COLL":
            member = services.create_local_authority(
                coop,
                name=f"C{n}",
                authority_type="commune",
                category=categories[code],
                applied_on=DAY,
            )
            services.record_deliberation(
                member, reference=f"D{n}", adopted_on=DAY, executory_on=DAY, authorised_shares=None
            )
        else:
            member = membership_services.create_candidate(
                coop,
                membership_services.MemberData(kind="person", name=f"P{n}", first_name="A"),
                categories[code],
                applied_on=DAY,
            )
        services.admit_with_subscription(
            member, shares, paid_cents=shares * 5000, on=DAY, decision=BOARD
        )
        ids.append(member.id)
    coop_id = coop.id
    db.session.commit()
    # End the main thread's transaction: on SQLite a transaction holds the write lock.
    db.session.close()
    return coop_id, ids


def test_two_secretaries_never_produce_a_wrong_running_total(shared_app):
    coop_id, member_ids = _cooperative_with([("USA", 1)] * 4, "race-total")

    def secretary(member_id):
        def job():
            for _ in range(5):
                member = db.session.get(Member, member_id)
                services.subscribe(member, 2, paid_cents=100 * 100, on=DAY)
                db.session.commit()

        return job

    errors = _run_concurrently(shared_app, [secretary(m) for m in member_ids])
    assert errors == []
    db.session.expire_all()
    rows = db.session.scalars(
        select(ShareMovement)
        .where(ShareMovement.cooperative_id == coop_id)
        .order_by(ShareMovement.number)
    ).all()
    assert [r.number for r in rows] == list(range(1, 25))  # unique, no gap
    assert [r.capital_after_cents for r in rows] == [50 * 100 * n for n in (1, 2, 3, 4)] + [
        200 * 100 + 100 * 100 * k for k in range(1, 21)
    ]
    assert all(r.prev_hash == p.hash for p, r in itertools.pairwise(rows))
    assert queries.capital_at(coop_id, DAY) == 2200 * 100


def test_two_concurrent_local_authority_subscriptions_cannot_both_pass_the_cap(shared_app):
    coop_id, (_, *ids) = _cooperative_with([("USA", 40), ("COLL", 10), ("COLL", 10)], "race-cap")
    # Capital 3 000 €, local authorities 1 000 €: x ≤ T − 2P = 1 000 € (20 shares) in all,
    # so one subscription of 15 shares passes and the second one must be refused.

    def subscribe(member_id):
        def job():
            member = db.session.get(Member, member_id)
            services.subscribe(member, 15, paid_cents=750 * 100, on=DAY)
            db.session.commit()

        return job

    errors = _run_concurrently(shared_app, [subscribe(i) for i in ids])
    assert len(errors) == 1
    assert isinstance(errors[0], RuleViolation)
    assert errors[0].violations[0].code == "la_capital_cap_exceeded"
    db.session.expire_all()
    from scic.cooperatives.models import Cooperative

    share = services.public_share(db.session.get(Cooperative, coop_id), DAY)
    assert share.share <= Fraction(1, 2)


def test_effective_floor_uses_the_highest_capital_reached(make_cooperative, make_holder):
    coop = make_cooperative(capital_floor="100.00")
    member = make_holder(coop, "USA", 40, on=date(2025, 1, 1))  # 2 000 €
    request = services.request_withdrawal(
        member, 20, requested_on=date(2025, 2, 1), effective_on=date(2025, 2, 1)
    )
    services.acknowledge_withdrawal(request, on=date(2025, 2, 1), decision=BOARD)
    assert services.effective_floor(coop, date(2024, 12, 31)) == 100 * 100  # statutory
    assert services.effective_floor(coop, date(2025, 3, 1)) == 500 * 100  # a quarter of 2 000
