#!/usr/bin/env bash
# Installs the real servers the tests talk to, when they are absent: a SOCKS5
# proxy (microsocks), a Tor daemon (tor, run with DisableNetwork 1 for its
# control port) and a DNS server (dnsmasq). Tests that need one skip with a
# clear message only when it cannot be installed here.
set -u
need=()
command -v microsocks >/dev/null 2>&1 || need+=(microsocks)
command -v tor >/dev/null 2>&1 || need+=(tor)
command -v dnsmasq >/dev/null 2>&1 || need+=(dnsmasq-base)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: cannot install ${need[*]} (not root or no apt-get); the tests that need them will skip" >&2
  exit 0
fi
echo "test-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${need[@]}" >/tmp/lnstack-test-deps.log 2>&1; then
  apt-get update >>/tmp/lnstack-test-deps.log 2>&1
  apt-get install -y --no-install-recommends "${need[@]}" >>/tmp/lnstack-test-deps.log 2>&1 ||
    echo "test-deps: installing ${need[*]} failed (see /tmp/lnstack-test-deps.log); the tests that need them will skip" >&2
fi
exit 0
