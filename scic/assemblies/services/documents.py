"""Documents attached to an assembly: stored uploads, added and removed."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from datetime import datetime
from pathlib import Path

from flask import current_app

from scic.assemblies import rules
from scic.assemblies.models import Assembly, Document
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS  # noqa: F401 - re-exported
from scic.assemblies.services.locking import _record, ensure_editable
from scic.core.db import db
from scic.core.violations import RuleViolation


def uploads_folder() -> Path:
    return Path(current_app.instance_path) / "uploads" / "assemblies"


def document_path(document: Document) -> Path:
    """Where the document's file lives (its stored name is generated, never the uploader's)."""
    return uploads_folder() / document.stored_name


def safe_filename(filename: str) -> str:
    """A display file name without folders or control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .")
    return name[:200] or "document"


def add_document(
    assembly: Assembly,
    *,
    kind: str,
    title: str,
    filename: str,
    content: bytes,
    by=None,
    now: datetime,
) -> Document:
    """Store a document for the members (PDF or office file; type and size checked)."""
    ensure_editable(assembly)
    filename = safe_filename(filename)
    if problems := rules.check_document(filename, len(content), content[:8]):
        raise RuleViolation(problems)
    extension = rules.document_extension(filename)
    mimetype = rules.DOCUMENT_SIGNATURES[extension][0]
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    folder = uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(content)
    document = Document(
        assembly=assembly,
        kind=kind,
        title=title.strip() or filename,
        filename=filename,
        stored_name=stored_name,
        mimetype=mimetype,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=now,
        uploaded_by_id=getattr(by, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    _record(
        "document.create",
        document,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "kind": kind,
            "filename": filename,
            "sha256": document.sha256,
            "size": document.size,
        },
    )
    return document


def remove_document(document: Document, *, by=None, now: datetime) -> Document:
    """Withdraw a document; the record stays (a convocation may have carried it)."""
    ensure_editable(document.assembly)
    document.removed_at = now
    db.session.flush()
    _record(
        "document.remove",
        document,
        document.assembly,
        by,
        {"assembly_id": document.assembly_id, "filename": document.filename},
    )
    return document
