"""Default configuration: safe values for development, overridden in the order documented in
the README (defaults → instance/config.py → SCIC_* environment variables → the caller's mapping)."""

from __future__ import annotations

from datetime import timedelta

DEV_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - refused outside debug and testing


class DefaultConfig:
    """Development defaults; every key can be overridden."""

    #: Signs sessions and tokens. Production must set SCIC_SECRET_KEY.
    SECRET_KEY = DEV_SECRET_KEY
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
    #: Delivery attempts before a mail is marked failed; the first retry waits
    #: MAIL_RETRY_SECONDS, and each next one twice as long (1, 2, 4, 8 minutes…).
    MAIL_MAX_ATTEMPTS = 6
    MAIL_RETRY_SECONDS = 60
    #: Background jobs (docs/development.md, "Background work"): "" queues them in
    #: instance/tasks.sqlite for a worker on this machine (`scic worker`); "redis://host:6379/1"
    #: shares one queue between servers (production). TASKS_IMMEDIATE runs them in the calling
    #: process instead (None: only when TESTING).
    TASKS_URL = ""
    TASKS_IMMEDIATE = None
    #: Generated documents (large exports): "database" (a table every server reads) or "s3"
    #: (an S3-compatible bucket; needs boto3 and the FILES_S3_* keys below).
    FILES_STORAGE = "database"
    FILES_S3_BUCKET = ""
    FILES_S3_PREFIX = "scic/"
    #: An S3-compatible endpoint (MinIO, Scaleway, OVH…); empty for AWS. Credentials come from
    #: boto3's usual sources (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, instance roles).
    FILES_S3_ENDPOINT_URL = ""
    #: Days a generated document, a sent or failed mail, and an .eml file in instance/outbox/
    #: are kept; a nightly job deletes older ones.
    RETENTION_DAYS = 30
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
    #: Rows per page in lists.
    PAGE_SIZE = 50
    #: Absolute URL used in e-mails sent from the command line.
    BASE_URL = "http://127.0.0.1:5000"
