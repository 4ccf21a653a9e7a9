"""Querysets compiled to SQL once per process, for the queries every signed-in request makes.

Django compiles a queryset to SQL each time it runs. For the session and the signed-in person (with
their access facts), compiling costs several times the CPU Postgres takes to answer, on every
request. A `PreparedQuery` compiles its queryset once, with placeholder values, and runs that SQL
with the request's values in their place. `first` brings its row back through `raw`, so its
queryset may filter and annotate but not use select_related; `all` builds the rows as the queryset
would, select_related included. Neither prefetches.
"""

import functools
from collections.abc import Callable

from django.db import connection, connections
from django.db.models import FETCH_ONE, QuerySet
from django.db.models.query import get_related_populators


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], *placeholders):
        """`build(*placeholders)` makes the queryset; each placeholder must stand for a value that
        Django passes to the database unchanged (a UUID, a string, a datetime) and appear in its
        parameters exactly once."""
        self._build = build
        self._placeholders = placeholders

    @functools.cached_property
    def _compiled(self):
        queryset = self._build(*self._placeholders)
        sql, params = queryset.query.sql_with_params()
        slots = []
        for placeholder in self._placeholders:
            if params.count(placeholder) != 1:
                raise ValueError(f"{placeholder!r} must appear once in the parameters of {sql}")
            slots.append(params.index(placeholder))
        return queryset.model, sql, params, slots

    def first(self, *values):
        """The first row for these values in the placeholders' places, or None."""
        if connection.vendor != "postgresql":
            return self._build(*values).first()
        model, sql, params, slots = self._compiled
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        return next(iter(model._default_manager.raw(sql, params)), None)

    @functools.cached_property
    def _compiled_with_related(self):
        queryset = self._build(*self._placeholders)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        slots = []
        for placeholder in self._placeholders:
            if params.count(placeholder) != 1:
                raise ValueError(f"{placeholder!r} must appear once in the parameters of {sql}")
            slots.append(params.index(placeholder))
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError(f"Composite keys are not supported: {sql}")
        return compiler, sql, params, slots, compiler.get_converters(columns)

    def all(self, *values) -> list:
        """Every row for these values, built as the queryset would build them: model instances
        with their annotations and their select_related objects (fetched one at a time if more
        are asked for, Django's default)."""
        if connection.vendor != "postgresql":
            return list(self._build(*values))
        compiler, sql, params, slots, converters = self._compiled_with_related
        params = list(params)
        for slot, value in zip(slots, values, strict=True):
            params[slot] = value
        db = compiler.using
        database = connections[db]
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        model = klass_info["model"]
        related = get_related_populators(klass_info, select, db, FETCH_ONE)
        objects = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in converters.items():
                for convert in functions:
                    row[position] = convert(row[position], expression, database)
            obj = model.from_db(db, init_list, row[start:end], fetch_mode=FETCH_ONE)
            for populator in related:
                populator.populate(row, obj)
            for name, position in compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
