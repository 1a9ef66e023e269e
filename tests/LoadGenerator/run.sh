#!/usr/bin/env bash
# `make bench`: builds the AllInOne host and the load generator in Release, then measures the
# gateway on this machine and writes the figures into docs/benchmarks.md.
# Extra arguments go to the generator, e.g. `bash tests/LoadGenerator/run.sh --messages 50000`.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing; installing it from the distribution's packages"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y wrk
  else
    sudo apt-get install -y wrk
  fi
fi

dotnet build services/AllInOne -c Release -nologo -v quiet
dotnet build tests/LoadGenerator -c Release -nologo -v quiet
exec dotnet run --project tests/LoadGenerator -c Release --no-build -- --report docs/benchmarks.md "$@"
