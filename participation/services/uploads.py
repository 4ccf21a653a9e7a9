"""Uploaded files (evidence, lab materials, slides): the type is read from the content, never from
the name or the browser's word; files are stored under a generated name and served only as
attachments."""

import contextlib
import csv
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from participation.models import Activity, EvidenceFile
from participation.permissions import can_edit_activity
from participation.services.audit import record_audit

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A document that unpacks to more than this is a zip bomb, whatever it claims to be.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_IMAGE_PIXELS = 50_000_000
# Markup that makes a browser or viewer treat the bytes as a page, wherever it hides.
ACTIVE_CONTENT = re.compile(rb"<\s*(script|html|svg|iframe|object|embed|body|!doctype)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "ODT")
CSV = FileType("csv", "text/csv", "CSV")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX")
ODP = FileType("odp", "application/vnd.oasis.opendocument.presentation", "ODP")
DOCUMENTS = (PDF, DOCX, ODT, XLSX, CSV, PNG, JPEG)
PRESENTATIONS = (PDF, PPTX, ODP)


def _reject(message: str) -> ValidationError:
    return ValidationError({"file": message}, code="invalid_file")


def _wrong_type(allowed) -> ValidationError:
    return _reject(_("The file must be a %(types)s file") % {"types": ", ".join(t.label for t in allowed)})


def _check_zip_document(data: bytes) -> FileType | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _reject(_("The file is damaged or is not a document we accept")) from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise _reject(_("The file unpacks to far more than its size: it cannot be uploaded"))
    names = {entry.filename for entry in entries}
    if "mimetype" in names:
        mimetype = archive.read("mimetype").strip()
        for kind in (ODT, ODP):
            if mimetype == kind.content_type.encode():
                return kind
    elif "[Content_Types].xml" in names:
        for kind, part in ((DOCX, "word/document.xml"), (XLSX, "xl/workbook.xml"), (PPTX, "ppt/presentation.xml")):
            if part in names:
                return kind
    return None


def _check_png(data: bytes) -> FileType:
    # Width and height sit in the IHDR chunk; refuse a pixel flood before anything decodes it.
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _reject(_("The file is damaged or is not a document we accept"))
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if width * height > MAX_IMAGE_PIXELS:
        raise _reject(_("The image is too large: it can have at most 50 million pixels"))
    return PNG


def _check_jpeg(data: bytes) -> FileType:
    """Walk the JPEG markers to the frame header and refuse a pixel flood by its dimensions."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            width = int.from_bytes(data[position + 7 : position + 9], "big")
            if width * height > MAX_IMAGE_PIXELS:
                raise _reject(_("The image is too large: it can have at most 50 million pixels"))
            return JPEG
        if marker == 0xDA or length < 2:
            break
        position += 2 + length
    return JPEG


def _check_csv(data: bytes) -> FileType | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(_("A CSV file must be saved as UTF-8 text")) from None
    if "\x00" in text:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text[:100_000])))
    except csv.Error:
        raise _reject(_("The file is not a readable CSV file")) from None
    if not rows:
        raise _reject(_("The file is empty"))
    return CSV


def detect_type(
    data: bytes, *, allowed: tuple[FileType, ...] = DOCUMENTS, max_bytes: int = MAX_UPLOAD_BYTES
) -> FileType:
    """The type the bytes really are, if it is one of `allowed`, or a ValidationError saying why
    they cannot be accepted."""
    if not data:
        raise _reject(_("The file is empty"))
    if len(data) > max_bytes:
        raise _reject(_("The file must be smaller than %(size)d MB") % {"size": max_bytes // (1024 * 1024)})
    file_type = _content_type(data, allowed)
    if file_type is None or file_type not in allowed:
        raise _wrong_type(allowed)
    return file_type


def _content_type(data: bytes, allowed: tuple[FileType, ...]) -> FileType | None:
    """What the bytes are (None: nothing we accept anywhere), refusing damaged or dangerous files."""
    # A polyglot (a PDF or image that is also a web page) is refused whatever its first bytes say.
    if ACTIVE_CONTENT.search(data[:4096]) or ACTIVE_CONTENT.search(data[-4096:]):
        raise _reject(_("The file contains web page code and cannot be uploaded"))
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _check_png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _check_jpeg(data)
    if data.startswith(b"PK\x03\x04"):
        return _check_zip_document(data)
    if CSV not in allowed or data.lstrip()[:1] in (b"<", b"") or b"\x00" in data[:8192]:
        return None
    return _check_csv(data)


def display_name(name: str) -> str:
    """The uploader's file name, safe to show: no folders, line breaks, controls or direction overrides."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"})
    name = name.strip().lstrip(".")
    return name[:200] or "file"


@transaction.atomic
def upload_evidence_file(
    *, activity: Activity, uploaded_by, title: str, upload, is_public: bool = False
) -> EvidenceFile:
    if not can_edit_activity(uploaded_by, activity):
        raise PermissionDenied
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _reject(_("The file must be smaller than 10 MB"))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    file_type = detect_type(data)
    evidence = EvidenceFile(
        activity=activity,
        title=title,
        original_name=display_name(upload.name),
        content_type=file_type.content_type,
        size=len(data),
        is_public=is_public,
        uploaded_by=uploaded_by,
    )
    stored_name = f"{uuid.uuid4().hex}.{file_type.extension}"
    try:
        evidence.file.save(stored_name, ContentFile(data), save=False)
    except OSError:
        # A full disk leaves the part written so far behind: no partial file may stay.
        with contextlib.suppress(OSError):
            evidence.file.storage.delete(evidence.file.field.generate_filename(evidence, stored_name))
        raise _reject(_("The file could not be stored. Try again later.")) from None
    try:
        evidence.save()
        record_audit(
            actor=uploaded_by,
            action="participation.evidence_file.uploaded",
            target=evidence,
            organisation=activity.organisation,
            changes={"title": [None, title], "content_type": [None, file_type.content_type]},
        )
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def delete_evidence_file(*, evidence_file: EvidenceFile, deleted_by) -> None:
    activity = evidence_file.activity
    if not can_edit_activity(deleted_by, activity):
        raise PermissionDenied
    record_audit(
        actor=deleted_by,
        action="participation.evidence_file.deleted",
        target=evidence_file,
        organisation=activity.organisation,
        changes={"title": [evidence_file.title, None]},
    )
    stored = evidence_file.file
    evidence_file.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
