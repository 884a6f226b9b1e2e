#!/usr/bin/env bash
# The whole test suite: type check, lint, unit and API tests (SQLite + PostgreSQL),
# then end-to-end tests in Chromium against the running portal.
# Called through scripts/dev.sh, so Node 22 and dependencies are in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '\033[1m[test]\033[0m %s\n' "$*" >&2; }

# Database tests: SQLite always; PostgreSQL when reachable (mandatory in CI).
export BACKSTAGE_TEST_DISABLE_DOCKER=1
PG_URL="${INTEGRATIONS_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432}"
if node scripts/pg-ready.mjs "$PG_URL"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$PG_URL"
  log "PostgreSQL at $PG_URL: database tests run on SQLite and PostgreSQL"
elif [[ "${CI:-}" == "true" ]]; then
  log "CI needs PostgreSQL at $PG_URL (set INTEGRATIONS_TEST_PG_URL)"; exit 1
else
  log "WARNING: no PostgreSQL at $PG_URL; database tests run on SQLite only"
fi

log "type check"
# Also writes the declarations (dist-types/, ignored) that the API reports are made from.
npx tsc --incremental false

log "lint"
npx backstage-cli repo lint

log "format (prettier --check)"
npm run --silent prettier:check

log "API reports and knip reports up to date (npm run api-reports / knip-reports to update)"
bash scripts/api-reports.sh --ci --skip-tsc
npm run --silent knip-reports:check

log "unit and API tests"
CI=true npx backstage-cli repo test --ci </dev/null

if [[ "${INTEGRATIONS_SKIP_CONSUMER:-}" == "1" && "${CI:-}" != "true" ]]; then
  log "INTEGRATIONS_SKIP_CONSUMER=1: consumer test skipped"
else
  log "consumer test (packed tarballs in a scratch Backstage app)"
  bash scripts/consumer-test/run.sh
fi

if [[ "${INTEGRATIONS_SKIP_E2E:-}" == "1" ]]; then
  log "INTEGRATIONS_SKIP_E2E=1: end-to-end tests skipped"; exit 0
fi
log "end-to-end tests"
bash scripts/ensure-chromium.sh
node e2e/run.mjs
