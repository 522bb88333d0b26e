"""The assemblies' vocabularies, one table each, for forms, pages and documents."""

from scic.core.i18n import _l

SIGNATORY_LABELS = {
    "chair": _l("Chair"),
    "secretary": _l("Secretary"),
    "scrutineer": _l("Scrutineer"),
    "manager": _l("Manager"),
}
#: How a convocation was sent.
CHANNEL_LABELS = {
    "email": _l("E-mail"),
    "letter": _l("Letter"),
    "registered_letter": _l("Registered letter"),
}
