"""`scic verify`: every chain is walked and the first altered row is named."""

from datetime import date

from sqlalchemy import text

from scic.capital.models import ShareMovement
from scic.core import audit
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.registers.integrity import chained_models, first_break, verify_cooperative


def test_chained_models_are_discovered_from_the_mapper_registry(app):
    models = chained_models()
    assert ShareMovement in models
    assert AuditEntry in models
    # Any other Chained model (ballots…) is found the same way.
    from scic.core.records import Chained

    assert all(issubclass(m, Chained) for m in models)


def test_intact_chains_report_length_and_head(register_coop):
    cooperative, _ = register_coop
    reports = {r.table: r for r in verify_cooperative(cooperative)}
    ledger = reports["share_movements"]
    assert ledger.intact
    assert ledger.entries == 10
    last = db.session.scalars(
        db.select(ShareMovement)
        .where(ShareMovement.cooperative_id == cooperative.id)
        .order_by(ShareMovement.id.desc())
    ).first()
    assert ledger.head_hash == last.hash
    assert first_break(list(reports.values())) is None


def test_verify_command_exits_0_when_intact(runner, register_coop):
    cooperative, _ = register_coop
    db.session.commit()
    result = runner.invoke(args=["verify", cooperative.slug])
    assert result.exit_code == 0, result.output
    assert "share_movements: 10 entries" in result.output
    assert "All chains are intact." in result.output


def test_verify_names_a_share_movement_altered_in_the_database(runner, register_coop):
    cooperative, people = register_coop
    db.session.commit()
    target = db.session.scalars(
        db.select(ShareMovement)
        .where(ShareMovement.member_id == people["bob"].id)
        .order_by(ShareMovement.id)
    ).all()[-1]
    position = db.session.scalar(
        db.select(db.func.count(ShareMovement.id)).where(
            ShareMovement.cooperative_id == cooperative.id, ShareMovement.id <= target.id
        )
    )
    db.session.execute(
        text("UPDATE share_movements SET shares_delta = 100 WHERE id = :id"), {"id": target.id}
    )
    db.session.commit()
    result = runner.invoke(args=["verify", cooperative.slug])
    assert result.exit_code == 2
    assert f"table share_movements, id {target.id}, position {position}:" in result.output
    assert "does not match its keyed hash" in result.output


def test_verify_names_a_broken_link_in_the_audit_log(runner, register_coop):
    cooperative, _ = register_coop
    first = audit.record("test.one", cooperative, data={"x": 1})
    audit.record("test.two", cooperative, data={"x": 2})
    db.session.commit()
    db.session.execute(
        text("UPDATE audit_entries SET prev_hash = :h WHERE id = :id"),
        {"h": "f" * 64, "id": first.id + 1},
    )
    db.session.commit()
    result = runner.invoke(args=["verify", cooperative.slug])
    assert result.exit_code == 2
    assert f"table audit_entries, id {first.id + 1}" in result.output
    assert "its link to the entry before it does not match" in result.output


def test_verify_unknown_cooperative_exits_2(runner, app):
    result = runner.invoke(args=["verify", "nowhere"])
    assert result.exit_code == 2
    assert "Unknown cooperative: nowhere" in result.output


def test_another_cooperatives_tampering_is_not_reported(
    runner, register_coop, make_cooperative, ledger_builder
):
    cooperative, _ = register_coop
    other = make_cooperative()
    ledger_builder(other).member("Autre", shares=1, admitted_on=date(2024, 5, 1))
    db.session.commit()
    db.session.execute(
        text("UPDATE share_movements SET shares_delta = 7 WHERE cooperative_id = :c"),
        {"c": other.id},
    )
    db.session.commit()
    assert runner.invoke(args=["verify", cooperative.slug]).exit_code == 0
    assert runner.invoke(args=["verify", other.slug]).exit_code == 2
