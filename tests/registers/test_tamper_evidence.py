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


def _checkpoint_path(cooperative) -> Path:
    return Path(current_app.instance_path) / "checkpoints" / f"cooperative-{cooperative.id}.json"


def _journal_lines(cooperative) -> list[dict]:
    text_ = checkpoints.journal_of(_checkpoint_path(cooperative)).read_text()
    return [json.loads(line) for line in text_.splitlines() if line.strip()]


def test_a_commit_appends_a_signed_line_with_each_chain_head(ledger):
    last = _rows(ShareMovement, ledger.id)[-1]
    journal = checkpoints.journal_of(_checkpoint_path(ledger))
    heads = _journal_lines(ledger)[-1]["heads"]
    assert heads[f"share_movements:cooperative_id={ledger.id}"] == {
        "id": last.id,
        "hash": last.hash,
    }
    assert checkpoints.read(ledger.id).valid
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.parent.stat().st_mode) == 0o700


def test_a_long_journal_is_folded_into_the_signed_file(ledger, monkeypatch):
    monkeypatch.setattr(checkpoints, "FOLD_BYTES", 1)
    audit.record("test.fold", ledger, data={"x": 1})
    db.session.commit()
    path = _checkpoint_path(ledger)
    assert not checkpoints.journal_of(path).exists()
    body = json.loads(path.read_text())
    last = _rows(AuditEntry, ledger.id)[-1]
    assert body["heads"][f"audit_entries:cooperative_id={ledger.id}"] == {
        "id": last.id,
        "hash": last.hash,
    }
    assert f"share_movements:cooperative_id={ledger.id}" in body["heads"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert checkpoints.read(ledger.id).valid


def test_a_checkpoint_folder_removed_while_running_is_made_again(ledger):
    """The process makes the folder once, not at every commit; an operator who removes it
    while the application runs gets it back at the next commit, not an error after it."""
    import shutil

    folder = _checkpoint_path(ledger).parent
    shutil.rmtree(folder)
    entry = audit.record("test.after_removal", ledger)
    db.session.commit()
    heads = _journal_lines(ledger)[-1]["heads"]
    assert heads[f"audit_entries:cooperative_id={ledger.id}"] == {
        "id": entry.id,
        "hash": entry.hash,
    }
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_heads_never_move_back_and_a_torn_line_is_skipped(ledger):
    name = f"share_movements:cooperative_id={ledger.id}"
    recorded = checkpoints.read(ledger.id).heads[name]
    checkpoints.write_heads({f"cooperative-{ledger.id}.json": {name: (1, "older")}})
    journal = checkpoints.journal_of(_checkpoint_path(ledger))
    with journal.open("a") as out:
        out.write('{"format": "scic-checkp')  # a write cut short by a crash
    state = checkpoints.read(ledger.id)
    assert state.valid
    assert state.heads[name] == recorded


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


def test_an_edited_checkpoint_journal_is_reported(runner, ledger):
    journal = checkpoints.journal_of(_checkpoint_path(ledger))
    lines = _journal_lines(ledger)
    name = f"share_movements:cooperative_id={ledger.id}"
    for line in lines:
        if name in line["heads"]:
            line["heads"][name]["id"] -= 1  # hide the tail that will be cut
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert "checkpoint file fails its signature" in result.output


def test_an_edited_checkpoint_file_is_reported_and_set_aside_at_folding(
    runner, ledger, monkeypatch
):
    path = _checkpoint_path(ledger)
    monkeypatch.setattr(checkpoints, "FOLD_BYTES", 1)
    audit.record("test.fold", ledger, data={"x": 1})
    db.session.commit()  # folds the journal into the file
    body = json.loads(path.read_text())
    body["heads"][f"share_movements:cooperative_id={ledger.id}"]["id"] -= 1
    path.write_text(json.dumps(body))
    result = runner.invoke(args=["verify", ledger.slug])
    assert result.exit_code == 2
    assert "checkpoint file fails its signature" in result.output
    audit.record("test.fold", ledger, data={"x": 2})
    db.session.commit()  # the next folding sets the edited file aside
    assert path.with_name(path.name + ".invalid").exists()
    state = checkpoints.read(ledger.id)
    assert state.set_aside
    assert f"audit_entries:cooperative_id={ledger.id}" in state.heads


def test_a_chain_written_before_keys_is_reported_then_rekeyed(runner, ledger):
    _rewrite(ShareMovement, ledger.id, key=None)  # the content as it was, plain hashes
    _rewrite(AuditEntry, ledger.id, key=None)
    checkpoints.journal_of(_checkpoint_path(ledger)).unlink()
    _checkpoint_path(ledger).unlink(missing_ok=True)
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
