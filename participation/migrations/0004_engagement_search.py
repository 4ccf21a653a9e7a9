"""Full-text search columns for the register: generated tsvector columns with GIN indexes.

Postgres only: on SQLite (the embedded default) the register falls back to plain matching,
see participation.services.search.
"""

from django.db import migrations

# English text is stemmed; Postgres has no Welsh configuration, so Welsh text is matched word by word.
COLUMNS = {
    "participation_project": "setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(title_cy, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(summary_en, '')), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(summary_cy, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(affected_communities, '')), 'C')",
    "participation_activity": "setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(title_cy, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(summary_en, '')), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(summary_cy, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(findings_en, '')), 'C')",
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
    dependencies = [("participation", "0003_engagement_log")]

    operations = [migrations.RunPython(add_search_columns, drop_search_columns)]
