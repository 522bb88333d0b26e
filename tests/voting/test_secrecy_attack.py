"""Attacker-style tests: read the raw database after secret votes and try to link voters to choices.

The attacker of issue 17 read SQLite's file and its ``-wal`` (and a backup taken during the vote)
and matched each commit's participation row (who) with its urn row (what). Here the same reading
is done on a file database with several secret votes, and on PostgreSQL the system columns
(``xmin``, ``ctid``) are read: what can be linked to a voter is only a sealed box, every box has
the same length, nothing in it or beside it is found again in the counted ballots, and after the
count the key's shares are gone.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text

from scic import create_app
from scic.auth.models import User
from scic.core import sealing
from scic.core.db import db, forget_wal
from scic.membership.models import Member
from scic.voting import rules, services, urn
from scic.voting.models import (
    Resolution,
    SecretBallot,
    SecretParticipation,
    SecretUrnBox,
    TellerShare,
)
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, app_config, empty_database
from tests.conftest import reset_database as create_schema
from tests.fixtures.voting import NOW

PASSPHRASES = ("alpha teller words", "bravo teller words", "charlie teller words")


@pytest.fixture
def app(tmp_path):
    """The usual test app, but SQLite on a file (WAL mode) so that its bytes can be read."""
    url = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path}/attack.sqlite"
    application = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with application.app_context():
        create_schema()
        yield application
        empty_database()
        db.engine.dispose()


def _tellers(scenario):
    return [scenario.users[m.id] for m in scenario.trav]


def _voters(scenario):
    """(member id, user id) of everyone who votes: three TRAV, two USA members."""
    return [(m.id, scenario.users[m.id].id) for m in (*scenario.trav, *scenario.usa)]


class Vote:
    """One secret vote run as requests would run it: one commit per step. Rows are read again
    by id at each step (``scic backup`` ends the session, as a separate process would)."""

    def __init__(self, scenario, title: str):
        resolution = services.create_resolution(scenario.assembly, title=title, secret=True)
        self.teller_ids = [u.id for u in _tellers(scenario)]
        self.secretary_id = scenario.secretary.id
        urn.set_up_urn(
            resolution,
            list(zip(self.teller_ids, PASSPHRASES, strict=True)),
            by=scenario.secretary,
            now=NOW,
        )
        services.open_vote(resolution, by=scenario.secretary, now=NOW)
        db.session.commit()
        self.resolution_id = resolution.id
        self.cast: list[tuple[int, str, str]] = []  # member id, choice, receipt code

    @property
    def resolution(self) -> Resolution:
        return db.session.get(Resolution, self.resolution_id)

    def vote(self, member_id: int, user_id: int, choice: str) -> None:
        member, user = db.session.get(Member, member_id), db.session.get(User, user_id)
        receipt = services.cast_ballot(self.resolution, member, choice, by=user, now=NOW)
        db.session.commit()
        self.cast.append((member_id, choice, rules.normalise_receipt(receipt.code)))

    def locked_shares(self) -> list[bytes]:
        return list(
            db.session.scalars(
                select(TellerShare.locked_share).where(
                    TellerShare.resolution_id == self.resolution_id
                )
            )
        )

    def box_ids(self) -> set[str]:
        return set(
            db.session.scalars(
                select(SecretUrnBox.id).where(SecretUrnBox.resolution_id == self.resolution_id)
            )
        )

    def close(self) -> bytes:
        first, _second, third = self.teller_ids
        opened = urn.unlock_urn(self.resolution, {first: PASSPHRASES[0], third: PASSPHRASES[2]})
        secretary = db.session.get(User, self.secretary_id)
        services.close_vote(self.resolution, by=secretary, now=NOW, urn=opened)
        db.session.commit()
        return opened.private_key


def _secrets_of(vote: Vote) -> list[bytes]:
    """What would betray a link if found beside a voter: receipt codes, as stored and hashed,
    and the clear payload of a ballot."""
    found = []
    for _member, choice, code in vote.cast:
        digests = (hashlib.sha256(code.encode()).digest(), bytes.fromhex(rules.receipt_hash(code)))
        found += [
            code.encode(),
            rules.format_receipt(code).encode(),
            f'"v":"{choice}"'.encode(),
            # Any 8 bytes of a hash of the code, raw or in hex (a truncated hash links too).
            *(d[:8] for d in digests),
            *(d.hex()[:16].encode() for d in digests),
        ]
    return found


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _backup_contents(path: Path) -> bytes:
    """A backup as an attacker reads it: SQLite's bytes, or pg_dump's archive as plain SQL."""
    if not ON_POSTGRES:
        return _read(path)
    pg_restore = shutil.which("pg_restore")
    assert pg_restore, "pg_restore is needed to read the PostgreSQL backup"
    return subprocess.run(
        [pg_restore, "--data-only", "-f", "-", str(path)], check=True, capture_output=True
    ).stdout


def _found(needle: bytes, haystack: bytes) -> bool:
    """Raw bytes, or as pg_restore writes a bytea (hex)."""
    return needle in haystack or needle.hex().encode() in haystack


def _postgresql_join_on_xmin(vote: Vote) -> None:
    """The attacker's join on PostgreSQL: a participation and the box of the same transaction."""
    linked = (
        db.session.execute(
            text(
                "SELECT p.member_id, b.* FROM secret_participations p "
                "JOIN secret_urn_boxes b ON b.xmin = p.xmin "
                "WHERE b.resolution_id = :resolution"
            ),
            {"resolution": vote.resolution_id},
        )
        .mappings()
        .all()
    )
    assert len(linked) == len(vote.cast)  # the link exists: what it gives is a sealed box
    for row in linked:
        assert set(row.keys()) == {"member_id", "id", "resolution_id", "sealed"}
        assert len(row["sealed"]) == sealing.SEALED_SIZE
        for needle in _secrets_of(vote):
            assert needle not in bytes(row["sealed"])


