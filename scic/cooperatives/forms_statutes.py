"""Forms of the statutes pages: the admin's edit form and the superuser's creation form.

They only shape the input into a ``scic-statutes/1`` document; ``read_statutes`` and
``apply_statutes`` check it against the law (R-CAT-*, R-COL-*, R-COL-7) and list every problem.
"""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

# The statutes' vocabularies live in scic.cooperatives.labels (pages, PDFs and other packages
# read them there); re-exported for the forms and the statutes pages.
from scic.cooperatives.labels import (
    ABSTENTION_LABELS,
    CATEGORY_KIND_LABELS,
    MAJORITY_LABELS,
    METHOD_LABELS,
    QUORUM_BASE_LABELS,
    SILENT_LABELS,
)
from scic.core.forms import BaseForm, choices
from scic.core.i18n import _l


class CategoryRow(Form):
    """One category of the statutes (no CSRF token: part of the statutes form)."""

    code = StringField(_l("Code"), validators=[Length(max=32)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(CATEGORY_KIND_LABELS.items()))
    min_shares = IntegerField(_l("Minimum shares"), validators=[Optional()], default=1)
    college = StringField(_l("College code"), validators=[Length(max=32)])
    remove = BooleanField(_l("Remove"))


class CollegeRow(Form):
    """One voting college and its weight in percent, exact (e.g. 100/3)."""

    code = StringField(_l("Code"), validators=[Length(max=32)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    weight = StringField(_l("Weight (percent, e.g. 30 or 100/3)"), validators=[Length(max=32)])
    remove = BooleanField(_l("Remove"))


class StatutesForm(BaseForm):
    """The admin's edit form of the statutes."""

    version = HiddenField()
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    registered_office = StringField(_l("Registered office"), validators=[Length(max=300)])
    siren = StringField(_l("SIREN"), validators=[Length(max=9)])
    rcs = StringField(_l("RCS registration"), validators=[Length(max=120)])
    share_value = StringField(_l("Nominal value of a share (euros)"), validators=[DataRequired()])
    capital_floor = StringField(_l("Statutory capital floor (euros)"), validators=[DataRequired()])
    categories = FieldList(FormField(CategoryRow))
    colleges = FieldList(FormField(CollegeRow))
    method = SelectField(_l("Tally method"), choices=choices(METHOD_LABELS.items()))
    abstentions = SelectField(
        _l("Abstentions, blank and void votes"), choices=choices(ABSTENTION_LABELS.items())
    )
    silent_college = SelectField(
        _l("A college where nobody expressed a vote"), choices=choices(SILENT_LABELS.items())
    )
    ordinary_quorum_first = StringField(_l("Ordinary assembly: quorum on first call"))
    ordinary_quorum_second = StringField(_l("Ordinary assembly: quorum on second call"))
    ordinary_majority = SelectField(
        _l("Ordinary assembly: majority"), choices=choices(MAJORITY_LABELS.items())
    )
    extraordinary_quorum_first = StringField(_l("Extraordinary assembly: quorum on first call"))
    extraordinary_quorum_second = StringField(_l("Extraordinary assembly: quorum on second call"))
    extraordinary_majority = SelectField(
        _l("Extraordinary assembly: majority"), choices=choices(MAJORITY_LABELS.items())
    )
    quorum_base = SelectField(_l("Quorum measured on"), choices=choices(QUORUM_BASE_LABELS.items()))
    convocation_first = IntegerField(
        _l("Convocation delay, first call (days)"), validators=[InputRequired(), NumberRange(min=0)]
    )
    convocation_second = IntegerField(
        _l("Convocation delay, second call (days)"),
        validators=[InputRequired(), NumberRange(min=0)],
    )
    proxies_max = IntegerField(
        _l("Maximum proxies per holder (empty: no limit)"),
        validators=[Optional(), NumberRange(min=1)],
    )
    proxies_same_college = BooleanField(_l("A proxy holder must be in the grantor's college"))
    correspondence_deadline_days = IntegerField(
        _l("Postal votes received at the latest (days before)"),
        validators=[Optional(), NumberRange(min=0)],
    )
    fully_remote_allowed = BooleanField(_l("Fully remote assemblies allowed"))
    representatives_act_until_replaced = BooleanField(
        _l("A local authority's outgoing representative acts until replaced (SEM rule)")
    )
    written_consultation_allowed = BooleanField(
        _l("Written consultations allowed (SARL and SAS only)")
    )
    reimbursement_delay_years = IntegerField(
        _l("Reimbursement delay (years)"), validators=[Optional(), NumberRange(min=0)]
    )
    revision_cycle_years = IntegerField(
        _l("Révision coopérative cycle (years)"), validators=[Optional()]
    )
    decision_ref = StringField(
        _l("Extraordinary assembly resolution (needed to change colleges or weights)"),
        validators=[Length(max=300)],
    )
    effective_on = DateField(_l("Weights take effect on"), validators=[Optional()])
    #: Empty: record the statutes now (a decision already taken); an assembly's id: propose
    #: them to that assembly's extraordinary resolution, applied once adopted.
    amend_at = SelectField(_l("How the change is decided"), choices=[], validate_choice=False)

    def fill(
        self, document: dict[str, Any], *, blank_categories: int = 2, blank_colleges: int = 1
    ) -> None:
        """Prefill from a ``scic-statutes/1`` document, with blank rows to add entries."""
        assemblies = document["assemblies"]
        self.name.data = document["name"]
        self.registered_office.data = document.get("registered_office") or ""
        self.siren.data = document.get("siren") or ""
        self.rcs.data = document.get("rcs") or ""
        self.share_value.data = document["share_value"]
        self.capital_floor.data = document["capital_floor"]
        for category in document["categories"]:
            self.categories.append_entry({**category, "college": category.get("college", "")})
        for _ in range(blank_categories):
            self.categories.append_entry({"min_shares": 1})
        for college in document["colleges"]:
            self.colleges.append_entry(college)
        for _ in range(blank_colleges):
            self.colleges.append_entry({})
        voting = document["voting"]
        self.method.data = voting["method"]
        self.abstentions.data = voting["abstentions"]
        self.silent_college.data = voting["silent_college"]
        for kind in ("ordinary", "extraordinary"):
            getattr(self, f"{kind}_quorum_first").data = assemblies[kind]["quorum_first"]
            getattr(self, f"{kind}_quorum_second").data = assemblies[kind]["quorum_second"]
            getattr(self, f"{kind}_majority").data = assemblies[kind]["majority"]
        self.quorum_base.data = assemblies["quorum_base"]
        self.convocation_first.data = assemblies["convocation_days"]["first"]
        self.convocation_second.data = assemblies["convocation_days"]["second"]
        self.proxies_max.data = assemblies["proxies"]["max_per_holder"]
        self.proxies_same_college.data = assemblies["proxies"]["holder_same_college"]
        self.correspondence_deadline_days.data = assemblies["correspondence_deadline_days"]
        self.fully_remote_allowed.data = assemblies["fully_remote_allowed"]
        self.representatives_act_until_replaced.data = assemblies[
            "representatives_act_until_replaced"
        ]
        self.written_consultation_allowed.data = assemblies["written_consultation_allowed"]
        self.reimbursement_delay_years.data = document["reimbursement_delay_years"]
        self.revision_cycle_years.data = document["revision_cycle_years"]

    def document(self, base: dict[str, Any]) -> dict[str, Any]:
        """The ``scic-statutes/1`` document the form describes (``base`` gives the rest)."""
        document = dict(base)
        document.update(
            name=self.name.data.strip(),
            registered_office=(self.registered_office.data or "").strip() or None,
            siren=(self.siren.data or "").strip() or None,
            rcs=(self.rcs.data or "").strip() or None,
            share_value=(self.share_value.data or "").strip(),
            capital_floor=(self.capital_floor.data or "").strip(),
        )
        categories = []
        for row in self.categories:
            if row.remove.data or not (row.code.data or "").strip():
                continue
            item = {
                "code": row.code.data.strip(),
                "name": (row.form.name.data or "").strip(),
                "kind": row.kind.data,
                "min_shares": row.min_shares.data if row.min_shares.data is not None else 1,
            }
            if (row.college.data or "").strip():
                item["college"] = row.college.data.strip()
            categories.append(item)
        document["categories"] = categories
        document["colleges"] = [
            {
                "code": row.code.data.strip(),
                "name": (row.form.name.data or "").strip(),
                "weight": (row.weight.data or "").strip(),
            }
            for row in self.colleges
            if not row.remove.data and (row.code.data or "").strip()
        ]
        document["voting"] = {
            "method": self.method.data,
            "abstentions": self.abstentions.data,
            "silent_college": self.silent_college.data,
        }
        document["assemblies"] = {
            "ordinary": {
                "quorum_first": (self.ordinary_quorum_first.data or "").strip(),
                "quorum_second": (self.ordinary_quorum_second.data or "").strip(),
                "majority": self.ordinary_majority.data,
            },
            "extraordinary": {
                "quorum_first": (self.extraordinary_quorum_first.data or "").strip(),
                "quorum_second": (self.extraordinary_quorum_second.data or "").strip(),
                "majority": self.extraordinary_majority.data,
            },
            "quorum_base": self.quorum_base.data,
            "convocation_days": {
                "first": self.convocation_first.data,
                "second": self.convocation_second.data,
            },
            "proxies": {
                "max_per_holder": self.proxies_max.data,
                "holder_same_college": bool(self.proxies_same_college.data),
            },
            "correspondence_deadline_days": self.correspondence_deadline_days.data or 0,
            "fully_remote_allowed": bool(self.fully_remote_allowed.data),
            "representatives_act_until_replaced": bool(
                self.representatives_act_until_replaced.data
            ),
            "written_consultation_allowed": bool(self.written_consultation_allowed.data),
        }
        if self.reimbursement_delay_years.data is not None:
            document["reimbursement_delay_years"] = self.reimbursement_delay_years.data
        if self.revision_cycle_years.data is not None:
            document["revision_cycle_years"] = self.revision_cycle_years.data
        return document


class NewCooperativeForm(BaseForm):
    """A superuser creates a cooperative from a ``scic-statutes/1`` document."""

    file = FileField(_l("Statutes file (scic-statutes/1 JSON)"))
    document = TextAreaField(_l("Or paste the JSON document"))
