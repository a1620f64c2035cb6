#!/usr/bin/env bash
# Installs Dovecot from Debian's packages for tests/mta/dovecot*.test.ts (idempotent; a no-op in well under a
# second when everything is already there). Needs root and Debian's package mirror.
#   dovecot-core   doveadm (pw -t, auth test) and the auth/master daemons
#   dovecot-pop3d  the POP3 login an account's owner uses (issue 4 fetches delivered mail with it)
#   dovecot-lmtpd  LMTP delivery from Postfix into the same mailboxes (issue 4)
#   dovecot-sieve  Pigeonhole: the sieve plugin of LMTP/dovecot-lda (the accounts' autoreply, issue 10),
#                  sievec and sieve-dump (tests/mta/sieve-escape.test.ts compiles and dumps with them)
# The tests never use the system instance: each runs Dovecot from a private config under .data/ on a
# loopback port. The package's own service is not started here either: Debian containers ship
# /usr/sbin/policy-rc.d "exit 101", and without an init system invoke-rc.d blocks starts anyway.
# Usage: bash tests/mta/install-dovecot.sh   (root; ~13 s the first time, ~0.03 s when installed)
set -euo pipefail

PACKAGES=(dovecot-core dovecot-pop3d dovecot-lmtpd dovecot-sieve)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-dovecot.sh: ${missing[*]} missing and not root; run as root: bash tests/mta/install-dovecot.sh" >&2
  exit 1
fi

LOG=$(mktemp -t install-dovecot.XXXXXX.log)
echo "install-dovecot.sh: installing ${missing[*]} with apt-get (log: $LOG)"
APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
if ! { "${APT[@]}" update && DEBIAN_FRONTEND=noninteractive \
    "${APT[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$LOG" 2>&1 </dev/null; then
  echo "install-dovecot.sh: ERROR: apt-get could not install ${missing[*]}; last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi

if ! command -v doveadm >/dev/null || ! command -v dovecot >/dev/null || ! command -v sievec >/dev/null; then
  echo "install-dovecot.sh: ERROR: packages installed but doveadm/dovecot/sievec not on PATH (see $LOG)" >&2
  exit 1
fi
echo "install-dovecot.sh: $(dovecot --version) installed"
