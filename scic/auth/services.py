"""Accounts: passwords, invitations and password resets (signed, expiring, single-use tokens)."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from scic.auth.models import User
from scic.core import audit
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation

MIN_PASSWORD_LENGTH = 10
# A fixed hash to compare against when the account does not exist, so timing tells nothing.
_DUMMY_HASH = None


def hash_password(password: str) -> str:
    """Hash with the configured method (scrypt in production, cheap in tests)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user(email: str) -> User | None:
    """Return the account with this e-mail (case-insensitive), if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """Return the user when the password matches; None otherwise, whatever the reason."""
    global _DUMMY_HASH
    user = find_user(email)
    if user is None or not user.password_hash or not user.active:
        _DUMMY_HASH = _DUMMY_HASH or hash_password("not-a-password")
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def check_new_password(password: str) -> list[Violation]:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [Violation("password_too_short", params={"min": MIN_PASSWORD_LENGTH})]
    return []


def create_user(
    email: str,
    *,
    full_name: str = "",
    password: str | None = None,
    is_superuser: bool = False,
    by: User | None = None,
) -> User:
    """Create an account; without a password it waits for an invitation to be accepted."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise RuleViolation(Violation("invalid_email_address", params={"email": email}))
    if find_user(email) is not None:
        raise RuleViolation(Violation("email_taken", params={"email": email}))
    if password is not None and (problems := check_new_password(password)):
        raise RuleViolation(problems)
    user = User(
        email=email,
        full_name=full_name.strip(),
        is_superuser=is_superuser,
        password_hash=hash_password(password) if password else "",
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, by=by, data={"superuser": is_superuser})
    return user


def set_password(user: User, password: str, *, by: User | None = None) -> None:
    """Set a new password (this also invalidates outstanding invitation and reset links)."""
    if problems := check_new_password(password):
        raise RuleViolation(problems)
    user.password_hash = hash_password(password)
    end_sessions(user)
    audit.record("user.password", user, by=by or user)


def end_sessions(user: User) -> None:
    """End every session and remember-me cookie of the account (sign-out, new password)."""
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


def start_session(user: User) -> None:
    """Give this sign-in its own nonce, so its remember-me cookie differs from earlier ones."""
    user.session_nonce = secrets.token_urlsafe(12)


def user_of_session(session_id: str) -> User | None:
    """The active account of a session id ``"<id>:<version>:<nonce>"`` of the current version."""
    user_key, _, rest = session_id.partition(":")
    version = rest.partition(":")[0]
    if not (user_key.isdigit() and version.isdigit()) or len(user_key) > 12:
        return None
    user = db.session.get(User, int(user_key))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise RuleViolation(Violation("wrong_current_password"))
    set_password(user, new, by=user)


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"scic.{purpose}")


def _fingerprint(user: User) -> str:
    # Changes when the password changes, so a used token no longer verifies (single use).
    return hashlib.sha256(f"{user.id}:{user.password_hash}".encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    """Sign a token for "invite" or "reset" tied to the user's current password state."""
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def read_token(token: str, purpose: str) -> User | None:
    """Return the user of a valid, unexpired, unused token; None otherwise."""
    max_age = current_app.config[
        "INVITATION_MAX_AGE" if purpose == "invite" else "PASSWORD_RESET_MAX_AGE"
    ]
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        return None
    return user


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0
