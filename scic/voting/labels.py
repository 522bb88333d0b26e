"""The voting vocabularies, one table each, for forms, pages and documents."""

from scic.core.i18n import _l

RESOLUTION_KIND_LABELS = {
    "ordinary": _l("Ordinary"),
    "extraordinary": _l("Extraordinary"),
    "exclusion": _l("Exclusion of a member"),
}
CHOICE_LABELS = {
    "for": _l("For"),
    "against": _l("Against"),
    "abstain": _l("Abstain"),
    "blank": _l("Blank"),
}
