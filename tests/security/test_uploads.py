"""I5 through every upload form there is (evidence files, Design Lab materials): hostile files
are refused with a message and leave neither a row nor a file; acceptable files with hostile
names are stored under a generated name and come back as a download with a neutral filename."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from designlabs.models import Material
from participation.models import EvidenceFile, PlatformRole
from participation.services import uploads
from tests.designlabs.factories import LabFactory
from tests.participation.engagement.factories import ActivityFactory
from tests.participation.factories import UserFactory

# Marked up front: fixtures fetched by name inside a test would otherwise meet an unprepared database.
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 20


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(uploads.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                entry.write(chunk)
    return buffer.getvalue()


# name → (file name as sent, content type as sent, bytes)
HOSTILE_FILES = {
    "empty": ("notes.pdf", "application/pdf", b""),
    "oversize": ("big.pdf", "application/pdf", PDF + b"0" * uploads.MAX_UPLOAD_BYTES),
    "svg-script": ("logo.png", "image/png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "html": ("page.pdf", "application/pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
    "pdf-html-polyglot": ("doc.pdf", "application/pdf", PDF + b"<html><script>alert(1)</script></html>"),
    "jpeg-script-polyglot": ("photo.jpg", "image/jpeg", JPEG + b"<script>alert(1)</script>"),
    "exe-named-pdf": ("report.pdf", "application/pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
    "zip-of-exe": ("notes.docx", "application/zip", zipped({"payload.exe": b"MZ"})),
    "zip-bomb": ("notes.docx", "application/zip", zip_bomb()),
    "pixel-flood": (
        "wall.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00",
    ),
}
HOSTILE_NAMES = ["../../../etc/passwd.pdf", "..\\..\\win.ini.pdf", "evil\r\nX-Header: 1.pdf", "slides\u202efdp.exe.pdf"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


@pytest.fixture
def evidence_form(client, organisation, editor):
    activity = ActivityFactory(organisation=organisation)
    client.force_login(editor)
    url = reverse("staff:evidence-upload", kwargs={"slug": activity.slug})
    return lambda upload: client.post(url, {"title": "Evidence", "file": upload})


@pytest.fixture
def material_form(client, db):
    facilitator = UserFactory(mfa=True, roles=[PlatformRole.LAB_FACILITATOR])
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)
    url = reverse("designlabs:material-add", kwargs={"slug": lab.slug})
    return lambda upload: client.post(url, {"title": "Slides", "visibility": "public", "file": upload})


FORMS = {"evidence": ("evidence_form", EvidenceFile), "material": ("material_form", Material)}


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_hostile_file_is_refused_and_leaves_nothing(request, media, form, kind):
    fixture, model = FORMS[form]
    post = request.getfixturevalue(fixture)
    name, content_type, data = HOSTILE_FILES[kind]

    response = post(SimpleUploadedFile(name, data, content_type=content_type))

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert model.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_hostile_name_is_replaced_and_served_as_an_attachment(request, client, media, form, name):
    fixture, model = FORMS[form]
    post = request.getfixturevalue(fixture)

    response = post(SimpleUploadedFile(name, PDF, content_type="text/html"))

    assert response.status_code == 302
    stored = model.objects.get()
    [path] = stored_files(media)
    assert path.suffix == ".pdf" and path.resolve().is_relative_to(media.resolve())
    assert not any(part in path.name for part in ("passwd", "win", "evil", "slides", "\u202e"))
    download = client.get(download_url(form, stored))
    body = b"".join(download.streaming_content)
    disposition = download["Content-Disposition"]
    assert body == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert disposition.startswith("attachment;")
    # A quote in the name is escaped as \" inside the quoted filename (RFC 6266); nothing else may pass.
    bare = disposition.replace('\\"', "")
    assert not any(character in bare for character in ("\r", "\n", "\u202e", "/", "\\")), disposition


def download_url(form: str, stored) -> str:
    if form == "evidence":
        return reverse("staff:evidence-download", kwargs={"pk": stored.pk})
    return reverse("designlabs:material-download", kwargs={"slug": stored.lab.slug, "pk": stored.pk})
