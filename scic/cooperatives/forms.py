"""Forms for cooperative administration."""

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from scic.core.forms import BaseForm, choices
from scic.core.i18n import _l


class InviteForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    full_name = StringField(_l("Full name"), validators=[Length(max=200)])
    role = SelectField(
        _l("Role"),
        choices=choices(
            [
                ("secretary", _l("Secretary")),
                ("auditor", _l("Auditor")),
                ("admin", _l("Administrator")),
                ("member", _l("Member")),
                ("representative", _l("Representative")),
            ]
        ),
    )


class JoinForm(BaseForm):
    """Accept an invitation to a cooperative (the button is the consent)."""
