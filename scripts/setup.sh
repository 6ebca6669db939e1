#!/usr/bin/env bash
# Set up netwarden on a fresh Debian machine: system packages for the lab and the tests (when root),
# a virtualenv in .venv with netwarden and its test extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
want_lab=0
for a in "$@"; do case "$a" in --lab) want_lab=1 ;; esac; done

if [ "$want_lab" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  # the lab's daemons and tools; postgresql: the results store's tests start a server of their own from it
  # (tests/pgserver.py: a temporary directory, a unix socket there, stopped by the tests); chromium: the HTML
  # report's headless screenshot test
  for p in frr frr-pythontools nftables openssh-server lldpd iputils-ping traceroute sudo postgresql chromium; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=.venv/.netwarden-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi
