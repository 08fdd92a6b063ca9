"""The backup drill, as an operator runs it: seed, add private documents, back up, wipe, restore,
and nothing is lost.

It runs the real commands (`manage.py backup` and `restore`, which `make backup` and
`make restore` call) in subprocesses, on a database of its own: on PostgreSQL a database with a
unique name on the server of DATABASE_URL (never the test database, which pytest keeps inside a
transaction), dropped at the end whatever happens; on SQLite a file in a temporary folder. What
"nothing is lost" means here: every table's row count and a checksum of all its rows, every
sequence's position (the next record gets a new id, not a used one), and the private files'
bytes are the same after the restore as before the backup.
"""

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parents[2]
COMMAND_TIMEOUT = 120  # seconds for one manage.py command

# Run in the drill's database by `manage.py shell` (one process: each costs Django's start): the
# seed content (`seed_network`, as `make run` loads it), documents for the grants (stored by the
# private storage, as an upload is) and a user, so that the private folder and the accounts'
# tables hold something.
SEED = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.files.base import ContentFile
from funders.models import GrantDocument
from programs.models import Grant

call_command("seed_network", verbosity=0)
grants = list(Grant.objects.order_by("pk")[:2])
assert grants, "the seed holds grants"
for number, grant in enumerate(grants):
    body = b"%PDF-1.4\\n" + bytes(range(256)) * (number + 3) + b"\\n%%EOF\\n"
    document = GrantDocument(grant=grant, title=f"Report {number}", size=len(body))
    document.file.save("report.pdf", ContentFile(body), save=False)
    document.save()
get_user_model().objects.create_user("drill", "drill@example.org", "a long drill password")
"""
# What happens between the backup and a restore over it: a place deleted, a document added, a
# table a newer migration might have made.
CHANGE_AFTER_BACKUP = """
from django.core.files.base import ContentFile
from django.db import connection
from centers.models import Center
from funders.models import GrantDocument
from programs.models import Grant

Center.objects.order_by("pk").first().delete()
document = GrantDocument(grant=Grant.objects.first(), title="Added later", size=9)
document.file.save("later.pdf", ContentFile(b"%PDF-late"), save=False)
document.save()
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE drill_stray (id integer)")
"""


def manage(env, *args, check=True):
    result = subprocess.run(  # noqa: S603 - this project's manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if check:
        output = f"{result.stdout}{result.stderr}"
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{output}"
    return result


def files_of(root):
    """{relative path: bytes} of every file under root."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_folder(result):
    found = re.search(r"Backup written: (\S+)", result.stdout)
    assert found, result.stdout
    return Path(found.group(1))


# -- PostgreSQL -----------------------------------------------------------------------------------


def _server_parameters():
    """How to reach the server of DATABASE_URL (the test settings' database), for psycopg."""
    db = connection.settings_dict
    params = {"host": db["HOST"] or "127.0.0.1", "user": db["USER"] or "postgres"}
    if db["PORT"]:
        params["port"] = db["PORT"]
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    return params


def _admin(statement):
    """A statement on the server's maintenance database, outside any transaction."""
    with psycopg.connect(dbname="postgres", autocommit=True, **_server_parameters()) as admin:
        admin.execute(statement)


@pytest.fixture
def postgres_drill(tmp_path):
    """A database of the drill's own on the tests' server, and the environment of its commands."""
    name = f"backup_drill_{uuid.uuid4().hex[:12]}"
    params = _server_parameters()
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        password = f":{params['password']}" if "password" in params else ""
        port = f":{params['port']}" if "port" in params else ""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{params['user']}{password}@{params['host']}{port}/{name}",
            "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
            "DJANGO_BACKUP_DIR": str(tmp_path / "backups"),
        }
        yield name, env
    finally:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def postgres_contents(name):
    """{table: (rows, md5 of all rows in order)} and {sequence: last value}."""
    with psycopg.connect(dbname=name, **_server_parameters()) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        contents = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                "ORDER BY t::text COLLATE \"C\"), '')) FROM {} AS t"
            ).format(sql.Identifier(table))
            contents[table] = db.execute(query).fetchone()
        sequences = dict(
            db.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
    return contents, sequences


def analysed_tables(name):
    with psycopg.connect(dbname=name, **_server_parameters()) as db:
        return {
            row[0]
            for row in db.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            )
        }


