#!/usr/bin/env bash
# Unpacks Postfix 3.7 from Debian's package into .data/mta/postfix-root/ for tests/mta/postfix*.test.ts.
# Idempotent: when it is already there it only checks and exits in well under a second. Needs root and
# Debian's package mirror.
#
# Why unpacked and not installed: Debian's `postfix` and `sendmail-bin` conflict (each is the system MTA),
# and the sendmail tests install sendmail with apt. The Postfix tests run private instances of the
# unpacked binaries (`master -c DIR`, chroot off, every path in their own main.cf, see docs/postfix.md),
# so the system's /etc/postfix, its queue and port 25 are never touched.
#
# Postfix refuses to run its daemons as root: like the package's postinst, this creates the system user
# `postfix` and the group `postdrop` when they are missing (nothing else on the system changes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ROOT=.data/mta/postfix-root
PACKAGE=postfix
MARK=$ROOT/.installed

fail() { echo "install-postfix.sh: $*" >&2; exit 1; }

ready() {
  [[ -f $MARK && -x $ROOT/usr/sbin/postmap && -x $ROOT/usr/lib/postfix/sbin/master ]] &&
    getent passwd postfix >/dev/null && getent group postdrop >/dev/null &&
    LD_LIBRARY_PATH=$ROOT/usr/lib/postfix "$ROOT/usr/sbin/postconf" -c "$ROOT/etc/postfix" -d -h mail_version >/dev/null 2>&1
}

if ready; then
  echo "postfix: already unpacked in $ROOT ($(cat "$MARK"))"
  exit 0
fi

[[ $(id -u) == 0 ]] || fail "must run as root (creates the postfix user, runs apt-get download)"

# The daemons' users, as Debian's postinst makes them.
getent group postfix >/dev/null || groupadd --system postfix
getent group postdrop >/dev/null || groupadd --system postdrop
getent passwd postfix >/dev/null ||
  useradd --system --gid postfix --home-dir /var/spool/postfix --no-create-home \
    --shell /usr/sbin/nologin --comment 'Postfix MTA (mailpanel tests)' postfix

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/apt.log
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }

download() { (cd "$work" && apt_get download "$@") >>"$log" 2>&1 </dev/null; }

echo "postfix: downloading the $PACKAGE package with apt-get download"
# An old or missing package list cannot name the file: refresh it once when the first try fails.
if ! download "$PACKAGE"; then
  apt_get update >>"$log" 2>&1 </dev/null || true
  download "$PACKAGE" || { tail -n 20 "$log" >&2; fail "apt-get download $PACKAGE failed (see above)"; }
fi

# Shared libraries the binaries link against that this machine lacks come unpacked beside them.
libs=()
while read -r dep; do
  [[ $dep =~ ^lib ]] || continue
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$dep" 2>/dev/null || true)
  [[ $status == ii* ]] || libs+=("$dep")
done < <(dpkg-deb -f "$work"/${PACKAGE}_*.deb Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/:any//; s/ //g')
if ((${#libs[@]} > 0)); then
  echo "postfix: also unpacking libraries this machine lacks: ${libs[*]}"
  download "${libs[@]}" || { tail -n 20 "$log" >&2; fail "apt-get download ${libs[*]} failed"; }
fi

rm -rf "$ROOT.new"
mkdir -p "$ROOT.new"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$ROOT.new"; done

export LD_LIBRARY_PATH=$ROOT.new/usr/lib/postfix:$ROOT.new/usr/lib/x86_64-linux-gnu:$ROOT.new/lib/x86_64-linux-gnu
missing=$(ldd "$ROOT.new/usr/lib/postfix/sbin/smtpd" "$ROOT.new/usr/sbin/postmap" | grep 'not found' || true)
[[ -z $missing ]] || fail "unresolved libraries after unpacking: $missing"
mkdir -p "$ROOT.new/etc/postfix" && touch "$ROOT.new/etc/postfix/main.cf" "$ROOT.new/etc/postfix/master.cf"
version=$("$ROOT.new/usr/sbin/postconf" -c "$ROOT.new/etc/postfix" -d -h mail_version) || fail "the unpacked postconf does not run"

dpkg-deb -f "$work"/${PACKAGE}_*.deb Version >"$ROOT.new/.installed"
rm -rf "$ROOT"
mv "$ROOT.new" "$ROOT"
echo "postfix: unpacked Postfix $version into $ROOT ($(cat "$MARK"))"
