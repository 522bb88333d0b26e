"""Sign in, sign out, passwords, invitations and the language preference."""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from scic.auth import services
from scic.auth.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    ResetRequestForm,
    SetPasswordForm,
)
from scic.auth.models import User
from scic.core.db import db, reads_first
from scic.core.extensions import limiter, login_manager
from scic.core.i18n import _, _l
from scic.core.links import external_url
from scic.core.mail import queue_mail
from scic.core.security import is_safe_next
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation

bp = Blueprint("auth", __name__)
blueprints = (bp,)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return services.user_of_session(session_id)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ACCOUNT"]


def _account_key() -> str:
    """The account a sign-in is for, hashed: the shared store never holds an address."""
    address = services.normalise_email(request.form.get("email", ""))
    return "login-account:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _failed(response) -> bool:
    """Only failed sign-ins count: a colleague signing in from the same address (one NAT for
    a whole town hall) never uses up the allowance that a guesser is spending."""
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@reads_first  # signing in writes nothing: no SQLite write lock while the password is checked
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    """Sign in; a generic error never tells whether the account exists."""
    if current_user.is_authenticated:
        return redirect(url_for("cooperatives.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.start_session(user)
            login_user(user, remember=form.remember.data)
            target = request.args.get("next")
            return redirect(
                target if is_safe_next(target) else url_for("cooperatives.home"), code=303
            )
        flash(_("Wrong e-mail address or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out here and everywhere else: every session of the account ends."""
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except RuleViolation as exc:
            flash_violations(exc.violations)
            return render_template("auth/password_change.html", form=form), 400
        db.session.commit()
        user = current_user._get_current_object()
        services.start_session(user)
        login_user(user)  # this device stays signed in, with the new version
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("cooperatives.home"), code=303)
    return render_template("auth/password_change.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Let an invited person choose a password (the link works once, and expires)."""
    return _set_password_from_token(token, "invite")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password_from_token(token, "reset")


def _set_password_from_token(token: str, purpose: str):
    user = services.read_token(token, purpose)
    if user is None:
        return render_template("auth/token_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except RuleViolation as exc:
            flash_violations(exc.violations)
            return render_template("auth/password_set.html", form=form, user=user), 400
        db.session.commit()
        services.start_session(user)
        login_user(user)
        flash(_("Your password has been saved. Welcome!"), "success")
        return redirect(url_for("cooperatives.home"), code=303)
    return render_template("auth/password_set.html", form=form, user=user)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def request_reset():
    """Send a reset link if the account exists; answer the same either way."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active:
            link = external_url("auth.reset_password", token=services.make_token(user, "reset"))
            queue_mail(
                user.email,
                _("Reset your scic password"),
                _(
                    "To choose a new password, open this link (valid for two hours):\n\n"
                    "%(link)s\n\nIf you did not ask for it, ignore this message.",
                    link=link,
                ),
            )
            db.session.commit()  # the outbox row; the mail leaves after the commit
        flash(_("If an account exists for this address, a link has been sent to it."), "info")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/password_reset_request.html", form=form)


@bp.post("/language")
def set_language():
    """Remember the chosen language (on the account when signed in, else in the session)."""
    from flask import session

    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
        session["locale"] = form.locale.data
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("cooperatives.home"), code=303)


def invite_user(user: User, cooperative_name: str, *, cooperative_id: int | None = None) -> str:
    """Queue an invitation e-mail in the current transaction (it leaves after the commit);
    returns the link (for the CLI and tests)."""
    link = external_url("auth.accept_invitation", token=services.make_token(user, "invite"))
    queue_mail(
        user.email,
        _("Your invitation to %(name)s on scic", name=cooperative_name),
        _(
            "You have been invited to %(name)s on scic.\n\nChoose your password here "
            "(the link is valid for seven days and works once):\n\n%(link)s",
            name=cooperative_name,
            link=link,
        ),
        cooperative_id=cooperative_id,
    )
    return link
