"""Full-text search over publications: a generated tsvector column with a GIN index, as for guidance
documents (0002_guidance_search). Postgres only."""

from django.db import migrations

TABLE = "guidance_publication"
# English is stemmed; Postgres has no Welsh configuration, so Welsh is matched word by word.
EXPRESSION = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(title_cy, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(summary_en, '')), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(summary_cy, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(search_text, '')), 'C')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'D')"
)


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({EXPRESSION}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {TABLE}_search ON {TABLE} USING gin (search_vector)")


def drop_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("guidance", "0003_publications")]

    operations = [migrations.RunPython(add_search_column, drop_search_column)]