def _postgresql_counted_order(votes: list[Vote]) -> None:
    for vote in votes:
        ballots = db.session.execute(
            text(
                "SELECT id, xmin::text AS x FROM secret_ballots "
                "WHERE resolution_id = :resolution ORDER BY ctid"
            ),
            {"resolution": vote.resolution_id},
        ).all()
        # One transaction wrote them all, in the order of fresh random keys, not of voting.
        assert len({b.x for b in ballots}) == 1
        assert [b.id for b in ballots] == sorted(b.id for b in ballots)


def test_a_database_reader_links_no_voter_to_a_choice(app, tmp_path, scenario):
    """SQLite: the file, its WAL, a backup taken mid-vote; PostgreSQL: a dump taken mid-vote
    and the system columns."""
    database = tmp_path / "attack.sqlite"
    wal = Path(f"{database}-wal")
    db.session.commit()
    votes = [Vote(scenario, "Élection du conseil"), Vote(scenario, "Rémunération")]
    voters = _voters(scenario)
    choices = ["for", "against", "abstain", "for", "blank"]
    backup = tmp_path / "mid-vote.bak"
    wal_mid_vote = b""
    for vote in votes:
        for (member_id, user_id), choice in zip(voters, choices, strict=True):
            vote.vote(member_id, user_id, choice)
            if vote is votes[0] and len(vote.cast) == 3:
                result = app.test_cli_runner().invoke(args=["backup", str(backup)])
                assert result.exit_code == 0, result.output
                wal_mid_vote = _read(wal)
        choices.reverse()
    wal_before_count = _read(wal)
    shares = [share for vote in votes for share in vote.locked_shares()]
    boxes = {box for vote in votes for box in vote.box_ids()}
    assert len(boxes) == 10
    if ON_POSTGRES:
        for vote in votes:
            _postgresql_join_on_xmin(vote)
    else:
        # The urn in the mid-vote copy: sealed boxes of one length under random keys, and no
        # rowid that would number them in the order of voting.
        with sqlite3.connect(backup) as copy:
            columns = [row[1] for row in copy.execute("PRAGMA table_info(secret_urn_boxes)")]
            rows = copy.execute("SELECT sealed FROM secret_urn_boxes").fetchall()
            schema = copy.execute("SELECT sql FROM sqlite_master WHERE name='secret_urn_boxes'")
            assert "WITHOUT ROWID" in schema.fetchone()[0]
        assert columns == ["id", "resolution_id", "sealed"]
        assert len(rows) == 3
        assert {len(sealed) for (sealed,) in rows} == {sealing.SEALED_SIZE}

    private_keys = [vote.close() for vote in votes]
    assert forget_wal()
    mid_vote = _backup_contents(backup) + wal_mid_vote + wal_before_count
    assert "Rémunération".encode() in mid_vote  # a real copy: the checks below can fail

    # The counted ballots: no voter, no time, keys that are not the boxes' keys.
    ballots = db.session.scalars(select(SecretBallot)).all()
    assert len(ballots) == 10
    assert not {b.id for b in ballots} & boxes
    assert not {"member_id", "cast_at"} & set(SecretBallot.__table__.columns.keys())
    # Nothing written while voting (beside the participations) is found in the count: receipt
    # codes, their hashes and the choices were sealed.
    for vote in votes:
        for needle in _secrets_of(vote):
            assert needle not in mid_vote, needle
    # The key never reached the disk; a mid-vote copy has the locked shares (two passphrases
    # would open it: docs/security.md), the database after the count has none.
    for key in private_keys:
        assert not _found(key[:16], mid_vote)
        assert not _found(key[16:], mid_vote)
    assert all(_found(share, mid_vote) for share in shares)
    assert not db.session.scalars(select(TellerShare)).all()
    assert not db.session.scalars(select(SecretUrnBox)).all()
    participations = db.session.scalars(select(SecretParticipation)).all()
    assert len(participations) == 10

    if ON_POSTGRES:
        _postgresql_counted_order(votes)
        return
    db.session.remove()
    db.engine.dispose()  # the last connection closes: everything is in the file
    final = _read(database) + _read(wal)
    assert not _read(wal)  # emptied by forget_wal, then by the last close
    for key in private_keys:
        assert key[:16] not in final
        assert key[16:] not in final
    for share in shares:
        assert share not in final  # overwritten in the file (secure_delete), not left free
    with sqlite3.connect(database) as reader:
        for vote in votes:
            order = [
                row[0]
                for row in reader.execute(
                    "SELECT id FROM secret_ballots WHERE resolution_id = ? ORDER BY rowid",
                    (vote.resolution_id,),
                )
            ]
            # rowid order is the random keys' order, not the voting order
            assert len(order) == 5
            assert order == sorted(order)
