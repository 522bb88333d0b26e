"""Forms of the assemblies pages: field shapes only (the law lives in rules.py)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from scic.assemblies.labels import CHANNEL_LABELS
from scic.core.forms import BaseForm, QueryForm, choices
from scic.core.i18n import _l
from scic.membership.forms import MemberField

ASSEMBLY_TYPES = [
    ("ordinary", _l("Ordinary general assembly")),
    ("extraordinary", _l("Extraordinary general assembly")),
    ("combined", _l("Combined general assembly")),
    ("ordinary_reinforced", _l("Ordinary assembly held extraordinarily")),
    ("written", _l("Written consultation")),
]
REMOTE_MODES = [
    ("none", _l("In the room only")),
    ("hybrid", _l("In the room and remotely")),
    ("fully_remote", _l("Fully remote")),
]
DOCUMENT_KINDS = [
    ("accounts", _l("Annual accounts")),
    ("management_report", _l("Management report")),
    ("revision_report", _l("Cooperative review report")),
    ("auditor_report", _l("Statutory auditor's report")),
    ("draft_resolutions", _l("Draft resolutions")),
    ("form", _l("Proxy or postal voting form")),
    ("other", _l("Other document")),
]
PAPER_CHANNELS = [(key, CHANNEL_LABELS[key]) for key in ("letter", "registered_letter")]
PRESENCE_MODES = [
    ("present", _l("Present")),
    ("deemed_present", _l("Present remotely")),
    ("represented", _l("Represented")),
    ("correspondence", _l("Voted by correspondence")),
    ("absent", _l("Absent")),
]
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class AssemblyForm(BaseForm):
    type = SelectField(_l("Kind of assembly"), choices=choices(ASSEMBLY_TYPES))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_at = DateTimeLocalField(
        _l("Date and time (Paris time)"), format=DATETIME_FORMAT, validators=[DataRequired()]
    )
    place = StringField(_l("Place"), validators=[Length(max=300)])
    video_link = StringField(
        _l("Video link"), validators=[Optional(), Length(max=500), URL(require_tld=False)]
    )
    remote_mode = SelectField(_l("Remote attendance"), choices=choices(REMOTE_MODES))
    approves_accounts_of = IntegerField(
        _l("Approves the accounts of the financial year"),
        validators=[Optional(), NumberRange(1900, 2999)],
    )
    version = HiddenField()


class AgendaItemForm(BaseForm):
    title = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Details"), validators=[Length(max=5000)])


class DocumentForm(BaseForm):
    kind = SelectField(_l("Kind of document"), choices=choices(DOCUMENT_KINDS))
    title = StringField(_l("Title"), validators=[Length(max=300)])
    file = FileField(_l("File (PDF, ODT, ODS, DOCX, XLSX)"), validators=[FileRequired()])


class SecondCallForm(BaseForm):
    starts_at = DateTimeLocalField(
        _l("Date and time of the second call (Paris time)"),
        format=DATETIME_FORMAT,
        validators=[DataRequired()],
    )


class ConfirmForm(BaseForm):
    """A button that changes state: only the CSRF token."""


class ConvocationPagesForm(QueryForm):
    """The convocation page's two lists, each paged: who was convened (``page``) and the
    members to convene by letter (``paper_page``)."""

    paper_page = IntegerField(validators=[Optional(), NumberRange(min=1)])


class PaperConvocationForm(BaseForm):
    member_id = IntegerField(_l("Member"), validators=[DataRequired()])
    channel = SelectField(_l("Sent by"), choices=choices(PAPER_CHANNELS))
    sent_on = DateField(_l("Sent on"), validators=[DataRequired()])
    registered_number = StringField(_l("Registered-letter number"), validators=[Length(max=64)])


class LettersForm(BaseForm):
    """Every letter not yet recorded, posted on one day (§6.6 step 4), with the registered-letter
    numbers pasted in the list's order or as ``member;number`` lines."""

    channel = SelectField(_l("Sent by"), choices=choices(PAPER_CHANNELS), default="letter")
    sent_on = DateField(_l("Posted on"), validators=[DataRequired()])
    numbers = TextAreaField(
        _l("Registered-letter numbers (optional), one per line"),
        validators=[Length(max=100_000)],
    )


