#!/usr/bin/env bash
# Property-based API testing: schemathesis generates requests from the server's own OpenAPI
# document (/openapi.yaml), valid and invalid ones, and checks every answer against it: no 5xx,
# every status documented, content types and bodies (and required headers) as documented,
# invalid input refused and valid input accepted, auth enforced, 405 with Allow for a method a
# route does not take, and the paging link of a pull followed (stateful phase).
#
# Runs once with a headquarters token and once with a technician token of one region, on a
# throwaway SQLite store with a little demo data. Bounded and deterministic: a fixed seed and
# a fixed number of examples per operation (SCHEMATHESIS_SEED, SCHEMATHESIS_MAX_EXAMPLES).
# Uses the built fieldsync-server (builds it only when missing). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

schemathesis_version=4.32.5
seed="${SCHEMATHESIS_SEED:-20261127}"
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-150}"
venv="$PWD/.build/schemathesis-venv"
reports="$PWD/.build/schemathesis-report"
hooks="$PWD/scripts/schemathesis_hooks.py"

# schemathesis in its own venv, made once and reused while it holds the pinned version.
if ! "$venv/bin/python" -c "import sys, schemathesis; sys.exit(schemathesis.__version__ != '$schemathesis_version')" 2>/dev/null; then
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
        scripts/setup.sh python3-venv
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

bin="$(swift build --show-bin-path)/fieldsync-server"
[ -x "$bin" ] || swift build --product fieldsync-server

work="$(mktemp -d /tmp/fieldsync-schemathesis.XXXXXX)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/server.sqlite"
"$bin" seed-demo --db "$db" --customers 30 --months 3 >/dev/null
hq_token="$("$bin" token create --db "$db" --name schemathesis-hq --role hq 2>/dev/null)"
technician_token="$("$bin" token create --db "$db" --name schemathesis-north --role technician --region north 2>/dev/null)"

# Wrong tokens are what schemathesis sends on purpose (auth probes, /login): no limit on
# guessing them here, or the rest of the run would get 429 for a minute.
"$bin" serve --db "$db" --port 0 --log-level warning --failed-sign-in-limit 1000000 \
    >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
    grep -q "listening on" "$work/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
base="$(sed -n 's/^fieldsync-server listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/server.out" | head -1)"
if [ -z "$base" ]; then
    echo "schemathesis: fieldsync-server did not start" >&2
    cat "$work/server.log" >&2
    exit 1
fi

passed=0
failed=0
run() {
    local name="$1" token="$2"
    echo "schemathesis: $name token against $base/openapi.yaml (seed $seed, $max_examples examples per operation)"
    local status=0
    rm -rf "${reports:?}/$name"
    # The hooks seed attachment records (and bytes) with the run's token, for the attachment routes.
    (cd "$work" && SCHEMATHESIS_HOOKS="$hooks" FIELDSYNC_BASE="$base" FIELDSYNC_TOKEN="$token" "$venv/bin/schemathesis" run "$base/openapi.yaml" \
        --header "Authorization: Bearer $token" \
        --checks all \
        --seed "$seed" \
        --max-examples "$max_examples" \
        --max-redirects 0 \
        --request-timeout 30 \
        --generation-database none \
        --report junit --report-dir "$reports/$name" \
        --no-color) || status=$?
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "schemathesis: fieldsync-server died during the $name run" >&2
        tail -40 "$work/server.log" >&2
        status=1
    fi
    if [ "$status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

run hq "$hq_token"
run technician "$technician_token"
echo "schemathesis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
