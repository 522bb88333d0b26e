"""Pure tests of the assembly rules (DOMAIN §4.8, §4.10, §5, §6.6–§6.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from scic.assemblies.minutes_rules import minutes_signatories
from scic.assemblies.rules import (
    QUORUM_MODES,
    AssemblyType,
    PresenceMode,
    Quorum,
    ResolutionKind,
    accounts_assembly_deadline,
    blank_proxy_choice,
    can_vote_in_session,
    check_attendance,
    check_convocation_send,
    check_proxy,
    check_proxy_revocation,
    check_resolution_on_agenda,
    compute_quorum,
    convocation_delay_days,
    correspondence_deadline,
    is_correspondence_on_time,
    latest_send_date,
    quorum_required,
    resolution_majority,
    written_consultation_deadline,
)
from tests.violations import codes

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class KindRules:
    """Stand-in with the shape of the statutes' ``AssemblyKindRules``."""

    quorum_first: Fraction
    quorum_second: Fraction
    majority: str


@dataclass(frozen=True)
class Settings:
    ordinary: KindRules
    extraordinary: KindRules


SA = Settings(
    KindRules(Fraction(1, 5), Fraction(0), "simple"),
    KindRules(Fraction(1, 4), Fraction(1, 5), "two_thirds"),
)
SARL = Settings(
    KindRules(Fraction(0), Fraction(0), "sarl_two_step"),
    KindRules(Fraction(1, 4), Fraction(1, 5), "two_thirds"),
)


# --- convocation (§5, §6.6) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "call", "statutes", "days"),
    [
        pytest.param("SA", 1, None, 15, id="SA first call 15 days"),
        pytest.param("SA", 2, None, 10, id="SA second call 10 days"),
        pytest.param("SA", 1, 21, 21, id="SA statutes may lengthen"),
        pytest.param("SA", 1, 8, 15, id="SA statutes may not shorten"),
        pytest.param("SARL", 1, None, 15, id="SARL 15 days"),
        pytest.param("SARL", 2, None, 15, id="SARL 15 days on second call"),
        pytest.param("SAS", 1, None, 15, id="SAS default 15 days"),
        pytest.param("SAS", 1, 8, 8, id="SAS statutes decide"),
    ],
)
def test_convocation_delay_days(form, call, statutes, days):
    assert convocation_delay_days(form, call, statutes) == days


def test_latest_send_date_keeps_a_margin():
    assert latest_send_date(date(2025, 6, 20), 15) == date(2025, 6, 4)
    assert latest_send_date(date(2025, 6, 20), 15, margin_days=0) == date(2025, 6, 5)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2025, 6, 4), [], id="last day accepted"),
        pytest.param(date(2025, 6, 5), ["convocation_too_late"], id="one day late refused"),
    ],
)
def test_check_convocation_send(today, expected):
    violations = check_convocation_send(today, date(2025, 6, 20), legal_form="SA")
    assert codes(violations) == expected
    if violations:
        assert violations[0].params["last_day"] == date(2025, 6, 4)
        assert violations[0].params["delay_days"] == 15
        assert violations[0].rule == "R225-69"


def test_second_call_convocation_uses_ten_days():
    assert (
        check_convocation_send(date(2025, 6, 9), date(2025, 6, 20), legal_form="SA", call_number=2)
        == []
    )


def test_written_consultation_leaves_at_least_15_days():
    assert written_consultation_deadline(date(2025, 3, 1)) == date(2025, 3, 16)
    assert written_consultation_deadline(date(2025, 3, 1), days=10) == date(2025, 3, 16)
    assert written_consultation_deadline(date(2025, 3, 1), days=20) == date(2025, 3, 21)


