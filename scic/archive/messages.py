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
}

register(MESSAGES)
