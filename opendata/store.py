"""Stored open-data files: served as stored while current, built again when the data changed.

A file is built with the others of its group (the two 360Giving files, the data·inclusion
files, one list's CSV and XLSX in one language) and stored in the database (`Dataset`), gzip'd,
with its ETag, under the page cache's *generation* read before building (core/page_cache.py:
every public change bumps it, at once and when its transaction commits) and the next scheduled
publication. A request serves the stored file only when both still hold; otherwise it builds
the group again under a PostgreSQL advisory lock, stores it and serves it. If another process
holds the lock (it is building the same group), the request is told so (`Busy`: the view
answers 503 with Retry-After) rather than building a second copy of a file that can weigh
tens of megabytes; if the cache cannot say the generation, the request builds its own copy
and serves it without storing it. Never a file older than the data. `manage.py
build_datasets` builds every group ahead of the visitors.
"""

import gzip
import hashlib
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import page_cache

from .models import Dataset


class Busy(Exception):  # noqa: N818 - a state, not an error
    """Another process is building this group now: ask again in a moment."""


@dataclass
class Built:
    """A file as a builder makes it (content None: it cannot exist yet, see `absent`)."""

    content: bytes | None
    content_type: str
    rows: int = 0


@dataclass
class File:
    """A file ready to serve: stored (`Dataset`) or built for this request only."""

    name: str
    content_type: str
    etag: str
    modified_at: object
    size: int
    rows: int
    absent: bool
    gzipped: bytes = field(repr=False, default=b"")

    @property
    def content(self):
        return gzip.decompress(self.gzipped) if self.gzipped else b""

    @classmethod
    def from_row(cls, row):
        return cls(
            name=row.name,
            content_type=row.content_type,
            etag=row.etag,
            modified_at=row.modified_at,
            size=row.size,
            rows=row.rows,
            absent=row.absent,
            gzipped=bytes(row.content),
        )


def etag_of(content):
    return f'W/"{hashlib.sha256(content or b"").hexdigest()[:32]}"'


def _compress(content):
    # mtime=0: the same bytes always compress the same.
    return gzip.compress(content, compresslevel=6, mtime=0) if content else b""


def is_current(row, generation, now):
    return (
        generation is not None
        and row.generation == str(generation)
        and (row.valid_until is None or now < row.valid_until)
    )


def _lock_key(group_key, origin):
    # A signed 64-bit key for pg_try_advisory_xact_lock, from the group and the site address.
    return zlib.crc32(f"opendata:{origin}:{group_key}".encode()) - 2**31


def _try_lock(group_key, origin):
    """Whether this transaction may build and store the group (always, outside PostgreSQL)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_key(group_key, origin)])
        return cursor.fetchone()[0]


def _files(built, now, previous=None):
    previous = previous or {}
    files = {}
    for name, item in built.items():
        content = item.content
        etag = etag_of(content) if content is not None else 'W/"absent"'
        old = previous.get(name)
        files[name] = File(
            name=name,
            content_type=item.content_type,
            etag=etag,
            modified_at=old.modified_at if old is not None and old.etag == etag else now,
            size=len(content or b""),
            rows=item.rows,
            absent=content is None,
            gzipped=_compress(content),
        )
    return files


def build(group, origin, *, store=True):
    """Build a group's files and store them (when the generation is known). Returns
    {name: File}; raises Busy when another process is building the group."""
    started = timezone.now()
    generation = page_cache.current_generation()
    valid_until = page_cache.next_scheduled(started)
    with transaction.atomic():
        locked = store and generation is not None and _try_lock(group.key, origin)
        if store and generation is not None and not locked:
            raise Busy(group.key)
        built = group.build(origin)
        previous = {
            row.name: row
            for row in Dataset.objects.filter(origin=origin, name__in=list(built)).defer("content")
        }
        files = _files(built, started, previous)
        if locked:
            for name, file in files.items():
                Dataset.objects.update_or_create(
                    origin=origin,
                    name=name,
                    defaults={
                        "content": file.gzipped,
                        "absent": file.absent,
                        "content_type": file.content_type,
                        "size": file.size,
                        "rows": file.rows,
                        "etag": file.etag,
                        "generation": str(generation),
                        "valid_until": valid_until,
                        "built_at": started,
                        "modified_at": file.modified_at,
                    },
                )
    return files


def current_row(name, origin, *, with_content=False):
    """The stored row of a file if it is current, else None (content deferred unless asked)."""
    rows = Dataset.objects.filter(origin=origin, name=name)
    if not with_content:
        rows = rows.defer("content")
    row = rows.first()
    if row is None or not is_current(row, page_cache.current_generation(), timezone.now()):
        return None
    return row


def too_large(name, origin):
    """The row count of the file's last build when it is too large to build in a request
    (settings.OPEN_DATA_REQUEST_BUILD_MAX_ROWS), else None."""
    last = Dataset.objects.filter(origin=origin, name=name).values_list("rows", flat=True).first()
    if last is not None and last > settings.OPEN_DATA_REQUEST_BUILD_MAX_ROWS:
        return last
    return None


def fetch(group, name, origin):
    """The file `name` of `group`, current: the stored one, or built now (and stored). Raises
    Busy when another process builds it, or when it is too large to build in a request."""
    row = current_row(name, origin, with_content=True)
    if row is not None:
        return File.from_row(row)
    if too_large(name, origin):
        raise Busy(group.key)
    return build(group, origin)[name]


def freshness(names, origin):
    """{name: Dataset row without content} of the files stored and current (for the catalogue
    page: what it says of each file's size and date is then true)."""
    generation = page_cache.current_generation()
    now = timezone.now()
    rows = Dataset.objects.filter(origin=origin, name__in=list(names)).defer("content")
    return {row.name: row for row in rows if is_current(row, generation, now)}