# --- quorum (§5, §6.7) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "call", "settings", "required"),
    [
        pytest.param(AssemblyType.ORDINARY, 1, SA, Fraction(1, 5), id="SA AGO first call 1/5"),
        pytest.param(AssemblyType.ORDINARY, 2, SA, Fraction(0), id="SA AGO second call none"),
        pytest.param("extraordinary", 1, SA, Fraction(1, 4), id="SA AGE first call 1/4"),
        pytest.param("extraordinary", 2, SA, Fraction(1, 5), id="SA AGE second call 1/5"),
        pytest.param(AssemblyType.ORDINARY, 1, SARL, Fraction(0), id="SARL AGO none"),
        pytest.param(
            AssemblyType.ORDINARY_REINFORCED, 1, SA, Fraction(1, 4), id="reinforced AGO uses AGE"
        ),
        pytest.param(AssemblyType.COMBINED, 1, SA, Fraction(1, 4), id="combined the stricter"),
        pytest.param(AssemblyType.WRITTEN, 1, SARL, Fraction(0), id="written none"),
    ],
)
def test_quorum_required(kind, call, settings, required):
    assert quorum_required(kind, call, settings) == required


@pytest.mark.parametrize(
    ("participants", "required", "expected"),
    [
        pytest.param(88, Fraction(1, 5), Quorum(40, 88, 200, True), id="6.7 AGO 88/200 needs 40"),
        pytest.param(88, Fraction(1, 4), Quorum(50, 88, 200, True), id="6.7 AGE 88/200 needs 50"),
        pytest.param(49, Fraction(1, 4), Quorum(50, 49, 200, False), id="AGE 49/200 fails"),
        pytest.param(0, Fraction(0), Quorum(0, 0, 200, True), id="no quorum required"),
    ],
)
def test_compute_quorum(participants, required, expected):
    assert compute_quorum(participants, 200, required) == expected


def test_quorum_required_count_rounds_up():
    assert compute_quorum(20, 101, Fraction(1, 5)) == Quorum(21, 20, 101, False)


def test_quorum_rejects_more_participants_than_entitled():
    with pytest.raises(ValueError, match="participants"):
        compute_quorum(201, 200, Fraction(1, 5))


def test_absent_members_do_not_count_for_quorum():
    assert PresenceMode.ABSENT not in QUORUM_MODES
    assert set(PresenceMode) - QUORUM_MODES == {PresenceMode.ABSENT}


# --- proxies (R-AG-4, R-AG-7) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("holder", "overrides", "expected"),
    [
        pytest.param(2, {}, [], id="R-AG-7 named proxy to a member"),
        pytest.param(1, {}, ["proxy_to_self"], id="R-AG-7 to self"),
        pytest.param(2, {"holder_is_member": False}, ["proxy_holder_not_member"], id="non-member"),
        pytest.param(
            2,
            {"holder_is_member": False, "holder_is_partner": True},
            [],
            id="R-AG-7 SA spouse or civil partner",
        ),
        pytest.param(
            2,
            {"max_per_holder": 3, "holder_current_count": 3},
            ["proxy_holder_limit"],
            id="R-AG-7 beyond the cap per holder",
        ),
        pytest.param(
            2, {"max_per_holder": 3, "holder_current_count": 2}, [], id="R-AG-7 up to the cap"
        ),
        pytest.param(2, {"grantor_already_gave": True}, ["proxy_already_given"], id="twice"),
        pytest.param(2, {"session_open": True}, ["proxy_after_opening"], id="after opening"),
        pytest.param(
            2,
            {"same_college_required": True, "holder_same_college": False},
            ["proxy_holder_other_college"],
            id="statutes require the same college",
        ),
        pytest.param(
            2,
            {"same_college_required": False, "holder_same_college": False},
            [],
            id="other college allowed by default",
        ),
        pytest.param(
            None,
            {"holder_is_member": False, "max_per_holder": 0, "holder_current_count": 99},
            [],
            id="R-AG-7 blank proxy to the chair always allowed",
        ),
    ],
)
def test_check_proxy(holder, overrides, expected):
    assert codes(check_proxy(1, holder, **overrides)) == expected


def test_proxy_revocation_only_before_opening():
    assert check_proxy_revocation(False) == []
    assert codes(check_proxy_revocation(True)) == ["proxy_revocation_after_opening"]


@pytest.mark.parametrize(
    ("approved", "choice"),
    [
        pytest.param(True, "for", id="R-AG-7 blank proxy for board resolutions"),
        pytest.param(False, "against", id="R-AG-7 blank proxy against the others"),
    ],
)
def test_blank_proxy_choice(approved, choice):
    assert blank_proxy_choice(approved) == choice


