"""Use cases of voting: resolutions, casting ballots, show-of-hands counts, closing, results.

Services load what the rules need, call ``scic.voting.rules`` (and the assembly and membership
rules), raise ``RuleViolation``, write the audit entry and flush; the view or the command commits.
Capital is never read here: it is never a weighting criterion (R-COL-5).
"""

# Re-exported from the assemblies package for callers here.
from scic.assemblies.services import make_voting_token
from scic.voting.services.ballots import (
    Receipt,
    _record,
    ballot_writes,
    cast_ballot,
    record_hand_count,
)
from scic.voting.services.capacities import (
    Capacity,
    capacity_for_user,
    current_mandate,
    current_mandates,
    pending_ballots,
    voters_for_token,
    voters_for_user,
)
from scic.voting.services.closing import close_vote
from scic.voting.services.receipts import ReceiptCheck, published_receipts, verify_receipt
from scic.voting.services.resolutions import (
    RESOLUTION_KINDS,
    assembly_day,
    create_resolution,
    majority_of_resolution,
    open_vote,
    paris_day,
    record_exclusion_procedure,
    statutory_majority,
    tally_rules,
)
from scic.voting.services.second_call import copy_resolutions
from scic.voting.services.show_of_hands import (
    HandFigures,
    ShowOfHandsRefused,
    current_counts,
    record_show_of_hands,
    show_of_hands_problems,
)
from scic.voting.services.tally import (
    CollegeLine,
    Snapshot,
    _count,
    decide,
    snapshot,
    snapshot_of_outcome,
    snapshots,
)
from scic.voting.services.tally_export import export_tally, export_tally_json
from scic.voting.services.tokens import (
    TOKEN_STATUSES,
    VERIFY_SALT,
    _serializer,
    make_verification_token,
    read_verification_token,
    read_voting_link,
    read_voting_token,
)

__all__ = [
    "RESOLUTION_KINDS",
    "TOKEN_STATUSES",
    "VERIFY_SALT",
    "Capacity",
    "CollegeLine",
    "HandFigures",
    "Receipt",
    "ReceiptCheck",
    "ShowOfHandsRefused",
    "Snapshot",
    "_count",
    "_record",
    "_serializer",
    "assembly_day",
    "ballot_writes",
    "capacity_for_user",
    "cast_ballot",
    "close_vote",
    "copy_resolutions",
    "create_resolution",
    "current_counts",
    "current_mandate",
    "current_mandates",
    "decide",
    "export_tally",
    "export_tally_json",
    "majority_of_resolution",
    "make_verification_token",
    "make_voting_token",
    "open_vote",
    "paris_day",
    "pending_ballots",
    "published_receipts",
    "read_verification_token",
    "read_voting_link",
    "read_voting_token",
    "record_exclusion_procedure",
    "record_hand_count",
    "record_show_of_hands",
    "show_of_hands_problems",
    "snapshot",
    "snapshot_of_outcome",
    "snapshots",
    "statutory_majority",
    "tally_rules",
    "verify_receipt",
    "voters_for_token",
    "voters_for_user",
]
