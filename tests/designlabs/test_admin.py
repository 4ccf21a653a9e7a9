"""Each Design Labs admin list and change page opens for a site admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from designlabs.models import Impact

pytestmark = pytest.mark.django_db
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "designlabs"), key=lambda m: m.__name__
)


def test_every_design_labs_model_is_in_the_admin():
    assert [model.__name__ for model in MODELS] == [
        "Impact", "InformationSheet", "Lab", "Output", "Participant", "Theme"
    ]  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_design_labs_admin_pages_open(client, site_admin, lab_world, model):
    Impact.objects.create(lab=lab_world["lab"], happened_on="2026-01-01", description_en="Guidance published")
    client.force_login(site_admin)
    opts = model._meta

    listing = client.get(reverse(f"admin:designlabs_{opts.model_name}_changelist"), {"q": "example"})
    change = client.get(reverse(f"admin:designlabs_{opts.model_name}_change", args=[model.objects.first().pk]))

    assert (listing.status_code, change.status_code) == (200, 200)


def test_participant_list_has_no_personal_data_columns(client, site_admin, lab_world):
    client.force_login(site_admin)

    page = client.get(reverse("admin:designlabs_participant_changelist")).content.decode()

    assert lab_world["participant"].email not in page
    assert "field-name" not in page and "field-access_needs" not in page
