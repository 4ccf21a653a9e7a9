"""Stable, readable addresses for records."""

from django.utils.text import slugify


def unique_slug(model, title: str, *, suffix: str = "", fallback: str = "record", max_length: int = 100) -> str:
    """A slug made from the title (and a suffix such as a date) that no row of `model` has yet:
    "title", then "title-2", "title-3"..."""
    base = slugify(title)[:max_length].strip("-") or fallback
    if suffix:
        base = f"{base}-{suffix}"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
