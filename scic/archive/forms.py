"""Forms of the electronic registers."""

from __future__ import annotations

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length

from scic.core.forms import BaseForm
from scic.core.i18n import _l


class AppendSheetForm(BaseForm):
    #: Printed on the signature, e.g. "présidente du conseil d'administration".
    capacity = StringField(_l("Your capacity"), validators=[DataRequired(), Length(max=120)])


class SignCertificateForm(BaseForm):
    """An officer signs a member's share certificate at a date."""

    at = DateField(_l("Holding at the end of"), validators=[DataRequired()])
    capacity = StringField(_l("Your capacity"), validators=[DataRequired(), Length(max=120)])
