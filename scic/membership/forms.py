"""Forms of the membership pages: shapes and formats only (the law is in rules.py)."""

from __future__ import annotations

from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
)
from wtforms.widgets import html_params

from scic.core.forms import BaseForm, QueryForm, choices
from scic.core.i18n import _l
from scic.membership.labels import AUTHORITY_LABELS, KIND_LABELS, STATUS_LABELS

#: A light shape check (the address is confirmed by use); no external validator needed.
EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Invalid e-mail address."))

ROLE_LABELS = {
    "main": _l("Main (titulaire)"),
    "alternate": _l("Alternate (suppléant)"),
    "board_candidate": _l("Board candidate"),
}
SORT_LABELS = {
    "number": _l("Number"),
    "name": _l("Name"),
    "admitted": _l("Admission date"),
}


def _with_blank(labels: dict, blank) -> list:
    return choices([("", blank), *labels.items()])


class IdentityFields(BaseForm):
    """Identity and contact, shared by the creation and edit forms."""

    name = StringField(
        _l("Name (family name, or the organisation's name)"),
        validators=[DataRequired(), Length(max=200)],
    )
    first_name = StringField(_l("Usual first name (persons)"), validators=[Length(max=100)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), EMAIL, Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    address = TextAreaField(_l("Domicile or registered office"), validators=[Length(max=400)])
    siren = StringField(_l("SIREN"), validators=[Optional(), Length(min=9, max=9)])
    authority_type = SelectField(
        _l("Type of local authority"),
        choices=_with_blank(AUTHORITY_LABELS, _l("Not a local authority")),
        validators=[Optional()],
    )


class MemberCreateForm(IdentityFields):
    kind = SelectField(_l("Kind of member"), choices=choices(KIND_LABELS.items()))
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    applied_on = DateField(_l("Application date"), validators=[DataRequired()])


class MemberEditForm(IdentityFields):
    #: The version the editor loaded (optimistic locking).
    version = HiddenField(validators=[DataRequired()])


class ApplicationForm(BaseForm):
    """The public application form (anonymous): creates a candidate."""

    kind = SelectField(_l("You apply as"), choices=choices(KIND_LABELS.items()))
    category = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    name = StringField(
        _l("Name (family name, or the organisation's name)"),
        validators=[DataRequired(), Length(max=200)],
    )
    first_name = StringField(_l("Usual first name (persons)"), validators=[Length(max=100)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), EMAIL, Length(max=254)])
    address = TextAreaField(_l("Domicile or registered office"), validators=[Length(max=400)])
    siren = StringField(_l("SIREN (organisations)"), validators=[Optional(), Length(min=9, max=9)])
    authority_type = SelectField(
        _l("Type of local authority"),
        choices=_with_blank(AUTHORITY_LABELS, _l("Not a local authority")),
        validators=[Optional()],
    )


class DecisionForm(BaseForm):
    """Admission: the statutory organ's decision, its date and reference, and the first
    subscription that goes with it (at least the category's minimum of shares)."""

    decided_on = DateField(_l("Date of the decision"), validators=[DataRequired()])
    decision_ref = StringField(
        _l("Organ and reference of the decision"), validators=[DataRequired(), Length(max=300)]
    )
    shares = IntegerField(
        _l("Shares subscribed on admission"), validators=[InputRequired(), NumberRange(min=0)]
    )
    paid = DecimalField(
        _l("Amount paid on signature (€)"),
        places=2,
        validators=[InputRequired(), NumberRange(min=0)],
    )


