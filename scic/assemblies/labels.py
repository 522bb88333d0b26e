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
#: Who receives the discharge (quitus) of the annual accounts assembly, by legal form.
DISCHARGED_LABELS = {
    "board": _l("the directors"),
    "managers": _l("the managers"),
    "president": _l("the president"),
}
#: The documents of the annual accounts assembly (R-AG-14, R-REV-4).
ACCOUNTS_DOCUMENT_LABELS = {
    "accounts": _l("Annual accounts (balance sheet, income statement, notes)"),
    "management_report": _l("Management report, with its part on the projet coopératif"),
    "auditor_report": _l("Statutory auditor's report (when the cooperative has an auditor)"),
    "draft_resolutions": _l("Text of the draft resolutions"),
    "revision_report": _l("Révision coopérative report"),
}
#: The governing body an assembly elects (R-AG-2), by officer_rules.BODY_OF_GOVERNANCE.
BODY_LABELS = {
    "board": _l("Board of directors"),
    "supervisory_board": _l("Supervisory board"),
    "president": _l("Presidency"),
    "managers": _l("Management"),
}
