#!/usr/bin/env bash
# Installs both Debian packages into a fresh Debian root (debootstrap, from Debian's own packages)
# and uses them there as an administrator and a technician would, with no Swift in sight:
# versions, the service's user and state, tokens, `fieldsync-server serve` answering /healthz
# and a sync from the agent, a graceful SIGTERM, then upgrade (data kept), remove (data kept)
# and purge (data and user gone, nothing asked).
#
#   scripts/install-test.sh            # the packages in dist/ (scripts/package.sh makes them)
#   scripts/install-test.sh DIR        # the packages in DIR
#
# Needs root (debootstrap, chroot) and Debian's mirror (the one apt uses here, or
# $FIELDSYNC_DEBIAN_MIRROR). Downloaded .debs are kept in .build-pkg/debootstrap-cache for
# the next run; the root itself is made anew each time and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="$(cd "${1:-dist}" && pwd)"
started=$SECONDS
if [ "$(id -u)" -ne 0 ]; then
    echo "install-test: needs root (debootstrap, chroot, mount): sudo scripts/install-test.sh" >&2
    exit 1
fi

scripts/setup.sh debootstrap curl

agent_deb="$(ls "$dist"/fieldsync_*_amd64.deb 2>/dev/null | tail -1)"
server_deb="$(ls "$dist"/fieldsync-server_*_amd64.deb 2>/dev/null | tail -1)"
if [ -z "$agent_deb" ] || [ -z "$server_deb" ]; then
    echo "install-test: no packages in $dist; run scripts/package.sh first" >&2
    exit 1
fi
version="$(dpkg-deb -f "$agent_deb" Version)"

# The same Debian release as this machine (the binaries were linked against its libraries),
# from the mirror apt uses here.
. /etc/os-release
suite="${VERSION_CODENAME:-bookworm}"
mirror="${FIELDSYNC_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
    mirror="$( (grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}';
        grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}') \
        | grep -E '/debian/?$' | head -1)" || true
    mirror="${mirror:-http://deb.debian.org/debian}"
fi

base="$(mktemp -d /tmp/fieldsync-install.XXXXXX)"
root="$base/root"
server_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    ! mountpoint -q "$root/proc" 2>/dev/null || umount "$root/proc" || umount -l "$root/proc" || true
    # Never into a file system still mounted inside the root.
    rm -rf --one-file-system "$base"
}
trap cleanup EXIT

step() { echo "install-test: [$((SECONDS - started)) s] $*"; }
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }
as_user() { local user="$1"; shift; in_root runuser -u "$user" -- env HOME="$(in_root getent passwd "$user" | cut -d: -f6)" "$@"; }

step "debootstrap $suite (minbase) from $mirror"
cache="$PWD/.build-pkg/debootstrap-cache"
mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" "$suite" "$root" "$mirror" > "$base/debootstrap.log" 2>&1 \
    || { tail -20 "$base/debootstrap.log"; fail "debootstrap"; }
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
[ -z "$(ls "$root/usr/bin" | grep -i '^swift')" ] || fail "the fresh root has Swift"

step "apt-get install ./fieldsync_${version}_amd64.deb ./fieldsync-server_${version}_amd64.deb"
mkdir -p "$root/tmp/debs"
cp "$agent_deb" "$server_deb" "$root/tmp/debs/"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/debs/$(basename "$agent_deb")" "/tmp/debs/$(basename "$server_deb")" < /dev/null > "$base/apt.log" 2>&1 \
    || { tail -30 "$base/apt.log"; fail "apt-get install"; }

step "versions, files, user and state"
in_root fieldsync --version | grep -qx "fieldsync $version (commit .*)" || fail "fieldsync --version: $(in_root fieldsync --version)"
in_root fieldsync-server --version | grep -qx "fieldsync-server $version (commit .*)" || fail "fieldsync-server --version"
for file in /usr/share/man/man1/fieldsync.1.gz /usr/share/man/man1/fieldsync.sync.1.gz \
    /usr/share/man/man1/fieldsync-server.serve.1.gz /usr/share/bash-completion/completions/fieldsync \
    /usr/share/zsh/vendor-completions/_fieldsync-server /usr/share/fish/vendor_completions.d/fieldsync.fish \
    /usr/share/doc/fieldsync/copyright /usr/share/doc/fieldsync-server/README.md.gz \
    /lib/systemd/system/fieldsync-server.service /lib/systemd/system/fieldsync-sync@.timer /usr/lib/systemd/user/fieldsync-sync.timer \
    /usr/lib/systemd/user/fieldsync-sync.service /etc/default/fieldsync-server; do
    [ -e "$root$file" ] || fail "$file is missing"
done
for program in fieldsync fieldsync-server; do
    in_root bash -c ". /usr/share/bash-completion/completions/$program && complete -p $program" > /dev/null \
        || fail "the bash completion of $program does not load"
done
in_root getent passwd fieldsync | grep -q ':/var/lib/fieldsync:/usr/sbin/nologin$' || fail "no system user fieldsync"
state="$(in_root stat -c '%U:%G %a' /var/lib/fieldsync)"
[ "$state" = "fieldsync:fieldsync 750" ] || fail "/var/lib/fieldsync is $state, not fieldsync:fieldsync 750"
# Enabled at installation (deb-systemd-helper); the timers stay off until an administrator enables them.
[ -L "$root/etc/systemd/system/multi-user.target.wants/fieldsync-server.service" ] || fail "fieldsync-server.service is not enabled"
[ ! -e "$root/etc/systemd/system/timers.target.wants/fieldsync-server-backup.timer" ] || fail "the backup timer is on"
[ -z "$(ls "$root/etc/systemd/system/timers.target.wants" 2>/dev/null | grep fieldsync)" ] || fail "a fieldsync timer is on"

