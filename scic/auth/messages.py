"""Messages for account violations."""

from scic.core.i18n import _l
from scic.core.messages import register

MESSAGES = {
    "password_too_short": _l("The password must have at least %(min)s characters."),
    "wrong_current_password": _l("The current password is not correct."),
    "invalid_email_address": _l("%(email)s is not a valid e-mail address."),
    "email_taken": _l("An account already exists for %(email)s."),
}
register(MESSAGES)
