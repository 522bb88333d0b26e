"""What the electronic registers are called on pages, in commands and in PDFs."""

from __future__ import annotations

from scic.archive.rules import Series
from scic.core.i18n import _l

SERIES_LABELS = {
    Series.MINUTES.value: _l("Register of minutes"),
    Series.SHARE_REGISTER.value: _l("Register of members and share movements"),
    Series.ATTENDANCE.value: _l("Attendance sheets"),
    Series.CERTIFICATES.value: _l("Signed share certificates"),
}
