"""Filters of the auditor's pages, bound to the query string (they change nothing)."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from scic.core.forms import QueryForm
from scic.core.i18n import _l


class AuditFilterForm(QueryForm):
    """The audit log's filters; ``action`` and ``target_type`` choices come from the log."""

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(_l("By (name or e-mail)"), validators=[Optional(), Length(max=100)])
    date_from = DateField(_l("From"), name="from", validators=[Optional()])
    date_to = DateField(_l("To"), name="to", validators=[Optional()])
    target_type = SelectField(_l("Target"), validators=[Optional()], validate_choice=False)
    target_id = IntegerField(_l("Target number"), validators=[Optional(), NumberRange(min=1)])