step "the systemd units load (systemd-analyze verify, systemd installed in the root for it)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd < /dev/null > "$base/systemd.log" 2>&1 \
    || { tail -20 "$base/systemd.log"; fail "apt-get install systemd"; }
in_root useradd --create-home --shell /bin/bash tech
# The templates as fieldsync-sync@tech would instantiate them.
cp "$root/lib/systemd/system/fieldsync-sync@.service" "$root/tmp/fieldsync-sync@tech.service"
cp "$root/lib/systemd/system/fieldsync-sync@.timer" "$root/tmp/fieldsync-sync@tech.timer"
in_root systemd-analyze verify --man=no /lib/systemd/system/fieldsync-server.service \
    /lib/systemd/system/fieldsync-server-backup.service /lib/systemd/system/fieldsync-server-backup.timer \
    /tmp/fieldsync-sync@tech.service /tmp/fieldsync-sync@tech.timer \
    /usr/lib/systemd/user/fieldsync-sync.service /usr/lib/systemd/user/fieldsync-sync.timer || fail "systemd-analyze verify"

step "tokens, and the server as its service runs it (user fieldsync, /etc/default/fieldsync-server)"
token="$(as_user fieldsync fieldsync-server token create --db /var/lib/fieldsync/server.sqlite --role technician --region south --name 陈杰 2> /dev/null)"
[ -n "$token" ] || fail "token create"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 18080)"
sed -i "s/^FIELDSYNC_PORT=.*/FIELDSYNC_PORT=$port/" "$root/etc/default/fieldsync-server"
# The unit's ExecStart, with its settings file (setpriv execs, so SIGTERM reaches the server itself).
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    setpriv --reuid=fieldsync --regid=fieldsync --init-groups -- sh -c 'set -a; . /etc/default/fieldsync-server; cd /var/lib/fieldsync;
    exec fieldsync-server serve --host "$FIELDSYNC_HOST" --port "$FIELDSYNC_PORT" $FIELDSYNC_SERVE_OPTIONS' \
    > "$base/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$base/serve.log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$base/serve.log"; fail "the server did not start"; }
    sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] || fail "/healthz did not answer 200"

step "a technician: fieldsync init, customer add, sync"
as_user tech fieldsync init --server http://example.com --token "$token" > "$base/refused.log" 2>&1 && fail "plain http to the internet was accepted"
as_user tech fieldsync init --server "http://127.0.0.1:$port" --token "$token" --region 华南 --technician 陈杰 > /dev/null
as_user tech fieldsync customer add --name 广州银河公墓 --contact 王经理 --product 骨灰存放架:GH-200:40 > /dev/null
as_user tech fieldsync sync > "$base/sync.log" 2>&1 || { cat "$base/sync.log"; fail "fieldsync sync"; }
[ "$(as_user tech fieldsync status --json | grep -o '"pending" *: *[0-9]*' | grep -o '[0-9]*$')" = 0 ] || fail "the customer was not pushed"

step "SIGTERM stops the server gracefully"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server exited with $? on SIGTERM"
server_pid=""

# The nightly backup, once `fieldsync-server backup` exists in this build (issue 13).
if in_root fieldsync-server --help | grep -qE '^ +backup( |$)'; then
    step "the nightly backup's script"
    in_root runuser -u fieldsync -- env FIELDSYNC_BACKUP_DIR=/var/lib/fieldsync/backups /usr/lib/fieldsync-server/backup > /dev/null
    ls "$root/var/lib/fieldsync/backups" | grep -qE '^server-[0-9]{8}-[0-9]{6}\.sqlite$' || fail "no backup written"
fi

step "upgrade (the same packages again): data, token and settings kept"
in_root env DEBIAN_FRONTEND=noninteractive dpkg -i "/tmp/debs/$(basename "$agent_deb")" "/tmp/debs/$(basename "$server_deb")" < /dev/null > "$base/upgrade.log" 2>&1 \
    || { cat "$base/upgrade.log"; fail "dpkg -i over the installed packages"; }
as_user fieldsync fieldsync-server token list --db /var/lib/fieldsync/server.sqlite | grep -q 陈杰 || fail "the token is gone after the upgrade"
grep -q "^FIELDSYNC_PORT=$port$" "$root/etc/default/fieldsync-server" || fail "the settings were replaced on upgrade"

step "remove: data, user and settings kept"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq fieldsync-server fieldsync < /dev/null > "$base/remove.log" 2>&1 \
    || { cat "$base/remove.log"; fail "apt-get remove"; }
[ ! -e "$root/usr/bin/fieldsync-server" ] || fail "the binary is still there"
[ -f "$root/var/lib/fieldsync/server.sqlite" ] || fail "remove deleted the data"
in_root getent passwd fieldsync > /dev/null || fail "remove deleted the user"
[ -f "$root/etc/default/fieldsync-server" ] || fail "remove deleted the settings"

step "purge: data, user and settings gone, nothing asked"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq fieldsync-server fieldsync < /dev/null > "$base/purge.log" 2>&1 \
    || { cat "$base/purge.log"; fail "apt-get purge"; }
[ ! -e "$root/var/lib/fieldsync" ] || fail "purge kept /var/lib/fieldsync"
! in_root getent passwd fieldsync > /dev/null || fail "purge kept the user"
! in_root getent group fieldsync > /dev/null || fail "purge kept the group"
[ ! -e "$root/etc/default/fieldsync-server" ] || fail "purge kept the settings"
[ -d "$root/home/tech/.local/share/fieldsync" ] || fail "purging the agent deleted a user's replica"

step "passed: fieldsync $version installs, serves, syncs, upgrades, removes and purges"
