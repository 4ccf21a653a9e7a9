"""Where to send someone after a form: back to the page they came from, never off the site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, fallback: str) -> str:
    """The `next` address the form posted, if it is one of ours; otherwise `fallback` (a URL or a
    URL name, as `redirect` takes). Refusing other hosts stops open redirects."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
