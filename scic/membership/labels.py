"""Membership's vocabularies, one table each, for forms, pages, exports and PDFs."""

from scic.core.i18n import _l

KIND_LABELS = {
    "person": _l("Natural person"),
    "organisation": _l("Organisation"),
    "local_authority": _l("Local authority"),
    "other_public": _l("Other public body"),
}
STATUS_LABELS = {
    "candidate": _l("Candidate"),
    "active": _l("Active"),
    "withdrawing": _l("Withdrawing"),
    "excluded": _l("Excluded"),
    "struck_off": _l("Struck off"),
    "deceased": _l("Deceased"),
    "exited": _l("Left"),
}
#: Why a member left (``Member.exit_cause``), as pages and registers show it.
EXIT_CAUSE_LABELS = {
    "withdrawing": _l("withdrawal"),
    "withdrawal": _l("withdrawal"),
    "full": _l("withdrawal"),
    "excluded": _l("exclusion"),
    "exclusion": _l("exclusion"),
    "struck_off": _l("striking off"),
    "deceased": _l("death"),
    "death": _l("death"),
    "refused": _l("application refused"),
    "deliberation_cancelled": _l("council deliberation withdrawn or annulled"),
}
AUTHORITY_LABELS = {
    "commune": _l("Commune"),
    "epci": _l("EPCI (grouping of communes)"),
    "departement": _l("Département"),
    "region": _l("Région"),
    "syndicat": _l("Syndicat"),
    "ept": _l("Territorial public establishment (EPT)"),
    "other": _l("Other local authority"),
}
#: Decision references the application itself writes (an admission by the members CSV import).
SYSTEM_DECISIONS = {
    "import": _l("members CSV import"),
}
