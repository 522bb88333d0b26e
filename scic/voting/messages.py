"""Translatable messages for the voting package's violation codes."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

# R-COL-1..3 codes are registered once, by scic.cooperatives.messages, and
# session_not_open by scic.assemblies.messages.
MESSAGES = {
    # Legal checks on colleges (rules.check_colleges).
    # The scic-tally/1 reader (tally_format.read_tally).
    "tally_not_json": _l("The file is not valid JSON (line %(line)s, column %(column)s)."),
    "tally_unknown_format": _l("Unknown format %(format)s; expected “%(expected)s”."),
    "tally_unknown_key": _l("Unknown field “%(key)s”."),
    "tally_missing_field": _l("The field “%(field)s” is missing or empty."),
    "tally_wrong_type": _l("The field “%(field)s” must be of type %(expected)s."),
    "tally_bad_fraction": _l(
        "The field “%(field)s” must be an exact number written as a string, such as "
        "“50” or “1/2”, not %(value)s."
    ),
    "tally_negative_weight": _l("A college weight cannot be negative (%(weight)s)."),
    "tally_duplicate_college": _l("The college code “%(code)s” is listed twice."),
    "tally_duplicate_resolution": _l("The resolution id “%(id)s” is used twice."),
    "tally_unknown_rule_value": _l(
        "Unknown value %(value)s for “%(field)s”; expected one of: %(allowed)s."
    ),
    "tally_bad_majority": _l(
        "Unknown majority %(value)s; use “simple”, “two_thirds”, “three_quarters” or "
        "{“more_than” or “at_least”: a fraction of 1}."
    ),
    "tally_majority_out_of_range": _l(
        "The majority threshold %(threshold)s must be a fraction strictly between 0 and 1, "
        "such as “1/2” or “2/3”."
    ),
    "tally_unknown_college": _l("The ballot names the college “%(college)s”, which is not listed."),
    "tally_bad_count": _l(
        "The count “%(field)s” must be a whole number, zero or more, not %(value)s."
    ),
    "tally_invalid_value": _l(
        "The value %(value)s of “%(field)s” does not follow the scic-tally/1 schema."
    ),
    # The optional assembly block of scic-tally/1 (assembly_rules, R-AG-11, R-AG-12).
    "tally_bad_call": _l("The call must be 1 (first call) or 2 (second call), not %(call)s."),
    "tally_participating_above_members": _l(
        "%(participating)s members taking part, but only %(members)s members have a vote."
    ),
    "tally_turnout_college_missing": _l(
        "The college “%(college)s” has no members and participants in the assembly block."
    ),
    "tally_turnout_not_adding_up": _l(
        "The colleges' “%(field)s” add up to %(sum)s, not to the total of %(total)s."
    ),
    "tally_majority_below_legal": _l(
        "A majority of %(threshold_ratio)s is below the legal majority of %(min_ratio)s for this "
        "legal form and kind of assembly: it may be raised, never lowered."
    ),
    "tally_ballots_above_participating": _l(
        "%(ballots)s ballots, but only %(participating)s members took part."
    ),
    # Quorum of an assembly part (scic.workflows.votes).
    "vote_quorum_not_reached": _l(
        "The quorum is not reached: %(participants)s members take part and %(required)s are "
        "required, so %(missing)s more must take part (present, represented, remote or by "
        "post) before the vote can open."
    ),
    "session_votes_still_open": _l(
        "A vote is still open: close every vote before closing the session."
    ),
    # Casting ballots (rules.check_ballot, services.cast_ballot).
    "vote_other_cooperative": _l("This member belongs to another cooperative."),
    "vote_closed": _l("The vote on this resolution is closed."),
    "vote_not_open": _l("The vote on this resolution is not open."),
    "vote_already_opened": _l("The vote on this resolution has already been opened."),
    "correspondence_late": _l(
        "This postal vote arrived after the deadline set by the statutes and the law."
    ),
    "voter_not_entitled": _l("This member has no vote at this assembly."),
    "not_acting_for_member": _l("You cannot vote for this member."),
    "already_voted": _l("A ballot has already been recorded for this member on this resolution."),
    "remote_voting_not_allowed": _l("This assembly does not offer remote voting."),
    "cannot_vote_again": _l(
        "This member already voted by correspondence or gave a proxy and cannot vote again "
        "in the session."
    ),
    "vote_deliberation_not_enforceable": _l(
        "The local authority's council deliberation is not enforceable on %(vote_date)s "
        "(enforceable on: %(executory_date)s); its representative cannot vote."
    ),
    "vote_bad_channel": _l("The secretary records votes in the room or postal forms only."),
    # Resolutions and counts (services).
    "resolution_unknown_kind": _l("Unknown kind of resolution: %(kind)s."),
    "resolution_agenda_other_assembly": _l("This agenda item belongs to another assembly."),
    "resolution_number_taken": _l("Resolution number %(number)s is already used."),
    "exclusion_needs_member": _l("An exclusion resolution must name the member concerned."),
    "exclusion_procedure_not_exclusion": _l(
        "Notice and hearing dates belong to an exclusion resolution only."
    ),
    "hand_count_secret": _l("A secret ballot cannot be counted by a show of hands."),
    "hand_count_already_recorded": _l("The count of this college is already recorded."),
    "hand_count_negative": _l("Counts cannot be negative."),
    "hand_count_correction_after_close": _l(
        "The vote is closed: its show-of-hands counts can no longer be corrected (its result is "
        "frozen). A mistake is now corrected by an addendum to the minutes."
    ),
    "export_nothing_closed": _l("No vote of this assembly is closed yet: nothing to export."),
    "export_mixed_parts": _l(
        "This combined assembly has an ordinary and an extraordinary part, each with its own "
        "quorum: export one part at a time."
    ),
    "export_mixed_turnout": _l(
        "The resolutions of this part were closed with different numbers of members taking "
        "part; they cannot share one tally file."
    ),
    "export_mixed_rules": _l(
        "The resolutions of this assembly were counted with different colleges or rules; "
        "they cannot share one tally file."
    ),
    # The secret urn and its tellers (scic.voting.urn, rules.check_tellers).
    "urn_not_secret": _l("Only a secret ballot has an urn and tellers."),
    "urn_already_set_up": _l("The tellers have already set up the urn of this secret ballot."),
    "urn_not_set_up": _l(
        "The tellers have not set up the urn of this secret ballot (or it has been counted): "
        "no secret vote can be recorded."
    ),
    "teller_not_in_cooperative": _l(
        "A teller must have an account with a role in this cooperative."
    ),
    "teller_twice": _l("Each teller must be a different person."),
    "tellers_too_few": _l("A secret ballot needs at least %(min)s tellers."),
    "teller_passphrase_short": _l(
        "Each teller's passphrase must have at least %(min)s characters."
    ),
    "tellers_not_enough": _l("At least %(min)s tellers must type their passphrase to count."),
    "teller_passphrase_wrong": _l("The passphrase of %(teller)s is not the one set for this urn."),
    "urn_key_mismatch": _l("These tellers' shares do not open this urn."),
    "urn_box_damaged": _l(
        "A sealed ballot in the urn does not open: the urn was altered. Nothing was counted."
    ),
    "urn_count_mismatch": _l(
        "The urn holds %(boxes)s sealed ballots but %(voters)s members voted: it was altered. "
        "Nothing was counted."
    ),
    # Who may vote, when (ballot_rules.check_may_vote, check_hand_count; R-AG-13).
    "vote_assembly_not_convened": _l(
        "This assembly has not been convened yet: send the convocations before taking any vote."
    ),
    "vote_session_closed": _l("The session or the vote on this resolution is closed."),
    "vote_session_not_open": _l(
        "The session is not open: before it, only postal forms and remote ballots cast in "
        "advance are accepted."
    ),
    "vote_before_convocation": _l(
        "No vote can be cast before the convocation was sent and recorded."
    ),
    "vote_advance_deadline_passed": _l(
        "Postal forms and advance ballots had to be received before %(deadline)s."
    ),
    "vote_received_after_entry": _l(
        "The postal form cannot have been received on %(at)s, after it is entered: check the "
        "date and time of its reception."
    ),
    "vote_not_recorded_present": _l(
        "This member is not recorded present on the attendance sheet: record the attendance "
        "first, or enter the vote through its own channel (post, proxy, remote)."
    ),
    "vote_without_mandate": _l(
        "Nobody holds a current designation to vote for this member: record the designation "
        "of its representative first."
    ),
    "hand_count_exceeds_participants": _l(
        "%(count)s hands counted, but only %(participants)s members of this college take part."
    ),
}

register(MESSAGES)
