#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port (and on a
# Unix socket in the same directory), trusts the user "postgres", and is tuned for speed rather
# than durability (fsync off). It is stopped and deleted when the command ends, whatever its
# result. The exit code is the command's.
#
# Environment:
#   PG_BINDIR   directory holding initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#   PG_DBNAME   name of the database created for the command (default: acces_sante)
#   PG_TMP_PARENT  where the temporary directory goes (default: /tmp, readable by "postgres")
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

log() { echo "with-postgres: $*" >&2; }

find_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
    fi
}

if [ -n "${PG_BINDIR:-}" ] && [ ! -x "$PG_BINDIR/initdb" ]; then
    log "PG_BINDIR=$PG_BINDIR holds no initdb"
    exit 1
fi

bindir="${PG_BINDIR:-$(find_bindir)}"
if [ -z "$bindir" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL server binaries found; installing Debian's postgresql package"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 update -qq
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >/dev/null
        bindir="$(find_bindir)"
    fi
fi
if [ -z "$bindir" ]; then
    cat >&2 <<'EOF'
with-postgres: no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin).
Install the PostgreSQL server, for example on Debian/Ubuntu:
    sudo apt-get install postgresql
or set PG_BINDIR to the directory holding initdb and pg_ctl,
or set DATABASE_URL to an existing PostgreSQL server whose user may create databases.
EOF
    exit 1
fi

# initdb refuses to run as root: run the server as the "postgres" user in that case.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user 'postgres' to own the throwaway cluster"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin postgres
    fi
    as_pg=(runuser -u postgres --)
fi

tmp_parent="${PG_TMP_PARENT:-/tmp}"
pgtmp="$(mktemp -d "$tmp_parent/throwaway-pg.XXXXXX")"
chmod 0755 "$pgtmp"
if [ "${#as_pg[@]}" -gt 0 ]; then
    chown postgres: "$pgtmp"
fi
datadir="$pgtmp/data"
logfile="$pgtmp/postgres.log"
started=0

cleanup() {
    local rc=$?
    if [ "$started" -eq 1 ]; then
        (cd "$pgtmp" && "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1) \
            || log "warning: pg_ctl stop failed (see $logfile)"
    fi
    rm -rf "$pgtmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

# Run PostgreSQL tools from the temp dir: the postgres user may not be able to read our cwd.
pg() { (cd "$pgtmp" && "${as_pg[@]}" "$@"); }

if ! pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-sync >"$pgtmp/initdb.log" 2>&1; then
    # Older systems may lack the C.UTF-8 locale.
    rm -rf "$datadir"
    if ! pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C --no-sync >"$pgtmp/initdb.log" 2>&1; then
        log "initdb failed:"
        cat "$pgtmp/initdb.log" >&2
        exit 1
    fi
fi

port=""
for _attempt in 1 2 3; do
    port="$(free_port)"
    opts="-c listen_addresses=127.0.0.1 -p $port -k $pgtmp"
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if pg "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "$opts" start >/dev/null; then
        started=1
        break
    fi
    log "server did not start on port $port; retrying"
done
if [ "$started" -ne 1 ]; then
    log "could not start PostgreSQL; server log:"
    tail -n 30 "$logfile" >&2 || true
    exit 1
fi

dbname="${PG_DBNAME:-acces_sante}"
pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$dbname"

version="$("$bindir/postgres" --version | awk '{print $3}')"
echo "Using throwaway PostgreSQL $version on 127.0.0.1:$port (database $dbname, data in $pgtmp)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$dbname"
set +e
"$@"
rc=$?
set -e
exit "$rc"
