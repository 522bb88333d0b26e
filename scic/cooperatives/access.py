"""Per-cooperative access: URL processors and the role decorator."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from scic.cooperatives.models import Cooperative, Grant, Role
from scic.core.db import db

#: Roles that may read everything of a cooperative.
READERS = (Role.ADMIN, Role.SECRETARY, Role.AUDITOR)
#: Roles that run membership, capital and assemblies.
MANAGERS = (Role.ADMIN, Role.SECRETARY)


def cooperative_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A blueprint whose URLs start with /c/<slug>/; the slug moves into g and back."""
    bp = Blueprint(name, import_name, url_prefix=f"/c/<slug>{url_prefix}")

    @bp.url_value_preprocessor
    def _pull_slug(endpoint, values):
        g.slug = values.pop("slug", None) if values else None

    @bp.url_defaults
    def _push_slug(endpoint, values):
        if "slug" not in values and g.get("slug"):
            values["slug"] = g.slug

    return bp


def roles_of(user, cooperative: Cooperative) -> set[Role]:
    """The roles the user holds in the cooperative (a superuser is treated as its admin)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = {
        Role(r)
        for r in db.session.scalars(
            select(Grant.role).where(
                Grant.user_id == user.id, Grant.cooperative_id == cooperative.id
            )
        )
    }
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def cooperative_role(*allowed: Role):
    """Load g.cooperative from the URL and require one of the roles; otherwise 404 (or login).

    A cooperative the user has no role in answers 404, so its existence is not revealed.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == g.slug))
            if cooperative is None:
                abort(404)
            roles = roles_of(current_user, cooperative)
            if not roles or (allowed and not roles.intersection(allowed)):
                abort(404)
            g.cooperative = cooperative
            g.roles = roles
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator


def has_role(*roles: Role) -> bool:
    """In a cooperative view: does the current user hold one of these roles?"""
    return bool(g.get("roles", set()).intersection(roles))


def cooperatives_of(user) -> list[tuple[Cooperative, set[Role]]]:
    """Every cooperative the user may enter, with the roles held there."""
    if user.is_superuser:
        coops = db.session.scalars(select(Cooperative).order_by(Cooperative.name)).all()
    else:
        # A subquery, not DISTINCT: PostgreSQL cannot compare the JSON settings columns.
        granted = select(Grant.cooperative_id).where(Grant.user_id == user.id)
        coops = db.session.scalars(
            select(Cooperative).where(Cooperative.id.in_(granted)).order_by(Cooperative.name)
        ).all()
    return [(c, roles_of(user, c)) for c in coops]
