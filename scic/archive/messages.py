"""Messages for the electronic signatures' violation codes."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

MESSAGES = {
    "signing_no_certificate": _l(
        "No signing certificate is configured for %(name)s, and the instance has no "
        "organisation certificate: the document cannot be signed electronically."
    ),
    "signing_key_unreadable": _l(
        "The signing certificate of %(name)s cannot be opened (wrong file or passphrase)."
    ),
    "register_sheet_empty": _l(
        "No ledger entry since the last sheet of the electronic register: nothing to sign."
    ),
    # What ``scic verify`` finds wrong with a sheet of an electronic register.
    "sheet_missing": _l("the sheet is missing: the numbering has a gap."),
    "revision_missing": _l("signed revisions %(revisions)s of the sheet are missing."),
    "sheet_altered": _l("the stored file differs from the digest recorded when it was signed."),
    "previous_link_altered": _l(
        "the link to the previous sheet printed in the file differs from the one recorded."
    ),
    "previous_sheet_mismatch": _l(
        "the sheet names a previous sheet that is not the one before it (a sheet was removed, "
        "replaced or re-ordered)."
    ),
    "entries_mismatch": _l(
        "the sheet records %(recorded)s ledger entries but the ledger has %(ledger)s in its range."
    ),
    "signature_unreadable": _l("revision %(revision)s: the signatures cannot be read."),
    "document_id_mismatch": _l(
        "revision %(revision)s: the identifier inside the file is not the sheet's."
    ),
    "signature_count_mismatch": _l(
        "revision %(revision)s: the file does not hold the number of signatures recorded."
    ),
    "signature_invalid": _l(
        "revision %(revision)s: the signature no. %(signature)s (%(signer)s) is not valid: "
        "the document changed after it was signed."
    ),
    "signature_untrusted": _l(
        "revision %(revision)s: the certificate of signature no. %(signature)s (%(signer)s) "
        "was not issued by an authority in SIGNING_TRUST_ROOTS."
    ),
    "timestamp_invalid": _l(
        "revision %(revision)s: the timestamp of signature no. %(signature)s (%(signer)s) is "
        "not valid."
    ),
    "changed_after_signature": _l(
        "revision %(revision)s: the file was changed after signature no. %(signature)s "
        "(%(signer)s) in a way its certification forbids."
    ),
    "timestamp_missing": _l(
        "revision %(revision)s: recorded as timestamped, but the file holds no timestamp."
    ),
    "signature_record_missing": _l(
        "revision %(revision)s, recorded in the audit log when it was signed, is missing "
        "(the last sheet of a register was removed, for instance)."
    ),
    "signature_record_differs": _l(
        "revision %(revision)s differs from the file whose digest the audit log recorded when "
        "it was signed."
    ),
    "signature_not_recorded": _l(
        "revision %(revision)s was never recorded in the audit log: it was added outside the "
        "application."
    ),
}

register(MESSAGES)
