"""Written consultation from sending to result (R-AG-10), through the workflow."""

from datetime import UTC, date, datetime

import pytest

from scic.assemblies import services as assembly_services
from scic.core.violations import RuleViolation
from scic.voting import services as voting
from scic.workflows.consultation import answered_member_ids, close_consultation, deadline_of
from tests.fixtures.assemblies import NOW, TODAY
from tests.fixtures.voting import TELLER_PASSPHRASES, seal_urn
from tests.violations import codes

ANSWER = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def consultation(make_cooperative, make_voter, make_assembly):
    def factory(legal_form="SARL", allowed=True, voters=4):
        coop = make_cooperative(
            legal_form=legal_form, assemblies={"written_consultation_allowed": allowed}
        )
        members = [make_voter(coop) for _ in range(voters)]
        assembly = make_assembly(coop, type="written")
        resolution = voting.create_resolution(
            assembly, title="Approbation des comptes", agenda_item=assembly.agenda_items[0]
        )
        assembly_services.send_convocation(assembly, TODAY, now=NOW)
        return assembly, resolution, members

    return factory


def answer(resolution, member, choice="for"):
    voting.cast_ballot(
        resolution,
        member,
        choice,
        now=ANSWER,
        secretary=True,
        channel="correspondence",
        received_at=ANSWER,
    )


def test_the_result_after_the_delay_counts_the_answers_and_closes(consultation):
    assembly, resolution, members = consultation()
    assert deadline_of(assembly) == date(2026, 3, 16)  # sent 1 March, 15 days
    for member in members[:3]:
        answer(resolution, member)
    assert answered_member_ids(assembly) == {m.id for m in members[:3]}
    with pytest.raises(RuleViolation) as exc:
        close_consultation(assembly, today=date(2026, 3, 16), now=NOW)
    assert codes(exc) == ["consultation_still_running"]
    assert assembly.status == "convened"
    (outcome,) = close_consultation(assembly, today=date(2026, 3, 17), now=NOW)
    assert outcome.adopted
    assert (resolution.status, assembly.status) == ("closed", "closed")


def test_once_everyone_answered_the_result_need_not_wait(consultation):
    assembly, resolution, members = consultation(voters=2)
    answer(resolution, members[0])
    answer(resolution, members[1], "against")
    (outcome,) = close_consultation(assembly, today=date(2026, 3, 6), now=NOW)
    assert not outcome.adopted  # 1 for, 1 against: not more than half


@pytest.mark.parametrize(
    ("legal_form", "allowed", "expected"),
    [
        pytest.param("SARL", False, ["consultation_not_in_statutes"], id="R-AG-10 no clause"),
        pytest.param("SAS", False, ["consultation_not_in_statutes"], id="R-AG-10 SAS no clause"),
    ],
)
def test_statutes_must_allow_it(consultation, legal_form, allowed, expected):
    assembly, _, _ = consultation(legal_form=legal_form, allowed=allowed)
    with pytest.raises(RuleViolation) as exc:
        close_consultation(assembly, today=date(2026, 3, 17), now=NOW)
    assert codes(exc) == expected
    assert assembly.status == "convened"


@pytest.mark.parametrize(
    ("legal_form", "adopted"),
    [
        pytest.param("SARL", False, id="R-AG-12 SARL first consultation: 2 of 4 members"),
        pytest.param("SAS", True, id="R-AG-12 SAS: 2 of 3 votes cast"),
    ],
)
def test_a_non_answer_counts_as_not_voting_at_the_legal_form_majority(
    consultation, legal_form, adopted
):
    assembly, resolution, members = consultation(legal_form=legal_form)
    answer(resolution, members[0])
    answer(resolution, members[1])
    answer(resolution, members[2], "against")  # the fourth member never answers

    (outcome,) = close_consultation(assembly, today=date(2026, 3, 17), now=NOW)

    assert outcome.adopted is adopted
    assert (outcome.turnout["members"], outcome.turnout["participating"]) == (4, 3)
    assert outcome.turnout["legal_form"] == legal_form


def test_a_secret_resolution_is_counted_with_its_tellers_passphrases(consultation):
    assembly, resolution, members = consultation()
    resolution.secret = True
    tellers = seal_urn(resolution)
    for member in members:
        answer(resolution, member)

    with pytest.raises(RuleViolation) as exc:
        close_consultation(assembly, today=date(2026, 3, 17), now=NOW)
    assert codes(exc) == ["tellers_not_enough"]
    assert (resolution.status, assembly.status) == ("draft", "convened")  # nothing written

    passphrases = {tellers[0].id: TELLER_PASSPHRASES[0], tellers[1].id: TELLER_PASSPHRASES[1]}
    (outcome,) = close_consultation(
        assembly, today=date(2026, 3, 17), now=NOW, passphrases=passphrases
    )
    assert outcome.adopted
    assert sum(c["for"] for c in outcome.colleges) == 4


def test_an_exclusion_adopted_in_writing_still_needs_its_procedure(consultation):
    assembly, _, members = consultation()
    resolution = voting.create_resolution(
        assembly,
        title="Exclusion",
        kind="exclusion",
        excluded_member=members[3],
        notified_on=date(2026, 2, 1),
        agenda_item=assembly.agenda_items[0],
    )
    for member in members[:3]:
        answer(resolution, member)

    with pytest.raises(RuleViolation) as exc:
        close_consultation(assembly, today=date(2026, 3, 17), now=NOW)

    assert [(v.code, v.rule) for v in exc.value.violations] == [("exclusion_not_heard", "R-EXCL-1")]
