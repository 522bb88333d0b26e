"""Every command that names a cooperative by its slug refuses an unknown one the same way:
one line naming the slug on standard error, status 2 (FORMATS.md), nothing written."""

from __future__ import annotations

import pytest

from scic.auth.models import User
from scic.core.db import db


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["calendar", "list", "nowhere"], id="calendar list"),
        pytest.param(["members", "export", "nowhere"], id="members export"),
        pytest.param(["privacy", "pseudonymise", "nowhere"], id="privacy pseudonymise"),
        pytest.param(["statutes", "export", "nowhere"], id="statutes export"),
        pytest.param(["capital", "exclude-unpaid", "nowhere"], id="capital exclude-unpaid"),
        pytest.param(["assemblies", "export", "nowhere", "1"], id="assemblies export"),
        pytest.param(["verify", "nowhere"], id="verify"),
        pytest.param(
            [
                *("archive", "append-sheet", "nowhere"),
                *("--signer-email", "a@example.org", "--name", "Ana", "--capacity", "présidente"),
            ],
            id="archive append-sheet",
        ),
        pytest.param(
            ["users", "create", "new@example.org", "--role", "member", "--coop", "nowhere"],
            id="users create",
        ),
    ],
)
def test_an_unknown_cooperative_is_refused_by_name(runner, app, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["Unknown cooperative: nowhere"]
    assert db.session.query(User).filter_by(email="new@example.org").count() == 0
