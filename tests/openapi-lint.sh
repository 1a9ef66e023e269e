#!/usr/bin/env bash
# Lints the OpenAPI document the gateway serves, with Redocly's `recommended` rules; any error fails.
# Builds and starts nothing: `make test` runs the host in tests/Services.Tests, whose
# OpenApiDocumentTests writes GET /openapi/v1.json to the test output. Redocly's CLI is expected in
# tests/openapi-lint/node_modules, where .ci/run installs it with npm:
#   npm install --prefix tests/openapi-lint --no-save @redocly/cli@<version in .ci/run>
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
document="tests/Services.Tests/bin/$configuration/net10.0/openapi/v1.json"
redocly="tests/openapi-lint/node_modules/.bin/redocly"

if [ ! -f "$document" ]; then
  echo "$document is missing: run 'make test' first (OpenApiDocumentTests writes it)." >&2
  exit 1
fi
if [ ! -x "$redocly" ]; then
  echo "$redocly is missing: install Redocly's CLI as .ci/run does." >&2
  exit 1
fi

# No usage reports and no update checks: the only network use is npm's install.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$redocly" lint "$document" --extends=recommended --format=stylish
