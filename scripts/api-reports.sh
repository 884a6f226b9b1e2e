#!/usr/bin/env bash
# API reports of the published packages (plugins/*): report*.api.md, made by API Extractor
# through Backstage's repo-tools from the declarations tsc writes to dist-types/.
#   bash scripts/api-reports.sh            write the reports (after a change to an export)
#   bash scripts/api-reports.sh --ci       fail when a committed report differs from the code
#   --skip-tsc                             reuse dist-types/ (the test command's type check wrote it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ci=()
tsc=1
for arg in "$@"; do
  case "$arg" in
    --ci) ci=(--ci) ;;
    --skip-tsc) tsc=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [[ "$tsc" == 1 ]]; then
  rm -rf dist-types
  npx tsc --incremental false
fi

# ae-wrong-input-file-type: other packages' types resolve to their src/*.ts (workspace links);
#   the analysis is the same, but the message names an absolute path, so no report would be stable.
# ae-undocumented: reports mark undocumented members inline already.
if ! npx backstage-repo-tools api-reports "${ci[@]}" \
  --omit-messages ae-wrong-input-file-type,ae-undocumented \
  --validate-release-tags; then
  # repo-tools' own hint names yarn; here it is npm.
  [[ ${#ci[@]} -gt 0 ]] && echo "API reports check failed (see above): \`npm run api-reports\` rewrites the reports; commit them with the change." >&2
  exit 1
fi

# Allowed warnings never include a missing release tag: every export says @public or @alpha.
if grep -l 'ae-missing-release-tag' plugins/*/report*.api.md; then
  echo "Exports above lack a release tag: add /** @public */ (or @alpha) to each declaration." >&2
  exit 1
fi
