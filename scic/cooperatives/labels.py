"""The statutes' vocabularies, one table each, for forms, pages, exports and PDFs."""

from scic.core.i18n import _l

CATEGORY_KIND_LABELS = {
    "employee": _l("Employees"),
    "beneficiary": _l("Beneficiaries (users)"),
    "producer": _l("Producers"),
    "volunteer": _l("Volunteers"),
    "local_authority": _l("Local authorities"),
    "other_public": _l("Other public bodies"),
    "supporter": _l("Supporters"),
    "other": _l("Other"),
}
METHOD_LABELS = {
    "proportional": _l("Proportional"),
    "winner_takes_all": _l("Winner takes all (per college)"),
    "headcount": _l("Headcount (one member, one vote)"),
}
ABSTENTION_LABELS = {
    "excluded": _l("Excluded from the votes cast"),
    "as_against": _l("Counted as not in favour"),
}
SILENT_LABELS = {
    "redistribute": _l("Its weight is redistributed"),
    "as_against": _l("Its weight counts against"),
}
MAJORITY_LABELS = {
    "simple": _l("More than half"),
    "sarl_two_step": _l("SARL two-step majority"),
    "two_thirds": _l("Two thirds"),
    "three_quarters": _l("Three quarters"),
}
QUORUM_BASE_LABELS = {
    "members": _l("All members, one vote each"),
    "per_college": _l("Per college"),
    "weighted": _l("Weighted"),
}
