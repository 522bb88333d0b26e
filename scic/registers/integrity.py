"""Walk every hash chain of a cooperative and name the first broken entry (`scic verify`).

Each chain is walked with the instance's ``CHAIN_KEY`` and compared with the cooperative's
checkpoint file (``scic.core.checkpoints``): an edited entry, a chain rewritten with
recomputed hashes, and a tail removed after the last checkpoint all show as a break.

Chained models are discovered from the mapper registry, so a new append-only table (ballots,
minutes…) is verified as soon as its model subclasses ``scic.core.records.Chained``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from scic.cooperatives.models import Cooperative
from scic.core import checkpoints
from scic.core.chain import GENESIS, ChainBreak, walk_chain
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
    #: Leading entries still hashed without the key (written before keyed chains).
    unkeyed: int = 0
    #: The ``(id, hash)`` recorded for this chain in the checkpoint file, if any.
    checkpoint: tuple[object, str] | None = None
    #: Id of the last entry walked (None for an empty chain).
    head_id: object = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    @property
    def sound(self) -> bool:
        """Intact and fully keyed: nothing for ``scic verify`` to report."""
        return self.broken is None and self.unkeyed == 0


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


def _entries(rows):
    for row in rows:
        yield row.id, row.prev_hash, row.hash, row.chain_payload()


def verify_model(model, cooperative: Cooperative, heads=None) -> list[ChainReport]:
    """Verify every chain of one model that belongs to the cooperative.

    ``heads``: chain name → ``(id, hash)`` from the checkpoint file (read when not given).
    """
    if heads is None:
        heads = checkpoints.read(cooperative.id).heads
    key = checkpoints.chain_key()
    scope_columns = _scope_columns(model, cooperative)
    reports = []
    rows = _rows(model, cooperative, scope_columns)
    for scope, group in itertools.groupby(rows, key=lambda r: tuple(r.chain_scope().items())):
        checkpoint = heads.get(checkpoints.chain_name(model.__tablename__, dict(scope)))
        walk = walk_chain(_entries(group), key, checkpoint)
        reports.append(
            ChainReport(
                model.__tablename__,
                dict(scope),
                walk.entries,
                walk.head_hash,
                walk.broken,
                walk.unkeyed,
                checkpoint,
                walk.head_id,
            )
        )
    if not reports:
        reports.append(
            ChainReport(model.__tablename__, {"cooperative_id": cooperative.id}, 0, GENESIS)
        )
    return reports


def _vanished_chains(model, heads, reports) -> list[ChainReport]:
    """Chains recorded in the checkpoint of which not one entry is left."""
    prefix = f"{model.__tablename__}:"
    seen = {checkpoints.chain_name(r.table, r.scope) for r in reports}
    return [
        ChainReport(
            model.__tablename__,
            _parse_scope(name[len(prefix) :]),
            0,
            GENESIS,
            ChainBreak(1, head[0], "missing_tail"),
            checkpoint=head,
        )
        for name, head in sorted(heads.items())
        if name.startswith(prefix) and name not in seen
    ]


def _parse_scope(text: str) -> dict:
    scope = {}
    for part in filter(None, text.split(",")):
        name, _, value = part.partition("=")
        scope[name] = int(value) if value.isdigit() else value
    return scope


def verify_cooperative(cooperative: Cooperative) -> list[ChainReport]:
    """Walk every chain of the cooperative (audit log, share ledger, ballots…), fresh from the
    database (the session's cached rows are expired first), against its checkpoint file."""
    db.session.expire_all()
    heads = checkpoints.read(cooperative.id).heads
    reports: list[ChainReport] = []
    for model in chained_models():
        found = verify_model(model, cooperative, heads)
        reports.extend(found)
        reports.extend(_vanished_chains(model, heads, found))
    return reports


def checkpoint_state(cooperative: Cooperative) -> checkpoints.Checkpoint:
    """The cooperative's checkpoint file as read (missing, valid, or failing its signature)."""
    return checkpoints.read(cooperative.id)


def first_break(reports: list[ChainReport]) -> ChainReport | None:
    """The first report with a broken entry, if any."""
    return next((r for r in reports if not r.intact), None)


def chain_rows(model, cooperative: Cooperative, scope: dict) -> list:
    """One chain's rows in chain order (``scic verify --rekey``)."""
    rows = _rows(model, cooperative, list(scope))
    return [r for r in rows if dict(r.chain_scope()) == scope]


def find_receipt(cooperative: Cooperative, code: str) -> tuple[str, object, str] | None:
    """The chained ballot of a receipt code: ``(table, id, entry hash)``, or None.

    An open ballot stores the SHA-256 of its receipt code; a counted secret ballot stores the
    code itself (never with a voter).
    """
    from scic.voting import rules
    from scic.voting.models import Ballot, SecretBallot

    ballot = db.session.scalar(
        select(Ballot).where(
            Ballot.cooperative_id == cooperative.id,
            Ballot.receipt_hash == rules.receipt_hash(code),
        )
    )
    if ballot is None and "receipt_code" in SecretBallot.__table__.columns:
        ballot = db.session.scalar(
            select(SecretBallot).where(
                SecretBallot.cooperative_id == cooperative.id,
                SecretBallot.receipt_code == rules.normalise_receipt(code),
            )
        )
    if ballot is None:
        return None
    return ballot.__tablename__, ballot.id, ballot.hash


def head_hash(model, cooperative: Cooperative) -> str:
    """The hash of the last entry of the cooperative's chain of ``model`` (GENESIS if none).

    Printed on documents: a copy of the chain's head outside the server, which any later
    chain must still contain (a rewrite or a truncation shows against it).
    """
    head = db.session.scalar(
        select(model.hash)
        .where(model.cooperative_id == cooperative.id)
        .order_by(model.id.desc())
        .limit(1)
    )
    return head or GENESIS
