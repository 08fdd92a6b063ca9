"""The site search's precomputed documents (PostgreSQL only).

One row per searchable record and language: its weighted full-text document (title A, short
fields B, long text C) in that language's configuration, on unaccented text, and its unaccented
title (name, title, acronym) for trigram typo tolerance. Both carry GIN indexes, one per kind
and language (migrations 0002, 0003 and 0005), in the language's own partition of the table
(migration 0006: a search reads one language, whose rows are then stored together).

Nobody writes these rows from Python. PostgreSQL triggers on the searched tables (places,
programs, organisations, events, laws and publications; migration 0002) rewrite a record's
documents whenever it is inserted or updated, and remove them when it is deleted, whatever
does it: the admin, the seed command, bulk actions, bulk inserts, raw SQL. Publication state
is not copied: the search joins the documents to the published records at query time, so a
record that is published, unpublished or scheduled needs nothing done to its documents.

The model is unmanaged: its table, functions and triggers are created by a PostgreSQL-only
migration, and SQLite (the embedded default), whose search reads the records themselves, has
no such table.

Each searched model gets a reverse relation `search_documents` (no database constraint, nothing
done on delete) so that a query can join a record to its document. A document row only belongs
to a record of its own kind: join through a FilteredRelation that names the kind and the
language, never through the bare relation. (network.search writes its own SQL, which names
them too.)
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


def _record(model):
    return models.ForeignObject(
        model,
        on_delete=models.DO_NOTHING,
        from_fields=["object_id"],
        to_fields=["id"],
        related_name="search_documents",
    )


class SearchDocument(models.Model):
    pk = models.CompositePrimaryKey("kind", "language", "object_id")
    kind = models.CharField(max_length=16)  # network.search.Kind.key: "places", "programs"…
    language = models.CharField(max_length=8)  # "fr", "en"
    object_id = models.BigIntegerField()
    document = SearchVectorField()
    title = models.TextField()  # the unaccented title (name, acronym…), for trigram similarity
    # Virtual relations (object_id -> id), one per searched model, for joins only.
    center = _record("centers.Center")
    program = _record("programs.Program")
    organization = _record("partners.Organization")
    event = _record("history.Event")
    reference = _record("history.Reference")

    class Meta:
        managed = False
        db_table = "network_searchdocument"

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language})"
