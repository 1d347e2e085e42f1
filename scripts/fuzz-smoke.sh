#!/usr/bin/env bash
# Runs every fuzz target of the main module briefly (FUZZTIME, default 300x:
# a count of executions rather than a duration, which keeps the smoke's cost
# independent of machine load and sidesteps a race in Go 1.26's fuzz
# coordinator that can report "context deadline exceeded" at the end of a
# timed run, go.dev/issue/75804). Targets run FUZZJOBS at a time (default:
# the number of cores), each with one fuzz worker. A failure that wrote a
# failing input to testdata/fuzz is real and fails the smoke; one that wrote
# none is retried once.
set -euo pipefail
export FUZZTIME="${FUZZTIME:-300x}"
jobs="${FUZZJOBS:-$(nproc 2>/dev/null || echo 2)}"

one() { # pkg target
  local log; log=$(mktemp)
  for attempt in 1 2; do
    if go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" -parallel 1 "$1" >"$log" 2>&1; then
      rm -f "$log"; echo "ok   $1 $2"; return 0
    fi
    grep -q 'Failing input written' "$log" && break
    echo "fuzz-smoke: $1 $2 failed without a failing input (attempt $attempt)" >&2
  done
  cat "$log"; rm -f "$log"; echo "FAIL $1 $2"; return 1
}
export -f one

pairs=$(for pkg in $(go list ./...); do
  go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' | sed "s|^|$pkg |" || true
done)
n=$(printf '%s\n' "$pairs" | grep -c . || true)
# Build each package's test binary once before the parallel runs share the cache.
printf '%s\n' "$pairs" | awk 'NF{print $1}' | sort -u | xargs -r go test -count=1 -run '^$' >/dev/null
printf '%s\n' "$pairs" | awk 'NF' | xargs -r -P "$jobs" -L 1 bash -c 'one "$0" "$1"' >/tmp/lnstack-fuzz-smoke.log || {
  grep -v '^ok ' /tmp/lnstack-fuzz-smoke.log; echo "fuzz-smoke: failed" >&2; exit 1; }
echo "fuzz-smoke: $n targets ran for $FUZZTIME each"
