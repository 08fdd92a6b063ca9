"""Backups of everything durable, and their restore (`manage.py backup` and `manage.py restore`,
behind `make backup` and `make restore`; "Backup and restore" in the README).

A backup is one folder under settings.BACKUP_DIR, named after its time in UTC, holding:

- `database.dump`: PostgreSQL's custom-format archive (`pg_dump -Fc`), consistent while the site
  runs; or, on SQLite (`make run`), `database.sqlite3`, a copy made with SQLite's online backup
  API, consistent too;
- `private-media.tar`: the folder settings.PRIVATE_MEDIA_ROOT (the grant documents, which live
  outside the database);
- `manifest.json`: when, from which database engine, the latest migration of each app, and the
  size and SHA-256 of both files, checked before a restore touches anything.

The folder is written under a hidden name and renamed once complete: a folder with a manifest is
a whole backup. The cache (Redis) holds nothing that needs one.

A restore replaces the database and the private folder with the backup's, in one transaction on
PostgreSQL (the archive's SQL through psql with ON_ERROR_STOP: a failure leaves the database as
it was), refuses to overwrite a database or a folder that holds anything unless told to, then
runs ANALYZE (without statistics the planner walks whole tables: search was 19 times slower),
checks the migrations against the code, rebuilds the search documents and makes the cached pages
stale.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from core import page_cache
from network import search

MANIFEST = "manifest.json"
FORMAT = 1
POSTGRESQL_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
FILES_ARCHIVE = "private-media.tar"
# Rows that `migrate` writes by itself into a new database (the roles' groups and their
# permissions come from accounts' migrations): a database holding only these is empty as far as
# a restore is concerned. SQLite's own tables (sqlite_*) do not count either.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}
# How long one pg_dump, pg_restore or psql may run.
TOOL_TIMEOUT = 6 * 60 * 60
_TOC_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


@dataclass
class RestoreReport:
    folder: Path
    replaced: bool
    documents: int = 0
    files: int = 0
    unapplied: list = field(default_factory=list)
    unknown: list = field(default_factory=list)


# -- PostgreSQL's tools -------------------------------------------------------------------------


def pg_tool(name):
    """The newest PostgreSQL's `name` (pg_dump, pg_restore, psql): PG_BINDIR, then
    /usr/lib/postgresql/<version>/bin as scripts/with-postgres.sh finds them, then the PATH. A
    pg_dump must be at least as new as the server, hence the newest."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()),
        key=lambda path: int(path.parent.name),
        reverse=True,
    )
    candidates += [path / name for path in versions]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} is missing: install PostgreSQL's client tools (Debian/Ubuntu: "
        "sudo apt-get install postgresql-client), or set PG_BINDIR to the folder holding them."
    )


def _pg_environment(db):
    """libpq's variables for the configured database: no password on a command line."""
    env = {**os.environ}
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode"),
    }
    for name, value in values.items():
        if value:
            env[name] = str(value)
        else:
            env.pop(name, None)
    return env


def _run(command, env, what, stdout=subprocess.PIPE):
    """Run one of PostgreSQL's tools; its output is returned, or written to `stdout`."""
    try:
        result = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, arguments we build
            command,
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} took longer than {TOOL_TIMEOUT} s and was stopped.") from exc
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.decode('utf-8', 'replace').strip()}")
    return result


# -- what a backup holds --------------------------------------------------------------------------


def _sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _latest_migrations(connection):
    """{app: latest applied migration}, as the database says."""
    latest = {}
    for app, name in sorted(MigrationExecutor(connection).loader.applied_migrations):
        latest[app] = max(latest.get(app, name), name)
    return latest


def _folder_name(parent, now):
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    name, number = stamp, 1
    while (parent / name).exists() or (parent / f".{name}.partial").exists():
        number += 1
        name = f"{stamp}-{number}"
    return name


