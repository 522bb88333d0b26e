"""Pure rules that prepare and hold an assembly: documents, venue, proxies, second call,
signatories, participation."""

from __future__ import annotations

import pytest

from scic.assemblies.minutes_rules import required_signatures
from scic.assemblies.rules import (
    MAX_DOCUMENT_BYTES,
    check_assembly_setup,
    check_document,
    check_proxy_grantor,
    check_second_call,
    combine_participation,
    split_names,
)
from tests.violations import codes

PDF = b"%PDF-1.7\n"
ZIP = b"PK\x03\x04rest"


@pytest.mark.parametrize(
    ("filename", "size", "head", "expected"),
    [
        pytest.param("comptes.pdf", 1000, PDF, [], id="pdf accepted"),
        pytest.param("RAPPORT.PDF", 1000, PDF, [], id="extension case-insensitive"),
        pytest.param("rapport.odt", 1000, ZIP, [], id="odt accepted"),
        pytest.param("budget.xlsx", 1000, ZIP, [], id="xlsx accepted"),
        pytest.param("virus.exe", 1000, b"MZ", ["document_type_not_allowed"], id="exe refused"),
        pytest.param(
            "page.html", 1000, b"<html>", ["document_type_not_allowed"], id="html refused"
        ),
        pytest.param("noextension", 1000, PDF, ["document_type_not_allowed"], id="no extension"),
        pytest.param(
            "fake.pdf",
            1000,
            b"<script>",
            ["document_content_mismatch"],
            id="pdf name, other content",
        ),
        pytest.param("empty.pdf", 0, b"", ["document_empty"], id="empty file"),
        pytest.param(
            "big.pdf", MAX_DOCUMENT_BYTES + 1, PDF, ["document_too_large"], id="too large"
        ),
        pytest.param("big.pdf", MAX_DOCUMENT_BYTES, PDF, [], id="exactly the cap"),
    ],
)
def test_check_document(filename, size, head, expected):
    assert codes(check_document(filename, size, head)) == expected


@pytest.mark.parametrize(
    ("kind", "form", "mode", "place", "link", "allowed", "expected"),
    [
        pytest.param("ordinary", "SA", "none", True, False, False, [], id="room only"),
        pytest.param(
            "ordinary",
            "SA",
            "none",
            False,
            False,
            False,
            ["assembly_place_missing"],
            id="room without place",
        ),
        pytest.param(
            "ordinary",
            "SA",
            "hybrid",
            True,
            False,
            False,
            ["assembly_video_link_missing"],
            id="R-AG-9 hybrid without link",
        ),
        pytest.param(
            "ordinary",
            "SA",
            "fully_remote",
            False,
            True,
            False,
            ["fully_remote_not_allowed"],
            id="R-AG-9 fully remote needs a clause",
        ),
        pytest.param(
            "ordinary",
            "SA",
            "fully_remote",
            False,
            True,
            True,
            [],
            id="R-AG-9 fully remote with clause",
        ),
        pytest.param(
            "written",
            "SARL",
            "none",
            False,
            False,
            False,
            [],
            id="R-AG-10 SARL written consultation",
        ),
        pytest.param(
            "written",
            "SA",
            "none",
            False,
            False,
            False,
            ["written_consultation_not_allowed"],
            id="R-AG-10 SA has none",
        ),
    ],
)
def test_check_assembly_setup(kind, form, mode, place, link, allowed, expected):
    assert (
        codes(
            check_assembly_setup(
                kind, form, mode, has_place=place, has_video_link=link, fully_remote_allowed=allowed
            )
        )
        == expected
    )


@pytest.mark.parametrize(
    ("entitled", "expected"),
    [
        pytest.param(True, [], id="R-AG-4 member gives"),
        pytest.param(False, ["proxy_grantor_not_member"], id="R-AG-4 non-member cannot give"),
    ],
)
def test_check_proxy_grantor(entitled, expected):
    assert codes(check_proxy_grantor(entitled)) == expected


@pytest.mark.parametrize(
    ("closed", "reached", "call", "expected"),
    [
        pytest.param(True, False, 1, [], id="quorum missed: second call"),
        pytest.param(True, True, 1, ["second_call_quorum_was_reached"], id="quorum reached"),
        pytest.param(False, None, 1, ["second_call_before_first_session"], id="not held yet"),
        pytest.param(True, False, 2, ["second_call_of_second_call"], id="no third call"),
    ],
)
def test_check_second_call(closed, reached, call, expected):
    assert codes(check_second_call(closed, reached, call)) == expected


@pytest.mark.parametrize(
    ("form", "expected_pairs", "expected_codes"),
    [
        pytest.param(
            "SA",
            [("chair", "Ana"), ("scrutineer", "Bo"), ("scrutineer", "Cy"), ("secretary", "Di")],
            [],
            id="R225-106 SA officers",
        ),
        pytest.param("SARL", [("manager", "Ed"), ("chair", "Ana")], [], id="R223-24 SARL"),
        pytest.param("SAS", [("chair", "Ana"), ("secretary", "Di")], [], id="SAS default"),
    ],
)
def test_required_signatures(form, expected_pairs, expected_codes):
    pairs, problems = required_signatures(
        form, chair="Ana", secretary="Di", scrutineers=("Bo", "Cy"), managers=("Ed",)
    )
    assert pairs == expected_pairs
    assert codes(problems) == expected_codes


def test_required_signatures_names_what_the_bureau_lacks():
    pairs, problems = required_signatures(
        "SA", chair="", secretary="Di", scrutineers=(), managers=()
    )
    assert pairs == [("secretary", "Di")]
    assert codes(problems) == ["signatory_missing_chair", "signatory_missing_scrutineers"]


def test_split_names():
    assert split_names(" Bo, Cy ;Di\nEd,, ") == ("Bo", "Cy", "Di", "Ed")


ENTITLED = {1, 2, 3, 4, 5, 6, 7, 8}


@pytest.mark.parametrize(
    ("modes", "proxies", "postal", "expected"),
    [
        pytest.param(
            {1: "present", 2: "deemed_present"},
            [],
            set(),
            {"present": {1}, "deemed_present": {2}},
            id="R-AG-3 remote deemed present",
        ),
        pytest.param(
            {1: "present"},
            [(3, 1), (4, None)],
            set(),
            {"present": {1}, "represented": {3, 4}},
            id="R-AG-7 named and blank proxies",
        ),
        pytest.param({}, [(3, 1)], set(), {}, id="R-AG-7 named proxy without its holder"),
        pytest.param(
            {1: "present"},
            [(1, None)],
            set(),
            {"present": {1}},
            id="present although a proxy was given",
        ),
        pytest.param(
            {1: "present"},
            [(3, 1)],
            {3, 5},
            {"present": {1}, "represented": {3}, "correspondence": {5}},
            id="R-AG-7 proxy wins over a postal form",
        ),
        pytest.param(
            {6: "correspondence", 7: "absent"},
            [],
            set(),
            {"correspondence": {6}, "absent": {7}},
            id="R-AG-8 recorded postal vote",
        ),
        pytest.param({99: "present"}, [(98, None)], {97}, {}, id="non-members ignored"),
    ],
)
def test_combine_participation(modes, proxies, postal, expected):
    seen = combine_participation(ENTITLED, modes, proxies, postal)
    for name in ("present", "deemed_present", "represented", "correspondence", "absent"):
        assert getattr(seen, name) == frozenset(expected.get(name, set())), name
    assert seen.participants <= seen.entitled
    assert seen.unrecorded == seen.entitled - seen.participants - seen.absent
