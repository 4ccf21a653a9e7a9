"""Every model in the admin opens: its list, search and an add page, for a site admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_each_admin_list_opens_and_searches(client, site_admin, guidance_document, model):
    client.force_login(site_admin)
    opts = model._meta

    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "data"})

    assert listing.status_code == 200
    first = model._default_manager.first()
    if first is not None:
        change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
        assert change.status_code == 200


def test_a_published_version_is_read_only_in_the_admin(client, site_admin, guidance_document):
    client.force_login(site_admin)
    version = guidance_document.current_version
    url = reverse("admin:guidance_guidanceversion_change", args=[version.pk])

    response = client.post(url, {"change_type": "minor"})

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.change_type == "major"
