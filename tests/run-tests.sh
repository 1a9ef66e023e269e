#!/usr/bin/env bash
# Runs every test project and ends with one summary line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build DaprChannels.sln -c "$configuration" -nologo -v quiet || exit 1
dotnet test DaprChannels.sln -c "$configuration" --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per project.
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed:' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
echo
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${passed:-0}" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
