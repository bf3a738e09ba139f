#!/usr/bin/env bash
# The main job: a sync server on a throwaway SQLite file, five regions' technicians and
# headquarters recording offline, syncing, a conflict settled by a person, and HQ's view.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build --product fieldsync
swift build --product fieldsync-server
bin="$(swift build --show-bin-path)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
show() { printf '\033[1m$ %s\033[0m\n' "$*"; }
id_of() { sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' | head -n 1; }
server() { "$bin/fieldsync-server" "$@" --db "$work/server.sqlite"; }
# Run fieldsync as one of the replicas: as NAME fieldsync ARGS...
as() { local name=$1; shift; FIELDSYNC_DB="$work/$name.sqlite" "$bin/fieldsync" "$@"; }
shown_as() { local name=$1; shift; show "[$name] fieldsync $*"; as "$name" "$@"; }

say "The sync server, on an embedded SQLite file"
"$bin/fieldsync-server" serve --db "$work/server.sqlite" --port 0 --log-level warning > "$work/server.out" &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out")
echo "listening on $url"

say "Tokens: a technician for each region, two dispatch rooms in the North, headquarters"
declare -A region_zh=([north]=华北 [northwest]=西北 [southwest]=西南 [central]=华中 [south]=华南)
declare -A city=([north]=北京 [northwest]=西安 [southwest]=成都 [central]=武汉 [south]=广州)
for region in north northwest southwest central south; do
    token=$(server token create --role technician --region "$region" --name "tech-$region" 2>/dev/null)
    as "tech-$region" init --server "$url" --token "$token" --region "$region" --technician "${city[$region]}技术员" > /dev/null
done
for desk in beijing tianjin; do
    token=$(server token create --role office --region north --name "office-$desk" 2>/dev/null)
    as "office-$desk" init --server "$url" --token "$token" --region north > /dev/null
done
hq_token=$(server token create --role hq --name headquarters 2>/dev/null)
as hq init --server "$url" --token "$hq_token" > /dev/null
show "fieldsync-server token list"; server token list

say "Offline on customer sites: each region records a day's work"
day=0
for region in north northwest southwest central south; do
    day=$((day + 1))
    customer=$(as "tech-$region" customer add --name "${city[$region]}市福寿园" --contact "王经理" --phone "0${day}0-8888" \
        --product "骨灰存放架:GH-200:$((day * 10))" --json | id_of)
    visit=$(as "tech-$region" visit add --customer "$customer" --kind repair --called-at "2026-11-2${day}T09:00+08:00" \
        --arrived-at "2026-11-2${day}T$((12 + day)):30+08:00" --work-done "更换门铰链" --part "门铰链:2" --json | id_of)
    as "tech-$region" visit close "$visit" --completed-at "2026-11-2${day}T18:00+08:00" --first-time-fix yes > /dev/null
    rating=满意; [ "$region" = south ] && rating=不满意
    as "tech-$region" card add --visit "$visit" --rating "$rating" --filled-by "王经理" --filled-at "2026-11-2${day}T18:10+08:00" > /dev/null
    as "tech-$region" complaint add --customer "$customer" --channel phone --description "存放架门有划痕" \
        --received-at "2026-11-2${day}T20:00+08:00" > /dev/null
done
shown_as tech-south visit list --lang zh

say "Still offline: the South technician scans the unsatisfied customer's opinion card and attaches it"
# A one-page PDF made here, so the demo needs no file of its own (offsets computed for the xref table).
make_pdf() {
    local objects=("<</Type/Catalog/Pages 2 0 R>>" "<</Type/Pages/Kids[3 0 R]/Count 1>>"
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 120]>>")
    local out=$'%PDF-1.4\n' offsets=() i
    for i in 0 1 2; do offsets+=("${#out}"); out+="$((i + 1)) 0 obj ${objects[$i]} endobj"$'\n'; done
    local xref=${#out}
    out+=$'xref\n0 4\n0000000000 65535 f \n'
    for i in 0 1 2; do out+="$(printf '%010d 00000 n ' "${offsets[$i]}")"$'\n'; done
    out+="trailer <</Size 4/Root 1 0 R>>"$'\n'"startxref"$'\n'"$xref"$'\n%%EOF\n'
    printf '%s' "$out" > "$1"
}
make_pdf "$work/card-scan.pdf"
south_card=$(as tech-south card list --json | id_of)
shown_as tech-south attach card "$south_card" --file "$work/card-scan.pdf" --caption "客户签字的意见卡：存放架门有划痕" --lang zh
shown_as tech-south attachment list card "$south_card" --lang zh
shown_as tech-south status --lang zh

say "Sync: each technician pushes its day and pulls its region"
for region in north northwest southwest central south; do shown_as "tech-$region" sync; done
shown_as office-beijing sync
shown_as office-tianjin sync

say "Two North dispatch rooms edit the same customer at once, offline"
customer=$(as office-beijing customer list --json | id_of)
shown_as office-beijing customer edit "$customer" --phone 010-6666-1111 --lang zh > /dev/null
shown_as office-tianjin customer edit "$customer" --phone 010-6666-2222 --lang zh > /dev/null
shown_as office-beijing sync
show "[office-tianjin] fieldsync sync"; as office-tianjin sync || echo "(exit $?: done, but a conflict waits for a person)"
shown_as office-tianjin conflicts --lang zh

say "A person settles it: one resolve, and every replica follows"
dot=$(as office-tianjin conflicts --json | sed -n 's/.*"dot":"\([0-9a-f]*:[0-9]*\)","value":"010-6666-1111".*/\1/p')
shown_as office-tianjin resolve customer "$customer" --field phone --keep "$dot" --reason "客户电话确认" --by 天津调度室 --lang zh
shown_as office-tianjin sync
shown_as office-beijing sync
shown_as tech-north sync
shown_as tech-north conflicts
shown_as tech-north customer show "$customer" --lang zh

say "Headquarters: everything, consolidated"
shown_as hq sync
shown_as hq customer list --lang zh
shown_as hq visit list --lang zh
shown_as hq complaint list --lang zh
shown_as hq card list --lang zh
show "fieldsync-server replica list"; server replica list
shown_as hq report --period 2026-11 --lang zh

say "Headquarters opens the South's scan: on its replica, and on the dashboard"
scan=$(as hq attachment list --json | id_of)
shown_as hq attachment list --lang zh
shown_as hq attachment get "$scan" --output "$work/hq-card-scan.pdf"
cmp "$work/card-scan.pdf" "$work/hq-card-scan.pdf" && echo "the same bytes the technician scanned ($(wc -c < "$work/hq-card-scan.pdf") bytes)"
page="/dashboard/records?figure=customer_satisfaction&period=2026-11&region=south&lang=en"
show "curl -H 'Authorization: Bearer <hq token>' '$url$page'   (the drill-down names the scan)"
curl -fsS -H "Authorization: Bearer $hq_token" "$url$page" | grep -o '<figure class="attachment".*</figure>'
show "curl -H 'Authorization: Bearer <hq token>' '$url/dashboard/attachments/$scan'   (its bytes, scope-checked)"
curl -fsS -H "Authorization: Bearer $hq_token" "$url/dashboard/attachments/$scan" | cmp - "$work/card-scan.pdf" && echo "served whole"
echo "(in a browser: sign in at $url/login with the hq token, then open $url$page)"

say "A year of the five regions' work (seed-demo), checked against the manual's targets"
show "fieldsync-server seed-demo --customers 300 --months 12 --end 2026-10"
"$bin/fieldsync-server" seed-demo --db "$work/year.sqlite" --customers 300 --months 12 --end 2026-10
show "fieldsync-server report --period 2026 --lang zh"
"$bin/fieldsync-server" report --db "$work/year.sqlite" --period 2026 --lang zh
echo '(serve that store with `fieldsync-server serve --db year.sqlite` to see the same figures, trends and drill-down at /dashboard)'

say "The North dispatch room's morning: what is due today"
show "[office-beijing] fieldsync visit add --kind repair --called-at <yesterday 08:00> ...   (a call nobody has answered yet)"
as office-beijing visit add --customer "$customer" --kind repair --called-at "$(date -d 'yesterday 08:00' '+%Y-%m-%dT%H:%M%:z')" \
    --technician 北京技术员 > /dev/null
shown_as office-beijing due --lang zh
