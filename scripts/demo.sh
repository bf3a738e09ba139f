#!/usr/bin/env bash
# The main job: a technician's offline session on a throwaway replica, printed as it goes.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --product fieldsync
bin="$(swift build --show-bin-path)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export FIELDSYNC_DB="$work/replica.sqlite"

step() { printf '\n\033[1m$ fieldsync %s\033[0m\n' "$*"; "$bin/fieldsync" "$@"; }
id_of() { sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p'; }

step init --server https://sync.example.com --token demo-token --region 华南 --technician "陈杰"
customer=$("$bin/fieldsync" customer add --name "广州银河公墓" --contact "王经理" --phone 020-8888-1234 \
    --address "广州市天河区" --product "骨灰存放架:GH-200:40" --product "瞻仰台:ZY-3:2" --json | id_of)
step customer show "$customer" --lang zh
visit=$("$bin/fieldsync" visit add --customer "$customer" --kind repair \
    --called-at "2026-11-26T09:30+08:00" --arrived-at "2026-11-26T16:45+08:00" \
    --work-done "更换存放架门铰链" --part "门铰链:2" --json | id_of)
step visit close "$visit" --completed-at "2026-11-26T18:00+08:00" --first-time-fix yes --lang zh
step card add --visit "$visit" --rating 基本满意 --praise "师傅很专业" --complaint-text "希望早点到" --filled-by "王经理" --lang zh
step complaint add --customer "$customer" --channel phone --description "Rack door scratched on delivery" \
    --received-at "2026-11-26T20:00+08:00"
step part add --visit "$visit" --part "门铰链" --quantity 2
step visit list --lang zh
step visit list --json
step status
step export --format csv