class RefusalForm(BaseForm):
    decided_on = DateField(_l("Date of the decision"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reasons"), validators=[DataRequired(), Length(max=2000)])


class StatusForm(BaseForm):
    status = SelectField(_l("New status"), choices=choices(STATUS_LABELS.items()))
    on = DateField(_l("Date"), validators=[DataRequired()])
    decision_ref = StringField(_l("Decision reference"), validators=[Length(max=300)])
    cause = StringField(_l("Cause"), validators=[Length(max=40)])


class ConsentForm(BaseForm):
    consent = BooleanField(_l("Consents to electronic convocation"))
    on = DateField(_l("Date of the written consent"), validators=[Optional()])


class CategoryForm(BaseForm):
    category = SelectField(_l("New category"), coerce=int, validators=[DataRequired()])
    on = DateField(_l("From"), validators=[DataRequired()])
    decision_ref = StringField(_l("Decision reference"), validators=[Length(max=300)])


class DeliberationForm(BaseForm):
    purpose = SelectField(
        _l("Purpose"),
        choices=choices(
            [
                ("membership", _l("Joining the cooperative")),
                ("representative", _l("Designation of representatives")),
                ("advance", _l("Current-account advance")),
            ]
        ),
    )
    reference = StringField(
        _l("Reference of the deliberation"), validators=[DataRequired(), Length(max=200)]
    )
    adopted_on = DateField(_l("Adopted on"), validators=[DataRequired()])
    transmitted_to_prefect_on = DateField(
        _l("Transmitted to the prefect on"), validators=[Optional()]
    )
    acknowledgement_ref = StringField(
        _l("Reference of the prefecture's acknowledgement of receipt"),
        validators=[Optional(), Length(max=200)],
    )
    published_on = DateField(_l("Published on"), validators=[Optional()])
    executory_on = DateField(
        _l("Enforceable (exécutoire) on"),
        validators=[Optional()],
        description=_l("Leave empty: it is the later of the transmission and the publication."),
    )
    authorised_shares = IntegerField(
        _l("Number of shares authorised"), validators=[Optional(), NumberRange(min=1)]
    )
    operating_revenue = DecimalField(
        _l("Real revenue of the operating budget (euros)"),
        places=2,
        validators=[Optional(), NumberRange(min=0)],
        description=_l(
            "For an advance: the authority's advances may reach one twentieth of it (CGCT L1522-5)."
        ),
    )
    document = FileField(_l("Deliberation (PDF)"))
    #: The PDF kept from a refused attempt (``scic.core.views.keep_for_next_attempt``).
    document_token = HiddenField()


CANCELLATION_LABELS = {
    "council_withdrawal": _l("Withdrawn by the council (e.g. after the prefect's letter)"),
    "court_annulment": _l("Annulled by the administrative court"),
}


class CancellationForm(BaseForm):
    kind = SelectField(_l("What happened"), choices=choices(CANCELLATION_LABELS.items()))
    cancelled_on = DateField(_l("Effective on"), validators=[DataRequired()])
    reference = StringField(
        _l("Reference of the withdrawing deliberation or of the decision"),
        validators=[DataRequired(), Length(max=300)],
    )


class ConfirmExecutoryForm(BaseForm):
    executory_on = DateField(_l("Enforceable (exécutoire) on"), validators=[DataRequired()])


class DocumentForm(BaseForm):
    document = FileField(_l("Deliberation (PDF)"), validators=[DataRequired()])


class MandateForm(BaseForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    function = StringField(_l("Function"), validators=[Length(max=200)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), EMAIL, Length(max=254)])
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS.items()))
    valid_from = DateField(_l("From"), validators=[DataRequired()])
    valid_to = DateField(_l("Until (empty: end of the council's term)"), validators=[Optional()])
    deliberation = SelectField(_l("Deliberation"), coerce=int, validators=[Optional()])
    designation_ref = StringField(_l("Designation reference"), validators=[Length(max=300)])
    econvocation_consent = BooleanField(
        _l("Consents in writing to receive the convocations and the voting link by e-mail")
    )
    consent_on = DateField(
        _l("Date of the written consent"),
        validators=[Optional()],
        description=_l("Empty: today."),
    )
    create_account = BooleanField(_l("Give this person an account to vote"))


class MandateContactForm(BaseForm):
    """A representative's address and written consent to e-mail convocation (§8 #30)."""

    email = EmailField(_l("E-mail address"), validators=[Optional(), EMAIL, Length(max=254)])
    econvocation_consent = BooleanField(
        _l("Consents in writing to receive the convocations and the voting link by e-mail")
    )
    consent_on = DateField(
        _l("Date of the written consent"),
        validators=[Optional()],
        description=_l("Empty: today."),
    )


