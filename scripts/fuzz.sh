#!/usr/bin/env bash
# Fuzzes the wire decoder and the merge (Fuzz/WireFuzz.swift) with libFuzzer for a bounded time.
#
#   scripts/fuzz.sh                 # 60 seconds
#   scripts/fuzz.sh --seconds 600   # longer
#
# Builds Shared/ and the fuzz entry into one executable with -sanitize=fuzzer,address (plain
# swiftc, not SwiftPM), runs it on a copy of Fuzz/corpus/, and writes crash inputs to
# .build/fuzz/artifacts/. Exits non-zero if libFuzzer found a crash, a timeout or an out-of-memory.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds)
            [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -gt 0 ] || {
                echo "fuzz: --seconds takes a whole number of seconds, e.g. --seconds 600" >&2
                exit 64
            }
            seconds="$2"
            shift 2
            ;;
        -h | --help)
            sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "fuzz: unknown argument '$1' (try --seconds N)" >&2
            exit 64
            ;;
    esac
done

out_dir=.build/fuzz
binary="$out_dir/WireFuzz"
artifacts="$out_dir/artifacts"
log="$out_dir/last-run.log"
mkdir -p "$out_dir" "$artifacts"

# FUZZ_OPT=-Onone builds faster and gives plainer stacks; -O fuzzes several times more inputs a second.
root="$PWD"
opt="${FUZZ_OPT:--O}"
# Shared/ without the files that import a package (the attachment digest's SHA-256, swift-crypto):
# plain swiftc has no packages, and the fuzzed decoder and merge do not use them.
mapfile -t sources < <(find "$root/Shared" -name '*.swift' -exec grep -L '^import Crypto$' {} + | sort)
sources+=("$root/Fuzz/WireFuzz.swift")

# Rebuild only when a source, this script or the optimisation level changed since the last build.
stamp="$out_dir/WireFuzz.opt"
if [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$opt" ] \
    && [ -z "$(find "${sources[@]}" "$0" -newer "$binary" | head -1)" ]; then
    echo "fuzz: $binary is up to date"
else
    echo "fuzz: compiling ${#sources[@]} files with swiftc $opt -sanitize=fuzzer,address"
    start=$EPOCHREALTIME
    # Whole-module: as fast to build on 2 cores as file by file, and runs about 1.5x more inputs a second.
    # gold warns about every ASan register thunk it cannot export: noise, left out of the output.
    # Run from a scratch directory: with -g the driver leaves module files in the current one.
    mkdir -p "$out_dir/scratch"
    (cd "$out_dir/scratch" && swiftc -sanitize=fuzzer,address -parse-as-library "$opt" -wmo -g \
        -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
        -module-name FieldSyncFuzz "${sources[@]}" -o "$root/$binary.tmp") \
        2> >(grep -v "Cannot export local symbol '__asan" >&2)
    mv "$binary.tmp" "$binary"
    echo "$opt" >"$stamp"
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "fuzz: compiled in %.1f s\n", b - a }'
fi

# libFuzzer adds what it finds to the first corpus directory: a throwaway copy keeps the seeds clean.
corpus="$(mktemp -d "${TMPDIR:-/tmp}/fieldsync-fuzz.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
cp Fuzz/corpus/* "$corpus/"

marker="$out_dir/.run-start"
touch "$marker"
echo "fuzz: running for ${seconds} s on $(ls "$corpus" | wc -l) seeds (the full log, each new input too: $log)"
# The Swift runtime keeps metadata caches for the life of the process: not leaks worth reporting.
status=0
# Swift's own crash backtracer would race ASan reading the stack; libFuzzer prints the stack instead.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" SWIFT_BACKTRACE=enable=no "$binary" "$corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" 2>&1 | tee "$log" | grep --line-buffered -v -E '^(#[0-9]+[[:space:]]+(NEW|REDUCE) |[[:space:]]+NEW_FUNC)' \
    || status=${PIPESTATUS[0]}

# One line: runs, speed and coverage from the final stats and the last status line.
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
status_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")
features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")
corpus_size=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$status_line")
found=$(find "$artifacts" -type f -newer "$marker" | sort)
if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    echo "fuzz: FAILED (libFuzzer exit $status) after ${runs:-?} runs, ${speed:-?} exec/s, cov ${cov:-?}, ft ${features:-?}; input: ${found:-none written}; log: $log"
    exit "$(( status != 0 ? status : 1 ))"
fi
echo "fuzz: ok, ${runs:-?} runs in ${seconds} s (${speed:-?} exec/s), cov ${cov:-?}, ft ${features:-?}, corpus ${corpus_size:-?}; log: $log"
