"""Full-text search over the forum: generated tsvector columns with GIN indexes, as for the register
(see participation/migrations/0004_engagement_search.py). Postgres only."""

from django.db import migrations

# English is stemmed; the simple configuration also matches Welsh words as they are.
COLUMNS = {
    "community_topic": "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'B')",
    "community_post": "to_tsvector('english'::regconfig, coalesce(body, ''))"
    " || to_tsvector('simple'::regconfig, coalesce(body, ''))",
}


def add_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)")


def drop_search_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("community", "0001_community")]

    operations = [migrations.RunPython(add_search_columns, drop_search_columns)]
