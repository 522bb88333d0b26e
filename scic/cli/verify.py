"""``scic verify SLUG``: walk every hash chain of a cooperative and name the first break.

The chains are keyed (``CHAIN_KEY``) and compared with the cooperative's checkpoint file, so an
edit, a rewrite with recomputed hashes and a removed tail are all reported. ``--rekey`` re-seals
chains written before keyed hashes, once they are found intact. ``--receipt CODE`` checks a
voter's receipt against the ballot chain. The electronic registers are checked next: numbering,
stored digests, signatures, trust and timestamps (docs/signatures.md).
"""

from __future__ import annotations

import sys

import click

from scic.cli import cooperative_or_refuse, refuse

#: What each kind of break means, for the person running the command.
REASONS = {
    "previous_hash_mismatch": "its link to the entry before it does not match "
    "(an entry was removed or reordered)",
    "content_hash_mismatch": "its content does not match its keyed hash "
    "(edited, or rewritten without the chain key)",
    "checkpoint_mismatch": "its hash differs from the one recorded in the checkpoint file "
    "(the chain was rewritten)",
    "missing_tail": "this entry, recorded in the checkpoint file, is missing: "
    "the chain was cut off after its entry {entries}",
}


def describe(report) -> str:
    """One line naming the first bad entry of a broken chain, or the missing tail."""
    b = report.broken
    reason = REASONS.get(b.reason, b.reason).format(entries=report.entries)
    return (
        f"First broken entry: table {report.table}, id {b.entry_id}, "
        f"position {b.position}: {reason}"
    )


@click.command("verify", help="Check the hash chains and electronic registers of a cooperative.")
@click.argument("slug")
@click.option(
    "--rekey",
    is_flag=True,
    help="Re-seal chains written before keyed hashes with CHAIN_KEY (only when intact).",
)
@click.option("--receipt", help="Check a voter's receipt code against the ballot chain.")
def verify(slug, rekey, receipt):
    """Print each chain's length and head and each electronic register's sheets; exit 2 naming
    the first broken entry and every problem of a register, 0 when all is intact."""
    from scic.registers.integrity import checkpoint_state, verify_cooperative

    cooperative = cooperative_or_refuse(slug)
    if rekey:
        _rekey(cooperative)
    state = checkpoint_state(cooperative)
    reports = verify_cooperative(cooperative)
    problems = []
    for report in reports:
        status = "intact" if report.sound else ("BROKEN" if report.broken else "NOT KEYED")
        click.echo(f"{report.table}: {report.entries} entries, head {report.head_hash} — {status}")
        if report.broken is not None:
            problems.append(describe(report))
        elif report.unkeyed:
            problems.append(
                f"{report.table}: {report.unkeyed} entries were written before keyed hashes: "
                f"run `scic verify --rekey {slug}` once this check shows nothing else."
            )
    if not state.valid:
        problems.append(
            "The checkpoint file fails its signature (edited, or CHAIN_KEY changed): "
            "truncation cannot be checked."
        )
    if state.set_aside:
        problems.append(
            "A checkpoint file that failed its signature was set aside earlier "
            "(instance/checkpoints/*.invalid): look at it."
        )
    problems.extend(_check_registers(cooperative))
    if receipt:
        problems.extend(_check_receipt(cooperative, receipt, reports))
    if problems:
        for line in problems:
            click.echo(line, err=True)
        sys.exit(2)
    if state.written_at:
        click.echo(f"Checkpoint of {state.written_at} matched.")
    click.echo("All chains are intact.")
    click.echo("All electronic registers are intact.")


def _check_registers(cooperative) -> list[str]:
    """Print each electronic register's sheets; return one line per problem."""
    from flask import current_app

    from scic.archive.labels import SERIES_LABELS
    from scic.archive.queries import SigningSettings
    from scic.archive.verification import verify_cooperative as verify_registers
    from scic.core.i18n import _
    from scic.core.messages import describe
    from scic.core.violations import Violation
    from scic.registers import signing

    settings = SigningSettings.from_config(current_app.config)
    problems = []
    for register in verify_registers(cooperative, signing.trust_roots_from(settings.trust_roots)):
        status = "intact" if register.intact else "BROKEN"
        click.echo(
            f"{SERIES_LABELS[register.series]} ({register.series}): {register.sheets} signed "
            f"sheets, {register.timestamped} timestamped — {status}"
        )
        for problem in register.problems:
            reason = describe(Violation(problem.code, params=problem.params))
            problems.append(
                _(
                    "%(register)s, sheet %(number)s: %(reason)s",
                    register=SERIES_LABELS[problem.series],
                    number=problem.number,
                    reason=reason,
                )
            )
    if not settings.trust_roots:
        click.echo("No SIGNING_TRUST_ROOTS: signatures checked for integrity, not for trust.")
    return problems


def _rekey(cooperative) -> None:
    """Re-seal unkeyed chains, refusing when any chain is broken; rewrite the checkpoint."""
    from scic.core import checkpoints, records
    from scic.core.db import db
    from scic.registers.integrity import chained_models, verify_cooperative

    reports = verify_cooperative(cooperative)
    broken = [describe(r) for r in reports if r.broken is not None]
    if broken:
        refuse(["Nothing re-keyed: a chain is broken.", *broken])
    heads = {}
    for model in chained_models():
        for report in (r for r in reports if r.table == model.__tablename__ and r.entries):
            name = checkpoints.chain_name(report.table, report.scope)
            if report.unkeyed:
                heads[name] = records.rekey(model, _chain_rows(model, cooperative, report.scope))
                click.echo(f"{report.table}: {report.entries} entries re-keyed.")
            else:
                heads[name] = (report.head_id, report.head_hash)
    db.session.commit()
    checkpoints.replace_heads(cooperative.id, heads)


def _chain_rows(model, cooperative, scope):
    from scic.registers.integrity import chain_rows

    return chain_rows(model, cooperative, scope)


def _check_receipt(cooperative, code, reports) -> list[str]:
    """A receipt is good when its ballot is in an intact, keyed ballot chain."""
    from scic.registers.integrity import find_receipt

    found = find_receipt(cooperative, code)
    if found is None:
        return [f"No ballot of {cooperative.slug} has the receipt {code}."]
    table, entry_id, entry_hash = found
    chain = [r for r in reports if r.table == table]
    if not all(r.sound for r in chain):
        return [f"The receipt's ballot is in the {table} chain, which is not intact."]
    click.echo(f"Receipt {code}: {table} entry {entry_id}, hash {entry_hash}, chain intact.")
    return []


commands = (verify,)
