"""Forum search, kept fast whatever the size of the forum.

- An index on the posts' age, newest first: search ranks only the newest matches of a common word
  and finds them by walking it (participation.services.search.search_newest).
- The text indexes write new entries straight into the index (`fastupdate = off`). With the default,
  entries wait in a pending list, up to 4 MB, that every search reads through in full and only a
  vacuum clears; the planner then prices the index so high that it scans the whole table instead.
  The forum gets a few posts a minute, so the slower insert costs nothing noticeable."""

from django.db import migrations, models

GIN_INDEXES = ["community_post_search", "community_topic_search"]


def write_through(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        # Turning it off keeps entries already pending; move them into the index now.
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def use_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("community", "0003_unconference")]

    operations = [
        migrations.AddIndex(model_name="post", index=models.Index(fields=["-created_at", "-id"], name="post_newest")),
        migrations.RunPython(write_through, use_pending_list),
    ]
