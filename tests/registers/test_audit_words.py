"""The audit log in words: every recorded action has a label, changes read as sentences."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import scic
from scic.registers import audit_words

ACTION = re.compile(r"[a-z_]+\.[a-z_]+")


def recorded_actions() -> set[str]:
    """The action codes passed to ``audit.record`` (or a package's ``_record``/``_audit``)."""
    found = set()
    for path in Path(scic.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if (
                ("record" in name or "audit" in name)
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and ACTION.fullmatch(first.value)
            ):
                found.add(first.value)
    return found


def test_every_recorded_action_has_words():
    actions = recorded_actions()
    assert "member.admit" in actions  # the scan finds the calls
    assert not sorted(actions - audit_words.ACTION_LABELS.keys())


def test_changes_read_as_sentences(app):
    with app.test_request_context():
        from flask import session

        session["locale"] = "en"
        data = {
            "before": {"status": "candidate"},
            "after": {"status": "active"},
            "decided_on": "2022-03-14",
            "decision_ref": "import",
            "member_id": 117,
        }
        assert audit_words.changes(data) == [
            "Status: Candidate → Active",
            "Decided on: Mar 14, 2022",
            "Decision: members CSV import",
        ]
        assert audit_words.action_label("member.admit") == "Member admitted"
        assert audit_words.value_text("adopted", True) == "yes"
        assert audit_words.value_text("share_for", "1763/2220") == "79.41%"


def test_every_chained_table_has_words(app):
    from scic.registers.integrity import chained_models

    tables = {model.__tablename__ for model in chained_models()}
    assert {"audit_entries", "ballots"} <= tables  # the scan finds the chained models
    assert not sorted(tables - audit_words.CHAIN_LABELS.keys())
