"""Forms of the voting pages: shapes and formats only (the law is in rules and services)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from scic.core.forms import BaseForm, choices
from scic.core.i18n import _l
from scic.membership.forms import MemberField
from scic.voting.labels import CHOICE_LABELS, RESOLUTION_KIND_LABELS


def choice_labels() -> list[tuple[str, object]]:
    return list(CHOICE_LABELS.items())


def kind_labels() -> list[tuple[str, object]]:
    return list(RESOLUTION_KIND_LABELS.items())


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class ResolutionForm(BaseForm):
    number = IntegerField(_l("Number"), validators=[Optional(), NumberRange(min=1, max=999)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Text of the resolution"), validators=[Length(max=20000)])
    kind = SelectField(_l("Kind"), choices=choices(kind_labels()))
    agenda_item = SelectField(_l("Agenda item"), coerce=int, default=0)
    # Typed (number or name), not a select of every member: the page stays small at any size.
    excluded_member = MemberField(_l("Member concerned (exclusion)"), validators=[Optional()])
    excluded_member_notified_on = DateField(
        _l("Member notified of the planned exclusion on"), validators=[Optional()]
    )
    excluded_member_heard_on = DateField(
        _l("Member could present its observations on"), validators=[Optional()]
    )
    proposed_by = SelectField(
        _l("Proposed by"),
        choices=choices([("board", _l("The board")), ("members", _l("Members"))]),
    )
    board_approved = BooleanField(_l("Approved by the board"), default=True)
    secret = BooleanField(_l("Secret ballot"))


class ExclusionProcedureForm(BaseForm):
    """The notice and hearing of the member an exclusion concerns (R-EXCL-1), until the vote."""

    excluded_member_notified_on = DateField(
        _l("Member notified of the planned exclusion on"), validators=[Optional()]
    )
    excluded_member_heard_on = DateField(
        _l("Member could present its observations on"), validators=[Optional()]
    )


class RecordBallotForm(BaseForm):
    """The secretary records a member's vote given in the room or on a postal form."""

    member = MemberField(_l("Member"))
    choice = SelectField(_l("Vote"), choices=choices([*choice_labels(), ("void", _l("Void"))]))
    channel = SelectField(
        _l("How"),
        choices=choices([("in_person", _l("In the room")), ("correspondence", _l("Postal form"))]),
    )
    received_at = DateTimeLocalField(
        _l("Postal form received at (Paris time)"), validators=[Optional()]
    )
    cast_by_name = StringField(
        _l("Person who voted (representative or proxy holder)"), validators=[Length(max=200)]
    )


class HandCountForm(BaseForm):
    """Per-college counts on a show of hands."""

    college = SelectField(_l("College"), coerce=int)
    votes_for = IntegerField(_l("For"), validators=[InputRequired(), NumberRange(min=0)])
    votes_against = IntegerField(_l("Against"), validators=[InputRequired(), NumberRange(min=0)])
    votes_abstain = IntegerField(
        _l("Abstained"), default=0, validators=[Optional(), NumberRange(min=0)]
    )


class CollegeHandsForm(Form):
    """One college's counts on the show-of-hands screen (empty: not counted yet)."""

    votes_for = IntegerField(_l("For"), validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    votes_against = IntegerField(
        _l("Against"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )
    votes_abstain = IntegerField(
        _l("Abstained"), validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )

    def is_blank(self) -> bool:
        return all(f.data is None for f in (self.votes_for, self.votes_against, self.votes_abstain))


class ShowOfHandsForm(BaseForm):
    """Every college's counts of one resolution, in one form (entry ``i`` is college ``i`` of
    the cooperative, in the order the page lists them)."""

    colleges = FieldList(FormField(CollegeHandsForm))


class BallotForm(BaseForm):
    """A voter's ballot: for whom (own vote or a proxy), the choice, then a confirmation."""

    resolution = HiddenField(validators=[DataRequired()])
    member = SelectField(_l("Voting on behalf of"), coerce=int, validators=[InputRequired()])
    choice = RadioField(
        _l("Your vote"), choices=choices(choice_labels()), validators=[InputRequired()]
    )
    confirmed = HiddenField(default="")


class VerifyForm(BaseForm):
    """The public receipt check: a GET form, nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(_l("Receipt code"), validators=[DataRequired(), Length(max=40)])


#: Rows of the tellers' set-up form: three are required, two more may be named.
TELLER_ROWS = 5


class TellerRow(Form):
    """One teller and their passphrase (a row of UrnSetUpForm: no CSRF token of its own)."""

    user = SelectField(_l("Teller"), coerce=int, default=0)
    passphrase = PasswordField(_l("Passphrase"), validators=[Length(max=200)])


class UrnSetUpForm(BaseForm):
    """The tellers of a secret ballot each choose their name and type a passphrase."""

    tellers = FieldList(FormField(TellerRow), min_entries=TELLER_ROWS, max_entries=TELLER_ROWS)

    def set_choices(self, users) -> None:
        options = choices([(0, "—"), *((u.id, u.display_name) for u in users)])
        for row in self.tellers:
            row.user.choices = options

    def pairs(self) -> list[tuple[int, str]]:
        """(user id, passphrase) of the rows where a teller was chosen."""
        return [(row.user.data, row.passphrase.data or "") for row in self.tellers if row.user.data]


class TellerPassphrase(Form):
    """One teller's passphrase at the count, with the teller it belongs to."""

    teller = HiddenField()
    passphrase = PasswordField(validators=[Length(max=200)])


class UrnCountForm(BaseForm):
    """Closing a secret ballot: each teller present types their passphrase."""

    passphrases = FieldList(FormField(TellerPassphrase), max_entries=20)

    def with_tellers(self, tellers) -> UrnCountForm:
        """One empty row per teller (the page's GET)."""
        for teller in tellers:
            self.passphrases.append_entry({"teller": str(teller.id)})
        return self

    def by_teller(self) -> dict[int, str]:
        """The passphrases typed, by teller id (blank ones included; the service skips them)."""
        typed = {}
        for row in self.passphrases:
            if (row.teller.data or "").isdigit():
                typed[int(row.teller.data)] = row.passphrase.data or ""
        return typed