class ProxyForm(BaseForm):
    """A proxy the secretary records: both members typed (number or name), never a select of
    every voter (the page stays small at any membership); a blank proxy names no holder."""

    grantor_id = MemberField(_l("Member giving the proxy"))
    holder_id = MemberField(_l("Proxy holder"), validators=[Optional()])
    blank = BooleanField(_l("Blank proxy to the chair"))
    signed_on = DateField(_l("Signed on"), validators=[DataRequired()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.blank.data == (self.holder_id.data is not None):
            self.holder_id.errors.append(
                _l("Name a proxy holder, or tick “Blank proxy to the chair”: one of the two.")
            )
            return False
        return valid


class MemberProxyForm(ProxyForm):
    """A member gives its own proxy: the grantor is one of the members the user acts for."""

    grantor_id = SelectField(_l("Member giving the proxy"), coerce=int)


class BureauForm(BaseForm):
    chair_name = StringField(_l("Chair"), validators=[Length(max=200)])
    secretary_name = StringField(_l("Secretary"), validators=[Length(max=200)])
    scrutineers = StringField(_l("Scrutineers (separated by commas)"), validators=[Length(max=400)])
    managers = StringField(
        _l("Managers signing the minutes (separated by commas)"), validators=[Length(max=400)]
    )


class AttendanceForm(BaseForm):
    """The check-in checklist: the ticked members (one or many) recorded in one mode."""

    member_id = SelectMultipleField(
        _l("Members"),
        coerce=int,
        validate_choice=False,  # any id: the service refuses a member who may not take part
        validators=[DataRequired(message=_l("Tick at least one member."))],
    )
    mode = SelectField(_l("Record the ticked members as"), choices=choices(PRESENCE_MODES))
    signed_by = StringField(_l("Signed by (representative)"), validators=[Length(max=200)])


#: Which members the checklist shows.
CHECKLIST_SHOW = [
    ("all", _l("Every member")),
    ("waiting", _l("Not recorded yet")),
]


class AttendanceFilterForm(BaseForm):
    """The checklist's filters, in the query string (GET: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or number"), validators=[Length(max=100)])
    college = SelectField(_l("College"), coerce=int, validators=[Optional()])
    show = SelectField(_l("Show"), choices=choices(CHECKLIST_SHOW), validators=[Optional()])
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1)])


#: Why a line of the attendance sheet is corrected (attendance_rules.CorrectionReason).
CORRECTION_REASONS = [
    ("error", _l("Recorded by mistake")),
    ("departure", _l("Left the session")),
    ("return", _l("Came back")),
]


class AttendanceCorrectionForm(BaseForm):
    """A correcting entry of a member's line: the mode from now on, and why."""

    mode = SelectField(_l("From now on"), choices=choices(PRESENCE_MODES))
    reason = SelectField(_l("Reason"), choices=choices(CORRECTION_REASONS))


class CheckInForm(BaseForm):
    """The door's confirm step after scanning a convocation's QR code."""

    signed_by = StringField(_l("Signed by (representative)"), validators=[Length(max=200)])


class IncidentForm(BaseForm):
    description = TextAreaField(_l("Incident"), validators=[DataRequired(), Length(max=5000)])
    occurred_at = DateTimeLocalField(
        _l("When (Paris time; now if empty)"), format=DATETIME_FORMAT, validators=[Optional()]
    )


class SummaryForm(BaseForm):
    debates_summary = TextAreaField(_l("Summary of the debates"), validators=[Length(max=100_000)])
    version = HiddenField()


class SignForm(BaseForm):
    signatory = SelectField(_l("Signatory"), validate_choice=False)


class WetInkForm(BaseForm):
    """The secretary records a signature given in ink on the printed minutes, with its scan."""

    signatory = SelectField(_l("Signatory"), validate_choice=False)
    scan = FileField(_l("Scan of the signed page (PDF, PNG or JPEG)"), validators=[FileRequired()])


class AddendumForm(BaseForm):
    text = TextAreaField(_l("Addendum"), validators=[DataRequired(), Length(max=20_000)])


class AccountsAssemblyForm(BaseForm):
    """The annual accounts assembly: when and where (its agenda and resolutions are standard)."""

    year = HiddenField()
    starts_at = DateTimeLocalField(
        _l("Date and time (Paris time)"), format=DATETIME_FORMAT, validators=[DataRequired()]
    )
    place = StringField(_l("Place"), validators=[Length(max=300)])
    video_link = StringField(
        _l("Video link"), validators=[Optional(), Length(max=500), URL(require_tld=False)]
    )
    remote_mode = SelectField(_l("Remote attendance"), choices=choices(REMOTE_MODES))


class ElectionForm(BaseForm):
    """The election of the governing body (R-AG-2): seats, term, candidates, secret ballot."""

    seats = IntegerField(_l("Seats to fill"), validators=[DataRequired(), NumberRange(1, 100)])
    term_years = IntegerField(
        _l("Term (years, six at most)"), validators=[DataRequired(), NumberRange(1, 99)], default=6
    )
    candidates = TextAreaField(
        _l("Candidates, one per line"), validators=[DataRequired(), Length(max=5000)]
    )
    secret = BooleanField(_l("Secret ballot (when the statutes or the assembly require it)"))
