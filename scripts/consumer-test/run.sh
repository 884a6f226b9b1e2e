#!/usr/bin/env bash
# Consumer test: proves the published packages work for an adopter. Packs the plugin
# packages (npm run pack), installs the five core ones from their tarballs into a scratch Backstage app
# (template/, assembled in a temp dir outside the repo), starts its backend and
# checks authentication, rights and reveal over HTTP (check.mjs), then builds the
# app's frontend bundle. Nothing from the workspace is used but the tarballs.
# Users: the guest provider signs in the user without rights; the others sign in through
# a small header sign-in module of the scratch app, so one backend start serves them all.
# Run through scripts/dev.sh (Node 22 on PATH):  bash scripts/dev.sh exec bash scripts/consumer-test/run.sh
# CONSUMER_KEEP=1 keeps the temp dir; CONSUMER_PORT is the backend port (default 7107, or a
# free one when 7107 is taken);
# CONSUMER_PACKS_FROM=<dir> installs tarballs packed earlier instead of packing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PORT="${CONSUMER_PORT:-7107}"
started=$SECONDS

log() { printf '\033[1m[consumer]\033[0m %s\n' "$*"; }
phase() { log "$1 ($((SECONDS - started))s)"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/integrations-consumer.XXXXXX")"
app="$work/app"
backend_pid=""

stop_backend() {
  if [[ -n "$backend_pid" ]]; then
    # The backend runs in its own process group (setsid): stop npm, the CLI and node together.
    kill -TERM -- "-$backend_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 -- "-$backend_pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
    backend_pid=""
  fi
}

cleanup() {
  local status=$?
  stop_backend
  if [[ $status -ne 0 && -f "$work/backend.log" ]]; then
    log "backend log (last 60 lines):"
    tail -n 60 "$work/backend.log" || true
  fi
  if [[ "${CONSUMER_KEEP:-}" == "1" ]]; then
    log "kept $work (CONSUMER_KEEP=1)"
  else
    rm -rf "$work"
  fi
  if [[ $status -eq 0 ]]; then
    log "total $((SECONDS - started))s"
  else
    log "FAILED after $((SECONDS - started))s"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  if [[ -n "${CONSUMER_PORT:-}" ]]; then
    log "port $PORT (CONSUMER_PORT) is in use"
    exit 1
  fi
  # Another run (or service) holds the default port: take any free one.
  PORT="$(node -e "const s = require('net').createServer().listen(0, () => { console.log(s.address().port); s.close(); })")"
  log "port 7107 is in use; the scratch backend uses $PORT"
fi

# 1. Pack, exactly as for the registry.
if [[ -n "${CONSUMER_PACKS_FROM:-}" ]]; then
  phase "using the tarballs in $CONSUMER_PACKS_FROM (CONSUMER_PACKS_FROM)"
  mkdir -p "$work/packs" && cp "$CONSUMER_PACKS_FROM"/*.tgz "$work/packs/"
else
  phase "packing into $work/packs"
  (cd "$REPO" && npm run --silent pack -- "$work/packs" >"$work/pack.log" 2>&1) || {
    cat "$work/pack.log"
    exit 1
  }
fi

# 2. Assemble the scratch app; tarballs get stable names the templates refer to.
cp -R "$HERE/template" "$app"
mkdir -p "$app/packs"
for tgz in "$work/packs"/*.tgz; do
  name="$(tar -xzOf "$tgz" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).name')"
  short="${name#@integrations-hub/backstage-plugin-}"
  cp "$tgz" "$app/packs/$short.tgz"
  tar -tzvf "$tgz" | awk -v n="$name" -v s="$(stat -c %s "$tgz")" \
    '{ files++; bytes += $3 } END { printf "[consumer] packed %s: %d files, %.1f kB unpacked, %.1f kB tarball\n", n, files, bytes / 1000, s / 1000 }'
done
for tgz in "$app/packs"/*.tgz; do
  # The listing first: `grep -q` closing the pipe early would fail tar under pipefail.
  listing="$(tar -tzf "$tgz")"
  for file in LICENSE CHANGELOG.md README.md; do
    grep -qx "package/$file" <<<"$listing" || { log "$(basename "$tgz") has no $file"; exit 1; }
  done
done
log "every tarball carries LICENSE, CHANGELOG.md and README.md ok"
for short in integrations integrations-backend integrations-common integrations-node permission-backend-module-integrations-rights \
  integrations-backend-module-aws-kms integrations-backend-module-pkcs11; do
  [[ -f "$app/packs/$short.tgz" ]] || { log "missing tarball for $short"; exit 1; }
done

node "$HERE/scratch.mjs" pin "$app"

# Native addons (better-sqlite3) compile against the headers of the Node that runs them.
nodedir="$(dirname "$(dirname "$(command -v node)")")"
if [[ -f "$nodedir/include/node/node.h" ]]; then
  export npm_config_nodedir="$nodedir"
fi

phase "npm install in the scratch app"
(cd "$app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error >"$work/install.log" 2>&1) || {
  tail -n 60 "$work/install.log"
  exit 1
}
if ! (cd "$app/packages/backend" && node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null); then
  phase "rebuilding better-sqlite3 for Node $(node --version)"
  (cd "$app" && npm rebuild better-sqlite3 >>"$work/install.log" 2>&1)
fi

# Every one of our packages must come from a tarball, once: nothing from the registry.
node "$HERE/scratch.mjs" verify "$app"
# Our ranges take the app's copy of each @backstage/* package: no second copy under ours.
node "$HERE/scratch.mjs" duplicates "$app"

# The adopter's code compiles against the packages' published declarations.
(cd "$app" && npx tsc --noEmit >"$work/tsc.log" 2>&1) || {
  cat "$work/tsc.log"
  exit 1
}
log "the scratch app type-checks against the packages' declarations ok"

# The packages' config schemas: the config validates, and the key stays backend-only.
(cd "$app" && npx backstage-cli config:check --strict >"$work/config.log" 2>&1) || {
  cat "$work/config.log"
  exit 1
}
log "app-config validates against the packages' config schemas (config:check --strict) ok"
key="$(awk '$1 == "secret:" { print $2; exit }' "$app/app-config.yaml")"
(cd "$app" && npx backstage-cli config:print --frontend >"$work/frontend-config.yaml" 2>/dev/null)
if grep -qF "$key" "$work/frontend-config.yaml" || ! grep -q 'types:' "$work/frontend-config.yaml"; then
  log "frontend config: the encryption key is visible or integrationsHub.types is not"
  exit 1
fi
log "frontend config has integrationsHub.types and no encryption key ok"

# 3. The frontend bundle builds with our plugin in it (the backend serves it below).
phase "building the scratch app's frontend bundle"
(cd "$app/packages/app" && npx backstage-cli package build >"$work/app-build.log" 2>&1) || {
  tail -n 60 "$work/app-build.log"
  exit 1
}
bundle="$app/packages/app/dist"
[[ -f "$bundle/index.html" ]] || { log "no index.html in the app bundle"; exit 1; }
grep -rlq '@integrations-hub/backstage-plugin-integrations' "$bundle/static" ||
  { log "the bundle does not contain our frontend plugin"; exit 1; }
grep -rlq 'plugin.integrations.api' "$bundle/static" ||
  { log "the bundle does not contain the Integrations API wiring"; exit 1; }
log "frontend bundle built ($(du -sh "$bundle" | cut -f1)) and contains the Integrations plugin ok"
if grep -rlqF "$key" "$bundle"; then
  log "the encryption key appears in the frontend bundle"
  exit 1
fi
log "frontend bundle carries no encryption key ok"

# 4. Start the backend as an adopter does locally (our rights module decides), check it over
# HTTP, then open the Integrations page of the bundle in Chromium.
start_backend() {
  phase "starting the scratch backend on :$PORT ($1)"
  rm -rf "$app/data/sqlite" && mkdir -p "$app/data/sqlite"
  (
    cd "$app/packages/backend"
    APP_CONFIG_app_baseUrl="http://localhost:$PORT" \
      APP_CONFIG_backend_listen_port="$PORT" APP_CONFIG_backend_baseUrl="http://localhost:$PORT" \
      CONSUMER_POLICY="$1" exec setsid npm start -- "${@:2}"
  ) >"$work/backend.log" 2>&1 </dev/null &
  backend_pid=$!

  local deadline=$((SECONDS + 240))
  local ready="http://localhost:$PORT/.backstage/health/v1/readiness"
  until node -e "fetch('$ready').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; do
    if ! kill -0 "$backend_pid" 2>/dev/null; then
      log "the backend exited during start"
      exit 1
    fi
    if ((SECONDS > deadline)); then
      log "the backend was not ready within 240s"
      exit 1
    fi
    sleep 1
  done
  phase "backend ready"
}

no_secret_in_log() {
  if grep -q 'consumer-canary-' "$work/backend.log"; then
    log "a credential value appears in the backend log"
    exit 1
  fi
  log "no credential value in the backend log ok"
}

start_backend rights
node "$HERE/check.mjs" "http://localhost:$PORT"
bash "$REPO/scripts/ensure-chromium.sh"
node "$HERE/browse.mjs" "http://localhost:$PORT" "$REPO/e2e-artifacts"
no_secret_in_log
stop_backend

# 5. The same packages in a portal that runs the community RBAC plugin instead of our module
# (rbac/policy.csv, rbac/conditions.yaml; its config has no schema, so it is not in config:check).
start_backend rbac --config "$app/app-config.yaml" --config "$app/rbac/app-config.rbac.yaml"
node "$HERE/check-rbac.mjs" "http://localhost:$PORT"
no_secret_in_log
stop_backend
