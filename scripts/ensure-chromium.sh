#!/usr/bin/env bash
# End-to-end tests drive the distribution's Chromium (playwright cannot download one here).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then exit 0; fi
if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
  echo "[test] installing Chromium (Debian package chromium)" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "[test] Chromium not found at $CHROMIUM: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
