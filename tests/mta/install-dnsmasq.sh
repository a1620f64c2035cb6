#!/usr/bin/env bash
# Installs dnsmasq from Debian's packages for tests/domain-ownership.test.ts (idempotent; a no-op in well
# under a second when it is already there). Needs root and Debian's package mirror.
#   dnsmasq-base   the dnsmasq binary alone. The `dnsmasq` package adds a system service that would take
#                  port 53; the tests never use one: tests/support/dns-server.ts runs a private dnsmasq in
#                  the foreground on a free loopback port, answering only the TXT records a test gives it.
# Usage: bash tests/mta/install-dnsmasq.sh   (root; a few seconds the first time, ~0.03 s when installed)
set -euo pipefail

PACKAGES=(dnsmasq-base)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-dnsmasq.sh: ${missing[*]} missing and not root; run as root: bash tests/mta/install-dnsmasq.sh" >&2
  exit 1
fi

LOG=$(mktemp -t install-dnsmasq.XXXXXX.log)
echo "install-dnsmasq.sh: installing ${missing[*]} with apt-get (log: $LOG)"
APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
if ! { "${APT[@]}" update && DEBIAN_FRONTEND=noninteractive \
    "${APT[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$LOG" 2>&1 </dev/null; then
  echo "install-dnsmasq.sh: ERROR: apt-get could not install ${missing[*]}; last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi

if [[ ! -x /usr/sbin/dnsmasq ]]; then
  echo "install-dnsmasq.sh: ERROR: package installed but /usr/sbin/dnsmasq is missing (see $LOG)" >&2
  exit 1
fi
echo "install-dnsmasq.sh: $(/usr/sbin/dnsmasq --version | head -n 1) installed"
