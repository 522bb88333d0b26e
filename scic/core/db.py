"""Database base: constraint naming convention, exact column types, SQLite pragmas."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from datetime import UTC
from fractions import Fraction

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, String, bindparam, event, func, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, make_transient_to_detached
from sqlalchemy.sql.selectable import _OffsetLimitParam
from sqlalchemy.types import DateTime, TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class FractionType(TypeDecorator):
    """Store an exact ``Fraction`` as its ``"n/d"`` string (college weights, quorums, shares)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(Fraction(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Fraction(value)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite returns naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    """Turn on foreign keys and WAL, and let us emit BEGIN ourselves (see below)."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # A deleted row is overwritten with zeros in the file, not left in a free page: what the
    # count of a secret ballot deletes (sealed boxes, tellers' shares) is gone from the file
    # and from the WAL frames written afterwards. Rows are rarely deleted here: it costs little.
    cursor.execute("PRAGMA secure_delete=ON")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@compiles(_OffsetLimitParam, "postgresql")
def _literal_limit(element, compiler, **kw):
    """Write LIMIT and OFFSET values into the SQL on PostgreSQL instead of binding them.

    psycopg prepares a statement run five times, and PostgreSQL then keeps one generic plan
    when it costs no more than a plan made for the values. A bound LIMIT is costed as an
    unknown fraction of the rows, so every statement with a ``.limit(1)`` subquery was planned
    again at each run: the vote's state (docs/performance.md) spent 0.8 ms of its 1.4 ms there.
    The compiled statement is still cached: the value is written in when it runs.
    """
    kw["literal_execute"] = True
    return compiler.visit_bindparam(element, **kw)


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(conn):
    """Serialise writers on SQLite: read-check-write sequences (running totals, hash chains)
    cannot interleave because every transaction takes the write lock when it starts."""
    if conn.dialect.name == "sqlite":
        # A long read-only export (registers) asks for a deferred BEGIN: in WAL mode it reads a
        # consistent snapshot without holding the write lock for minutes.
        read_only = conn.get_execution_options().get("scic_read_only")
        deferred = read_only or _reads_first_request()
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
        # Set on every BEGIN, so a pooled connection never carries the mark to another request.
        conn.info[_DEFERRED] = deferred and not read_only


#: Set in ``g`` while a background job runs (scic.core.tasks), which has its own transactions.
IN_JOB = "scic_in_job"
#: Set on a SQLite connection whose transaction reads without the write lock (see reads_first).
_DEFERRED = "scic_reads_first"


def reads_first(view):
    """Mark a view that only reads until it calls :func:`lock_row`, then writes.

    On SQLite its transaction starts deferred (a WAL snapshot, no write lock) and ``lock_row``
    takes the write lock: a remote vote holds SQLite's single write lock for its writes only,
    not for the session, role and eligibility reads that precede them (docs/performance.md).
    Writing before ``lock_row`` raises. PostgreSQL is unaffected (``lock_row`` locks a row).
    Put it right under the route decorator, so the registered view carries the mark.
    """
    view.scic_reads_first = True
    return view


def _reads_first_request() -> bool:
    from flask import current_app, g, has_request_context, request

    if not has_request_context() or request.endpoint is None:
        return False
    if g.get(IN_JOB):  # a job run at once inside a request (tests): not the request's reads
        return False
    if request.method in ("GET", "HEAD"):
        # A page only reads: in WAL mode it reads a snapshot without SQLite's single write
        # lock, so votes are not queued behind page renders.
        return True
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "scic_reads_first", False)


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_writes_before_lock(conn, cursor, statement, parameters, context, executemany):
    if conn.info.get(_DEFERRED) and statement.lstrip()[:6].upper() not in ("SELECT", "PRAGMA"):
        raise RuntimeError("a reads_first view wrote before lock_row: " + statement[:80])


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _forget_deferred(conn):
    conn.info.pop(_DEFERRED, None)


#: The transaction and the rows it has locked (PostgreSQL), so each row is locked once.
_LOCKED = "scic_locked_rows"


@event.listens_for(Engine, "rollback_savepoint")
def _forget_locks(conn, *_savepoint):
    conn.info.pop(_LOCKED, None)  # PostgreSQL releases the locks taken since the savepoint


def end_read_transactions(app) -> None:
    """End a request's deferred (read-only) SQLite transaction with the request.

    Each request normally has its own session, removed with its app context. A test keeps one
    app context across its client's requests: without this, a page's read-only transaction
    would carry over into the next request, which could then not write.
    """

    @app.teardown_request
    def _end(_exc):
        session = db.session()
        if session.in_transaction() and session.connection().info.get(_DEFERRED):
            session.rollback()  # nothing was written: the guard above refuses it


def lock_row(model, row_id: int, *, reuse_plans: bool = False) -> None:
    """Lock one row until the end of the transaction (PostgreSQL); ``model`` or a table.

    SQLite is already serialised (BEGIN IMMEDIATE), except in a :func:`reads_first` view: there
    the read-only transaction ends and an immediate one starts, which waits for the write lock.
    Rows read before this call may have changed since, as under PostgreSQL's READ COMMITTED.

    ``reuse_plans``: until the commit, PostgreSQL runs each prepared statement on its generic
    plan instead of planning it again with the values (``plan_cache_mode``, set for the
    transaction by the locking statement itself). For a hot path whose statements are the same
    at every call: a vote's state statement spent 0.3 ms planning for 0.1 ms of execution, under
    this lock, and PostgreSQL kept choosing to (docs/performance.md).
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        table = getattr(model, "__table__", model)
        transaction = connection.get_transaction()
        held = connection.info.get(_LOCKED)
        if held is None or held[0] is not transaction:
            held = connection.info[_LOCKED] = (transaction, set())
        if (table.name, row_id) not in held[1]:
            columns = [table.c.id]
            if reuse_plans:
                columns.append(func.set_config("plan_cache_mode", "force_generic_plan", True))
            connection.execute(select(*columns).where(table.c.id == row_id).with_for_update())
            held[1].add((table.name, row_id))
    elif connection.info.pop(_DEFERRED, False):
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def insert_row(row, statement=None) -> None:
    """INSERT one new ORM row in one Core statement and keep it in the session as persistent.

    For the hot paths (a vote's receipt, chained rows): a session flush walks every object of
    the session (the unit of work) and cost twice this statement. Unset attributes get their
    column's Python default first, as a flush would give them. ``statement``: a prepared
    ``insert(table)`` (otherwise built). The key comes back from the database when not set.
    Inside :func:`batched_inserts`, a row whose key is set is sent at its end.
    """
    if sa_inspect(row).pending:  # cascaded into the session by a relationship
        db.session.expunge(row)
    apply_column_defaults(row)
    table = type(row).__table__
    key = insert_values(table, _column_values(row), statement=statement, now=row.id is None)
    if row.id is None:
        row.id = key
    make_transient_to_detached(row)
    db.session.add(row)


#: connection.info key: the INSERTs held by :func:`batched_inserts`, as (table, values).
_BATCH = "scic_batched_inserts"


def insert_values(table, values: dict, *, statement=None, now: bool = False):
    """INSERT one row of ``values`` (by column key) into ``table``; return its key.

    Inside :func:`batched_inserts` the row is held and sent with the others at its end (None
    is returned), unless ``now``: its key is wanted at once, so it is sent after the held ones.
    """
    connection = db.session.connection()
    held = connection.info.get(_BATCH)
    if held is not None and not now:
        held.append((table, values))
        return None
    send_held_inserts()
    result = connection.execute(statement if statement is not None else insert(table), values)
    return result.inserted_primary_key[0]


@contextmanager
def batched_inserts():
    """Send the INSERTs made inside (:func:`insert_row`, :func:`insert_values`) together at the
    end, if nothing inside raised: on PostgreSQL one statement whose other INSERTs are
    data-modifying CTEs (one round trip and one statement's overhead instead of one per row;
    a vote inserts its ballot, its audit entry and its receipt's outbox row,
    docs/performance.md). SQLite sends each as it comes (in process, no round trip to save).

    Nothing inside may read the held rows back: they are not in the database yet. A chain's
    head read from the database (``Chained.seal``) and a session flush that inserts rows send
    them first.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or _BATCH in connection.info:
        yield
        return
    held: list = []
    connection.info[_BATCH] = held
    try:
        yield
    finally:
        connection.info.pop(_BATCH, None)
    if held:
        _send_batch(connection, held)


@event.listens_for(Session, "before_flush")
def _send_held_before_flush(session, flush_context, instances):
    # The ORM's rows may refer to held ones: they go in first, in order, as without a batch.
    if session.new:
        send_held_inserts()


def send_held_inserts() -> None:
    """Send the rows :func:`batched_inserts` holds now, before a statement that reads them (a
    chain's head read from the database); the block goes on holding the next ones."""
    connection = db.session.connection()
    held = connection.info.get(_BATCH)
    if held:
        _send_batch(connection, held)


def _send_batch(connection, held: list) -> None:
    statement = _batch_statement(tuple((table, tuple(values)) for table, values in held))
    params = {
        f"b{n}_{name}": value
        for n, (_t, values) in enumerate(held)
        for name, value in values.items()
    }
    held.clear()
    connection.execute(statement, params)


@functools.lru_cache(maxsize=64)
def _batch_statement(shape: tuple):
    """One INSERT per (table, column keys), the first ones as CTEs of the last: built once per
    shape, the same at every vote."""
    inserts = [
        insert(table).values(
            {name: bindparam(f"b{n}_{name}", type_=table.c[name].type) for name in names}
        )
        for n, (table, names) in enumerate(shape)
    ]
    last = inserts.pop()
    return last.add_cte(*(part.cte(f"batch_{n}") for n, part in enumerate(inserts)))


def apply_column_defaults(row) -> None:
    """Give unset attributes their column's Python default, as a flush would."""
    values = row.__dict__
    for attribute in sa_inspect(type(row)).column_attrs:
        default = attribute.columns[0].default
        if attribute.key in values or default is None:
            continue
        if default.is_scalar:
            setattr(row, attribute.key, default.arg)
        elif default.is_callable:
            setattr(row, attribute.key, default.arg(None))


def _column_values(row) -> dict[str, object]:
    values = row.__dict__
    return {
        attribute.columns[0].key: values[attribute.key]
        for attribute in sa_inspect(type(row)).column_attrs
        if attribute.key in values
    }


def get_or_404(model, row_id: int, **scope):
    """Load a row that also matches ``scope`` (e.g. cooperative_id=...), or answer 404.

    An object of another cooperative is "not found", never "forbidden".
    """
    from flask import abort

    row = db.session.get(model, row_id)
    if row is None or any(getattr(row, k) != v for k, v in scope.items()):
        abort(404)
    return row


def forget_wal() -> bool:
    """On SQLite, copy the WAL into the database file and empty it; elsewhere do nothing.

    The WAL keeps the page images of past transactions until it is reused; after a secret
    ballot's count, emptying it removes the sealed boxes and the tellers' shares it still held.
    Best effort: a reader still holding an old snapshot keeps the checkpoint from finishing
    (then False is returned and the frames go when the WAL is next reused). Run after commit.
    """
    if db.engine.dialect.name != "sqlite":
        return True
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        if driver.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return True  # an in-memory database (tests) has no WAL
        # Best effort, never a wait: with the connection's busy timeout (30 s) a reader on an
        # old snapshot held the request that closes a secret vote for that long.
        timeout = driver.execute("PRAGMA busy_timeout").fetchone()[0]
        driver.execute("PRAGMA busy_timeout=0")
        try:
            busy, _frames, _copied = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            driver.execute(f"PRAGMA busy_timeout={int(timeout)}")
    finally:
        raw.close()
    return busy == 0
