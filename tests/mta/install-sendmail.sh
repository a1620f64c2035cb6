#!/usr/bin/env bash
# Installs what tests/mta/sendmail*.test.ts run: sendmail 8.17 (sendmail-bin), its m4 configuration kit
# (sendmail-cf, m4) and makemap, from Debian's packages. Idempotent: when everything is present it only
# checks and exits in well under a second. Needs root and Debian's package mirror.
#
# Debian's sendmail-bin and postfix conflict (each is "the" MTA): this installs sendmail with apt, and the
# Postfix tests run Postfix from its unpacked package instead (see docs/postfix.md), so both coexist.
# No sendmail daemon is started (the tests run private instances with `sendmail -C CF -bv/-bs`); if the
# package's own init script started one, it is stopped again.
set -euo pipefail

PACKAGES=(sendmail-bin sendmail-cf m4)
need=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  [[ $status == ii* ]] || need+=("$pkg")
done
for tool in /usr/sbin/sendmail /usr/sbin/makemap /usr/bin/m4 /usr/share/sendmail/cf/m4/cf.m4 /usr/bin/unshare; do
  [[ -e $tool ]] || need+=("(missing $tool)")
done
if ((${#need[@]} == 0)); then
  echo "sendmail: already installed ($(dpkg-query -W -f='${Version}' sendmail-bin))"
  exit 0
fi

if [[ $(id -u) != 0 ]]; then
  echo "install-sendmail.sh: must run as root to install ${need[*]}" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "sendmail: installing ${PACKAGES[*]} with apt-get (missing: ${need[*]})"
export DEBIAN_FRONTEND=noninteractive
# sendmail's postinst starts sendmail, which sleeps 60 s when the host name has no dot (this machine's is
# "vm"): run apt in a private UTS namespace whose host name is qualified (the machine's stays as it is).
apt_get() {
  unshare --uts /bin/sh -c 'hostname localhost.localdomain && exec "$@"' sh \
    apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confold "$@"
}
# An old package list can name versions the mirror no longer has: refresh it when the first try fails.
if ! apt_get install -y --no-install-recommends "${PACKAGES[@]}" >"$log" 2>&1 </dev/null; then
  if ! { apt_get update && apt_get install -y --no-install-recommends "${PACKAGES[@]}"; } >"$log" 2>&1 </dev/null; then
    echo "install-sendmail.sh: apt-get could not install ${PACKAGES[*]}; its last lines:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi

# The package starts the system MTA unless a policy-rc.d forbids it (this machine's does): the tests
# need none, and it would hold port 25.
if [[ -x /etc/init.d/sendmail ]] && pgrep -x 'sendmail(-mta)?' >/dev/null 2>&1; then
  /etc/init.d/sendmail stop >/dev/null 2>&1 || true
fi

for tool in /usr/sbin/sendmail /usr/sbin/makemap /usr/bin/m4 /usr/share/sendmail/cf/m4/cf.m4; do
  [[ -e $tool ]] || { echo "install-sendmail.sh: $tool still missing after apt-get" >&2; exit 1; }
done
echo "sendmail: installed $(dpkg-query -W -f='${Version}' sendmail-bin)"
