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
#: Every choice a ballot may hold, "void" included (only the secretary records a void ballot).
RECORDED_CHOICE_LABELS = {**CHOICE_LABELS, "void": _l("Void")}
#: Where a resolution's vote stands.
RESOLUTION_STATUS_LABELS = {
    "draft": _l("Not open yet"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}
#: How a ballot reached the urn (``Ballot.channel``, ``SecretParticipation.channel``).
CHANNEL_LABELS = {
    "in_person": _l("In the room"),
    "remote": _l("Online"),
    "correspondence": _l("Postal form"),
    "proxy_named": _l("By proxy"),
    "proxy_blank": _l("Blank proxy (given to the chair)"),
}
