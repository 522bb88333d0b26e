"""A process killed (SIGKILL) in the middle of a members import, a ledger entry or a vote closing
leaves the database consistent: nothing half written, ``scic verify`` passes, and the
application restarts and carries on.

How the process is stopped "in the middle": a ``sitecustomize`` module, put on the killed
process's PYTHONPATH by the test only, wraps ``Chained.seal`` so that after the k-th sealed row
of one table it writes a marker file and sleeps. The rows before it are flushed inside the open
transaction; the test waits for the marker and kills the process group with SIGKILL. Product
code is untouched. A second loop kills an import at random moments, commit included.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scic.core.db import db
from tests.reliability.live import (
    Browser,
    LiveServer,
    database_url,
    seed_assembly,
    seeding_app,
    server_env,
    verify_chains,
)

pytestmark = pytest.mark.slow

SITECUSTOMIZE = '''
"""Test-only fault hook: stall after the k-th sealed row of one table (see test_faults.py)."""
import os
import time

_table = os.environ.get("SCIC_TEST_STALL_TABLE")
if _table:
    import scic.core.records as _records

    _after = int(os.environ["SCIC_TEST_STALL_AFTER"])
    _marker = os.environ["SCIC_TEST_STALL_MARKER"]
    _original = _records.Chained.seal
    _count = [0]

    def seal(self):
        _original(self)
        if self.__tablename__ == _table:
            _count[0] += 1
            if _count[0] == _after:
                with open(_marker, "w") as handle:
                    handle.write(str(os.getpid()))
                time.sleep(600)

    _records.Chained.seal = seal
'''

IMPORTED = 12


def fault_env(tmp_path: Path, url: str, *, table: str = "", after: int = 0) -> dict[str, str]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = server_env(tmp_path, url)
    env["PYTHONPATH"] = f"{hooks}{os.pathsep}{env['PYTHONPATH']}"
    if table:
        env.update(
            SCIC_TEST_STALL_TABLE=table,
            SCIC_TEST_STALL_AFTER=str(after),
            SCIC_TEST_STALL_MARKER=str(tmp_path / "stalled"),
        )
    return env


def wait_for_marker(tmp_path: Path, process, timeout: float = 90.0) -> None:
    marker = tmp_path / "stalled"
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, "the process ended before reaching the fault point"
        assert time.monotonic() < deadline, "the fault point was never reached"
        time.sleep(0.05)
    marker.unlink()


def kill_group(process) -> None:
    """SIGKILL the process we started and its children (gunicorn workers)."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    if process.stdout is not None:
        process.stdout.close()


def members_csv(count: int, *, prefix: str) -> str:
    from scic.membership.csv_format import MemberRow, write_members_csv
    from scic.membership.rules import MemberKind

    return write_members_csv(
        MemberRow(
            kind=MemberKind.PERSON,
            name=f"{prefix}{index:03d}",
            first_name="Lou",
            category="USA",
            admitted_on=date(2025, 1, 15),
            shares=2,
        )
        for index in range(count)
    )


