"""A trigram full-text index of movie titles on SQLite, kept in step by triggers.

The library's text search matches substrings of the title, original title, clean title
and alternative titles. Without an index that reads every movie; SQLite's FTS5 trigram
tokenizer answers the same substring question from an index, so a search costs about the
same for 100 or 20,000 movies. PostgreSQL keeps the plain ILIKE search (nothing here).
"""

from django.db import migrations

TEXT = (
    "coalesce({row}.title, '') || ' ' || coalesce({row}.original_title, '') || ' ' || "
    "coalesce({row}.clean_title, '') || ' ' || coalesce({row}.alternative_titles, '')"
)

FORWARDS = [
    "CREATE VIRTUAL TABLE movies_movie_search USING fts5(text, tokenize='trigram')",
    "CREATE TRIGGER movies_movie_search_insert AFTER INSERT ON movies_movie BEGIN "
    f"INSERT INTO movies_movie_search(rowid, text) VALUES (new.id, {TEXT.format(row='new')}); "
    "END",
    "CREATE TRIGGER movies_movie_search_delete AFTER DELETE ON movies_movie BEGIN "
    "DELETE FROM movies_movie_search WHERE rowid = old.id; END",
    "CREATE TRIGGER movies_movie_search_update AFTER UPDATE OF "
    "title, original_title, clean_title, alternative_titles ON movies_movie BEGIN "
    f"UPDATE movies_movie_search SET text = {TEXT.format(row='new')} WHERE rowid = new.id; "
    "END",
    "INSERT INTO movies_movie_search(rowid, text) "
    f"SELECT id, {TEXT.format(row='movies_movie')} FROM movies_movie",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS movies_movie_search_update",
    "DROP TRIGGER IF EXISTS movies_movie_search_delete",
    "DROP TRIGGER IF EXISTS movies_movie_search_insert",
    "DROP TABLE IF EXISTS movies_movie_search",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("movies", "0002_seed_qualities_and_profiles")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
