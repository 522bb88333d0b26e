"""Forms of the révision coopérative page."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from scic.core.forms import BaseForm, choices
from scic.core.i18n import _l

REVISION_KIND_LABELS = {
    "periodic": _l("Periodic révision (at least every five years)"),
    "losses": _l("Extra révision after losses"),
    "request": _l("Révision requested"),
}
REQUESTED_BY_LABELS = {
    "members": _l("Members (at least a tenth)"),
    "directors": _l("Directors or supervisory board (at least a third)"),
    "authority": _l("The approving authority"),
    "minister": _l("The minister in charge of the social economy"),
}


class OpenRevisionForm(BaseForm):
    kind = SelectField(_l("Why"), choices=choices(REVISION_KIND_LABELS.items()))
    reviser_name = StringField(
        _l("Reviser (name or firm)"), validators=[DataRequired(), Length(max=200)]
    )
    approval = StringField(
        _l("Reviser's approval (agrément) reference"), validators=[Length(max=120)]
    )
    independent = BooleanField(
        _l(
            "The reviser declared being independent of the cooperative (not a director, member, "
            "employee or paid contractor in the five years before or after)"
        )
    )
    started_on = DateField(_l("Started on"), validators=[DataRequired()])


class ReportForm(BaseForm):
    report_on = DateField(_l("Date of the report"), validators=[DataRequired()])
    report = FileField(_l("Report (PDF)"), validators=[FileRequired()])


class RequestForm(BaseForm):
    requested_by = SelectField(_l("Asked by"), choices=choices(REQUESTED_BY_LABELS.items()))
    requested_on = DateField(_l("Received on"), validators=[DataRequired()])
    signatories = IntegerField(
        _l("Number who signed"), validators=[Optional(), NumberRange(0, 1_000_000)], default=0
    )
    out_of = IntegerField(
        _l("Out of (members or directors in office)"),
        validators=[Optional(), NumberRange(0, 1_000_000)],
        default=0,
    )
    reference = StringField(_l("Reference of the letter"), validators=[Length(max=300)])
