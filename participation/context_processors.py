from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """What every page's frame needs: service name, branding, the same page in the other language."""
    current = get_language()
    other = "en" if current == "cy" else "cy"
    # A path starting "//" reads as a host to translate_url: "//evil.example/" would become an
    # off-site link in the language navigation. One leading slash keeps it on this site.
    path = "/" + request.get_full_path().lstrip("/")
    return {
        "service_name": settings.SERVICE_NAME_CY if current == "cy" else settings.SERVICE_NAME,
        "govuk_branding": settings.GOVUK_BRANDING,
        "phase": settings.PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "other_language": other,
        "other_language_url": translate_url(path, other),
        "stylesheet": "dist/main-branded.css" if settings.GOVUK_BRANDING else "dist/main.css",
    }
