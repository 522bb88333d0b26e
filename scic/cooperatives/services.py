"""Use cases for cooperatives and roles."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from scic.auth import services as accounts
from scic.auth.models import User
from scic.cooperatives.models import Category, College, CollegeWeight, Cooperative, Grant, Role
from scic.cooperatives.rules import (
    AssemblySettings,
    StatutesSpec,
    VotingSettings,
    check_statutes,
    check_weight_change,
)
from scic.cooperatives.statutes_format import (
    read_assembly_settings,
    read_statutes,
    read_voting_settings,
    write_statutes,
)
from scic.core import audit, clock
from scic.core.db import db, lock_row
from scic.core.percent import percent_text
from scic.core.violations import RuleViolation


def grant_role(
    user: User, cooperative: Cooperative, role: Role, *, by: User | None = None
) -> Grant:
    """Give a user a role in a cooperative (idempotent)."""
    existing = db.session.scalar(
        select(Grant).where(
            Grant.user_id == user.id, Grant.cooperative_id == cooperative.id, Grant.role == role
        )
    )
    if existing is not None:
        return existing
    grant = Grant(user_id=user.id, cooperative_id=cooperative.id, role=Role(role).value)
    db.session.add(grant)
    db.session.flush()
    audit.record(
        "grant.create",
        grant,
        by=by,
        cooperative_id=cooperative.id,
        data={"user_id": user.id, "role": role},
    )
    return grant


def invite(
    cooperative: Cooperative, email: str, role: Role, *, full_name: str = "", by: User | None = None
) -> tuple[User, bool]:
    """Invite a person; True when the account is new.

    A new account gets the role at once (nobody can use it before choosing a password through
    the invitation). An existing account is never attached without its owner's consent: it
    only gets a join invitation (``make_join_token``), and the role when they accept it.
    """
    user = accounts.find_user(email)
    created = user is None
    if created:
        user = accounts.create_user(email, full_name=full_name, by=by)
        grant_role(user, cooperative, role, by=by)
    else:
        audit.record(
            "grant.invite",
            cooperative,
            by=by,
            cooperative_id=cooperative.id,
            data={"user_id": user.id, "role": Role(role).value},
        )
    return user, created


def _join_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="scic.join")


def make_join_token(user: User, cooperative: Cooperative, role: Role) -> str:
    """Sign an invitation for an existing account to take ``role`` in the cooperative."""
    return _join_serializer().dumps({"u": user.id, "c": cooperative.id, "r": Role(role).value})


@dataclass(frozen=True)
class JoinInvitation:
    user_id: int
    cooperative: Cooperative
    role: Role


def read_join_token(token: str) -> JoinInvitation | None:
    """The invitation of a valid, unexpired join token; None otherwise."""
    try:
        data = _join_serializer().loads(token, max_age=current_app.config["INVITATION_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or data.get("r") not in {r.value for r in Role}:
        return None
    cooperative = db.session.get(Cooperative, data.get("c"))
    if cooperative is None or not isinstance(data.get("u"), int):
        return None
    return JoinInvitation(data["u"], cooperative, Role(data["r"]))


def accept_invitation(invitation: JoinInvitation, user: User) -> Grant:
    """Grant the invited role to the account that accepts it (its owner, signed in)."""
    return grant_role(user, invitation.cooperative, invitation.role, by=user)


def people(cooperative: Cooperative) -> list[tuple[User, list[str]]]:
    """Users with a role in the cooperative and their roles."""
    rows = db.session.execute(
        select(User, Grant.role)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.cooperative_id == cooperative.id)
        .order_by(User.email, Grant.role)
    ).all()
    result: dict[int, tuple[User, list[str]]] = {}
    for user, role in rows:
        result.setdefault(user.id, (user, []))[1].append(role)
    return list(result.values())


def statutes_of(cooperative: Cooperative, on=None) -> StatutesSpec:
    """Rebuild the cooperative's statutes (weights in force ``on`` a date, today by default)."""
    spec, violations = read_statutes(export_statutes(cooperative, on=on))
    if spec is None:  # stored statutes were checked when saved
        raise RuleViolation(violations)
    return spec


def assembly_settings_of(cooperative: Cooperative) -> AssemblySettings:
    """The statutory assembly settings, the same as ``statutes_of(cooperative).assemblies``
    (which also rebuilds the colleges and their weights, a dozen statements)."""
    return read_assembly_settings(cooperative.assemblies, cooperative.legal_form)


def voting_settings_of(cooperative: Cooperative) -> VotingSettings:
    """The statutory counting settings, the same as ``statutes_of(cooperative).voting``."""
    return read_voting_settings(cooperative.voting, cooperative.legal_form)


