#!/usr/bin/env bash
# Builds the published plugin packages and packs them as the registry would get them:
# type declarations first (tsc), then `backstage-cli package build`, then `npm pack`
# (whose prepack/postpack scripts point main/exports/types at dist).
# Usage: npm run pack [-- <destination>]   (default: dist-packs/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dest="$(mkdir -p "${1:-dist-packs}" && cd "${1:-dist-packs}" && pwd)"

npx tsc --incremental false
npx backstage-cli repo build

# The repository's LICENSE goes into each tarball (npm takes it from the package folder);
# the copies are removed again, so the tree stays as it was.
copies=()
trap 'rm -f "${copies[@]}"' EXIT
for dir in plugins/*/; do
  if node -e "process.exit(require('./${dir}package.json').private ? 1 : 0)"; then
    cp LICENSE "${dir}LICENSE" && copies+=("${dir}LICENSE")
    (cd "$dir" && npm pack --pack-destination "$dest" --silent >/dev/null)
    echo "packed ${dir%/}"
  fi
done
ls -1 "$dest"
