#!/usr/bin/env bash
# Runs every test of the solution (unit, functional with a real sidecar and a real upstream on 127.0.0.1,
# stand-in, model and text tests) and prints one line: `N passed, N failed, N skipped`.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Interception").
source "$(dirname "$0")/lib/common.sh"
results="$ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test "$ROOT/Sidecar.sln" -c "${TEST_CONFIGURATION:-Debug}" --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  total=$(get total); executed=$(get executed)
  skipped=$((skipped + total - executed)) # xunit reports skipped tests as not executed
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the runner failed before tests could report
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
