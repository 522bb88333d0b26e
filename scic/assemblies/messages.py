"""Messages for the assembly rules' violation codes (dates are passed as ``date`` values)."""

from __future__ import annotations

from scic.core.i18n import _l
from scic.core.messages import register

MESSAGES = {
    "convocation_too_late": _l(
        "Too late to convene this assembly of %(assembly_date)s: the %(delay_days)s-day delay "
        "means the convocation had to be sent by %(last_day)s."
    ),
    "proxy_after_opening": _l("Proxies can no longer be given once the session has opened."),
    "proxy_already_given": _l("This member has already given a proxy for this assembly."),
    "proxy_to_self": _l("A member cannot give a proxy to itself."),
    "proxy_holder_not_member": _l("The proxy holder must be a member."),
    "proxy_holder_other_college": _l(
        "The statutes require the proxy holder to belong to the same college."
    ),
    "proxy_holder_limit": _l(
        "This holder already has %(count)s proxies; the statutes allow at most %(max_per_holder)s."
    ),
    "proxy_revocation_after_opening": _l(
        "A proxy can no longer be revoked once the session has opened."
    ),
    "attendance_after_close": _l("The session is closed: attendance can no longer be recorded."),
    "attendance_already_recorded": _l("This member's attendance is already recorded."),
    # Correcting entries of the attendance sheet (attendance_rules, R-AG-13).
    "attendance_correction_after_close": _l(
        "The session is closed: the attendance sheet can no longer be corrected. A mistake is "
        "now corrected by an addendum to the minutes."
    ),
    "attendance_correction_without_line": _l(
        "Nothing is recorded for this member yet: record the attendance instead of correcting it."
    ),
    "attendance_correction_unchanged": _l("The attendance sheet already says so."),
    "attendance_departure_not_present": _l(
        "A departure concerns a member present in the room or remotely, who becomes absent."
    ),
    "attendance_return_not_absent": _l(
        "A return concerns a member recorded absent, who becomes present again."
    ),
    "resolution_not_on_agenda": _l("The assembly can only vote on items of its agenda."),
    "document_empty": _l("The file is empty."),
    "document_too_large": _l("The file weighs %(size_mb)s MB; at most %(max_mb)s MB are accepted."),
    "document_type_not_allowed": _l("This type of file is not accepted (allowed: %(allowed)s)."),
    "document_content_mismatch": _l("The file's content does not match its extension."),
    "written_consultation_not_allowed": _l(
        "A written consultation is not possible in a cooperative of this legal form."
    ),
    "assembly_place_missing": _l("Give the place of the assembly."),
    "assembly_video_link_missing": _l("Give the video link members will use to attend remotely."),
    "fully_remote_not_allowed": _l(
        "The statutes do not allow a fully remote assembly: it needs a statutory clause."
    ),
    "proxy_grantor_not_member": _l(
        "Only a member with voting rights at this assembly can give a proxy."
    ),
    "proxy_already_revoked": _l("This proxy is already revoked."),
    "second_call_of_second_call": _l("A second call cannot itself be called again."),
    "second_call_before_first_session": _l(
        "A second call follows the first-call session: close that session first."
    ),
    "second_call_quorum_was_reached": _l(
        "The first-call assembly reached its quorum: no second call is needed."
    ),
    "signatory_missing_chair": _l("Name the chair of the assembly in the bureau."),
    "signatory_missing_secretary": _l("Name the secretary of the assembly in the bureau."),
    "signatory_missing_scrutineers": _l("Name at least one scrutineer in the bureau."),
    "signatory_missing_managers": _l("Name the manager(s) who sign the minutes."),
    "assembly_locked": _l(
        "The minutes of this assembly are signed: nothing can change; add an addendum instead."
    ),
    "assembly_not_locked": _l("An addendum corrects signed minutes; edit the minutes instead."),
    "convocation_already_sent": _l(
        "The convocation has been sent: the date, kind and agenda can no longer change."
    ),
    "convocation_after_opening": _l("The session has opened: convocations are over."),
    "convocation_no_agenda": _l("Add at least one agenda item before convening the assembly."),
    "convocation_paper_for_email": _l("This member was convened by e-mail on %(sent_on)s."),
    "session_not_convened": _l("Send the convocation before opening the session."),
    "session_already_opened": _l("The session has already been opened."),
    "session_not_open": _l("The session is not open."),
    "session_bureau_incomplete": _l("Name the chair of the assembly before opening the session."),
    "written_consultation_has_no_session": _l("A written consultation has no session."),
    "attendance_not_entitled": _l("This member has no voting right at this assembly."),
    "attendance_before_convocation": _l("Convene the assembly before recording attendance."),
    "attendance_represented_without_proxy": _l(
        "Record the member's proxy before marking it represented."
    ),
    "minutes_session_not_closed": _l("Close the session before signing the minutes."),
    "minutes_signatory_unknown": _l("%(name)s is not a signatory of these minutes."),
    "minutes_sign_for_yourself": _l(
        "Sign for yourself only: the minutes ask %(name)s to sign with their own account, or "
        "the secretary records their ink signature with its scan."
    ),
    "signature_scan_type": _l("The scan must be a PDF, PNG or JPEG file."),
    "signature_scan_content": _l(
        "This file is not the PDF, PNG or JPEG scan its name says: upload the scan itself."
    ),
    "signature_scan_too_large": _l("The scan must not exceed %(max_mb)s MB."),
    "minutes_already_signed": _l("%(name)s has already signed the minutes."),
    "minutes_signing_started": _l(
        "An officer has signed the minutes: what they say no longer changes. Once every "
        "signatory has signed, add an addendum to correct them."
    ),
    "text_required": _l("The text cannot be empty."),
    # When a session may open (session_rules.check_session_opening; R-AG-13, R-AG-1, §5).
    "session_before_convened_time": _l(
        "The session was convened for %(starts_at)s: it cannot open before then. Open it at "
        "that time."
    ),
    "session_members_not_convened": _l(
        "Members entitled to vote without a recorded convocation: %(count)s. The convocation is "
        "complete only when every one is recorded: e-mail the convocation, then record the "
        "letters sent by post on the Convocation page."
    ),
    "session_no_convocation": _l(
        "No convocation has been recorded for this assembly: send it from the Convocation page."
    ),
    "session_notice_not_run": _l(
        "The last convocation was sent on %(last_sent_on)s: the notice of %(delay_days)s days "
        "runs until %(earliest)s, the first day the session may open. Open it from that day, "
        "or convene the assembly again on a later date."
    ),
    # Paper convocations recorded in bulk (letter_rules; §6.6 step 4).
    "letters_number_missing": _l("Line %(line)s: the registered-letter number is missing."),
    "letters_number_too_long": _l(
        "Line %(line)s: a registered-letter number has at most %(max)s characters."
    ),
    "letters_member_missing": _l(
        "Line %(line)s: write the member's number before the separator (member;number)."
    ),
    "letters_mixed_lines": _l(
        "Write either one number per line (in the order of the selected members) or "
        "member;number on every line, not both."
    ),
    "letters_csv_empty": _l("The CSV file holds no letter."),
    "letters_csv_header": _l(
        "The first line of the CSV file must name the columns member and registered_number "
        "(found: %(found)s)."
    ),
    "letters_count_mismatch": _l(
        "%(numbers)s registered-letter numbers for %(selected)s selected members: give one "
        "number per selected member, in the order of the list, or write member;number lines."
    ),
    "letters_member_unknown": _l(
        "Line %(line)s: no member numbered %(member)s is to be convened by post at this assembly."
    ),
    "letters_member_twice": _l("Line %(line)s: this member is already on line %(first)s."),
    "letters_number_twice": _l(
        "Line %(line)s: this registered-letter number is already on line %(first)s."
    ),
    "letters_pasted_and_csv": _l("Paste the numbers or import a CSV file, not both."),
    "letters_nobody_selected": _l("Select the members whose letters were sent."),
    # Written consultation (consultation_rules; R-AG-10).
    "consultation_not_for_sa": _l(
        "A public limited company (SA) cannot consult its members in writing."
    ),
    "consultation_not_written": _l("This assembly is not a written consultation."),
    "consultation_not_in_statutes": _l(
        "The statutes do not allow written consultations: hold an assembly instead."
    ),
    "consultation_not_sent": _l("An answer can only be received once the consultation was sent."),
    "consultation_answer_late": _l(
        "The answer arrived after the deadline of %(deadline)s: the member does not vote."
    ),
    "consultation_still_running": _l(
        "Members have until %(deadline)s to answer (%(answered)s of %(members)s so far): the "
        "result can be produced after that day, or once everyone has answered."
    ),
    # The annual accounts assembly (accounts_rules; R-AG-1).
    "accounts_assembly_after_deadline": _l(
        "The accounts must be approved by %(deadline)s, six months after the year-end: an "
        "assembly on %(day)s needs an extension from the president of the commercial court. "
        "Choose an earlier date, or prepare an ordinary assembly once the extension is granted."
    ),
    "accounts_assembly_exists": _l(
        "The assembly approving the accounts of %(year)s is already prepared: open it from the "
        "list of assemblies."
    ),
    # Elections of officers (officer_rules; R-AG-2).
    "officer_term_out_of_range": _l(
        "A term of %(years)s years is not possible: the assembly elects for one to %(max)s years."
    ),
    "election_no_seat": _l("Give the number of seats to fill (at least one)."),
    "election_one_seat": _l(
        "The presidency of an SAS is held by one person: there is one seat to fill."
    ),
    "election_no_candidate": _l("Give at least one candidate, one per line."),
    "election_candidate_twice": _l("A candidate is named twice."),
    "election_candidate_other_cooperative": _l("A candidate is a member of another cooperative."),
    "election_results_recorded": _l("The results of this election are already recorded."),
    "election_votes_open": _l(
        "Close the vote on every candidate before recording the results of the election."
    ),
}

register(MESSAGES)
