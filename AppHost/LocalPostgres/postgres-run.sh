#!/bin/sh
# postgres-run: runs the PostgreSQL server command line it is given, and turns the
# orchestrator's stop signal (SIGTERM) into a fast shutdown (SIGINT).
# PostgreSQL reads SIGTERM as "smart" shutdown and waits for every client to disconnect; the
# app's connection pools stay open until those processes exit, so the orchestrator kills the
# server first and the next start has to recover from a crash. A fast shutdown ends the
# sessions and stops cleanly within a second.
"$@" &
server=$!
trap 'kill -INT "$server" 2>/dev/null' TERM INT

wait "$server"
status=$?
# A trapped signal interrupts wait: keep waiting for the server's own exit status.
while [ "$status" -gt 128 ] && kill -0 "$server" 2>/dev/null; do
    wait "$server"
    status=$?
done
exit "$status"
