#!/bin/sh
# postgres-init: prepares the local PostgreSQL data directory, then exits.
#   postgres-init.sh <data-directory> <bin-directory>   (password in $POSTGRES_PASSWORD)
# - creates the data directory (mode 0700; owned by the postgres OS user when run as root),
# - runs initdb when it is empty,
# - sets the superuser password to $POSTGRES_PASSWORD on every start: the data directory can
#   outlive the user-secrets store that holds the password, and a new one must still work.
set -eu

data_dir=$1
bin_dir=$2
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"

if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "postgres-init: running as root, but there is no 'postgres' OS user to run PostgreSQL as." >&2
        exit 1
    fi
    as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
else
    as_postgres() { "$@"; }
fi

# Parents must stay reachable for the postgres user; the data directory itself is private.
umask 022
mkdir -p "$data_dir"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$data_dir"
fi
chmod 700 "$data_dir"

if ! as_postgres test -w "$data_dir"; then
    echo "postgres-init: the postgres OS user cannot write to $data_dir (is a parent directory private, like root's home?). Set LocalPostgres:DataDirectory elsewhere." >&2
    exit 1
fi

if [ -z "$(ls -A "$data_dir")" ]; then
    echo "postgres-init: creating a PostgreSQL cluster in $data_dir"
    umask 077
    pwfile=$(mktemp)
    trap 'rm -f "$pwfile"' EXIT
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$pwfile"
    fi
    as_postgres "$bin_dir/initdb" --pgdata="$data_dir" --username=postgres --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --no-locale
    rm -f "$pwfile"
elif [ ! -f "$data_dir/PG_VERSION" ]; then
    echo "postgres-init: $data_dir is neither empty nor a PostgreSQL data directory." >&2
    exit 1
fi

# Single-user mode: no network, no other sessions. exit_on_error makes a failure visible in
# the exit code, and the statement (it holds the password) is never logged.
echo "postgres-init: setting the superuser password"
escaped=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
printf "ALTER ROLE postgres PASSWORD '%s';\n" "$escaped" |
    as_postgres "$bin_dir/postgres" --single -D "$data_dir" \
        -c exit_on_error=on -c log_min_error_statement=panic -c log_checkpoints=off postgres >/dev/null
echo "postgres-init: ready"
