"""Messages for the registers' violation codes."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

MESSAGES = {
    "register_date_in_future": _l(
        "The date %(at)s is in the future: a register can be printed up to today (%(today)s)."
    ),
    "register_date_before_cooperative": _l(
        "The date %(at)s is before the cooperative existed: its register starts on %(first_day)s."
    ),
    "period_start_after_end": _l("The start of the period (%(start)s) is after its end (%(end)s)."),
    "register_invalid_date": _l("“%(value)s” is not a date; use the format YYYY-MM-DD."),
    "register_unknown_member": _l("No member has the number %(number)s."),
}

register(MESSAGES)
