"""Materials: adding a link or a checked file, deleting, and who may download what."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from designlabs.models import Material, MaterialVisibility
from designlabs.services import labs as lab_service
from participation.models import AuditEvent
from tests.designlabs.factories import LabFactory, MaterialFactory, SessionFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def add_url(lab) -> str:
    return reverse("designlabs:material-add", kwargs={"slug": lab.slug})


def download_url(material) -> str:
    return reverse("designlabs:material-download", kwargs={"slug": material.lab.slug, "pk": material.pk})


def test_add_material_stores_a_file_under_a_generated_name(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    upload = SimpleUploadedFile("../../etc/Slides\u202e.pdf", PDF, content_type="text/html")

    material = lab_service.add_material(
        lab=lab, added_by=facilitator, title="Slides", upload=upload, visibility=MaterialVisibility.PUBLIC
    )

    assert material.content_type == "application/pdf"
    assert material.original_name == "Slides.pdf"
    assert material.file.name.startswith("designlabs/materials/") and ".." not in material.file.name
    assert "Slides" not in material.file.name
    event = AuditEvent.objects.get(action="designlabs.material.added")
    assert event.changes["kind"] == [None, "file"]


def test_add_material_refuses_a_link_and_a_file_together_or_neither(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    upload = SimpleUploadedFile("a.pdf", PDF)

    with pytest.raises(ValidationError, match="not both"):
        lab_service.add_material(
            lab=lab, added_by=facilitator, title="T", url="https://example.org", upload=upload, visibility="public"
        )
    with pytest.raises(ValidationError, match="Give a link or choose a file"):
        lab_service.add_material(lab=lab, added_by=facilitator, title="T", visibility="public")
    assert Material.objects.count() == 0


def test_add_material_refuses_web_page_code(facilitator):
    lab = LabFactory(facilitators=[facilitator])
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 <script>alert(1)</script>")

    with pytest.raises(ValidationError, match="web page code"):
        lab_service.add_material(lab=lab, added_by=facilitator, title="T", upload=upload, visibility="public")
    assert Material.objects.count() == 0


def test_material_add_view_shows_errors(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    neither = client.post(add_url(lab), {"title": "Slides", "visibility": "public"}).content.decode()
    both = client.post(
        add_url(lab),
        {
            "title": "Slides",
            "visibility": "public",
            "url": "https://example.org/slides",
            "file": SimpleUploadedFile("s.pdf", PDF),
        },
    ).content.decode()
    bad_file = client.post(
        add_url(lab), {"title": "Slides", "visibility": "public", "file": SimpleUploadedFile("s.pdf", b"<html>")}
    ).content.decode()

    assert '<a href="#id_url">Give a link or choose a file</a>' in neither
    assert '<a href="#id_url">Give either a link or a file, not both</a>' in both
    assert '<a href="#id_file">The file contains web page code and cannot be uploaded</a>' in bad_file
    assert Material.objects.count() == 0


def test_material_add_view_adds_a_link_for_a_session(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    session = SessionFactory(lab=lab)
    client.force_login(facilitator)

    response = client.post(
        add_url(lab),
        {"title": "Pre-reading", "url": "https://example.org/read", "session": str(session.pk), "visibility": "public"},
    )

    material = Material.objects.get()
    assert response.status_code == 302
    assert (material.session, material.url, material.added_by) == (session, "https://example.org/read", facilitator)


def test_material_add_refuses_another_labs_session(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    response = client.post(
        add_url(lab),
        {"title": "T", "url": "https://example.org", "session": str(SessionFactory().pk), "visibility": "public"},
    )

    assert response.status_code == 200
    assert Material.objects.count() == 0


def test_material_delete_asks_first_then_deletes(client, facilitator):
    material = MaterialFactory(lab=LabFactory(facilitators=[facilitator]), title="Old slides")
    client.force_login(facilitator)
    url = reverse("designlabs:material-delete", kwargs={"slug": material.lab.slug, "pk": material.pk})

    page = client.get(url).content.decode()
    response = client.post(url)

    assert "Are you sure you want to delete “Old slides”?" in page
    assert response.status_code == 302
    assert Material.objects.count() == 0
    assert AuditEvent.objects.filter(action="designlabs.material.deleted").count() == 1


def test_public_file_downloads_to_anyone_as_an_attachment(client, facilitator):
    lab = LabFactory(facilitators=[facilitator])
    material = lab_service.add_material(
        lab=lab, added_by=facilitator, title="Slides", upload=SimpleUploadedFile("Slides.pdf", PDF), visibility="public"
    )

    response = client.get(download_url(material))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Slides.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_participants_only_file_is_404_to_outsiders_and_served_to_participants(client, lab_world):
    lab = lab_world["lab"]
    material = lab_service.add_material(
        lab=lab,
        added_by=lab_world["users"]["facilitator"],
        title="Private notes",
        upload=SimpleUploadedFile("notes.pdf", PDF),
        visibility=MaterialVisibility.PARTICIPANTS,
    )

    anonymous = client.get(download_url(material))
    client.force_login(lab_world["users"]["other_participant"])
    other = client.get(download_url(material))
    client.force_login(lab_world["users"]["participant"])
    participant = client.get(download_url(material))

    participant.close()
    assert (anonymous.status_code, other.status_code, participant.status_code) == (404, 404, 200)
    assert participant["Cache-Control"] == "private, no-store"


def test_a_link_material_shows_where_it_goes(client, db):
    material = MaterialFactory(visibility=MaterialVisibility.PUBLIC, url="https://example.org/pre-reading.pdf")

    response = client.get(download_url(material))

    assert response.status_code == 200
    assert 'href="https://example.org/pre-reading.pdf" rel="noopener noreferrer nofollow"' in response.content.decode()


def test_a_material_through_another_labs_address_is_404(client, lab_world):
    client.force_login(lab_world["users"]["facilitator"])
    material = MaterialFactory(lab=lab_world["other_lab"], visibility=MaterialVisibility.PUBLIC)

    response = client.get(
        reverse("designlabs:material-download", kwargs={"slug": lab_world["lab"].slug, "pk": material.pk})
    )

    assert response.status_code == 404
