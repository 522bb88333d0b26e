"""Walk every hash chain of a cooperative and name the first broken entry (`scic verify`).

Chained models are discovered from the mapper registry, so a new append-only table (ballots,
minutes…) is verified as soon as its model subclasses ``scic.core.records.Chained``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from scic.cooperatives.models import Cooperative
from scic.core.chain import GENESIS, ChainBreak, verify_chain
from scic.core.db import db
from scic.core.records import Chained

#: Rows loaded per round trip while walking a chain.
BATCH_SIZE = 2000


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking one chain (one table, one scope such as a cooperative)."""

    table: str
    scope: dict
    entries: int
    head_hash: str
    broken: ChainBreak | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None


def chained_models() -> list[type]:
    """Every mapped model that subclasses ``Chained``, sorted by table name."""
    models = {
        mapper.class_ for mapper in db.Model.registry.mappers if issubclass(mapper.class_, Chained)
    }
    return sorted(models, key=lambda m: m.__tablename__)


def _scope_columns(model, cooperative: Cooperative) -> list[str]:
    """The columns naming a row's chain: the keys of ``chain_scope()`` of a stored row."""
    query = select(model).limit(1)
    if "cooperative_id" in model.__table__.columns:
        query = query.where(model.cooperative_id == cooperative.id)
    first = db.session.scalars(query).first()
    return list(first.chain_scope()) if first is not None else []


def _rows(model, cooperative: Cooperative, scope_columns: list[str]) -> Iterator:
    query = select(model)
    if "cooperative_id" in model.__table__.columns:
        query = query.where(model.cooperative_id == cooperative.id)
    order = [getattr(model, c) for c in scope_columns if c in model.__table__.columns]
    query = query.order_by(*order, model.id)
    for row in db.session.scalars(query, execution_options={"yield_per": BATCH_SIZE}):
        if (
            "cooperative_id" not in model.__table__.columns
            and getattr(row, "cooperative_id", None) != cooperative.id
        ):
            continue
        yield row


class _Walk:
    """Feed a chain's rows to ``verify_chain`` while counting them and keeping the head."""

    def __init__(self, rows) -> None:
        self.rows = rows
        self.count = 0
        self.head = GENESIS

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            self.head = row.hash
            yield row.id, row.prev_hash, row.hash, row.chain_payload()


def verify_model(model, cooperative: Cooperative) -> list[ChainReport]:
    """Verify every chain of one model that belongs to the cooperative."""
    scope_columns = _scope_columns(model, cooperative)
    reports = []
    rows = _rows(model, cooperative, scope_columns)
    for scope, group in itertools.groupby(rows, key=lambda r: tuple(r.chain_scope().items())):
        walked = _Walk(group)
        broken = verify_chain(walked)
        reports.append(
            ChainReport(model.__tablename__, dict(scope), walked.count, walked.head, broken)
        )
    if not reports:
        reports.append(
            ChainReport(model.__tablename__, {"cooperative_id": cooperative.id}, 0, GENESIS)
        )
    return reports


def verify_cooperative(cooperative: Cooperative) -> list[ChainReport]:
    """Walk every chain of the cooperative (audit log, share ledger, ballots…), fresh from the
    database (the session's cached rows are expired first)."""
    db.session.expire_all()
    reports: list[ChainReport] = []
    for model in chained_models():
        reports.extend(verify_model(model, cooperative))
    return reports


def first_break(reports: list[ChainReport]) -> ChainReport | None:
    """The first report with a broken entry, if any."""
    return next((r for r in reports if not r.intact), None)
