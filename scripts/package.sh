#!/usr/bin/env bash
# Builds the Debian packages of both programs from a release build with the Swift runtime linked
# statically, so the machines that install them need no Swift:
#
#   dist/fieldsync_VERSION_amd64.deb          the agent, its man pages, completions, nightly sync timer
#   dist/fieldsync-server_VERSION_amd64.deb   the server, run as a service, with a backup timer
#
# and checks both with lintian (no errors allowed). Usage:
#
#   scripts/package.sh                          # VERSION from the file VERSION and git (below)
#   FIELDSYNC_VERSION=0.2.0 scripts/package.sh  # a version of your own
#   SWIFT=/path/to/wrapper scripts/package.sh   # run `swift` through a wrapper (a build lock)
#
# The version: the file VERSION when HEAD is tagged vVERSION, else VERSION~gitDATE.COUNT.COMMIT
# (a snapshot, which sorts before the release). Both programs' --version print it with the commit (-dirty when the work
# tree had changes). The build works on a copy of the sources in .build-pkg/src, where
# Shared/Release/BuildStamp.swift is written; the work tree is never changed. See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022
root="$PWD"
swift="${SWIFT:-swift}"
work="$root/.build-pkg"
dist="$root/dist"
maintainer="${FIELDSYNC_MAINTAINER:-FieldSync maintainers <fieldsync@example.com>}"

# dpkg-dev: dpkg-shlibdeps; rsync: the source copy; lintian: the check; python3: the copyright file.
scripts/setup.sh dpkg-dev rsync lintian python3 binutils xz-utils

started=$SECONDS
say() { echo "package: $*"; }

# --- What is built: version, commit, date ------------------------------------------------------
base="$(tr -d ' \n' < VERSION)"
commit="unknown"
epoch="$(date +%s)"
if git rev-parse --git-dir >/dev/null 2>&1; then
    commit="$(git rev-parse --short=12 HEAD)"
    epoch="$(git show -s --format=%ct HEAD)"
    [ -z "$(git status --porcelain)" ] || commit="$commit-dirty"
    if [ -z "${FIELDSYNC_VERSION:-}" ] && ! git describe --tags --exact-match --match "v$base" HEAD >/dev/null 2>&1; then
        # Snapshots sort by date, then by the number of commits (not by the hash).
        base="$base~git$(date -u -d "@$epoch" +%Y%m%d).$(git rev-list --count HEAD).$(git rev-parse --short=7 HEAD)"
    fi
