"""The capital's vocabularies, one table each, for forms, pages, exports and PDFs."""

from scic.core.i18n import _l

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
