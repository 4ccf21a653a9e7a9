"""Evidence files against hostile input (QUALITY.md I5)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.models import AuditEvent, EvidenceFile
from participation.services import uploads
from tests.participation.engagement.factories import ActivityFactory

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (64).to_bytes(4, "big") + (48).to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 20


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<?xml?><Types/>", "word/document.xml": b"<?xml?><w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<?xml?><Types/>", "xl/workbook.xml": b"<?xml?><workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<?xml?><office/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("data", "extension", "content_type"),
    [
        (PDF, "pdf", "application/pdf"),
        (PNG, "png", "image/png"),
        (JPEG, "jpg", "image/jpeg"),
        (DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ODT, "odt", "application/vnd.oasis.opendocument.text"),
        (b"name,count\nCarers,12\n", "csv", "text/csv"),
    ],
)
def test_detect_type_reads_the_content(data, extension, content_type):
    detected = uploads.detect_type(data)

    assert (detected.extension, detected.content_type) == (extension, content_type)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(uploads.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                entry.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"a" * (uploads.MAX_UPLOAD_BYTES + 1), "smaller than 10 MB"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "web page code"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "web page code"),
        (PDF + b"<html><script>alert(1)</script></html>", "web page code"),
        (JPEG + b"<script>alert(1)</script>", "web page code"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "must be a PDF"),
        (b"PK\x03\x04not really a zip", "damaged"),
        (zipped({"payload.exe": b"MZ"}), "must be a PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00", "pixels"),
        (b"\xff\xfe\x00\x00bad", "must be a PDF"),
        (
            b"\xff\xd8\xff\xe0\x00\x04JF\xff\xc0\x00\x11\x08" + (60_000).to_bytes(2, "big") * 2 + b"\x03" + b"\x00" * 9,
            "pixels",
        ),
    ],
    ids=[
        "empty",
        "oversize",
        "svg",
        "html",
        "pdf-html-polyglot",
        "jpeg-script",
        "exe",
        "bad-zip",
        "zip-no-doc",
        "pixel-flood",
        "binary",
        "jpeg-pixel-flood",
    ],
)
def test_detect_type_rejects_hostile_files(data, message):
    with pytest.raises(ValidationError) as error:
        uploads.detect_type(data)

    assert message in error.value.message_dict["file"][0]


def test_detect_type_rejects_a_zip_bomb():
    with pytest.raises(ValidationError) as error:
        uploads.detect_type(zip_bomb())

    assert "unpacks to far more" in error.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("evil\r\nX-Header: 1.pdf", "evilX-Header: 1.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("...", "file"),
    ],
)
def test_display_name_is_neutralised(name, shown):
    assert uploads.display_name(name) == shown


def test_upload_stores_under_a_generated_name(organisation, editor):
    activity = ActivityFactory(organisation=organisation)

    evidence = uploads.upload_evidence_file(
        activity=activity,
        uploaded_by=editor,
        title="Workshop notes",
        upload=SimpleUploadedFile("../../notes\u202e.html", PDF, content_type="text/html"),
    )

    assert evidence.file.name.startswith("evidence/")
    assert evidence.file.name.endswith(".pdf")
    assert "notes" not in evidence.file.name
    assert evidence.original_name == "notes.html"
    assert evidence.content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="participation.evidence_file.uploaded").count() == 1


def test_upload_when_storage_fails_leaves_no_row(organisation, editor, settings, media):
    activity = ActivityFactory(organisation=organisation)
    settings.MEDIA_ROOT = media / "missing" / "x"
    (media / "missing").write_text("a file where a folder should be")

    with pytest.raises(ValidationError) as error:
        uploads.upload_evidence_file(
            activity=activity, uploaded_by=editor, title="Notes", upload=SimpleUploadedFile("a.pdf", PDF)
        )

    assert "could not be stored" in error.value.message_dict["file"][0]
    assert not EvidenceFile.objects.exists()


def test_upload_view_shows_rejection_in_error_summary(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)

    response = client.post(
        reverse("staff:evidence-upload", kwargs={"slug": activity.slug}),
        {"title": "Pic", "file": SimpleUploadedFile("pic.svg", b"<svg onload=alert(1)>", content_type="image/svg+xml")},
    )

    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "web page code" in content
    assert not EvidenceFile.objects.exists()


def test_download_is_an_attachment_with_nosniff(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation)
    evidence = uploads.upload_evidence_file(
        activity=activity, uploaded_by=editor, title="Notes", upload=SimpleUploadedFile("My notes.pdf", PDF)
    )
    client.force_login(editor)

    response = client.get(reverse("staff:evidence-download", kwargs={"pk": evidence.pk}))
    body = b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="My notes.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert body == PDF


def test_private_file_is_refused_to_a_member_and_hidden_from_the_public(client, editor, member, organisation):
    activity = ActivityFactory(organisation=organisation, published=True)
    evidence = uploads.upload_evidence_file(
        activity=activity, uploaded_by=editor, title="Raw notes", upload=SimpleUploadedFile("n.pdf", PDF)
    )
    url = reverse("staff:evidence-download", kwargs={"pk": evidence.pk})

    anonymous = client.get(url)
    client.force_login(member)
    as_member = client.get(url)

    assert (anonymous.status_code, as_member.status_code) == (403, 403)
    for response in (anonymous, as_member):
        assert "attachment" not in response.get("Content-Disposition", "")
        assert PDF not in response.content


def test_public_file_of_a_published_activity_is_open_to_everyone(client, editor, organisation):
    activity = ActivityFactory(organisation=organisation, published=True)
    evidence = uploads.upload_evidence_file(
        activity=activity, uploaded_by=editor, title="Report", upload=SimpleUploadedFile("r.pdf", PDF), is_public=True
    )

    response = client.get(reverse("staff:evidence-download", kwargs={"pk": evidence.pk}))
    response.close()

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
