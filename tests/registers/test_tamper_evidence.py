"""Tamper evidence that survives a database rewrite: keyed chains and checkpoint files.

Tried as an attacker who can write the database but not read the instance configuration:
rewriting a chain with recomputed (plain) hashes, and cutting off the last share movement,
ballot and audit entry, are all caught by ``scic verify``.
"""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select, text

from scic.capital.models import ShareMovement
from scic.core import audit, checkpoints
from scic.core.audit import AuditEntry
from scic.core.chain import GENESIS, entry_hash
from scic.core.db import db
from scic.voting import services as voting
from scic.voting.models import Ballot

NOW = datetime.fromisoformat("2026-11-28T10:00:00+00:00")


def _rows(model, cooperative_id):
    return db.session.scalars(
        select(model).where(model.cooperative_id == cooperative_id).order_by(model.id)
    ).all()


def _rewrite(model, cooperative_id, *, key, change=None, start=0):
    """Recompute every hash from entry ``start`` on (``change(row)`` alters a column first),
    the way someone with write access to the database but without the chain key would."""
    rows = _rows(model, cooperative_id)
    if change is not None:
        column, value = change
        db.session.execute(
            text(f"UPDATE {model.__tablename__} SET {column} = :v WHERE id = :id"),
            {"v": value, "id": rows[start].id},
        )
        db.session.expire_all()
        rows = _rows(model, cooperative_id)
    previous = rows[start - 1].hash if start else GENESIS
    for row in rows[start:]:
        new = entry_hash(previous, row.chain_payload(), key)
        db.session.execute(
            text(f"UPDATE {model.__tablename__} SET prev_hash = :p, hash = :h WHERE id = :id"),
            {"p": previous, "h": new, "id": row.id},
        )
        previous = new
    db.session.commit()


def _delete_last(model, cooperative_id) -> int:
    last = _rows(model, cooperative_id)[-1].id
    db.session.execute(
        text(f"DELETE FROM {model.__tablename__} WHERE id = :id"),
        {"id": last},
    )
    db.session.commit()
    return last


@pytest.fixture
def ledger(register_coop):
    cooperative, _people = register_coop
    db.session.commit()  # the commit writes the checkpoint file
    return cooperative


def test_a_commit_writes_a_signed_checkpoint_of_each_chain_head(ledger):
    last = _rows(ShareMovement, ledger.id)[-1]
    path = Path(current_app.instance_path) / "checkpoints" / f"cooperative-{ledger.id}.json"
    body = json.loads(path.read_text())
    assert body["heads"][f"share_movements:cooperative_id={ledger.id}"] == {
        "id": last.id,
        "hash": last.hash,
    }
    assert checkpoints.read(ledger.id).valid
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_intact_ledger_verifies_against_its_checkpoint(runner, ledger):
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 0, result.output
    assert "matched" in result.output


def test_a_rewrite_with_recomputed_plain_hashes_from_the_edit_on_is_caught(runner, ledger):
    rows = _rows(ShareMovement, ledger.id)
    _rewrite(ShareMovement, ledger.id, key=None, change=("shares_delta", 100), start=3)
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert f"table share_movements, id {rows[3].id}, position 4:" in result.output
    assert "does not match its keyed hash" in result.output


def test_a_whole_chain_rewritten_with_plain_hashes_is_caught(runner, ledger):
    _rewrite(ShareMovement, ledger.id, key=None, change=("shares_delta", 100), start=0)
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert "differs from the one recorded in the checkpoint file" in result.output


def test_a_rewrite_with_another_key_is_caught(runner, ledger):
    _rewrite(ShareMovement, ledger.id, key=b"guessed", change=("shares_delta", 100), start=0)
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert "table share_movements, id" in result.output
    assert "position 1:" in result.output


def test_cutting_off_the_last_share_movement_is_caught(runner, ledger):
    last = _delete_last(ShareMovement, ledger.id)
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert f"table share_movements, id {last}, position 10:" in result.output
    assert "the chain was cut off after its entry 9" in result.output


def test_cutting_off_the_last_audit_entry_is_caught(runner, ledger):
    audit.record("test.last", ledger, data={"x": 1})
    db.session.commit()
    last = _delete_last(AuditEntry, ledger.id)
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert f"table audit_entries, id {last}" in result.output
    assert "is missing: the chain was cut off" in result.output


def test_cutting_off_the_last_ballot_is_caught_and_a_receipt_is_checked(
    runner, scenario, voting_resolution
):
    resolution = voting_resolution(scenario.assembly)
    receipts = [
        voting.cast_ballot(resolution, m, "for", by=scenario.users[m.id], now=NOW)
        for m in scenario.trav
    ]
    db.session.commit()
    slug = scenario.cooperative.slug
    code = receipts[-1].code
    good = runner.invoke(args=["verify", slug, "--receipt", code])
    assert good.exit_code == 0, good.output
    assert "chain intact" in good.output
    last = _delete_last(Ballot, scenario.cooperative.id)
    result = runner.invoke(args=["verify", slug])
    assert result.exit_code == 2
    assert f"table ballots, id {last}" in result.output
    assert "is missing: the chain was cut off" in result.output
    gone = runner.invoke(args=["verify", slug, "--receipt", code])
    assert gone.exit_code == 2
    assert f"No ballot of {slug} has the receipt" in gone.output


def test_an_edited_checkpoint_file_is_reported(runner, ledger):
    path = Path(current_app.instance_path) / "checkpoints" / f"cooperative-{ledger.id}.json"
    body = json.loads(path.read_text())
    name = f"share_movements:cooperative_id={ledger.id}"
    body["heads"][name]["id"] -= 1  # hide the tail that will be cut
    path.write_text(json.dumps(body))
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert "checkpoint file fails its signature" in result.output


def test_a_chain_written_before_keys_is_reported_then_rekeyed(runner, ledger):
    _rewrite(ShareMovement, ledger.id, key=None)  # the content as it was, plain hashes
    _rewrite(AuditEntry, ledger.id, key=None)
    (Path(current_app.instance_path) / "checkpoints" / f"cooperative-{ledger.id}.json").unlink()
    before = runner.invoke(args=["verify", ledger.slug])
    assert before.exit_code == 2
    assert "share_movements: 10 entries were written before keyed hashes" in before.output
    rekeyed = runner.invoke(args=["verify", "--rekey", ledger.slug])
    assert rekeyed.exit_code == 0, rekeyed.output
    assert "share_movements: 10 entries re-keyed." in rekeyed.output
    key = checkpoints.chain_key()
    db.session.expire_all()
    rows = _rows(ShareMovement, ledger.id)
    assert rows[0].hash == entry_hash(GENESIS, rows[0].chain_payload(), key)
    assert checkpoints.read(ledger.id).heads[f"share_movements:cooperative_id={ledger.id}"] == (
        rows[-1].id,
        rows[-1].hash,
    )


def test_rekey_refuses_a_chain_whose_content_was_edited(runner, ledger):
    rows = _rows(ShareMovement, ledger.id)
    db.session.execute(
        text("UPDATE share_movements SET shares_delta = 99 WHERE id = :id"), {"id": rows[2].id}
    )
    db.session.commit()
    result = runner.invoke(args=["verify", "--rekey", ledger.slug])
    assert result.exit_code == 2
    assert "Nothing re-keyed" in result.output


def test_production_refuses_to_start_without_a_chain_key(tmp_path):
    from scic import create_app
    from tests.conftest import app_config

    with pytest.raises(RuntimeError, match="SCIC_CHAIN_KEY"):
        create_app(app_config(tmp_path, TESTING=False, SECRET_KEY="k" * 32))
