"""The capital's vocabularies, one table each, for forms, pages, exports and PDFs."""

from scic.core.i18n import _l
from scic.membership.labels import SYSTEM_DECISIONS

MOVEMENT_TYPE_LABELS = {
    "subscription": _l("Subscription"),
    "payment_call": _l("Call for payment"),
    "payment": _l("Payment"),
    "transfer_out": _l("Transfer out"),
    "transfer_in": _l("Transfer in"),
    "partial_withdrawal": _l("Partial withdrawal"),
    "full_withdrawal": _l("Full withdrawal"),
    "exclusion_cancellation": _l("Cancellation on exclusion"),
    "reimbursement": _l("Reimbursement"),
    "advance_conversion": _l("Conversion of an advance"),
    "death_transmission": _l("Transmission on death"),
    "reversal": _l("Reversal"),
}
EXIT_KIND_LABELS = {
    "exclusion": _l("Exclusion"),
    "struck_off": _l("Striking off"),
    "death": _l("Death (shares repaid to the heirs)"),
}
#: What a withdrawal request asks for (partial or full) or records (an exit kind).
WITHDRAWAL_KIND_LABELS = {
    "partial": _l("Partial withdrawal"),
    "full": _l("Full withdrawal"),
    **EXIT_KIND_LABELS,
}
#: Notes the application itself writes on movements (stored as written, shown in words).
SYSTEM_NOTES = {
    "members CSV import": _l("Imported from the members CSV file"),
}


def decision_ref(ref: str | None) -> str:
    """A decision reference as a reader sees it: the application's own references in words."""
    if not ref:
        return ""
    return str(SYSTEM_DECISIONS.get(ref, ref))


def movement_note(note: str | None) -> str:
    """A movement's note as a reader sees it: the application's own notes in words."""
    if not note:
        return ""
    return str(SYSTEM_NOTES.get(note, note))