fi
version="${FIELDSYNC_VERSION:-$base}"
if ! [[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
    echo "package: '$version' is not a Debian version (digits first, then letters, digits, . + ~)" >&2
    exit 64
fi
export SOURCE_DATE_EPOCH="$epoch"
say "fieldsync $version (commit $commit)"

# --- A copy of the sources, with the build stamp -----------------------------------------------
# Only files git would track are copied (the .gitignore files say which); rsync leaves unchanged
# files alone, so the release build in .build-pkg/build stays incremental.
mkdir -p "$work/src" "$dist"
rsync -a --delete --exclude=/.git --exclude='/.build*' --exclude=/dist \
    --exclude=/Shared/Release/BuildStamp.swift --filter=':- .gitignore' ./ "$work/src/"
stamp="$work/src/Shared/Release/BuildStamp.swift"
cat > "$stamp.new" <<EOF
// Written by scripts/package.sh for this build.
enum BuildStamp {
    static let version = "$version"
    static let commit = "$commit"
}
EOF
if cmp -s "$stamp.new" "$stamp"; then rm "$stamp.new"; else mv "$stamp.new" "$stamp"; fi

# --- Release build, static Swift runtime -------------------------------------------------------
build=(--package-path "$work/src" --scratch-path "$work/build")
say "release build (a clean one takes about 5 minutes on 2 cores)"
# Linked with -z now (full RELRO, as Debian's hardening flags ask); the flags go on the command
# line, never in Package.swift.
release=(-c release --static-swift-stdlib -Xlinker -z -Xlinker now)
"$swift" build "${build[@]}" "${release[@]}" --product fieldsync
"$swift" build "${build[@]}" "${release[@]}" --product fieldsync-server
bin="$("$swift" build "${build[@]}" "${release[@]}" --show-bin-path)"
rm -rf "$work/bin" && mkdir -p "$work/bin"
cp "$bin/fieldsync" "$bin/fieldsync-server" "$work/bin/"
for program in fieldsync fieldsync-server; do
    "$work/bin/$program" --version
    if ldd "$work/bin/$program" | grep -q libswift; then
        echo "package: $program loads a Swift runtime library; it must be linked with --static-swift-stdlib" >&2
        exit 1
    fi
done

# --- Man pages: swift-argument-parser's generate-manual, one page per command and subcommand ------
# The tool behind its `swift package generate-manual` plugin, run here directly on the binaries'
# own --experimental-dump-help: the tool drops every non-ASCII character (the regions' and the
# ratings' Chinese names), so they pass through it as @UXXXX@ and become groff's \[uXXXX] after.
# The NAME lines are made ones apropos can read ("fieldsync.card.add - ..."), the SYNOPSIS keeps
# the command as typed, and blank lines in a discussion become paragraph breaks.
say "man pages"
"$swift" build "${build[@]}" --product generate-manual
generate_manual="$("$swift" build "${build[@]}" --show-bin-path)/generate-manual"
manuals="$work/manual"
rm -rf "$manuals"
for program in fieldsync fieldsync-server; do
    mkdir -p "$manuals/$program" "$manuals/dump"
    "$work/bin/$program" --experimental-dump-help \
        | perl -CSD -pe 's/([^\x00-\x7f])/sprintf("\@U%04X\@", ord($1))/ge' > "$manuals/dump/$program.json"
    printf '#!/bin/sh\nexec cat "%s"\n' "$manuals/dump/$program.json" > "$manuals/dump/$program"
    chmod +x "$manuals/dump/$program"
    "$generate_manual" "$manuals/dump/$program" --multi-page --output-directory "$manuals/$program" \
        --date "$(date -u -d "@$epoch" +%Y-%m-%d)" --authors "FieldSync authors"
    for page in "$manuals/$program"/*.1; do
        PAGE="$(basename "$page" .1)" perl -CSD -i -pe '
            if (/^\.Sh NAME$/) { $in_name = 1 } elsif (/^\.Sh /) { $in_name = 0 }
            if ($in_name && /^\.Nm "?(.*?)"?$/) { $name = $1; $_ = ".Nm $ENV{PAGE}\n" }
            if (!$in_name && /^\.Nm$/ && $name =~ / /) { $_ = ".Nm \"$name\"\n" }
            s/^\.Nd "(.*)"$/.Nd $1/;
            s/^$/.Pp/;
            s/\@U([0-9A-F]{4,5})\@/\\[u$1]/g;
        ' "$page"
    done
    [ -f "$manuals/$program/$program.1" ] || { echo "package: no man page made for $program" >&2; exit 1; }
done

# --- The two package trees ---------------------------------------------------------------------
# Depends: the Debian libraries each binary loads, with versions, from dpkg-shlibdeps.
mkdir -p "$work/shlibs/debian"
printf 'Source: fieldsync\nMaintainer: %s\n\nPackage: fieldsync\nArchitecture: amd64\n' "$maintainer" \
    > "$work/shlibs/debian/control"
library_depends() {
    (cd "$work/shlibs" && dpkg-shlibdeps -O -e"$1" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

"$swift" package "${build[@]}" dump-package > "$work/manifest.json"
"$swift" package "${build[@]}" show-dependencies --format json > "$work/dependencies.json"

# Owner, group and permissions are set here; dpkg-deb --root-owner-group makes every file root's.
make_tree() { # package program
    local package="$1" program="$2" tree="$work/root/$1"
    rm -rf "$tree"
    install -d "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/share/man/man1" "$tree/usr/share/doc/$package" \
        "$tree/usr/share/bash-completion/completions" "$tree/usr/share/zsh/vendor-completions" \
        "$tree/usr/share/fish/vendor_completions.d"
    # Stripped as dh_strip does (the Swift metadata sections stay: the runtime reads them).
    install -m 0755 "$work/bin/$program" "$tree/usr/bin/$program"
    strip --remove-section=.comment --remove-section=.note "$tree/usr/bin/$program"
    for page in "$manuals/$program"/*.1; do
        gzip -9n < "$page" > "$tree/usr/share/man/man1/$(basename "$page").gz"
    done
    # bash-completion sources the file: no #! line.
    "$work/bin/$program" --generate-completion-script bash | sed '1{/^#!/d}' > "$tree/usr/share/bash-completion/completions/$program"
    "$work/bin/$program" --generate-completion-script zsh > "$tree/usr/share/zsh/vendor-completions/_$program"
    "$work/bin/$program" --generate-completion-script fish > "$tree/usr/share/fish/vendor_completions.d/$program.fish"
    gzip -9n < README.md > "$tree/usr/share/doc/$package/README.md.gz"
    python3 packaging/copyright.py "$program" "$work/manifest.json" "$work/dependencies.json" \
        "$work/build/checkouts" > "$tree/usr/share/doc/$package/copyright"
    # A native package (FieldSync is its own upstream): its changelog is changelog.gz.
    {
        echo "$package ($version) unstable; urgency=medium"
        echo
        echo "  * Built from commit $commit of FieldSync."
        echo
        echo " -- $maintainer  $(date -u -R -d "@$epoch")"
    } | gzip -9n > "$tree/usr/share/doc/$package/changelog.gz"
}

finish_tree() { # package program extra-depends
    local package="$1" program="$2" tree="$work/root/$1"
    local depends
    depends="$(library_depends "$tree/usr/bin/$program")"
    [ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no libraries for $program" >&2; exit 1; }
    depends="$depends, $3"
    for script in postinst prerm postrm; do
        [ ! -f "packaging/$package/$script" ] || install -m 0755 "packaging/$package/$script" "$tree/DEBIAN/$script"
    done
    [ ! -f "packaging/$package/conffiles" ] || install -m 0644 "packaging/$package/conffiles" "$tree/DEBIAN/conffiles"
    find "$tree" -path "$tree/DEBIAN" -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
        | (cd "$tree" && xargs -0 md5sum) > "$tree/DEBIAN/md5sums"
    chmod 0644 "$tree/DEBIAN/md5sums"
    local size
    size="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
    sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" -e "s|@INSTALLED_SIZE@|$size|" \
        -e "s|@DEPENDS@|$depends|" "packaging/$package/control.in" > "$tree/DEBIAN/control"
    chmod 0644 "$tree/DEBIAN/control"
    find "$tree" -exec touch -h -d "@$epoch" {} +
    rm -f "$dist/${package}_"*"_amd64.deb"
    dpkg-deb --root-owner-group -Zxz --build "$tree" "$dist/${package}_${version}_amd64.deb" >/dev/null
    say "$(ls -l "$dist/${package}_${version}_amd64.deb" | awk '{print $5}') bytes: dist/${package}_${version}_amd64.deb"
    say "  Depends: $depends"
}

# The agent: the command, and the nightly sync for an office (off until enabled): the system
# template fieldsync-sync@USER.timer, and the user units fieldsync-sync.service and .timer.
say "fieldsync package"
make_tree fieldsync fieldsync
tree="$work/root/fieldsync"
install -d "$tree/lib/systemd/system" "$tree/etc/default"
install -m 0644 packaging/fieldsync/fieldsync-sync@.service packaging/fieldsync/fieldsync-sync@.timer "$tree/lib/systemd/system/"
install -d "$tree/usr/lib/systemd/user"
install -m 0644 packaging/fieldsync/user/fieldsync-sync.service packaging/fieldsync/user/fieldsync-sync.timer "$tree/usr/lib/systemd/user/"
install -m 0644 packaging/fieldsync/default "$tree/etc/default/fieldsync-sync"
# libcurl checks servers' certificates against the system's authorities.
finish_tree fieldsync fieldsync "ca-certificates"

# The server: a service under its own user, state in /var/lib/fieldsync, a nightly backup timer.
say "fieldsync-server package"
make_tree fieldsync-server fieldsync-server
tree="$work/root/fieldsync-server"
install -d "$tree/lib/systemd/system" "$tree/etc/default" "$tree/usr/lib/fieldsync-server"
install -m 0644 packaging/fieldsync-server/fieldsync-server.service packaging/fieldsync-server/fieldsync-server-backup.service \
    packaging/fieldsync-server/fieldsync-server-backup.timer "$tree/lib/systemd/system/"
install -m 0644 packaging/fieldsync-server/default "$tree/etc/default/fieldsync-server"
install -m 0755 packaging/fieldsync-server/backup "$tree/usr/lib/fieldsync-server/backup"
# adduser: postinst makes the system user; ca-certificates: PostgreSQL over TLS (sslmode=verify-full).
finish_tree fieldsync-server fieldsync-server "adduser, ca-certificates"

# --- lintian: no errors ------------------------------------------------------------------------
say "lintian"
lintian_failed=0
for deb in "$dist/fieldsync_${version}_amd64.deb" "$dist/fieldsync-server_${version}_amd64.deb"; do
    lintian --fail-on error "$deb" || lintian_failed=1
done
[ "$lintian_failed" -eq 0 ] || { echo "package: lintian found errors (above)" >&2; exit 1; }
say "done in $((SECONDS - started)) s"