# --- postal votes (R-AG-8) --------------------------------------------------------------------

AG_START = datetime(2025, 6, 20, 18, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("received", "days", "electronic", "on_time"),
    [
        pytest.param(
            datetime(2025, 6, 19, 23, 59, tzinfo=PARIS),
            1,
            False,
            True,
            id="R-AG-8 paper the day before",
        ),
        pytest.param(
            datetime(2025, 6, 20, 0, 0, tzinfo=PARIS),
            1,
            False,
            False,
            id="R-AG-8 paper on the day is late",
        ),
        pytest.param(
            datetime(2025, 6, 17, 12, 0, tzinfo=PARIS),
            3,
            False,
            True,
            id="R-AG-8 three days before",
        ),
        pytest.param(
            datetime(2025, 6, 18, 0, 0, tzinfo=PARIS),
            3,
            False,
            False,
            id="R-AG-8 after the three-day deadline",
        ),
        pytest.param(
            datetime(2025, 6, 18, 12, 0, tzinfo=PARIS),
            5,
            False,
            False,
            id="R-AG-8 statutes capped at three days",
        ),
        pytest.param(
            datetime(2025, 6, 17, 22, 0, tzinfo=PARIS),
            5,
            False,
            True,
            id="R-AG-8 capped deadline still accepts day minus three",
        ),
        pytest.param(
            datetime(2025, 6, 19, 14, 59, tzinfo=PARIS),
            1,
            True,
            True,
            id="R-AG-8 e-form before 15:00 the day before",
        ),
        pytest.param(
            datetime(2025, 6, 19, 15, 0, tzinfo=PARIS),
            1,
            True,
            False,
            id="R-AG-8 e-form at 15:00 is late",
        ),
        pytest.param(
            datetime(2025, 6, 19, 12, 30, tzinfo=UTC),
            1,
            True,
            True,
            id="R-AG-8 e-form in UTC, 14:30 Paris",
        ),
        pytest.param(
            datetime(2025, 6, 19, 13, 30, tzinfo=UTC),
            1,
            True,
            False,
            id="R-AG-8 e-form in UTC, 15:30 Paris",
        ),
    ],
)
def test_correspondence_deadline(received, days, electronic, on_time):
    assert is_correspondence_on_time(received, AG_START, days, electronic=electronic) is on_time


def test_correspondence_deadline_is_in_paris_time():
    start_utc = datetime(2025, 6, 20, 16, 0, tzinfo=UTC)
    assert correspondence_deadline(start_utc, electronic=True) == datetime(
        2025, 6, 19, 15, 0, tzinfo=PARIS
    )


def test_correspondence_deadline_needs_an_aware_datetime():
    with pytest.raises(ValueError, match="timezone-aware"):
        correspondence_deadline(datetime(2025, 6, 20, 18, 0))  # noqa: DTZ001 - naive on purpose


# --- year-end dates (R-AG-1, R-REV-1) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("year_end", "deadline"),
    [
        pytest.param(date(2024, 12, 31), date(2025, 6, 30), id="R-AG-1 31 Dec to 30 Jun"),
        pytest.param(date(2024, 6, 30), date(2024, 12, 31), id="R-AG-1 30 Jun to 31 Dec"),
        pytest.param(date(2024, 8, 31), date(2025, 2, 28), id="R-AG-1 31 Aug to 28 Feb"),
        pytest.param(date(2024, 3, 15), date(2024, 9, 15), id="R-AG-1 mid-month"),
    ],
)
def test_accounts_assembly_deadline(year_end, deadline):
    assert accounts_assembly_deadline(year_end) == deadline


# --- minutes, attendance, votes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "signatories"),
    [
        pytest.param("SA", ("chair", "scrutineers", "secretary"), id="SA officers R225-106"),
        pytest.param("SARL", ("managers", "chair"), id="SARL managers and chair R223-24"),
        pytest.param("SAS", ("chair", "secretary"), id="SAS default"),
    ],
)
def test_minutes_signatories(form, signatories):
    assert minutes_signatories(form) == signatories


