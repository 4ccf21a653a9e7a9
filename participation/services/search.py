"""Full-text search over the register and the forum: Postgres `websearch` syntax on an indexed column, with a
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


def search_newest(
    queryset: QuerySet,
    text: str,
    *,
    limit: int,
    fallback_fields: tuple[str, ...] = ("title_en", "title_cy"),
    newest: tuple[str, ...] = ("-created_at", "-pk"),
) -> list:
    """The primary keys of the `limit` newest records matching `text`, best match first, then
    newest. One query; the caller loads the rows of the page it shows.

    A common word matches a good share of a large table, and ranking every match costs time in
    proportion to the table. Ranking only the newest `limit` matches keeps the work bounded: with an
    index in the `newest` order, Postgres walks it until it has `limit` matches (about
    limit / share-of-rows-matching rows, whatever the table's size), or for a rare word takes the
    few matches from the text index and sorts them."""
    text = text.strip()
    if not text:
        return []
    matching = search(queryset, text, fallback_fields=fallback_fields, tie_break=newest[0]).order_by(*newest)
    if connection.vendor != "postgresql":
        return list(matching.values_list("pk", flat=True)[:limit])
    rows = list(matching.values_list("pk", "rank")[:limit])
    rows.sort(key=lambda row: row[1], reverse=True)  # a stable sort: equal ranks stay newest first
    return [pk for pk, _rank in rows]


def in_order(queryset: QuerySet, pks: list) -> list:
    """The rows of `queryset` with these primary keys, in their order (search_newest's ranking);
    a key the queryset does not hold is left out."""
    found = queryset.in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` matches. A common word can match a quarter of the forum;
    counting every match would cost more than the page itself, and nobody reads page 400. Give it a
    queryset, or the list from search_newest() with at most cap + 1 entries."""

    def __init__(self, object_list, per_page, *, cap: int = 1000):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return min(len(self.object_list), self.cap + 1)
        # Unordered, so Postgres stops at the first cap + 1 matches instead of ranking them all.
        return len(self.object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
