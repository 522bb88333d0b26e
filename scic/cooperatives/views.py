"""Cooperative choice, dashboard and people."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from scic.auth.views import invite_user
from scic.cooperatives import (
    navigation,
    services,
    views_calendar,
    views_mail,
    views_revision,
    views_statutes,
)
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    cooperative_blueprint,
    cooperative_role,
    cooperatives_of,
)
from scic.cooperatives.forms import InviteForm, JoinForm
from scic.cooperatives.models import Role
from scic.core.db import db
from scic.core.i18n import _, _l
from scic.core.links import external_url
from scic.core.mail import queue_mail
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation

bp = Blueprint("cooperatives", __name__)
coop_bp = cooperative_blueprint("cooperative", __name__)
blueprints = (
    bp,
    coop_bp,
    *views_statutes.blueprints,
    *views_mail.blueprints,
    *views_calendar.blueprints,
    *views_revision.blueprints,
)

navigation.add_entry(0, "cooperative.dashboard", _l("Dashboard"), ())
navigation.add_entry(90, "cooperative.people", _l("People and roles"), READERS)


@bp.app_context_processor
def _navigation():
    return {"nav_entries": navigation.nav_entries}


@bp.app_template_filter("role_label")
def _role_label(role: str) -> str:
    return navigation.role_label(role)


@bp.get("/")
@login_required
def home():
    """Go straight to the only cooperative, or list them to choose."""
    places = cooperatives_of(current_user)
    if len(places) == 1:
        return redirect(url_for("cooperative.dashboard", slug=places[0][0].slug))
    return render_template("cooperatives/home.html", places=places)


@coop_bp.get("/")
@cooperative_role()
def dashboard():
    """What needs doing in this cooperative (each domain adds its panels)."""
    from scic.cooperatives.dashboard import dashboard_context

    return render_template("cooperatives/dashboard.html", **dashboard_context(g.cooperative))


@coop_bp.get("/people")
@cooperative_role(*READERS)
def people():
    form = InviteForm()
    return render_template(
        "cooperatives/people.html",
        people=services.people(g.cooperative),
        form=form,
        can_invite=bool(g.roles & set(MANAGERS)),
    )


@coop_bp.post("/people")
@cooperative_role(*MANAGERS)
def invite():
    """Invite a person by e-mail with a role; only an admin may make another admin."""
    form = InviteForm()
    if not form.validate_on_submit():
        return render_template(
            "cooperatives/people.html",
            people=services.people(g.cooperative),
            form=form,
            can_invite=True,
        ), 400
    if form.role.data == Role.ADMIN and Role.ADMIN not in g.roles:
        flash(_("Only an administrator can appoint another administrator."), "error")
        return redirect(url_for(".people"), code=303)
    try:
        user, created = services.invite(
            g.cooperative,
            form.email.data,
            Role(form.role.data),
            full_name=form.full_name.data or "",
            by=current_user,
        )
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return redirect(url_for(".people"), code=303)
    if created:
        invite_user(user, g.cooperative.name, cooperative_id=g.cooperative.id)
    else:
        _invite_existing_account(user, Role(form.role.data))
    db.session.commit()
    # The same answer either way: the page never tells whether the address has an account.
    flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for(".people"), code=303)


def _invite_existing_account(user, role: Role) -> None:
    """Queue the join invitation of an existing account (sent after the commit)."""
    token = services.make_join_token(user, g.cooperative, role)
    queue_mail(
        user.email,
        _("Your invitation to %(name)s on scic", name=g.cooperative.name),
        _(
            "You have been invited to join %(name)s on scic as %(role)s.\n\nSign in and accept "
            "here (the link is valid for seven days):\n\n%(link)s\n\nIf you do not want to "
            "join, ignore this message: nothing changes without your consent.",
            name=g.cooperative.name,
            role=navigation.role_label(role.value),
            link=external_url("cooperatives.join", token=token),
        ),
        cooperative_id=g.cooperative.id,
    )


@bp.route("/join/<token>", methods=["GET", "POST"])
@login_required
def join(token: str):
    """An existing account accepts an invitation to a cooperative (the consent is the POST)."""
    invitation = services.read_join_token(token)
    if invitation is None or invitation.user_id != current_user.id:
        return render_template("auth/token_invalid.html"), 400
    form = JoinForm()
    if form.validate_on_submit():
        services.accept_invitation(invitation, current_user._get_current_object())
        db.session.commit()
        flash(_("You have joined %(name)s.", name=invitation.cooperative.name), "success")
        target = url_for("cooperative.dashboard", slug=invitation.cooperative.slug)
        return redirect(target, code=303)
    return render_template("cooperatives/join.html", form=form, invitation=invitation)