@pytest.mark.parametrize(
    ("recorded", "closed", "expected"),
    [
        pytest.param(False, False, [], id="first line"),
        pytest.param(True, False, ["attendance_already_recorded"], id="twice"),
        pytest.param(False, True, ["attendance_after_close"], id="after closing"),
    ],
)
def test_check_attendance(recorded, closed, expected):
    assert codes(check_attendance(recorded, closed)) == expected


@pytest.mark.parametrize(
    ("by_post", "proxy", "allow", "can"),
    [
        pytest.param(False, False, False, True, id="R-AG-7 free to vote"),
        pytest.param(True, False, False, False, id="R-AG-8 already voted by post"),
        pytest.param(False, True, False, False, id="R-AG-7 gave a proxy"),
        pytest.param(True, True, True, True, id="statutes allow"),
    ],
)
def test_can_vote_in_session(by_post, proxy, allow, can):
    assert can_vote_in_session(by_post, proxy, allow) is can


@pytest.mark.parametrize(
    ("kind", "majority"),
    [
        pytest.param(ResolutionKind.ORDINARY, "simple", id="ordinary majority"),
        pytest.param("extraordinary", "two_thirds", id="extraordinary majority"),
        pytest.param("exclusion", "two_thirds", id="R-EXCL-1 exclusion at the AGE majority"),
        pytest.param("college_weights", "two_thirds", id="R-COL-7 weights at the AGE majority"),
    ],
)
def test_resolution_majority(kind, majority):
    assert resolution_majority(kind, SA) == majority


def test_unknown_resolution_kind_is_an_error():
    with pytest.raises(ValueError, match="bogus"):
        resolution_majority("bogus", SA)


@pytest.mark.parametrize(
    ("has_item", "kind", "expected"),
    [
        pytest.param(True, "ordinary", [], id="R-AG-5 on the agenda"),
        pytest.param(False, "ordinary", ["resolution_not_on_agenda"], id="R-AG-5 off agenda"),
        pytest.param(False, "dismiss_director", [], id="R-AG-5 dismissing a director"),
        pytest.param(False, "replace_director", [], id="R-AG-5 replacing a director"),
    ],
)
def test_check_resolution_on_agenda(has_item, kind, expected):
    assert codes(check_resolution_on_agenda(has_item, kind)) == expected


@pytest.mark.parametrize(
    ("signer", "signatory", "codes_"),
    [
        pytest.param("Ana Martin", "Ana Martin", [], id="§6.9 the signatory herself"),
        pytest.param(" ana  MARTIN", "Ana Martin", [], id="§6.9 case and spacing aside"),
        pytest.param(
            "Paul Secrétaire",
            "Ana Martin",
            ["minutes_sign_for_yourself"],
            id="§6.9 the secretary signing for the chair",
        ),
    ],
)
def test_each_signatory_signs_for_themselves(signer, signatory, codes_):
    from scic.assemblies.minutes_rules import check_own_signature

    assert [v.code for v in check_own_signature(signer, signatory)] == codes_


@pytest.mark.parametrize(
    ("filename", "head", "size", "codes_"),
    [
        pytest.param("scan.pdf", b"%PDF-1.7", 2000, [], id="a PDF scan"),
        pytest.param("SCAN.JPG", b"\xff\xd8\xff\xe0", 2000, [], id="a JPEG photo"),
        pytest.param("scan.png", b"\x89PNG\r\n", 10 * 1024 * 1024, [], id="exactly 10 MB"),
        pytest.param(
            "scan.png",
            b"\x89PNG\r\n",
            10 * 1024 * 1024 + 1,
            ["signature_scan_too_large"],
            id="one byte over 10 MB",
        ),
        pytest.param("scan.docx", b"PK\x03\x04", 2000, ["signature_scan_type"], id="a DOCX"),
        pytest.param("scan.pdf", b"GIF89a", 2000, ["signature_scan_content"], id="not a PDF"),
        pytest.param("scan.pdf", b"", 0, ["signature_scan_content"], id="empty"),
    ],
)
def test_a_wet_ink_scan_is_a_pdf_or_an_image(filename, head, size, codes_):
    from scic.assemblies.minutes_rules import check_signature_scan

    assert [v.code for v in check_signature_scan(filename, head, size)] == codes_
