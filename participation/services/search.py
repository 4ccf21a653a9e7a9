"""Full-text search over the register: Postgres `websearch` syntax on an indexed column, with a
plain fallback for SQLite (the embedded default), which has no such column."""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property


def search(
    queryset: QuerySet,
    text: str,
    *,
    fallback_fields: tuple[str, ...] = ("title_en", "title_cy"),
    tie_break: str = "-published_at",
) -> QuerySet:
    """Records matching `text`, best matches first. Any input is safe: websearch_to_tsquery
    never raises on syntax (quotes, `&`, `!`, `:*`...)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor != "postgresql":
        match = Q()
        for field in fallback_fields:
            match |= Q(**{f"{field}__icontains": text})
        return queryset.filter(match)
    # Only our own table name and constant SQL are interpolated; the user's text is a parameter.
    table = queryset.model._meta.db_table
    query = "websearch_to_tsquery('english'::regconfig, %s) || websearch_to_tsquery('simple'::regconfig, %s)"
    return (
        queryset.alias(
            matches=RawSQL(f"{table}.search_vector @@ ({query})", [text, text], output_field=BooleanField())  # noqa: S611  # nosec
        )
        .filter(matches=True)
        .annotate(
            rank=RawSQL(f"ts_rank({table}.search_vector, {query})", [text, text], output_field=FloatField())  # noqa: S611  # nosec
        )
        .order_by("-rank", tie_break)
    )


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` matches. A common word can match a quarter of the forum;
    counting every match would cost more than the page itself, and nobody reads page 400."""

    def __init__(self, object_list, per_page, *, cap: int = 1000):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # Unordered, so Postgres stops at the first cap + 1 matches instead of ranking them all.
        return len(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
