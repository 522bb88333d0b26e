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
    #: Failed sign-ins per client address, and per account (whatever the address; the
    #: account's address is hashed in the store). Successful sign-ins do not count.
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_LOGIN_ACCOUNT = "5 per minute; 20 per hour"
    RATELIMIT_HEADERS_ENABLED = False
    #: Cookies: Secure is turned on outside development (see create_app).
    #: None means Secure outside development (debug/testing); set False only behind plain http.
    SESSION_COOKIE_SECURE = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: "Stay signed in": the cookie holds the account's session version and a per-sign-in
    #: nonce, so it changes at each sign-in and dies at sign-out or a password change.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
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
    #: The site's public address: every link in an e-mail or a document is built on it, never
    #: on the request's Host header. Production sets SCIC_BASE_URL=https://… (with any path
    #: prefix the site is served under).
    BASE_URL = "http://127.0.0.1:5000"
    #: Electronic signatures of minutes and registers (docs/signatures.md). An officer whose
    #: e-mail is a key of SIGNING_CERTIFICATES signs with that PKCS#12 file
    #: ({"alice@coop.fr": {"pkcs12": "/path/alice.p12", "passphrase": "..."}}); any other
    #: officer signs with the organisation certificate SIGNING_PKCS12, when one is set.
    #: Neither: documents are not signed electronically.
    SIGNING_PKCS12 = ""
    SIGNING_PKCS12_PASSPHRASE = ""
    SIGNING_CERTIFICATES: dict = {}
    #: RFC 3161 timestamping authority URL. Empty: signatures carry no trusted timestamp, and
    #: their visible stamp says so.
    SIGNING_TSA_URL = ""
    #: Certificates (PEM or DER files) of the authorities trusted when checking signatures
    #: (`scic verify`); empty: signatures are checked for integrity only.
    SIGNING_TRUST_ROOTS: list = []
    #: Place printed in each signature (e.g. the registered office's town).
    SIGNING_LOCATION = ""
    #: Host names the site answers to; None: the host of BASE_URL (plus localhost and
    #: 127.0.0.1 in development). A request for another host gets 400.
    TRUSTED_HOSTS: list[str] | None = None
    #: Reverse proxies in front of the application (0: none). With N > 0, the client address,
    #: scheme and host are read from the last N X-Forwarded-For/-Proto/-Host values
    #: (werkzeug's ProxyFix): set it to the number of proxies you run, never more, or clients
    #: could choose their own address (login throttling is per address).
    PROXY_COUNT = 0
