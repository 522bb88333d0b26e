"""Database base: constraint naming convention, exact column types, SQLite pragmas."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, String, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
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


def utcnow() -> datetime:
    """Return the current aware UTC time (only at the edges: views and commands)."""
    return datetime.now(UTC)


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
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(conn):
    """Serialise writers on SQLite: read-check-write sequences (running totals, hash chains)
    cannot interleave because every transaction takes the write lock when it starts."""
    if conn.dialect.name == "sqlite":
        # A long read-only export (registers) asks for a deferred BEGIN: in WAL mode it reads a
        # consistent snapshot without holding the write lock for minutes.
        read_only = conn.get_execution_options().get("scic_read_only")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def lock_row(model, row_id: int) -> None:
    """Lock one row until the end of the transaction (PostgreSQL); SQLite is already serialised."""
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())


def get_or_404(model, row_id: int, **scope):
    """Load a row that also matches ``scope`` (e.g. cooperative_id=...), or answer 404.

    An object of another cooperative is "not found", never "forbidden".
    """
    from flask import abort

    row = db.session.get(model, row_id)
    if row is None or any(getattr(row, k) != v for k, v in scope.items()):
        abort(404)
    return row
