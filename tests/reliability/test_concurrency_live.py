"""Simultaneous requests against gunicorn with several workers: ballots (with duplicates), share
subscriptions and check-ins. Nothing lost, nothing written twice, no 5xx, totals right.

SQLite: a file database (BEGIN IMMEDIATE serialises writers across processes). PostgreSQL: set
SCIC_TEST_DATABASE_URL (row locks and unique constraints).
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from scic.core.db import db
from tests.reliability.live import (
    Browser,
    LiveServer,
    database_url,
    seed_assembly,
    seeding_app,
    verify_chains,
)

pytestmark = pytest.mark.slow

VOTERS = 20
WORKERS = 4


@pytest.fixture
def live(tmp_path):
    """The seeded database and a running server; yields (seed, server)."""
    url = database_url(tmp_path)
    with seeding_app(tmp_path, url):
        seed = seed_assembly(VOTERS)
        db.session.remove()
        server = LiveServer(tmp_path, url, workers=WORKERS)
        try:
            yield seed, server
        finally:
            server.stop()
        db.session.remove()


def storm(jobs, prepare, fire) -> list:
    """Prepare every job (pages, tokens), then fire all of them at once."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        state = prepare(job)
        barrier.wait(timeout=120)
        return fire(job, state)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def secretary_sessions(server, seed, count: int, page: str) -> list:
    """``count`` signed-in secretaries, each with the CSRF token of ``page``."""
    sessions = []
    for _ in range(count):
        browser = Browser(server.base)
        browser.login(seed["secretary"])
        token, _ = browser.csrf(page)
        sessions.append((browser, token))
    return sessions


def test_simultaneous_ballots_with_duplicates(live):
    from scic.voting.models import Ballot

    seed, server = live
    # Every voter opens their link on two devices and votes on both at once, differently.
    jobs = [(member_id, device) for member_id in seed["member_ids"] for device in ("a", "b")]

    def prepare(job):
        member_id, _ = job
        browser = Browser(server.base)
        status, location, _ = browser.request(f"/vote/{seed['links'][member_id]}")
        assert (status, location) == (302, "/vote/")
        token, _ = browser.csrf("/vote/")
        return browser, token

    def fire(job, state):
        member_id, device = job
        browser, token = state
        choice = "for" if device == "a" else "against"
        data = {
            "csrf_token": token,
            "resolution": seed["resolution_id"],
            "member": member_id,
            "choice": choice,
            "confirmed": "1",
        }
        status, location, _ = browser.request("/vote/", data)
        return member_id, choice, status, location

    results = storm(jobs, prepare, fire)
    assert not [r for r in results if r[2] >= 500], results
    assert not server.errors()
    receipts = {(m, c) for m, c, status, loc in results if loc == "/vote/receipt"}
    refused = [r for r in results if r[3] == "/vote/"]
    assert len(receipts) == VOTERS, results[:4]
    assert len(refused) == VOTERS
    assert {m for m, _ in receipts} == set(seed["member_ids"])
    stored = {
        (b.member_id, b.choice)
        for b in db.session.scalars(
            select(Ballot).where(Ballot.resolution_id == seed["resolution_id"])
        )
    }
    # Exactly one ballot per voter: the one whose device got the receipt.
    assert stored == receipts
    counts = Counter(choice for _, choice in stored)
    assert counts["for"] + counts["against"] == VOTERS
    verify_chains(seed["slug"])


def test_simultaneous_subscriptions_keep_the_ledger_whole(live):
    from scic.capital.models import ShareMovement

    seed, server = live
    before = db.session.scalar(
        select(func.count())
        .select_from(ShareMovement)
        .where(ShareMovement.cooperative_id == seed["cooperative_id"])
    )
    db.session.rollback()  # SQLite: a read transaction holds the write lock (BEGIN IMMEDIATE)
    # Four secretaries' sessions; each member gets two subscriptions of 1 and 2 shares.
    sessions = secretary_sessions(server, seed, 4, f"/c/{seed['slug']}/capital/subscribe")
    jobs = [
        (index, member_id, shares)
        for index, (member_id, shares) in enumerate(
            (m, s) for m in seed["member_ids"] for s in (1, 2)
        )
    ]

    def fire(job, _state):
        index, member_id, shares = job
        browser, token = sessions[index % len(sessions)]
        data = {
            "csrf_token": token,
            "member": member_id,
            "shares": shares,
            "paid": f"{shares * 50}.00",
            "on": seed["today"].isoformat(),
            "decision_organ": "board",
            "decision_ref": f"CA-{index}",
            "confirm": "y",
        }
        status, _, _ = browser.request(f"/c/{seed['slug']}/capital/subscribe", data)
        return member_id, shares, status

    results = storm(jobs, lambda job: None, fire)
    assert not [r for r in results if r[2] >= 500], results
    assert not server.errors()
    assert [r for r in results if r[2] != 303] == []
    db.session.expire_all()
    movements = db.session.scalars(
        select(ShareMovement)
        .where(ShareMovement.cooperative_id == seed["cooperative_id"])
        .order_by(ShareMovement.number)
    ).all()
    assert len(movements) == before + len(jobs)
    # Numbers are 1..n without a gap or a repeat; every running total follows the one before.
    assert [m.number for m in movements] == list(range(1, len(movements) + 1))
    new = movements[before:]
    assert sorted((m.member_id, m.shares_delta) for m in new) == sorted(
        (member_id, shares) for member_id, shares, _ in results
    )
    running = movements[before - 1].capital_after_cents
    for movement in new:
        running += movement.amount_cents
        assert movement.capital_after_cents == running, movement.number
    assert running == sum(m.amount_cents for m in movements)
    verify_chains(seed["slug"])


def test_simultaneous_check_ins_record_each_member_once(live):
    from scic.assemblies.models import AttendanceEntry

    seed, server = live
    page = f"/c/{seed['slug']}/assemblies/{seed['assembly_id']}/attendance"
    sessions = secretary_sessions(server, seed, 2, page)
    # Two secretaries at two doors check every member in at the same time.
    jobs = [(door, member_id) for member_id in seed["member_ids"] for door in (0, 1)]

    def fire(job, _state):
        door, member_id = job
        browser, token = sessions[door]
        status, _, _ = browser.request(
            f"/c/{seed['slug']}/assemblies/{seed['assembly_id']}/attendance",
            {"csrf_token": token, "member_id": member_id, "mode": "present"},
        )
        return member_id, status

    results = storm(jobs, lambda job: None, fire)
    assert [status for _, status in results] == [303] * len(jobs), server.errors()[-3000:]
    assert not server.errors()
    lines = db.session.execute(
        select(AttendanceEntry.member_id, func.count())
        .where(AttendanceEntry.assembly_id == seed["assembly_id"])
        .group_by(AttendanceEntry.member_id)
    ).all()
    assert dict(lines) == dict.fromkeys(seed["member_ids"], 1)
    verify_chains(seed["slug"])
