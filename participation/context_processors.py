from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """What every page's frame needs: service name, branding, the same page in the other language."""
    current = get_language()
    other = "en" if current == "cy" else "cy"
    return {
        "service_name": settings.SERVICE_NAME_CY if current == "cy" else settings.SERVICE_NAME,
        "govuk_branding": settings.GOVUK_BRANDING,
        "phase": settings.PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        "stylesheet": "dist/main-branded.css" if settings.GOVUK_BRANDING else "dist/main.css",
    }
