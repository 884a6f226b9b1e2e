#!/usr/bin/env bash
# One entry point for the two quick-start commands (`npm start`, `npm test`).
# It brings its own Node 22 when the machine's Node is not 22/24, installs the
# workspace, and builds native addons against the Node that will run them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOLS="$ROOT/.tools"

log() { printf '\033[1m[integrations]\033[0m %s\n' "$*" >&2; }

ensure_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [[ "$major" == "22" || "$major" == "24" ]]; then
    return
  fi
  local arch pkg nodedir
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) log "unsupported CPU $(uname -m): install Node 22 yourself"; exit 1 ;;
  esac
  pkg="node-linux-$arch"
  nodedir="$TOOLS/node/node_modules/$pkg"
  if [[ ! -x "$nodedir/bin/node" ]]; then
    log "system Node is $(node --version 2>/dev/null || echo missing); fetching Node 22 into .tools/"
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-save --no-package-lock "$pkg@22" >/dev/null
  fi
  export PATH="$nodedir/bin:$PATH"
  # Native addons must compile against the headers of the Node that runs them.
  NODE_HEADERS_DIR="$nodedir"
  log "using Node $(node --version)"
}

NODE_HEADERS_DIR=""
npm_install() {
  if [[ -n "$NODE_HEADERS_DIR" ]]; then
    npm_config_nodedir="$NODE_HEADERS_DIR" npm "$@"
  else
    npm "$@"
  fi
}

deps_fingerprint() {
  { node --version; cat package.json package-lock.json packages/*/package.json plugins/*/package.json 2>/dev/null || true; } | sha1sum | cut -d' ' -f1
}

ensure_deps() {
  # Several shells may start at once (test runner, start, helpers): install once.
  exec 9>"$ROOT/.tools/install.lock"
  flock 9
  local stamp="node_modules/.integrations-install-stamp"
  local want
  want="$(deps_fingerprint)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    # `npm ci` installs exactly the committed lockfile and never rewrites it.
    log "installing dependencies (npm ci)"
    npm_install ci --no-audit --no-fund
    if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
      log "rebuilding better-sqlite3 for Node $(node --version)"
      npm_install rebuild better-sqlite3
    fi
    deps_fingerprint >"$stamp"
  fi
  flock -u 9
}

mkdir -p "$TOOLS"
ensure_node
ensure_deps

cmd="${1:-start}"
shift || true
case "$cmd" in
  start) exec npx backstage-cli repo start "$@" ;;
  test) exec bash scripts/test-all.sh "$@" ;;
  e2e) exec node e2e/run.mjs "$@" ;;
  bench) exec node --require @backstage/cli/config/nodeTransform.cjs bench/run.ts "$@" ;;
  exec) exec "$@" ;;
  *) log "unknown command: $cmd (start | test | e2e | bench | exec ...)"; exit 2 ;;
esac
