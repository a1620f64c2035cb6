#!/usr/bin/env bash
# Installs OpenSSH's server from Debian's packages for tests/sync/*ssh* (idempotent: a no-op in well under
# a second when it is there). Needs root and Debian's package mirror.
# The tests never use the system's sshd, its host keys or /etc/ssh/sshd_config: each starts a private
# `sshd -D -f CONFIG` on a free loopback port with its own host keys and authorized_keys under .data/
# (tests/sync/ssh-server.ts). The package's own service is not started here: Debian containers ship a
# policy-rc.d that refuses starts, and if one was started anyway it is stopped again.
# Usage: bash tests/sync/install-openssh.sh   (root; ~10 s the first time)
set -euo pipefail

ready() { [[ -x /usr/sbin/sshd && -x /usr/bin/ssh-keygen && -x /usr/lib/openssh/sftp-server ]]; }
if ready; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-openssh.sh: openssh-server missing and not root; run as root: bash tests/sync/install-openssh.sh" >&2
  exit 1
fi

LOG=$(mktemp -t install-openssh.XXXXXX.log)
echo "install-openssh.sh: installing openssh-server with apt-get (log: $LOG)"
APT=(apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 -o Dpkg::Options::=--force-confold)
export DEBIAN_FRONTEND=noninteractive
if ! "${APT[@]}" install -y --no-install-recommends openssh-server >"$LOG" 2>&1 </dev/null; then
  if ! { "${APT[@]}" update && "${APT[@]}" install -y --no-install-recommends openssh-server; } >"$LOG" 2>&1 </dev/null; then
    echo "install-openssh.sh: ERROR: apt-get could not install openssh-server; last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
fi
# Without policy-rc.d the package starts the system sshd on port 22: the tests need none.
if [[ -x /etc/init.d/ssh ]] && pgrep -x sshd >/dev/null 2>&1 && [[ -f /run/sshd.pid ]]; then
  /etc/init.d/ssh stop >/dev/null 2>&1 || true
fi
ready || { echo "install-openssh.sh: ERROR: installed, but sshd/ssh-keygen/sftp-server missing (see $LOG)" >&2; exit 1; }
echo "install-openssh.sh: $(/usr/sbin/sshd -V 2>&1 | head -n 1) installed"
