"""``scic users create``."""

from sqlalchemy import select

from scic.auth.models import User
from scic.cooperatives.models import Grant
from scic.core.db import db


def test_create_user_with_role_prints_an_invitation(runner, make_cooperative):
    cooperative = make_cooperative()
    db.session.commit()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Sec@Example.org",
            "--role",
            "secretary",
            "--coop",
            cooperative.slug,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Invitation link: http" in result.output
    user = db.session.scalar(select(User).where(User.email == "sec@example.org"))
    assert db.session.scalar(select(Grant.role).where(Grant.user_id == user.id)) == "secretary"


def test_unknown_cooperative_exits_with_status_2(runner):
    result = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "secretary", "--coop", "nowhere"]
    )
    assert result.exit_code == 2
    assert "nowhere" in result.output
    assert db.session.scalar(select(User)) is None


def test_bad_role_is_a_usage_error(runner):
    result = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "king", "--coop", "x"]
    )
    assert result.exit_code == 2
