"""The receipt e-mail of a ballot, written by the outbox's delivery job from the vote's facts.

The vote's request queues one small outbox row (the recipient, the locale and the facts below
as JSON) in the vote's transaction: it leaves only if the vote is committed, and the MIME
message is built by the worker, not under the cooperative's lock (docs/performance.md). A
secret ballot's receipt code is never e-mailed, so it is not among the facts either.
"""

from __future__ import annotations

from datetime import datetime

from scic.core import outbox
from scic.core.i18n import _, _l, format_day
from scic.voting import services
from scic.voting.models import Resolution
from scic.voting.views.blueprint import verify_url_of

#: The outbox composer of the receipt (stored with each queued receipt: never rename it).
BALLOT_RECEIPT = "ballot_receipt"


def vote_facts(resolution: Resolution) -> dict:
    """What the receipt says of the resolution, read before the vote: the vote's own statements
    then read nothing more for the mail (a short time under the cooperative's lock)."""
    assembly = resolution.assembly
    return {
        "cooperative_id": assembly.cooperative_id,
        "assembly_id": assembly.id,
        "assembly_title": assembly.title,
        "resolution_number": resolution.number,
        "resolution_title": resolution.title,
    }


def queue_receipt(to: str, receipt: services.Receipt, vote: dict) -> None:
    """Queue the receipt of ``receipt`` for ``to`` in the current transaction (the vote's)."""
    facts = {
        **vote,
        "cast_at": receipt.cast_at.isoformat(),
        "secret": receipt.secret,
        "code": None if receipt.secret else receipt.code,
        "chain_hash": None if receipt.secret else receipt.chain_hash,
    }
    outbox.queue_composed(BALLOT_RECEIPT, to, facts, cooperative_id=vote["cooperative_id"])


@outbox.composer(BALLOT_RECEIPT, subject=_l("Your vote: receipt"))
def receipt_body(facts: dict) -> str:
    """The receipt e-mail's body, in the current locale; a secret ballot's code is never sent."""
    lines = [
        _("Your vote has been recorded."),
        "",
        _("Assembly: %(title)s", title=facts["assembly_title"]),
        _(
            "Resolution %(number)s: %(title)s",
            number=facts["resolution_number"],
            title=facts["resolution_title"],
        ),
        _(
            "Recorded on %(time)s (Paris time)",
            time=format_day(datetime.fromisoformat(facts["cast_at"]), "long"),
        ),
    ]
    if facts["secret"]:
        lines.append(
            _(
                "This is a secret ballot: your receipt code is not sent by e-mail, so that "
                "nobody reading this message can find your vote. Use the code shown on screen."
            )
        )
    else:
        lines.append(_("Receipt code: %(code)s", code=facts["code"]))
        if facts["chain_hash"]:
            lines.append(
                _(
                    "Ballot chain entry (keep it: the register must always contain it): %(hash)s",
                    hash=facts["chain_hash"],
                )
            )
    verify_url = verify_url_of(facts["assembly_id"])
    lines += ["", _("Check that your ballot is counted: %(url)s", url=verify_url)]
    return "\n".join(lines)
