"""Who receives a member's e-mail convocation (§8 #30, §6.3 step 4): table tests."""

from datetime import date

import pytest

from scic.membership.convocation_rules import Contact, RecipientKind, email_recipients

ON = date(2026, 3, 1)
R, C, M = RecipientKind.REPRESENTATIVE, RecipientKind.COPY, RecipientKind.MEMBER
PERSON = Contact("Dupont Alex", "alex@example.org", date(2025, 1, 1))
PERSON_NO_CONSENT = Contact("Martin Léa", "lea@example.org", None)
TOWN = Contact("Commune de Lanouaille", "mairie@example.org", None)
TOWN_CONSENTED = Contact("Commune de Lanouaille", "mairie@example.org", date(2025, 1, 1))
MAIN = Contact("Jeanne Maire", "jeanne@example.org", date(2025, 1, 1), 1, "main")
ALTERNATE = Contact("Paul Adjoint", "paul@example.org", date(2025, 1, 1), 2, "alternate")
MAIN_NO_CONSENT = Contact("Jeanne Maire", "jeanne@example.org", None, 1, "main")
MAIN_NO_ADDRESS = Contact("Jeanne Maire", "", date(2025, 1, 1), 1, "main")
MAIN_CONSENTS_LATER = Contact("Jeanne Maire", "jeanne@example.org", date(2026, 3, 2), 1, "main")
ALTERNATE_SAME_ADDRESS = Contact("Paul", "JEANNE@example.org", date(2025, 1, 1), 2, "alternate")


@pytest.mark.parametrize(
    ("member", "representatives", "legal", "expected"),
    [
        pytest.param(PERSON, (), False, [("alex@example.org", M)], id="§8 #30 person consented"),
        pytest.param(PERSON_NO_CONSENT, (), False, [], id="§8 #30 person without consent: letter"),
        pytest.param(
            TOWN,
            (MAIN, ALTERNATE),
            True,
            [("jeanne@example.org", R), ("paul@example.org", R), ("mairie@example.org", C)],
            id="§6.3 main and alternate with the link, the authority a copy",
        ),
        pytest.param(
            TOWN,
            (MAIN_NO_CONSENT, ALTERNATE),
            True,
            [("paul@example.org", R), ("mairie@example.org", C)],
            id="§8 #30 a representative without consent gets nothing",
        ),
        pytest.param(
            TOWN,
            (MAIN_CONSENTS_LATER,),
            True,
            [],
            id="§8 #30 consent dated the day after the sending: letter",
        ),
        pytest.param(
            TOWN_CONSENTED,
            (MAIN_NO_ADDRESS,),
            True,
            [("mairie@example.org", M)],
            id="§8 #30 no representative reachable: the authority forwards the link",
        ),
        pytest.param(TOWN, (), True, [], id="§8 #30 nobody reachable: letter"),
        pytest.param(
            Contact("Commune", "", None),
            (MAIN,),
            True,
            [("jeanne@example.org", R)],
            id="§6.3 no address of the authority: no copy",
        ),
        pytest.param(
            TOWN,
            (MAIN, ALTERNATE_SAME_ADDRESS),
            True,
            [("jeanne@example.org", R), ("mairie@example.org", C)],
            id="§8 #30 one address receives one e-mail",
        ),
    ],
)
def test_email_recipients(member, representatives, legal, expected):
    found = email_recipients(member, representatives, ON, legal_person=legal)
    assert [(r.contact.email, r.kind) for r in found] == expected
    assert all(r.with_link is (r.kind is not C) for r in found)
