"""Default configuration: safe values for development, overridden in the order documented in
the README (defaults → instance/config.py → SCIC_* environment variables → the caller's mapping)."""

from __future__ import annotations

from datetime import timedelta

DEV_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - refused outside debug and testing


class DefaultConfig:
    """Development defaults; every key can be overridden."""

    #: Signs sessions and tokens. Production must set SCIC_SECRET_KEY.
    SECRET_KEY = DEV_SECRET_KEY
    #: Key of the hash chains' HMAC (ledger, ballots, audit log) and of the checkpoint files.
    #: It lives here, never in the database, so a database rewrite cannot recompute the
    #: chains. Production must set SCIC_CHAIN_KEY (and keep it with the backups' keys: without
    #: it no chain verifies); development derives one from SECRET_KEY.
    CHAIN_KEY: str | None = None
    #: Relative SQLite paths resolve inside the instance folder.
    SQLALCHEMY_DATABASE_URI = "sqlite:///scic.sqlite"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    #: French first; English second.
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    #: Outgoing mail: no server means "write .eml files to instance/outbox/".
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_SENDER = "scic <noreply@localhost>"
    #: Invitations and password-reset links expire.
    INVITATION_MAX_AGE = int(timedelta(days=7).total_seconds())
    PASSWORD_RESET_MAX_AGE = int(timedelta(hours=2).total_seconds())
    #: Login throttling; "memory://" for one process, "redis://host:6379" for several.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_HEADERS_ENABLED = False
    #: Cookies: Secure is turned on outside development (see create_app).
    #: None means Secure outside development (debug/testing); set False only behind plain http.
    SESSION_COOKIE_SECURE = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: Deliberation PDFs and assembly documents.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    #: Password hashing; tests use a cheap method.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a secret
    #: Secret ballots: hide the per-college detail from members when a college has fewer than
    #: three voters (it would reveal their votes); auditors keep the counts.
    VOTING_HIDE_SMALL_SECRET_COLLEGES = True
    #: Secret ballots: Argon2id work factors that derive each teller's key from their passphrase
    #: (libsodium's "moderate": about 0.7 s and 256 MiB per teller, at set-up and at the count).
    #: They guard the shares against guessing from a stolen database; tests use the minimum.
    SECRET_URN_KDF_OPSLIMIT = 3
    SECRET_URN_KDF_MEMLIMIT = 256 * 1024 * 1024
    #: Rows per page in lists.
    PAGE_SIZE = 50
    #: Absolute URL used in e-mails sent from the command line.
    BASE_URL = "http://127.0.0.1:5000"
