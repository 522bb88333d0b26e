"""Form shapes of the capital pages (the law is checked by the services, not here)."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from scic.capital.labels import EXIT_KIND_LABELS
from scic.core.forms import BaseForm, QueryForm, choices
from scic.core.i18n import _l
from scic.membership.forms import EMAIL, MemberField
from scic.membership.labels import AUTHORITY_LABELS as AUTHORITY_TYPE_LABELS

MONEY = {"places": 2, "validators": [InputRequired(), NumberRange(min=Decimal(0))]}


def cents(value: Decimal | None) -> int:
    """Turn a Decimal amount of euros from a form into integer cents."""
    return int((value or Decimal(0)) * 100)


class _Decision:
    """Fields of the approving decision (organ, date, reference)."""

    decision_organ = StringField(_l("Deciding organ"), validators=[Optional(), Length(max=60)])
    decision_date = DateField(_l("Date of the decision"), validators=[Optional()])
    decision_ref = StringField(
        _l("Reference of the decision"), validators=[Optional(), Length(max=300)]
    )


class _Confirm:
    confirm = BooleanField(
        _l("I have checked this entry: the ledger is never edited, only corrected by a reversal."),
        validators=[DataRequired(message=_l("Please confirm before recording."))],
    )


class SubscriptionForm(_Confirm, _Decision, BaseForm):
    member = MemberField(_l("Member"))
    shares = IntegerField(_l("Number of shares"), validators=[InputRequired(), NumberRange(min=1)])
    paid = DecimalField(_l("Amount paid on signature (€)"), **MONEY)
    on = DateField(_l("Date of effect"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class AmountForm(_Confirm, _Decision, BaseForm):
    """A payment or a call for payment."""

    member = MemberField(_l("Member"))
    amount = DecimalField(_l("Amount (€)"), **MONEY)
    on = DateField(_l("Date of effect"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class TransferForm(_Confirm, _Decision, BaseForm):
    transferor = MemberField(_l("From (transferor)"))
    transferee = MemberField(_l("To (transferee)"))
    shares = IntegerField(_l("Number of shares"), validators=[InputRequired(), NumberRange(min=1)])
    on = DateField(_l("Date of effect"), validators=[InputRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class WithdrawalRequestForm(BaseForm):
    member = MemberField(_l("Member"))
    shares = IntegerField(
        _l("Shares to withdraw (leave empty for a full withdrawal)"),
        validators=[Optional(), NumberRange(min=1)],
    )
    requested_on = DateField(_l("Date of the notice"), validators=[InputRequired()])
    effective_on = DateField(
        _l("Date of effect (default: end of the financial year)"), validators=[Optional()]
    )


class ExitForm(_Confirm, _Decision, BaseForm):
    member = MemberField(_l("Member"))
    kind = SelectField(
        _l("Cause"), choices=choices(EXIT_KIND_LABELS.items()), validators=[InputRequired()]
    )
    on = DateField(_l("Date of effect"), validators=[InputRequired()])
    #: R-EXCL-1: an exclusion rests on an adopted assembly resolution (choices set by the view).
    resolution = SelectField(
        _l("Assembly resolution (for an exclusion)"), coerce=int, validators=[Optional()]
    )


class AcknowledgeForm(_Confirm, _Decision, BaseForm):
    on = DateField(_l("Date of the acknowledgement"), validators=[InputRequired()])


class ReimburseForm(_Confirm, _Decision, BaseForm):
    amount = DecimalField(_l("Amount repaid (€)"), **MONEY)
    losses = DecimalField(
        _l("Member's share of losses (€)"),
        places=2,
        default=Decimal(0),
        validators=[Optional(), NumberRange(min=Decimal(0))],
    )
    on = DateField(_l("Date of payment"), validators=[InputRequired()])


class ReleaseForm(BaseForm):
    on = DateField(_l("Date of effect"), validators=[InputRequired()])


class ReverseForm(_Confirm, BaseForm):
    reason = StringField(
        _l("Reason for the correction"), validators=[DataRequired(), Length(max=500)]
    )


class AdvanceForm(BaseForm):
    member = SelectField(_l("Local authority"), coerce=int, validators=[InputRequired()])
    convention_ref = StringField(
        _l("Reference of the written convention"), validators=[DataRequired(), Length(max=300)]
    )
    deliberation_ref = StringField(
        _l("Reference of the council deliberation"), validators=[DataRequired(), Length(max=300)]
    )
    amount = DecimalField(_l("Amount (€)"), **MONEY)
    start_on = DateField(_l("Start date"), validators=[InputRequired()])
    duration_months = IntegerField(
        _l("Duration in months (at most 24)"), validators=[InputRequired()]
    )
    equity = DecimalField(_l("Equity of the cooperative (€), from the last balance sheet"), **MONEY)


class RenewAdvanceForm(BaseForm):
    duration_months = IntegerField(
        _l("Duration in months (at most 24)"), validators=[InputRequired()]
    )
    equity = DecimalField(_l("Equity of the cooperative (€), from the last balance sheet"), **MONEY)


class RepayAdvanceForm(_Confirm, BaseForm):
    on = DateField(_l("Date of repayment"), validators=[InputRequired()])


class ConvertAdvanceForm(_Confirm, _Decision, BaseForm):
    shares = IntegerField(_l("Number of shares"), validators=[InputRequired(), NumberRange(min=1)])
    on = DateField(_l("Date of effect"), validators=[InputRequired()])


class TmoForm(BaseForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=1990, max=2100)])
    rate = StringField(_l("Average TMO (percent)"), validators=[DataRequired(), Length(max=16)])
    source = StringField(_l("Source"), validators=[Optional(), Length(max=300)])


class AllocationForm(BaseForm):
    year = IntegerField(
        _l("Financial year (year of its end)"),
        validators=[InputRequired(), NumberRange(min=1990, max=2100)],
    )
    result = DecimalField(_l("Result of the year (€)"), places=2, validators=[InputRequired()])
    subsidies = DecimalField(_l("Public subsidies received (€)"), **MONEY)
    reserves_before = DecimalField(_l("Reserves before allocation (€)"), **MONEY)
    legal_reserve = DecimalField(_l("To the legal reserve (€)"), places=2, validators=[Optional()])
    statutory_reserve = DecimalField(
        _l("To the statutory reserves (€)"), places=2, validators=[Optional()]
    )
    rate = StringField(
        _l("Interest rate on shares (percent; empty: the cap)"),
        validators=[Optional(), Length(max=16)],
    )


class JournalFilterForm(QueryForm):
    """The journal's filters, bound to the query string. The member is picked by number or
    name (a list of every member would grow with the membership); ``member`` (an id) also
    comes from links to one member."""

    type = SelectField(_l("Type"), validators=[Optional()])
    member = MemberField(_l("Member"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


class SimulatorForm(BaseForm):
    """Before an entry or a change of colleges: a newcomer (category, shares) and new weights."""

    class Meta:
        csrf = False  # a GET simulation changes nothing

    category = SelectField(_l("Category of the newcomer"), coerce=int, choices=[])
    shares = IntegerField(
        _l("Shares the newcomer would subscribe (0: nobody joins)"),
        validators=[Optional(), NumberRange(min=0)],
    )
    on = DateField(_l("Date"), validators=[Optional()])
    #: One weight (percent) per college, in the colleges' order; empty keeps the statutes' one.
    weights = FieldList(
        DecimalField(places=2, validators=[Optional(), NumberRange(min=0, max=100)]),
        min_entries=0,
    )


class AtDateForm(BaseForm):
    class Meta:
        csrf = False

    at = DateField(_l("At the end of"), validators=[Optional()])


class CapitalFilterForm(QueryForm):
    """The capital page: the date, and a search among the holders (paged)."""

    at = DateField(_l("At the end of"), validators=[Optional()])
    q = StringField(_l("Member (name or number)"), validators=[Optional(), Length(max=100)])


class AuthorityForm(BaseForm):
    """Guided entry, step 1: the authority and its council deliberation."""

    name = StringField(
        _l("Name of the local authority"), validators=[DataRequired(), Length(max=200)]
    )
    authority_type = SelectField(
        _l("Type of authority"),
        choices=choices(AUTHORITY_TYPE_LABELS.items()),
        validators=[InputRequired()],
    )
    category = SelectField(_l("Category"), coerce=int, validators=[InputRequired()])
    siren = StringField(_l("SIREN"), validators=[Optional(), Length(max=11)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=400)])
    email = StringField(_l("E-mail address"), validators=[Optional(), Length(max=254)])
    reference = StringField(
        _l("Reference of the deliberation"), validators=[DataRequired(), Length(max=200)]
    )
    adopted_on = DateField(_l("Date of the deliberation"), validators=[InputRequired()])
    executory_on = DateField(
        _l("Date it became enforceable (published and transmitted)"), validators=[Optional()]
    )
    authorised_shares = IntegerField(
        _l("Number of shares the council authorised"),
        validators=[InputRequired(), NumberRange(min=1)],
    )
    document = FileField(
        _l("Deliberation (PDF)"),
        validators=[Optional(), FileAllowed(["pdf"], _l("PDF files only."))],
    )
    #: The PDF kept from a refused attempt (``scic.core.views.keep_for_next_attempt``).
    document_token = HiddenField()


class RepresentativesForm(BaseForm):
    """Guided entry, step 2: titular and substitute representatives, their e-mail addresses and
    their written consent to receive the convocations and voting links by e-mail (§8 #30)."""

    main_name = StringField(
        _l("Titular representative: full name"), validators=[DataRequired(), Length(max=200)]
    )
    main_function = StringField(
        _l("Titular representative: function"), validators=[Optional(), Length(max=200)]
    )
    main_email = StringField(
        _l("Titular representative: e-mail"),
        validators=[Optional(), EMAIL, Length(max=254)],
    )
    main_consent = BooleanField(
        _l(
            "The titular representative consents in writing to receive the convocations and "
            "the voting link by e-mail"
        )
    )
    alternate_name = StringField(
        _l("Substitute representative: full name"), validators=[Optional(), Length(max=200)]
    )
    alternate_function = StringField(
        _l("Substitute representative: function"), validators=[Optional(), Length(max=200)]
    )
    alternate_email = StringField(
        _l("Substitute representative: e-mail"),
        validators=[Optional(), EMAIL, Length(max=254)],
    )
    alternate_consent = BooleanField(
        _l(
            "The substitute representative consents in writing to receive the convocations "
            "and the voting link by e-mail"
        )
    )
    consent_on = DateField(
        _l("Date of the written consents"),
        validators=[Optional()],
        description=_l("Empty: today."),
    )
    valid_from = DateField(_l("Valid from"), validators=[InputRequired()])
    valid_to = DateField(
        _l("Valid until (default: end of the council's term)"), validators=[Optional()]
    )

    def validate(self, extra_validators=None) -> bool:
        """Every field's own checks, then: a consent to e-mail needs the address it goes to."""
        valid = super().validate(extra_validators)
        for email, consent in (
            (self.main_email, self.main_consent),
            (self.alternate_email, self.alternate_consent),
        ):
            if consent.data and not (email.data or "").strip():
                email.errors = [
                    *email.errors,
                    str(_l("An e-mail address is needed for the consent to e-mail.")),
                ]
                valid = False
        return valid


class AdmissionForm(_Confirm, _Decision, BaseForm):
    """Guided entry, last step: admission and first subscription."""

    shares = IntegerField(_l("Number of shares"), validators=[InputRequired(), NumberRange(min=1)])
    paid = DecimalField(_l("Amount paid on signature (€)"), **MONEY)
    on = DateField(_l("Date of admission and subscription"), validators=[InputRequired()])


class ImportForm(BaseForm):
    file = FileField(
        _l("Members file (CSV)"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("CSV files only."))],
    )


class ImportConfirmForm(BaseForm):
    content = HiddenField(validators=[DataRequired()])


class NoteForm(BaseForm):
    """A bare form for POST-only buttons (CSRF token only)."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])