class MemberSearchForm(QueryForm):
    """The member list's search, filters, sort and page, bound to the query string."""

    q = StringField(_l("Search (name, number, e-mail)"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Status"), choices=_with_blank(STATUS_LABELS, _l("All")), validators=[Optional()]
    )
    kind = SelectField(
        _l("Kind"), choices=_with_blank(KIND_LABELS, _l("All")), validators=[Optional()]
    )
    category = SelectField(_l("Category"), validators=[Optional()])
    college = SelectField(_l("College"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), choices=choices(SORT_LABELS.items()), validators=[Optional()])
    order = SelectField(
        _l("Order"),
        choices=choices([("asc", _l("Ascending")), ("desc", _l("Descending"))]),
        validators=[Optional()],
    )


DESIGNATION_CHANNEL_LABELS = {
    "letter": _l("Letter"),
    "registered_letter": _l("Registered letter"),
    "email": _l("E-mail"),
}


class DesignationRequestForm(BaseForm):
    """The letters sent to councils asking them to designate their representatives again."""

    members = SelectMultipleField(_l("Local authorities"), coerce=int, choices=[])
    sent_on = DateField(_l("Sent on"), validators=[DataRequired()])
    channel = SelectField(_l("Sent by"), choices=choices(DESIGNATION_CHANNEL_LABELS.items()))
    reference = StringField(
        _l("Reference (registered-letter number…)"), validators=[Length(max=100)]
    )


class MemberPickerWidget:
    """A text input to type a number or a name, and the chosen member's id (hidden)."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        attrs = {
            **(field.render_kw or {}),
            **kwargs,
            "type": "text",
            "name": f"{field.name}{TEXT_SUFFIX}",
            "value": field._value(),
            "autocomplete": "off",
            "data-member-picker": f"{field.id}-chosen",
        }
        hidden = {
            "type": "hidden",
            "id": f"{field.id}-chosen",
            "name": field.name,
            "value": "" if field.data is None else str(field.data),
        }
        # html_params escapes every name and value (as WTForms' own widgets do).
        text_input, hidden_input = html_params(**attrs), html_params(**hidden)
        return Markup(f"<input {text_input}><input {hidden_input}>")  # noqa: S704  # nosec B704


#: The visible input's name is the field's name with this suffix; the field's name carries the id.
TEXT_SUFFIX = "_text"


class MemberField(Field):
    """A member picked by typing its number or name: a text search that works without
    JavaScript; ``static/js/member_picker.js`` adds suggestions from ``members.search`` and
    puts the chosen member's id in the hidden input.

    The view gives the field its ``resolver`` (``member_search.bind_picker``). ``data`` is the
    member's id, as a select field's was: the hidden id when one is posted (it must be one of
    the members the form accepts), else the one member the typed text designates.
    """

    widget = MemberPickerWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.resolver = None
        self.text = ""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.text = ""
        if formdata is not None:
            self.text = (formdata.get(f"{self.name}{TEXT_SUFFIX}") or "").strip()[:150]
        super().process(formdata, data, extra_filters)

    def process_data(self, value) -> None:
        """A member id given beforehand (a link from the member page)."""
        self.data = value if isinstance(value, int) else None

    def process_formdata(self, valuelist) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        self.data = int(raw) if str(raw).strip().isdigit() else None

    def _value(self) -> str:
        if not self.text and isinstance(self.data, int) and self.resolver is not None:
            self.text = self.resolver.label(self.data)
        return self.text

    def pre_validate(self, form) -> None:
        if self.data is not None:
            label = self.resolver.label(self.data) if self.resolver is not None else ""
            if label:
                self.text = label
                return
            self.data = None  # not a member this form accepts: search the text instead
        if not self.text:
            if not self.flags.optional:
                raise StopValidation(_l("Type the member's number or name."))
            return
        matches = self.resolver(self.text) if self.resolver is not None else []
        exact = [m for m in matches if m.label.casefold() == self.text.casefold()]
        if len(exact) == 1 or len(matches) == 1:
            chosen = (exact or matches)[0]
            self.data, self.text = chosen.id, chosen.label
            return
        if not matches:
            raise StopValidation(
                _l("No member matches “%(text)s”: type the number or part of the name.")
                % {"text": self.text}
            )
        shown = ", ".join(m.label for m in matches[:10])
        more = "…" if len(matches) > 10 else ""
        raise StopValidation(
            _l("Several members match “%(text)s”: %(names)s%(more)s. Type the number.")
            % {"text": self.text, "names": shown, "more": more}
        )
