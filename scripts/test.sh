#!/usr/bin/env bash
# Builds everything once and runs every test suite. What CI runs (.ci/run).
#
# The storage and end-to-end suites also run on PostgreSQL: unless FIELDSYNC_TEST_POSTGRES_URL
# already names a server, this starts a throwaway cluster on loopback (as the unprivileged
# `postgres` user, trust auth, in a temp dir) and stops it on exit.
#
#   scripts/test.sh          # what CI runs: every suite at its bounded size, then the Debian
#                            # packages built and installed in a fresh Debian root (about 12 + 16 minutes here)
#   scripts/test.sh --long   # the trust suites at length: 200 crash loops, 15 faulty-network rounds
#                            # at 10% faults, 2,000 schemathesis examples per operation, 1 h of fuzzing
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_seconds=60
case "${1:-}" in
    "") ;;
    --long)
        export FIELDSYNC_CRASH_ITERATIONS=200 FIELDSYNC_FAULT_ROUNDS=15 FIELDSYNC_FAULT_PROBABILITY=0.1
        export SCHEMATHESIS_MAX_EXAMPLES=2000
        fuzz_seconds=3600
        ;;
    *)
        echo "test: unknown argument '$1' (scripts/test.sh [--long])" >&2
        exit 64
        ;;
esac

# PostgreSQL for the storage suites on both backends; Chromium drives the dashboard's browser test;
# the end-to-end tests read replica files with Python's sqlite3 (and schemathesis runs on Python).
scripts/setup.sh postgresql chromium python3

pg_dir=""
stop_postgres() {
    if [ -n "$pg_dir" ]; then
        runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    fi
}

start_postgres() {
    # The newest installed server version, whatever Debian ships.
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
        echo "test: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
        exit 1
    fi
    local runner=()
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || { echo "test: no postgres user to run the cluster as" >&2; exit 1; }
        runner=(runuser -u postgres --)
    fi
    pg_dir="$(mktemp -d /tmp/fieldsync-pg.XXXXXX)"
    trap stop_postgres EXIT
    [ "$(id -u)" -ne 0 ] || chown postgres "$pg_dir"
    # A free loopback port.
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    (cd "$pg_dir" && "${runner[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null)
    (cd "$pg_dir" && "${runner[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c max_connections=400" start >/dev/null)
    export FIELDSYNC_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "test: throwaway PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$port"
}

if [ -z "${FIELDSYNC_TEST_POSTGRES_URL:-}" ]; then
    start_postgres
fi

# Formatting as a habit: the code as .swift-format writes it (swift format -i -r --parallel DIRS).
swift format lint --strict --recursive --parallel Package.swift Shared Agent Server Demo Sources Tests Bench Fuzz

swift build --build-tests
FIELDSYNC_BIN_DIR="$(swift build --show-bin-path)" swift test --skip-build --disable-xctest

# Property-based API testing of the running server against its own /openapi.yaml (schemathesis
# from PyPI, in a venv under .build): no 5xx, every answer as documented, as hq and as a technician.
scripts/schemathesis.sh

# libFuzzer on the wire decoder and the merge, for a bounded time (Fuzz/README.md: longer runs).
scripts/fuzz.sh --seconds "$fuzz_seconds"

# The benchmark at its smoke scale: every scenario on a few thousand records, checking
# correctness only (every sync succeeds, counts match, conflict replicas converge), no timing.
"$(swift build --show-bin-path)/fieldsync-bench" --scale smoke
# The same on PostgreSQL (the push on one and two instances, the fan-in scan on the embedded server
# and on one and two instances): every sync succeeds and every count matches; no timing.
FIELDSYNC_BENCH_POSTGRES_URL="$FIELDSYNC_TEST_POSTGRES_URL" \
    "$(swift build --show-bin-path)/fieldsync-bench" --scale smoke --backend postgres

# The Debian packages: a static release build packaged with man pages, completions and systemd
# units (lintian must find no errors), then installed and used in a fresh Debian root made by
# debootstrap: about 16 minutes more here on a clean checkout (docs/packaging.md).
scripts/package.sh
if [ "$(id -u)" -eq 0 ]; then
    scripts/install-test.sh
elif [ -n "${CI:-}" ]; then
    echo "test: the install test needs root (debootstrap, chroot)" >&2
    exit 1
else
    echo "test: skipped the install test (needs root: sudo scripts/install-test.sh)"
fi