def scic_command(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from scic.cli import main; main()", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def counts(cooperative_id: int) -> tuple[int, int, int]:
    from scic.capital.models import ShareMovement
    from scic.core.audit import AuditEntry
    from scic.membership.models import Member

    db.session.rollback()
    result = tuple(
        db.session.scalar(
            select(func.count()).select_from(model).where(model.cooperative_id == cooperative_id)
        )
        for model in (Member, ShareMovement, AuditEntry)
    )
    db.session.rollback()  # SQLite: do not hold the write lock while others work
    return result


@pytest.fixture
def seeded(tmp_path):
    url = database_url(tmp_path)
    with seeding_app(tmp_path, url):
        seed = seed_assembly(4, slug="faults")
        db.session.rollback()
        yield seed, url
        db.session.remove()


@pytest.mark.parametrize("after", [1, IMPORTED // 2, IMPORTED])
def test_members_import_killed_midway_writes_nothing(tmp_path, seeded, after):
    seed, url = seeded
    source = tmp_path / "members.csv"
    source.write_text(members_csv(IMPORTED, prefix="Import"), encoding="utf-8")
    before = counts(seed["cooperative_id"])
    process = scic_command(
        ["members", "import", "faults", str(source)],
        fault_env(tmp_path, url, table="share_movements", after=after),
    )
    wait_for_marker(tmp_path, process)
    kill_group(process)
    assert counts(seed["cooperative_id"]) == before
    verify_chains("faults")
    # The application carries on: the same import now goes through, whole.
    rerun = scic_command(["members", "import", "faults", str(source)], fault_env(tmp_path, url))
    output = rerun.communicate(timeout=120)[0].decode()
    assert rerun.returncode == 0, output
    members, movements, _ = counts(seed["cooperative_id"])
    assert (members, movements) == (before[0] + IMPORTED, before[1] + IMPORTED)
    verify_chains("faults")


def test_members_import_killed_at_random_moments_is_all_or_nothing(tmp_path, seeded):
    seed, url = seeded
    rng = random.Random(8)
    members_before = counts(seed["cooperative_id"])[0]
    imported = 0
    for attempt in range(4):
        source = tmp_path / f"members-{attempt}.csv"
        source.write_text(members_csv(IMPORTED, prefix=f"Essai{attempt}-"), encoding="utf-8")
        process = scic_command(
            ["members", "import", "faults", str(source)], fault_env(tmp_path, url)
        )
        time.sleep(rng.uniform(0.5, 4.0))
        if process.poll() is None:
            kill_group(process)
        else:
            process.communicate()
        members = counts(seed["cooperative_id"])[0] - members_before
        assert members in (imported, imported + IMPORTED), (attempt, members)
        imported = members
        verify_chains("faults")


def test_ledger_entry_killed_in_the_server_leaves_no_trace(tmp_path, seeded):
    from scic.capital.models import ShareMovement

    seed, url = seeded
    member_id = seed["member_ids"][0]
    form_path = "/c/faults/capital/subscribe"

    def subscribe(server: LiveServer, reference: str) -> int:
        browser = Browser(server.base)
        browser.login(seed["secretary"])
        token, _ = browser.csrf(form_path)
        data = {
            "csrf_token": token,
            "member": member_id,
            "shares": 3,
            "paid": "150.00",
            "on": seed["today"].isoformat(),
            "decision_organ": "board",
            "decision_ref": reference,
            "confirm": "y",
        }
        return browser.request(form_path, data)[0]

    before = counts(seed["cooperative_id"])
    stalled = _server(tmp_path, url, table="share_movements", after=1)
    try:
        worker = threading.Thread(target=lambda: _ignore_errors(subscribe, stalled, "CA-killed"))
        worker.start()
        wait_for_marker(tmp_path, stalled.process)
    finally:
        kill_group(stalled.process)
    worker.join(timeout=60)
    assert counts(seed["cooperative_id"]) == before
    verify_chains("faults")
    # Restarted, the server records the entry with the next number.
    server = LiveServer(tmp_path, url, workers=2)
    try:
        assert subscribe(server, "CA-after") == 303
    finally:
        server.stop()
    numbers = db.session.scalars(
        select(ShareMovement.number)
        .where(ShareMovement.cooperative_id == seed["cooperative_id"])
        .order_by(ShareMovement.number)
    ).all()
    db.session.rollback()
    assert numbers == list(range(1, before[1] + 2))
    verify_chains("faults")


def test_vote_closing_killed_in_the_server_leaves_the_vote_open(tmp_path, seeded):
    from scic.voting import services as voting
    from scic.voting.models import Outcome, Resolution

    seed, url = seeded
    resolution = db.session.get(Resolution, seed["resolution_id"])
    from scic.membership.models import Member
    from tests.fixtures.voting import attend

    members = [db.session.get(Member, member_id) for member_id in seed["member_ids"][:3]]
    attend(resolution.assembly, *members)  # R-AG-13: in the room only when recorded present
    for member in members:
        voting.cast_ballot(
            resolution,
            member,
            "for",
            now=resolution.opened_at,
            secretary=True,
            channel="in_person",
        )
    db.session.commit()
    path = f"/c/faults/votes/resolutions/{seed['resolution_id']}"

    def close(server: LiveServer) -> int:
        browser = Browser(server.base)
        browser.login(seed["secretary"])
        token, _ = browser.csrf(path)
        return browser.request(f"{path}/close", {"csrf_token": token})[0]

    stalled = _server(tmp_path, url, table="outcomes", after=1)
    try:
        worker = threading.Thread(target=lambda: _ignore_errors(close, stalled))
        worker.start()
        wait_for_marker(tmp_path, stalled.process)
    finally:
        kill_group(stalled.process)
    worker.join(timeout=60)
    db.session.expire_all()
    resolution = db.session.get(Resolution, seed["resolution_id"])
    assert resolution.status == "open"
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0
    db.session.rollback()
    verify_chains("faults")
    server = LiveServer(tmp_path, url, workers=2)
    try:
        assert close(server) == 303
    finally:
        server.stop()
    db.session.expire_all()
    outcome = db.session.scalar(
        select(Outcome).where(Outcome.resolution_id == seed["resolution_id"])
    )
    assert outcome is not None
    # Counted once: the three ballots cast before the crash, nothing more.
    assert sum(c["for"] for c in outcome.colleges) == 3
    assert outcome.adopted is True
    db.session.rollback()
    verify_chains("faults")


def _server(tmp_path: Path, url: str, *, table: str, after: int) -> LiveServer:
    """A one-worker server whose worker stalls after the k-th sealed row of ``table``."""
    return LiveServer(
        tmp_path, url, workers=1, env=fault_env(tmp_path, url, table=table, after=after)
    )


def _ignore_errors(function, *args) -> None:
    """The request of a killed server fails: that is the point."""
    with contextlib.suppress(OSError, AssertionError):
        function(*args)
