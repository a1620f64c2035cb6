#!/usr/bin/env bash
# Installs the real software the integration tests run (Debian's packages): Dovecot, sendmail with its
# m4 kit, an unpacked Postfix (docs/postfix.md says why unpacked), dnsmasq (the DNS that proves a
# domain's ownership in tests/domain-ownership.test.ts), and OpenSSH's server for the SSH transport's
# tests (tests/sync). Each step is idempotent and takes well under a second when its software is already
# there. Run by scripts/test.sh; needs root.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
status=0
for part in dovecot sendmail postfix dnsmasq; do
  [[ -f install-$part.sh ]] || continue
  bash "install-$part.sh" || { echo "install-$part.sh failed" >&2; status=1; }
done
bash ../sync/install-openssh.sh || { echo "install-openssh.sh failed" >&2; status=1; }
exit $status