def create_backup(into=None, *, using=DEFAULT_DB_ALIAS, now=None):
    """Write a backup folder under `into` (settings.BACKUP_DIR) and return its path."""
    connection = connections[using]
    parent = Path(into or settings.BACKUP_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    name = _folder_name(parent, now or datetime.now(UTC))
    partial = parent / f".{name}.partial"
    partial.mkdir()
    try:
        if connection.vendor == "postgresql":
            database = partial / POSTGRESQL_FILE
            command = [pg_tool("pg_dump"), "--format=custom", "--file", str(database)]
            _run(command, _pg_environment(connection.settings_dict), "pg_dump")
        elif connection.vendor == "sqlite":
            database = partial / SQLITE_FILE
            _sqlite_copy(connection.settings_dict["NAME"], database)
        else:
            raise BackupError(f"No backup for a {connection.vendor} database.")
        archive = partial / FILES_ARCHIVE
        files = _archive_private_media(archive)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": connection.vendor,
                "file": database.name,
                "bytes": database.stat().st_size,
                "sha256": _sha256(database),
                "migrations": _latest_migrations(connection),
            },
            "private_media": {
                "file": archive.name,
                "files": files,
                "bytes": archive.stat().st_size,
                "sha256": _sha256(archive),
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        final = parent / name
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _sqlite_copy(source, target):
    """SQLite's online backup API: a consistent copy while others read and write."""
    if not Path(source).is_file():
        raise BackupError(f"There is no database at {source}: nothing to back up.")
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    finally:
        target_db.close()
        source_db.close()


def _private_root():
    return Path(settings.PRIVATE_MEDIA_ROOT)


def _archive_private_media(archive):
    """The private folder's files into a tar (the folder may not exist yet: an empty tar)."""
    root = _private_root()
    count = 0
    with tarfile.open(archive, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if relative.parts[0].startswith(".restoring-"):
                    continue
                tar.add(path, arcname=str(relative), recursive=False)
                count += path.is_file()
    return count


# -- restore --------------------------------------------------------------------------------------


def read_manifest(folder):
    """The backup's manifest, after checking that both of its files are whole."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{folder} is not a backup: it has no {MANIFEST} (an unfinished backup has none)."
        )
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} was written in a format this code does not read.")
    for part in ("database", "private_media"):
        file = folder / manifest[part]["file"]
        if not file.is_file() or _sha256(file) != manifest[part]["sha256"]:
            raise BackupError(f"{file} is missing or damaged (its SHA-256 differs): not restored.")
    return manifest


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """No table holds a row, apart from what `migrate` writes by itself."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES or table.startswith("sqlite_"):
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608 - a table's name, quoted
            if cursor.fetchone():
                return False
    return True


def private_media_is_empty():
    root = _private_root()
    return not root.exists() or not any(path.is_file() for path in root.rglob("*"))


def restore_backup(folder, *, replace=False, using=DEFAULT_DB_ALIAS):
    """Replace the database and the private folder with the backup's; see the module's text."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"{folder} holds a {vendor} database, and this site uses {connection.vendor}: "
            "restore it into the same kind of database."
        )
    holding = []
    if not database_is_empty(using):
        holding.append(f"the database {connection.settings_dict['NAME']}")
    if not private_media_is_empty():
        holding.append(f"the folder {_private_root()}")
    if holding and not replace:
        raise BackupError(
            f"Not restored: {' and '.join(holding)} already "
            f"{'hold' if len(holding) > 1 else 'holds'} data, which the restore would replace."
            " Run it again with CONFIRM=yes (manage.py restore --replace) to replace it."
        )
    report = RestoreReport(folder=folder, replaced=bool(holding))
    database = folder / manifest["database"]["file"]
    connection.close()
    if vendor == "postgresql":
        _restore_postgresql(connection, database)
    else:
        _restore_sqlite(connection, database)
    report.files = _restore_private_media(folder / manifest["private_media"]["file"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.unapplied, report.unknown = migration_differences(connection)
    if not report.unapplied and not report.unknown:
        report.documents = search.rebuild_documents()
    page_cache.bump()
    return report


def _restore_postgresql(connection, archive):
    """The archive as SQL (dropping what it holds first) into psql, in one transaction, after
    dropping the tables it does not hold (made by a migration newer than the backup)."""
    env = _pg_environment(connection.settings_dict)
    listing = _run([pg_tool("pg_restore"), "--list", str(archive)], env, "pg_restore --list")
    in_archive = set(_TOC_TABLE.findall(listing.stdout.decode("utf-8", "replace")))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        extra = sorted(set(cursor.fetchall()) - in_archive)
        # A partitioned table goes first, its partitions with it: the archive's own clean-up
        # would drop each partition's key before the table's, which PostgreSQL refuses (the
        # search documents: network migration 0006). The archive makes them again.
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'p' AND n.nspname = current_schema() ORDER BY 2"
        )
        partitioned = cursor.fetchall()
    connection.close()
    quote = connection.ops.quote_name
    preamble = "".join(
        f"DROP TABLE IF EXISTS {quote(schema)}.{quote(table)} CASCADE;\n"
        for schema, table in [*partitioned, *extra]
    )
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "restore.sql"
        script.write_text(preamble)
        sql = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        sql += ["--file", "-", str(archive)]
        with script.open("ab") as out:
            _run(sql, env, "pg_restore", stdout=out)
        psql = [pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction"]
        psql += ["--set", "ON_ERROR_STOP=1", "--file", str(script)]
        _run(psql, env, "psql (restoring the archive)")


def _restore_sqlite(connection, copy):
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_private_media(archive):
    """The folder's content becomes the archive's: unpacked beside it first, then swapped in
    (the folder itself stays: it may be a mount point)."""
    root = _private_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root))
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(staging, filter="data")
        for entry in root.iterdir():
            if entry == staging:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in staging.iterdir():
            entry.rename(root / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sum(1 for path in root.rglob("*") if path.is_file())


def migration_differences(connection):
    """(migrations the code has and the database lacks, migrations the database has and the
    code lacks): both empty when the restored schema is the code's."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    plan = executor.migration_plan(loader.graph.leaf_nodes())
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    apps_with_migrations = {app for app, _name in loader.disk_migrations}
    unknown = sorted(
        f"{app}.{name}"
        for app, name in loader.applied_migrations
        if app in apps_with_migrations and (app, name) not in loader.disk_migrations
    )
    return unapplied, unknown
