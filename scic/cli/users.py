"""``scic users``: accounts and roles."""

from __future__ import annotations

import click

from scic.cli import cooperative_or_refuse, refuse
from scic.core.db import db
from scic.core.messages import describe
from scic.core.violations import RuleViolation


@click.group("users", help="Manage user accounts.")
def users() -> None:
    pass


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["admin", "secretary", "auditor", "member", "representative"]),
    help="Role in --coop.",
)
@click.option("--coop", "slug", help="Cooperative slug for the role.")
@click.option("--name", default="", help="Full name.")
@click.option("--password", default=None, help="Set a password now (otherwise an invitation).")
@click.option("--superuser", is_flag=True, help="Platform administrator (creates cooperatives).")
def create(email, role, slug, name, password, superuser):
    """Create an account (or add a role to an existing one) and print its invitation link."""
    from flask import current_app

    from scic.auth import services as accounts
    from scic.auth.views import invite_user
    from scic.cooperatives.models import Role
    from scic.cooperatives.services import grant_role

    if bool(role) != bool(slug):
        refuse(["--role and --coop go together."])
    if not role and not superuser:
        refuse(["Give --role ROLE --coop SLUG, or --superuser."])
    cooperative = None
    if slug:
        cooperative = cooperative_or_refuse(slug)
    try:
        user = accounts.find_user(email)
        created = user is None
        if created:
            user = accounts.create_user(
                email, full_name=name, password=password, is_superuser=superuser
            )
        elif superuser:
            user.is_superuser = True
        if cooperative is not None:
            grant_role(user, cooperative, Role(role))
    except RuleViolation as exc:
        db.session.rollback()
        refuse([describe(v) for v in exc.violations])
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {user.email}")
    if created and not password:
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            link = invite_user(
                user,
                cooperative.name if cooperative else "scic",
                cooperative_id=cooperative.id if cooperative else None,
            )
        db.session.commit()
        click.echo(f"Invitation link: {link}")


commands = (users,)
