#!/usr/bin/env bash
# The fuzz properties (issue #14 item 5: tests tagged Category=Fuzz) run for SECONDS each instead of their fixed number
# of cases; per property it prints the cases run and how they ended, and a failure's seed and shrunk input.
# Usage: benchmarks/fuzz.sh [SECONDS]   (default 60; the properties of a test class run one after another, classes side by side)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build "$root/StreamLip.sln" -c Release --nologo -v quiet -clp:ErrorsOnly
rc=0
for project in Core Media Server; do
  echo "== StreamLip.$project.Tests, $seconds s per property"
  STREAMLIP_FUZZ_SECONDS="$seconds" dotnet test "$root/tests/StreamLip.$project.Tests" -c Release --no-build --nologo \
    --filter "Category=Fuzz" --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
  # The result line of each property, its "fuzz: N cases" line, and for a failure CsCheck's seed and the input.
  grep -E '^\s+(Passed|Failed) |fuzz: [0-9]+ cases|CsCheckException|^(Passed|Failed)!' "$log" || true
  [ "$rc" -eq 0 ] || sed -n '/Error Message:/,/Stack Trace:/p' "$log"
done
exit "$rc"