def export_statutes(cooperative: Cooperative, on=None) -> dict:
    """The cooperative's settings as a scic-statutes/1 document, every key present."""
    day = on or clock.today()
    document = {
        "format": "scic-statutes/1",
        "slug": cooperative.slug,
        "name": cooperative.name,
        "legal_form": cooperative.legal_form,
        "governance": cooperative.governance,
        "registered_office": cooperative.registered_office,
        "siren": cooperative.siren,
        "rcs": cooperative.rcs,
        "share_value": str(Decimal(cooperative.share_value_cents) / 100),
        "capital_floor": str(Decimal(cooperative.capital_floor_cents) / 100),
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "min_shares": c.min_shares,
                **({"college": c.college.code} if c.college else {}),
            }
            for c in cooperative.categories
        ],
        "colleges": [
            {
                "code": c.code,
                "name": c.name,
                "weight": percent_text(c.weight_on(day) or c.weights[0].weight),
            }
            for c in cooperative.colleges
        ],
        "voting": cooperative.voting,
        "assemblies": cooperative.assemblies,
        "reimbursement_delay_years": cooperative.reimbursement_delay_years,
        "revision_cycle_years": cooperative.revision_cycle_years,
    }
    return {k: v for k, v in document.items() if v not in ("", None)}


def apply_statutes(
    spec: StatutesSpec,
    *,
    by: User | None = None,
    decision_ref: str = "",
    effective_on=None,
    today=None,
) -> Cooperative:
    """Create the cooperative from statutes, or update it (R-CAT-*, R-COL-*, R-COL-7).

    Changing the weights of an existing cooperative needs the extraordinary assembly decision
    and its effective date; earlier dates keep their weights.
    """
    today = today or clock.today()
    if problems := check_statutes(spec):
        raise RuleViolation(problems)
    document = write_statutes(spec)
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == spec.slug))
    created = cooperative is None
    before = None if created else export_statutes(cooperative, on=today)
    if created:
        cooperative = Cooperative(slug=spec.slug)
        db.session.add(cooperative)
    else:
        lock_row(Cooperative, cooperative.id)
        old = statutes_of(cooperative, on=effective_on or today)
        # The weights (and which colleges exist) are statutory: changing them needs the
        # extraordinary decision and its date (R-COL-7).
        weights_change = _weights(old.colleges) != _weights(spec.colleges)
        if weights_change and (
            problems := check_weight_change(old.colleges, spec.colleges, decision_ref, effective_on)
        ):
            raise RuleViolation(problems)
    cooperative.name = spec.name
    cooperative.legal_form = spec.legal_form.value
    cooperative.governance = spec.governance.value
    cooperative.registered_office = spec.registered_office or ""
    cooperative.siren = spec.siren or ""
    cooperative.rcs = spec.rcs or ""
    cooperative.share_value_cents = int(spec.share_value * 100)
    cooperative.capital_floor_cents = int(spec.capital_floor * 100)
    cooperative.voting = document["voting"]
    cooperative.assemblies = document["assemblies"]
    cooperative.reimbursement_delay_years = spec.reimbursement_delay_years
    cooperative.revision_cycle_years = spec.revision_cycle_years
    db.session.flush()
    _sync_colleges(
        cooperative,
        spec,
        created=created,
        decision_ref=decision_ref,
        effective_on=effective_on or today,
    )
    _sync_categories(cooperative, spec)
    db.session.flush()
    audit.record(
        "statutes.create" if created else "statutes.update",
        cooperative,
        by=by,
        data={"before": before, "after": document, "decision_ref": decision_ref},
    )
    return cooperative


def _weights(colleges) -> dict[str, Fraction]:
    return {c.code: Fraction(c.weight) for c in colleges}


def _sync_colleges(cooperative, spec, *, created, decision_ref, effective_on) -> None:
    from datetime import date

    existing = {c.code: c for c in cooperative.colleges}
    for position, college_spec in enumerate(spec.colleges):
        college = existing.get(college_spec.code)
        if college is None:
            college = College(cooperative=cooperative, code=college_spec.code, position=position)
            db.session.add(college)
        college.name = college_spec.name
        college.position = position
        current = college.weight_on(effective_on) if college.weights else None
        if current != college_spec.weight:
            start = date(1900, 1, 1) if created or not college.weights else effective_on
            same_day = [w for w in college.weights if w.effective_on == start]
            if same_day:
                same_day[0].weight = college_spec.weight
                same_day[0].decision_ref = decision_ref
            else:
                college.weights.append(
                    CollegeWeight(
                        weight=college_spec.weight, effective_on=start, decision_ref=decision_ref
                    )
                )
    for code, college in existing.items():
        if code not in {c.code for c in spec.colleges} and college.weight_on(effective_on):
            # A college removed by the statutes keeps its history; its weight ends here.
            college.weights.append(
                CollegeWeight(
                    weight=Fraction(0), effective_on=effective_on, decision_ref=decision_ref
                )
            )
    db.session.flush()


def _sync_categories(cooperative, spec) -> None:
    colleges = {c.code: c for c in cooperative.colleges}
    existing = {c.code: c for c in cooperative.categories}
    for position, category_spec in enumerate(spec.categories):
        category = existing.get(category_spec.code)
        if category is None:
            category = Category(cooperative=cooperative, code=category_spec.code)
            db.session.add(category)
        category.name = category_spec.name
        category.kind = category_spec.kind.value
        category.min_shares = category_spec.min_shares
        category.college = colleges.get(category_spec.college) if category_spec.college else None
        category.position = position