def test_postgresql_backup_wipe_restore_loses_nothing(postgres_drill, tmp_path):
    name, env = postgres_drill
    private = Path(env["DJANGO_PRIVATE_MEDIA_ROOT"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SEED)
    before, sequences = postgres_contents(name)
    files = files_of(private)
    assert len(files) == 2
    assert before["centers_center"][0] > 0 and before["funders_grantdocument"][0] == 2
    assert before["network_searchdocument"][0] > 0

    folder = backup_folder(manage(env, "backup"))
    assert folder.parent == Path(env["DJANGO_BACKUP_DIR"])
    assert sorted(path.name for path in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "private-media.tar",
    ]

    # A database that holds data is not overwritten without the confirmation.
    refused = manage(env, "restore", str(folder), check=False)
    assert refused.returncode != 0
    assert "CONFIRM=yes" in refused.stderr
    assert postgres_contents(name) == (before, sequences)

    # The disaster: the database and the private folder are gone.
    _admin(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    shutil.rmtree(private)

    restored = manage(env, "restore", str(folder))
    assert "Migrations match the code" in restored.stdout
    assert postgres_contents(name) == (before, sequences)
    assert files_of(private) == files
    # Statistics are there at once: the planner does not walk whole tables.
    assert {"centers_center", "network_searchdocument"} <= analysed_tables(name)

    # Over a database changed since (a place deleted, a document added, a table made), with
    # the confirmation: the backup's state exactly, nothing of the changes left.
    manage(env, "shell", "-c", CHANGE_AFTER_BACKUP)
    assert postgres_contents(name)[0]["centers_center"] != before["centers_center"]
    manage(env, "restore", "--replace", str(folder))
    assert postgres_contents(name) == (before, sequences)
    assert files_of(private) == files


def test_a_damaged_backup_is_refused_before_anything_is_touched(postgres_drill):
    name, env = postgres_drill
    folder = backup_folder(manage(env, "backup"))
    with (folder / "database.dump").open("r+b") as dump:
        dump.seek(100)
        dump.write(b"\0damaged\0")
    _admin(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    refused = manage(env, "restore", str(folder), check=False)
    assert refused.returncode != 0
    assert "damaged" in refused.stderr
    assert postgres_contents(name) == ({}, {})


# -- SQLite (make run) ----------------------------------------------------------------------------


def sqlite_contents(path):
    """{table: (rows, sha256 of all rows in rowid order)}."""
    with sqlite3.connect(path) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        contents = {}
        for table in tables:
            digest = hashlib.sha256()
            rows = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608
            for row in rows:
                digest.update(repr(row).encode())
            contents[table] = (len(rows), digest.hexdigest())
    return contents


def test_sqlite_backup_wipe_restore_loses_nothing(tmp_path):
    database = tmp_path / "db.sqlite3"
    private = tmp_path / "private-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "False",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_PRIVATE_MEDIA_ROOT": str(private),
        "DJANGO_BACKUP_DIR": str(tmp_path / "backups"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SEED)
    before = sqlite_contents(database)
    files = files_of(private)
    assert before["centers_center"][0] > 0 and len(files) == 2

    folder = backup_folder(manage(env, "backup"))
    assert (folder / "database.sqlite3").is_file()

    database.unlink()
    shutil.rmtree(private)
    restored = manage(env, "restore", str(folder))
    assert "Migrations match the code" in restored.stdout
    assert sqlite_contents(database) == before
    assert files_of(private) == files
