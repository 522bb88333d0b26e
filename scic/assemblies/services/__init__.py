"""Use cases of general assemblies: preparation, convocation, proxies, session, minutes.

Every mutating service calls ``ensure_editable`` first: once the minutes are signed by every
required signatory the assembly is locked, and the only change left is an addendum.
Services flush and never commit; the view or command commits once.

What spans the voting package (a second call's resolutions, who took part by post or through a
link) is done by ``scic.workflows``; ``make_voting_token`` / ``read_voting_token`` make the
personal link of the convocation e-mail.
"""

from scic.assemblies.services.checkin_links import (
    checkin_link,
    checkin_qr,
    checkin_qr_png,
    make_checkin_token,
    read_checkin_token,
)
from scic.assemblies.services.convocation import (
    DEFAULT_DURATION,
    PAPER_CHANNELS,
    ConvocationReport,
    assembly_type_labels,
    build_convocation_message,
    convocation_ics,
    convocation_text,
    has_entrance,
    record_paper_convocation,
    send_convocation,
    write_paper_record,
)
from scic.assemblies.services.documents import (
    add_document,
    document_path,
    remove_document,
    safe_filename,
    uploads_folder,
)
from scic.assemblies.services.letters import (
    LettersInput,
    letters_to_record,
    record_paper_letters,
)
from scic.assemblies.services.locking import (
    _record,
    ensure_editable,
    refuse_if_locked,
)
from scic.assemblies.services.minutes import (
    SCAN_READ_LIMIT,
    add_addendum,
    record_wet_ink_signature,
    sign_minutes,
    signature_scan,
    update_debates_summary,
)
from scic.assemblies.services.preparation import (
    AssemblyInput,
    add_agenda_item,
    create_assembly,
    create_second_call,
    remove_agenda_item,
    update_assembly,
)
from scic.assemblies.services.proxies import give_proxy, proxies_changeable, revoke_proxy
from scic.assemblies.services.session import (
    add_incident,
    close_session,
    correct_attendance,
    managers_sign_minutes,
    open_session,
    record_attendance,
    record_attendances,
    set_bureau,
)
from scic.assemblies.services.voting_links import (
    VOTING_TOKEN_SALT,
    _serializer,
    make_voting_token,
    personal_link,
    read_voting_link,
    read_voting_token,
)

__all__ = [
    "DEFAULT_DURATION",
    "PAPER_CHANNELS",
    "SCAN_READ_LIMIT",
    "VOTING_TOKEN_SALT",
    "AssemblyInput",
    "ConvocationReport",
    "LettersInput",
    "_record",
    "_serializer",
    "add_addendum",
    "add_agenda_item",
    "add_document",
    "add_incident",
    "assembly_type_labels",
    "build_convocation_message",
    "checkin_link",
    "checkin_qr",
    "checkin_qr_png",
    "close_session",
    "convocation_ics",
    "convocation_text",
    "correct_attendance",
    "create_assembly",
    "create_second_call",
    "document_path",
    "ensure_editable",
    "give_proxy",
    "has_entrance",
    "letters_to_record",
    "make_checkin_token",
    "make_voting_token",
    "managers_sign_minutes",
    "open_session",
    "personal_link",
    "proxies_changeable",
    "read_checkin_token",
    "read_voting_link",
    "read_voting_token",
    "record_attendance",
    "record_attendances",
    "record_paper_convocation",
    "record_paper_letters",
    "record_wet_ink_signature",
    "refuse_if_locked",
    "remove_agenda_item",
    "remove_document",
    "revoke_proxy",
    "safe_filename",
    "send_convocation",
    "set_bureau",
    "sign_minutes",
    "signature_scan",
    "update_assembly",
    "update_debates_summary",
    "uploads_folder",
    "write_paper_record",
]
