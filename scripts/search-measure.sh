#!/bin/sh
# Times `fieldsync … list --search` on a replica of about 1,000,000 records (issue 17), once:
# `seed-demo` fills a server with realistic records (Chinese names, addresses, work done), a
# headquarters replica pulls them all (so every record reaches the search index the way a pull
# puts it there), then each search runs 5 times and the median wall time is printed.
#
#   scripts/search-measure.sh [BIN_DIR] [CUSTOMERS]     # default .build/release, 12000 customers
set -eu
bin=$(cd "${1:-.build/release}" && pwd)
customers=${2:-12000}
work=$(mktemp -d /tmp/fieldsync-search.XXXXXX)
port=${FIELDSYNC_MEASURE_PORT:-18717}
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

start=$(now)
"$bin/fieldsync-server" seed-demo --db "$work/server.sqlite" --customers "$customers" --months 12 --seed 1 \
    --end 2026-11 > /dev/null
echo "seed-demo: $(elapsed "$start" "$(now)") s"
token=$("$bin/fieldsync-server" token create --db "$work/server.sqlite" --role hq --name hq)
"$bin/fieldsync-server" serve --db "$work/server.sqlite" --port "$port" > "$work/server.log" 2>&1 &
server=$!
sleep 2
export FIELDSYNC_DB="$work/hq.sqlite"
"$bin/fieldsync" init --server "http://127.0.0.1:$port" --token "$token" > /dev/null
start=$(now)
"$bin/fieldsync" sync --retries 0 > /dev/null
echo "initial pull (search index built as the records arrive): $(elapsed "$start" "$(now)") s"
python3 - "$work/hq.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("records:", c.execute("SELECT COUNT(*) FROM record").fetchone()[0],
      dict(c.execute("SELECT kind, COUNT(*) FROM record GROUP BY kind").fetchall()))
PY

measure() {
    times=""
    for _ in 1 2 3 4 5; do
        start=$(now)
        "$bin/fieldsync" "$@" --json > "$work/out.json"
        times="$times $(elapsed "$start" "$(now)")"
    done
    found=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/out.json")
    median=$(echo "$times" | tr ' ' '\n' | grep . | sort -n | sed -n 3p)
    echo "$* -> $found records, median ${median} s (runs:$times)"
}
measure customer list --search 成都青松 --limit 20
measure customer list --search 松园路 --limit 20
measure customer list --search 北京 --limit 20
measure visit list --search 更换温控器 --limit 20
measure visit list --search 铰链 --limit 20
measure complaint list --search 门锁 --limit 20
measure customer list --search 13912345678 --limit 20
